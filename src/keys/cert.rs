//! X.509 certificates in JOSE headers (RFC 7515 §4.1.6-4.1.8): the `x5c` chain and the
//! `x5t` / `x5t#S256` thumbprints `sign` writes, the hex SHA-1 form Entra ID's portal
//! shows, and the check that a header's certificate is the key that verified the token.

use super::{CertInfo, Key, der, pem};
use crate::findings::Finding;
use crate::jose::{PublicKey, Token, b64url};
use anyhow::{Context, Result, anyhow, bail};
use data_encoding::{BASE64, HEXUPPER};
use ring::digest;
use serde_json::Value;
use std::path::Path;

impl CertInfo {
    /// `x5t`: base64url(SHA-1(DER)).
    pub fn x5t(&self) -> String {
        b64url(digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &self.der).as_ref())
    }

    /// `x5t#S256`: base64url(SHA-256(DER)).
    pub fn x5t_s256(&self) -> String {
        b64url(digest::digest(&digest::SHA256, &self.der).as_ref())
    }

    /// The SHA-1 thumbprint in upper-case hex without colons, as Entra ID's portal and
    /// `az ad app credential list` show a certificate.
    pub fn sha1_hex(&self) -> String {
        HEXUPPER.encode(digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, &self.der).as_ref())
    }
}

/// The certificates of one file, in file order (leaf first, as x5c wants them).
pub struct Chain {
    pub source: String,
    /// The public key of the first certificate.
    pub leaf_key: PublicKey,
    /// Every certificate, leaf first.
    pub certs: Vec<CertInfo>,
}

impl Chain {
    /// The first certificate.
    pub fn leaf(&self) -> &CertInfo {
        &self.certs[0]
    }

    /// The `x5c` header value: each certificate as standard base64 (not base64url) DER.
    pub fn x5c(&self) -> Value {
        Value::from(
            self.certs
                .iter()
                .map(|c| BASE64.encode(&c.der))
                .collect::<Vec<_>>(),
        )
    }

    /// The leaf certificate must hold the signing key's public half.
    pub fn check_leaf_holds(&self, public: &PublicKey) -> Result<()> {
        if &self.leaf_key != public {
            bail!(
                "the certificate in {} (subject {}) holds another key ({}, thumbprint {}) than the signing key ({}, thumbprint {}): a server that looks the key up by this certificate would not verify the token",
                self.source,
                self.leaf().subject,
                self.leaf_key.describe(),
                self.leaf_key.thumbprint(),
                public.describe(),
                public.thumbprint()
            );
        }
        Ok(())
    }
}

/// The certificates in a PEM file (every CERTIFICATE block, in order; keys beside them are
/// ignored) or a DER certificate.
pub fn read_chain(path: &Path) -> Result<Chain> {
    let name = super::source_name(path);
    let bytes = super::read_bytes(path)?;
    let mut keys = Vec::new();
    if let Some(text) = std::str::from_utf8(&bytes)
        .ok()
        .filter(|t| pem::looks_like_pem(t))
    {
        for block in pem::blocks(text).map_err(|e| anyhow!("{name}: {e}"))? {
            if matches!(
                block.label.as_str(),
                "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE"
            ) {
                let key = der::parse(der::Kind::Certificate, &block.der)
                    .with_context(|| format!("{name}: certificate #{}", keys.len() + 1))?;
                keys.push(key);
            }
        }
    } else if bytes.first() == Some(&0x30) {
        let key = der::parse(der::Kind::Certificate, &bytes).map_err(|e| anyhow!("{name}: {e}"))?;
        keys.push(key);
    }
    let mut keys = keys.into_iter();
    let Some(Key {
        public: leaf_key,
        cert: Some(leaf),
        ..
    }) = keys.next()
    else {
        bail!(
            "{name} holds no X.509 certificate (PEM \"CERTIFICATE\" blocks or a DER certificate); x5c and x5t come from the certificate registered for the key"
        );
    };
    let mut certs = vec![leaf];
    certs.extend(keys.filter_map(|k| k.cert));
    Ok(Chain {
        source: name,
        leaf_key,
        certs,
    })
}

fn mismatch(message: String, member: &str) -> Finding {
    Finding::new("header.cert_mismatch", message).claim(member)
}

/// Does the token's header name the certificate of `key`, the key that verified it?
/// `x5c[0]` must hold that key; `x5t` / `x5t#S256` must be its certificate's thumbprints
/// (checked when the key's certificate is known).
pub fn header_findings(token: &Token, key: &Key) -> Vec<Finding> {
    let mut findings = Vec::new();
    let leaf = token
        .header
        .as_ref()
        .and_then(|h| h.get("x5c"))
        .and_then(Value::as_array)
        .and_then(|chain| chain.first())
        .and_then(Value::as_str);
    if let Some(leaf) = leaf {
        // A leaf that does not decode is lint's header.thumbprint_mismatch.
        let parsed = BASE64
            .decode(leaf.as_bytes())
            .ok()
            .and_then(|der| der::parse(der::Kind::Certificate, &der).ok());
        if let Some(cert) = parsed.filter(|c| c.public != key.public) {
            findings.push(mismatch(
                format!(
                    "x5c[0] holds another key ({}, thumbprint {}) than the one that verified the signature ({}): a server that takes the key from x5c would refuse the token",
                    cert.public.describe(),
                    cert.public.thumbprint(),
                    key.label()
                ),
                "x5c",
            ));
        }
    }
    let Some(cert) = &key.cert else {
        return findings;
    };
    for (member, actual) in [("x5t", cert.x5t()), ("x5t#S256", cert.x5t_s256())] {
        if let Some(stated) = token.header_str(member).filter(|s| *s != actual) {
            findings.push(
                mismatch(
                    format!(
                        "{member} names another certificate than the one that verified the signature ({}, subject {}): a server that looks the key up by {member} would not find it",
                        key.label(),
                        cert.subject
                    ),
                    member,
                )
                .expected(actual)
                .actual(stated.chars().take(80).collect::<String>()),
            );
        }
    }
    findings
}
