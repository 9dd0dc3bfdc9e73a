//! The keys the server has registered for the client (or the grant's issuer), e.g. the
//! JWKS the team uploaded, checked against the assertion: kid, alg and signature.
//!
//! `KeyCheck` is what the diagnosis ranks. `check` produces it from a JWKS document with
//! the JWK verifier in `jose::jwk`; a richer verifier (PEM, certificates) can produce the
//! same type with the same codes.

use crate::findings::{Finding, Severity};
use crate::jose::Token;
use crate::jose::jwk::{self, Verified};
use serde_json::{Map, Value};

/// Findings about the assertion against registered keys: `header.kid_unknown`,
/// `header.alg_unexpected`, `signature.invalid`. Empty findings with `verified_by` set
/// means the signature verified.
#[derive(Debug, Clone, Default)]
pub struct KeyCheck {
    /// Where the keys came from (file or URL), for evidence.
    pub source: String,
    pub findings: Vec<Finding>,
    /// The kid (or position) of the registered key the signature verified with.
    pub verified_by: Option<String>,
    /// Why the signature could not be checked, when it could not.
    pub unchecked: Option<String>,
}

fn keys_of(jwks: &Value) -> Vec<&Map<String, Value>> {
    match jwks {
        Value::Object(obj) if obj.contains_key("keys") => obj["keys"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default(),
        Value::Object(obj) if obj.contains_key("kty") => vec![obj],
        _ => Vec::new(),
    }
}

fn name(jwk: &Map<String, Value>, index: usize) -> String {
    match jwk.get("kid").and_then(Value::as_str) {
        Some(kid) => format!("kid {kid:?}"),
        None => format!("key #{} ({})", index + 1, jwk::key_kind(jwk)),
    }
}

/// Check the assertion against a JWKS (or a single JWK).
pub fn check(token: &Token, jwks: &Value, source: &str) -> KeyCheck {
    let mut out = KeyCheck {
        source: source.to_string(),
        ..KeyCheck::default()
    };
    let keys = keys_of(jwks);
    if keys.is_empty() {
        out.unchecked = Some(format!("{source} holds no keys"));
        return out;
    }
    let alg = token.alg().unwrap_or("");
    let kid = token.header_str("kid");
    let usable: Vec<(usize, &Map<String, Value>)> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| {
            k.get("use")
                .and_then(Value::as_str)
                .is_none_or(|u| u == "sig")
        })
        .map(|(i, k)| (i, *k))
        .collect();
    let candidates: Vec<(usize, &Map<String, Value>)> = match kid {
        Some(kid) => usable
            .iter()
            .filter(|(_, k)| k.get("kid").and_then(Value::as_str) == Some(kid))
            .copied()
            .collect(),
        None => usable.clone(),
    };
    if let (Some(kid), true) = (kid, candidates.is_empty()) {
        let present: Vec<String> = usable
            .iter()
            .filter_map(|(_, k)| k.get("kid").and_then(Value::as_str))
            .map(str::to_string)
            .collect();
        // Does another registered key verify it? Then the kid is simply wrong.
        let verifying = usable
            .iter()
            .find(|(_, k)| jwk::verify(token, k) == Verified::Valid)
            .map(|(i, k)| name(k, *i));
        let mut message = format!(
            "kid {kid:?} matches none of the {} registered signing keys{}",
            usable.len(),
            if present.is_empty() {
                String::new()
            } else {
                format!(" ({})", present.join(", "))
            }
        );
        if let Some(other) = &verifying {
            message.push_str(&format!(
                "; the signature does verify with {other}: the kid in the header is wrong"
            ));
        }
        out.findings.push(
            Finding::new("header.kid_unknown", message)
                .claim("kid")
                .actual(kid)
                .expected(present.join(", ")),
        );
        return out;
    }
    // alg: the registered key's alg member, or what its type can make at all
    let fits: Vec<(usize, &Map<String, Value>)> = candidates
        .iter()
        .filter(|(_, k)| {
            let declared = k.get("alg").and_then(Value::as_str);
            declared.is_none_or(|a| a == alg) && jwk::algs_for(k).contains(&alg)
        })
        .copied()
        .collect();
    if fits.is_empty() {
        let (i, k) = candidates[0];
        let message = match k.get("alg").and_then(Value::as_str) {
            Some(declared) if declared != alg => format!(
                "the assertion is signed with {alg}, but the registered key ({}) is for {declared}",
                name(k, i)
            ),
            _ => format!(
                "the registered key ({}, {}) cannot make {alg}; it makes {}",
                name(k, i),
                jwk::key_kind(k),
                jwk::algs_for(k).join(", ")
            ),
        };
        let expected = k
            .get("alg")
            .and_then(Value::as_str)
            .map_or_else(|| jwk::algs_for(k).join(", "), str::to_string);
        out.findings.push(
            Finding::new("header.alg_unexpected", message)
                .claim("alg")
                .actual(alg)
                .expected(expected),
        );
        return out;
    }
    let mut unchecked = None;
    for (i, k) in &fits {
        match jwk::verify(token, k) {
            Verified::Valid => {
                out.verified_by = Some(name(k, *i));
                return out;
            }
            Verified::Invalid => {}
            Verified::Unchecked(why) => unchecked = Some(why),
        }
    }
    if let Some(why) = unchecked.filter(|_| fits.len() == 1) {
        out.unchecked = Some(why);
        return out;
    }
    let which = if fits.len() == 1 {
        name(fits[0].1, fits[0].0)
    } else {
        format!("any of the {} registered keys that make {alg}", fits.len())
    };
    out.findings.push(
        Finding::new(
            "signature.invalid",
            format!("the {alg} signature does not verify with {which} from {source}: signed with another private key, or the token was changed"),
        )
        .severity(Severity::Error),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::sign_es256_pkcs8;
    use serde_json::json;

    const DEMO: &[u8] = include_bytes!("../example/demo-key-es256.pk8");

    fn token(kid: &str) -> Token {
        let mut header = Map::new();
        header.insert("kid".into(), kid.into());
        Token::parse(&sign_es256_pkcs8(&header, &Map::new(), DEMO).unwrap())
    }

    fn jwks(kid: &str, alg: &str) -> Value {
        let mut key = jwk::es256_public_jwk(DEMO, kid).unwrap();
        key.insert("alg".into(), alg.into());
        json!({ "keys": [key] })
    }

    #[test]
    fn a_registered_key_verifies() {
        let c = check(&token("k1"), &jwks("k1", "ES256"), "jwks.json");
        assert!(c.findings.is_empty(), "{:?}", c.findings);
        assert_eq!(c.verified_by.as_deref(), Some("kid \"k1\""));
    }

    #[test]
    fn unknown_kid_says_which_key_would_verify() {
        let c = check(&token("nope"), &jwks("k1", "ES256"), "jwks.json");
        assert_eq!(c.findings[0].code, "header.kid_unknown");
        assert!(
            c.findings[0]
                .message
                .contains("does verify with kid \"k1\"")
        );
    }

    #[test]
    fn alg_the_key_is_not_registered_for() {
        let c = check(&token("k1"), &jwks("k1", "ES384"), "jwks.json");
        assert_eq!(c.findings[0].code, "header.alg_unexpected");
    }

    #[test]
    fn another_key_is_a_bad_signature() {
        let other = json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]});
        let c = check(&token("k1"), &other, "jwks.json");
        assert_eq!(c.findings[0].code, "signature.invalid");
    }
}
