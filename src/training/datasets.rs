//! Loading the labeled datasets a recipe names into training examples.
//!
//! Every source ends up as the same thing: an [`Example`] with the comment
//! (and whatever reply-form fields the source has), a label per head or
//! none, and the source's weight. The one source with richer labels, the
//! Civil Comments toxic spans, also says *which words* of a post are toxic:
//! with `split_spans` the abuse head learns from the marked words as abusive
//! and from the rest of the same post as civil. Those posts are news-site
//! comments about politics, race and religion; the unmarked words around an
//! insult are exactly the topic and identity vocabulary a news site must not
//! penalise.

use super::recipe::{Layout, SourceSpec, ValidRecipe};
use crate::model::{Head, PerHead};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{path}: no column named {column:?} (columns: {available})")]
    MissingColumn { path: PathBuf, column: String, available: String },
    #[error("{path}, record {record}: {message}")]
    Record { path: PathBuf, record: u64, message: String },
}

/// Separates the pieces of a span-split part; pieces are featurized apart
/// so no word pair spans a gap.
pub const PART_SEPARATOR: char = '\0';

/// One labeled comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Index of the source in [`Corpus::sources`].
    pub source: usize,
    pub content: String,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    /// Label per head: `Some(true)` positive, `Some(false)` negative, `None`
    /// not used for that head.
    pub labels: PerHead<Option<bool>>,
    /// For span-split sources: (toxic words, the rest of the post), each
    /// made of pieces separated by [`PART_SEPARATOR`]. The abuse head fits on
    /// these instead of on `content`; evaluation still scores the whole post.
    pub abuse_parts: Option<(String, String)>,
    /// Multiplies this example's counts.
    pub weight: f64,
}

/// A source as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    pub name: String,
    pub weight: f64,
    /// Examples with a label, per head: (positive, negative).
    pub counts: PerHead<(u64, u64)>,
}

/// Every example of a recipe.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub sources: Vec<SourceInfo>,
    pub examples: Vec<Example>,
}

impl Corpus {
    /// Loads every source of a recipe, in recipe order.
    pub fn load(recipe: &ValidRecipe) -> Result<Corpus, DataError> {
        let mut corpus = Corpus::default();
        for spec in &recipe.sources {
            tracing::info!(source = %spec.name, "loading");
            let index = corpus.sources.len();
            let mut examples = load_source(recipe, spec, index)?;
            let remove: Vec<Regex> = spec.remove.iter().map(|p| Regex::new(p).expect("validated")).collect();
            for example in &mut examples {
                for re in &remove {
                    example.content = re.replace_all(&example.content, " ").into_owned();
                    if let Some((pos, neg)) = &mut example.abuse_parts {
                        *pos = re.replace_all(pos, " ").into_owned();
                        *neg = re.replace_all(neg, " ").into_owned();
                    }
                }
            }
            examples.retain(|e| !e.content.trim().is_empty());
            let counts = PerHead::new(|head| count_labels(&examples, head));
            corpus.sources.push(SourceInfo { name: spec.name.clone(), weight: spec.weight, counts });
            corpus.examples.extend(examples);
        }
        Ok(corpus)
    }

    /// Adds moderator feedback as one more source.
    pub fn add_source(&mut self, name: &str, weight: f64, mut examples: Vec<Example>) {
        let index = self.sources.len();
        for e in &mut examples {
            e.source = index;
            e.weight = weight;
        }
        let counts = PerHead::new(|head| count_labels(&examples, head));
        self.sources.push(SourceInfo { name: name.to_string(), weight, counts });
        self.examples.extend(examples);
    }
}

fn count_labels(examples: &[Example], head: Head) -> (u64, u64) {
    examples.iter().fold((0, 0), |(p, n), e| match e.labels.get(head) {
        Some(true) => (p + 1, n),
        Some(false) => (p, n + 1),
        None => (p, n),
    })
}

fn load_source(recipe: &ValidRecipe, spec: &SourceSpec, index: usize) -> Result<Vec<Example>, DataError> {
    match &spec.layout {
        Layout::Table { files, delimiter, columns, text, author, label } => {
            let mut out = Vec::new();
            for file in files {
                let path = recipe.resolve(file);
                load_table(
                    &path,
                    delimiter.as_bytes()[0],
                    columns.as_deref(),
                    text,
                    author.as_deref(),
                    label.as_deref(),
                    spec,
                    index,
                    &mut out,
                )?;
            }
            Ok(out)
        }
        Layout::ToxicSpans { comments, annotations, spans } => load_toxic_spans(
            &recipe.resolve(comments),
            &recipe.resolve(annotations),
            &recipe.resolve(spans),
            spec,
            index,
        ),
    }
}

fn csv_reader(path: &Path, delimiter: u8, has_headers: bool) -> Result<csv::Reader<std::fs::File>, DataError> {
    let file = std::fs::File::open(path).map_err(|source| DataError::Io { path: path.to_path_buf(), source })?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(has_headers)
        // Tab-separated corpora (SMS) use bare quotes inside messages.
        .quoting(delimiter != b'\t')
        .flexible(true)
        .from_reader(file))
}

fn column_index(path: &Path, headers: &[String], name: &str) -> Result<usize, DataError> {
    headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name).ok_or_else(|| DataError::MissingColumn {
        path: path.to_path_buf(),
        column: name.to_string(),
        available: headers.join(", "),
    })
}

#[allow(clippy::too_many_arguments)]
fn load_table(
    path: &Path,
    delimiter: u8,
    columns: Option<&[String]>,
    text: &[String],
    author: Option<&str>,
    label: Option<&str>,
    spec: &SourceSpec,
    index: usize,
    out: &mut Vec<Example>,
) -> Result<(), DataError> {
    let csv_err = |source| DataError::Csv { path: path.to_path_buf(), source };
    let mut reader = csv_reader(path, delimiter, columns.is_none())?;
    let headers: Vec<String> = match columns {
        Some(names) => names.to_vec(),
        None => reader.headers().map_err(csv_err)?.iter().map(str::to_string).collect(),
    };
    let text_idx: Vec<usize> = text.iter().map(|c| column_index(path, &headers, c)).collect::<Result<_, _>>()?;
    let author_idx = author.map(|c| column_index(path, &headers, c)).transpose()?;
    let label_idx = label.map(|c| column_index(path, &headers, c)).transpose()?;
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let line = record.position().map_or(0, |p| p.line());
        let content =
            text_idx.iter().filter_map(|&i| record.get(i)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n");
        let value = match label_idx {
            Some(i) => record.get(i).ok_or_else(|| DataError::Record {
                path: path.to_path_buf(),
                record: line,
                message: "missing label field".into(),
            })?,
            None => "",
        };
        let labels = PerHead {
            spam: spec.spam.as_ref().and_then(|m| m.label(value)),
            abuse: spec.abuse.as_ref().and_then(|m| m.label(value)),
        };
        if labels.spam.is_none() && labels.abuse.is_none() {
            continue;
        }
        out.push(Example {
            source: index,
            content,
            author_name: author_idx.and_then(|i| record.get(i)).map(str::to_string).filter(|s| !s.is_empty()),
            author_email: None,
            author_url: None,
            labels,
            abuse_parts: None,
            weight: spec.weight,
        });
    }
    Ok(())
}

/// Loads the Civil Comments toxic-spans layout.
///
/// A post is *borderline* when most of its span annotators ticked "not
/// toxic": it gets no abuse label (it is not clean either, so it is not a
/// negative). Otherwise it is abusive, and its toxic words are those inside
/// spans marked by at least half of its annotators (or, failing that, by
/// any), widened to whole words.
fn load_toxic_spans(
    comments: &Path,
    annotations: &Path,
    spans: &Path,
    spec: &SourceSpec,
    index: usize,
) -> Result<Vec<Example>, DataError> {
    struct Rater {
        comment: String,
        all_toxic: bool,
        not_toxic: bool,
        spans: Vec<(usize, usize)>,
    }
    let csv_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DataError::Csv { path: path.clone(), source }
    };
    let mut raters: HashMap<String, Rater> = HashMap::new();
    let mut reader = csv_reader(annotations, b',', true)?;
    let headers: Vec<String> = reader.headers().map_err(csv_err(annotations))?.iter().map(str::to_string).collect();
    let (a_id, a_comment, a_all, a_not) = (
        column_index(annotations, &headers, "annotation")?,
        column_index(annotations, &headers, "comment_id")?,
        column_index(annotations, &headers, "all toxic")?,
        column_index(annotations, &headers, "not toxic")?,
    );
    for record in reader.records() {
        let r = record.map_err(csv_err(annotations))?;
        let get = |i: usize| r.get(i).unwrap_or("").to_string();
        raters.insert(
            get(a_id),
            Rater {
                comment: get(a_comment),
                all_toxic: get(a_all) == "True",
                not_toxic: get(a_not) == "True",
                spans: Vec::new(),
            },
        );
    }
    let mut reader = csv_reader(spans, b',', true)?;
    let headers: Vec<String> = reader.headers().map_err(csv_err(spans))?.iter().map(str::to_string).collect();
    let (s_id, s_start, s_end) = (
        column_index(spans, &headers, "annotation")?,
        column_index(spans, &headers, "start")?,
        column_index(spans, &headers, "end")?,
    );
    for record in reader.records() {
        let r = record.map_err(csv_err(spans))?;
        let line = r.position().map_or(0, |p| p.line());
        let parse = |i: usize| {
            r.get(i).and_then(|v| v.trim().parse::<usize>().ok()).ok_or_else(|| DataError::Record {
                path: spans.to_path_buf(),
                record: line,
                message: "span offsets must be integers".into(),
            })
        };
        let (start, end) = (parse(s_start)?, parse(s_end)?);
        if let Some(rater) = raters.get_mut(r.get(s_id).unwrap_or("")) {
            rater.spans.push((start, end));
        }
    }
    let mut by_comment: HashMap<&str, Vec<&Rater>> = HashMap::new();
    for rater in raters.values() {
        by_comment.entry(rater.comment.as_str()).or_default().push(rater);
    }

    let mut out = Vec::new();
    let mut reader = csv_reader(comments, b',', true)?;
    let headers: Vec<String> = reader.headers().map_err(csv_err(comments))?.iter().map(str::to_string).collect();
    let (c_id, c_text) =
        (column_index(comments, &headers, "comment_id")?, column_index(comments, &headers, "comment_text")?);
    let split_spans = spec.abuse.as_ref().is_some_and(|m| m.split_spans);
    for record in reader.records() {
        let r = record.map_err(csv_err(comments))?;
        let id = r.get(c_id).unwrap_or("");
        let content = r.get(c_text).unwrap_or("").to_string();
        let post_raters = by_comment.get(id).map(Vec::as_slice).unwrap_or(&[]);
        let not_toxic = post_raters.iter().filter(|r| r.not_toxic).count();
        let borderline = post_raters.is_empty() || not_toxic * 2 > post_raters.len();
        let chars: Vec<char> = content.chars().collect();
        let mut votes = vec![0u32; chars.len()];
        for rater in post_raters.iter().filter(|r| !r.not_toxic) {
            let mut marked = vec![false; chars.len()];
            if rater.all_toxic {
                marked.iter_mut().for_each(|m| *m = true);
            }
            for &(s, e) in &rater.spans {
                for m in marked.iter_mut().take(e.min(chars.len())).skip(s) {
                    *m = true;
                }
            }
            for (v, m) in votes.iter_mut().zip(marked) {
                *v += u32::from(m);
            }
        }
        let majority = post_raters.len().div_ceil(2) as u32;
        let mut toxic: Vec<bool> = votes.iter().map(|&v| v >= majority.max(1)).collect();
        if !toxic.iter().any(|&t| t) {
            toxic = votes.iter().map(|&v| v >= 1).collect();
        }
        let abuse_label = spec.abuse.as_ref().and_then(|_| (!borderline).then_some(true));
        let abuse_parts =
            (split_spans && abuse_label == Some(true)).then(|| split_by_mask(&chars, widen_to_words(&chars, toxic)));
        let labels = PerHead { spam: spec.spam.as_ref().and_then(|m| m.label("")), abuse: abuse_label };
        if labels.spam.is_none() && labels.abuse.is_none() {
            continue;
        }
        out.push(Example {
            source: index,
            content,
            author_name: None,
            author_email: None,
            author_url: None,
            labels,
            abuse_parts,
            weight: spec.weight,
        });
    }
    Ok(out)
}

/// Marks every character of a word that has any marked character.
fn widen_to_words(chars: &[char], mut mask: Vec<bool>) -> Vec<bool> {
    let mut start = 0;
    while start < chars.len() {
        if !chars[start].is_alphanumeric() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '\'') {
            end += 1;
        }
        if mask[start..end].iter().any(|&m| m) {
            mask[start..end].iter_mut().for_each(|m| *m = true);
        }
        start = end;
    }
    mask
}

/// Splits text into (marked, unmarked) parts, with [`PART_SEPARATOR`]
/// wherever a part is interrupted so words on either side of a gap do not
/// form a pair.
fn split_by_mask(chars: &[char], mask: Vec<bool>) -> (String, String) {
    let mut marked = String::new();
    let mut rest = String::new();
    let mut previous: Option<bool> = None;
    for (&c, m) in chars.iter().zip(mask) {
        let target = if m { &mut marked } else { &mut rest };
        if previous.is_some_and(|p| p != m) && !target.is_empty() {
            target.push(PART_SEPARATOR);
        }
        target.push(c);
        previous = Some(m);
    }
    (marked, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_split_widens_to_words_and_keeps_the_rest() {
        let text = "You are an idiot, says the senator about Russia.";
        let chars: Vec<char> = text.chars().collect();
        let mut mask = vec![false; chars.len()];
        // Only "dio" of "idiot" marked.
        for m in mask.iter_mut().take(15).skip(12) {
            *m = true;
        }
        let (toxic, rest) = split_by_mask(&chars, widen_to_words(&chars, mask));
        assert_eq!(toxic, "idiot");
        assert!(rest.contains("You are an"));
        assert!(rest.contains("senator about Russia"));
        assert!(!rest.contains("idiot"));
    }
}
