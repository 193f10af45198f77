//! Training: a small fixture end to end, linfa extraction, determinism, and
//! the shipped model's reproducibility.

use comment_moderator::model::{Head, Model};
use comment_moderator::text::{CommentInput, Featurizer};
use comment_moderator::training::datasets::Corpus;
use comment_moderator::training::fit::{self, HeadParams, Row};
use comment_moderator::training::recipe::Recipe;
use comment_moderator::training::{Prepared, card, train};
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
