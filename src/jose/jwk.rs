//! Verifying a compact JWS with one public JWK (or an HMAC secret), using ring directly.
//!
//! This is the small verifier that `serve` (the local token endpoint) and replay's
//! registered-keys check (`--jwks`) need. The keys module generalises key loading (PEM,
//! certificates, every format); a JWK is all a token endpoint registration holds.

use super::parse::{Form, Token, b64url};
use anyhow::{Result, anyhow};
use data_encoding::BASE64URL_NOPAD;
use ring::hmac;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaPublicKeyComponents, UnparsedPublicKey};
use serde_json::{Map, Value};

/// The outcome of checking a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    Valid,
    /// The key and alg fit, and the signature does not verify.
    Invalid,
    /// The check could not be made (alg the key cannot make, unsupported alg, bad JWK).
    Unchecked(String),
}

/// The JWS algorithms a JWK can verify, from its key type and curve.
pub fn algs_for(jwk: &Map<String, Value>) -> Vec<&'static str> {
    let text = |k: &str| jwk.get(k).and_then(Value::as_str).unwrap_or("");
    match (text("kty"), text("crv")) {
        ("RSA", _) => vec!["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
        ("EC", "P-256") => vec!["ES256"],
        ("EC", "P-384") => vec!["ES384"],
        ("EC", "P-521") => vec!["ES512"],
        ("EC", "secp256k1") => vec!["ES256K"],
        ("OKP", "Ed25519") => vec!["EdDSA", "Ed25519"],
        ("OKP", "Ed448") => vec!["EdDSA", "Ed448"],
        ("oct", _) => vec!["HS256", "HS384", "HS512"],
        _ => Vec::new(),
    }
}

fn member(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    let text = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the JWK has no {name:?} member"))?;
    BASE64URL_NOPAD
        .decode(text.trim_end_matches('=').as_bytes())
        .map_err(|_| format!("the JWK's {name:?} member is not base64url"))
}

/// Verify `token` with a public JWK (or an `oct` JWK for HMAC).
pub fn verify(token: &Token, jwk: &Map<String, Value>) -> Verified {
    let Some(alg) = token.alg() else {
        return Verified::Unchecked("the token has no alg".into());
    };
    if token.form != Form::Jws {
        return Verified::Unchecked("not a compact JWS".into());
    }
    if !algs_for(jwk).contains(&alg) {
        return Verified::Unchecked(format!("a {} key cannot make {alg}", key_kind(jwk)));
    }
    match check(token, alg, jwk) {
        Ok(true) => Verified::Valid,
        Ok(false) => Verified::Invalid,
        Err(why) => Verified::Unchecked(why),
    }
}

/// Verify an HMAC-signed token (client_secret_jwt) with the shared secret.
pub fn verify_hmac(token: &Token, secret: &[u8]) -> Verified {
    let algorithm = match token.alg() {
        Some("HS256") => hmac::HMAC_SHA256,
        Some("HS384") => hmac::HMAC_SHA384,
        Some("HS512") => hmac::HMAC_SHA512,
        Some(other) => return Verified::Unchecked(format!("{other} is not an HMAC algorithm")),
        None => return Verified::Unchecked("the token has no alg".into()),
    };
    if token.form != Form::Jws {
        return Verified::Unchecked("not a compact JWS".into());
    }
    let key = hmac::Key::new(algorithm, secret);
    match hmac::verify(&key, token.signing_input().as_bytes(), &token.signature) {
        Ok(()) => Verified::Valid,
        Err(_) => Verified::Invalid,
    }
}

/// Compare two secrets in constant time (through HMAC tags, which ring compares so).
pub fn secrets_match(given: &[u8], registered: &[u8]) -> bool {
    let key = hmac::Key::new(hmac::HMAC_SHA256, b"jwtgrant secret comparison");
    let tag = hmac::sign(&key, registered);
    hmac::verify(&key, given, tag.as_ref()).is_ok()
}

/// "RSA", "EC P-256", "OKP Ed25519", "oct".
pub fn key_kind(jwk: &Map<String, Value>) -> String {
    let kty = jwk.get("kty").and_then(Value::as_str).unwrap_or("unknown");
    match jwk.get("crv").and_then(Value::as_str) {
        Some(crv) => format!("{kty} {crv}"),
        None => kty.to_string(),
    }
}

fn check(token: &Token, alg: &str, jwk: &Map<String, Value>) -> Result<bool, String> {
    let message = token.signing_input().as_bytes();
    let sig = token.signature.as_slice();
    let ok = match alg {
        "HS256" | "HS384" | "HS512" => {
            let secret = member(jwk, "k")?;
            return Ok(verify_hmac(token, &secret) == Verified::Valid);
        }
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {
            let params: &signature::RsaParameters = match alg {
                "RS256" => &signature::RSA_PKCS1_2048_8192_SHA256,
                "RS384" => &signature::RSA_PKCS1_2048_8192_SHA384,
                "RS512" => &signature::RSA_PKCS1_2048_8192_SHA512,
                "PS256" => &signature::RSA_PSS_2048_8192_SHA256,
                "PS384" => &signature::RSA_PSS_2048_8192_SHA384,
                _ => &signature::RSA_PSS_2048_8192_SHA512,
            };
            let key = RsaPublicKeyComponents {
                n: member(jwk, "n")?,
                e: member(jwk, "e")?,
            };
            key.verify(params, message, sig).is_ok()
        }
        "ES256" | "ES384" => {
            let (params, size): (&signature::EcdsaVerificationAlgorithm, usize) = if alg == "ES256"
            {
                (&signature::ECDSA_P256_SHA256_FIXED, 32)
            } else {
                (&signature::ECDSA_P384_SHA384_FIXED, 48)
            };
            let (x, y) = (member(jwk, "x")?, member(jwk, "y")?);
            if x.len() != size || y.len() != size {
                return Err("the JWK's x or y has the wrong length for its curve".into());
            }
            let mut point = vec![4u8];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            UnparsedPublicKey::new(params, point)
                .verify(message, sig)
                .is_ok()
        }
        "EdDSA" | "Ed25519" if jwk.get("crv").and_then(Value::as_str) == Some("Ed25519") => {
            UnparsedPublicKey::new(&signature::ED25519, member(jwk, "x")?)
                .verify(message, sig)
                .is_ok()
        }
        other => return Err(format!("{other} signatures cannot be checked here yet")),
    };
    Ok(ok)
}

/// The public JWK of a P-256 PKCS#8 key (for the demo server's client registration).
pub fn es256_public_jwk(pkcs8: &[u8], kid: &str) -> Result<Map<String, Value>> {
    let pair = EcdsaKeyPair::from_pkcs8(
        &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8,
        &SystemRandom::new(),
    )
    .map_err(|e| anyhow!("not a P-256 PKCS#8 private key ({e})"))?;
    let point = pair.public_key().as_ref();
    let (x, y) = point[1..].split_at(32);
    let mut jwk = Map::new();
    for (k, v) in [
        ("kty", "EC".to_string()),
        ("crv", "P-256".into()),
        ("x", b64url(x)),
        ("y", b64url(y)),
        ("kid", kid.into()),
        ("alg", "ES256".into()),
        ("use", "sig".into()),
    ] {
        jwk.insert(k.into(), Value::String(v));
    }
    Ok(jwk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::sign_es256_pkcs8;

    const DEMO: &[u8] = include_bytes!("../example/demo-key-es256.pk8");

    fn signed() -> Token {
        let mut claims = Map::new();
        claims.insert("iss".into(), "me".into());
        Token::parse(&sign_es256_pkcs8(&Map::new(), &claims, DEMO).unwrap())
    }

    #[test]
    fn es256_round_trip_with_the_public_jwk() {
        let jwk = es256_public_jwk(DEMO, "k").unwrap();
        assert_eq!(verify(&signed(), &jwk), Verified::Valid);
        let tampered = Token::parse(&signed().raw.replace(".eyJ", ".eyJ4IjoxLC"));
        assert_eq!(verify(&tampered, &jwk), Verified::Invalid);
    }

    #[test]
    fn a_key_that_cannot_make_the_alg_is_unchecked() {
        let mut rsa = Map::new();
        rsa.insert("kty".into(), "RSA".into());
        let Verified::Unchecked(why) = verify(&signed(), &rsa) else {
            panic!("expected unchecked");
        };
        assert!(why.contains("RSA key cannot make ES256"), "{why}");
    }

    #[test]
    fn secrets_compare() {
        assert!(secrets_match(b"abc", b"abc"));
        assert!(!secrets_match(b"abc", b"abd"));
        assert!(!secrets_match(b"", b"abc"));
    }

    #[test]
    fn hmac_with_the_right_and_wrong_secret() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let input = format!("{}.{}", b64url(br#"{"alg":"HS256"}"#), b64url(b"{}"));
        let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, secret), input.as_bytes());
        let token = Token::parse(&format!("{input}.{}", b64url(tag.as_ref())));
        assert_eq!(verify_hmac(&token, secret), Verified::Valid);
        assert_eq!(verify_hmac(&token, b"other"), Verified::Invalid);
        let mut oct = Map::new();
        oct.insert("kty".into(), "oct".into());
        oct.insert("k".into(), b64url(secret).into());
        assert_eq!(verify(&token, &oct), Verified::Valid);
    }
}
