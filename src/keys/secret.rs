//! Shared secrets (client_secret_jwt): from a file, an environment variable or a hidden
//! prompt, never from argv. Always held in `redact::Secret`.

use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use data_encoding::BASE64URL_NOPAD;
use serde_json::Value;
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
            SecretFrom::File(p) => write!(f, "{}", p.display()),
            SecretFrom::Env(name) => write!(f, "${name}"),
        }
    }
}

/// Prompts only when a person is there: stdin and stderr are both terminals.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The secret's bytes: one trailing newline is dropped (editors and `echo` add it); an
/// `oct` JWK is accepted and its `k` used.
pub fn read_secret(from: &SecretFrom) -> Result<Secret> {
    let raw = match from {
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
    if bytes.first() == Some(&b'{') {
        if let Ok(Value::Object(jwk)) = serde_json::from_slice::<Value>(bytes) {
            if jwk.get("kty").and_then(Value::as_str) == Some("oct") {
                let k = jwk
                    .get("k")
                    .and_then(Value::as_str)
                    .ok_or_else(|| anyhow!("the oct JWK in {from} has no \"k\""))?;
                let decoded = BASE64URL_NOPAD
                    .decode(k.as_bytes())
                    .map_err(|_| anyhow!("the oct JWK in {from}: \"k\" is not base64url"))?;
                return Ok(Secret::new(decoded));
            }
        }
    }
    Ok(Secret::new(bytes.to_vec()))
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
