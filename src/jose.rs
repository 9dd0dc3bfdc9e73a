//! JOSE: the only module that touches the JOSE library (biscuit) and raw signature crypto.
//!
//! Parsing is our own and lenient (`parse`), because a linter has to read broken tokens
//! that a JOSE library would refuse. Signing and verifying go through biscuit (on ring) for
//! HS*, RS*, PS*, ES256 and ES384, ring directly for Ed25519, and RustCrypto p521 for ES512.

mod alg;
mod claims;
mod json;
mod key;
mod parse;
mod sign;
mod verify;

#[cfg(test)]
mod vectors;

pub use alg::{
    Alg, Curve, Family, is_encryption_alg, is_registered as is_registered_alg, names as alg_names,
    registered_names as registered_alg_names, unsupported as unsupported_alg,
};
pub use claims::Lean;
pub use key::{PrivateKey, PublicKey, RsaPrivate, fixed, unsigned};
pub use parse::{EncodingIssue, Form, Header, Malformed, Token, b64url};
pub use sign::{Signer, sign_compact, sign_es256_pkcs8};
pub use verify::{Verifier, secrets_equal};
