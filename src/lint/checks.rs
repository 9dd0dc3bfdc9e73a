//! The check functions the rule table points at, grouped by what they read.

pub mod claims;
pub mod header;
pub mod request;
pub mod signature;
pub mod structure;
pub mod time;
pub mod tokens;
pub mod values;
