//! The PostgreSQL back end, for replicas that share one store.
//!
//! A `deadpool-postgres` pool on the store's own runtime. The schema is
//! created on first use under an advisory lock, so replicas starting
//! together do not race each other.

use super::{COLUMNS, FeedbackRecord, Label, NewFeedback, StoreError, Stored};
use crate::config::StoreSettings;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::str::FromStr;
use tokio::sync::OnceCell;

pub struct PostgresStore {
    pool: Pool,
    schema: OnceCell<()>,
}

fn unavailable(context: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(format!("{context}: {e}"))
}

/// Schema creation; the advisory lock id is arbitrary but fixed.
const SCHEMA: &str = "
    SELECT pg_advisory_xact_lock(7240571903);
    CREATE TABLE IF NOT EXISTS feedback (
        id BIGSERIAL PRIMARY KEY,
        created_at BIGINT NOT NULL,
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
    CREATE INDEX IF NOT EXISTS feedback_content_prefix ON feedback (substr(content, 1, 64));";

impl PostgresStore {
    /// Builds the pool (connections are made on first use). Must be called
    /// inside the store runtime.
    pub fn new(settings: &StoreSettings) -> Result<PostgresStore, StoreError> {
        let config = tokio_postgres::Config::from_str(&settings.database_url)
            .map_err(|e| StoreError::Config(format!("store.database_url is not a valid PostgreSQL URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            tokio_postgres::NoTls,
            ManagerConfig { recycling_method: RecyclingMethod::Fast },
        );
        let pool = Pool::builder(manager)
            .max_size(settings.pool_size)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(std::time::Duration::from_millis(settings.timeout_ms)))
            .create_timeout(Some(std::time::Duration::from_millis(settings.timeout_ms)))
            .build()
            .map_err(|e| StoreError::Config(format!("cannot build the PostgreSQL pool: {e}")))?;
        Ok(PostgresStore { pool, schema: OnceCell::new() })
    }

    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        let mut client = self.pool.get().await.map_err(|e| unavailable("cannot reach PostgreSQL", e))?;
        // On the connection already held: asking the pool for a second one
        // could wait forever with a pool of one. Concurrent first calls may
        // each run this; the advisory lock and IF NOT EXISTS make that safe.
        if self.schema.get().is_none() {
            let tx = client.transaction().await.map_err(|e| unavailable("cannot create the schema", e))?;
            tx.batch_execute(SCHEMA).await.map_err(|e| unavailable("cannot create the schema", e))?;
            tx.commit().await.map_err(|e| unavailable("cannot create the schema", e))?;
            let _ = self.schema.set(());
        }
        Ok(client)
    }

    pub async fn insert(&self, f: &NewFeedback) -> Result<Stored, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(|e| unavailable("cannot store the label", e))?;
        // Replicas insert concurrently: the lock (held to the commit) keeps
        // two copies of one retried label from both finding none before.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&FEEDBACK_INSERT_LOCK])
            .await
            .map_err(|e| unavailable("cannot store the label", e))?;
        let latest = tx
            .query_opt(
                &super::LATEST_FOR_COMMENT.replace('?', "$"),
                &[
                    &f.content,
                    &f.author_email_hash,
                    &f.author_url,
                    &f.article_id,
                    &f.article_url,
                    &f.decision_id,
                    &super::content_prefix(&f.content),
                ],
            )
            .await
            .map_err(|e| unavailable("cannot read labels", e))?;
        if let Some(row) = latest
            && row.get::<_, String>(1) == f.label.as_str()
        {
            return Ok(Stored { id: row.get(0), repeated: true });
        }
        let row = tx
            .query_one(
                &format!("{} RETURNING id", insert_sql()),
                &row_params(&crate::moderator::unix_now(), &f.label.as_str(), f),
            )
            .await
            .map_err(|e| unavailable("cannot store the label", e))?;
        tx.commit().await.map_err(|e| unavailable("cannot store the label", e))?;
        Ok(Stored { id: row.get(0), repeated: false })
    }

    pub async fn insert_all(&self, feedback: &[NewFeedback]) -> Result<u64, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(|e| unavailable("cannot store the labels", e))?;
        let statement = tx.prepare(&insert_sql()).await.map_err(|e| unavailable("cannot store the labels", e))?;
        let now = crate::moderator::unix_now();
        let labels: Vec<&'static str> = feedback.iter().map(|f| f.label.as_str()).collect();
        let params: Vec<_> = feedback.iter().zip(&labels).map(|(f, label)| row_params(&now, label, f)).collect();
        // Issued together, the inserts are pipelined on the connection: one
        // round trip for the batch, not one per row.
        futures_util::future::try_join_all(params.iter().map(|p| tx.execute(&statement, p)))
            .await
            .map_err(|e| unavailable("cannot store the label", e))?;
        tx.commit().await.map_err(|e| unavailable("cannot store the labels", e))?;
        Ok(feedback.len() as u64)
    }

    pub async fn count(&self) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_one("SELECT COUNT(*) FROM feedback", &[])
            .await
            .map_err(|e| unavailable("cannot count labels", e))?;
        Ok(row.get::<_, i64>(0) as u64)
    }

    pub async fn export(&self) -> Result<Vec<FeedbackRecord>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(&format!("SELECT id, {COLUMNS} FROM feedback ORDER BY id"), &[])
            .await
            .map_err(|e| unavailable("cannot read labels", e))?;
        Ok(rows
            .iter()
            .map(|r| FeedbackRecord {
                id: r.get(0),
                created_at: r.get(1),
                feedback: NewFeedback {
                    label: Label::parse(r.get::<_, &str>(2)).unwrap_or(Label::Ham),
                    content: r.get(3),
                    author_name: r.get(4),
                    author_email_hash: r.get(5),
                    author_email_tld: r.get(6),
                    author_url: r.get(7),
                    author_ip_hash: r.get(8),
                    article_id: r.get(9),
                    article_url: r.get(10),
                    decision_id: r.get(11),
                    source: r.get(12),
                },
            })
            .collect())
    }

    pub async fn approved_authors(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let client = self.client().await?;
        let rows =
            client.query(super::APPROVED_AUTHORS, &[]).await.map_err(|e| unavailable("cannot read authors", e))?;
        Ok(rows.iter().map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1) as u32)).collect())
    }
}

/// The advisory lock that serializes single-label inserts (an arbitrary
/// key: "feedback" in ASCII).
const FEEDBACK_INSERT_LOCK: i64 = 0x6665_6564_6261_636b;

fn insert_sql() -> String {
    format!("INSERT INTO feedback ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
}

fn row_params<'a>(
    created_at: &'a i64,
    label: &'a &'static str,
    f: &'a NewFeedback,
) -> [&'a (dyn tokio_postgres::types::ToSql + Sync); 12] {
    [
        created_at,
        label,
        &f.content,
        &f.author_name,
        &f.author_email_hash,
        &f.author_email_tld,
        &f.author_url,
        &f.author_ip_hash,
        &f.article_id,
        &f.article_url,
        &f.decision_id,
        &f.source,
    ]
}
