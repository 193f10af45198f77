//! Normalize → tokenize → featurize → score on arbitrary bytes: must never
//! panic, must stay within its bounds, and normalization must be
//! idempotent.
#![no_main]

use comment_moderator::model::Model;
use comment_moderator::text::{CommentInput, normalize, tokenize};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../models/moderator.model");
        Model::load(std::path::Path::new(path)).expect("the shipped model loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = normalize(&text, 4096);
    let twice = normalize(&once.text, usize::MAX);
    assert_eq!(once.text, twice.text, "normalization is not idempotent");
    assert!(once.text.len() <= 20 * text.len().min(4096) + 4);
    let tokens = tokenize(&once, 256);
    assert!(tokens.tokens.len() <= 256);
    // The shipped model's own settings: its word classes and phrases too.
    let featurizer = model().featurizer();
    let (name, url) = text.split_at(text.len() / 2.max(1) * usize::from(text.is_char_boundary(text.len() / 2)));
    let features = featurizer.featurize(&CommentInput {
        content: &text,
        author_name: Some(name),
        author_email: Some(url),
        author_url: Some(url),
    });
    let scores = model().score(&features);
    for p in [scores.spam.probability, scores.abuse.probability] {
        assert!((0.0..=1.0).contains(&p), "probability {p}");
    }
    for head in comment_moderator::model::Head::ALL {
        for e in model().evidence(&features, head, 5) {
            if let Some((s, e)) = e.normalized_span {
                let (b, end) = features.normalized.original_range(&text, s, e);
                assert!(b <= end && end <= text.len() && text.is_char_boundary(b) && text.is_char_boundary(end));
            }
        }
    }
});
