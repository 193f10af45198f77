//! Evaluation metrics for one head on scored, labeled examples.
//!
//! All metrics take `(probability, label)` pairs so that the model and the
//! peer classifiers (whose scores come from a Python script) are measured
//! by the same code.

use crate::model::Thresholds;
use serde::{Deserialize, Serialize};

/// Counts of a binary decision against labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusion {
    pub true_positive: u64,
    pub false_positive: u64,
    pub true_negative: u64,
    pub false_negative: u64,
}

impl Confusion {
    /// Counts decisions `probability >= threshold`.
    pub fn at(scored: &[(f64, bool)], threshold: f64) -> Confusion {
        let mut c = Confusion::default();
        for &(p, y) in scored {
            match (p >= threshold, y) {
                (true, true) => c.true_positive += 1,
                (true, false) => c.false_positive += 1,
                (false, false) => c.true_negative += 1,
                (false, true) => c.false_negative += 1,
            }
        }
        c
    }

    /// Share of flagged examples that are positive; `None` if none flagged.
    pub fn precision(&self) -> Option<f64> {
        let flagged = self.true_positive + self.false_positive;
        (flagged > 0).then(|| self.true_positive as f64 / flagged as f64)
    }

    /// Share of positives flagged; `None` without positives.
    pub fn recall(&self) -> Option<f64> {
        let positives = self.true_positive + self.false_negative;
        (positives > 0).then(|| self.true_positive as f64 / positives as f64)
    }

    /// Share of negatives flagged; `None` without negatives.
    pub fn false_positive_rate(&self) -> Option<f64> {
        let negatives = self.false_positive + self.true_negative;
        (negatives > 0).then(|| self.false_positive as f64 / negatives as f64)
    }
}

/// Metrics of one head on one evaluation set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadMetrics {
    pub positives: u64,
    pub negatives: u64,
    /// Area under the ROC curve; `None` when only one class is present.
    pub roc_auc: Option<f64>,
    /// Expected calibration error over 10 equal-width bins, with examples
    /// weighted to the deployment base rate the model was calibrated for;
    /// `None` when only one class is present.
    pub ece: Option<f64>,
    /// The deployment base rate used for `ece` and the `*_at_prior`
    /// precisions.
    pub prior: f64,
    /// Decisions at the hold threshold (held or rejected vs accepted).
    pub at_hold: Confusion,
    /// Decisions at the reject threshold.
    pub at_reject: Confusion,
    pub thresholds: Thresholds,
}

impl HeadMetrics {
    /// Metrics of `(probability, label)` pairs at `thresholds`, with
    /// calibration and precision judged at the base rate `prior`.
    pub fn compute(scored: &[(f64, bool)], thresholds: Thresholds, prior: f64) -> HeadMetrics {
        let positives = scored.iter().filter(|s| s.1).count() as u64;
        let negatives = scored.len() as u64 - positives;
        let ece = (positives > 0 && negatives > 0).then(|| {
            let (pw, nw) = crate::training::thresholds::prior_weights(scored, prior);
            let weighted: Vec<(f64, bool, f64)> =
                scored.iter().map(|&(p, y)| (p, y, if y { pw } else { nw })).collect();
            expected_calibration_error(&weighted, 10)
        });
        HeadMetrics {
            positives,
            negatives,
            roc_auc: roc_auc(scored),
            ece,
            prior,
            at_hold: Confusion::at(scored, thresholds.hold),
            at_reject: Confusion::at(scored, thresholds.reject),
            thresholds,
        }
    }

    /// Share of negative (ham / civil) examples that would not be accepted.
    pub fn negatives_not_accepted(&self) -> Option<f64> {
        self.at_hold.false_positive_rate()
    }

    /// Precision of a decision if positives made up `prior` of the traffic.
    pub fn precision_at_prior(&self, c: &Confusion) -> Option<f64> {
        let recall = c.recall()?;
        let fpr = c.false_positive_rate()?;
        let flagged = recall * self.prior + fpr * (1.0 - self.prior);
        (flagged > 0.0).then(|| recall * self.prior / flagged)
    }
}

/// ROC-AUC by the rank-sum (Mann-Whitney) statistic, ties counted half.
pub fn roc_auc(scored: &[(f64, bool)]) -> Option<f64> {
    let positives = scored.iter().filter(|s| s.1).count();
    let negatives = scored.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        // Average 1-based rank of the tie group.
        let rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let p = positives as f64;
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * negatives as f64))
}

/// Expected calibration error: the weighted mean gap, over equal-width
/// bins, between the average predicted probability and the observed
/// positive rate. Takes `(probability, label, weight)`.
pub fn expected_calibration_error(scored: &[(f64, bool, f64)], bins: usize) -> f64 {
    let total: f64 = scored.iter().map(|s| s.2).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let mut sum_p = vec![0.0; bins];
    let mut sum_y = vec![0.0; bins];
    for &(p, y, w) in scored {
        let b = ((p * bins as f64) as usize).min(bins - 1);
        sum_p[b] += w * p;
        sum_y[b] += if y { w } else { 0.0 };
    }
    (0..bins).map(|b| (sum_p[b] - sum_y[b]).abs() / total).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_perfect_random_and_inverted_rankings() {
        let perfect = [(0.1, false), (0.2, false), (0.8, true), (0.9, true)];
        assert_eq!(roc_auc(&perfect), Some(1.0));
        let inverted = [(0.9, false), (0.8, false), (0.2, true), (0.1, true)];
        assert_eq!(roc_auc(&inverted), Some(0.0));
        let ties = [(0.5, false), (0.5, true)];
        assert_eq!(roc_auc(&ties), Some(0.5));
        assert_eq!(roc_auc(&[(0.5, true)]), None);
    }

    #[test]
    fn confusion_precision_recall() {
        let scored = [(0.9, true), (0.7, false), (0.6, true), (0.1, false), (0.2, true)];
        let c = Confusion::at(&scored, 0.5);
        assert_eq!((c.true_positive, c.false_positive, c.true_negative, c.false_negative), (2, 1, 1, 1));
        assert_eq!(c.precision(), Some(2.0 / 3.0));
        assert_eq!(c.recall(), Some(2.0 / 3.0));
        assert_eq!(c.false_positive_rate(), Some(0.5));
    }

    #[test]
    fn ece_is_zero_when_calibrated_and_large_when_not() {
        let calibrated = [(0.25, true, 1.0), (0.25, false, 1.0), (0.25, false, 1.0), (0.25, false, 1.0)];
        assert!(expected_calibration_error(&calibrated, 10) < 1e-12);
        let overconfident = [(0.99, false, 1.0), (0.99, false, 1.0), (0.01, true, 1.0), (0.01, true, 1.0)];
        assert!(expected_calibration_error(&overconfident, 10) > 0.9);
        // Weights move the observed rate: one positive weighted 3 against one
        // negative is a 75% rate.
        let weighted = [(0.75, true, 3.0), (0.75, false, 1.0)];
        assert!(expected_calibration_error(&weighted, 10) < 1e-12);
    }
}
