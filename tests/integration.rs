//! One integration-test crate: every behaviour is tested through the built binary.

mod support;

mod decode;
mod generated;
mod inspect;
mod lint;
mod output;
