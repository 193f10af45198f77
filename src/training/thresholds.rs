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
//!
//! [`hold_on`] applies the hold rule to a site's own labels alone, for
//! [`SiteThresholds`](crate::training::recipe::SiteThresholds).

use crate::model::Thresholds;
use crate::training::recipe::ThresholdTargets;

/// Fewest flagged validation examples a threshold may rest on.
pub const MIN_SUPPORT: usize = 20;

/// Ceiling used when a target cannot be met on the validation data: only
/// near-certain comments are acted on.
pub const FALLBACK: f64 = 0.999;

/// Chooses thresholds from `(probability, label)` validation pairs.
pub fn choose(scored: &[(f64, bool)], targets: &ThresholdTargets) -> Thresholds {
    let cuts = Cuts::new(scored, targets.prior);
    let reject = cuts.lowest_meeting(|tp, fp| cuts.precision(tp, fp) >= targets.reject_precision);
    let reject = reject.unwrap_or(FALLBACK);
    let hold = cuts.lowest_hold(targets).unwrap_or(FALLBACK).min(reject);
    Thresholds { hold, reject }
}

/// The hold threshold the targets give on `scored` alone (a site's own
/// labels), or `None` where no supported cut meets them.
pub fn hold_on(scored: &[(f64, bool)], targets: &ThresholdTargets) -> Option<f64> {
    Cuts::new(scored, targets.prior).lowest_hold(targets)
}

/// Validation pairs sorted by falling probability, with the weights that
/// bring them to the deployment base rate.
struct Cuts {
    sorted_desc: Vec<(f64, bool)>,
    weights: (f64, f64),
    negatives: f64,
}

impl Cuts {
    fn new(scored: &[(f64, bool)], prior: f64) -> Cuts {
        let mut sorted_desc = scored.to_vec();
        sorted_desc.sort_by(|a, b| b.0.total_cmp(&a.0));
        let negatives = scored.iter().filter(|s| !s.1).count().max(1) as f64;
        Cuts { sorted_desc, weights: prior_weights(scored, prior), negatives }
    }

    fn precision(&self, tp: usize, fp: usize) -> f64 {
        let (t, f) = (tp as f64 * self.weights.0, fp as f64 * self.weights.1);
        if t + f > 0.0 { t / (t + f) } else { 0.0 }
    }

    fn lowest_hold(&self, targets: &ThresholdTargets) -> Option<f64> {
        self.lowest_meeting(|tp, fp| {
            self.precision(tp, fp) >= targets.hold_precision
                && fp as f64 / self.negatives <= targets.max_negative_hold_rate
        })
    }

    /// The lowest probability `t` such that flagging everything `>= t`
    /// meets `ok(true positives, false positives)` with enough support.
    /// Cuts are only made between distinct probabilities.
    fn lowest_meeting(&self, ok: impl Fn(usize, usize) -> bool) -> Option<f64> {
        let sorted = &self.sorted_desc;
        let (mut tp, mut fp) = (0, 0);
        let mut best = None;
        let mut i = 0;
        while i < sorted.len() {
            let p = sorted[i].0;
            while i < sorted.len() && sorted[i].0 == p {
                if sorted[i].1 {
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
}

/// Weights that make positives `prior` of the total: `(positive weight,
/// negative weight)`, each relative to an unweighted example.
pub fn prior_weights(scored: &[(f64, bool)], prior: f64) -> (f64, f64) {
    let n = scored.len().max(1) as f64;
    let positives = scored.iter().filter(|s| s.1).count() as f64;
    let share = (positives / n).clamp(1e-9, 1.0 - 1e-9);
    (prior / share, (1.0 - prior) / (1.0 - share))
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

    /// 100 positives spread over 0.5..1.0, 1000 negatives over 0.0..0.6.
    fn overlapping() -> Vec<(f64, bool)> {
        let positives = (0..100).map(|i| (0.5 + i as f64 / 200.0, true));
        positives.chain((0..1000).map(|i| (i as f64 / 1000.0 * 0.6, false))).collect()
    }

    #[test]
    fn thresholds_follow_the_targets() {
        let scored = overlapping();
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

    #[test]
    fn a_sites_tighter_budget_holds_from_higher_up() {
        let scored = overlapping();
        let loose = hold_on(&scored, &targets()).unwrap();
        let tight = hold_on(&scored, &ThresholdTargets { max_negative_hold_rate: 0.005, ..targets() }).unwrap();
        assert!(tight > loose, "tight {tight}, loose {loose}");
        let held = scored.iter().filter(|s| !s.1 && s.0 >= tight).count();
        assert!(held <= 5, "{held} of 1000 negatives held");
        assert_eq!(hold_on(&scored[..MIN_SUPPORT - 1], &targets()), None, "too few to rest a threshold on");
    }
}
