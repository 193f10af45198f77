//! What every request can reach: the moderator, the store, the settings,
//! metrics, keys and the rate limiter.

use super::errors::ApiError;
use super::observe::Metrics;
use crate::config::Settings;
use crate::moderator::Moderator;
use crate::store::Store;
use actix_web::HttpRequest;
use actix_web::http::header;
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use subtle::ConstantTimeEq;

pub type IpRateLimiter = RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>;

/// Shared application state.
pub struct AppState {
    pub settings: Settings,
    pub moderator: Moderator,
    pub store: Store,
    pub metrics: Metrics,
    pub rate_limiter: Option<IpRateLimiter>,
    /// Akismet comment-check calls this month.
    pub usage: super::routes::akismet::Usage,
}

/// Compares a presented key with every configured key in constant time
/// (per key length), without stopping at the first match.
pub fn key_matches(presented: &str, keys: &[String]) -> bool {
    let mut found = subtle::Choice::from(0u8);
    for key in keys {
        found |= presented.as_bytes().ct_eq(key.as_bytes());
    }
    bool::from(found)
}

impl AppState {
    pub fn new(settings: Settings, moderator: Moderator, store: Store) -> AppState {
        let rate_limiter = settings.rate_limit.enabled.then(|| {
            let per_minute = NonZeroU32::new(settings.rate_limit.per_minute).expect("validated positive");
            let burst = NonZeroU32::new(settings.rate_limit.burst).expect("validated positive");
            RateLimiter::keyed(Quota::per_minute(per_minute).allow_burst(burst))
        });
        let metrics = Metrics::new();
        metrics.set_model(moderator.model().version());
        AppState { settings, moderator, store, metrics, rate_limiter, usage: Default::default() }
    }

    /// The client's IP: the peer address, or the first `X-Forwarded-For`
    /// entry when configured to trust it.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        if self.settings.rate_limit.trust_forwarded_for {
            let forwarded = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok());
            if forwarded.is_some() {
                return forwarded;
            }
        }
        req.peer_addr().map(|a| a.ip())
    }

    /// Applies the per-IP limit.
    pub fn check_rate(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let (Some(limiter), Some(ip)) = (&self.rate_limiter, self.client_ip(req)) else {
            return Ok(());
        };
        limiter.check_key(&ip).map_err(|not_until| {
            self.metrics.rate_limited.inc();
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after: wait.as_secs().max(1) }
        })
    }

    /// The bearer token of a request, if any.
    pub fn bearer(req: &HttpRequest) -> Option<&str> {
        let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    }

    /// Requires one of the configured API keys as a bearer token.
    pub fn require_api_key(&self, req: &HttpRequest) -> Result<(), ApiError> {
        match Self::bearer(req) {
            Some(key) if key_matches(key, &self.settings.auth.api_keys) => Ok(()),
            _ => Err(ApiError::Unauthorized),
        }
    }

    /// Whether `key` is a configured API key.
    pub fn is_api_key(&self, key: &str) -> bool {
        key_matches(key, &self.settings.auth.api_keys)
    }

    /// Requires the admin key as a bearer token.
    pub fn require_admin(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let admin = &self.settings.auth.admin_key;
        if admin.is_empty() {
            return Err(ApiError::Disabled);
        }
        match Self::bearer(req) {
            Some(key) if key_matches(key, std::slice::from_ref(admin)) => Ok(()),
            _ => Err(ApiError::AdminUnauthorized),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_exactly() {
        let keys = vec!["first-key-123".to_string(), "second-key-456".to_string()];
        assert!(key_matches("second-key-456", &keys));
        assert!(!key_matches("second-key-45", &keys));
        assert!(!key_matches("", &keys));
        assert!(!key_matches("anything", &[]));
    }
}
