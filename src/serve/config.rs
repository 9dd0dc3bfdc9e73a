//! The local server's configuration: issuer, clients and trusted grant issuers, from a JSON
//! file and flags. Secrets come from files or environment variables, never from the JSON.

use super::refusal::Style;
use crate::clock;
use crate::keys::{self, Intent, KeySet, SecretFrom, SharedSecret, SigningKey};
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

pub struct Client {
    pub id: String,
    /// Public keys for private_key_jwt (a JWKS, or any key file `keys` reads).
    pub jwks: Option<KeySet>,
    /// Shared secret for client_secret_jwt / client_secret_basic / client_secret_post.
    pub secret: Option<Secret>,
    /// What the secret's oct JWK says it is for (`alg`, `use`, `key_ops`); nothing for bytes.
    pub secret_intent: Intent,
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
    /// Grants from this issuer must be ID-JAGs (`--trust-id-jag`, `"id_jag": true`).
    pub id_jag_only: bool,
}

/// The IdP role (`--id-jag-issuer`): token exchange of trusted ID tokens for ID-JAGs.
pub struct IdJagIssuer {
    /// Signs the ID-JAGs; its public half is published at `jwks_uri`.
    pub key: SigningKey,
    /// The resource authorization servers (their issuer identifiers) ID-JAGs are issued for.
    pub audiences: Vec<String>,
    /// exp − iat of each ID-JAG.
    pub lifetime: i64,
}

/// The ID-JAG's default lifetime: the draft wants them short-lived.
pub const ID_JAG_LIFETIME: i64 = 300;

impl IdJagIssuer {
    /// The signing key made at start-up, with no audience yet.
    pub fn generated() -> Result<IdJagIssuer> {
        Ok(IdJagIssuer {
            key: keys::ephemeral(crate::jose::Alg::ES256)?,
            audiences: Vec::new(),
            lifetime: ID_JAG_LIFETIME,
        })
    }

    /// The signing key from a private key file (PEM, DER, JWK…).
    pub fn from_file(path: &Path) -> Result<IdJagIssuer> {
        let key = keys::load_signing(&keys::SigningSource {
            key: Some(path),
            ..keys::SigningSource::default()
        })
        .with_context(|| format!("the ID-JAG signing key {}", path.display()))?;
        if key.public.is_none() {
            bail!("the ID-JAG signing key must be a private key, not a shared secret");
        }
        Ok(IdJagIssuer {
            key,
            audiences: Vec::new(),
            lifetime: ID_JAG_LIFETIME,
        })
    }

    /// The public JWKS published at `jwks_uri`.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .key
            .public
            .iter()
            .map(|public| {
                keys::public_jwk(
                    public,
                    self.key.kid.as_deref().unwrap_or("id-jag"),
                    Some(self.key.alg().name()),
                )
            })
            .collect();
        serde_json::json!({ "keys": keys })
    }
}

pub struct Config {
    pub issuer: String,
    pub token_endpoint: String,
    pub clients: Vec<Client>,
    pub issuers: Vec<TrustedIssuer>,
    /// `http://127.0.0.1:PORT/jwks`: where the ID-JAG signing key is published.
    pub jwks_uri: String,
    /// The IdP role, when enabled.
    pub id_jag: Option<IdJagIssuer>,
    /// The resources this server protects: an ID-JAG's `resource` must be among them (when
    /// any are listed).
    pub resources: Vec<String>,
    /// How a refused request is answered (`--refusal`; `--opaque` is `Style::Opaque`).
    pub refusal: Style,
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
            jwks_uri: format!("{base}/jwks"),
            id_jag: None,
            resources: Vec::new(),
            refusal: Style::default(),
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

/// A refusal style by name (`--refusal`, the file's `refusal`).
pub fn refusal_style(name: &str) -> Result<Style> {
    Style::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Style::ALL.iter().map(|s| s.name()).collect();
        anyhow!(
            "refusal {name:?} is not a style; use one of {}",
            names.join(", ")
        )
    })
}

/// A registered secret: one trailing newline dropped, never empty; an oct JWK's `k` with
/// what the JWK says the key is for (keys::read_shared).
pub fn read_secret_file(path: &Path) -> Result<SharedSecret> {
    keys::read_shared(&SecretFrom::File(path.to_path_buf()), None)
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

/// The JSON file as written. Every key is known: a misspelled one is an error that names it
/// and lists the keys that exist (serde's message, with the JSON path in front).
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with issuer, clients, trusted_issuers…"
)]
struct File {
    issuer: Option<String>,
    #[serde(default)]
    opaque: bool,
    refusal: Option<String>,
    #[serde(default)]
    legacy_aud: bool,
    skew: Option<Seconds>,
    max_lifetime: Option<Seconds>,
    clock_offset: Option<Seconds>,
    #[serde(default)]
    clients: Vec<ClientEntry>,
    #[serde(default)]
    trusted_issuers: Vec<IssuerEntry>,
    id_jag_issuer: Option<IdJagEntry>,
    #[serde(default)]
    resources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an object with key_file, audiences and lifetime"
)]
struct IdJagEntry {
    key_file: Option<PathBuf>,
    #[serde(default)]
    audiences: Vec<String>,
    lifetime: Option<Seconds>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a client object with client_id")]
struct ClientEntry {
    client_id: String,
    jwks: Option<Value>,
    jwks_file: Option<PathBuf>,
    secret_file: Option<PathBuf>,
    secret_env: Option<String>,
    token_endpoint_auth_method: Option<String>,
    token_endpoint_auth_signing_alg: Option<String>,
    #[serde(default)]
    grant_types: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a trusted issuer object with issuer")]
struct IssuerEntry {
    issuer: String,
    jwks: Option<Value>,
    jwks_file: Option<PathBuf>,
    alg: Option<String>,
    subjects: Option<Vec<String>>,
    #[serde(default)]
    id_jag: bool,
}

/// Seconds: a number, or a duration like "30s", "5m", "-2h".
struct Seconds(i64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Seconds, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("seconds, or a duration like \"30s\", \"5m\" or \"-2h\"")
            }
            fn visit_i64<E: de::Error>(self, secs: i64) -> Result<Seconds, E> {
                Ok(Seconds(secs))
            }
            fn visit_u64<E: de::Error>(self, secs: u64) -> Result<Seconds, E> {
                i64::try_from(secs)
                    .map(Seconds)
                    .map_err(|_| E::custom(format!("{secs} seconds is too large")))
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Seconds, E> {
                clock::parse_signed_duration(text)
                    .map(Seconds)
                    .map_err(|err| E::custom(format!("{err:#}")))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// A client secret written into the JSON is refused before anything else is read, so the
/// message says where secrets go (and the keys listed for a typo never suggest it).
fn refuse_inline_secrets(doc: &Value) -> Result<()> {
    let clients = doc.get("clients").and_then(Value::as_array);
    for (i, client) in clients.into_iter().flatten().enumerate() {
        if ["secret", "client_secret"]
            .iter()
            .any(|key| client.get(key).is_some())
        {
            bail!(
                "clients[{i}]: put the secret in a file (secret_file) or a variable (secret_env), not in the JSON"
            );
        }
    }
    Ok(())
}

fn parse_file(text: &str) -> Result<File> {
    let doc: Value = serde_json::from_str(text).context("not JSON")?;
    if !doc.is_object() {
        bail!("expected a JSON object like {{\"clients\": […]}}");
    }
    refuse_inline_secrets(&doc)?;
    // From the text, not `doc`, so that errors keep their line and column.
    let mut json = serde_json::Deserializer::from_str(text);
    let file: File = serde_path_to_error::deserialize(&mut json).map_err(|err| {
        let path = err.path().to_string();
        let err = err.into_inner();
        match path.as_str() {
            "." => anyhow!("{err}"),
            _ => anyhow!("{path}: {err}"),
        }
    })?;
    Ok(file)
}

/// The registered keys, named for the messages they appear in ("client app's registered keys").
fn registered(mut set: KeySet, what: &str) -> KeySet {
    set.source = format!("{what}'s registered keys");
    set
}

fn jwks_of(
    jwks: Option<Value>,
    jwks_file: Option<PathBuf>,
    dir: &Path,
    what: &str,
) -> Result<Option<KeySet>> {
    let set = match (jwks, jwks_file) {
        (Some(_), Some(_)) => bail!("{what}: give jwks or jwks_file, not both"),
        (Some(jwks), None) => keys::from_value(&jwks, &format!("{what}: jwks"))?,
        (None, Some(file)) => keys::read_file(&dir.join(file)).with_context(|| what.to_string())?,
        (None, None) => return Ok(None),
    };
    Ok(Some(registered(set, what)))
}

fn not_negative(key: &str, value: Option<Seconds>) -> Result<Option<i64>> {
    match value {
        Some(Seconds(secs)) if secs < 0 => bail!("{key}: must not be negative"),
        other => Ok(other.map(|Seconds(secs)| secs)),
    }
}

/// Apply a JSON configuration file on top of `config`.
pub fn apply_file(config: &mut Config, path: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let file = parse_file(&text)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Some(issuer) = file.issuer {
        config.issuer = issuer;
    }
    if file.opaque {
        config.refusal = Style::Opaque;
    }
    if let Some(name) = &file.refusal {
        config.refusal = refusal_style(name)?;
    }
    config.legacy_aud |= file.legacy_aud;
    if let Some(secs) = not_negative("skew", file.skew)? {
        config.skew = secs;
    }
    if let Some(secs) = not_negative("max_lifetime", file.max_lifetime)? {
        config.max_lifetime = secs;
    }
    if let Some(Seconds(secs)) = file.clock_offset {
        config.clock_offset = secs;
    }
    for c in file.clients {
        let what = format!("client {}", c.client_id);
        let secret = match (c.secret_file, c.secret_env) {
            (Some(_), Some(_)) => bail!("{what}: give secret_file or secret_env, not both"),
            (Some(f), None) => Some(read_secret_file(&dir.join(f)).with_context(|| what.clone())?),
            (None, Some(var)) => {
                Some(keys::read_shared(&SecretFrom::Env(var), None).with_context(|| what.clone())?)
            }
            (None, None) => None,
        };
        let (secret, secret_intent) = match secret {
            Some(shared) => (Some(shared.secret), shared.intent),
            None => (None, Intent::default()),
        };
        config.clients.push(Client {
            jwks: jwks_of(c.jwks, c.jwks_file, dir, &what)?,
            secret,
            secret_intent,
            method: c.token_endpoint_auth_method,
            alg: c.token_endpoint_auth_signing_alg,
            grant_types: c.grant_types,
            id: c.client_id,
        });
    }
    for t in file.trusted_issuers {
        let what = format!("trusted issuer {}", t.issuer);
        let Some(jwks) = jwks_of(t.jwks, t.jwks_file, dir, &what)? else {
            bail!("{what}: needs jwks or jwks_file");
        };
        config.issuers.push(TrustedIssuer {
            jwks,
            alg: t.alg,
            subjects: t.subjects,
            id_jag_only: t.id_jag,
            issuer: t.issuer,
        });
    }
    if let Some(entry) = file.id_jag_issuer {
        let mut idp = match &entry.key_file {
            Some(f) => IdJagIssuer::from_file(&dir.join(f)).context("id_jag_issuer")?,
            None => IdJagIssuer::generated()?,
        };
        idp.audiences = entry.audiences;
        if let Some(secs) = not_negative("id_jag_issuer.lifetime", entry.lifetime)? {
            idp.lifetime = secs;
        }
        config.id_jag = Some(idp);
    }
    config.resources.extend(file.resources);
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
        secret_intent: Intent::default(),
        method: None,
        alg: None,
        grant_types: Vec::new(),
    });
    Ok(())
}

/// `--client-secret-file ID=FILE`
pub fn add_secret_client(config: &mut Config, spec: &str) -> Result<()> {
    let (id, path) = split_pair("--client-secret-file", spec)?;
    let shared = read_secret_file(&path)?;
    config.clients.push(Client {
        id: id.to_string(),
        jwks: None,
        secret: Some(shared.secret),
        secret_intent: shared.intent,
        method: None,
        alg: None,
        grant_types: Vec::new(),
    });
    Ok(())
}

/// `--trust ISSUER=JWKS_FILE`, or `--trust-id-jag ISSUER=JWKS_FILE` (`id_jag_only`).
pub fn add_trusted(config: &mut Config, spec: &str, id_jag_only: bool) -> Result<()> {
    let flag = if id_jag_only {
        "--trust-id-jag"
    } else {
        "--trust"
    };
    let (issuer, path) = split_pair(flag, spec)?;
    let set = keys::read_file(&path)?;
    config.issuers.push(TrustedIssuer {
        issuer: issuer.to_string(),
        jwks: registered(set, &format!("issuer {issuer}")),
        alg: None,
        subjects: None,
        id_jag_only,
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
        for (json, expect) in [
            (
                r#"{"clients": [{"client_id": "x", "jwks": {"keys": []}, "jwks_file": "idp.pem"}]}"#,
                "client x: give jwks or jwks_file, not both",
            ),
            (
                r#"{"clients": [{"client_id": "x", "secret_file": "s.txt", "secret_env": "S"}]}"#,
                "client x: give secret_file or secret_env, not both",
            ),
            (r#"{"skew": "-5s"}"#, "skew: must not be negative"),
        ] {
            std::fs::write(dir.join("both.json"), json).unwrap();
            let err = apply_file(&mut c, &dir.join("both.json")).unwrap_err();
            assert_eq!(format!("{err:#}"), expect);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_documented_key_is_known() {
        // the README's schema, every key at least once
        let file = parse_file(
            r#"{"issuer": "http://127.0.0.1:8787",
                "clients": [
                  {"client_id": "app", "jwks_file": "app-jwks.json", "token_endpoint_auth_signing_alg": "ES256"},
                  {"client_id": "svc", "secret_file": "svc-secret.txt", "token_endpoint_auth_method": "client_secret_basic"},
                  {"client_id": "env", "secret_env": "SVC_SECRET", "grant_types": ["client_credentials"], "jwks": {"keys": []}}
                ],
                "trusted_issuers": [{"issuer": "https://idp.example", "jwks_file": "idp-jwks.json", "jwks": {"keys": []},
                                     "alg": "RS256", "subjects": ["alice"], "id_jag": true}],
                "id_jag_issuer": {"key_file": "idp.pem", "audiences": ["https://as.example"], "lifetime": "5m"},
                "resources": ["https://api.example/"],
                "opaque": false, "refusal": "html-500", "legacy_aud": false, "skew": "30s", "max_lifetime": "1h", "clock_offset": "0s"}"#,
        )
        .unwrap();
        assert_eq!(file.clients.len(), 3);
        assert_eq!(file.refusal.as_deref(), Some("html-500"));
        assert_eq!(file.clients[2].grant_types, ["client_credentials"]);
        assert_eq!(file.max_lifetime.map(|s| s.0), Some(3600));
        assert!(file.trusted_issuers[0].id_jag);
        let idp = file.id_jag_issuer.expect("id_jag_issuer");
        assert_eq!(idp.audiences, ["https://as.example"]);
        assert_eq!(idp.lifetime.map(|s| s.0), Some(300));
        assert_eq!(file.resources, ["https://api.example/"]);
        let err = parse_error(r#"{"id_jag_issuer": {"audience": []}}"#);
        assert!(
            err.starts_with("id_jag_issuer") && err.contains("`audiences`"),
            "{err}"
        );
    }

    fn parse_error(text: &str) -> String {
        match parse_file(text) {
            Ok(_) => panic!("accepted {text}"),
            Err(err) => format!("{err:#}"),
        }
    }

    #[test]
    fn a_misspelled_key_is_named_with_its_path_and_the_known_keys() {
        let err = parse_error(r#"{"opaqe": true}"#);
        assert!(err.contains("unknown field `opaqe`"), "{err}");
        assert!(
            err.contains("`opaque`") && err.contains("`trusted_issuers`"),
            "{err}"
        );
        let err = parse_error(
            r#"{"clients": [{"client_id": "a"}, {"client_id": "b", "jwks_fle": "x"}]}"#,
        );
        assert!(err.starts_with("clients[1]"), "{err}");
        assert!(
            err.contains("`jwks_file`") && err.contains("line 1"),
            "{err}"
        );
        let err = parse_error(r#"{"trusted_issuers": [{"issuer": "i", "subjet": []}]}"#);
        assert!(err.starts_with("trusted_issuers[0]"), "{err}");
        assert!(err.contains("`subjects`"), "{err}");
        // the keys listed never include a place for a secret
        assert!(!err.contains("`secret`"), "{err}");
    }

    #[test]
    fn a_refusal_style_is_named_or_refused_with_the_list() {
        assert_eq!(refusal_style("plain-text").unwrap(), Style::PlainText);
        let err = refusal_style("plaintext").unwrap_err().to_string();
        assert!(
            err.contains("plain-text") && err.contains("described"),
            "{err}"
        );
    }

    #[test]
    fn wrong_types_and_shapes_are_errors_not_defaults() {
        for (text, expect) in [
            (r#"{"opaque": "yes"}"#, "opaque: invalid type"),
            (r#"{"skew": "5q"}"#, "skew: duration"),
            (r#"{"skew": 1.5}"#, "skew: invalid type"),
            (r#"{"clients": {"a": 1}}"#, "clients: invalid type"),
            (
                r#"{"clients": [{"jwks_file": "x"}]}"#,
                "missing field `client_id`",
            ),
            (r#"[1]"#, "JSON object"),
            (
                r#"{"clients": [{"client_id": "a", "client_secret": "s"}]}"#,
                "secret_file",
            ),
            ("{", "not JSON"),
        ] {
            let err = parse_error(text);
            assert!(err.contains(expect), "{text}: {err}");
        }
        // the secret's value never reaches the message
        let err = parse_error(r#"{"clients": [{"client_id": "a", "secret": "hunter2-s3cr3t"}]}"#);
        assert!(!err.contains("hunter2"), "{err}");
        let file = parse_file(r#"{"clock_offset": "-2h", "skew": 5}"#).unwrap();
        assert_eq!(file.clock_offset.map(|s| s.0), Some(-7200));
        assert_eq!(file.skew.map(|s| s.0), Some(5));
    }
}
