//! The HTTP service: start-up, routes per protocol, errors.
//!
//! [`Application::build`] loads the model, opens the feedback store, binds
//! the listener (port 0 picks a free port, which tests use) and returns an
//! application ready to [`run`](Application::run_until_stopped). SIGTERM and
//! SIGINT stop it gracefully (handled here, not by actix, which would stop
//! at once on SIGINT): the listener closes, requests in flight get
//! `server.shutdown_timeout_seconds` to finish, then the store is closed.
//! SIGHUP reloads the model.

pub mod body;
pub mod errors;
pub mod observe;
pub mod routes;
pub mod state;

use crate::config::Settings;
use crate::moderator::{Moderator, ModeratorError};
use crate::privacy::{PrivacyError, PrivacyHasher};
use crate::store::{Store, StoreError};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use state::AppState;
use std::net::TcpListener;
use std::time::Duration;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Moderator(#[from] ModeratorError),
    #[error(transparent)]
    Privacy(#[from] PrivacyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
}

/// A built, bound, not yet running service.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    /// Loads everything and binds the listener.
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let hasher = PrivacyHasher::load_or_create(&settings.privacy.hash_key, &settings.store.data_dir)?;
        let moderator = Moderator::new(&settings, hasher)?;
        let store = Store::open(&settings.store)?;
        let addr = settings.server.addr;
        let listener = TcpListener::bind(addr).map_err(|source| StartupError::Bind { addr, source })?;
        let port = listener.local_addr().map_err(|source| StartupError::Bind { addr, source })?.port();
        let state = web::Data::new(AppState::new(settings, moderator, store));
        seed_trusted_authors(&state).await;
        let server = serve(listener, state.clone())?;
        tracing::info!(
            port,
            model = state.moderator.model().version(),
            store = ?state.store.backend(),
            "listening"
        );
        Ok(Application { port, server, state })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Runs until SIGTERM/SIGINT (or the server is stopped), then closes the
    /// feedback store.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state.clone();
        let reloader = tokio::spawn(reload_on_sighup(state.clone()));
        let stopper = tokio::spawn(stop_on_signal(self.server.handle()));
        let pruner = tokio::spawn(prune_rate_limiter(state.clone()));
        let result = self.server.await;
        reloader.abort();
        stopper.abort();
        pruner.abort();
        let grace = Duration::from_secs(state.settings.server.shutdown_timeout_seconds.max(1));
        let store_state = state.clone();
        // Closing waits for store work in flight; keep it off the runtime.
        let _ = actix_web::rt::task::spawn_blocking(move || store_state.store.shutdown(grace)).await;
        tracing::info!("stopped; feedback store closed");
        result
    }
}

fn serve(listener: TcpListener, state: web::Data<AppState>) -> Result<Server, StartupError> {
    let server_settings = state.settings.server.clone();
    let addr = server_settings.addr;
    let bench_echo = server_settings.bench_echo;
    let mut server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .wrap(from_fn(observe::observe))
            .configure(|cfg| routes::configure(cfg, bench_echo))
            .default_service(web::route().to(routes::not_found))
    })
    .client_request_timeout(Duration::from_millis(server_settings.client_request_timeout_ms))
    .client_disconnect_timeout(Duration::from_millis(server_settings.client_disconnect_timeout_ms))
    .keep_alive(Duration::from_secs(server_settings.keep_alive_seconds))
    .shutdown_timeout(server_settings.shutdown_timeout_seconds)
    .disable_signals();
    if server_settings.workers > 0 {
        server = server.workers(server_settings.workers);
    }
    Ok(server.listen(listener).map_err(|source| StartupError::Bind { addr, source })?.run())
}

/// Makes authors approved in the feedback store trusted again after a
/// restart (best effort: an unavailable store only delays trust).
async fn seed_trusted_authors(state: &AppState) {
    if !state.settings.policy.trusted_authors {
        return;
    }
    match state.store.approved_authors().await {
        Ok(authors) => {
            let mut seeded = 0;
            for (pseudonym, approvals) in authors {
                if let Some(author) = PrivacyHasher::pseudonym_u64(&pseudonym) {
                    for _ in 0..approvals.min(state.settings.policy.trusted_min_approved) {
                        state.moderator.memory().record_approval(author);
                    }
                    seeded += 1;
                }
            }
            tracing::info!(authors = seeded, "trusted authors loaded from the feedback store");
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not load trusted authors from the feedback store")
        }
    }
}

/// Stops the server gracefully on SIGTERM or SIGINT.
async fn stop_on_signal(handle: actix_web::dev::ServerHandle) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut int)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) else {
            tracing::warn!("cannot listen for SIGTERM/SIGINT");
            return;
        };
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: stopping gracefully"),
            _ = int.recv() => tracing::info!("SIGINT: stopping gracefully"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
    handle.stop(true).await;
}

/// Forgets rate-limit state of clients that have been quiet, once a minute,
/// so the limiter's memory follows the number of recent clients.
async fn prune_rate_limiter(state: web::Data<AppState>) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        if let Some(limiter) = &state.rate_limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

#[cfg(unix)]
async fn reload_on_sighup(state: web::Data<AppState>) {
    let Ok(mut hangup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
        tracing::warn!("cannot listen for SIGHUP; reload with POST /admin/reload");
        return;
    };
    while hangup.recv().await.is_some() {
        tracing::info!("SIGHUP: reloading the model");
        let state = state.clone();
        let _ = web::block(move || routes::admin::reload(&state)).await;
    }
}

#[cfg(not(unix))]
async fn reload_on_sighup(_state: web::Data<AppState>) {}
