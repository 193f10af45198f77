//! Configuration: defaults, then a TOML file, then environment variables,
//! then command-line flags; validated once at start-up.
//!
//! Every threshold, rule, limit, key and path of the service lives here and
//! is documented in `config/default.toml`, which holds exactly the built-in
//! defaults. Environment variables use the `MODERATOR_` prefix and `__` for
//! nesting (`MODERATOR_POLICY__MAX_LINKS=3`); a few common settings also
//! have short names:
//!
//! | variable | setting |
//! |---|---|
//! | `MODERATOR_ADDR` | `server.addr` |
//! | `MODERATOR_MODEL` | `model.path` |
//! | `MODERATOR_DATA_DIR` | `store.data_dir` |
//! | `MODERATOR_DATABASE_URL` | `store.database_url` |
//! | `MODERATOR_API_KEYS` | `auth.api_keys` (comma-separated) |
//! | `MODERATOR_ADMIN_KEY` | `auth.admin_key` |
//! | `MODERATOR_LOG_FORMAT` | `logging.format` |
//!
//! `MODERATOR_CONFIG` names the file itself. Unknown keys are errors, in the
//! file and in the environment alike, so a typo cannot silently leave a
//! default in place; every error names the key at fault.

use crate::model::{PerHead, Thresholds};
#[cfg(feature = "server")]
use figment::Figment;
#[cfg(feature = "server")]
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Deserializer, Serialize};
use std::net::SocketAddr;
#[cfg(feature = "server")]
use std::path::Path;
use std::path::PathBuf;

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path} does not exist")]
    MissingFile { path: PathBuf },
    #[cfg(feature = "server")]
    #[error("invalid configuration: {0}")]
    Parse(#[source] Box<figment::Error>),
    #[error("invalid configuration: {key}: {message}")]
    Invalid { key: String, message: String },
}

fn invalid(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { key: key.to_string(), message: message.into() }
}

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub server: ServerSettings,
    pub model: ModelSettings,
    pub store: StoreSettings,
    pub auth: AuthSettings,
    pub privacy: PrivacySettings,
    pub rate_limit: RateLimitSettings,
    pub form: FormSettings,
    pub policy: PolicySettings,
    pub integrations: IntegrationSettings,
    pub logging: LoggingSettings,
}

/// HTTP server settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Worker threads; 0 means one per CPU core.
    pub workers: usize,
    /// Largest request body accepted, in bytes (413 above).
    pub body_limit_bytes: usize,
    /// Time a client has to send its request head, in milliseconds
    /// (slow clients are cut off: 408).
    pub client_request_timeout_ms: u64,
    /// Time a client has to send its request body once the head has
    /// arrived, in milliseconds (408 after).
    pub body_timeout_ms: u64,
    /// Time allowed for a client to close the connection, in milliseconds.
    pub client_disconnect_timeout_ms: u64,
    /// Idle keep-alive, in seconds.
    pub keep_alive_seconds: u64,
    /// On SIGTERM, how long in-flight requests get to finish, in seconds.
    pub shutdown_timeout_seconds: u64,
    /// Most comments in one `/v1/moderate/batch` request.
    pub batch_max: usize,
    /// Largest `/v1/moderate/batch` body, in bytes.
    pub batch_body_limit_bytes: usize,
    /// Serve `/bench/echo`, a trivial JSON echo used by the load benchmark
    /// as the ceiling of any JSON endpoint. Off in production.
    pub bench_echo: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            addr: "127.0.0.1:8080".parse().expect("valid address"),
            workers: 0,
            body_limit_bytes: 256 * 1024,
            client_request_timeout_ms: 5_000,
            body_timeout_ms: 10_000,
            client_disconnect_timeout_ms: 1_000,
            keep_alive_seconds: 5,
            shutdown_timeout_seconds: 10,
            batch_max: 1_000,
            batch_body_limit_bytes: 4 * 1024 * 1024,
            bench_echo: false,
        }
    }
}

/// Model settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSettings {
    /// The model file.
    pub path: PathBuf,
    /// Thresholds that override the ones stored in the model, per head.
    pub thresholds: PerHead<Option<Thresholds>>,
    /// Evidence tokens returned per head.
    pub evidence_tokens: usize,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            path: PathBuf::from("models/moderator.model"),
            thresholds: PerHead { spam: None, abuse: None },
            evidence_tokens: 5,
        }
    }
}

/// Feedback store settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    /// Directory of the embedded SQLite database (`feedback.sqlite3`).
    pub data_dir: PathBuf,
    /// A `postgres://` URL to keep feedback in PostgreSQL instead (shared by
    /// all replicas). Empty: embedded SQLite in `data_dir`.
    pub database_url: String,
    /// PostgreSQL connection pool size.
    pub pool_size: usize,
    /// How long a feedback write may wait for the database, in milliseconds,
    /// before the request fails with 503.
    pub timeout_ms: u64,
    /// Size cap of the embedded SQLite database, in MiB; writes beyond it
    /// fail with 503 as on a full disk. 0: no cap.
    pub max_db_mb: u64,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            pool_size: 8,
            timeout_ms: 5_000,
            max_db_mb: 0,
        }
    }
}

/// Access keys.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthSettings {
    /// Keys for feedback, Akismet, Perspective and Coral callers.
    #[serde(deserialize_with = "comma_separated")]
    pub api_keys: Vec<String>,
    /// Key for `/admin/*`.
    pub admin_key: String,
    /// Whether `/v1/moderate` also requires an API key.
    pub require_key_for_moderation: bool,
}

/// Privacy settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrivacySettings {
    /// Secret key for hashing e-mail and IP addresses before they are logged,
    /// stored or remembered. Empty: a random key is created once in the data
    /// directory (`privacy.key`). Replicas sharing a PostgreSQL store must
    /// share this key.
    pub hash_key: String,
}

/// Per-client-IP rate limiting of the public moderation path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitSettings {
    pub enabled: bool,
    /// Sustained requests per minute per client IP.
    pub per_minute: u32,
    /// Requests allowed in a burst.
    pub burst: u32,
    /// Trust `X-Forwarded-For` for the client IP (only behind a proxy you run).
    pub trust_forwarded_for: bool,
}

impl Default for RateLimitSettings {
    fn default() -> Self {
        RateLimitSettings { enabled: true, per_minute: 600, burst: 60, trust_forwarded_for: false }
    }
}

/// The reply form's field rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormSettings {
    /// Name and e-mail required on the urlencoded reply form (WordPress
    /// `require_name_email`).
    pub require_name_email_form: bool,
    /// Name and e-mail required on JSON requests (a CMS may send signed-in
    /// users' comments without them).
    pub require_name_email_json: bool,
    /// Hidden field humans leave empty; a filled one means a bot. Empty: no
    /// honeypot.
    pub honeypot_field: String,
    /// Field holding the Unix time the form was rendered at. Empty: none.
    pub rendered_at_field: String,
}

impl Default for FormSettings {
    fn default() -> Self {
        FormSettings {
            require_name_email_form: true,
            require_name_email_json: false,
            honeypot_field: "hp_website".into(),
            rendered_at_field: "rendered_at".into(),
        }
    }
}

/// Rules applied beside the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicySettings {
    /// Hold a comment with this many links or more (WordPress
    /// `comment_max_links`); 0 disables.
    pub max_links: usize,
    /// Files of words and phrases that reject (one per line, `#` comments).
    pub blocked_words_files: Vec<PathBuf>,
    /// Files of words and phrases that hold.
    pub suspect_words_files: Vec<PathBuf>,
    /// Regular expressions (on the normalized words) that reject.
    pub blocked_patterns: Vec<String>,
    /// Regular expressions (on the normalized words) that hold.
    pub suspect_patterns: Vec<String>,
    /// Hold comments whose author name holds a commercial keyword, or whose
    /// website's domain holds two (the built-in list, plus the files below).
    pub commercial_author: bool,
    /// More commercial keywords for the author fields, one per line.
    pub commercial_author_words_files: Vec<PathBuf>,
    /// Hold short comments that come with a website and praise the post or
    /// the site in stock phrases (the built-in list, plus the files below).
    pub praise_with_link: bool,
    /// More stock phrases for `praise_with_link`, one per line.
    pub praise_phrases_files: Vec<PathBuf>,
    /// More words that point at the post or its writing ("your writing",
    /// "this post") for `praise_with_link`'s second form, one per line.
    pub praise_subjects_files: Vec<PathBuf>,
    /// More appreciation words ("love", "helpful") for `praise_with_link`'s
    /// second form, one per line.
    pub praise_words_files: Vec<PathBuf>,
    /// Hold comments that pitch something to the site's owner (SEO,
    /// backlinks, guest posts): two different entries of the built-in list
    /// plus the files below.
    pub owner_pitch: bool,
    /// More words for `owner_pitch`, one per line.
    pub owner_pitch_words_files: Vec<PathBuf>,
    /// `praise_with_link` reads comments of at most this many words: a
    /// longer one says something of its own.
    pub praise_with_link_max_words: usize,
    /// Longer comments, up to this many words, are held by
    /// `praise_with_link` only when they are made of its phrases: the long
    /// spun templates ("Wow, superb blog layout! How long have you been
    /// blogging for? ..."). At most `praise_with_link_max_words`: off.
    pub praise_with_link_long_max_words: usize,
    /// In such a longer comment, the phrases must run through it: no
    /// stretch of more than this many tokens without one.
    pub praise_with_link_long_max_gap: usize,
    /// ... and there must be at least this many different ones.
    pub praise_with_link_long_min_phrases: usize,
    /// Hold comments that name a group of people (the built-in identity
    /// terms, plus the files below) within `identity_attack_window` tokens
    /// of a hostile word or phrase (the built-in list, plus the files below).
    pub identity_attack: bool,
    /// More hostile words and phrases for `identity_attack`, one per line.
    pub identity_attack_phrases_files: Vec<PathBuf>,
    /// More derogatory traits for the generic-statement form of
    /// `identity_attack` ("Xs are liars"), one per line.
    pub identity_attack_traits_files: Vec<PathBuf>,
    /// More stereotyped claims for the generic-claim form of
    /// `identity_attack` ("Xs only understand force"), one per line.
    pub identity_attack_claims_files: Vec<PathBuf>,
    /// More calls for exclusion for the sixth form of `identity_attack`
    /// ("Xs shouldn't be allowed to vote"), one per line; they count only
    /// for groups of faith, ethnicity, gender, orientation or disability.
    pub identity_attack_exclusions_files: Vec<PathBuf>,
    /// More sweeping words for the generalization form of
    /// `identity_attack` ("Xs ... the lot of them"), one per line.
    pub identity_attack_sweeps_files: Vec<PathBuf>,
    /// More slurs for the slur form of `identity_attack`, one per line.
    pub identity_attack_slurs_files: Vec<PathBuf>,
    /// More tropes for the trope form of `identity_attack` (praise of
    /// Hitler's genocide, Holocaust denial), one per line.
    pub identity_attack_tropes_files: Vec<PathBuf>,
    /// More group names for `identity_attack`, one per line (a line is one
    /// entry: "asylum seekers" is a two-word name).
    pub identity_attack_groups_files: Vec<PathBuf>,
    /// How many tokens before or after a hostile phrase's first token a
    /// group name may be.
    pub identity_attack_window: usize,
    /// Hold comments that threaten or wish violence to the person
    /// addressed ("i will kill you", "hope you die": the built-in phrases,
    /// plus the files below).
    pub threat: bool,
    /// More threat phrases, one per line.
    pub threat_phrases_files: Vec<PathBuf>,
    /// Hold comments that call for or wish violence on others ("he should
    /// be executed", "hang them all", "I hope Putin dies"), in the
    /// constructions of `src/policy/threat.rs`, unless denied, asked or
    /// reported ("nobody deserves to die", "he said they should be shot").
    pub threat_others: bool,
    /// Score a comment without the words it quotes as a mention ("Calling
    /// immigrants \"invaders\" is ugly"), and do not read them as hostile
    /// words near a group: see `src/policy/mention.rs`.
    pub quoted_mentions: bool,
    /// A quoted mention holding a word that the abuse head weighs at least
    /// this much on its own (nats) is not blanked: profanity and insults
    /// stay abuse in quotation marks ("whore", "moron").
    pub quoted_mentions_keep_weight: f32,
    /// Mild swear words ("damn", "hell", "crap") that a comment aiming them
    /// at no one (no "you", no `@name`) is scored without: see
    /// `src/policy/swearing.rs`. Canonical single words, at most 64; empty:
    /// off.
    pub mild_swearing_words: Vec<String>,
    /// A mild swear word right before a word that the abuse head weighs at
    /// least this much on its own (nats), or before a group's name, keeps
    /// its weight: "bloody fool", "bloody Russians".
    pub mild_swearing_keep_before_weight: f32,
    /// Act on a comment's spam score only if it carries a payload (a link,
    /// an advertiser's website, an e-mail address, phone number or contact
    /// channel);
    /// without one, only a score at the reject threshold acts, and it holds.
    pub spam_hold_needs_payload: bool,
    /// Languages the model reads (ISO 639-3 codes, `eng`). In another
    /// language a reject-level spam score rejects only when the text
    /// carries a link, e-mail address, phone number or contact channel, and
    /// a reject-level abuse score holds. Empty: every language is scored as
    /// if the model read it.
    pub model_languages: Vec<String>,
    /// Hold comments that contain a phone number, e-mail address or
    /// messenger account.
    pub hold_contact_details: bool,
    /// Hold comments whose link hides where it goes: through a URL
    /// shortener (`bit.ly/...`), or an address written with a space before
    /// its dot (`quick-loans . top`) so that link filters miss it.
    pub hold_hidden_links: bool,
    /// Hold comments longer than the featurizer reads (the training
    /// recipe's `features.max_bytes` and `features.max_tokens`, kept in the
    /// model): the words past the cut reach neither the model nor the
    /// rules.
    pub hold_truncated: bool,
    /// Hold comments with a bidi override character (U+202D, U+202E)
    /// before Latin letters, which makes a browser show them in another
    /// order than they are stored: "\u{202E}toidi" displays as "idiot".
    pub hold_bidi_overrides: bool,
    /// Hold forms submitted faster than this after rendering, in seconds;
    /// 0 disables.
    pub min_submit_seconds: u64,
    /// Reject the same content from the same author on the same article
    /// within this many seconds; 0 disables.
    pub duplicate_window_seconds: u64,
    /// Hold a second comment from the same IP or e-mail within this many
    /// seconds; 0 disables.
    pub flood_window_seconds: u64,
    /// Accept authors with earlier approved comments when only weak signals
    /// fired (WordPress `comment_previously_approved`).
    pub trusted_authors: bool,
    /// Approved comments an author needs to be trusted.
    pub trusted_min_approved: u32,
    /// Whether comments this service accepted count as approved (otherwise
    /// only moderator feedback does).
    pub trust_auto_accepted: bool,
    /// How long an author stays remembered, in days.
    pub trusted_memory_days: u64,
    /// Most entries kept by each in-memory rule (duplicates, flood, trusted
    /// authors); the least recently used are forgotten first.
    pub memory_max_entries: u64,
}

impl Default for PolicySettings {
    fn default() -> Self {
        PolicySettings {
            max_links: 2,
            blocked_words_files: Vec::new(),
            suspect_words_files: Vec::new(),
            blocked_patterns: Vec::new(),
            suspect_patterns: Vec::new(),
            commercial_author: true,
            commercial_author_words_files: Vec::new(),
            praise_with_link: true,
            praise_phrases_files: Vec::new(),
            praise_subjects_files: Vec::new(),
            praise_words_files: Vec::new(),
            praise_with_link_max_words: 50,
            praise_with_link_long_max_words: 150,
            praise_with_link_long_max_gap: 45,
            praise_with_link_long_min_phrases: 3,
            owner_pitch: true,
            owner_pitch_words_files: Vec::new(),
            identity_attack: true,
            identity_attack_phrases_files: Vec::new(),
            identity_attack_traits_files: Vec::new(),
            identity_attack_claims_files: Vec::new(),
            identity_attack_exclusions_files: Vec::new(),
            identity_attack_sweeps_files: Vec::new(),
            identity_attack_slurs_files: Vec::new(),
            identity_attack_tropes_files: Vec::new(),
            identity_attack_groups_files: Vec::new(),
            threat: true,
            threat_phrases_files: Vec::new(),
            threat_others: true,
            quoted_mentions: true,
            quoted_mentions_keep_weight: 2.0,
            mild_swearing_words: crate::policy::swearing::DEFAULT_WORDS.iter().map(|w| w.to_string()).collect(),
            mild_swearing_keep_before_weight: 1.0,
            identity_attack_window: 15,
            spam_hold_needs_payload: true,
            model_languages: vec!["eng".into()],
            hold_contact_details: true,
            hold_hidden_links: true,
            hold_truncated: true,
            hold_bidi_overrides: true,
            min_submit_seconds: 3,
            duplicate_window_seconds: 3_600,
            flood_window_seconds: 15,
            trusted_authors: true,
            trusted_min_approved: 1,
            trust_auto_accepted: false,
            trusted_memory_days: 90,
            memory_max_entries: 100_000,
        }
    }
}

/// CMS protocol endpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IntegrationSettings {
    /// Serve the Akismet-compatible `/1.1/*` API.
    pub akismet: bool,
    /// Serve the Perspective-compatible `comments:analyze` API.
    pub perspective: bool,
    /// Secret of the Coral external-moderation webhook (`X-Coral-Signature`).
    /// Empty: the webhook is off.
    pub coral_webhook_secret: String,
    /// Monthly call limit reported by Akismet's `usage-limit`; 0 reports
    /// `"none"`.
    pub akismet_usage_limit: u64,
}

impl Default for IntegrationSettings {
    fn default() -> Self {
        IntegrationSettings {
            akismet: true,
            perspective: true,
            coral_webhook_secret: String::new(),
            akismet_usage_limit: 0,
        }
    }
}

/// Log output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingSettings {
    /// `json` (one object per line) or `pretty`.
    pub format: LogFormat,
    /// A `tracing` filter, e.g. `info` or `comment_moderator=debug`.
    pub level: String,
}

impl Default for LoggingSettings {
    fn default() -> Self {
        LoggingSettings { format: LogFormat::Json, level: "info".into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Json,
    Pretty,
}

/// Accepts `["a", "b"]` or `"a,b"` (how a list arrives from the environment).
fn comma_separated<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Keys {
        List(Vec<String>),
        One(String),
    }
    Ok(match Keys::deserialize(deserializer)? {
        Keys::List(v) => v,
        Keys::One(s) => s.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect(),
    }
    .into_iter()
    .filter(|k| !k.is_empty())
    .collect())
}

#[cfg(feature = "server")]
/// Short environment names for common settings.
const ENV_ALIASES: &[(&str, &str)] = &[
    ("addr", "server.addr"),
    ("model", "model.path"),
    ("data_dir", "store.data_dir"),
    ("database_url", "store.database_url"),
    ("api_keys", "auth.api_keys"),
    ("admin_key", "auth.admin_key"),
    ("log_format", "logging.format"),
];

#[cfg(feature = "server")]
/// The setting path an environment variable name (without the prefix)
/// stands for.
fn env_path(key: &str) -> String {
    let key = key.to_ascii_lowercase();
    ENV_ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map_or_else(|| key.replace("__", "."), |(_, path)| path.to_string())
}

#[cfg(feature = "server")]
/// `section` and `section.key` of every setting.
fn known_prefixes() -> std::collections::BTreeSet<String> {
    let mut known = std::collections::BTreeSet::new();
    let value = toml::Value::try_from(Settings::default()).expect("settings serialize");
    if let toml::Value::Table(sections) = value {
        for (section, body) in sections {
            if let toml::Value::Table(keys) = body {
                for key in keys.keys() {
                    known.insert(format!("{section}.{key}"));
                }
            }
            known.insert(section);
        }
    }
    // Optional tables that serialize to nothing by default.
    known.insert("model.thresholds".into());
    known
}

#[cfg(feature = "server")]
fn is_known(path: &str, known: &std::collections::BTreeSet<String>) -> bool {
    let mut parts = path.splitn(3, '.');
    match (parts.next(), parts.next()) {
        (Some(section), Some(key)) => known.contains(&format!("{section}.{key}")),
        _ => false,
    }
}

#[cfg(feature = "server")]
/// `MODERATOR_*` variables that name no setting (other than
/// `MODERATOR_CONFIG`).
pub fn unknown_environment() -> Vec<String> {
    let known = known_prefixes();
    let mut unknown: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter_map(|k| k.strip_prefix("MODERATOR_").map(str::to_string))
        .filter(|k| !k.eq_ignore_ascii_case("config") && !is_known(&env_path(k), &known))
        .map(|k| format!("MODERATOR_{k}"))
        .collect();
    unknown.sort();
    unknown
}

#[cfg(feature = "server")]
/// The environment provider: `MODERATOR_` prefix, aliases, `__` nesting.
/// Variables that name no setting are left out here (the configuration
/// file is strict, but the environment is shared with other software, e.g.
/// Kubernetes service links); [`unknown_environment`] lists them, `serve`
/// warns about them and `config check` refuses them.
fn environment() -> Env {
    let known = std::sync::Arc::new(known_prefixes());
    Env::prefixed("MODERATOR_").filter_map(move |key| {
        let path = env_path(key.as_str());
        is_known(&path, &known).then(|| path.into())
    })
}

/// Overrides given on the command line (highest precedence).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    pub addr: Option<SocketAddr>,
    pub model: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
}

impl Settings {
    #[cfg(feature = "server")]
    /// Loads defaults, then `file` (or `MODERATOR_CONFIG`, or
    /// `config/default.toml` if it exists), then the environment, then
    /// `overrides`; and validates the result.
    pub fn load(file: Option<&Path>, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let explicit = file.map(Path::to_path_buf).or_else(|| std::env::var_os("MODERATOR_CONFIG").map(PathBuf::from));
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        match explicit {
            Some(path) if !path.is_file() => return Err(ConfigError::MissingFile { path }),
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None => {
                let default = Path::new("config/default.toml");
                if default.is_file() {
                    figment = figment.merge(Toml::file_exact(default));
                }
            }
        }
        figment = figment.merge(environment());
        if let Some(addr) = overrides.addr {
            figment = figment.merge(("server.addr", addr.to_string()));
        }
        if let Some(model) = &overrides.model {
            figment = figment.merge(("model.path", model));
        }
        if let Some(dir) = &overrides.data_dir {
            figment = figment.merge(("store.data_dir", dir));
        }
        let settings: Settings = figment.extract().map_err(|e| ConfigError::Parse(Box::new(e)))?;
        settings.validate()?;
        Ok(settings)
    }

    /// Checks values that types alone cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let s = &self.server;
        if s.body_limit_bytes < 1024 {
            return Err(invalid("server.body_limit_bytes", "must be at least 1024"));
        }
        if s.batch_max == 0 {
            return Err(invalid("server.batch_max", "must be at least 1"));
        }
        if s.client_request_timeout_ms == 0 {
            return Err(invalid(
                "server.client_request_timeout_ms",
                "must be positive: without it slow clients can hold workers",
            ));
        }
        if s.body_timeout_ms == 0 {
            return Err(invalid("server.body_timeout_ms", "must be positive: without it a stalled body is waited for"));
        }
        for head in crate::model::Head::ALL {
            if let Some(t) = self.model.thresholds.get(head) {
                t.validate().map_err(|m| invalid(&format!("model.thresholds.{head}"), m))?;
            }
        }
        if self.model.evidence_tokens > 50 {
            return Err(invalid("model.evidence_tokens", "must be at most 50"));
        }
        let url = &self.store.database_url;
        let postgres = url.starts_with("postgres://") || url.starts_with("postgresql://");
        if !url.is_empty() && !postgres {
            return Err(invalid("store.database_url", "must be empty (embedded SQLite) or a postgres:// URL"));
        }
        if self.store.pool_size == 0 {
            return Err(invalid("store.pool_size", "must be at least 1"));
        }
        for (i, key) in self.auth.api_keys.iter().enumerate() {
            if key.len() < 8 {
                return Err(invalid(&format!("auth.api_keys[{i}]"), "keys must be at least 8 characters"));
            }
        }
        if !self.auth.admin_key.is_empty() && self.auth.admin_key.len() < 8 {
            return Err(invalid("auth.admin_key", "must be at least 8 characters"));
        }
        if self.rate_limit.enabled && (self.rate_limit.per_minute == 0 || self.rate_limit.burst == 0) {
            return Err(invalid("rate_limit", "per_minute and burst must be positive when enabled"));
        }
        for (key, patterns) in [
            ("policy.blocked_patterns", &self.policy.blocked_patterns),
            ("policy.suspect_patterns", &self.policy.suspect_patterns),
        ] {
            for (i, p) in patterns.iter().enumerate() {
                regex::Regex::new(p)
                    .map_err(|e| invalid(&format!("{key}[{i}]"), format!("not a valid regular expression: {e}")))?;
            }
        }
        for (key, files) in [
            ("policy.blocked_words_files", &self.policy.blocked_words_files),
            ("policy.suspect_words_files", &self.policy.suspect_words_files),
            ("policy.commercial_author_words_files", &self.policy.commercial_author_words_files),
            ("policy.praise_phrases_files", &self.policy.praise_phrases_files),
            ("policy.praise_subjects_files", &self.policy.praise_subjects_files),
            ("policy.praise_words_files", &self.policy.praise_words_files),
            ("policy.owner_pitch_words_files", &self.policy.owner_pitch_words_files),
            ("policy.identity_attack_phrases_files", &self.policy.identity_attack_phrases_files),
            ("policy.identity_attack_traits_files", &self.policy.identity_attack_traits_files),
            ("policy.identity_attack_claims_files", &self.policy.identity_attack_claims_files),
            ("policy.identity_attack_exclusions_files", &self.policy.identity_attack_exclusions_files),
            ("policy.identity_attack_sweeps_files", &self.policy.identity_attack_sweeps_files),
            ("policy.identity_attack_slurs_files", &self.policy.identity_attack_slurs_files),
            ("policy.identity_attack_tropes_files", &self.policy.identity_attack_tropes_files),
            ("policy.identity_attack_groups_files", &self.policy.identity_attack_groups_files),
            ("policy.threat_phrases_files", &self.policy.threat_phrases_files),
        ] {
            for (i, f) in files.iter().enumerate() {
                if !f.is_file() {
                    return Err(invalid(&format!("{key}[{i}]"), format!("file {} does not exist", f.display())));
                }
            }
        }
        if self.policy.praise_with_link && !(1..=10_000).contains(&self.policy.praise_with_link_max_words) {
            return Err(invalid(
                "policy.praise_with_link_max_words",
                "must be between 1 and 10000 while policy.praise_with_link is on",
            ));
        }
        for (i, code) in self.policy.model_languages.iter().enumerate() {
            if crate::text::language::Language::from_code(code).is_none() {
                return Err(invalid(
                    &format!("policy.model_languages[{i}]"),
                    format!("{code:?} is not an ISO 639-3 language code the detector knows (e.g. \"eng\", \"fra\")"),
                ));
            }
        }
        if self.policy.praise_with_link {
            let max_words = self.policy.praise_with_link_long_max_words;
            if max_words > 2_000 {
                // Comments are scored up to 2,000 tokens (features.max_tokens).
                return Err(invalid(
                    "policy.praise_with_link_long_max_words",
                    "must be at most 2000 while policy.praise_with_link is on",
                ));
            }
            let gap = self.policy.praise_with_link_long_max_gap;
            if max_words > self.policy.praise_with_link_max_words && !(1..max_words).contains(&gap) {
                return Err(invalid(
                    "policy.praise_with_link_long_max_gap",
                    "must be at least 1 and below policy.praise_with_link_long_max_words while the long form is on",
                ));
            }
            if !(2..=100).contains(&self.policy.praise_with_link_long_min_phrases) {
                return Err(invalid(
                    "policy.praise_with_link_long_min_phrases",
                    "must be between 2 and 100 while policy.praise_with_link is on",
                ));
            }
        }
        // The bound keeps the rule's scan cheap: at most 2 × 100 + 1 lookups
        // per hostile phrase found.
        if self.policy.identity_attack && !(1..=100).contains(&self.policy.identity_attack_window) {
            return Err(invalid(
                "policy.identity_attack_window",
                "must be between 1 and 100 while policy.identity_attack is on",
            ));
        }
        if self.policy.quoted_mentions
            && !(self.policy.quoted_mentions_keep_weight.is_finite() && self.policy.quoted_mentions_keep_weight > 0.0)
        {
            return Err(invalid(
                "policy.quoted_mentions_keep_weight",
                "must be a positive number of nats while policy.quoted_mentions is on",
            ));
        }
        if self.policy.mild_swearing_words.len() > crate::policy::swearing::MAX_WORDS {
            return Err(invalid("policy.mild_swearing_words", "must list at most 64 words"));
        }
        if let Some(word) =
            self.policy.mild_swearing_words.iter().find(|w| crate::text::canonical_words(w) != [w.as_str()])
        {
            return Err(invalid(
                "policy.mild_swearing_words",
                format!("{word:?} is not one word in canonical form (lower case, no apostrophe: \"dammit\")"),
            ));
        }
        let keep_before = self.policy.mild_swearing_keep_before_weight;
        let keep_before_valid = keep_before.is_finite() && keep_before > 0.0;
        if !self.policy.mild_swearing_words.is_empty() && !keep_before_valid {
            return Err(invalid(
                "policy.mild_swearing_keep_before_weight",
                "must be a positive number of nats while policy.mild_swearing_words lists any",
            ));
        }
        if self.policy.trusted_authors && self.policy.trusted_memory_days == 0 {
            return Err(invalid("policy.trusted_memory_days", "must be at least 1 while policy.trusted_authors is on"));
        }
        for (key, value, max) in [
            ("policy.duplicate_window_seconds", self.policy.duplicate_window_seconds, 366 * 86_400),
            ("policy.flood_window_seconds", self.policy.flood_window_seconds, 86_400),
            ("policy.min_submit_seconds", self.policy.min_submit_seconds, 3_600),
            ("policy.trusted_memory_days", self.policy.trusted_memory_days, 3_660),
        ] {
            if value > max {
                return Err(invalid(key, format!("must be at most {max}")));
            }
        }
        if self.auth.require_key_for_moderation && self.auth.api_keys.is_empty() {
            return Err(invalid(
                "auth.require_key_for_moderation",
                "is on but auth.api_keys is empty: every moderation request would be refused",
            ));
        }
        if self.policy.trusted_min_approved == 0 {
            return Err(invalid("policy.trusted_min_approved", "must be at least 1"));
        }
        if self.policy.memory_max_entries == 0 {
            return Err(invalid("policy.memory_max_entries", "must be at least 1"));
        }
        #[cfg(feature = "server")]
        if self.logging.level.parse::<tracing_subscriber::EnvFilter>().is_err() {
            return Err(invalid("logging.level", format!("{:?} is not a valid log filter", self.logging.level)));
        }
        Ok(())
    }

    #[cfg(feature = "server")]
    /// The effective configuration as TOML, with secrets replaced by
    /// `"<redacted>"`.
    pub fn redacted_toml(&self) -> String {
        let mut copy = self.clone();
        let redact = |s: &mut String| {
            if !s.is_empty() {
                *s = "<redacted>".into();
            }
        };
        copy.auth.api_keys.iter_mut().for_each(redact);
        redact(&mut copy.auth.admin_key);
        redact(&mut copy.privacy.hash_key);
        redact(&mut copy.integrations.coral_webhook_secret);
        if let Some(query) = copy.store.database_url.find('?') {
            // postgres://host/db?user=x&password=secret
            let (base, params) = copy.store.database_url.split_at(query + 1);
            let params: Vec<String> = params
                .split('&')
                .map(|p| {
                    if p.to_ascii_lowercase().starts_with("password=") {
                        "password=<redacted>".to_string()
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            copy.store.database_url = format!("{base}{}", params.join("&"));
        }
        if let Some(at) = copy.store.database_url.find('@') {
            // postgres://user:password@host → postgres://<redacted>@host
            if let Some(scheme_end) = copy.store.database_url.find("://") {
                copy.store.database_url.replace_range(scheme_end + 3..at, "<redacted>");
            }
        }
        toml::to_string_pretty(&copy).expect("settings serialize")
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn shipped_default_file_matches_the_built_in_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/default.toml");
        let from_file: Settings = Figment::from(Serialized::defaults(Settings {
            server: ServerSettings { workers: 99, ..Default::default() },
            ..Default::default()
        }))
        .merge(Toml::file_exact(&path))
        .extract()
        .unwrap();
        // Every default is written out in the file (workers: 99 was overridden).
        assert_eq!(from_file, Settings::default());
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("[policy]\nmax_linkz = 3\n"))
            .extract::<Settings>()
            .unwrap_err()
            .to_string();
        assert!(err.contains("max_linkz"), "{err}");
    }

    #[test]
    fn api_keys_accept_a_comma_separated_string() {
        let s: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::string("[auth]\napi_keys = \"key-one-1, key-two-2\"\n"))
            .extract()
            .unwrap();
        assert_eq!(s.auth.api_keys, ["key-one-1", "key-two-2"]);
    }

    #[test]
    fn validation_names_the_key() {
        let mut s = Settings::default();
        s.policy.blocked_patterns = vec!["(unclosed".into()];
        let err = s.validate().unwrap_err().to_string();
        assert!(err.contains("policy.blocked_patterns[0]"), "{err}");
        let mut s = Settings::default();
        s.model.thresholds.spam = Some(Thresholds { hold: 0.9, reject: 0.5 });
        assert!(s.validate().unwrap_err().to_string().contains("model.thresholds.spam"));
        let mut s = Settings::default();
        s.store.database_url = "mysql://x".into();
        assert!(s.validate().unwrap_err().to_string().contains("store.database_url"));
    }

    #[test]
    fn contradictory_or_extreme_settings_are_refused() {
        let mut s = Settings::default();
        s.auth.require_key_for_moderation = true;
        assert!(s.validate().unwrap_err().to_string().contains("auth.require_key_for_moderation"));
        let mut s = Settings::default();
        s.policy.trusted_memory_days = 0;
        assert!(s.validate().unwrap_err().to_string().contains("policy.trusted_memory_days"));
        let mut s = Settings::default();
        s.policy.duplicate_window_seconds = u64::MAX;
        assert!(s.validate().unwrap_err().to_string().contains("policy.duplicate_window_seconds"));
    }

    #[test]
    fn mild_swearing_words_must_be_canonical_and_few() {
        assert!(Settings::default().validate().is_ok(), "the default list is canonical");
        for bad in ["Damn", "he'll", "bloody hell", ""] {
            let mut s = Settings::default();
            s.policy.mild_swearing_words = vec![bad.into()];
            let err = s.validate().unwrap_err().to_string();
            assert!(err.contains("policy.mild_swearing_words"), "{bad:?}: {err}");
        }
        let mut s = Settings::default();
        s.policy.mild_swearing_words = (0..65).map(|i| format!("word{i}")).collect();
        assert!(s.validate().unwrap_err().to_string().contains("at most 64"));
        let mut s = Settings::default();
        s.policy.mild_swearing_keep_before_weight = f32::NAN;
        assert!(s.validate().unwrap_err().to_string().contains("policy.mild_swearing_keep_before_weight"));
        s.policy.mild_swearing_words.clear();
        assert!(s.validate().is_ok(), "the weight does not matter while the list is empty");
    }

    #[test]
    fn redaction_hides_every_secret() {
        let mut s = Settings::default();
        s.auth.api_keys = vec!["supersecret-key".into()];
        s.auth.admin_key = "admin-secret-key".into();
        s.privacy.hash_key = "hash-secret".into();
        s.integrations.coral_webhook_secret = "coral-secret".into();
        s.store.database_url = "postgres://user:pw-secret@db/x?sslmode=disable&password=query-secret".into();
        let out = s.redacted_toml();
        for secret in
            ["supersecret-key", "admin-secret-key", "hash-secret", "coral-secret", "pw-secret", "query-secret"]
        {
            assert!(!out.contains(secret), "{secret} leaked:\n{out}");
        }
        assert!(out.contains("@db/x"));
    }
}
