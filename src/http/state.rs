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

/// The rate-limit key of an address: IPv6 clients are limited per /64
/// (one customer's allocation), so rotating addresses inside it gains
/// nothing and cannot grow the limiter's memory.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
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

    /// The client's IP: the peer address, or, when configured to trust it,
    /// the address the proxy in front of us saw (see [`forwarded_ip`]).
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        self.forwarded_ip(req).or_else(|| req.peer_addr().map(|a| a.ip()))
    }

    /// With `rate_limit.trust_forwarded_for`: the last `X-Forwarded-For`
    /// entry, the one our own proxy appended (entries before it are
    /// whatever the client sent, and cannot be trusted).
    pub fn forwarded_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        if !self.settings.rate_limit.trust_forwarded_for {
            return None;
        }
        req.headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .last()
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok())
    }

    /// Applies the per-IP limit.
    pub fn check_rate(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let (Some(limiter), Some(ip)) = (&self.rate_limiter, self.client_ip(req)) else {
            return Ok(());
        };
        limiter.check_key(&rate_key(ip)).map_err(|not_until| {
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
    fn ipv6_clients_share_a_limit_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(rate_key(a), rate_key(b));
        assert_ne!(rate_key(a), rate_key(c));
        let v4: IpAddr = "203.0.113.5".parse().unwrap();
        assert_eq!(rate_key(v4), v4);
    }

    #[test]
    fn keys_match_exactly() {
        let keys = vec!["first-key-123".to_string(), "second-key-456".to_string()];
        assert!(key_matches("second-key-456", &keys));
        assert!(!key_matches("second-key-45", &keys));
        assert!(!key_matches("", &keys));
        assert!(!key_matches("anything", &[]));
    }
}
