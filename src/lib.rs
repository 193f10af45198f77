//! comment-moderator: decides whether a comment posted through an
//! article's reply form is accepted, held for a moderator, or rejected.
#[cfg(all(feature = "server", feature = "training"))]
pub mod commands;
pub mod config;
pub mod domain;
#[cfg(feature = "server")]
pub mod http;
pub mod model;
pub mod moderator;
pub mod policy;
pub mod privacy;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub mod telemetry;
pub mod text;
#[cfg(feature = "training")]
pub mod training;
pub mod wire;
