//! Moderator feedback as training examples.
//!
//! `moderator train --with-feedback` adds every stored label to the recipe
//! as one more source, `moderator-feedback`, weighted by
//! `fit.feedback_weight` (in-domain labels from your own site count more
//! than public datasets). Each label speaks for one head only: `spam` and
//! `ham` for the spam head, `abuse` and `civil` for the abuse head.

use super::datasets::Example;
use crate::model::PerHead;
use crate::store::{FeedbackRecord, Label};

/// Turns stored labels into examples.
pub fn examples(records: &[FeedbackRecord]) -> Vec<Example> {
    records
        .iter()
        .map(|r| {
            let f = &r.feedback;
            let labels = match f.label {
                Label::Spam => PerHead { spam: Some(true), abuse: None },
                Label::Ham => PerHead { spam: Some(false), abuse: None },
                Label::Abuse => PerHead { spam: None, abuse: Some(true) },
                Label::Civil => PerHead { spam: None, abuse: Some(false) },
            };
            Example {
                source: 0,
                content: f.content.clone(),
                author_name: f.author_name.clone(),
                // Only the top-level domain of the address is kept; the
                // featurizer reads nothing else of it.
                author_email: f.author_email_tld.as_ref().map(|tld| format!("feedback@example.{tld}")),
                author_url: f.author_url.clone(),
                labels,
                abuse_parts: None,
                weight: 1.0,
            }
        })
        .collect()
}
