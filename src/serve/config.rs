//! The local server's configuration: issuer, clients and trusted grant issuers, from a JSON
//! file and flags. Secrets come from files or environment variables, never from the JSON.

use crate::clock;
use crate::keys::{self, KeySet, SecretFrom};
use crate::redact::Secret;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Client {
    pub id: String,
    /// Public keys for private_key_jwt (a JWKS, or any key file `keys` reads).
    pub jwks: Option<KeySet>,
    /// Shared secret for client_secret_jwt / client_secret_basic / client_secret_post.
    pub secret: Option<Secret>,
    /// token_endpoint_auth_method, when registered: only that method is accepted.
    pub method: Option<String>,
    /// token_endpoint_auth_signing_alg, when registered.
    pub alg: Option<String>,
    /// grant_types; empty means any this server supports.
    pub grant_types: Vec<String>,
}

pub struct TrustedIssuer {
    pub issuer: String,
    pub jwks: KeySet,
    pub alg: Option<String>,
    /// When set, only these subjects may be asserted.
    pub subjects: Option<Vec<String>>,
}

pub struct Config {
    pub issuer: String,
    pub token_endpoint: String,
    pub clients: Vec<Client>,
    pub issuers: Vec<TrustedIssuer>,
    /// Answer errors without error_description.
    pub opaque: bool,
    /// Accept the token endpoint URL as a client assertion's aud too.
    pub legacy_aud: bool,
    pub skew: i64,
    pub max_lifetime: i64,
    /// Seconds added to the system clock.
    pub clock_offset: i64,
}

impl Config {
    /// Defaults for a server at `base` (`http://127.0.0.1:PORT`).
    pub fn new(base: &str) -> Config {
        Config {
            issuer: base.to_string(),
            token_endpoint: format!("{base}/token"),
            clients: Vec::new(),
            issuers: Vec::new(),
            opaque: false,
            legacy_aud: false,
            skew: 30,
            max_lifetime: 3600,
            clock_offset: 0,
        }
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn trusted(&self, issuer: &str) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.issuer == issuer)
    }
}

fn read_json(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))
}

/// A registered secret: one trailing newline dropped, never empty (keys::read_secret).
pub fn read_secret_file(path: &Path) -> Result<Secret> {
    keys::read_secret(&SecretFrom::File(path.to_path_buf()))
}

/// `ID=FILE` (or `ISSUER=FILE`; the issuer may itself contain `=`, the file name may not).
pub fn split_pair<'a>(flag: &str, text: &'a str) -> Result<(&'a str, PathBuf)> {
    match text.rsplit_once('=') {
        Some((name, path)) if !name.is_empty() && !path.is_empty() => {
            Ok((name, PathBuf::from(path)))
        }
        _ => bail!("{flag} {text:?}: expected NAME=FILE"),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn duration(v: &Value, key: &str) -> Result<Option<i64>> {
    match v.get(key) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_i64()),
        Some(Value::String(s)) => {
            let (neg, s) = match s.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, s.as_str()),
            };
            let secs = clock::parse_duration(s).with_context(|| format!("config {key}"))?;
            Ok(Some(if neg { -secs } else { secs }))
        }
        Some(_) => bail!("config {key}: expected a duration like \"30s\""),
    }
}

/// The registered keys, named for the messages they appear in ("client app's registered keys").
fn registered(mut set: KeySet, what: &str) -> KeySet {
    set.source = format!("{what}'s registered keys");
    set
}

fn jwks_of(v: &Value, dir: &Path, what: &str) -> Result<Option<KeySet>> {
    let set = if let Some(jwks) = v.get("jwks") {
        keys::from_value(jwks, &format!("{what}: jwks"))?
    } else if let Some(f) = text(v, "jwks_file") {
        keys::read_file(&dir.join(f)).with_context(|| what.to_string())?
    } else {
        return Ok(None);
    };
    Ok(Some(registered(set, what)))
}

/// Apply a JSON configuration file on top of `config`.
pub fn apply_file(config: &mut Config, path: &Path) -> Result<()> {
    let doc = read_json(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Some(issuer) = text(&doc, "issuer") {
        config.issuer = issuer;
    }
    config.opaque |= doc.get("opaque").and_then(Value::as_bool).unwrap_or(false);
    config.legacy_aud |= doc
        .get("legacy_aud")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Some(s) = duration(&doc, "skew")? {
        config.skew = s;
    }
    if let Some(s) = duration(&doc, "max_lifetime")? {
        config.max_lifetime = s;
    }
    if let Some(s) = duration(&doc, "clock_offset")? {
        config.clock_offset = s;
    }
    for c in doc
        .get("clients")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(id) = text(c, "client_id") else {
            bail!("{}: a client without client_id", path.display());
        };
        let what = format!("client {id}");
        let secret = match (text(c, "secret_file"), text(c, "secret_env")) {
            (Some(f), _) => Some(read_secret_file(&dir.join(f)).with_context(|| what.clone())?),
            (None, Some(var)) => {
                Some(keys::read_secret(&SecretFrom::Env(var)).with_context(|| what.clone())?)
            }
            (None, None) => None,
        };
        if c.get("secret").is_some() || c.get("client_secret").is_some() {
            bail!(
                "{what}: put the secret in a file (secret_file) or a variable (secret_env), not in the JSON"
            );
        }
        config.clients.push(Client {
            jwks: jwks_of(c, dir, &what)?,
            secret,
            method: text(c, "token_endpoint_auth_method"),
            alg: text(c, "token_endpoint_auth_signing_alg"),
            grant_types: c
                .get("grant_types")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            id,
        });
    }
    for t in doc
        .get("trusted_issuers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(issuer) = text(t, "issuer") else {
            bail!("{}: a trusted issuer without issuer", path.display());
        };
        let what = format!("trusted issuer {issuer}");
        let Some(jwks) = jwks_of(t, dir, &what)? else {
            bail!("{what}: needs jwks or jwks_file");
        };
        config.issuers.push(TrustedIssuer {
            jwks,
            alg: text(t, "alg"),
            subjects: t.get("subjects").and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            }),
            issuer,
        });
    }
    Ok(())
}

/// `--client ID=KEY_FILE` (a JWKS, a JWK, PEM, a certificate…)
pub fn add_key_client(config: &mut Config, spec: &str) -> Result<()> {
    let (id, path) = split_pair("--client", spec)?;
    let set = keys::read_file(&path)?;
    config.clients.push(Client {
        id: id.to_string(),
        jwks: Some(registered(set, &format!("client {id}"))),
        secret: None,
        method: None,
        alg: None,
        grant_types: Vec::new(),
    });
    Ok(())
}

/// `--client-secret-file ID=FILE`
pub fn add_secret_client(config: &mut Config, spec: &str) -> Result<()> {
    let (id, path) = split_pair("--client-secret-file", spec)?;
    config.clients.push(Client {
        id: id.to_string(),
        jwks: None,
        secret: Some(read_secret_file(&path)?),
        method: None,
        alg: None,
        grant_types: Vec::new(),
    });
    Ok(())
}

/// `--trust ISSUER=JWKS_FILE`
pub fn add_trusted(config: &mut Config, spec: &str) -> Result<()> {
    let (issuer, path) = split_pair("--trust", spec)?;
    let set = keys::read_file(&path)?;
    config.issuers.push(TrustedIssuer {
        issuer: issuer.to_string(),
        jwks: registered(set, &format!("issuer {issuer}")),
        alg: None,
        subjects: None,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_at_the_last_equals_sign() {
        let (name, path) = split_pair("--trust", "https://idp/?a=b=jwks.json").unwrap();
        assert_eq!(name, "https://idp/?a=b");
        assert_eq!(path, PathBuf::from("jwks.json"));
        assert!(split_pair("--client", "app").is_err());
        assert!(split_pair("--client", "=x").is_err());
    }

    #[test]
    fn a_config_file_with_clients_and_issuers() {
        let dir =
            std::env::temp_dir().join(format!("jwtgrant-serve-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("s.txt"), "0123456789abcdef0123456789abcdef\n").unwrap();
        // a PEM public key works where a JWKS does
        std::fs::write(
            dir.join("idp.pem"),
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("server.json"),
            r#"{"issuer": "https://as.test", "skew": "5s", "clock_offset": "-2h",
                "clients": [{"client_id": "a", "jwks": {"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1",
                                "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                                "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]},
                             "token_endpoint_auth_signing_alg": "ES256"},
                            {"client_id": "b", "secret_file": "s.txt"}],
                "trusted_issuers": [{"issuer": "https://idp", "jwks_file": "idp.pem", "subjects": ["alice"]}]}"#,
        )
        .unwrap();
        let mut c = Config::new("http://127.0.0.1:1");
        apply_file(&mut c, &dir.join("server.json")).unwrap();
        assert_eq!(c.issuer, "https://as.test");
        assert_eq!((c.skew, c.clock_offset), (5, -7200));
        assert_eq!(c.client("a").unwrap().alg.as_deref(), Some("ES256"));
        let a_keys = c.client("a").unwrap().jwks.as_ref().unwrap();
        assert_eq!(a_keys.source, "client a's registered keys");
        assert_eq!(c.trusted("https://idp").unwrap().jwks.keys.len(), 1);
        assert_eq!(c.client("b").unwrap().secret.as_ref().unwrap().len(), 32);
        assert_eq!(
            c.trusted("https://idp").unwrap().subjects.as_ref().unwrap(),
            &["alice"]
        );
        std::fs::write(
            dir.join("bad.json"),
            r#"{"clients": [{"client_id": "x", "secret": "s"}]}"#,
        )
        .unwrap();
        assert!(apply_file(&mut c, &dir.join("bad.json")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
