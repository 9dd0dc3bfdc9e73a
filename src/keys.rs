//! Keys: load them from whatever people have (PEM, DER, JWK, JWKS, service-account JSON,
//! shared secrets), found by content rather than file extension; thumbprints; signing-key
//! and JWKS loading for sign, verify and replay; `key new`.
//!
//! Crypto itself is in `jose`; this module turns files into `jose::PublicKey` /
//! `jose::PrivateKey` and back. Nothing here prints key material, and error messages name
//! the file and what was found, never bytes of it.

mod cert;
mod check;
mod der;
mod generate;
mod intent;
mod json;
mod jwk;
mod pem;
mod secret;

pub use cert::read_chain;
pub use check::{
    CheckOptions, SignatureState, Trusted, Verification, check, check_keys_of, check_secret,
};
pub use generate::{ephemeral, write_new};
pub use intent::{Intent, Op};
pub use jwk::public_jwk;
pub use secret::{
    SecretFrom, SharedSecret, interactive, prompt as prompt_secret, read_secret, read_shared,
};

use crate::exit::Hint;
use crate::findings::{Finding, Severity};
use crate::http::{self, HttpOptions};
use crate::jose::{Alg, PrivateKey, PublicKey, Signer, alg_names, sign_compact};
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Map, Value, json};
use std::path::Path;

/// A certificate: what Entra and others register keys by, and what `x5c`, `x5t` and
/// `x5t#S256` headers carry (RFC 7515 §4.1.6-4.1.8).
#[derive(Debug, Clone)]
pub struct CertInfo {
    /// The certificate as DER.
    pub der: Vec<u8>,
    pub subject: String,
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
}

/// One key, with what its file said about it.
#[derive(Debug)]
pub struct Key {
    pub public: PublicKey,
    pub private: Option<PrivateKey>,
    /// From a JWK (`kid`) or a service-account file (`private_key_id`).
    pub kid: Option<String>,
    /// What the JWK says the key is for (`alg`, `use`, `key_ops`).
    pub intent: Intent,
    /// How it was stored, e.g. "PKCS#8 private key (PEM)", "JWK".
    pub format: String,
    pub cert: Option<CertInfo>,
    /// What a Google service-account file says besides the key.
    pub account: Option<ServiceAccount>,
}

/// The members of a Google service-account key file that a JWT bearer grant to Google
/// takes its claims from (developers.google.com/identity/protocols/oauth2/service-account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    /// `client_email`: the grant's iss.
    pub client_email: Option<String>,
    /// `token_uri`: the grant's aud.
    pub token_uri: Option<String>,
    /// `private_key_id`: the header's kid.
    pub key_id: Option<String>,
}

impl Key {
    pub fn public(public: PublicKey) -> Key {
        Key {
            public,
            private: None,
            kid: None,
            intent: Intent::default(),
            format: String::new(),
            cert: None,
            account: None,
        }
    }

    pub fn private(public: PublicKey, private: PrivateKey) -> Key {
        Key {
            private: Some(private),
            ..Key::public(public)
        }
    }

    /// RFC 7638 thumbprint of the public key.
    pub fn thumbprint(&self) -> String {
        self.public.thumbprint()
    }

    /// `kid "abc"` or `thumbprint NzbL…` : how to name the key in a message.
    pub fn label(&self) -> String {
        match &self.kid {
            Some(kid) => format!("kid {kid:?}"),
            None => format!("thumbprint {}", self.thumbprint()),
        }
    }

    /// "EC P-256 private key (PKCS#8, PEM)".
    pub fn describe(&self) -> String {
        let half = if self.private.is_some() {
            "private key"
        } else if self.cert.is_some() {
            "certificate"
        } else {
            "public key"
        };
        if self.format.is_empty() {
            format!("{} {half}", self.public.describe())
        } else {
            format!("{} {half} ({})", self.public.describe(), self.format)
        }
    }

    /// What may be shown about a key: never private members.
    pub fn summary_json(&self) -> Value {
        let mut v = Map::new();
        v.insert("kid".into(), json!(self.kid));
        v.insert("kty".into(), json!(self.public.kty()));
        if let PublicKey::Ec { curve, .. } = &self.public {
            v.insert("crv".into(), json!(curve.name()));
        }
        if let PublicKey::Ed25519 { .. } = &self.public {
            v.insert("crv".into(), json!("Ed25519"));
        }
        if let Some(bits) = self.public.rsa_bits() {
            v.insert("bits".into(), json!(bits));
        }
        v.insert("thumbprint".into(), json!(self.thumbprint()));
        if let Some(cert) = &self.cert {
            v.insert("x5t".into(), json!(cert.x5t()));
            v.insert("x5t#S256".into(), json!(cert.x5t_s256()));
        }
        if let Some(alg) = &self.intent.alg {
            v.insert("alg".into(), json!(alg));
        }
        v.insert("format".into(), json!(self.format));
        Value::Object(v)
    }

    /// May this key `op` (sign or verify) `alg`? Err says why not: its JWK's use,
    /// key_ops or alg say otherwise, or it is the wrong type of key.
    pub fn fits(&self, alg: Alg, op: Op) -> Result<(), String> {
        self.intent
            .permits_op(op, self.private.is_some())
            .map_err(|why| format!("{} {why}", self.label()))?;
        if alg.family() != self.public.family() {
            return Err(format!(
                "{} is {}, which can make {}",
                self.label(),
                self.public.describe(),
                alg_names(&self.public.algs())
            ));
        }
        self.intent
            .permits_alg(alg)
            .map_err(|why| format!("{} {why}", self.label()))
    }
}

/// The keys of one file, JWKS or URL.
#[derive(Debug)]
pub struct KeySet {
    /// File name or URL, for messages.
    pub source: String,
    pub keys: Vec<Key>,
    /// What to tell the user about the set: entries skipped and why, private members in
    /// a JWKS (printed as notes).
    pub notes: Vec<String>,
}

impl KeySet {
    /// "kid \"a\" (RSA 2048-bit, thumbprint …), …" for messages that list what is there.
    pub fn listing(&self) -> String {
        self.keys
            .iter()
            .map(|k| {
                let kid = k
                    .kid
                    .as_deref()
                    .map_or("no kid".to_string(), |k| format!("kid {k:?}"));
                format!(
                    "{kid} ({}, thumbprint {})",
                    k.public.describe(),
                    k.thumbprint()
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Key files are small; anything larger is another kind of file.
const MAX_KEY_FILE: u64 = 1024 * 1024;

/// Read every key in a file (`-`: stdin), whatever its format.
pub fn read_file(path: &Path) -> Result<KeySet> {
    let bytes = read_bytes(path)?;
    parse_bytes(&bytes, &source_name(path))
}

/// How a key file is named in messages: its path, or "stdin" for `-`.
fn source_name(path: &Path) -> String {
    if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// The bytes of a key or certificate file; `-` reads stdin (once per command: the
/// command checks that nothing else reads it).
fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let name = source_name(path);
    if path == Path::new("-") {
        let bytes = crate::input::read_capped(
            std::io::stdin().lock(),
            &crate::input::Origin::Stdin,
            "a key",
        )?;
        if bytes.len() as u64 > MAX_KEY_FILE {
            bail!(
                "stdin holds {} bytes: too large for a key file",
                bytes.len()
            );
        }
        return Ok(bytes);
    }
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!("cannot read key file {name}: no such file"),
        _ => anyhow!("cannot read key file {name}: {e}"),
    })?;
    if meta.is_dir() {
        bail!("cannot read key file {name}: it is a directory");
    }
    if meta.len() > MAX_KEY_FILE {
        bail!("{name} is {} bytes: too large for a key file", meta.len());
    }
    std::fs::read(path).with_context(|| format!("cannot read key file {name}"))
}

/// Recognise the format by content, not by file name: JSON first (a service-account file
/// holds a PEM key whose newlines are `\n` escapes), then PEM, then an OpenSSH line, then DER.
pub fn parse_bytes(bytes: &[u8], name: &str) -> Result<KeySet> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        bail!("{name} is empty: it holds no key");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with(['{', '[']) {
            let value: Value = serde_json::from_str(trimmed).map_err(|e| {
                anyhow!(
                    "{name} looks like JSON but does not parse (line {}, column {}): truncated?",
                    e.line(),
                    e.column()
                )
            })?;
            return json::keys(&value, name);
        }
        if pem::looks_like_pem(text) {
            return from_pem(text, name);
        }
        if OPENSSH_PUBLIC.iter().any(|p| trimmed.starts_with(p)) {
            return Err(Hint::new(
                format!("{name} is an OpenSSH public key line, not a PEM, DER or JWK key"),
                format!("convert it: ssh-keygen -e -m PKCS8 -f {name} > public.pem"),
            ));
        }
    }
    if bytes.first() == Some(&0x30) {
        let (kind, mut key) = der::sniff(bytes).map_err(|e| anyhow!("{name}: {e}"))?;
        key.format = format!("{}, DER", short_kind(kind));
        return Ok(single(name, key));
    }
    bail!("{name} is not a key file: neither JSON (JWK, JWKS, service account), PEM nor DER")
}

/// How OpenSSH public key lines (`authorized_keys`, `*.pub`) start.
const OPENSSH_PUBLIC: [&str; 3] = ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"];

fn short_kind(kind: der::Kind) -> &'static str {
    match kind {
        der::Kind::Pkcs8 => "PKCS#8",
        der::Kind::Pkcs1Private | der::Kind::Pkcs1Public => "PKCS#1",
        der::Kind::Sec1 => "SEC1",
        der::Kind::Spki => "SPKI",
        der::Kind::Certificate => "X.509",
    }
}

fn single(name: &str, key: Key) -> KeySet {
    KeySet {
        source: name.to_string(),
        keys: vec![key],
        notes: Vec::new(),
    }
}

fn decrypt_hint(name: &str) -> String {
    format!(
        "decrypt a copy first (openssl asks for the passphrase): openssl pkey -in {name} -out decrypted.pem, and keep decrypted.pem private (chmod 600)"
    )
}

fn from_pem(text: &str, name: &str) -> Result<KeySet> {
    let blocks = pem::blocks(text).map_err(|e| anyhow!("{name}: {e}"))?;
    let mut keys: Vec<Key> = Vec::new();
    let mut ignored = Vec::new();
    for block in &blocks {
        let kind = match block.label.as_str() {
            "PRIVATE KEY" => der::Kind::Pkcs8,
            "RSA PRIVATE KEY" => der::Kind::Pkcs1Private,
            "EC PRIVATE KEY" => der::Kind::Sec1,
            "PUBLIC KEY" => der::Kind::Spki,
            "RSA PUBLIC KEY" => der::Kind::Pkcs1Public,
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => der::Kind::Certificate,
            "EC PARAMETERS" => continue,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(Hint::new(
                    format!(
                        "{name} holds an encrypted private key (PKCS#8, passphrase-protected); jwtgrant reads unencrypted keys"
                    ),
                    decrypt_hint(name),
                ));
            }
            "OPENSSH PRIVATE KEY" => {
                return Err(Hint::new(
                    format!("{name} is an OpenSSH private key, not PEM PKCS#8/PKCS#1/SEC1"),
                    "convert a copy to PKCS#8: cp KEY key.pem && ssh-keygen -p -m PKCS8 -f key.pem",
                ));
            }
            other => {
                ignored.push(other.to_string());
                continue;
            }
        };
        if block.is_legacy_encrypted() {
            return Err(Hint::new(
                format!(
                    "{name} holds an encrypted {} (OpenSSL Proc-Type: 4,ENCRYPTED); jwtgrant reads unencrypted keys",
                    block.label
                ),
                decrypt_hint(name),
            ));
        }
        let mut key = der::parse(kind, &block.der)
            .map_err(|e| anyhow!("{name}: the PEM \"{}\" block is {e}", block.label))?;
        key.format = format!("{}, PEM", short_kind(kind));
        // A certificate next to its private key (a common bundle): keep one key, with both.
        if let Some(same) = keys.iter_mut().find(|k| k.public == key.public) {
            if same.cert.is_none() {
                same.cert = key.cert.take();
            }
            if same.private.is_none() {
                same.private = key.private.take();
                same.format = key.format;
            }
            continue;
        }
        keys.push(key);
    }
    if keys.is_empty() {
        if ignored.is_empty() {
            bail!("{name} holds no PEM key or certificate");
        }
        bail!(
            "{name} holds PEM {} but no key or certificate",
            ignored
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(KeySet {
        source: name.to_string(),
        keys,
        notes: Vec::new(),
    })
}

/// Keys from JSON already in hand: a JWK, a JWKS or a service-account key file (e.g. the
/// `jwks` member of a server's client registration).
pub fn from_value(value: &Value, name: &str) -> Result<KeySet> {
    json::keys(value, name)
}

/// A JWKS from a file or an https URL (`--jwks`, a server's jwks_uri).
pub fn load_jwks(spec: &str, http_opts: &HttpOptions) -> Result<KeySet> {
    if spec.starts_with("https://") || spec.starts_with("http://") {
        let value = http::get_json(spec, http_opts)?;
        if value.get("keys").is_none() {
            bail!("{spec} did not answer with a JWKS (no \"keys\" member)");
        }
        return json::keys(&value, spec);
    }
    read_file(Path::new(spec.strip_prefix('@').unwrap_or(spec)))
}

/// Choose one key of a set: by `kid` (or thumbprint), the only one, a selection on a
/// terminal, or an error listing the kids.
pub fn pick(mut set: KeySet, kid: Option<&str>, need_private: bool) -> Result<Key> {
    if need_private {
        let before = set.keys.len();
        set.keys.retain(|k| k.private.is_some());
        if set.keys.is_empty() {
            let what = if before == 1 {
                "a public key only"
            } else {
                "public keys only"
            };
            return Err(Hint::new(
                format!("{} holds {what}; signing needs the private key", set.source),
                "pass the private key file (PEM, DER, JWK with \"d\"); the public key is what the server registers",
            ));
        }
    }
    if let Some(kid) = kid {
        if let Some(i) = set
            .keys
            .iter()
            .position(|k| k.kid.as_deref() == Some(kid))
            .or_else(|| set.keys.iter().position(|k| k.thumbprint() == kid))
        {
            return Ok(set.keys.swap_remove(i));
        }
        // A service-account file's private_key_id is a default the flag overrides.
        let only = &set.keys[0];
        if set.keys.len() > 1 || (only.kid.is_some() && only.account.is_none()) {
            bail!(
                "{} has no key with kid {kid:?}; it holds: {}",
                set.source,
                set.listing()
            );
        }
    }
    if set.keys.len() == 1 {
        return Ok(set.keys.remove(0));
    }
    if interactive() {
        let items: Vec<String> = set
            .keys
            .iter()
            .map(|k| {
                format!(
                    "{} — {}, thumbprint {}",
                    k.kid.as_deref().unwrap_or("(no kid)"),
                    k.public.describe(),
                    k.thumbprint()
                )
            })
            .collect();
        let chosen = dialoguer::Select::new()
            .with_prompt(format!(
                "{} holds {} keys; which one?",
                set.source,
                set.keys.len()
            ))
            .items(&items)
            .default(0)
            .interact()
            .context("choosing a key")?;
        return Ok(set.keys.swap_remove(chosen));
    }
    Err(Hint::new(
        format!(
            "{} holds {} keys: {}",
            set.source,
            set.keys.len(),
            set.listing()
        ),
        "choose one with --kid KID",
    ))
}

/// Where a signing key comes from (sign; replay --resign).
#[derive(Debug, Default, Clone)]
pub struct SigningSource<'a> {
    pub key: Option<&'a Path>,
    pub secret: Option<SecretFrom>,
    /// Selects a key in a JWKS and becomes the header's kid.
    pub kid: Option<&'a str>,
    pub alg: Option<&'a str>,
    /// Used when `alg` is not given and the key can make it (replay --resign keeps the
    /// original assertion's algorithm); otherwise the key's own.
    pub prefer_alg: Option<&'a str>,
    pub allow_weak_key: bool,
}

/// A key ready to sign, with the kid it should announce.
pub struct SigningKey {
    pub signer: Signer,
    /// The public half (None for a shared secret): what a certificate must hold.
    pub public: Option<PublicKey>,
    /// The header kid: --kid, else the JWK's kid (a service-account file's private_key_id),
    /// else the RFC 7638 thumbprint; for a secret, --kid or its oct JWK's kid.
    pub kid: Option<String>,
    /// For notes: "EC P-256 private key (PKCS#8, PEM) from key.pem".
    pub description: String,
    /// key.weak when --allow-weak-key let a short secret through.
    pub findings: Vec<Finding>,
    /// The key came from a Google service-account file: what else the file says.
    pub account: Option<ServiceAccount>,
}

impl SigningKey {
    pub fn alg(&self) -> Alg {
        self.signer.alg()
    }

    /// Sign claims with a header (the header's alg is set from the key).
    pub fn sign(&self, header: &Map<String, Value>, claims: &Map<String, Value>) -> Result<String> {
        sign_compact(header, claims, &self.signer)
    }
}

/// A fresh jti: 128 random bits, base64url (22 characters).
pub fn random_jti() -> Result<String> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| anyhow!("the system random generator failed"))?;
    Ok(crate::jose::b64url(&bytes))
}

pub fn parse_alg(name: &str) -> Result<Alg> {
    Alg::from_name(name).ok_or_else(|| {
        if let Some(what) = crate::jose::unsupported_alg(name) {
            return anyhow!(
                "jwtgrant does not support {name} ({what}); it signs {}",
                alg_names(&Alg::ALL)
            );
        }
        let near = crate::jose::registered_alg_names()
            .find(|a| a.eq_ignore_ascii_case(name))
            .map(|a| format!(" (did you mean {a}? names are case-sensitive)"))
            .unwrap_or_default();
        anyhow!(
            "unsupported algorithm {name:?}{near}; jwtgrant signs {}",
            alg_names(&Alg::ALL)
        )
    })
}

/// RFC 7518 §3.2: an HMAC key at least as long as the hash output. `allow` makes a short
/// secret a warning; an empty one stays an error (it is no key at all).
pub fn weak_secret(alg: Alg, secret: &Secret, allow: bool) -> Option<Finding> {
    let min = alg.hmac_min_key_len()?;
    if secret.len() >= min {
        return None;
    }
    let severity = if allow && !secret.is_empty() {
        Severity::Warning
    } else {
        Severity::Error
    };
    Some(
        Finding::new(
            "key.weak",
            format!(
                "the shared secret is {} bytes; {alg} needs at least {min} (RFC 7518 §3.2: a key as long as the hash output)",
                secret.len()
            ),
        )
        .severity(severity)
        .hint(format!("use a secret of {min} or more random bytes; the authorization server issues client_secret values for client_secret_jwt"))
        .expected(format!("≥ {min} bytes"))
        .actual(format!("{} bytes", secret.len())),
    )
}

/// Load the key `sign` (or `replay --resign`) signs with.
pub fn load_signing(src: &SigningSource) -> Result<SigningKey> {
    let alg = src.alg.map(parse_alg).transpose()?;
    let preferred = src.prefer_alg.and_then(Alg::from_name);
    if let Some(path) = src.key {
        let set = read_file(path)?;
        let key = pick(set, src.kid, true)?;
        let alg = alg.unwrap_or_else(|| {
            let fits = |a: &Alg| key.fits(*a, Op::Sign).is_ok();
            preferred
                .filter(fits)
                .or_else(|| {
                    key.intent
                        .alg
                        .as_deref()
                        .and_then(Alg::from_name)
                        .filter(fits)
                })
                .unwrap_or_else(|| key.public.natural_alg())
        });
        // A key whose JWK says it is for something else never signs (RFC 7517 §4.2-4.4).
        if let Err(why) = key.fits(alg, Op::Sign) {
            if alg.family() == key.public.family() {
                bail!("refusing to sign with {}: {why}", path.display());
            }
        }
        let private = key.private.as_ref().context("private key")?;
        let signer = Signer::private(alg, &key.public, private)
            .map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let kid = src
            .kid
            .map(str::to_string)
            .or_else(|| key.kid.clone())
            .or_else(|| Some(key.thumbprint()));
        return Ok(SigningKey {
            signer,
            public: Some(key.public.clone()),
            kid,
            description: format!("{} from {}", key.describe(), path.display()),
            findings: Vec::new(),
            account: key.account.clone(),
        });
    }
    let is_hmac = |a: &Alg| a.family() == crate::jose::Family::Hmac;
    let shared = src
        .secret
        .as_ref()
        .map(|from| read_shared(from, src.kid).map(|shared| (from, shared)))
        .transpose()?;
    // --alg, else replay's original alg, else the oct JWK's own alg, else HS256.
    let alg = alg.unwrap_or_else(|| {
        preferred
            .filter(is_hmac)
            .or_else(|| {
                let (_, shared) = shared.as_ref()?;
                let own = shared.intent.alg.as_deref().and_then(Alg::from_name);
                own.filter(is_hmac)
            })
            .unwrap_or(Alg::HS256)
    });
    let (secret, from, file_kid) = match shared {
        Some((from, shared)) => {
            let what = match shared.form {
                Some(form) => format!("{form} in {from}"),
                None => from.to_string(),
            };
            if let Err(why) = shared.intent.permits(alg, Op::Sign, false) {
                bail!("refusing to sign {alg}: the secret ({what}) {why}");
            }
            (shared.secret, what, shared.kid)
        }
        None if interactive() && is_hmac(&alg) => (
            prompt_secret(&format!("{alg} shared secret (client_secret)"))?,
            "the prompt".to_string(),
            None,
        ),
        None => {
            return Err(Hint::new(
                "no signing key given",
                "pass --key FILE (a private key: PEM, DER, JWK, JWKS) or, for HS256/HS384/HS512, --secret-file FILE or --secret-env NAME",
            ));
        }
    };
    let signer = Signer::hmac(alg, &secret)?;
    let mut findings = Vec::new();
    if let Some(weak) = weak_secret(alg, &secret, src.allow_weak_key) {
        if weak.severity == Severity::Error {
            return Err(Hint::new(
                format!("refusing to sign: {}", weak.message),
                "use a longer secret, or pass --allow-weak-key if the server really issued this one",
            ));
        }
        findings.push(weak);
    }
    Ok(SigningKey {
        signer,
        public: None,
        kid: src.kid.map(str::to_string).or(file_kid),
        description: format!("{}-byte shared secret from {from}", secret.len()),
        findings,
        account: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_weak_key_never_allows_an_empty_secret() {
        let short = Secret::new(vec![1; 5]);
        let empty = Secret::new(Vec::new());
        let severity = |s: &Secret, allow| weak_secret(Alg::HS256, s, allow).map(|f| f.severity);
        assert_eq!(severity(&short, true), Some(Severity::Warning));
        assert_eq!(severity(&short, false), Some(Severity::Error));
        assert_eq!(severity(&empty, true), Some(Severity::Error));
        assert_eq!(severity(&Secret::new(vec![1; 32]), false), None);
    }
}
