//! The feedback store: moderators' labels, kept durably for retraining.
//!
//! Two back ends behind one type: an embedded SQLite database in the data
//! directory (the default; WAL journal, `synchronous=FULL`), or PostgreSQL
//! when `store.database_url` is a `postgres://` URL, so that several
//! replicas share one store.
//!
//! A label is acknowledged only after its row is committed. When the store
//! cannot take a write (database gone, disk or quota full, read-only, server
//! down) the caller gets [`StoreError::Unavailable`], which the HTTP layer
//! answers with 503; moderation does not depend on the store and keeps
//! answering.
//!
//! Commenters' e-mail and IP addresses are stored only as keyed hashes
//! (see [`crate::privacy`]); of the e-mail, the top-level domain is kept in
//! clear because the model uses it.
//!
//! All database work runs on the store's own small runtime, so a slow
//! database never blocks an HTTP worker thread.

pub mod postgres;
pub mod sqlite;

use crate::config::StoreSettings;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::time::Duration;

/// A moderator's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    Spam,
    Ham,
    Abuse,
    Civil,
}

impl Label {
    /// Every label's name, as clients write it.
    pub const NAMES: [&'static str; 4] = ["spam", "ham", "abuse", "civil"];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Spam => "spam",
            Label::Ham => "ham",
            Label::Abuse => "abuse",
            Label::Civil => "civil",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Some(match s {
            "spam" => Label::Spam,
            "ham" => Label::Ham,
            "abuse" => Label::Abuse,
            "civil" => Label::Civil,
            _ => return None,
        })
    }

    /// Whether the label approves of the comment (ham or civil).
    pub fn approves(self) -> bool {
        matches!(self, Label::Ham | Label::Civil)
    }
}

/// A label to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFeedback {
    pub label: Label,
    pub content: String,
    pub author_name: Option<String>,
    /// Keyed hash of the e-mail address.
    pub author_email_hash: Option<String>,
    /// Top-level domain of the e-mail address (`com`, `ru`).
    pub author_email_tld: Option<String>,
    pub author_url: Option<String>,
    /// Keyed hash of the IP address.
    pub author_ip_hash: Option<String>,
    pub article_id: Option<String>,
    pub article_url: Option<String>,
    pub decision_id: Option<String>,
    /// Which API the label came through (`api`, `akismet`, `perspective`).
    pub source: String,
}

/// What [`Store::insert`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    /// The label was the latest for its comment already; nothing was added.
    pub repeated: bool,
}

/// The latest label for the comment of a new one: same text, author
/// (hashed e-mail, website), article and decision id, a missing field only
/// matching a missing (or empty) one. One SQL for both stores (`?n` is
/// Postgres's `$n`). `?7` is the text's first 64 characters
/// ([`content_prefix`]), looked up in the `feedback_content_prefix` index
/// of both schemas so that a label is not checked against the whole
/// table. The other fields are compared through expressions, `content ||
/// ''` and `coalesce`, so that SQLite uses that index: with `content = ?1`
/// it folds the prefix into a constant, and with a bare column it prefers
/// the author index, which every anonymous label shares.
pub(crate) const LATEST_FOR_COMMENT: &str = "SELECT id, label FROM feedback
     WHERE substr(content, 1, 64) = ?7 AND content || '' = ?1
       AND coalesce(author_email_hash, '') = coalesce(?2, '') AND coalesce(author_url, '') = coalesce(?3, '')
       AND coalesce(article_id, '') = coalesce(?4, '') AND coalesce(article_url, '') = coalesce(?5, '')
       AND coalesce(decision_id, '') = coalesce(?6, '')
     ORDER BY id DESC LIMIT 1";

/// The key of the `feedback_content_prefix` index for `content`: its first
/// 64 characters, as SQL's `substr(content, 1, 64)` counts them.
pub(crate) fn content_prefix(content: &str) -> String {
    content.chars().take(64).collect()
}

/// `(author e-mail hash, approvals since the author's last spam or abuse
/// label)` (see [`Store::approved_authors`]); the same SQL for SQLite and
/// Postgres.
pub(crate) const APPROVED_AUTHORS: &str = "SELECT f.author_email_hash, COUNT(*) FROM feedback f
     WHERE f.author_email_hash IS NOT NULL
       AND f.label IN ('ham', 'civil')
       AND f.id > COALESCE((SELECT MAX(g.id) FROM feedback g
                            WHERE g.author_email_hash = f.author_email_hash
                              AND g.label IN ('spam', 'abuse')), 0)
     GROUP BY f.author_email_hash";

/// A stored label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackRecord {
    pub id: i64,
    /// Unix time (seconds) it was stored.
    pub created_at: i64,
    #[serde(flatten)]
    pub feedback: NewFeedback,
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The store cannot serve right now; the caller may retry later.
    #[error("the feedback store is unavailable: {0}")]
    Unavailable(String),
    /// The store was configured wrongly.
    #[error("the feedback store is misconfigured: {0}")]
    Config(String),
}

/// Which back end a store uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

enum Inner {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PostgresStore),
}

/// The feedback store.
pub struct Store {
    inner: std::sync::Arc<Inner>,
    handle: tokio::runtime::Handle,
    /// Taken (and shut down) by [`Store::shutdown`].
    runtime: std::sync::Mutex<Option<tokio::runtime::Runtime>>,
    timeout: Duration,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend()).finish()
    }
}

impl Store {
    /// Opens the configured store. SQLite opens lazily if it cannot open
    /// now (a read-only or missing directory must not stop moderation);
    /// PostgreSQL connects on first use.
    pub fn open(settings: &StoreSettings) -> Result<Store, StoreError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // SQLite calls wait on these; a stalled disk must not pile up
            // threads without bound.
            .max_blocking_threads(8)
            .thread_name("feedback-store")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Config(format!("cannot start the store runtime: {e}")))?;
        let inner = if settings.database_url.is_empty() {
            Inner::Sqlite(sqlite::SqliteStore::new(settings))
        } else {
            let _guard = runtime.enter();
            Inner::Postgres(postgres::PostgresStore::new(settings)?)
        };
        Ok(Store {
            inner: std::sync::Arc::new(inner),
            handle: runtime.handle().clone(),
            runtime: std::sync::Mutex::new(Some(runtime)),
            timeout: Duration::from_millis(settings.timeout_ms),
        })
    }

    /// The back end `settings` select, without opening it.
    pub fn backend_of(settings: &StoreSettings) -> Backend {
        if settings.database_url.is_empty() { Backend::Sqlite } else { Backend::Postgres }
    }

    pub fn backend(&self) -> Backend {
        match *self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs `f` on the store runtime with the store's timeout.
    async fn run<T, F, Fut>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(std::sync::Arc<Inner>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        self.run_within(self.timeout, f).await
    }

    /// Runs `f` on the store runtime within `timeout`.
    async fn run_within<T, F, Fut>(&self, timeout: Duration, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(std::sync::Arc<Inner>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, StoreError>> + Send + 'static,
    {
        if self.runtime.lock().map(|r| r.is_none()).unwrap_or(true) {
            return Err(StoreError::Unavailable("the store is shut down".into()));
        }
        let inner = std::sync::Arc::clone(&self.inner);
        let task = self.handle.spawn(async move {
            match tokio::time::timeout(timeout, f(inner)).await {
                Ok(result) => result,
                Err(_) => Err(StoreError::Unavailable(format!(
                    "no answer from the database within {} ms",
                    timeout.as_millis()
                ))),
            }
        });
        task.await.map_err(|e| StoreError::Unavailable(format!("store task failed: {e}")))?
    }

    /// Stores a label; returns its id once committed. A label that repeats
    /// the latest one for the same comment (same text, author, article and
    /// decision id: a client's retry) is not stored again: its id is
    /// returned with [`Stored::repeated`] set. A different label for the
    /// same comment (a moderator changing their mind) is stored.
    pub async fn insert(&self, feedback: NewFeedback) -> Result<Stored, StoreError> {
        self.run(move |inner| async move {
            match &*inner {
                Inner::Sqlite(_) => sqlite_blocking(inner, move |s| s.insert(feedback)).await,
                Inner::Postgres(p) => p.insert(&feedback).await,
            }
        })
        .await
    }

    /// Stores many labels in one transaction (an import): all of them are
    /// committed, or none. Returns how many were stored. The time limit is
    /// the store's timeout or a minute, whichever is longer: a batch is
    /// not a request someone waits on, and a cut-off commit leaves its
    /// outcome unknown.
    pub async fn import(&self, feedback: Vec<NewFeedback>) -> Result<u64, StoreError> {
        self.run_within(self.timeout.max(IMPORT_TIMEOUT), move |inner| async move {
            match &*inner {
                Inner::Sqlite(_) => sqlite_blocking(inner, move |s| s.insert_all(&feedback)).await,
                Inner::Postgres(p) => p.insert_all(&feedback).await,
            }
        })
        .await
    }

    /// Number of stored labels.
    pub async fn count(&self) -> Result<u64, StoreError> {
        self.run(|inner| async move {
            match &*inner {
                Inner::Sqlite(_) => sqlite_blocking(inner, move |s| s.count()).await,
                Inner::Postgres(p) => p.count().await,
            }
        })
        .await
    }

    /// Every stored label, oldest first.
    pub async fn export(&self) -> Result<Vec<FeedbackRecord>, StoreError> {
        self.run(|inner| async move {
            match &*inner {
                Inner::Sqlite(_) => sqlite_blocking(inner, move |s| s.export()).await,
                Inner::Postgres(p) => p.export().await,
            }
        })
        .await
    }

    /// `(author e-mail hash, approvals since their last spam or abuse
    /// label)`, for authors with such approvals: what the running service's
    /// memory holds after the same labels (a spam or abuse label withdraws
    /// trust, later approvals build it again), so a restart changes no
    /// decision.
    pub async fn approved_authors(&self) -> Result<Vec<(String, u32)>, StoreError> {
        self.run(|inner| async move {
            match &*inner {
                Inner::Sqlite(_) => sqlite_blocking(inner, move |s| s.approved_authors()).await,
                Inner::Postgres(p) => p.approved_authors().await,
            }
        })
        .await
    }

    /// Checks the store can be reached.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.count().await.map(|_| ())
    }

    /// Runs a store call to completion from synchronous code (the
    /// command line). Must not be called from inside an async runtime.
    pub fn block_on<T>(&self, fut: impl Future<Output = T>) -> T {
        self.handle.block_on(fut)
    }

    /// Stops the store runtime (waiting up to `grace` for running work),
    /// then checkpoints and closes the database. Later calls fail as
    /// unavailable.
    pub fn shutdown(&self, grace: Duration) {
        let runtime = self.runtime.lock().ok().and_then(|mut r| r.take());
        if let Some(runtime) = runtime {
            runtime.shutdown_timeout(grace);
        }
        if let Inner::Sqlite(s) = &*self.inner {
            s.close();
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.get_mut().ok().and_then(Option::take) {
            runtime.shutdown_background();
        }
    }
}

/// Runs a SQLite call on a blocking thread: SQLite waits synchronously (disk
/// syncs, locks), and only a future that yields can be timed out.
async fn sqlite_blocking<T: Send + 'static>(
    inner: std::sync::Arc<Inner>,
    f: impl FnOnce(&sqlite::SqliteStore) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(move || match &*inner {
        Inner::Sqlite(s) => f(s),
        Inner::Postgres(_) => Err(StoreError::Config("not an SQLite store".into())),
    })
    .await
    .map_err(|e| StoreError::Unavailable(format!("store task failed: {e}")))?
}

/// The least time an import batch is given; see [`Store::import`].
const IMPORT_TIMEOUT: Duration = Duration::from_secs(60);

/// The schema, shared by both back ends (PostgreSQL swaps the id type).
pub(crate) const COLUMNS: &str = "created_at, label, content, author_name, author_email_hash, author_email_tld, author_url, author_ip_hash, article_id, article_url, decision_id, source";
