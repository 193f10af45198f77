//! The command-line tools' work, as library functions: `train`, `eval`,
//! `check`, `feedback export` and `feedback import` ([`import`]). The
//! binary only parses arguments and calls these.

use crate::config::Settings;
use crate::domain::{CommentDraft, FieldNames};
use crate::http::routes::moderate::ModerateResponse;
use crate::model::ModelError;
use crate::moderator::{ModerateOptions, Moderator, ModeratorError};
use crate::privacy::{PrivacyError, PrivacyHasher};
use crate::store::{Store, StoreError};
use crate::training::evaluation::{EvalReport, HandSetDir};
use crate::training::recipe::Recipe;
use crate::training::{TrainError, TrainOutput, card};
use std::io::Write;
use std::path::{Path, PathBuf};

pub mod import;
pub use import::{ImportFormat, ImportOptions, ImportSummary, feedback_import};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Train(#[from] TrainError),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Moderator(#[from] ModeratorError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Privacy(#[from] PrivacyError),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the comment is not valid: {0}")]
    InvalidComment(String),
    /// Rows of an import that cannot be stored; nothing was stored.
    #[error("nothing was imported: {0}")]
    InvalidImport(String),
    /// The store failed part-way through an import.
    #[error(
        "the import stopped after {stored} labels were stored (the batch that failed may or may not have been \
         stored); run the same command again, which passes over labels already stored: {source}"
    )]
    ImportInterrupted { stored: u64, source: StoreError },
}

/// What `moderator train` needs.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub recipe: PathBuf,
    pub model_out: PathBuf,
    pub card_out: PathBuf,
    /// Store settings to read feedback from, if labels should be added.
    pub feedback_from: Option<Settings>,
}

/// Trains, writes the model and its card; returns the output for reporting.
pub fn train(options: &TrainOptions) -> Result<TrainOutput, CommandError> {
    let recipe = Recipe::load(&options.recipe).map_err(TrainError::from)?;
    let feedback = feedback_examples(options.feedback_from.as_ref())?;
    let template_path = recipe.resolve(&recipe.card_template);
    let template =
        std::fs::read_to_string(&template_path).map_err(|source| CommandError::Read { path: template_path, source })?;
    let out = crate::training::train(recipe, feedback)?;
    out.fitted.file.write(&options.model_out)?;
    let card_text = card::model_card(&out, &template);
    write_file(&options.card_out, card_text.as_bytes())?;
    Ok(out)
}

/// The feedback store's labels as training examples (none without a store).
fn feedback_examples(settings: Option<&Settings>) -> Result<Vec<crate::training::datasets::Example>, CommandError> {
    let Some(settings) = settings else { return Ok(Vec::new()) };
    let store = Store::open(&settings.store)?;
    let records = store.block_on(store.export());
    store.shutdown(std::time::Duration::from_secs(5));
    let records = records?;
    if records.is_empty() {
        // Most likely the wrong data directory or database.
        tracing::warn!(data_dir = %settings.store.data_dir.display(), "the feedback store holds no labels");
    }
    tracing::info!(labels = records.len(), "adding moderator feedback");
    Ok(crate::training::feedback::examples(&records))
}

/// Field errors as one line: `field: message; field: message`.
fn field_errors(errors: &[crate::domain::FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| CommandError::Write { path: dir.to_path_buf(), source })?;
    }
    std::fs::write(path, bytes).map_err(|source| CommandError::Write { path: path.to_path_buf(), source })
}

/// What `moderator eval` needs.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub recipe: PathBuf,
    /// Directories of hand-written sets, each reported on its own.
    pub hand_sets: Vec<PathBuf>,
    /// Write every fold's rows here for the peer script, then stop.
    pub export_splits: Option<PathBuf>,
    /// Read peer scores from here.
    pub peers: Option<PathBuf>,
    /// Store settings to read feedback from, if labels should be added
    /// (as `train --with-feedback` would; they become one more source).
    pub feedback_from: Option<Settings>,
}

/// Runs the evaluation (or exports the splits, returning `None`).
pub fn evaluate(options: &EvalOptions) -> Result<Option<EvalReport>, CommandError> {
    let recipe = Recipe::load(&options.recipe).map_err(TrainError::from)?;
    let mut corpus = crate::training::datasets::Corpus::load(&recipe).map_err(TrainError::from)?;
    crate::training::add_feedback(&mut corpus, &recipe, feedback_examples(options.feedback_from.as_ref())?);
    let prepared = crate::training::Prepared::new(recipe, corpus)?;
    let sets = options.hand_sets.iter().map(|dir| HandSetDir::load(dir)).collect::<Result<Vec<_>, _>>()?;
    HandSetDir::check_distinct(&sets)?;
    if let Some(dir) = &options.export_splits {
        crate::training::evaluation::export_splits(&prepared, &sets, dir)?;
        return Ok(None);
    }
    Ok(Some(crate::training::evaluation::evaluate(&prepared, &sets, options.peers.as_deref())?))
}

/// A comment for `moderator check`.
#[derive(Debug, Clone, Default)]
pub struct CheckInput {
    pub content: String,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
}

/// Moderates one comment with the configured model and rules, exactly as
/// `POST /v1/moderate` would (without the duplicate and flood memory).
pub fn check(settings: &Settings, input: CheckInput) -> Result<ModerateResponse, CommandError> {
    // The privacy key only names things; `check` stores nothing.
    let moderator = Moderator::new(settings, PrivacyHasher::with_key(b"check"))?;
    let draft = CommentDraft {
        content: Some(input.content),
        author_name: input.author_name,
        author_email: input.author_email,
        author_url: input.author_url,
        ..Default::default()
    };
    let comment = draft
        .validate(FieldNames::JSON, false)
        .map_err(|errors| CommandError::InvalidComment(field_errors(&errors)))?;
    let moderation = moderator.moderate(&comment, ModerateOptions { remember: false });
    Ok(ModerateResponse::new(moderation, "check".into()))
}

/// Output formats of `moderator feedback export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// Writes every stored label to `out`.
pub fn feedback_export(settings: &Settings, format: ExportFormat, out: &mut dyn Write) -> Result<u64, CommandError> {
    let store = Store::open(&settings.store)?;
    let records = store.block_on(store.export())?;
    let stdout = || PathBuf::from("<stdout>");
    match format {
        ExportFormat::Jsonl => {
            for r in &records {
                serde_json::to_writer(&mut *out, r)
                    .map_err(|e| CommandError::Write { path: stdout(), source: e.into() })?;
                out.write_all(b"\n").map_err(|source| CommandError::Write { path: stdout(), source })?;
            }
        }
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer
                .write_record([
                    "id",
                    "created_at",
                    "label",
                    "content",
                    "author_name",
                    "author_email_hash",
                    "author_email_tld",
                    "author_url",
                    "author_ip_hash",
                    "article_id",
                    "article_url",
                    "decision_id",
                    "source",
                ])
                .map_err(|e| CommandError::Write { path: stdout(), source: e.into() })?;
            for r in &records {
                let f = &r.feedback;
                let o = |v: &Option<String>| v.clone().unwrap_or_default();
                writer
                    .write_record([
                        r.id.to_string(),
                        r.created_at.to_string(),
                        f.label.as_str().to_string(),
                        f.content.clone(),
                        o(&f.author_name),
                        o(&f.author_email_hash),
                        o(&f.author_email_tld),
                        o(&f.author_url),
                        o(&f.author_ip_hash),
                        o(&f.article_id),
                        o(&f.article_url),
                        o(&f.decision_id),
                        f.source.clone(),
                    ])
                    .map_err(|e| CommandError::Write { path: stdout(), source: e.into() })?;
            }
            writer.flush().map_err(|source| CommandError::Write { path: stdout(), source })?;
        }
    }
    store.shutdown(std::time::Duration::from_secs(5));
    Ok(records.len() as u64)
}

/// Asks a running service on `addr` for `GET /healthz` (for container
/// health checks: the runtime image has no curl). An unspecified address
/// (`0.0.0.0`) is reached on loopback.
pub fn healthcheck(addr: std::net::SocketAddr, timeout: std::time::Duration) -> Result<(), String> {
    use std::io::Read;
    let mut target = addr;
    if target.ip().is_unspecified() {
        target.set_ip(match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let mut stream = std::net::TcpStream::connect_timeout(&target, timeout)
        .map_err(|e| format!("cannot connect to {target}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(timeout)).map_err(|e| e.to_string())?;
    stream
        .write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .map_err(|e| format!("cannot send to {target}: {e}"))?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).map_err(|e| format!("no answer from {target}: {e}"))?;
    let status_line = String::from_utf8_lossy(&head[..n]);
    if status_line.starts_with("HTTP/1.1 200") || status_line.starts_with("HTTP/1.0 200") {
        Ok(())
    } else {
        Err(format!("unhealthy: {}", status_line.lines().next().unwrap_or("")))
    }
}
