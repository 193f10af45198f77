//! Training: a small fixture end to end, linfa extraction, determinism, and
//! the shipped model's reproducibility.

use comment_moderator::model::{Head, Model};
use comment_moderator::text::{CommentInput, Featurizer};
use comment_moderator::training::datasets::Corpus;
use comment_moderator::training::fit::{self, HeadParams, Row};
use comment_moderator::training::recipe::Recipe;
use comment_moderator::training::{Prepared, TrainOutput, card, train};
use linfa::prelude::*;
use ndarray::Array2;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_recipe() -> PathBuf {
    root().join("tests/fixtures/training/recipe.toml")
}

fn probabilities(model: &Model, text: &str) -> (f64, f64) {
    let s = model.score(&model.featurizer().featurize(&CommentInput::text(text)));
    (s.spam.probability, s.abuse.probability)
}

#[test]
fn trains_on_a_small_fixture_and_ranks_new_comments_sensibly() {
    let recipe = Recipe::load(&fixture_recipe()).unwrap();
    let out = train(recipe, Vec::new()).unwrap();
    let model = &out.fitted.model;
    let (spam, _) = probabilities(model, "cheap viagra pills online http://pills.example");
    let (ham, _) = probabilities(model, "the article about the budget debate was interesting");
    assert!(spam > 0.5 && ham < 0.5, "spam {spam}, ham {ham}");
    let (_, abusive) = probabilities(model, "you pathetic moron");
    let (_, civil) = probabilities(model, "could you share a source on the tax plan");
    assert!(abusive > civil, "abusive {abusive}, civil {civil}");
}

#[test]
fn training_is_deterministic() {
    let a = train(Recipe::load(&fixture_recipe()).unwrap(), Vec::new()).unwrap();
    let b = train(Recipe::load(&fixture_recipe()).unwrap(), Vec::new()).unwrap();
    assert_eq!(a.fitted.file.to_bytes(), b.fitted.file.to_bytes());
}

/// The exported ratio table must decide exactly as linfa's own model does.
#[test]
fn exported_weights_reproduce_linfas_predictions() {
    let recipe = Recipe::load(&fixture_recipe()).unwrap();
    let corpus = Corpus::load(&recipe).unwrap();
    let prepared = Prepared::new(recipe, corpus).unwrap();
    let featurizer = Featurizer::default();
    for head in Head::ALL {
        let rows: Vec<Row<'_>> =
            fit::rows_for(&prepared.corpus, &prepared.featurized, &prepared.usable, &prepared.groups, head, |_| true);
        let params = HeadParams { alpha: 0.5, min_df: 1, shrinkage: 0.0, neutral: None, group_baseline: None };
        let fitted = fit::fit_head(head, &rows, &params).unwrap();
        let index: std::collections::HashMap<u64, usize> =
            fitted.vocabulary.iter().enumerate().map(|(i, &h)| (h, i)).collect();
        let samples = [
            "cheap viagra online http://pills.example",
            "i think the sanctions debate matters",
            "you stupid clown",
            "thanks for explaining the tax plan",
            "win a free laptop click here",
            "the budget numbers do not add up",
            "shut up you fool",
            "completely unrelated words here",
        ];
        let mut dense = Array2::<f64>::zeros((samples.len(), fitted.vocabulary.len()));
        let mut ours = Vec::new();
        for (r, text) in samples.iter().enumerate() {
            let features = featurizer.featurize(&CommentInput::text(text));
            let mut llr = 0.0f64;
            for f in features.items() {
                if let Some(&j) = index.get(&f.hash) {
                    dense[[r, j]] = 1.0;
                    llr += f64::from(fitted.raw_llr[j]);
                }
            }
            // linfa's fit on one aggregated row per class gives equal priors.
            ours.push(usize::from(llr > 0.0));
        }
        let linfa_predictions = fitted.linfa.predict(&dense);
        assert_eq!(linfa_predictions.to_vec(), ours, "{head} head");
        let [negative, positive] = fit::feature_log_probs(&fitted.linfa).unwrap();
        for j in 0..fitted.vocabulary.len() {
            assert!((f64::from(fitted.raw_llr[j]) - (positive[j] - negative[j])).abs() < 1e-5);
        }
    }
}

#[test]
fn shrinkage_and_neutral_terms_change_only_what_they_should() {
    assert_eq!(fit::shrink(2.0, 10, 0.0), 2.0);
    assert!((fit::shrink(2.0, 10, 10.0) - 1.0).abs() < 1e-6);
    assert!((fit::shrink(-4.0, 30, 10.0) + 3.0).abs() < 1e-6);

    // Feature 1 names a group, 2 and 3 are `<group>` pairs, 4 a plain word.
    let (mention, pair_hostile, pair_plain, word) = (1u64, 2u64, 3u64, 4u64);
    let sets: [(&[u64], bool); 6] = [
        (&[mention, pair_hostile], true),
        (&[mention, pair_hostile, word], true),
        (&[mention, pair_plain], true),
        (&[mention, pair_plain], false),
        (&[word], false),
        (&[pair_plain, word], false),
    ];
    let rows: Vec<Row<'_>> =
        sets.iter().map(|&(features, label)| Row { features, label, weight: 1.0, group: 0 }).collect();
    let neutral: nohash_hasher::IntSet<u64> = [mention].into_iter().collect();
    let pairs: nohash_hasher::IntSet<u64> = [pair_hostile, pair_plain].into_iter().collect();
    let plain = HeadParams { alpha: 0.5, min_df: 1, shrinkage: 0.0, neutral: None, group_baseline: None };
    let debiased = HeadParams { neutral: Some(&neutral), group_baseline: Some((&pairs, mention)), ..plain };
    let before = fit::fit_head(Head::Abuse, &rows, &plain).unwrap();
    let after = fit::fit_head(Head::Abuse, &rows, &debiased).unwrap();
    let at = |fit: &fit::HeadFit, h: u64| fit.llr[fit.vocabulary.binary_search(&h).unwrap()];
    let baseline = at(&before, mention);
    assert!(baseline > 0.0, "naming the group leans abusive in this data");
    assert_eq!(at(&after, mention), 0.0, "naming a group counts for nothing");
    for pair in [pair_hostile, pair_plain] {
        assert!((at(&after, pair) - (at(&before, pair) - baseline)).abs() < 1e-6, "pairs are measured from naming");
    }
    assert!(at(&after, pair_hostile) > 0.0 && at(&after, pair_plain) < at(&before, pair_plain));
    assert_eq!(at(&after, word), at(&before, word), "other features are untouched");
}

/// The model in `models/` is exactly what `moderator train` makes from the
/// data and recipe in `training/`: it cannot go stale.
#[test]
fn the_shipped_model_is_reproduced_by_the_shipped_recipe_and_data() {
    let recipe = Recipe::load(&root().join("training/recipe.toml")).unwrap();
    let template = std::fs::read_to_string(recipe.resolve(&recipe.card_template)).unwrap();
    let out = train(recipe, Vec::new()).unwrap();
    let shipped = std::fs::read(root().join("models/moderator.model")).unwrap();
    assert!(
        out.fitted.file.to_bytes() == shipped,
        "models/moderator.model is stale: run `cargo run --release -- train` and commit the result"
    );
    let shipped_card = std::fs::read_to_string(root().join("models/README.md")).unwrap();
    assert!(card::model_card(&out, &template) == shipped_card, "models/README.md is stale: retrain");
}

#[test]
fn the_shipped_model_loads_and_meets_the_held_out_targets() {
    let model = Model::load(Path::new(&root().join("models/moderator.model"))).unwrap();
    let auc = &model.header().training.test_roc_auc;
    assert!(auc.spam.unwrap() >= 0.99, "spam ROC-AUC {:?}", auc.spam);
    assert!(auc.abuse.unwrap() >= 0.95, "abuse ROC-AUC {:?}", auc.abuse);
}

/// From feedback where every spam has a website and no ham has one, the
/// bare "website field filled" feature would learn that any commenter with
/// a website is a spammer. It is neutral; the website's own words still
/// count.
#[test]
fn a_filled_website_field_carries_no_weight_even_when_feedback_is_skewed() {
    use comment_moderator::model::PerHead;
    use comment_moderator::training::datasets::Example;
    let example = |content: String, url: Option<&str>, spam: bool| Example {
        source: 0,
        content,
        author_name: None,
        author_email: None,
        author_url: url.map(str::to_string),
        labels: PerHead { spam: Some(spam), abuse: None },
        abuse_parts: None,
        weight: 1.0,
    };
    let mut feedback = Vec::new();
    for i in 0..40 {
        feedback.push(example(
            format!("great post, very informative {i}"),
            Some("https://cheap-loans-online.example/"),
            true,
        ));
        feedback.push(example(format!("the budget vote is next week {i}"), None, false));
    }
    let out = train(Recipe::load(&fixture_recipe()).unwrap(), feedback).unwrap();
    let model = &out.fitted.model;
    let score = |url: Option<&str>| {
        let input =
            CommentInput { content: "the budget vote is next week", author_url: url, ..CommentInput::default() };
        model.score(&model.featurizer().featurize(&input)).spam.raw.llr
    };
    let bare = score(None);
    assert!((score(Some("https://mariakowalska.net/")) - bare).abs() < 1.0, "a reader's own site is not spam");
    assert!(score(Some("https://cheap-loans-online.example/")) > bare + 1.0, "the spam site's words still count");
}

/// Site labels for the site-threshold tests: `per_class` (at most 450)
/// abusive and civil comments about a town council. The classes use
/// different words, except that every `rude_civil_every`-th civil comment
/// opens with the abusive ones' words (`Some(1)`: all of them do).
fn council_labels(
    per_class: usize,
    rude_civil_every: Option<usize>,
) -> Vec<comment_moderator::training::datasets::Example> {
    use comment_moderator::model::PerHead;
    use comment_moderator::training::datasets::Example;
    let subjects = [
        "budget",
        "bus lanes",
        "school plan",
        "housing vote",
        "park",
        "library",
        "tax rise",
        "bridge",
        "water bill",
        "zoning",
        "bike path",
        "police review",
        "market",
        "harbour",
        "recycling",
    ];
    let abusive = ["shut up you pathetic clown about the", "nobody cares you moron, stop whining about the"];
    let civil = ["i respectfully disagree with the council on the", "could someone share the figures for the"];
    let example = |content: String, abuse: bool| Example {
        source: 0,
        content,
        author_name: None,
        author_email: None,
        author_url: None,
        labels: PerHead { spam: None, abuse: Some(abuse) },
        abuse_parts: None,
        weight: 1.0,
    };
    // A word of its own for each comment (seen once, so it carries nothing
    // out of fold): identical comments with opposite labels would be
    // dropped as conflicting duplicates.
    let own_word = |n: usize| {
        let syllables = ["ba", "ke", "di", "mo", "su", "ra", "li", "po", "ne", "tu"];
        format!("{}{}{}", syllables[n / 100 % 10], syllables[n / 10 % 10], syllables[n % 10])
    };
    let pairs = subjects.iter().flat_map(|a| subjects.iter().map(move |b| (a, b)));
    let mut out = Vec::new();
    for (i, (a, b)) in pairs.flat_map(|p| [p, p]).take(per_class).enumerate() {
        let (bad, good) = (abusive[i % 2], civil[i % 2]);
        out.push(example(format!("{bad} {a} and the {b} {}", own_word(2 * i)), true));
        let civil_opening = if rude_civil_every.is_some_and(|n| i % n == 0) { bad } else { good };
        out.push(example(format!("{civil_opening} {a} and the {b} {}", own_word(2 * i + 1)), false));
    }
    out
}

fn train_with_labels(recipe: &Path, labels: Vec<comment_moderator::training::datasets::Example>) -> TrainOutput {
    train(Recipe::load(recipe).unwrap(), labels).unwrap()
}

/// A head with enough labels of each class gets its hold threshold chosen
/// on them (recipe `[site_thresholds]`); with too few, or with the setting
/// off, the whole validation split chooses it.
#[test]
fn a_sites_labels_choose_the_hold_threshold_once_there_are_enough() {
    use comment_moderator::training::fit::Split;
    let enough = train_with_labels(&fixture_recipe(), council_labels(400, Some(25)));
    let header = &enough.fitted.file.header;
    let holds = &header.training.site_holds;
    assert_eq!(holds.len(), 1, "only the abuse head has labels: {holds:?}");
    let site = &holds[0];
    assert_eq!(site.head, Head::Abuse);
    assert!(site.met, "{site:?}");
    // Every abuse label outside the test split, and none inside it.
    let prepared = &enough.prepared;
    let feedback = prepared.source_index(comment_moderator::training::FEEDBACK_SOURCE).unwrap();
    let outside_test = |label: bool| {
        (0..prepared.corpus.examples.len())
            .filter(|&i| {
                let e = &prepared.corpus.examples[i];
                e.source == feedback
                    && prepared.usable.abuse[i]
                    && e.labels.abuse == Some(label)
                    && prepared.splits[i] != Split::Test
            })
            .count() as u64
    };
    assert_eq!((site.positives, site.negatives), (outside_test(true), outside_test(false)));
    assert!(site.negatives >= 250, "a 2% budget needs 250 negatives: {site:?}");
    assert_eq!(header.heads.abuse.thresholds.hold, site.hold);
    assert!(site.hold <= header.heads.abuse.thresholds.reject);
    // The budget is kept with 95% confidence, not on average: fewer held
    // than 2% of the labels.
    let allowed = comment_moderator::training::thresholds::negatives_allowed(site.negatives, 0.02, 0.95).unwrap();
    assert!(allowed < site.negatives / 50, "{allowed} of {}", site.negatives);
    assert!((site.negatives_held * site.negatives as f64).round() as u64 <= allowed, "{site:?}");
    assert_ne!(site.hold, site.validation_hold, "the labels must move the threshold for this test to mean anything");

    // Out-of-fold fits keep training deterministic.
    let again = train_with_labels(&fixture_recipe(), council_labels(400, Some(25)));
    assert_eq!(enough.fitted.file.to_bytes(), again.fitted.file.to_bytes());

    // The same data with the setting off: the threshold the record says
    // the validation split gave.
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/training");
    for file in ["abuse.csv", "spam.csv", "card.md"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).unwrap();
    }
    let recipe = std::fs::read_to_string(fixture.join("recipe.toml")).unwrap()
        + "\n[site_thresholds]\nenabled = false\nmin_labels_per_class = 100\nfolds = 5\nmax_negative_hold_rate = { spam = 0.01, abuse = 0.02 }\n";
    std::fs::write(dir.path().join("recipe.toml"), recipe).unwrap();
    let off = train_with_labels(&dir.path().join("recipe.toml"), council_labels(400, Some(25)));
    assert!(off.fitted.file.header.training.site_holds.is_empty());
    assert_eq!(off.fitted.file.header.heads.abuse.thresholds.hold, site.validation_hold);

    let few = train_with_labels(&fixture_recipe(), council_labels(100, None));
    assert!(few.fitted.file.header.training.site_holds.is_empty(), "80 civil labels are too few for a 2% budget");
}

/// Labels on which no threshold meets the hold targets (abusive and civil
/// comments made of the same words) leave only the reject threshold to
/// act, rather than the public data's hold threshold, which the site's
/// labels have just shown to be wrong for it.
#[test]
fn labels_that_no_threshold_separates_leave_only_rejects() {
    let out = train_with_labels(&fixture_recipe(), council_labels(400, Some(1)));
    let header = &out.fitted.file.header;
    let site = header.training.site_holds.iter().find(|h| h.head == Head::Abuse).expect("enough labels");
    assert!(!site.met, "{site:?}");
    assert_eq!(site.hold, header.heads.abuse.thresholds.reject);
    assert_eq!(header.heads.abuse.thresholds.hold, header.heads.abuse.thresholds.reject);
}
