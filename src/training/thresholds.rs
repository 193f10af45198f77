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
//! [`SiteThresholds`](crate::training::recipe::SiteThresholds). There the
//! budget is kept with stated confidence rather than on average
//! ([`negatives_allowed`]): a few hundred labels measure a 2% share too
//! loosely for the threshold that just fits them to keep it on the next
//! comments.

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
    // The validation split has thousands of negatives: its share is
    // measured closely enough to be used as it is.
    let within_budget = |fp: usize| fp as f64 / cuts.negatives <= targets.max_negative_hold_rate;
    let hold = cuts.lowest_hold(targets.hold_precision, within_budget).unwrap_or(FALLBACK).min(reject);
    Thresholds { hold, reject }
}

/// The hold threshold the targets give on `scored` alone (a site's own
/// labels), holding at most `negatives_allowed` of its negatives (see
/// [`negatives_allowed`]; `targets.max_negative_hold_rate` is not read), or
/// `None` where no supported cut meets them.
pub fn hold_on(scored: &[(f64, bool)], targets: &ThresholdTargets, negatives_allowed: u64) -> Option<f64> {
    let cuts = Cuts::new(scored, targets.prior);
    cuts.lowest_hold(targets.hold_precision, |fp| fp as u64 <= negatives_allowed)
}

/// The most of `negatives` labelled negatives a threshold may hold while
/// its share of *all* such comments stays within `budget` with one-sided
/// `confidence`, or `None` where even holding none would not show it.
///
/// This is the exact (Clopper-Pearson) bound: holding `k` is allowed when a
/// threshold whose true share were `budget` would hold `k` or fewer of
/// `negatives` comments with probability at most `1 - confidence`. With
/// 603 civil labels and a 2% budget, 6 may be held at 95% confidence where
/// the point estimate would allow 12.
pub fn negatives_allowed(negatives: u64, budget: f64, confidence: f64) -> Option<u64> {
    if budget >= 1.0 {
        return Some(negatives);
    }
    let alpha = 1.0 - confidence;
    let (log_p, log_q) = (budget.ln(), (-budget).ln_1p());
    // Binomial(negatives, budget) probabilities, in logs so that large
    // label counts do not underflow the first term.
    let mut log_term = negatives as f64 * log_q;
    let mut cumulative = log_term.exp();
    if cumulative > alpha {
        return None;
    }
    for k in 0..negatives {
        log_term += ((negatives - k) as f64).ln() - ((k + 1) as f64).ln() + log_p - log_q;
        cumulative += log_term.exp();
        if cumulative > alpha {
            return Some(k);
        }
    }
    Some(negatives)
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

    /// The lowest cut as precise as `hold_precision` whose false positives
    /// are `within_budget`.
    fn lowest_hold(&self, hold_precision: f64, within_budget: impl Fn(usize) -> bool) -> Option<f64> {
        self.lowest_meeting(|tp, fp| self.precision(tp, fp) >= hold_precision && within_budget(fp))
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
        let loose = hold_on(&scored, &targets(), 50).unwrap();
        let tight = hold_on(&scored, &targets(), 5).unwrap();
        assert!(tight > loose, "tight {tight}, loose {loose}");
        let held = scored.iter().filter(|s| !s.1 && s.0 >= tight).count();
        assert_eq!(held, 5, "the lowest cut holding at most 5 of 1000 negatives");
        assert_eq!(hold_on(&scored[..MIN_SUPPORT - 1], &targets(), 50), None, "too few to rest a threshold on");
    }

    /// Reference values: the 95% one-sided Clopper-Pearson upper bound of
    /// `k` of `n` is at most the budget for the allowed `k`, and above it
    /// for `k + 1` (computed independently with scipy's
    /// `binom.cdf(k, n, budget) <= 0.05`).
    #[test]
    fn the_budget_is_kept_with_confidence_not_on_average() {
        assert_eq!(negatives_allowed(603, 0.02, 0.95), Some(6));
        assert_eq!(negatives_allowed(603, 0.01, 0.95), Some(1));
        assert_eq!(negatives_allowed(250, 0.02, 0.95), Some(1));
        assert_eq!(negatives_allowed(1000, 0.05, 0.95), Some(38));
        // Holding none of 100 does not show a 2% share: 0.98^100 = 13%.
        assert_eq!(negatives_allowed(100, 0.02, 0.95), None);
        assert_eq!(negatives_allowed(149, 0.02, 0.95), Some(0));
        assert_eq!(negatives_allowed(148, 0.02, 0.95), None);
        // Lower confidence allows more, never above the point estimate by much.
        assert!(negatives_allowed(603, 0.02, 0.5) > negatives_allowed(603, 0.02, 0.95));
        assert_eq!(negatives_allowed(603, 0.02, 0.5), Some(11));
        // A million labels do not underflow: close to the point estimate.
        let many = negatives_allowed(1_000_000, 0.02, 0.95).unwrap();
        assert!((19_700..20_000).contains(&many), "{many}");
        assert_eq!(negatives_allowed(7, 1.0, 0.95), Some(7));
    }
}
