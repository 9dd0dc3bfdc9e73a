//! One integration-test crate: every behaviour is tested through the built binary.

mod support;

mod decode;
mod generated;
mod inspect;
mod output;
mod replay;
mod replay_explain;
mod replay_interop;
mod replay_serve;
