//! `replay --resign`: a fresh copy of an assertion, so that a captured single-use
//! assertion can be replayed without consuming or reusing it. New random jti, iat = now,
//! exp = now + the original lifetime, nbf = now when it had one; every other claim and
//! header member is kept, and the kid comes from the key unless the original had one.

use crate::jose::{Form, Token};
use crate::keys::{self, SigningKey};
use crate::lint::times;
use anyhow::{Result, bail};
use serde_json::{Map, Value};

/// The lifetime used when the original's cannot be read (no exp or iat, or not seconds).
pub const DEFAULT_LIFETIME: i64 = 300;

pub struct Resigned {
    pub token: String,
    /// exp − iat of the new assertion, in seconds.
    pub lifetime: i64,
    /// Whether `lifetime` came from the original (else DEFAULT_LIFETIME).
    pub kept_lifetime: bool,
}

/// The original's lifetime (exp − iat) in seconds, when both are readable.
fn lifetime(original: &Token) -> Option<i64> {
    let at = |name| times::read(original, name).and_then(|c| c.as_server_sees_it());
    let life = at("exp")? - at("iat")?;
    (life > 0).then_some(life)
}

/// Sign a fresh copy of `original` with `key` at `now`; `kid` (an explicit --kid) wins
/// over the original's kid, which wins over the key's own.
pub fn resign(original: &Token, key: &SigningKey, now: i64, kid: Option<&str>) -> Result<Resigned> {
    let (Some(header), Some(claims), Form::Jws) =
        (&original.header, &original.claims, original.form)
    else {
        bail!(
            "cannot re-sign this token: --resign needs a signed JWT (JWS) whose header and claims are JSON objects"
        );
    };
    let (lifetime, kept_lifetime) = match lifetime(original) {
        Some(l) => (l, true),
        None => (DEFAULT_LIFETIME, false),
    };
    let mut claims: Map<String, Value> = claims.map().clone();
    claims.insert("jti".into(), Value::from(keys::random_jti()?));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("exp".into(), Value::from(now + lifetime));
    if claims.contains_key("nbf") {
        claims.insert("nbf".into(), Value::from(now));
    }
    let mut header: Map<String, Value> = header.as_ref().clone();
    if let Some(kid) = kid {
        header.insert("kid".into(), Value::from(kid));
    } else if !header.contains_key("kid") {
        if let Some(kid) = &key.kid {
            header.insert("kid".into(), Value::from(kid.as_str()));
        }
    }
    Ok(Resigned {
        token: key.sign(&header, &claims)?,
        lifetime,
        kept_lifetime,
    })
}
