//! One integration-test crate: every behaviour is tested through the built binary.

mod support;

mod decode;
mod generated;
mod inspect;
mod key_fixtures;
mod keys;
mod sign_verify;
mod output;
