//! Verifying compact JWS signatures, with a diagnosis when they fail (DER-encoded ECDSA,
//! wrong lengths, RS/PS padding swapped, zero r/s). Same backends as `sign`.

use super::alg::{Alg, Curve, Family};
use super::key::PublicKey;
use super::sign::{biscuit_alg, mismatch};
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow};
use biscuit::jwa::SignatureAlgorithm;
use biscuit::jws::Secret as BiscuitSecret;
use pkcs1::der::Encode;
use ring::signature::{self as ring_sig, UnparsedPublicKey};

/// Compare a presented secret with a registered one in constant time: both are MACed under
/// one fixed key and ring compares the tags in constant time, so timing reveals neither
/// where they differ nor how long the registered secret is (serve's client_secret check).
pub fn secrets_equal(given: &[u8], registered: &[u8]) -> bool {
    use ring::hmac;
    let key = hmac::Key::new(hmac::HMAC_SHA256, b"jwtgrant secret comparison");
    let tag = hmac::sign(&key, registered);
    hmac::verify(&key, given, tag.as_ref()).is_ok()
}

/// A public key (or shared secret) made ready to check one algorithm.
pub struct Verifier {
    alg: Alg,
    inner: Inner,
    /// Signature length this key and alg produce.
    sig_len: usize,
    /// Kept for diagnoses that try a neighbouring algorithm.
    public: Option<PublicKey>,
}

enum Inner {
    Biscuit(SignatureAlgorithm, BiscuitSecret),
    Ed25519(Vec<u8>),
    P521(Box<p521::ecdsa::VerifyingKey>),
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Inner::Biscuit(_, BiscuitSecret::Bytes(bytes)) = self {
            crate::redact::wipe(bytes);
        }
    }
}

/// PKCS#1 RSAPublicKey DER, the form ring verifies with.
fn rsa_public_der(n: &[u8], e: &[u8]) -> Result<Vec<u8>> {
    let key = pkcs1::RsaPublicKey {
        modulus: pkcs1::UintRef::new(n).map_err(|e| anyhow!("RSA modulus: {e}"))?,
        public_exponent: pkcs1::UintRef::new(e).map_err(|e| anyhow!("RSA exponent: {e}"))?,
    };
    key.to_der().map_err(|e| anyhow!("RSA public key: {e}"))
}

impl Verifier {
    pub fn hmac(alg: Alg, secret: &Secret) -> Result<Verifier> {
        if alg.family() != Family::Hmac {
            return Err(mismatch(
                alg,
                "a shared secret",
                &Alg::for_family(Family::Hmac),
            ));
        }
        Ok(Verifier {
            alg,
            inner: Inner::Biscuit(
                biscuit_alg(alg).context("HMAC algorithm")?,
                BiscuitSecret::Bytes(secret.expose().to_vec()),
            ),
            sig_len: alg.hmac_min_key_len().unwrap_or(32),
            public: None,
        })
    }

    /// Fails when the key cannot make `alg` (the message names both).
    pub fn public(alg: Alg, key: &PublicKey) -> Result<Verifier> {
        if alg.family() != key.family() {
            return Err(mismatch(alg, &key.describe(), &key.algs()));
        }
        let (inner, sig_len) = match key {
            PublicKey::Rsa { n, e } => (
                Inner::Biscuit(
                    biscuit_alg(alg).context("RSA algorithm")?,
                    BiscuitSecret::PublicKey(rsa_public_der(n, e)?),
                ),
                key.rsa_bits().unwrap_or(0).div_ceil(8),
            ),
            PublicKey::Ec {
                curve: Curve::P521, ..
            } => {
                let point = key.sec1_point().unwrap_or_default();
                let vk = p521::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| {
                    anyhow!("not a valid P-521 public key (the point is not on the curve)")
                })?;
                (Inner::P521(Box::new(vk)), 132)
            }
            PublicKey::Ec { curve, .. } => (
                Inner::Biscuit(
                    biscuit_alg(alg).context("ECDSA algorithm")?,
                    BiscuitSecret::PublicKey(key.sec1_point().unwrap_or_default()),
                ),
                2 * curve.coordinate_len(),
            ),
            PublicKey::Ed25519 { x } => (Inner::Ed25519(x.clone()), 64),
        };
        Ok(Verifier {
            alg,
            inner,
            sig_len,
            public: Some(key.clone()),
        })
    }

    fn check(&self, input: &[u8], sig: &[u8]) -> bool {
        match &self.inner {
            Inner::Biscuit(sa, secret) => sa.verify(sig, input, secret).is_ok(),
            Inner::Ed25519(x) => UnparsedPublicKey::new(&ring_sig::ED25519, x)
                .verify(input, sig)
                .is_ok(),
            Inner::P521(vk) => {
                use p521::ecdsa::signature::Verifier as _;
                p521::ecdsa::Signature::from_slice(sig).is_ok_and(|s| vk.verify(input, &s).is_ok())
            }
        }
    }

    /// Ok, or why not, in words a developer can act on.
    pub fn verify(&self, input: &[u8], sig: &[u8]) -> Result<(), String> {
        if self.check(input, sig) {
            return Ok(());
        }
        Err(self.diagnose(input, sig))
    }

    fn diagnose(&self, input: &[u8], sig: &[u8]) -> String {
        let alg = self.alg;
        let want = self.sig_len;
        match alg.family() {
            Family::Ec(curve) => {
                if sig.len() != want && sig.first() == Some(&0x30) {
                    let converted = if der_ecdsa_verifies(self.public.as_ref(), curve, input, sig) {
                        "; converted to R‖S it verifies, so only the encoding is wrong"
                    } else {
                        ""
                    };
                    return format!(
                        "the {alg} signature is DER-encoded (an ASN.1 SEQUENCE of {} bytes), not the raw R‖S of {want} bytes JWS requires (RFC 7518 §3.4){converted}",
                        sig.len()
                    );
                }
                if sig.len() == want {
                    let (r, s) = sig.split_at(want / 2);
                    if r.iter().all(|b| *b == 0) || s.iter().all(|b| *b == 0) {
                        return format!(
                            "the {alg} signature has r or s equal to zero: a forged \"psychic signature\" (CVE-2022-21449) that no valid signer makes"
                        );
                    }
                }
            }
            Family::Rsa => {
                if let Some(other) = padding_twin(alg) {
                    let twin = self
                        .public
                        .as_ref()
                        .and_then(|k| Verifier::public(other, k).ok());
                    if twin.is_some_and(|t| t.check(input, sig)) {
                        return format!(
                            "the signature verifies as {other}, not {alg}: the signer used {} padding but wrote alg {alg}",
                            if other.name().starts_with("PS") {
                                "PSS"
                            } else {
                                "PKCS#1 v1.5"
                            }
                        );
                    }
                }
            }
            _ => {}
        }
        if sig.len() != want {
            return format!(
                "the signature has {} bytes; {alg} with this key makes {want}-byte signatures (truncated, padded or from another key)",
                sig.len()
            );
        }
        format!("the {alg} signature does not match the token's header and claims with this key")
    }
}

/// RS256 ↔ PS256 and so on: same key, different padding.
fn padding_twin(alg: Alg) -> Option<Alg> {
    Some(match alg {
        Alg::RS256 => Alg::PS256,
        Alg::RS384 => Alg::PS384,
        Alg::RS512 => Alg::PS512,
        Alg::PS256 => Alg::RS256,
        Alg::PS384 => Alg::RS384,
        Alg::PS512 => Alg::RS512,
        _ => return None,
    })
}

fn der_ecdsa_verifies(key: Option<&PublicKey>, curve: Curve, input: &[u8], sig: &[u8]) -> bool {
    let Some(point) = key.and_then(PublicKey::sec1_point) else {
        return false;
    };
    match curve {
        Curve::P256 => UnparsedPublicKey::new(&ring_sig::ECDSA_P256_SHA256_ASN1, &point)
            .verify(input, sig)
            .is_ok(),
        Curve::P384 => UnparsedPublicKey::new(&ring_sig::ECDSA_P384_SHA384_ASN1, &point)
            .verify(input, sig)
            .is_ok(),
        Curve::P521 => {
            use p521::ecdsa::signature::Verifier as _;
            let (Ok(vk), Ok(s)) = (
                p521::ecdsa::VerifyingKey::from_sec1_bytes(&point),
                p521::ecdsa::Signature::from_der(sig),
            ) else {
                return false;
            };
            vk.verify(input, &s).is_ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_content_and_length() {
        assert!(secrets_equal(b"abc", b"abc"));
        assert!(!secrets_equal(b"abc", b"abd"));
        assert!(!secrets_equal(b"", b"abc"));
        assert!(!secrets_equal(b"abcd", b"abc"));
    }
}
