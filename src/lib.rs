//! comment-moderator: decides whether a comment posted through an
//! article's reply form is accepted, held for a moderator, or rejected.
pub mod model;
pub mod text;
pub mod training;
