//! comment-moderator: decides whether a comment posted through an
//! article's reply form is accepted, held for a moderator, or rejected.
pub mod commands;
pub mod config;
pub mod domain;
pub mod http;
pub mod model;
pub mod moderator;
pub mod policy;
pub mod privacy;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod training;
