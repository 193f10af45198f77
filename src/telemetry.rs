//! Logging set-up for the service and the command-line tools.
//!
//! The service logs one JSON object per line to standard output (or pretty
//! text), filtered by `logging.level` (overridden by `RUST_LOG`). Log lines
//! carry the request's span fields (request ID, method, route); personal
//! data never appears in them (see [`crate::privacy`]).

use crate::config::LogFormat;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Installs the global subscriber for the service. Safe to call twice (the
/// second call does nothing), which tests rely on.
pub fn init_service(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let builder =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stdout).with_span_events(FmtSpan::NONE);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// Installs a terse human-readable subscriber on standard error for the
/// command-line tools (progress of training and evaluation).
pub fn init_cli() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .try_init();
}
