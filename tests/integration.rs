//! One integration-test crate: every behaviour is tested through the built binary.

mod support;

mod client_interop;
mod decode;
mod diagnosis;
mod docs;
mod generated;
mod hostile;
mod http_flags;
mod id_jag_two_hops;
mod idjag;
mod input_hardening;
mod inspect;
mod jose_corners;
mod jose_interop;
mod key_files;
mod key_fixtures;
mod keys;
mod leaks;
mod lint;
mod output;
mod prompts;
mod replay;
mod replay_explain;
mod replay_interop;
mod replay_resign;
mod replay_serve;
mod scan_blocks;
mod serve;
mod sign_verify;
mod stdin;
mod triage;
mod triage_har;
mod triage_mitmproxy;
mod wycheproof_jose;
