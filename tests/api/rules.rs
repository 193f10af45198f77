//! The rules beside the model, through HTTP, alone and combined.

use crate::helpers::{API_KEY, reason_codes, spawn_app, spawn_app_with};
use serde_json::json;

fn form(comment: &str, extra: &str) -> String {
    format!("comment={}&author=Reader&email=reader%40example.com{extra}", urlencode(comment))
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn decide(app: &crate::helpers::TestApp, body: &str) -> serde_json::Value {
    let response = app.post_form("/v1/moderate", body).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn two_links_hold_like_wordpress() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let one = decide(&app, &form("Background: https://en.wikipedia.org/wiki/Vostochny_Cosmodrome", "")).await;
    assert!(!reason_codes(&one).contains(&"too_many_links".to_string()), "{one}");
    let two =
        decide(&app, &form("See https://en.wikipedia.org/wiki/Kim_Jong_Un and https://www.reuters.com/world/", ""))
            .await;
    assert_eq!(two["decision"], "hold", "{two}");
    let reason =
        two["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "too_many_links").expect("too_many_links");
    assert!(reason["message"].as_str().unwrap().contains("2 links"), "{reason}");
}

#[tokio::test]
async fn blocked_words_reject_and_suspect_words_hold_even_disguised() {
    let dir = tempfile::tempdir().unwrap();
    let blocked = dir.path().join("blocked.txt");
    let suspect = dir.path().join("suspect.txt");
    std::fs::write(&blocked, "# test list\nviagra\n").unwrap();
    std::fs::write(&suspect, "crypto recovery\n").unwrap();
    let app = spawn_app_with(|s| {
        s.policy.blocked_words_files = vec![blocked.clone()];
        s.policy.suspect_words_files = vec![suspect.clone()];
    })
    .await;
    let d = decide(&app, &form("my friend sells v-i-a-g-r-a", "")).await;
    assert_eq!(d["decision"], "reject");
    let r = d["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "blocked_word").expect("blocked_word");
    assert!(r["message"].as_str().unwrap().contains("viagra"));
    let d = decide(&app, &form("Need CRYPTO... Recovery? ask me", "")).await;
    assert!(reason_codes(&d).contains(&"suspect_word".to_string()), "{d}");
    assert_ne!(d["decision"], "accept");
}

#[tokio::test]
async fn a_filled_honeypot_rejects() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let d = decide(&app, &form("A perfectly normal comment.", "&hp_website=http%3A%2F%2Fbot.example")).await;
    assert_eq!(d["decision"], "reject");
    let r = d["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "honeypot").expect("honeypot");
    assert!(r["message"].as_str().unwrap().contains("hp_website"));
    let d = decide(&app, &form("Another normal comment.", "&hp_website=")).await;
    assert_eq!(d["decision"], "accept", "an empty honeypot is what people send");
}

#[tokio::test]
async fn too_fast_submissions_are_held() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let d = decide(&app, &form("Quick thoughts on the summit.", &format!("&rendered_at={}", now - 1))).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(reason_codes(&d).contains(&"too_fast".to_string()));
    let d = decide(&app, &form("Slow thoughts on the summit.", &format!("&rendered_at={}", now - 60))).await;
    assert_eq!(d["decision"], "accept", "{d}");
    let d = app.moderate(&json!({"content": "JSON says fast", "form": {"rendered_at": now}})).await;
    assert!(reason_codes(&d).contains(&"too_fast".to_string()), "{d}");
}

#[tokio::test]
async fn the_same_comment_twice_on_one_article_is_a_duplicate() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let body = form("I said this once.", "&comment_post_ID=7");
    assert_eq!(decide(&app, &body).await["decision"], "accept");
    let again = decide(&app, &body).await;
    assert_eq!(again["decision"], "reject");
    assert!(reason_codes(&again).contains(&"duplicate".to_string()));
    // Another article is not a duplicate.
    let other = decide(&app, &form("I said this once.", "&comment_post_ID=8")).await;
    assert_eq!(other["decision"], "accept");
}

#[tokio::test]
async fn posting_again_within_the_flood_window_holds() {
    let app = spawn_app().await;
    let first = app.moderate(&json!({"content": "First thought.", "author": {"email": "fast@example.com"}})).await;
    assert_eq!(first["decision"], "accept");
    let second = app.moderate(&json!({"content": "Second thought.", "author": {"email": "fast@example.com"}})).await;
    assert_eq!(second["decision"], "hold");
    assert!(reason_codes(&second).contains(&"flood".to_string()));
    let by_ip = app.moderate(&json!({"content": "Different person, same IP?", "author": {"ip": "198.51.100.1"}})).await;
    assert_eq!(by_ip["decision"], "accept");
    let by_ip = app.moderate(&json!({"content": "Again from that IP", "author": {"ip": "198.51.100.1"}})).await;
    assert!(reason_codes(&by_ip).contains(&"flood".to_string()));
}

#[tokio::test]
async fn trusted_authors_pass_weak_signals_only() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let two_links =
        "Sources: https://en.wikipedia.org/wiki/Kim_Jong_Un and https://www.reuters.com/world/asia-pacific/";
    let author = json!({"name": "Regular", "email": "regular@example.com"});
    let before = app.moderate(&json!({"content": two_links, "author": author})).await;
    assert_eq!(before["decision"], "hold");
    // A moderator approves one of their comments.
    let response =
        app.post_feedback(&json!({"content": "An earlier comment.", "author": author, "label": "ham"})).await;
    assert_eq!(response.status(), 201);
    let after = app.moderate(&json!({"content": format!("{two_links} (again)"), "author": author})).await;
    assert_eq!(after["decision"], "accept", "{after}");
    assert_eq!(reason_codes(&after)[0], "trusted_author");
    // A strong signal is not forgiven.
    let spam = app
        .moderate(&json!({"content": "Buy cheap viagra online without prescription, best price, no rx needed http://pills.example http://pills2.example", "author": author}))
        .await;
    assert_ne!(spam["decision"], "accept", "{spam}");
    // A spam label withdraws trust.
    app.post_feedback(&json!({"content": "spammy thing", "author": author, "label": "spam"})).await;
    let later = app.moderate(&json!({"content": format!("{two_links} (third)"), "author": author})).await;
    assert_eq!(later["decision"], "hold");
    let _ = API_KEY;
}

#[tokio::test]
async fn rules_combine_and_every_reason_is_listed_worst_first() {
    let app = spawn_app().await;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let body = form(
        "links https://a.example.com/x and https://b.example.org/y",
        &format!("&rendered_at={now}&hp_website=filled"),
    );
    let d = decide(&app, &body).await;
    assert_eq!(d["decision"], "reject");
    let codes = reason_codes(&d);
    assert_eq!(codes[0], "honeypot", "{codes:?}");
    for code in ["too_many_links", "too_fast"] {
        assert!(codes.contains(&code.to_string()), "{codes:?}");
    }
    for reason in d["reasons"].as_array().unwrap() {
        assert!(!reason["message"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn every_hold_or_reject_carries_a_reason() {
    let app = spawn_app().await;
    for text in [
        "You are an idiot",
        "Buy viagra now http://x.example",
        "Fine comment",
        "WIN A FREE IPHONE!!! click http://bit.ly/abc",
    ] {
        let d = app.moderate(&json!({ "content": text })).await;
        if d["decision"] != "accept" {
            assert!(!d["reasons"].as_array().unwrap().is_empty(), "{d}");
        }
    }
}

#[tokio::test]
async fn anonymous_identical_comments_are_not_duplicates() {
    let app = spawn_app().await;
    for _ in 0..2 {
        let d = app.moderate(&json!({"content": "Thanks for the article!", "article": {"id": 5}})).await;
        assert_eq!(d["decision"], "accept", "{d}");
    }
}

#[tokio::test]
async fn akismet_rechecks_and_coral_edits_do_not_trip_the_memory_rules() {
    let app = spawn_app().await;
    let body = format!(
        "api_key={}&blog=https%3A%2F%2Fnews.example%2F&user_ip=203.0.113.77&comment_author=Ann&comment_author_email=ann%40example.com&comment_content=A+calm+remark+on+sanctions.",
        crate::helpers::API_KEY
    );
    assert_eq!(app.post_form("/1.1/comment-check", &body).await.text().await.unwrap(), "false");
    let recheck = app.post_form("/1.1/comment-check", &format!("{body}&recheck_reason=edit")).await;
    assert_eq!(recheck.text().await.unwrap(), "false", "a recheck is not a duplicate or a flood");
    let retry = app.post_form("/1.1/comment-check", &body).await;
    assert_eq!(retry.text().await.unwrap(), "true", "a second live check is");
}

#[tokio::test]
async fn an_advertising_author_is_held_even_with_a_bland_comment() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    // The WordPress reply form of an SEO link drop: the text says nothing,
    // the name is the anchor text of the backlink.
    let body = format!(
        "comment={}&author=Best+CBD+Oil&email=sales%40cbd-oil-bestdeals.store&url=https%3A%2F%2Fcbd-oil-bestdeals.store%2F",
        urlencode("Great post, thanks for sharing!")
    );
    let d = decide(&app, &body).await;
    assert_eq!(d["decision"], "hold", "{d}");
    let r = d["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "commercial_author").expect("reason");
    assert!(r["message"].as_str().unwrap().contains("\"cbd\""), "{r}");

    // The same comment from a person with a personal site is no commercial
    // author's. Its stock praise with a website is held all the same: the
    // known cost of `praise_with_link`, forgiven once she is trusted.
    let body = format!(
        "comment={}&author=Anna+Kowalski&email=anna%40example.com&url=https%3A%2F%2Fannakowalski.net%2F",
        urlencode("Great post, thanks for sharing!")
    );
    let d = decide(&app, &body).await;
    assert_eq!(reason_codes(&d), ["praise_with_link"], "{d}");
    // Words of her own pass.
    let body = format!(
        "comment={}&author=Anna+Kowalski&email=anna%40example.com&url=https%3A%2F%2Fannakowalski.net%2F",
        urlencode("I watched the launch from Tsiolkovsky; the road was closed for a day.")
    );
    let d = decide(&app, &body).await;
    assert_eq!(d["decision"], "accept", "{d}");

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.commercial_author = false;
    })
    .await;
    let body = format!("comment={}&author=Best+CBD+Oil&email=a%40example.com", urlencode("Great post!"));
    assert!(!reason_codes(&decide(&off, &body).await).contains(&"commercial_author".to_string()));
}

#[tokio::test]
async fn stock_praise_that_brings_a_website_is_held_until_its_author_is_trusted() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    // A made-up person, a compliment that fits any page, and a link: the
    // commercial-author rule has nothing to read here.
    let author =
        json!({"name": "Jessica Miller", "email": "jess@example.com", "url": "https://homedecorvista.example/"});
    let praise = "Great article, very informative. Bookmarked for later!";
    let d = app.moderate(&json!({"content": praise, "author": author})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert_eq!(reason_codes(&d), ["praise_with_link"]);
    let r = &d["reasons"][0];
    assert!(r["message"].as_str().unwrap().contains("website"), "{r}");

    // The same words from a reader who gives no website pass.
    let reader = json!({"name": "Jessica Miller", "email": "jess2@example.com"});
    assert_eq!(app.moderate(&json!({"content": praise, "author": reader})).await["decision"], "accept");

    // A weak signal: once a moderator has approved the author, it passes.
    let response =
        app.post_feedback(&json!({"content": "An earlier comment.", "author": author, "label": "ham"})).await;
    assert_eq!(response.status(), 201);
    let again = app.moderate(&json!({"content": "Great post, thanks for sharing!", "author": author})).await;
    assert_eq!(again["decision"], "accept", "{again}");
    assert_eq!(reason_codes(&again)[0], "trusted_author");

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.praise_with_link = false;
    })
    .await;
    assert_eq!(off.moderate(&json!({"content": praise, "author": author})).await["decision"], "accept");
}

#[tokio::test]
async fn a_spam_score_holds_only_a_comment_that_sends_readers_somewhere() {
    let money_talk = "War is great business for arms manufacturers. Their share prices jumped the week the invasion started. Just saying.";
    // Without the payload requirement the spam head holds this reader's
    // comment: money words are what it learned spam from.
    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.spam_hold_needs_payload = false;
    })
    .await;
    let d = off.moderate(&json!({"content": money_talk})).await;
    assert_eq!(reason_codes(&d), ["spam_score"], "{d}");
    assert_eq!(d["decision"], "hold", "{d}");

    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let d = app.moderate(&json!({"content": money_talk})).await;
    assert_eq!(d["decision"], "accept", "{d}");
    // Given somewhere to go, the same words are held: an advertiser's
    // website, or a contact channel written to dodge link detection.
    // (Held as a payload's comment is: not by the payload-free path, which
    // would say it sends readers nowhere.)
    let author = json!({"name": "Mark", "url": "https://mark-invests.example/"});
    for d in [
        app.moderate(&json!({"content": money_talk, "author": author})).await,
        app.moderate(&json!({"content": format!("{money_talk} Signals on Telegram @markvip")})).await,
    ] {
        assert_eq!(reason_codes(&d), ["spam_score"], "{d}");
        assert!(!d["reasons"][0]["message"].as_str().unwrap().contains("nowhere"), "{d}");
    }
    // A reader's own site is not somewhere spam sends readers.
    let reader = json!({"name": "Maria", "url": "https://mariakowalska.net/"});
    let d = app.moderate(&json!({"content": money_talk, "author": reader})).await;
    assert_eq!(d["decision"], "accept", "{d}");
}

#[tokio::test]
async fn a_comment_in_another_language_is_rejected_on_a_score_only_with_a_link_or_contact() {
    // The spam head, trained on English, scores this reader's French very
    // high (text-message spam taught it "téléphone" and "vous").
    let french = "Merci pour le nouveau site, c'est beaucoup plus lisible sur téléphone. Par contre, les photos des \
                  galeries ne s'affichent plus en plein écran sur Firefox. Je vous lis depuis 2011, continuez comme ça !";
    let author = json!({"name": "Claire", "url": "https://claire-dubois-photo.fr/"});
    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.model_languages = Vec::new();
    })
    .await;
    let d = off.moderate(&json!({"content": french, "author": author})).await;
    assert_eq!(d["decision"], "reject", "{d}");

    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let d = app.moderate(&json!({"content": french, "author": author})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(d["reasons"][0]["message"].as_str().unwrap().contains("in French"), "{d}");
    // With a link in the text, the same score rejects: a link reads the
    // same in any language.
    let d = app.moderate(&json!({"content": format!("{french} https://galeries-photo-pas-cher.example/promo")})).await;
    assert_eq!(d["decision"], "reject", "{d}");
}

#[tokio::test]
async fn hate_in_ordinary_words_is_held_even_from_a_trusted_author() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let author = json!({"name": "Gary", "email": "gary@example.com"});
    let response =
        app.post_feedback(&json!({"content": "An earlier comment.", "author": author, "label": "ham"})).await;
    assert_eq!(response.status(), 201);
    let hate = "Asylum seekers are scroungers and liars. Lock them in camps until they beg to leave.";
    let d = app.moderate(&json!({"content": hate, "author": author})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(reason_codes(&d).contains(&"identity_attack".to_string()), "{d}");
    assert!(!reason_codes(&d).contains(&"trusted_author".to_string()), "{d}");
    // The same group, spoken of civilly, passes.
    let civil = "Asylum seekers waited for months in camps near the border before their cases were heard.";
    assert_eq!(app.moderate(&json!({"content": civil, "author": author})).await["decision"], "accept");
    // Shapes the model scores low: a slogan, each one of a plural, a trope
    // asked only by the writer's own tag.
    for hate in
        ["Immigrants = crime.", "Every last one of those immigrants is a rapist.", "Hitler was right, wasn't he?"]
    {
        let d = app.moderate(&json!({"content": hate})).await;
        assert!(reason_codes(&d).contains(&"identity_attack".to_string()), "{hate}: {d}");
    }

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.identity_attack = false;
    })
    .await;
    let d = off.moderate(&json!({"content": hate})).await;
    assert!(!reason_codes(&d).contains(&"identity_attack".to_string()), "{d}");
}

#[tokio::test]
async fn words_quoted_to_condemn_them_are_not_the_writers() {
    let app = spawn_app().await;
    // Counter-speech: the hostile words are a candidate's, quoted.
    let quoted = "Hearing a candidate call Mexicans \"rapists and criminals\" on stage should have ended his campaign.";
    let d = app.moderate(&json!({"content": quoted})).await;
    assert_eq!(d["decision"], "accept", "{d}");
    // The same words as the writer's own are held, and so is profanity
    // in quotation marks.
    let own = "Mexicans are rapists and criminals, and I call them \"rapists\" because that is what they are.";
    assert_eq!(app.moderate(&json!({"content": own})).await["decision"], "hold");
    let profane = "She called him a \"stupid bitch\" in front of the whole class.";
    assert_ne!(app.moderate(&json!({"content": profane})).await["decision"], "accept");
    // A mention never raises the abuse score: the quoted words of a civil
    // comment count as they did.
    let civil = "How many Ukrainian kids have to die before people stop calling this a 'special military operation'?";
    let with_mentions = app.moderate(&json!({"content": civil})).await["scores"]["abuse"].as_f64().unwrap();
    let off = spawn_app_with(|s| s.policy.quoted_mentions = false).await;
    assert_eq!(off.moderate(&json!({"content": quoted})).await["decision"], "hold");
    let without = off.moderate(&json!({"content": civil})).await["scores"]["abuse"].as_f64().unwrap();
    assert!(with_mentions <= without, "{with_mentions} > {without}");
    // And it lowers the score where the quoted words are what the model
    // read as abuse.
    let condemned = "Calling all Muslims \"terrorists\" after an attack is exactly what the attacker wanted.";
    let abuse = |d: serde_json::Value| d["scores"]["abuse"].as_f64().unwrap();
    let (lowered, read) = (
        abuse(app.moderate(&json!({"content": condemned})).await),
        abuse(off.moderate(&json!({"content": condemned})).await),
    );
    assert!(lowered < read, "{lowered} >= {read}");
    // A label reported without quotation marks, in the past; what "people
    // call" a group now is not read as a report.
    let reported = "The Nazis called Jews vermin before they murdered them.";
    assert_eq!(app.moderate(&json!({"content": reported})).await["decision"], "accept");
    assert_eq!(off.moderate(&json!({"content": reported})).await["decision"], "hold");
    let claimed = "People call Jews parasites. Look at who owns the banks.";
    assert_eq!(app.moderate(&json!({"content": claimed})).await["decision"], "hold");
}

#[tokio::test]
async fn a_threat_to_the_reader_is_held_even_from_a_trusted_author() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let author = json!({"name": "Gary", "email": "gary@example.com"});
    let response =
        app.post_feedback(&json!({"content": "An earlier comment.", "author": author, "label": "ham"})).await;
    assert_eq!(response.status(), 201);
    // The model alone accepts this: its words are a news report's.
    let threat = "Keep posting this garbage and I hope someone kills you.";
    let d = app.moderate(&json!({"content": threat, "author": author})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(reason_codes(&d).contains(&"threat".to_string()), "{d}");
    assert!(!reason_codes(&d).contains(&"trusted_author".to_string()), "{d}");
    let report = "A drone strike killed eleven people in the village, the UN said.";
    assert_eq!(app.moderate(&json!({"content": report, "author": author})).await["decision"], "accept");

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.threat = false;
    })
    .await;
    let d = off.moderate(&json!({"content": threat})).await;
    assert!(!reason_codes(&d).contains(&"threat".to_string()), "{d}");
}

/// A death wish on the people in the story is held; the report of a
/// killing and the death-penalty argument beside it are not; the setting
/// turns only this form off.
#[tokio::test]
async fn a_call_to_kill_someone_else_is_held_and_its_report_is_not() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let wish = "Forget sanctions. Someone should put a bullet in his head and be done with it.";
    let d = app.moderate(&json!({"content": wish})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    let threat = d["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "threat").expect("threat");
    assert!(threat["message"].as_str().unwrap().contains("put a bullet in his head"), "{d}");
    // The call addressed to anyone, and a name's call ended by a simile.
    // ... and killing or intimidation in other words.
    for call in [
        "Someone shoot the journalist who wrote this trash.",
        "Putin should be strung up like Mussolini.",
        "Someone should take out the mayor.",
        "I hope someone shoots him.",
        "I know where this reporter lives.",
    ] {
        let d = app.moderate(&json!({"content": call})).await;
        assert!(reason_codes(&d).contains(&"threat".to_string()), "{call}: {d}");
    }
    for civil in [
        "Someone put a bullet in his head in 1994 and the case was never solved.",
        "Many people think he should be shot; I think he should stand trial in The Hague.",
        "Someone shoot me an email when the transcript is out.",
        "Ukraine should take out the Kerch bridge.",
        "Police say the man wrote \"I know where you live\" to the journalist.",
    ] {
        let d = app.moderate(&json!({"content": civil})).await;
        assert!(!reason_codes(&d).contains(&"threat".to_string()), "{civil}: {d}");
    }

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.threat_others = false;
    })
    .await;
    let d = off.moderate(&json!({"content": wish})).await;
    assert!(!reason_codes(&d).contains(&"threat".to_string()), "{d}");
    let at_reader = off.moderate(&json!({"content": "Keep posting this garbage and I hope someone kills you."})).await;
    assert!(reason_codes(&at_reader).contains(&"threat".to_string()), "{at_reader}");
}

#[tokio::test]
async fn phone_numbers_and_addresses_in_the_comment_are_held_unechoed() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let d = decide(&app, &form("Need someone to take your online class? WhatsApp +1 (555) 016-7710", "")).await;
    assert_ne!(d["decision"], "accept", "{d}");
    let r = d["reasons"].as_array().unwrap().iter().find(|r| r["code"] == "contact_details").expect("reason");
    assert_eq!(r["message"], "the comment contains a phone number");
    assert!(!d.to_string().contains("016-7710"), "the number is never echoed: {d}");

    let civil = decide(&app, &form("Around 30000-100000 people fled the shelling in 2022-2023.", "")).await;
    assert!(!reason_codes(&civil).contains(&"contact_details".to_string()), "{civil}");
}

#[tokio::test]
async fn links_that_hide_their_target_are_held() {
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    // The model alone accepts this: a compliment and one link.
    let shortened = "Love how you broke this down step by step. More on the same subject: https://bit.ly/3xQ9aLm";
    let d = decide(&app, &form(shortened, "")).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(reason_codes(&d).contains(&"hidden_link".to_string()), "{d}");
    let source =
        decide(&app, &form("The full statement: https://www.kremlin.ru/events/president/news/72259", "")).await;
    assert!(!reason_codes(&source).contains(&"hidden_link".to_string()), "{source}");

    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.hold_hidden_links = false;
    })
    .await;
    let d = decide(&off, &form(shortened, "")).await;
    assert!(!reason_codes(&d).contains(&"hidden_link".to_string()), "{d}");
}

#[tokio::test]
async fn padding_that_pushes_the_payload_past_what_is_read_is_held() {
    let app = spawn_app().await;
    let payload = "Buy cheap viagra online without prescription http://cheap-pills.example/buy";
    for padding in ["x ".repeat(2_001), "\n".repeat(20_001), "\u{200B}".repeat(7_000)] {
        let d = app.moderate(&json!({"content": format!("{padding}{payload}")})).await;
        assert_eq!(d["decision"], "hold", "{:?}: {d}", &padding[..3]);
        assert!(reason_codes(&d).contains(&"too_long".to_string()), "{d}");
        assert_eq!(d["truncated"], true);
    }
    // A long comment that fits is not held for its length.
    let fits = app.moderate(&json!({"content": "The sanctions regime is failing. ".repeat(100)})).await;
    assert!(!reason_codes(&fits).contains(&"too_long".to_string()), "{fits}");

    let off = spawn_app_with(|s| s.policy.hold_truncated = false).await;
    let d = off.moderate(&json!({"content": format!("{}{payload}", "x ".repeat(2_001))})).await;
    assert!(!reason_codes(&d).contains(&"too_long".to_string()), "{d}");
}

#[tokio::test]
async fn text_reversed_by_a_bidi_override_is_held() {
    let app = spawn_app().await;
    let spoofed = "\u{202E}toidi citehtap a era uoY\u{202C}";
    let d = app.moderate(&json!({"content": spoofed})).await;
    assert_eq!(d["decision"], "hold", "{d}");
    assert!(reason_codes(&d).contains(&"bidi_override".to_string()), "{d}");
    // Right-to-left text needs no override, and one around it only
    // restates its direction.
    for civil in [
        "שלום, this is a fine article about Kim's visit.",
        "Quote from Haaretz: \u{202E}שלום עולם\u{202C}, a great piece.",
    ] {
        let d = app.moderate(&json!({"content": civil})).await;
        assert!(!reason_codes(&d).contains(&"bidi_override".to_string()), "{d}");
    }
    let off = spawn_app_with(|s| s.policy.hold_bidi_overrides = false).await;
    let d = off.moderate(&json!({"content": spoofed})).await;
    assert!(!reason_codes(&d).contains(&"bidi_override".to_string()), "{d}");
}

#[tokio::test]
async fn mild_swearing_at_a_situation_passes_and_at_someone_is_held() {
    let civil =
        "If North Korean munitions are still reaching the front, what the hell are the sanctions actually achieving?";
    let app = spawn_app_with(|s| s.policy.flood_window_seconds = 0).await;
    let d = decide(&app, &form(civil, "")).await;
    assert_eq!(d["decision"], "accept", "{d}");
    for aimed in ["Go to hell, nobody asked you.", "What the hell would you know, you're a paid troll."] {
        let d = decide(&app, &form(aimed, "")).await;
        assert_eq!(d["decision"], "hold", "{aimed}: {d}");
        assert!(reason_codes(&d).contains(&"abuse_score".to_string()), "{d}");
    }
    // An empty list leaves the model's score as it is: the shipped model
    // alone holds the civil comment.
    let off = spawn_app_with(|s| {
        s.policy.flood_window_seconds = 0;
        s.policy.mild_swearing_words.clear();
    })
    .await;
    let d = decide(&off, &form(civil, "")).await;
    assert_eq!(d["decision"], "hold", "{d}");
}
