//! DER structures: PKCS#8, PKCS#1 (private and public), SEC1, SPKI and X.509 certificates,
//! parsed with RustCrypto's format crates into jose's raw key material.

use super::{CertInfo, Key};
use crate::jose::{Curve, PrivateKey, PublicKey, RsaPrivate, fixed, unsigned};
use crate::redact::Secret;
use anyhow::{Result, anyhow, bail};
use der::asn1::{ObjectIdentifier as Oid, OctetStringRef};
use der::{Decode, Encode};

const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
const X25519: Oid = Oid::new_unwrap("1.3.101.110");
const ED448: Oid = Oid::new_unwrap("1.3.101.113");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");

/// The DER structures a key file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pkcs8,
    Pkcs1Private,
    Sec1,
    Spki,
    Pkcs1Public,
    Certificate,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Pkcs8 => "PKCS#8 private key",
            Kind::Pkcs1Private => "PKCS#1 RSA private key",
            Kind::Sec1 => "SEC1 EC private key",
            Kind::Spki => "SPKI public key",
            Kind::Pkcs1Public => "PKCS#1 RSA public key",
            Kind::Certificate => "X.509 certificate",
        }
    }
}

/// Parse `der` as the structure `kind`.
pub fn parse(kind: Kind, der: &[u8]) -> Result<Key> {
    match kind {
        Kind::Pkcs8 => pkcs8(der),
        Kind::Pkcs1Private => {
            let key = pkcs1::RsaPrivateKey::from_der(der)
                .map_err(|e| anyhow!("not a valid PKCS#1 RSA private key ({e})"))?;
            rsa_private(&key)
        }
        Kind::Sec1 => {
            let key = sec1::EcPrivateKey::from_der(der)
                .map_err(|e| anyhow!("not a valid SEC1 EC private key ({e})"))?;
            let curve = match key.parameters.and_then(|p| p.named_curve()) {
                Some(oid) => curve(oid)?,
                None => bail!("the SEC1 EC private key does not name its curve"),
            };
            ec_private(curve, &key, None)
        }
        Kind::Spki => {
            let info = spki::SubjectPublicKeyInfoRef::from_der(der)
                .map_err(|e| anyhow!("not a valid SPKI public key ({e})"))?;
            spki_public(&info)
        }
        Kind::Pkcs1Public => {
            let key = pkcs1::RsaPublicKey::from_der(der)
                .map_err(|e| anyhow!("not a valid PKCS#1 RSA public key ({e})"))?;
            Ok(Key::public(PublicKey::Rsa {
                n: unsigned(key.modulus.as_bytes()),
                e: unsigned(key.public_exponent.as_bytes()),
            }))
        }
        Kind::Certificate => certificate(der),
    }
}

/// A DER file of unknown structure: try each in turn, most specific first.
pub fn sniff(der: &[u8]) -> Result<(Kind, Key)> {
    if der.first() != Some(&0x30) {
        bail!("not DER (it does not start with an ASN.1 SEQUENCE)");
    }
    let order = [
        Kind::Certificate,
        Kind::Pkcs8,
        Kind::Spki,
        Kind::Pkcs1Private,
        Kind::Sec1,
        Kind::Pkcs1Public,
    ];
    let mut first_error = None;
    for kind in order {
        // Only a structure that decodes as such is worth its error message.
        let shaped = match kind {
            Kind::Certificate => x509_cert::Certificate::from_der(der).is_ok(),
            Kind::Pkcs8 => pkcs8::PrivateKeyInfo::from_der(der).is_ok(),
            Kind::Spki => spki::SubjectPublicKeyInfoRef::from_der(der).is_ok(),
            Kind::Pkcs1Private => pkcs1::RsaPrivateKey::from_der(der).is_ok(),
            Kind::Sec1 => sec1::EcPrivateKey::from_der(der).is_ok(),
            Kind::Pkcs1Public => pkcs1::RsaPublicKey::from_der(der).is_ok(),
        };
        if shaped {
            match parse(kind, der) {
                Ok(key) => return Ok((kind, key)),
                Err(e) => {
                    first_error.get_or_insert(anyhow!("{}: {e}", kind.describe()));
                }
            }
        }
    }
    Err(first_error.unwrap_or_else(|| {
        anyhow!(
            "DER data that is none of PKCS#8, PKCS#1, SEC1, SPKI or an X.509 certificate (truncated or another kind of file?)"
        )
    }))
}

fn curve(oid: Oid) -> Result<Curve> {
    match oid {
        P256 => Ok(Curve::P256),
        P384 => Ok(Curve::P384),
        P521 => Ok(Curve::P521),
        SECP256K1 => bail!(
            "a secp256k1 key (ES256K): jwtgrant signs ES256, ES384 and ES512 (P-256, P-384, P-521)"
        ),
        other => bail!("an EC key on an unsupported curve (OID {other})"),
    }
}

fn unsupported_algorithm(oid: Oid) -> anyhow::Error {
    match oid {
        X25519 => anyhow!("an X25519 key, which is for key agreement, not signatures; use Ed25519"),
        ED448 => anyhow!("an Ed448 key; jwtgrant supports Ed25519 for EdDSA"),
        other => anyhow!("a key of an unsupported algorithm (OID {other})"),
    }
}

fn secret(bytes: &[u8]) -> Secret {
    Secret::new(bytes.to_vec())
}

fn rsa_private(key: &pkcs1::RsaPrivateKey) -> Result<Key> {
    if key.other_prime_infos.is_some() {
        bail!(
            "a multi-prime RSA key; JOSE libraries, ring included, sign with two-prime keys only"
        );
    }
    let public = PublicKey::Rsa {
        n: unsigned(key.modulus.as_bytes()),
        e: unsigned(key.public_exponent.as_bytes()),
    };
    let private = PrivateKey::Rsa(RsaPrivate {
        d: secret(key.private_exponent.as_bytes()),
        p: secret(key.prime1.as_bytes()),
        q: secret(key.prime2.as_bytes()),
        dp: secret(key.exponent1.as_bytes()),
        dq: secret(key.exponent2.as_bytes()),
        qi: secret(key.coefficient.as_bytes()),
    });
    Ok(Key::private(public, private))
}

fn ec_private(curve: Curve, key: &sec1::EcPrivateKey, pkcs8_public: Option<&[u8]>) -> Result<Key> {
    let d = fixed(key.private_key, curve.coordinate_len())
        .map_err(|_| anyhow!("the {} private scalar has the wrong length", curve.name()))?;
    let private = PrivateKey::Ec {
        curve,
        d: Secret::new(d),
    };
    let public = match key.public_key.or(pkcs8_public) {
        Some(point) => PublicKey::ec_from_point(curve, point)?,
        None => private.derive_public()?,
    };
    Ok(Key::private(public, private))
}

fn pkcs8(der: &[u8]) -> Result<Key> {
    let info = pkcs8::PrivateKeyInfo::from_der(der)
        .map_err(|e| anyhow!("not a valid PKCS#8 private key ({e})"))?;
    match info.algorithm.oid {
        RSA | RSA_PSS => {
            let key = pkcs1::RsaPrivateKey::from_der(info.private_key).map_err(|e| {
                anyhow!("the PKCS#8 RSA key's inner PKCS#1 structure is damaged ({e})")
            })?;
            rsa_private(&key)
        }
        EC => {
            let key = sec1::EcPrivateKey::from_der(info.private_key).map_err(|e| {
                anyhow!("the PKCS#8 EC key's inner SEC1 structure is damaged ({e})")
            })?;
            let oid = info
                .algorithm
                .parameters_oid()
                .ok()
                .or_else(|| key.parameters.and_then(|p| p.named_curve()))
                .ok_or_else(|| anyhow!("the PKCS#8 EC key does not name its curve"))?;
            ec_private(curve(oid)?, &key, info.public_key)
        }
        ED25519 => {
            let seed = OctetStringRef::from_der(info.private_key)
                .map_err(|e| anyhow!("the PKCS#8 Ed25519 key is damaged ({e})"))?;
            if seed.as_bytes().len() != 32 {
                bail!("the PKCS#8 Ed25519 private key is not 32 bytes");
            }
            let private = PrivateKey::Ed25519 {
                seed: secret(seed.as_bytes()),
            };
            let derived = private.derive_public()?;
            if let Some(stated) = info.public_key {
                if (PublicKey::Ed25519 { x: stated.to_vec() }) != derived {
                    bail!("the PKCS#8 Ed25519 key's public key does not match its private key");
                }
            }
            Ok(Key::private(derived, private))
        }
        other => Err(unsupported_algorithm(other)),
    }
}

fn spki_public(info: &spki::SubjectPublicKeyInfoRef) -> Result<Key> {
    let bits = info.subject_public_key.raw_bytes();
    let public = match info.algorithm.oid {
        RSA | RSA_PSS => {
            let key = pkcs1::RsaPublicKey::from_der(bits)
                .map_err(|e| anyhow!("the RSA public key inside the SPKI is damaged ({e})"))?;
            PublicKey::Rsa {
                n: unsigned(key.modulus.as_bytes()),
                e: unsigned(key.public_exponent.as_bytes()),
            }
        }
        EC => {
            let oid = info
                .algorithm
                .parameters_oid()
                .map_err(|_| anyhow!("the EC public key does not name its curve"))?;
            PublicKey::ec_from_point(curve(oid)?, bits)?
        }
        ED25519 if bits.len() == 32 => PublicKey::Ed25519 { x: bits.to_vec() },
        ED25519 => bail!("the Ed25519 public key is not 32 bytes"),
        other => return Err(unsupported_algorithm(other)),
    };
    Ok(Key::public(public))
}

fn certificate(der: &[u8]) -> Result<Key> {
    let cert = x509_cert::Certificate::from_der(der)
        .map_err(|e| anyhow!("not a valid X.509 certificate ({e})"))?;
    let tbs = &cert.tbs_certificate;
    let spki_der = tbs
        .subject_public_key_info
        .to_der()
        .map_err(|e| anyhow!("the certificate's public key: {e}"))?;
    let info = spki::SubjectPublicKeyInfoRef::from_der(&spki_der)
        .map_err(|e| anyhow!("the certificate's public key: {e}"))?;
    let mut key = spki_public(&info)?;
    let secs = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).ok();
    key.cert = Some(CertInfo {
        der: der.to_vec(),
        subject: tbs.subject.to_string(),
        not_before: secs(tbs.validity.not_before),
        not_after: secs(tbs.validity.not_after),
    });
    Ok(key)
}
