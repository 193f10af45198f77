//! Calibration: from a naive-Bayes log-likelihood ratio to a probability
//! that means what it says.
//!
//! Naive Bayes treats every feature of a comment as independent evidence.
//! They are not (a spam comment's words agree with each other, and every
//! word also appears in two word pairs), so its raw posterior saturates at 0
//! or 1, and the more features a comment has the more extreme it gets. We
//! keep the naive-Bayes ranking within a length and fit a small logistic
//! model on held-out data that the classifier never trained on:
//!
//! ```text
//! p = σ(w₀ · llr / (1+n)^γ  +  w₁ · top  +  w₂)
//! ```
//!
//! where `llr` is the summed log-likelihood ratio, `n` the number of the
//! comment's features the model knows, and `top` the largest single
//! positive feature ratio (0 if none points towards the class). Dividing by
//! `(1+n)^γ` discounts the correlated evidence of long comments (γ = 0
//! trusts every feature, γ = 1 averages them); `top` keeps one slur or one
//! pharmacy link decisive in a long, otherwise ordinary comment, which an
//! average would dilute. γ is chosen from a grid by held-out log-loss, the
//! weights by logistic regression: Platt scaling with length taken into
//! account. Length alone deliberately has no term: in the training mixture
//! it says more about which dataset a comment came from (long news
//! comments, short tweets) than about its class.
//!
//! `w₀` must be positive and `w₁` non-negative, so the probability never
//! decreases when any feature's evidence grows; the output is continuous, so
//! two different comments almost never share a score.

use serde::{Deserialize, Serialize};

/// Candidate values of γ.
const GAMMAS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// Fitted calibration.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// Length discount exponent γ.
    pub gamma: f64,
    /// `[w₀, w₁, w₂]`: weights of `llr/(1+n)^γ`, of the strongest feature,
    /// and the intercept.
    pub weights: [f64; 3],
}

impl Default for Calibration {
    /// The uncalibrated naive-Bayes posterior with equal priors.
    fn default() -> Self {
        Calibration { gamma: 0.0, weights: [1.0, 0.0, 0.0] }
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// What calibration sees of a scored comment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawScore {
    /// Summed log-likelihood ratio.
    pub llr: f64,
    /// Known features.
    pub n: u32,
    /// Largest positive single-feature ratio, or 0.
    pub top: f64,
}

fn basis(gamma: f64, s: RawScore) -> [f64; 3] {
    [s.llr / (1.0 + f64::from(s.n)).powf(gamma), s.top, 1.0]
}

/// One held-out example: raw score, label, weight.
pub type CalibrationExample = (RawScore, bool, f64);

impl Calibration {
    /// Calibrated probability of the positive class.
    pub fn probability(&self, score: RawScore) -> f64 {
        sigmoid(self.logit(score))
    }

    /// Calibrated log-odds.
    pub fn logit(&self, score: RawScore) -> f64 {
        let x = basis(self.gamma, score);
        x.iter().zip(&self.weights).map(|(a, b)| a * b).sum()
    }

    /// Checks that the parameters are finite, γ is in [0, 1], and the
    /// probability increases with `llr`.
    pub fn validate(&self) -> Result<(), String> {
        if !self.gamma.is_finite() || self.weights.iter().any(|c| !c.is_finite()) {
            return Err("calibration parameters must be finite".into());
        }
        if !(0.0..=1.0).contains(&self.gamma) {
            return Err(format!("calibration gamma {} is outside [0, 1]", self.gamma));
        }
        if self.weights[0] <= 0.0 || self.weights[1] < 0.0 {
            return Err(format!(
                "calibration must increase with the naive-Bayes evidence (weights {} and {})",
                self.weights[0], self.weights[1]
            ));
        }
        Ok(())
    }

    /// Fits γ (by grid search) and the weights (by weighted, lightly
    /// regularised logistic regression) on held-out examples, keeping the
    /// valid fit with the lowest log-loss.
    pub fn fit(examples: &[CalibrationExample]) -> Result<Calibration, String> {
        if examples.is_empty() {
            return Err("no examples to calibrate on".into());
        }
        let (pos, neg) = examples.iter().fold((0.0, 0.0), |(p, n), e| if e.1 { (p + e.2, n) } else { (p, n + e.2) });
        if pos <= 0.0 || neg <= 0.0 {
            return Err("calibration needs both positive and negative examples".into());
        }
        let mut best: Option<(f64, Calibration)> = None;
        for gamma in GAMMAS {
            // With and without the strongest-feature term: if its weight
            // comes out negative, the fit without it is the valid one.
            for use_top in [true, false] {
                let weights = fit_logistic(examples, gamma, use_top);
                let candidate = Calibration { gamma, weights };
                if candidate.validate().is_err() {
                    continue;
                }
                let loss = log_loss(&candidate, examples);
                if best.as_ref().is_none_or(|(l, _)| loss < *l) {
                    best = Some((loss, candidate));
                }
            }
        }
        best.map(|(_, c)| c)
            .ok_or_else(|| "calibration could not find an increasing fit: the scores do not rank the classes".into())
    }
}

/// Weighted mean negative log-likelihood.
pub fn log_loss(calibration: &Calibration, examples: &[CalibrationExample]) -> f64 {
    let (mut sum, mut total) = (0.0, 0.0);
    for &(score, y, w) in examples {
        let p = calibration.probability(score).clamp(1e-12, 1.0 - 1e-12);
        sum -= w * if y { p.ln() } else { (1.0 - p).ln() };
        total += w;
    }
    sum / total
}

/// Newton-Raphson for weighted logistic regression on the basis for `gamma`
/// (without the strongest-feature term unless `use_top`), with a small
/// ridge penalty for stability (none on the intercept).
fn fit_logistic(examples: &[CalibrationExample], gamma: f64, use_top: bool) -> [f64; 3] {
    const RIDGE: f64 = 1e-6;
    let mut w = [0.0f64; 3];
    let total_weight: f64 = examples.iter().map(|e| e.2).sum();
    for _ in 0..100 {
        let mut grad = [0.0f64; 3];
        let mut hess = [[0.0f64; 3]; 3];
        for &(score, label, weight) in examples {
            let mut x = basis(gamma, score);
            if !use_top {
                x[1] = 0.0;
            }
            let z: f64 = x.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = sigmoid(z);
            let y = if label { 1.0 } else { 0.0 };
            let wt = weight / total_weight;
            for a in 0..3 {
                grad[a] += wt * (p - y) * x[a];
                for b in 0..3 {
                    hess[a][b] += wt * p * (1.0 - p) * x[a] * x[b];
                }
            }
        }
        for a in 0..2 {
            grad[a] += RIDGE * w[a];
            hess[a][a] += RIDGE;
        }
        let Some(step) = solve3(hess, grad) else {
            break;
        };
        let mut max_step: f64 = 0.0;
        for a in 0..3 {
            w[a] -= step[a];
            max_step = max_step.max(step[a].abs());
        }
        if max_step < 1e-10 {
            break;
        }
    }
    if !use_top {
        w[1] = 0.0;
    }
    w
}

/// Solves a 3×3 system by Gaussian elimination with partial pivoting.
fn solve3(mut m: [[f64; 3]; 3], mut v: [f64; 3]) -> Option<[f64; 3]> {
    for col in 0..3 {
        let pivot = (col..3).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-300 {
            return None;
        }
        m.swap(col, pivot);
        v.swap(col, pivot);
        for row in col + 1..3 {
            let factor = m[row][col] / m[col][col];
            let pivot_row = m[col];
            for (target, source) in m[row].iter_mut().zip(pivot_row).skip(col) {
                *target -= factor * source;
            }
            v[row] -= factor * v[col];
        }
    }
    let mut x = [0.0; 3];
    for row in (0..3).rev() {
        let s: f64 = (row + 1..3).map(|c| m[row][c] * x[c]).sum();
        x[row] = (v[row] - s) / m[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(llr: f64, n: u32) -> RawScore {
        RawScore { llr, n, top: 0.0 }
    }

    #[test]
    fn recovers_a_known_logistic_relation() {
        // Weighted pairs give the exact expectation P(y=1 | llr) = σ(0.5·llr - 1).
        let mut examples = Vec::new();
        for i in 0..2000 {
            let llr = (i as f64 / 100.0) - 10.0;
            let p = sigmoid(0.5 * llr - 1.0);
            examples.push((raw(llr, 0), true, p));
            examples.push((raw(llr, 0), false, 1.0 - p));
        }
        let c = Calibration::fit(&examples).unwrap();
        for llr in [-6.0, -1.0, 0.0, 2.0, 8.0] {
            let want = sigmoid(0.5 * llr - 1.0);
            assert!((c.probability(raw(llr, 0)) - want).abs() < 0.01, "llr {llr}");
        }
    }

    #[test]
    fn chooses_the_length_discount_that_fits() {
        // Evidence is per-feature: the label depends on llr / (1+n).
        let mut examples = Vec::new();
        for n in [2u32, 5, 10, 50, 200] {
            for i in -40..40 {
                let per_feature = i as f64 / 10.0;
                let llr = per_feature * (1.0 + f64::from(n));
                let p = sigmoid(2.0 * per_feature);
                examples.push((raw(llr, n), true, p));
                examples.push((raw(llr, n), false, 1.0 - p));
            }
        }
        let c = Calibration::fit(&examples).unwrap();
        assert_eq!(c.gamma, 1.0);
        assert!((c.probability(raw(51.0, 50)) - sigmoid(2.0)).abs() < 0.02);
    }

    #[test]
    fn uses_the_strongest_feature_when_it_carries_the_signal() {
        let mut examples = Vec::new();
        for i in 0..200 {
            let top = i as f64 / 40.0;
            let p = sigmoid(2.0 * top - 4.0);
            let s = RawScore { llr: (i % 7) as f64 - 3.0, n: 20, top };
            examples.push((s, true, p));
            examples.push((s, false, 1.0 - p));
        }
        let c = Calibration::fit(&examples).unwrap();
        assert!(c.weights[1] > 1.5, "{c:?}");
    }

    #[test]
    fn is_increasing_in_the_evidence() {
        let mut examples = Vec::new();
        for i in 0..500 {
            let llr = (i as f64 / 25.0) - 10.0;
            examples.push((RawScore { llr, n: (i % 50) as u32, top: llr.max(0.0) / 3.0 }, llr > 0.5, 1.0));
            examples.push((RawScore { llr, n: (i % 7) as u32, top: 0.0 }, llr > -0.5, 1.0));
        }
        let c = Calibration::fit(&examples).unwrap();
        c.validate().unwrap();
        for n in [0, 1, 10, 100, 1000] {
            let mut last = 0.0;
            for i in -50..50 {
                let p = c.probability(RawScore { llr: i as f64 / 5.0, n, top: 0.5 });
                assert!(p >= last);
                last = p;
            }
        }
    }

    #[test]
    fn refuses_one_class_data() {
        assert!(Calibration::fit(&[(raw(1.0, 3), true, 1.0)]).is_err());
        assert!(Calibration::fit(&[]).is_err());
    }

    #[test]
    fn validate_rejects_decreasing_fits() {
        assert!(Calibration { gamma: 0.5, weights: [-1.0, 0.0, 0.0] }.validate().is_err());
        assert!(Calibration { gamma: 0.5, weights: [1.0, -0.1, 0.0] }.validate().is_err());
        assert!(Calibration { gamma: 0.5, weights: [f64::NAN, 0.0, 0.0] }.validate().is_err());
        assert!(Calibration { gamma: 1.5, weights: [1.0, 0.0, 0.0] }.validate().is_err());
        assert!(Calibration::default().validate().is_ok());
    }
}
