//! Black-box tests: the real application on port 0, real HTTP.
mod helpers;

mod akismet;
mod coral;
mod errors;
mod feedback;
mod form;
mod moderate;
mod operations;
mod perspective;
mod postgres;
mod retrain;
mod rules;
