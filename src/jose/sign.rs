//! Signing compact JWS: biscuit (on ring) for HS*, RS*, PS*, ES256 and ES384; ring directly
//! for Ed25519 (biscuit lacks EdDSA); RustCrypto p521 for ES512 (ring has no P-521).

use super::alg::{Alg, Curve, Family, names};
use super::key::{PrivateKey, PublicKey, fixed};
use super::parse::b64url;
use crate::redact::Secret;
use anyhow::{Context, Result, anyhow, bail};
use biscuit::jwa::SignatureAlgorithm;
use biscuit::jws::Secret as BiscuitSecret;
use ring::rand::SystemRandom;
use ring::rsa::{KeyPairComponents, PublicKeyComponents};
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair,
    RsaKeyPair,
};
use serde_json::{Map, Value};
use std::sync::Arc;

/// A key made ready to sign with one algorithm.
pub struct Signer {
    alg: Alg,
    inner: Inner,
}

enum Inner {
    Biscuit(SignatureAlgorithm, BiscuitSecret),
    Ed25519(Ed25519KeyPair),
    P521(Box<p521::ecdsa::SigningKey>),
}

impl Drop for Inner {
    fn drop(&mut self) {
        // biscuit keeps HMAC keys in a plain Vec: wipe it like redact::Secret does.
        if let Inner::Biscuit(_, BiscuitSecret::Bytes(bytes)) = self {
            crate::redact::wipe(bytes);
        }
    }
}

/// biscuit's name for the algorithms it implements (EdDSA and ES512 go elsewhere).
pub(super) fn biscuit_alg(alg: Alg) -> Option<SignatureAlgorithm> {
    Some(match alg {
        Alg::HS256 => SignatureAlgorithm::HS256,
        Alg::HS384 => SignatureAlgorithm::HS384,
        Alg::HS512 => SignatureAlgorithm::HS512,
        Alg::RS256 => SignatureAlgorithm::RS256,
        Alg::RS384 => SignatureAlgorithm::RS384,
        Alg::RS512 => SignatureAlgorithm::RS512,
        Alg::PS256 => SignatureAlgorithm::PS256,
        Alg::PS384 => SignatureAlgorithm::PS384,
        Alg::PS512 => SignatureAlgorithm::PS512,
        Alg::ES256 => SignatureAlgorithm::ES256,
        Alg::ES384 => SignatureAlgorithm::ES384,
        _ => return None,
    })
}

/// Why a key cannot sign with an algorithm: names the key type and what it can make.
pub fn mismatch(alg: Alg, key_type: &str, can: &[Alg]) -> anyhow::Error {
    anyhow!(
        "--alg {alg} does not fit the key: it is {key_type}, which can make {}",
        names(can)
    )
}

impl Signer {
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// An HMAC signer. The caller has already judged the secret's length.
    pub fn hmac(alg: Alg, secret: &Secret) -> Result<Signer> {
        if alg.family() != Family::Hmac {
            return Err(mismatch(
                alg,
                "a shared secret",
                &Alg::for_family(Family::Hmac),
            ));
        }
        let sa = biscuit_alg(alg).context("HMAC algorithm")?;
        Ok(Signer {
            alg,
            inner: Inner::Biscuit(sa, BiscuitSecret::Bytes(secret.expose().to_vec())),
        })
    }

    /// An asymmetric signer from a private key and its public half.
    pub fn private(alg: Alg, public: &PublicKey, private: &PrivateKey) -> Result<Signer> {
        if alg.family() != public.family() {
            return Err(mismatch(alg, &public.describe(), &public.algs()));
        }
        let inner = match (private, public) {
            (PrivateKey::Rsa(rsa), PublicKey::Rsa { n, e }) => {
                let bits = public.rsa_bits().unwrap_or(0);
                if bits < 2048 {
                    bail!(
                        "the RSA key has {bits} bits; RFC 7518 §3.3 requires 2048 bits or more for {alg}, and servers reject smaller keys"
                    );
                }
                if public.rsa_has_roca_fingerprint() {
                    bail!(
                        "the RSA key has the ROCA fingerprint (CVE-2017-15361): its private key can be computed from its public key; make a new key"
                    );
                }
                let components = KeyPairComponents {
                    public_key: PublicKeyComponents {
                        n: n.as_slice(),
                        e: e.as_slice(),
                    },
                    d: rsa.d.expose(),
                    p: rsa.p.expose(),
                    q: rsa.q.expose(),
                    dP: rsa.dp.expose(),
                    dQ: rsa.dq.expose(),
                    qInv: rsa.qi.expose(),
                };
                let pair = RsaKeyPair::from_components(&components).map_err(|e| {
                    anyhow!("the RSA private key was refused: {e} (ring signs with 2048- to 4096-bit keys whose public exponent is at least 65537)")
                })?;
                Inner::Biscuit(
                    biscuit_alg(alg).context("RSA algorithm")?,
                    BiscuitSecret::RsaKeyPair(Arc::new(pair)),
                )
            }
            (PrivateKey::Ec { curve, d }, PublicKey::Ec { .. }) if *curve == Curve::P521 => {
                let key = p521::ecdsa::SigningKey::from_slice(d.expose())
                    .map_err(|_| anyhow!("not a valid P-521 private key"))?;
                Inner::P521(Box::new(key))
            }
            (PrivateKey::Ec { curve, d }, PublicKey::Ec { .. }) => {
                let signing = match curve {
                    Curve::P256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
                    _ => &ECDSA_P384_SHA384_FIXED_SIGNING,
                };
                let scalar = fixed(d.expose(), curve.coordinate_len())?;
                let point = public.sec1_point().unwrap_or_default();
                let pair = EcdsaKeyPair::from_private_key_and_public_key(
                    signing,
                    &scalar,
                    &point,
                    &SystemRandom::new(),
                )
                .map_err(|e| {
                    anyhow!(
                        "the {} private key does not match its public key ({e})",
                        curve.name()
                    )
                })?;
                Inner::Biscuit(
                    biscuit_alg(alg).context("ECDSA algorithm")?,
                    BiscuitSecret::EcdsaKeyPair(Arc::new(pair)),
                )
            }
            (PrivateKey::Ed25519 { seed }, PublicKey::Ed25519 { x }) => {
                let pair =
                    Ed25519KeyPair::from_seed_and_public_key(seed.expose(), x).map_err(|e| {
                        anyhow!("the Ed25519 private key does not match its public key ({e})")
                    })?;
                Inner::Ed25519(pair)
            }
            _ => bail!("the private key does not belong to the public key"),
        };
        Ok(Signer { alg, inner })
    }

    /// Sign bytes: the raw JWS signature (R‖S for ECDSA, RFC 7518 §3.4).
    pub fn sign(&self, input: &[u8]) -> Result<Vec<u8>> {
        match &self.inner {
            Inner::Biscuit(sa, secret) => sa
                .sign(input, secret)
                .map_err(|e| anyhow!("signing with {} failed: {e}", self.alg)),
            Inner::Ed25519(pair) => Ok(pair.sign(input).as_ref().to_vec()),
            Inner::P521(key) => {
                use p521::ecdsa::signature::Signer as _;
                let sig: p521::ecdsa::Signature = key.sign(input);
                Ok(sig.to_bytes().to_vec())
            }
        }
    }
}

/// Build and sign a compact JWS: the header gets `alg` first (it is what people look for),
/// then the caller's parameters in their order.
pub fn sign_compact(
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    signer: &Signer,
) -> Result<String> {
    let mut header_out = Map::new();
    header_out.insert("alg".into(), Value::from(signer.alg().name()));
    header_out.extend(
        header
            .iter()
            .filter(|(k, _)| *k != "alg")
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let signing_input = format!(
        "{}.{}",
        b64url(&serde_json::to_vec(&header_out)?),
        b64url(&serde_json::to_vec(claims)?)
    );
    let signature = signer.sign(signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64url(&signature)))
}

/// Sign with an ES256 key given as PKCS#8 DER (the built-in example's demo key).
pub fn sign_es256_pkcs8(
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    pkcs8: &[u8],
) -> Result<String> {
    let pair = EcdsaKeyPair::from_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8,
        &SystemRandom::new(),
    )
    .map_err(|e| anyhow!("not a P-256 PKCS#8 private key ({e})"))?;
    let signer = Signer {
        alg: Alg::ES256,
        inner: Inner::Biscuit(
            SignatureAlgorithm::ES256,
            BiscuitSecret::EcdsaKeyPair(Arc::new(pair)),
        ),
    };
    sign_compact(header, claims, &signer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es256_demo_key_signs_a_token_that_verifies() {
        let der = include_bytes!("../example/demo-key-es256.pk8");
        let mut claims = Map::new();
        claims.insert("iss".into(), "me".into());
        let token = sign_es256_pkcs8(&Map::new(), &claims, der).unwrap();
        let parsed = super::super::Token::parse(&token);
        assert_eq!(parsed.alg(), Some("ES256"));
        assert_eq!(parsed.signature_len, 64);
    }

    #[test]
    fn rejects_a_key_that_is_not_p256_pkcs8() {
        let err = sign_es256_pkcs8(&Map::new(), &Map::new(), b"junk").unwrap_err();
        assert!(err.to_string().contains("P-256"));
    }

    fn b64(text: &str) -> Vec<u8> {
        data_encoding::BASE64URL_NOPAD
            .decode(text.as_bytes())
            .unwrap()
    }

    /// RFC 7515 Appendix A.1: HMAC is deterministic, so the signature is reproduced.
    #[test]
    fn rfc7515_a1_hs256_signature_is_reproduced() {
        let key = b64(
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        );
        let signer = Signer::hmac(Alg::HS256, &Secret::new(key)).unwrap();
        let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        assert_eq!(
            b64url(&signer.sign(input.as_bytes()).unwrap()),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    /// RFC 8037 Appendix A.4: Ed25519 is deterministic too.
    #[test]
    fn rfc8037_a4_ed25519_signature_is_reproduced() {
        let private = PrivateKey::Ed25519 {
            seed: Secret::new(b64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")),
        };
        let public = private.derive_public().unwrap();
        assert_eq!(
            public,
            PublicKey::Ed25519 {
                x: b64("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
            }
        );
        let signer = Signer::private(Alg::EdDSA, &public, &private).unwrap();
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        assert_eq!(
            b64url(&signer.sign(input.as_bytes()).unwrap()),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
    }

    #[test]
    fn p521_signs_132_byte_signatures_that_verify() {
        let d = [7u8; 66];
        let mut d = d.to_vec();
        d[0] = 1; // below the group order
        let private = PrivateKey::Ec {
            curve: Curve::P521,
            d: Secret::new(d),
        };
        let public = private.derive_public().unwrap();
        let signer = Signer::private(Alg::ES512, &public, &private).unwrap();
        let sig = signer.sign(b"input").unwrap();
        assert_eq!(sig.len(), 132);
        let verifier = crate::jose::Verifier::public(Alg::ES512, &public).unwrap();
        assert!(verifier.verify(b"input", &sig).is_ok());
        assert!(verifier.verify(b"other", &sig).is_err());
        assert!(
            verifier
                .verify(b"input", &[0u8; 132])
                .unwrap_err()
                .contains("CVE-2022-21449")
        );
    }

    #[test]
    fn hmac_signer_refuses_asymmetric_algs() {
        let err = Signer::hmac(Alg::RS256, &Secret::new(vec![1; 32]))
            .err()
            .unwrap();
        assert!(err.to_string().contains("HS256, HS384, HS512"), "{err}");
    }
}
