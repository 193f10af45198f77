//! The feedback loop: labels posted to the API, exported, and used for
//! retraining, which moves the model the way the moderators said.

use crate::helpers::spawn_app;
use comment_moderator::model::Model;
use comment_moderator::text::CommentInput;
use serde_json::json;
use std::process::Command;

fn spam_probability(model: &Model, text: &str) -> f64 {
    model.score(&model.featurizer().featurize(&CommentInput::text(text))).spam.probability
}

/// The summed naive-Bayes evidence for spam (before calibration, so the
/// comparison does not saturate).
fn spam_evidence(model: &Model, text: &str) -> f64 {
    model.score(&model.featurizer().featurize(&CommentInput::text(text))).spam.raw.llr
}

#[tokio::test]
async fn retraining_with_feedback_moves_the_model_towards_the_labels() {
    let app = spawn_app().await;
    let phrases = [
        "recover your lost bitcoin with our certified wallet recovery experts",
        "wallet recovery experts helped me recover stolen bitcoin fast",
        "contact the bitcoin recovery team to recover your wallet today",
        "certified experts recover lost bitcoin and hacked wallet funds",
        "my stolen bitcoin came back thanks to these wallet recovery experts",
        "bitcoin wallet recovery service recover funds from scams",
    ];
    for (i, text) in phrases.iter().cycle().take(30).enumerate() {
        let response = app
            .post_feedback(&json!({"content": format!("{text} #{i}"), "label": "spam", "author": {"email": format!("s{i}@example.ru")}}))
            .await;
        assert_eq!(response.status(), 201);
    }
    for i in 0..10 {
        app.post_feedback(&json!({"content": format!("the sanctions debate continues, comment {i}"), "label": "ham"}))
            .await;
    }

    let binary = env!("CARGO_BIN_EXE_moderator");
    let recipe = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/training/recipe.toml");
    let out = tempfile::tempdir().unwrap();
    // The labels as an operator would export them.
    let export = Command::new(binary)
        .args(["feedback", "export", "--format", "jsonl", "--data-dir"])
        .arg(app.data_dir.path())
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8(export.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 40);
    assert!(lines.iter().all(|l| { l["author_email_hash"].as_str().is_none_or(|h| !h.contains('@')) }));
    let csv = Command::new(binary)
        .args(["feedback", "export", "--format", "csv", "--data-dir"])
        .arg(app.data_dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(csv.stdout).unwrap().lines().count(), 41, "header plus one line per label");

    let train = |with_feedback: bool, name: &str| {
        let model = out.path().join(format!("{name}.model"));
        let card = out.path().join(format!("{name}.md"));
        let mut cmd = Command::new(binary);
        cmd.args(["train", "--recipe", recipe, "--out"]).arg(&model).arg("--card").arg(&card);
        if with_feedback {
            cmd.arg("--with-feedback").arg("--data-dir").arg(app.data_dir.path());
        }
        let status = cmd.output().unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        (Model::load(&model).unwrap(), std::fs::read_to_string(card).unwrap())
    };
    let (before, _) = train(false, "before");
    let (after, _) = train(true, "after");
    assert_eq!(after.header().training.feedback_labels, 40);
    assert!(after.header().training.examples.contains_key("moderator-feedback"));
    let unseen = "experts can recover your stolen bitcoin wallet";
    let (e_before, e_after) = (spam_evidence(&before, unseen), spam_evidence(&after, unseen));
    assert!(e_after > e_before + 2.0, "spam evidence {e_before} -> {e_after}");
    let ham_before = spam_evidence(&before, "the sanctions debate continues in parliament");
    let ham_after = spam_evidence(&after, "the sanctions debate continues in parliament");
    assert!(ham_after < ham_before, "ham evidence {ham_before} -> {ham_after}");
    let civil = "the sanctions debate continues in parliament";
    assert!(spam_probability(&after, civil) < 0.5);

    // `eval --with-feedback` measures the same training, and tries the
    // public data alone on the labels (their leave-one-out fold).
    let report = out.path().join("eval.md");
    let eval = Command::new(binary)
        .args(["eval", "--recipe", recipe, "--hand-sets", "training/eval", "--report"])
        .arg(&report)
        .arg("--with-feedback")
        .arg("--data-dir")
        .arg(app.data_dir.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(eval.status.success(), "{}", String::from_utf8_lossy(&eval.stderr));
    let report = std::fs::read_to_string(report).unwrap();
    assert!(report.contains("| moderator-feedback | spam | 30 | 10 |"), "{report}");
}
