//! The embedded SQLite back end.
//!
//! One connection behind a mutex (SQLite serialises writers anyway), in
//! WAL mode with `synchronous=FULL`, so a committed label survives a crash
//! of the process and of the machine. The database is
//! `<data_dir>/feedback.sqlite3`.
//!
//! The store checks before every write that the file it has open is still
//! the file at its path: a database deleted or replaced underneath a running
//! process would otherwise keep accepting writes into an unlinked file,
//! acknowledging labels that are already lost. In that case, and whenever
//! the database cannot be opened or written, the store reports itself
//! unavailable and tries again on the next call.

use super::{COLUMNS, FeedbackRecord, Label, NewFeedback, StoreError, Stored};
use crate::config::StoreSettings;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::PathBuf;
use std::sync::Mutex;

const FILE_NAME: &str = "feedback.sqlite3";

struct Open {
    conn: Connection,
    identity: Option<(u64, u64)>,
}

pub struct SqliteStore {
    path: PathBuf,
    max_pages: Option<u64>,
    conn: Mutex<Option<Open>>,
}

fn unavailable(context: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{context}: {e}"))
}

#[cfg(unix)]
fn file_identity(path: &std::path::Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn file_identity(path: &std::path::Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.len(), 0))
}

impl SqliteStore {
    pub fn new(settings: &StoreSettings) -> SqliteStore {
        let store = SqliteStore {
            path: settings.data_dir.join(FILE_NAME),
            // SQLite's default page is 4 KiB.
            max_pages: (settings.max_db_mb > 0).then(|| settings.max_db_mb * 256),
            conn: Mutex::new(None),
        };
        // Open eagerly when possible so start-up reports problems early;
        // failure is not fatal (see module docs).
        if let Err(e) = store.with_conn(|_| Ok(())) {
            tracing::warn!(error = %e, "feedback store not available at start-up; feedback will answer 503 until it is");
        }
        store
    }

    fn open(&self) -> Result<Open, StoreError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| unavailable(&format!("cannot create {}", dir.display()), e))?;
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(&format!("cannot open {}", self.path.display()), e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| unavailable("busy_timeout", e))?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| unavailable(&format!("cannot use {}", self.path.display()), e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Unavailable(format!(
                "{} cannot use WAL journaling (got {mode})",
                self.path.display()
            )));
        }
        conn.execute_batch(&format!(
            "PRAGMA synchronous=FULL;
             CREATE TABLE IF NOT EXISTS feedback (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 created_at INTEGER NOT NULL,
                 label TEXT NOT NULL CHECK (label IN ('spam', 'ham', 'abuse', 'civil')),
                 content TEXT NOT NULL,
                 author_name TEXT,
                 author_email_hash TEXT,
                 author_email_tld TEXT,
                 author_url TEXT,
                 author_ip_hash TEXT,
                 article_id TEXT,
                 article_url TEXT,
                 decision_id TEXT,
                 source TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS feedback_author ON feedback (author_email_hash);
             CREATE INDEX IF NOT EXISTS feedback_content_prefix ON feedback (substr(content, 1, 64));
             {}",
            self.max_pages.map(|p| format!("PRAGMA max_page_count={p};")).unwrap_or_default()
        ))
        .map_err(|e| unavailable(&format!("cannot prepare {}", self.path.display()), e))?;
        Ok(Open { conn, identity: file_identity(&self.path) })
    }

    /// Runs `f` on an open, still-valid connection, (re)opening as needed.
    fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(open) = guard.as_ref()
            && (open.identity.is_none() || file_identity(&self.path) != open.identity)
        {
            *guard = None;
            return Err(StoreError::Unavailable(format!(
                "the database file {} was removed or replaced while in use",
                self.path.display()
            )));
        }
        if guard.is_none() {
            *guard = Some(self.open()?);
        }
        let open = guard.as_ref().expect("opened above");
        let result = f(&open.conn);
        if result.is_err() {
            // Start from a fresh connection next time.
            *guard = None;
        }
        result
    }

    pub fn insert(&self, feedback: NewFeedback) -> Result<Stored, StoreError> {
        self.with_conn(|conn| {
            // One connection behind a lock: no other insert can come between
            // the look and the write.
            let latest = conn
                .query_row(
                    super::LATEST_FOR_COMMENT,
                    params![
                        feedback.content,
                        feedback.author_email_hash,
                        feedback.author_url,
                        feedback.article_id,
                        feedback.article_url,
                        feedback.decision_id,
                        super::content_prefix(&feedback.content),
                    ],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
                )
                .optional()
                .map_err(|e| unavailable("cannot read labels", e))?;
            if let Some((id, label)) = latest
                && label == feedback.label.as_str()
            {
                return Ok(Stored { id, repeated: true });
            }
            insert_row(conn, &feedback)?;
            Ok(Stored { id: conn.last_insert_rowid(), repeated: false })
        })
    }

    pub fn insert_all(&self, feedback: &[NewFeedback]) -> Result<u64, StoreError> {
        self.with_conn(|conn| {
            let tx = conn.unchecked_transaction().map_err(|e| unavailable("cannot store the labels", e))?;
            for row in feedback {
                insert_row(&tx, row)?;
            }
            tx.commit().map_err(|e| unavailable("cannot store the labels", e))?;
            Ok(feedback.len() as u64)
        })
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        self.with_conn(|conn| {
            conn.query_row("SELECT COUNT(*) FROM feedback", [], |r| r.get::<_, i64>(0))
                .map(|n| n as u64)
                .map_err(|e| unavailable("cannot count labels", e))
        })
    }

    pub fn export(&self) -> Result<Vec<FeedbackRecord>, StoreError> {
        self.with_conn(|conn| {
            let mut stmt = conn
                .prepare(&format!("SELECT id, {COLUMNS} FROM feedback ORDER BY id"))
                .map_err(|e| unavailable("cannot read labels", e))?;
            let rows = stmt
                .query_map([], |r| {
                    let label: String = r.get(2)?;
                    Ok(FeedbackRecord {
                        id: r.get(0)?,
                        created_at: r.get(1)?,
                        feedback: NewFeedback {
                            label: Label::parse(&label).unwrap_or(Label::Ham),
                            content: r.get(3)?,
                            author_name: r.get(4)?,
                            author_email_hash: r.get(5)?,
                            author_email_tld: r.get(6)?,
                            author_url: r.get(7)?,
                            author_ip_hash: r.get(8)?,
                            article_id: r.get(9)?,
                            article_url: r.get(10)?,
                            decision_id: r.get(11)?,
                            source: r.get(12)?,
                        },
                    })
                })
                .map_err(|e| unavailable("cannot read labels", e))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(|e| unavailable("cannot read labels", e))
        })
    }

    pub fn approved_authors(&self) -> Result<Vec<(String, u32)>, StoreError> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare(super::APPROVED_AUTHORS).map_err(|e| unavailable("cannot read authors", e))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u32)))
                .map_err(|e| unavailable("cannot read authors", e))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(|e| unavailable("cannot read authors", e))
        })
    }

    /// Checkpoints the WAL and closes the connection.
    pub fn close(&self) {
        let mut guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(open) = guard.take() {
            let _ = open.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
            if let Err((_, e)) = open.conn.close() {
                tracing::warn!(error = %e, "closing the feedback database failed");
            }
        }
    }
}

fn insert_row(conn: &Connection, feedback: &NewFeedback) -> Result<(), StoreError> {
    conn.execute(
        &format!("INSERT INTO feedback ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            crate::moderator::unix_now(),
            feedback.label.as_str(),
            feedback.content,
            feedback.author_name,
            feedback.author_email_hash,
            feedback.author_email_tld,
            feedback.author_url,
            feedback.author_ip_hash,
            feedback.article_id,
            feedback.article_url,
            feedback.decision_id,
            feedback.source,
        ],
    )
    .map_err(|e| unavailable("cannot store the label", e))?;
    Ok(())
}
