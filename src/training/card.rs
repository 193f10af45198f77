//! The model card (`models/README.md`) and the training report.
//!
//! The card's prose (intended use, limitations) is hand-written in the
//! recipe's template; training fills in the `{{placeholders}}` with what it
//! measured, so the numbers in the card are always those of the shipped
//! model.

use super::TrainOutput;
use super::metrics::HeadMetrics;
use crate::model::{Head, PerHead};
use nohash_hasher::IntSet;
use std::fmt::Write;

/// How many features per direction the card lists.
const TOP_FEATURES: usize = 15;
/// A feature must occur in this many training examples to be listed, so the
/// card shows what the model relies on, not rare curiosities.
const TOP_FEATURE_MIN_DF: u32 = 25;

/// Fills the recipe's card template.
pub fn model_card(out: &TrainOutput, template: &str) -> String {
    let version = out.fitted.model.version().to_string();
    let mut text = template.to_string();
    for (key, value) in [
        ("version", format!("`{version}`")),
        ("sources", sources_table(out)),
        ("metrics", metrics_markdown(&out.test)),
        ("validation_metrics", metrics_markdown(&out.fitted.validation)),
        ("thresholds", thresholds_table(out)),
        ("training", training_summary(out)),
        ("top_features", top_features(out)),
    ] {
        text = text.replace(&format!("{{{{{key}}}}}"), &value);
    }
    text
}

fn pct(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

fn num(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |v| format!("{v:.4}"))
}

/// One markdown table of metrics per head.
pub fn metrics_markdown(metrics: &PerHead<HeadMetrics>) -> String {
    let mut s = String::new();
    s.push_str("| head | positives | negatives | ROC-AUC | ECE at prior | hold: precision at prior | hold: recall | reject: precision at prior | reject: recall | negatives not accepted |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for head in Head::ALL {
        let m = metrics.get(head);
        let _ = writeln!(
            s,
            "| {head} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.positives,
            m.negatives,
            num(m.roc_auc),
            num(m.ece),
            pct(m.precision_at_prior(&m.at_hold)),
            pct(m.at_hold.recall()),
            pct(m.precision_at_prior(&m.at_reject)),
            pct(m.at_reject.recall()),
            pct(m.negatives_not_accepted()),
        );
    }
    s.push_str("\nConfusion matrices (rows: true class; columns: decision at the threshold):\n\n");
    s.push_str(
        "| head | threshold | positive → flagged | positive → passed | negative → flagged | negative → passed |\n",
    );
    s.push_str("|---|---|---:|---:|---:|---:|\n");
    for head in Head::ALL {
        let m = metrics.get(head);
        for (name, t, c) in [("hold", m.thresholds.hold, m.at_hold), ("reject", m.thresholds.reject, m.at_reject)] {
            let _ = writeln!(
                s,
                "| {head} | {name} ≥ {t:.4} | {} | {} | {} | {} |",
                c.true_positive, c.false_negative, c.false_positive, c.true_negative
            );
        }
    }
    s
}

fn sources_table(out: &TrainOutput) -> String {
    let mut s = String::from(
        "| source | license | weight | spam: spam / ham | abuse: abusive / civil |\n|---|---|---:|---:|---:|\n",
    );
    for (i, source) in out.prepared.corpus.sources.iter().enumerate() {
        let license = out.prepared.recipe.sources.get(i).map_or("moderator feedback (yours)", |s| s.license.as_str());
        let cell = |(p, n): (u64, u64)| {
            if p + n == 0 { "–".to_string() } else { format!("{p} / {n}") }
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            source.name,
            license,
            source.weight,
            cell(source.counts.spam),
            cell(source.counts.abuse)
        );
    }
    s.push_str("\nCounts are examples as loaded; duplicates (same normalized text) are removed before splitting, and duplicates with conflicting labels are dropped.\n");
    s
}

fn thresholds_table(out: &TrainOutput) -> String {
    let mut s = String::from(
        "| head | hold at | reject at | target: hold precision | target: max share of negatives held | target: reject precision |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for head in Head::ALL {
        let t = out.fitted.file.header.heads.get(head).thresholds;
        let target = out.prepared.recipe.thresholds.get(head);
        let _ = writeln!(
            s,
            "| {head} | {:.4} | {:.4} | {:.0}% | {:.1}% | {:.0}% |",
            t.hold,
            t.reject,
            target.hold_precision * 100.0,
            target.max_negative_hold_rate * 100.0,
            target.reject_precision * 100.0
        );
    }
    let training = &out.fitted.file.header.training;
    if !training.site_holds.is_empty() {
        s.push_str("\nHold thresholds chosen on the moderator labels (recipe `[site_thresholds]`):\n\n");
        for h in &training.site_holds {
            let _ = writeln!(s, "- {}", h.describe());
        }
    } else if training.feedback_labels > 0 {
        s.push_str(
            "\nEvery threshold above was chosen on the whole validation split: no head had enough moderator labels \
             to choose its hold threshold on them (recipe `[site_thresholds]`).\n",
        );
    }
    s
}

fn training_summary(out: &TrainOutput) -> String {
    let h = &out.fitted.file.header;
    let mut s = String::new();
    let _ = writeln!(s, "- Recipe SHA-256: `{}`", h.training.recipe_sha256);
    let _ = writeln!(s, "- Moderator feedback labels included: {}", h.training.feedback_labels);
    for head in Head::ALL {
        let (p, n) = *out.fitted.train_rows.get(head);
        let _ = writeln!(
            s,
            "- {head} head: {} features in the vocabulary, fitted on {p} positive and {n} negative training rows",
            h.heads.get(head).vocabulary
        );
    }
    let _ = writeln!(
        s,
        "- Weight table: {} entries ({} bytes on disk)",
        out.fitted.file.entries.len(),
        out.fitted.file.to_bytes().len()
    );
    s
}

/// `(feature hash, weight)` lists: most positive, most negative.
type Extremes = (Vec<(u64, f32)>, Vec<(u64, f32)>);

fn top_features(out: &TrainOutput) -> String {
    let mut picks: PerHead<Extremes> = PerHead::default();
    let mut wanted = IntSet::default();
    for head in Head::ALL {
        let fit = out.fitted.heads.get(head);
        let mut ranked: Vec<(u64, f32)> = fit
            .vocabulary
            .iter()
            .zip(&fit.llr)
            .zip(&fit.document_frequency)
            .filter(|&(_, &df)| df >= TOP_FEATURE_MIN_DF)
            .map(|((&h, &w), _)| (h, w))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let top: Vec<_> = ranked.iter().take(TOP_FEATURES).copied().collect();
        let bottom: Vec<_> = ranked.iter().rev().take(TOP_FEATURES).copied().collect();
        wanted.extend(top.iter().chain(&bottom).map(|x| x.0));
        *picks.get_mut(head) = (top, bottom);
    }
    let names = out.prepared.describe(&wanted);
    let mut s = String::new();
    for head in Head::ALL {
        let (top, bottom) = picks.get(head);
        let (pos, neg) = match head {
            Head::Spam => ("spam", "ham"),
            Head::Abuse => ("abusive", "civil"),
        };
        let list = |items: &[(u64, f32)]| {
            items
                .iter()
                .map(|(h, w)| format!("`{}` ({w:+.2})", names.get(h).map_or("?", String::as_str)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(s, "- **{head}**, most {pos}: {}", list(top));
        let _ = writeln!(s, "- **{head}**, most {neg}: {}", list(bottom));
    }
    s
}

/// The plain-text report `moderator train` prints at the end.
pub fn report(out: &TrainOutput) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "model version {}", out.fitted.model.version());
    let _ = writeln!(s, "\nheld-out test split (never used for fitting, calibration or thresholds):\n");
    s.push_str(&metrics_markdown(&out.test));
    s
}
