//! Signing compact JWS with biscuit's algorithms.

use super::parse::b64url;
use anyhow::{Context, Result, anyhow};
use biscuit::jwa::SignatureAlgorithm;
use biscuit::jws::Secret;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Sign `header.claims` with an ES256 key given as PKCS#8 DER. The header's `alg` is set.
pub fn sign_es256_pkcs8(
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    pkcs8: &[u8],
) -> Result<String> {
    let rng = SystemRandom::new();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8, &rng)
        .map_err(|e| anyhow!("not a P-256 PKCS#8 private key ({e})"))?;
    // alg first: it is what people look for in a header
    let mut header_out = Map::new();
    header_out.insert("alg".into(), Value::from("ES256"));
    header_out.extend(
        header
            .iter()
            .filter(|(k, _)| *k != "alg")
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let header = header_out;
    let signing_input = format!(
        "{}.{}",
        b64url(&serde_json::to_vec(&header)?),
        b64url(&serde_json::to_vec(claims)?)
    );
    let signature = SignatureAlgorithm::ES256
        .sign(
            signing_input.as_bytes(),
            &Secret::EcdsaKeyPair(Arc::new(pair)),
        )
        .map_err(|e| anyhow!("{e}"))
        .context("signing with ES256")?;
    Ok(format!("{signing_input}.{}", b64url(&signature)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::KeyPair;

    #[test]
    fn es256_signature_verifies_with_the_public_key() {
        let der = include_bytes!("../example/demo-key-es256.pk8");
        let mut claims = Map::new();
        claims.insert("iss".into(), "me".into());
        let token = sign_es256_pkcs8(&Map::new(), &claims, der).unwrap();
        let (input, sig) = token.rsplit_once('.').unwrap();
        let sig = data_encoding::BASE64URL_NOPAD
            .decode(sig.as_bytes())
            .unwrap();
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der, &SystemRandom::new())
                .unwrap();
        let public = Secret::PublicKey(pair.public_key().as_ref().to_vec());
        SignatureAlgorithm::ES256
            .verify(&sig, input.as_bytes(), &public)
            .unwrap();
        let tampered = input.replace('.', ".x");
        assert!(
            SignatureAlgorithm::ES256
                .verify(&sig, tampered.as_bytes(), &public)
                .is_err()
        );
    }

    #[test]
    fn rejects_a_key_that_is_not_p256_pkcs8() {
        let err = sign_es256_pkcs8(&Map::new(), &Map::new(), b"junk").unwrap_err();
        assert!(err.to_string().contains("P-256"));
    }
}
