//! Shared secrets (client_secret_jwt): from a file, an environment variable or a hidden
//! prompt, never from argv. Always held in `redact::Secret`. A key file given as a secret
//! is refused: a private key's text is no shared secret, and a public key's is the
//! algorithm-confusion attack.

use super::{Intent, der, pem};
use crate::exit::Hint;
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use data_encoding::BASE64URL_NOPAD;
use serde_json::{Map, Value};
use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum SecretFrom {
    File(PathBuf),
    Env(String),
}

impl fmt::Display for SecretFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretFrom::File(p) if crate::input::is_stdin(p) => f.write_str("stdin"),
            SecretFrom::File(p) => write!(f, "{}", p.display()),
            SecretFrom::Env(name) => write!(f, "${name}"),
        }
    }
}

/// Prompts only when a person is there: stdin and stderr are both terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A shared secret and what its file said about it.
pub struct SharedSecret {
    pub secret: Secret,
    /// The oct JWK's `kid`, when the secret came from one.
    pub kid: Option<String>,
    /// The oct JWK's `alg`, `use` and `key_ops` (nothing for the bytes themselves).
    pub intent: Intent,
    /// "an oct JWK" or "an oct key of a JWKS"; None for the bytes themselves.
    pub form: Option<&'static str>,
}

/// The secret's bytes (see `read_shared`).
pub fn read_secret(from: &SecretFrom) -> Result<Secret> {
    read_shared(from, None).map(|s| s.secret)
}

/// The secret's bytes: one trailing newline is dropped (editors and `echo` add it); an
/// `oct` JWK gives its `k`, a JWKS the oct key named by `kid` (or its only one). A key
/// file (PEM, DER, JWK, JWKS, service-account JSON) is refused: its text is no secret.
pub fn read_shared(from: &SecretFrom, kid: Option<&str>) -> Result<SharedSecret> {
    let raw = match from {
        SecretFrom::File(path) if crate::input::is_stdin(path) => crate::input::read_capped(
            std::io::stdin().lock(),
            &crate::input::Origin::Stdin,
            "a secret",
        )?,
        SecretFrom::File(path) => std::fs::read(path)
            .with_context(|| format!("cannot read the secret file {}", path.display()))?,
        SecretFrom::Env(name) => match std::env::var_os(name) {
            Some(v) => v.into_encoded_bytes(),
            None => bail!("the environment variable {name} is not set"),
        },
    };
    let raw = Secret::new(raw);
    let mut bytes = raw.expose();
    if let Some(rest) = bytes.strip_suffix(b"\n") {
        bytes = rest.strip_suffix(b"\r").unwrap_or(rest);
    }
    if bytes.is_empty() {
        bail!("the secret in {from} is empty");
    }
    if let Some(value) = as_json(bytes) {
        return from_json(&value, from, kid);
    }
    if let Some(found) = key_material(bytes) {
        return Err(refusal(from, found));
    }
    Ok(SharedSecret {
        secret: Secret::new(bytes.to_vec()),
        kid: None,
        intent: Intent::default(),
        form: None,
    })
}

/// JSON text (after a BOM and whitespace) that parses; anything else is secret bytes.
fn as_json(bytes: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with(['{', '[']) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// What kind of key a non-JSON secret actually is, if it is one.
fn key_material(bytes: &[u8]) -> Option<Found> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if pem::looks_like_pem(text) {
            if text.contains("PRIVATE KEY-----") {
                return Some(Found::private("PEM"));
            }
            return Some(Found::public("a public key or certificate", "PEM"));
        }
        if super::OPENSSH_PUBLIC
            .iter()
            .any(|p| text.trim_start().starts_with(p))
        {
            return Some(Found::public("a public key", "OpenSSH"));
        }
    }
    // A random secret that happens to start with 0x30 does not also decode as a key.
    let (kind, _) = der::sniff(bytes).ok()?;
    let form = format!("{}, DER", super::short_kind(kind));
    Some(match kind {
        der::Kind::Pkcs8 | der::Kind::Pkcs1Private | der::Kind::Sec1 => Found::private(form),
        der::Kind::Certificate => Found::public("a certificate", form),
        der::Kind::Spki | der::Kind::Pkcs1Public => Found::public("a public key", form),
    })
}

/// Key material where a secret was expected: what it is and how it is stored.
struct Found {
    noun: &'static str,
    form: String,
    private: bool,
}

impl Found {
    fn private(form: impl Into<String>) -> Found {
        Found {
            noun: "a private key",
            form: form.into(),
            private: true,
        }
    }

    fn public(noun: &'static str, form: impl Into<String>) -> Found {
        Found {
            noun,
            form: form.into(),
            private: false,
        }
    }
}

fn refusal(from: &SecretFrom, found: Found) -> anyhow::Error {
    let Found {
        noun,
        form,
        private,
    } = found;
    if private {
        Hint::new(
            format!(
                "{from} holds {noun} ({form}); a secret file takes a shared secret (client_secret_jwt)"
            ),
            "for private_key_jwt use --key FILE (serve: --client ID=JWKS_FILE)",
        )
    } else {
        Hint::new(
            format!(
                "{from} holds {noun} ({form}), not a shared secret: an HMAC key made of a public key is the algorithm-confusion attack (RFC 8725 §3.1: one key, one algorithm)"
            ),
            "a public key checks signatures through --key FILE; a shared secret is the client_secret the server issued",
        )
    }
}

/// An oct JWK or a JWKS holding oct keys; any other JSON is refused.
fn from_json(value: &Value, from: &SecretFrom, kid: Option<&str>) -> Result<SharedSecret> {
    let entries: Vec<&Map<String, Value>> = match value.as_object() {
        Some(obj) if obj.contains_key("kty") => vec![obj],
        Some(obj) => obj
            .get("keys")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_object).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let entries_len = entries.len();
    let oct: Vec<&Map<String, Value>> = entries
        .into_iter()
        .filter(|k| k.get("kty").and_then(Value::as_str) == Some("oct"))
        .collect();
    if oct.is_empty() {
        return Err(json_refusal(value, from));
    }
    if oct.len() < entries_len {
        // A set that mixes shared secrets with public keys is either a published JWKS that
        // leaks its secrets or an ambiguous one: neither is a secret file.
        return Err(Hint::new(
            format!(
                "{from} mixes oct keys (shared secrets) with public keys: a JWKS you publish must never hold secrets, and a secret file holds secrets only"
            ),
            "keep the oct key in its own file (a JWK or a JWKS of oct keys) and publish the public keys separately",
        ));
    }
    let jwk = choose(&oct, kid, from)?;
    let form = if value.get("keys").is_some() {
        "an oct key of a JWKS"
    } else {
        "an oct JWK"
    };
    let kid = jwk.get("kid").and_then(Value::as_str).map(str::to_string);
    let k = jwk
        .get("k")
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("the oct JWK in {from} has no \"k\""))?;
    let decoded = BASE64URL_NOPAD
        .decode(k.trim_end_matches('=').as_bytes())
        .map_err(|_| anyhow!("the oct JWK in {from}: \"k\" is not base64url"))?;
    let secret = Secret::new(decoded);
    if secret.is_empty() {
        bail!("the oct JWK in {from} has an empty \"k\": a 0-byte key is no key");
    }
    let intent = Intent::from_jwk(jwk).map_err(|e| anyhow!("the oct JWK in {from}: {e}"))?;
    Ok(SharedSecret {
        secret,
        kid,
        intent,
        form: Some(form),
    })
}

/// The oct key named by `kid`, else the only one (as `keys::pick` chooses).
fn choose<'a>(
    oct: &[&'a Map<String, Value>],
    kid: Option<&str>,
    from: &SecretFrom,
) -> Result<&'a Map<String, Value>> {
    let kid_of = |k: &Map<String, Value>| k.get("kid").and_then(Value::as_str).map(str::to_string);
    if let Some(kid) = kid {
        let named: Vec<&&Map<String, Value>> = oct
            .iter()
            .filter(|k| kid_of(k).as_deref() == Some(kid))
            .collect();
        match named.as_slice() {
            [one] => return Ok(one),
            [] => {}
            _ => bail!(
                "{from} holds {} oct keys with kid {kid:?}: which secret is meant is ambiguous, so none is used",
                named.len()
            ),
        }
    }
    match oct {
        [only] if kid.is_none() || kid_of(only).is_none() => Ok(only),
        _ => {
            let kids: Vec<String> = oct
                .iter()
                .map(|k| kid_of(k).map_or("no kid".to_string(), |id| format!("kid {id:?}")))
                .collect();
            let message = match kid {
                Some(kid) => format!(
                    "{from} has no oct key with kid {kid:?}; it holds: {}",
                    kids.join(", ")
                ),
                None => format!("{from} holds {} oct keys: {}", oct.len(), kids.join(", ")),
            };
            Err(Hint::new(
                message,
                "the kid chooses one: sign --kid KID; verify takes the token's kid header",
            ))
        }
    }
}

/// Why JSON with no oct key is no secret: a private key, a public key, or something else.
fn json_refusal(value: &Value, from: &SecretFrom) -> anyhow::Error {
    if let Ok(set) = super::from_value(value, &from.to_string()) {
        let key = set
            .keys
            .iter()
            .find(|k| k.private.is_some())
            .or(set.keys.first());
        if let Some(key) = key {
            let found = if key.private.is_some() {
                Found::private(key.format.clone())
            } else {
                Found::public("a public key", key.format.clone())
            };
            return refusal(from, found);
        }
    }
    let obj = value.as_object();
    if obj.is_some_and(|o| o.contains_key("private_key") || o.contains_key("d")) {
        return refusal(from, Found::private("JSON"));
    }
    let members = obj.map_or("none".to_string(), super::json::member_names);
    Hint::new(
        format!("{from} holds JSON (members: {members}), not a shared secret"),
        "a secret file holds the client_secret itself, or an oct JWK or JWKS ({\"kty\": \"oct\", \"k\": …})",
    )
}

/// A hidden prompt (dialoguer); callers check `interactive()` first.
pub fn prompt(what: &str) -> Result<Secret> {
    let text = dialoguer::Password::new()
        .with_prompt(what)
        .interact()
        .context("reading the secret from the terminal")?;
    let secret = Secret::new(text.into_bytes());
    if secret.is_empty() {
        bail!("no secret entered");
    }
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SecureRandom;

    #[test]
    fn random_secrets_are_never_mistaken_for_keys() {
        // Secrets are random bytes; one starting with 0x30 (an ASN.1 SEQUENCE) or with
        // '{' must still be a secret, not a refused key file.
        let rng = ring::rand::SystemRandom::new();
        for first in [0x30u8, b'{', b'-'] {
            for len in [16usize, 32, 48, 64, 200] {
                for _ in 0..200 {
                    let mut bytes = vec![0u8; len];
                    rng.fill(&mut bytes).unwrap();
                    bytes[0] = first;
                    assert!(key_material(&bytes).is_none(), "{bytes:?}");
                    assert!(as_json(&bytes).is_none(), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn pem_labels_decide_private_or_public() {
        for (label, private) in [
            ("PRIVATE KEY", true),
            ("RSA PRIVATE KEY", true),
            ("ENCRYPTED PRIVATE KEY", true),
            ("OPENSSH PRIVATE KEY", true),
            ("PUBLIC KEY", false),
            ("CERTIFICATE", false),
        ] {
            let text = format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----\n");
            let found = key_material(text.as_bytes()).expect(label);
            assert_eq!(found.private, private, "{label}");
        }
    }
}
