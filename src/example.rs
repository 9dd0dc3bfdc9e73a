//! The built-in sample assertion behind `--example`: a client assertion signed at run time
//! with a demo ES256 key that ships with jwtgrant (and is good for nothing else).

use crate::jose;
use anyhow::Result;
use serde_json::{Map, Value, json};

/// A P-256 key generated for the example only; it signs nothing real.
const DEMO_KEY_PKCS8: &[u8] = include_bytes!("example/demo-key-es256.pk8");

pub const CLIENT_ID: &str = "s6BhdRkqt3";
pub const ISSUER: &str = "https://as.example.com";
pub const TOKEN_ENDPOINT: &str = "https://as.example.com/oauth2/token";

/// A realistic client assertion, issued a minute before `now`, with one common mistake:
/// `aud` lists both the issuer and the token endpoint, which RFC 10070 forbids.
pub fn client_assertion(now: i64) -> Result<String> {
    let header = object(json!({"typ": "JWT", "kid": "demo-key-1"}));
    let claims = object(json!({
        "iss": CLIENT_ID,
        "sub": CLIENT_ID,
        "aud": [ISSUER, TOKEN_ENDPOINT],
        "iat": now - 60,
        "exp": now + 240,
        "jti": format!("demo-{:08x}", now.rem_euclid(1 << 24) * 2_654_435_761 % (1 << 32)),
    }));
    jose::sign_es256_pkcs8(&header, &claims, DEMO_KEY_PKCS8)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
