//! JWK and JWKS (RFC 7517): read keys from JSON, write public JWKS.

use super::{CertInfo, Intent, Key};
use crate::jose::{Curve, PrivateKey, PublicKey, RsaPrivate, fixed, unsigned};
use crate::redact::Secret;
use anyhow::{Result, anyhow, bail};
use data_encoding::BASE64URL_NOPAD;
use serde_json::{Map, Value, json};

/// JWK members that hold private or symmetric key material (RFC 7518 §6, RFC 8037 §2).
pub const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn bytes(jwk: &Map<String, Value>, name: &str) -> Result<Option<Vec<u8>>> {
    let Some(value) = jwk.get(name) else {
        return Ok(None);
    };
    let text = value
        .as_str()
        .ok_or_else(|| anyhow!("member {name:?} is not a string"))?;
    // Some producers pad; RFC 7515 §2 says they must not, but the value is still clear.
    BASE64URL_NOPAD
        .decode(text.trim_end_matches('=').as_bytes())
        .map(Some)
        .map_err(|_| anyhow!("member {name:?} is not base64url"))
}

fn required(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    bytes(jwk, name)?.ok_or_else(|| anyhow!("member {name:?} is missing"))
}

fn text(jwk: &Map<String, Value>, name: &str) -> Option<String> {
    jwk.get(name).and_then(Value::as_str).map(str::to_string)
}

/// Parse one JWK. Symmetric (`oct`) keys are refused: secrets come from --secret-file.
pub fn parse(jwk: &Map<String, Value>) -> Result<Key> {
    let kty = jwk
        .get("kty")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("a JWK without \"kty\""))?;
    let has_private = jwk.contains_key("d");
    let mut key = match kty {
        "RSA" => {
            let public = PublicKey::Rsa {
                n: unsigned(&required(jwk, "n")?),
                e: unsigned(&required(jwk, "e")?),
            };
            if has_private {
                if jwk.contains_key("oth") {
                    bail!("a multi-prime RSA JWK (\"oth\"); only two-prime keys can sign");
                }
                let crt = ["p", "q", "dp", "dq", "qi"];
                if let Some(missing) = crt.iter().find(|m| !jwk.contains_key(**m)) {
                    bail!(
                        "the private RSA JWK lacks {missing:?}; jwtgrant needs the CRT members p, q, dp, dq, qi as well as d"
                    );
                }
                let s = |name| required(jwk, name).map(|b| Secret::new(unsigned(&b)));
                let private = PrivateKey::Rsa(RsaPrivate {
                    d: s("d")?,
                    p: s("p")?,
                    q: s("q")?,
                    dp: s("dp")?,
                    dq: s("dq")?,
                    qi: s("qi")?,
                });
                Key::private(public, private)
            } else {
                Key::public(public)
            }
        }
        "EC" => {
            let crv = text(jwk, "crv").unwrap_or_default();
            let curve = Curve::from_name(&crv).ok_or_else(|| match crv.as_str() {
                "secp256k1" => anyhow!(
                    "a secp256k1 key (ES256K): jwtgrant signs ES256, ES384 and ES512 (P-256, P-384, P-521)"
                ),
                "" => anyhow!("an EC JWK without \"crv\""),
                other => anyhow!("an EC JWK on an unsupported curve {other:?}"),
            })?;
            let len = curve.coordinate_len();
            let coord = |name| -> Result<Vec<u8>> {
                let raw = required(jwk, name)?;
                if raw.len() != len {
                    bail!("member {name:?} has {} bytes; {crv} needs {len}", raw.len());
                }
                Ok(raw)
            };
            let public = PublicKey::ec(curve, &coord("x")?, &coord("y")?)?;
            match bytes(jwk, "d")? {
                Some(d) => {
                    let d = fixed(&d, len).map_err(|_| anyhow!("member \"d\" is too long"))?;
                    Key::private(
                        public,
                        PrivateKey::Ec {
                            curve,
                            d: Secret::new(d),
                        },
                    )
                }
                None => Key::public(public),
            }
        }
        "OKP" => {
            let crv = text(jwk, "crv").unwrap_or_default();
            if crv != "Ed25519" {
                bail!(
                    "an OKP JWK with crv {crv:?}; jwtgrant supports Ed25519 (X25519 is for key agreement)"
                );
            }
            let x = required(jwk, "x")?;
            if x.len() != 32 {
                bail!("member \"x\" has {} bytes; Ed25519 needs 32", x.len());
            }
            let public = PublicKey::Ed25519 { x };
            match bytes(jwk, "d")? {
                Some(d) if d.len() == 32 => {
                    let private = PrivateKey::Ed25519 {
                        seed: Secret::new(d),
                    };
                    if private.derive_public()? != public {
                        bail!("the Ed25519 JWK's \"d\" does not belong to its \"x\"");
                    }
                    Key::private(public, private)
                }
                Some(_) => bail!("member \"d\" is not 32 bytes"),
                None => Key::public(public),
            }
        }
        "oct" => bail!(
            "a symmetric (oct) JWK: pass shared secrets with --secret-file FILE or --secret-env NAME"
        ),
        other => bail!("a JWK of unsupported kty {other:?}"),
    };
    key.kid = text(jwk, "kid");
    key.intent = Intent::from_jwk(jwk)?;
    key.cert = x5c_leaf(jwk, &key.public)?;
    Ok(key)
}

/// The first certificate of a JWK's `x5c`, which must hold the JWK's own key (RFC 7517
/// §4.7): it lets verify check a token's x5t against the registered certificate.
fn x5c_leaf(jwk: &Map<String, Value>, public: &PublicKey) -> Result<Option<CertInfo>> {
    let Some(chain) = jwk.get("x5c") else {
        return Ok(None);
    };
    let Some(leaf) = chain
        .as_array()
        .and_then(|c| c.first())
        .and_then(Value::as_str)
    else {
        bail!("member \"x5c\" must be a non-empty array of base64 certificates");
    };
    let der = data_encoding::BASE64
        .decode(leaf.as_bytes())
        .map_err(|_| anyhow!("x5c[0] is not base64 DER (x5c uses base64, not base64url)"))?;
    let cert = super::der::parse(super::der::Kind::Certificate, &der)
        .map_err(|e| anyhow!("x5c[0] is {e}"))?;
    if &cert.public != public {
        bail!("x5c[0] holds another key than the JWK itself (RFC 7517 §4.7: they must match)");
    }
    Ok(cert.cert)
}

/// The public JWK to publish or register: key members, kid, use sig, and alg when given.
pub fn public_jwk(public: &PublicKey, kid: &str, alg: Option<&str>) -> Value {
    let mut jwk = public.jwk();
    jwk.insert("kid".into(), json!(kid));
    jwk.insert("use".into(), json!("sig"));
    if let Some(alg) = alg {
        jwk.insert("alg".into(), json!(alg));
    }
    Value::Object(jwk)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 Appendix A.1/A.2: the Ed25519 private and public key.
    #[test]
    fn rfc8037_ed25519_key_and_thumbprint() {
        let jwk = json!({"kty":"OKP","crv":"Ed25519",
            "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        let key = parse(jwk.as_object().unwrap()).unwrap();
        assert!(key.private.is_some());
        // RFC 8037 Appendix A.3
        assert_eq!(
            key.public.thumbprint(),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn mismatched_ed25519_halves_are_refused() {
        let jwk = json!({"kty":"OKP","crv":"Ed25519",
            "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            "x":"AAAAAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        assert!(parse(jwk.as_object().unwrap()).is_err());
    }

    #[test]
    fn oct_and_short_coordinates_are_refused_with_reasons() {
        let err = parse(json!({"kty":"oct","k":"AAAA"}).as_object().unwrap())
            .err()
            .unwrap();
        assert!(err.to_string().contains("--secret-file"));
        let err = parse(
            json!({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"})
                .as_object()
                .unwrap(),
        )
        .err()
        .unwrap();
        assert!(err.to_string().contains("needs 32"), "{err}");
    }
}
