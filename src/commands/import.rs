//! `moderator feedback import`: a site's moderation history, or labels kept
//! elsewhere, into the feedback store, stored as `POST /v1/feedback` stores
//! a label (the same field checks; e-mail and IP as keyed hashes).
//!
//! Rows are JSON lines of feedback bodies, or CSV with the body's fields
//! flattened (`author_email`) or with WordPress's names for them
//! (`comment_author_email`, as `wp comment list --format=csv` writes them).
//!
//! Three promises shape the code:
//!
//! - **All or nothing on bad rows.** Every row is checked before anything is
//!   stored; one bad row stores nothing, and the error names each bad line.
//!   `--drop-invalid-fields` is the one way around it, for old spam whose
//!   e-mail or website field WordPress never checked.
//! - **Running it again is safe.** A label already in the store (same label,
//!   text, author and article) is passed over, so an import interrupted
//!   part-way is finished by running the same command again, and importing
//!   one file twice adds nothing.
//! - **Nothing a row says is echoed.** Error messages name lines and fields,
//!   never values: the file is full of commenters' e-mail and IP addresses.

use super::{CommandError, field_errors};
use crate::config::Settings;
use crate::http::routes::feedback::{FeedbackRequest, feedback_row, parse_request};
use crate::privacy::PrivacyHasher;
use crate::store::{Backend, Label, NewFeedback, Store};
use crate::wire::{ArticleFields, AuthorFields, IdValue, ModerateRequest, ParseError};
use std::collections::{BTreeMap, HashSet};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// One `POST /v1/feedback` body per line.
    Jsonl,
    /// A header row naming [`CSV_COLUMNS`] (or WordPress's names for them),
    /// then one label per row; the delimiter (`,`, `;` or tab) is read from
    /// the header.
    Csv,
}

/// Columns of the CSV format: the fields of a `POST /v1/feedback` body,
/// flattened. `content` is required, and a label: the `label` column, else
/// WordPress's `comment_approved`, else `--label`.
pub const CSV_COLUMNS: [&str; 9] = [
    "label",
    "content",
    "author_name",
    "author_email",
    "author_url",
    "author_ip",
    "article_id",
    "article_url",
    "decision_id",
];

/// WordPress's names for the same columns (the `wp_comments` table and
/// `wp comment list --format=csv`).
const WORDPRESS_COLUMNS: [(&str, &str); 6] = [
    ("comment_content", "content"),
    ("comment_author", "author_name"),
    ("comment_author_email", "author_email"),
    ("comment_author_url", "author_url"),
    ("comment_author_IP", "author_ip"),
    ("comment_post_ID", "article_id"),
];

/// The WordPress column read for the label.
const WORDPRESS_STATUS: &str = "comment_approved";

/// Other WordPress columns, passed over: ids, dates and the like say
/// nothing a label needs.
const WORDPRESS_IGNORED_COLUMNS: [&str; 9] = [
    "comment_ID",
    "comment_date",
    "comment_date_gmt",
    "comment_karma",
    "comment_agent",
    "comment_type",
    "comment_parent",
    "user_id",
    "url",
];

/// A WordPress comment status as a moderator's verdict. Pending (`0`),
/// trashed and unknown statuses are none.
fn wordpress_verdict(status: &str) -> Option<Label> {
    match status {
        "spam" => Some(Label::Spam),
        "1" | "approve" | "approved" => Some(Label::Ham),
        _ => None,
    }
}

/// The form fields `--drop-invalid-fields` may empty.
const DROPPABLE_FIELDS: [&str; 3] = ["author.email", "author.url", "author.ip"];

/// Rows per transaction.
const CHUNK: usize = 1000;

/// How rows are read.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The label of rows that have none (`--label spam` for a file of spam).
    pub label: Option<Label>,
    /// Empty an invalid e-mail, website or IP field (and count it) instead
    /// of refusing the row.
    pub drop_invalid_fields: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub stored: u64,
    /// Rows passed over because the same label was already stored (or came
    /// earlier in the file).
    pub already_stored: u64,
    /// Invalid fields emptied by `--drop-invalid-fields`.
    pub dropped_fields: u64,
    /// Stored labels by label name.
    pub by_label: BTreeMap<&'static str, u64>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "imported {} labels", self.stored)?;
        if !self.by_label.is_empty() {
            let by_label: Vec<String> = self.by_label.iter().map(|(label, n)| format!("{label} {n}")).collect();
            write!(f, " ({})", by_label.join(", "))?;
        }
        if self.already_stored > 0 {
            write!(f, "; {} already in the store, passed over", self.already_stored)?;
        }
        if self.dropped_fields > 0 {
            write!(f, "; {} invalid e-mail, website or IP fields left empty", self.dropped_fields)?;
        }
        Ok(())
    }
}

/// A row as read: its line in the input, and the request or why it is not
/// one.
type Row = (u64, Result<FeedbackRequest, String>);

/// Stores the labelled comments of `input`; see the module documentation.
pub fn feedback_import(
    settings: &Settings,
    format: ImportFormat,
    mut input: impl std::io::Read,
    options: &ImportOptions,
) -> Result<ImportSummary, CommandError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(|source| CommandError::Read { path: "<input>".into(), source })?;
    let rows = match format {
        ImportFormat::Jsonl => jsonl_rows(&bytes)?,
        ImportFormat::Csv => csv_rows(&bytes)?,
    };

    let mut summary = ImportSummary::default();
    let mut checked = Vec::with_capacity(rows.len());
    let mut errors = Vec::new();
    for (line, request) in rows {
        match request.and_then(|r| check_row(r, options, &mut summary)) {
            Ok(checked_row) => checked.push(checked_row),
            Err(message) => errors.push(format!("line {line}: {}", redact(&message))),
        }
    }
    if !errors.is_empty() {
        let shown = errors.iter().take(10).cloned().collect::<Vec<_>>().join("\n  ");
        let more = match errors.len() {
            n if n > 10 => format!("\n  and {} more", n - 10),
            _ => String::new(),
        };
        let hint = if options.drop_invalid_fields {
            ""
        } else {
            "\n(--drop-invalid-fields keeps rows whose only fault is an invalid e-mail, website or IP field)"
        };
        return Err(CommandError::InvalidImport(format!(
            "{} of the rows are not valid:\n  {shown}{more}{hint}",
            errors.len()
        )));
    }

    let hasher = hasher_for(settings)?;
    let store = Store::open(&settings.store)?;
    let result = store_rows(&store, &hasher, checked, &mut summary);
    store.shutdown(std::time::Duration::from_secs(5));
    result.map(|()| summary)
}

/// Validates one row as the endpoint would, after the label defaults.
fn check_row(
    mut request: FeedbackRequest,
    options: &ImportOptions,
    summary: &mut ImportSummary,
) -> Result<(crate::domain::Comment, Label, Option<String>), String> {
    if request.label.as_deref().is_none_or(|l| l.trim().is_empty()) {
        request.label = options.label.map(|l| l.as_str().to_string());
    }
    match parse_request(request.clone()) {
        Ok(parsed) => Ok(parsed),
        Err(errors)
            if options.drop_invalid_fields && errors.iter().all(|e| DROPPABLE_FIELDS.contains(&e.field.as_str())) =>
        {
            let author = request.comment.author.get_or_insert_with(AuthorFields::default);
            for e in &errors {
                match e.field.as_str() {
                    "author.email" => author.email = None,
                    "author.url" => author.url = None,
                    _ => author.ip = None,
                }
            }
            summary.dropped_fields += errors.len() as u64;
            parse_request(request).map_err(|e| field_errors(&e))
        }
        Err(errors) => Err(field_errors(&errors)),
    }
}

/// The store key of the service's hashes. With SQLite the key file lives
/// in the data directory the service uses, so the first of them to run
/// creates it; a shared PostgreSQL store must use the key its services
/// use, so the import never invents one.
fn hasher_for(settings: &Settings) -> Result<PrivacyHasher, CommandError> {
    let configured = &settings.privacy.hash_key;
    let data_dir = &settings.store.data_dir;
    let hasher = match Store::backend_of(&settings.store) {
        Backend::Sqlite => PrivacyHasher::load_or_create(configured, data_dir)?,
        Backend::Postgres => PrivacyHasher::load_existing(configured, data_dir)?,
    };
    Ok(hasher)
}

/// Stores the rows not already in the store, in chunks.
fn store_rows(
    store: &Store,
    hasher: &PrivacyHasher,
    rows: Vec<(crate::domain::Comment, Label, Option<String>)>,
    summary: &mut ImportSummary,
) -> Result<(), CommandError> {
    let mut seen: HashSet<ImportKey> =
        store.block_on(store.export())?.iter().map(|r| ImportKey::of(&r.feedback)).collect();
    let mut pending: Vec<NewFeedback> = Vec::new();
    for (comment, label, decision_id) in rows {
        let row = feedback_row(hasher, &comment, label, decision_id, "import");
        if seen.insert(ImportKey::of(&row)) {
            pending.push(row);
        } else {
            summary.already_stored += 1;
        }
    }
    let mut rows = pending.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<NewFeedback> = rows.by_ref().take(CHUNK).collect();
        let labels: Vec<&'static str> = chunk.iter().map(|r| r.label.as_str()).collect();
        store
            .block_on(store.import(chunk))
            .map_err(|source| CommandError::ImportInterrupted { stored: summary.stored, source })?;
        summary.stored += labels.len() as u64;
        for label in labels {
            *summary.by_label.entry(label).or_default() += 1;
        }
        tracing::info!(stored = summary.stored, "labels imported");
    }
    Ok(())
}

/// What makes two labels the same for an import: the label, the text, the
/// author (hashed e-mail, website) and the article.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ImportKey {
    label: Label,
    content: String,
    author_email_hash: Option<String>,
    author_url: Option<String>,
    article_id: Option<String>,
}

impl ImportKey {
    fn of(f: &NewFeedback) -> ImportKey {
        ImportKey {
            label: f.label,
            content: f.content.clone(),
            author_email_hash: f.author_email_hash.clone(),
            author_url: f.author_url.clone(),
            article_id: f.article_id.clone(),
        }
    }
}

/// Replaces every quoted value in a message (`"…"`, `` `…` ``) with an
/// ellipsis: parser messages quote what they could not read, and that may
/// be an e-mail address.
fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut closing: Option<char> = None;
    let mut escaped = false;
    for c in message.chars() {
        match closing {
            Some(end) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == end {
                    out.push('…');
                    out.push(c);
                    closing = None;
                }
            }
            None => {
                out.push(c);
                if c == '"' || c == '`' {
                    closing = Some(c);
                }
            }
        }
    }
    if closing.is_some() {
        out.push('…');
    }
    out
}

/// JSON lines, numbered as in the file; blank lines are passed over.
fn jsonl_rows(bytes: &[u8]) -> Result<Vec<Row>, CommandError> {
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut rows = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = index as u64 + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if rows.is_empty() && line.trim_ascii_start().first() != Some(&b'{') {
            return Err(CommandError::InvalidImport(format!(
                "line {number} is not a JSON object; for CSV, use --format csv"
            )));
        }
        let request = match std::str::from_utf8(line) {
            Err(_) => Err("not UTF-8 text".to_string()),
            Ok(text) => crate::wire::parse_json::<FeedbackRequest>(text.as_bytes()).map_err(|e| match e {
                ParseError::Malformed(message) => format!("not valid JSON: {message}"),
                ParseError::InvalidFields(errors) => field_errors(&errors),
            }),
        };
        rows.push((number, request));
    }
    Ok(rows)
}

/// CSV rows with their first line in the file.
fn csv_rows(bytes: &[u8]) -> Result<Vec<Row>, CommandError> {
    let invalid = |message: String| CommandError::InvalidImport(message);
    let header_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter =
        [b',', b';', b'\t'].into_iter().max_by_key(|d| header_line.iter().filter(|b| *b == d).count()).unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(bytes);
    let raw_headers = reader.headers().map_err(|e| invalid(format!("the header row cannot be read: {e}")))?.clone();
    let mut headers: Vec<&str> = Vec::with_capacity(raw_headers.len());
    for raw in raw_headers.iter() {
        let name = WORDPRESS_COLUMNS.iter().find(|(wp, _)| *wp == raw).map_or(raw, |(_, ours)| ours);
        let known =
            CSV_COLUMNS.contains(&name) || name == WORDPRESS_STATUS || WORDPRESS_IGNORED_COLUMNS.contains(&name);
        if !known {
            let looks_like_a_name = !name.is_empty()
                && name.len() <= 40
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            // A data row where the header should be would otherwise be
            // printed back, addresses and all.
            return Err(invalid(if looks_like_a_name {
                format!(
                    "unknown column {name:?}; the columns are {} (or WordPress's names for them)",
                    CSV_COLUMNS.join(", ")
                )
            } else {
                format!(
                    "the first row is not a header row; it must name the columns ({}, or WordPress's names)",
                    CSV_COLUMNS.join(", ")
                )
            }));
        }
        if headers.contains(&name) {
            return Err(invalid(format!("the column {name:?} appears twice (under its own or WordPress's name)")));
        }
        headers.push(name);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| invalid(format!("the CSV cannot be read: {}", redact(&e.to_string()))))?;
        let line = record.position().map_or(0, |p| p.line());
        let request = if record.len() == headers.len() {
            csv_request(&headers, &record)
        } else {
            Err(format!("the row has {} fields where the header has {}", record.len(), headers.len()))
        };
        rows.push((line, request));
    }
    Ok(rows)
}

/// A CSV row as the JSON body it stands for (`author_email` → `author.email`).
fn csv_request(headers: &[&str], record: &csv::StringRecord) -> Result<FeedbackRequest, String> {
    let field = |name: &str| {
        headers
            .iter()
            .position(|h| *h == name)
            .and_then(|i| record.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let label = match (field("label"), field(WORDPRESS_STATUS)) {
        (Some(label), _) => Some(label),
        (None, Some(status)) => match wordpress_verdict(&status) {
            Some(label) => Some(label.as_str().to_string()),
            None => {
                return Err(format!(
                    "{WORDPRESS_STATUS} is not a moderator's verdict (only spam and 1, approved, are; pending and \
                     trashed comments are neither: export with --status=spam,approve)"
                ));
            }
        },
        (None, None) => None,
    };
    Ok(FeedbackRequest {
        comment: ModerateRequest {
            content: field("content"),
            author: Some(AuthorFields {
                name: field("author_name"),
                email: field("author_email"),
                url: field("author_url"),
                ip: field("author_ip"),
                ..AuthorFields::default()
            }),
            article: Some(ArticleFields {
                id: field("article_id").map(IdValue::Text),
                url: field("article_url"),
                title: None,
            }),
            ..ModerateRequest::default()
        },
        label,
        decision_id: field("decision_id"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_hides_every_quoted_value() {
        assert_eq!(
            redact(r#"invalid type: string "jane@example.com", expected struct AuthorFields at line 1"#),
            r#"invalid type: string "…", expected struct AuthorFields at line 1"#
        );
        assert_eq!(redact("integer `5`, expected a string"), "integer `…`, expected a string");
        assert_eq!(redact(r#""a \"quoted\" b" and "c"#), r#""…" and "…"#);
        assert_eq!(redact("no quotes here"), "no quotes here");
    }

    #[test]
    fn every_label_name_parses_back_to_itself() {
        // `--label` offers Label::NAMES; each must be a label.
        for name in Label::NAMES {
            assert_eq!(Label::parse(name).map(Label::as_str), Some(name));
        }
    }

    #[test]
    fn only_spam_and_approved_are_verdicts() {
        assert_eq!(wordpress_verdict("spam"), Some(Label::Spam));
        assert_eq!(wordpress_verdict("1"), Some(Label::Ham));
        for status in ["0", "trash", "post-trashed", "hold", ""] {
            assert_eq!(wordpress_verdict(status), None, "{status}");
        }
    }
}
