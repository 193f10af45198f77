//! Hot-path benchmarks: normalize + tokenize + featurize + score one
//! comment (short, typical, long), the full decision (model and rules), and
//! how scoring time grows with comment length.
//!
//! `cargo bench --bench scoring` (results: BENCHMARKS.md).

use comment_moderator::config::Settings;
use comment_moderator::domain::{CommentDraft, FieldNames};
use comment_moderator::model::Model;
use comment_moderator::moderator::{ModerateOptions, Moderator};
use comment_moderator::privacy::PrivacyHasher;
use comment_moderator::text::{CommentInput, Features};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;

const SHORT: &str = "Putin needs the shells. Kim needs the cash.";
/// A typical news comment: about 300 characters.
const TYPICAL: &str = "Russia buying artillery shells from North Korea says more about how the war is going than any \
    press release from the Kremlin. Sanctions were supposed to stop exactly this kind of deal, yet here we are, \
    with two heavily sanctioned states trading weapons for food, fuel and satellite know-how in plain sight.";

/// A comment of the same length that names groups of people (each naming
/// adds the `<group>` features).
const MENTION: &str = "Calling all Muslims \"terrorists\" after an attack is exactly what the attacker wanted. My \
     neighbours went to the vigil with flowers, and the imam spoke about the victims by name. Stop handing him \
     the reaction he was after; the people who did this want us divided, and every comment like that helps them.";

/// A comment of the same length that swears at a situation (scored a second
/// time without its swear words' own weight).
const SWEARING: &str = "If North Korean munitions are still reaching the front, what the hell are the sanctions \
    actually achieving? Damn, three years of packages and the shells still roll in by train. Somebody in Brussels \
    should explain where the loopholes are, because from here the whole regime looks like a bloody sieve.";

const GROUPS: &str = "North Korean workers are being sent to Russian factories while Ukrainian refugees \
    wait for visas. Muslims, Christians and Jews in the region all describe the same fear, and immigrants here \
    say the same thing: the war decides everything, and ordinary people are the ones who pay for it.";

fn model() -> Model {
    Model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models/moderator.model")).expect("the shipped model loads")
}

/// About `len` bytes of comment text.
fn comment_of(len: usize) -> String {
    let mut s = String::with_capacity(len + TYPICAL.len());
    while s.len() < len {
        s.push_str(TYPICAL);
        s.push(' ');
    }
    s.truncate(s.floor_char_boundary(len));
    s
}

fn scoring(c: &mut Criterion) {
    let model = model();
    let long = comment_of(5_000);
    let mut group = c.benchmark_group("score_one_comment");
    for (name, text) in
        [("short_43", SHORT), ("typical_300", TYPICAL), ("groups_300", GROUPS), ("long_5000", long.as_str())]
    {
        group.throughput(Throughput::Bytes(text.len() as u64));
        // Reused buffers, as a server worker does.
        let mut features = Features::default();
        group.bench_function(name, |b| {
            b.iter(|| {
                model.featurizer().featurize_into(&CommentInput::text(black_box(text)), &mut features);
                black_box(model.score(&features))
            })
        });
    }
    group.finish();
}

fn decision(c: &mut Criterion) {
    let mut settings = Settings::default();
    settings.model.path = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/moderator.model");
    let moderator = Moderator::new(&settings, PrivacyHasher::with_key(b"bench")).unwrap();
    let comment = CommentDraft {
        content: Some(TYPICAL.into()),
        author_name: Some("Jan Novák".into()),
        author_email: Some("jan@example.com".into()),
        author_url: Some("https://jan.example.org".into()),
        author_ip: Some("203.0.113.7".into()),
        ..Default::default()
    }
    .validate(FieldNames::JSON, false)
    .unwrap();
    c.bench_function("full_decision_typical_300", |b| {
        b.iter(|| black_box(moderator.moderate(black_box(&comment), ModerateOptions { remember: false })))
    });
    // Counter-speech with a quoted mention: the abuse head scores the
    // comment a second time with the mention blanked out.
    let mention =
        CommentDraft { content: Some(MENTION.into()), ..Default::default() }.validate(FieldNames::JSON, false).unwrap();
    c.bench_function("full_decision_mention_300", |b| {
        b.iter(|| black_box(moderator.moderate(black_box(&mention), ModerateOptions { remember: false })))
    });
    let swearing = CommentDraft { content: Some(SWEARING.into()), ..Default::default() }
        .validate(FieldNames::JSON, false)
        .unwrap();
    c.bench_function("full_decision_swearing_300", |b| {
        b.iter(|| black_box(moderator.moderate(black_box(&swearing), ModerateOptions { remember: false })))
    });
}

fn scaling(c: &mut Criterion) {
    let model = model();
    let mut group = c.benchmark_group("score_by_length");
    for len in [100usize, 300, 1_000, 3_000, 10_000, 20_000, 40_000, 65_000] {
        let text = comment_of(len);
        let mut features = Features::default();
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::from_parameter(len), &text, |b, text| {
            b.iter(|| {
                model.featurizer().featurize_into(&CommentInput::text(black_box(text)), &mut features);
                black_box(model.score(&features))
            })
        });
    }
    group.finish();
}

/// The stages of the pipeline on the typical comment, to see where time goes.
fn stages(c: &mut Criterion) {
    use comment_moderator::text::normalize::{Normalized, normalize_into};
    use comment_moderator::text::tokenize::{Tokens, tokenize_into};
    let mut normalized = Normalized::default();
    let mut tokens = Tokens::default();
    let mut group = c.benchmark_group("stages_typical_300");
    group.bench_function("normalize", |b| b.iter(|| normalize_into(black_box(TYPICAL), 20_000, &mut normalized)));
    normalize_into(TYPICAL, 20_000, &mut normalized);
    group.bench_function("tokenize", |b| b.iter(|| tokenize_into(black_box(&normalized), 2_000, &mut tokens)));
    let model = model();
    let mut features = Features::default();
    model.featurizer().featurize_into(&CommentInput::text(TYPICAL), &mut features);
    group.bench_function("score_only", |b| b.iter(|| black_box(model.score(black_box(&features)))));
    group.finish();
}

criterion_group! {
    name = benches;
    // No HTML plots: the scaling plot is made by `cargo bench --bench scaling`.
    config = Criterion::default().without_plots();
    targets = scoring, decision, scaling, stages
}
criterion_main!(benches);
