//! `key new`: generate a key pair and write the private key (PKCS#8 PEM, mode 0600) and
//! the public JWKS, each created atomically and never over an existing file.

use super::{der, jwk};
use crate::jose::{Alg, Curve, Family};
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use data_encoding::BASE64;
use ring::rand::{SecureRandom, SystemRandom};
use serde_json::json;
use std::path::{Path, PathBuf};

pub struct NewKey {
    pub private_path: PathBuf,
    pub jwks_path: PathBuf,
    pub kid: String,
    pub description: String,
}

/// PKCS#8 v1 prefix for an Ed25519 seed (RFC 8410 §7): SEQUENCE { 0, { 1.3.101.112 },
/// OCTET STRING { OCTET STRING (32) } }.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

fn generate_pkcs8(alg: Alg, rsa_bits: usize) -> Result<Secret> {
    let rng = SystemRandom::new();
    Ok(match alg.family() {
        Family::Hmac => bail!(
            "key new makes key pairs; an HMAC secret (client_secret) is issued by the authorization server"
        ),
        Family::Rsa => {
            if !(2048..=4096).contains(&rsa_bits) {
                bail!(
                    "--bits {rsa_bits}: RSA keys for JOSE are 2048 to 4096 bits (RFC 7518 §3.3; ring signs up to 4096)"
                );
            }
            use rsa::pkcs8::EncodePrivateKey;
            let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, rsa_bits)
                .map_err(|e| anyhow!("generating the RSA key failed: {e}"))?;
            let doc = key
                .to_pkcs8_der()
                .map_err(|e| anyhow!("encoding the RSA key failed: {e}"))?;
            Secret::new(doc.as_bytes().to_vec())
        }
        Family::Ec(Curve::P521) => {
            use p521::pkcs8::EncodePrivateKey;
            let key = p521::SecretKey::random(&mut rand_core::OsRng);
            let doc = key
                .to_pkcs8_der()
                .map_err(|e| anyhow!("encoding the P-521 key failed: {e}"))?;
            Secret::new(doc.as_bytes().to_vec())
        }
        Family::Ec(curve) => {
            let signing = match curve {
                Curve::P256 => &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                _ => &ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING,
            };
            let doc = ring::signature::EcdsaKeyPair::generate_pkcs8(signing, &rng)
                .map_err(|_| anyhow!("generating the {} key failed", curve.name()))?;
            Secret::new(doc.as_ref().to_vec())
        }
        Family::Ed25519 => {
            let mut der = ED25519_PKCS8_PREFIX.to_vec();
            let mut seed = [0u8; 32];
            rng.fill(&mut seed)
                .map_err(|_| anyhow!("the system random generator failed"))?;
            der.extend_from_slice(&seed);
            seed.fill(0);
            Secret::new(der)
        }
    })
}

fn pem(label: &str, der: &[u8]) -> Secret {
    let b64 = Secret::new(BASE64.encode(der).into_bytes());
    let mut text = format!("-----BEGIN {label}-----\n").into_bytes();
    for line in b64.expose().chunks(64) {
        text.extend_from_slice(line);
        text.push(b'\n');
    }
    text.extend_from_slice(format!("-----END {label}-----\n").as_bytes());
    Secret::new(text)
}

/// A key pair that lives only in memory, ready to sign, its kid the RFC 7638 thumbprint
/// (serve's ID-JAG signing key when no file is given).
pub fn ephemeral(alg: Alg) -> Result<super::SigningKey> {
    let der = generate_pkcs8(alg, 2048)?;
    let set = super::parse_bytes(der.expose(), "a generated key")?;
    let key = super::pick(set, None, true)?;
    let private = key.private.as_ref().context("the generated private key")?;
    let signer = crate::jose::Signer::private(alg, &key.public, private)?;
    Ok(super::SigningKey {
        signer,
        kid: Some(key.thumbprint()),
        description: format!("a {} key generated at start-up", key.describe()),
        public: Some(key.public.clone()),
        findings: Vec::new(),
        account: None,
    })
}

/// Generate a key for `alg` and write `DIR/NAME.pem` and `DIR/NAME.jwks.json`.
pub fn write_new(alg: Alg, dir: &Path, name: &str, rsa_bits: usize) -> Result<NewKey> {
    let private_path = dir.join(format!("{name}.pem"));
    let jwks_path = dir.join(format!("{name}.jwks.json"));
    for path in [&private_path, &jwks_path] {
        if path.symlink_metadata().is_ok() {
            bail!(
                "{} already exists; jwtgrant never overwrites a key file (choose another --name or --out)",
                path.display()
            );
        }
    }
    let pkcs8 = generate_pkcs8(alg, rsa_bits)?;
    let key =
        der::parse(der::Kind::Pkcs8, pkcs8.expose()).context("reading back the generated key")?;
    let kid = key.thumbprint();
    let jwks = json!({"keys": [jwk::public_jwk(&key.public, &kid, Some(alg.name()))]});
    let jwks_text = format!("{}\n", serde_json::to_string_pretty(&jwks)?);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    create_new(
        &private_path,
        pem("PRIVATE KEY", pkcs8.expose()).expose(),
        0o600,
    )?;
    if let Err(e) = create_new(&jwks_path, jwks_text.as_bytes(), 0o644) {
        // Leave nothing half-made: the private key we just created goes too.
        let _ = std::fs::remove_file(&private_path);
        return Err(e);
    }
    Ok(NewKey {
        private_path,
        jwks_path,
        kid,
        description: key.public.describe(),
    })
}

/// A new key file: written whole, never over an existing file, readable by its owner only
/// when `mode` says so.
fn create_new(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let never = crate::files::Existing::Never { what: "key file" };
    crate::files::write_as(path, bytes, never, mode)
}
