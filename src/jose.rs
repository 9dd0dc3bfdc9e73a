//! JOSE: the only module that touches the JOSE library (biscuit) and raw signature crypto.
//!
//! Parsing is our own and lenient (`parse`), because a linter has to read broken tokens
//! that a JOSE library would refuse. Signing and verifying go through biscuit.

mod json;
pub mod jwk;
mod parse;
mod sign;

pub use parse::{EncodingIssue, Form, Malformed, Part, Token, b64url};
pub use sign::sign_es256_pkcs8;
