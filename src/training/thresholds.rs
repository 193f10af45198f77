//! Choosing a head's hold and reject thresholds from stated targets.
//!
//! Thresholds are not guessed: they follow from targets in the recipe,
//! applied to calibrated probabilities on validation data the classifier did
//! not train on.
//!
//! - **reject**: the lowest threshold at which the rejected comments are at
//!   least `reject_precision` positive (e.g. 99%: at most one in a hundred
//!   rejected comments is legitimate);
//! - **hold**: the lowest threshold at which held-or-rejected comments are
//!   at least `hold_precision` positive *and* at most
//!   `max_negative_hold_rate` of legitimate comments are held: a moderator's
//!   queue must be worth reading, and legitimate commenters must rarely wait.
//!
//! "Lowest" maximises recall under the constraint. Precision is measured
//! with validation examples weighted to the deployment base rate (see
//! [`ThresholdTargets::prior`]). A threshold must be supported by at least
//! [`MIN_SUPPORT`] flagged validation examples, so that a lucky handful at
//! the top cannot set it.

use crate::model::Thresholds;
use crate::training::recipe::ThresholdTargets;

/// Fewest flagged validation examples a threshold may rest on.
pub const MIN_SUPPORT: usize = 20;

/// Ceiling used when a target cannot be met on the validation data: only
/// near-certain comments are acted on.
pub const FALLBACK: f64 = 0.999;

/// Chooses thresholds from `(probability, label)` validation pairs.
pub fn choose(scored: &[(f64, bool)], targets: &ThresholdTargets) -> Thresholds {
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (pos_w, neg_w) = prior_weights(scored, targets.prior);
    let negatives = sorted.iter().filter(|s| !s.1).count().max(1) as f64;
    let precision = |tp: usize, fp: usize| {
        let (t, f) = (tp as f64 * pos_w, fp as f64 * neg_w);
        if t + f > 0.0 { t / (t + f) } else { 0.0 }
    };

    let reject = lowest_meeting(&sorted, |tp, fp| precision(tp, fp) >= targets.reject_precision);
    let hold = lowest_meeting(&sorted, |tp, fp| {
        precision(tp, fp) >= targets.hold_precision && fp as f64 / negatives <= targets.max_negative_hold_rate
    });
    let reject = reject.unwrap_or(FALLBACK);
    let hold = hold.unwrap_or(FALLBACK).min(reject);
    Thresholds { hold, reject }
}

/// Weights that make positives `prior` of the total: `(positive weight,
/// negative weight)`, each relative to an unweighted example.
pub fn prior_weights(scored: &[(f64, bool)], prior: f64) -> (f64, f64) {
    let n = scored.len().max(1) as f64;
    let positives = scored.iter().filter(|s| s.1).count() as f64;
    let share = (positives / n).clamp(1e-9, 1.0 - 1e-9);
    (prior / share, (1.0 - prior) / (1.0 - share))
}

/// The lowest probability `t` such that flagging everything `>= t` meets
/// `ok(true positives, false positives)` with enough support. Cuts are only
/// made between distinct probabilities.
fn lowest_meeting(sorted_desc: &[(f64, bool)], ok: impl Fn(usize, usize) -> bool) -> Option<f64> {
    let (mut tp, mut fp) = (0, 0);
    let mut best = None;
    let mut i = 0;
    while i < sorted_desc.len() {
        let p = sorted_desc[i].0;
        while i < sorted_desc.len() && sorted_desc[i].0 == p {
            if sorted_desc[i].1 {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        if tp + fp >= MIN_SUPPORT && ok(tp, fp) {
            best = Some(p);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> ThresholdTargets {
        ThresholdTargets {
            prior: 100.0 / 1100.0,
            hold_precision: 0.8,
            max_negative_hold_rate: 0.05,
            reject_precision: 0.99,
        }
    }

    #[test]
    fn thresholds_follow_the_targets() {
        // 100 positives spread over 0.5..1.0, 1000 negatives over 0.0..0.6.
        let mut scored = Vec::new();
        for i in 0..100 {
            scored.push((0.5 + i as f64 / 200.0, true));
        }
        for i in 0..1000 {
            scored.push((i as f64 / 1000.0 * 0.6, false));
        }
        let t = choose(&scored, &targets());
        assert!(t.hold <= t.reject);
        // No negative is above 0.6, so rejecting from just above it is precise.
        assert!(t.reject > 0.59 && t.reject < 0.62, "{t:?}");
        // Holding at t.hold keeps precision >= 0.8.
        let held: Vec<_> = scored.iter().filter(|s| s.0 >= t.hold).collect();
        let tp = held.iter().filter(|s| s.1).count();
        assert!(tp as f64 / held.len() as f64 >= 0.8);
    }

    #[test]
    fn unreachable_targets_fall_back_to_near_certainty() {
        let scored: Vec<_> = (0..100).map(|i| (0.5, i % 2 == 0)).collect();
        let t = choose(&scored, &targets());
        assert_eq!(t.reject, FALLBACK);
        assert_eq!(t.hold, FALLBACK);
    }
}
