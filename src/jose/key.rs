//! Raw key material, independent of the file format it came from (keys.rs parses formats).

use super::alg::{Alg, Curve, Family};
use super::parse::b64url;
use crate::redact::Secret;
use anyhow::{Result, anyhow, bail};
use ring::digest;
use serde_json::{Map, Value, json};

/// A public key. Big-endian integers carry no leading zero bytes; EC coordinates have the
/// curve's fixed length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    Ec {
        curve: Curve,
        x: Vec<u8>,
        y: Vec<u8>,
    },
    Ed25519 {
        x: Vec<u8>,
    },
}

/// RSA private components (n and e live in the public half).
#[derive(Debug)]
pub struct RsaPrivate {
    pub d: Secret,
    pub p: Secret,
    pub q: Secret,
    pub dp: Secret,
    pub dq: Secret,
    pub qi: Secret,
}

#[derive(Debug)]
pub enum PrivateKey {
    Rsa(RsaPrivate),
    /// The private scalar, `curve.coordinate_len()` bytes.
    Ec {
        curve: Curve,
        d: Secret,
    },
    /// The 32-byte seed (RFC 8032 private key).
    Ed25519 {
        seed: Secret,
    },
}

/// Strip leading zero bytes of an unsigned big-endian integer (keeps one byte for zero).
pub fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let start = bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    bytes[start..].to_vec()
}

/// Left-pad an unsigned integer to `len` bytes (EC coordinates and scalars).
pub fn fixed(bytes: &[u8], len: usize) -> Result<Vec<u8>> {
    let trimmed = unsigned(bytes);
    if trimmed.len() > len {
        bail!(
            "a {}-byte value where {len} bytes were expected",
            trimmed.len()
        );
    }
    let mut out = vec![0; len - trimmed.len()];
    out.extend_from_slice(&trimmed);
    Ok(out)
}

impl PublicKey {
    /// An EC public key from its coordinates, validated: each coordinate has the curve's
    /// length and the point is on the curve and not the identity. A key that fails this
    /// can verify nothing, so it is refused on load rather than thumbprinted or published.
    pub fn ec(curve: Curve, x: &[u8], y: &[u8]) -> Result<PublicKey> {
        let len = curve.coordinate_len();
        for (name, value) in [("x", x), ("y", y)] {
            if value.len() != len {
                bail!(
                    "a {} public key whose {name} coordinate has {} bytes ({} needs {len})",
                    curve.name(),
                    value.len(),
                    curve.name()
                );
            }
        }
        let mut point = Vec::with_capacity(1 + 2 * len);
        point.push(4);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        let on_curve = match curve {
            Curve::P256 => p256::PublicKey::from_sec1_bytes(&point).is_ok(),
            Curve::P384 => p384::PublicKey::from_sec1_bytes(&point).is_ok(),
            Curve::P521 => p521::PublicKey::from_sec1_bytes(&point).is_ok(),
        };
        if !on_curve {
            bail!(
                "a {} public key whose point is not on the curve (a corrupted or crafted key)",
                curve.name()
            );
        }
        Ok(PublicKey::Ec {
            curve,
            x: x.to_vec(),
            y: y.to_vec(),
        })
    }

    /// From an uncompressed SEC1 point (0x04 ‖ x ‖ y), validated as `ec` does.
    pub fn ec_from_point(curve: Curve, point: &[u8]) -> Result<PublicKey> {
        let len = curve.coordinate_len();
        match point.first() {
            Some(4) if point.len() == 1 + 2 * len => {
                PublicKey::ec(curve, &point[1..1 + len], &point[1 + len..])
            }
            Some(2 | 3) => bail!(
                "a compressed {} point; jwtgrant needs the uncompressed form (openssl ec -conv_form uncompressed)",
                curve.name()
            ),
            Some(0) if point.len() == 1 => bail!(
                "a {} public key at the point at infinity (the identity), which is no key",
                curve.name()
            ),
            _ => bail!("not a valid {} public point", curve.name()),
        }
    }

    pub fn family(&self) -> Family {
        match self {
            PublicKey::Rsa { .. } => Family::Rsa,
            PublicKey::Ec { curve, .. } => Family::Ec(*curve),
            PublicKey::Ed25519 { .. } => Family::Ed25519,
        }
    }

    pub fn kty(&self) -> &'static str {
        match self {
            PublicKey::Rsa { .. } => "RSA",
            PublicKey::Ec { .. } => "EC",
            PublicKey::Ed25519 { .. } => "OKP",
        }
    }

    pub fn rsa_bits(&self) -> Option<usize> {
        match self {
            PublicKey::Rsa { n, .. } => {
                let n = unsigned(n);
                let top = n.first().copied().unwrap_or(0);
                Some(n.len() * 8 - top.leading_zeros() as usize)
            }
            _ => None,
        }
    }

    /// Does this RSA modulus carry the ROCA fingerprint (CVE-2017-15361, keys made by
    /// Infineon's RSALib)? Their primes have the form k·M + (65537^a mod M), so n mod p lies
    /// in the subgroup 65537 generates mod each small prime p; a random modulus fails this
    /// for some p with overwhelming probability. Such a key's private half can be computed
    /// from its public half.
    pub fn rsa_has_roca_fingerprint(&self) -> bool {
        const PRIMES: [u32; 38] = [
            3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83,
            89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
        ];
        let PublicKey::Rsa { n, .. } = self else {
            return false;
        };
        PRIMES.iter().all(|&p| {
            let residue = n.iter().fold(0u32, |r, &b| (r * 256 + u32::from(b)) % p);
            let generator = 65537 % p;
            let mut power = 1;
            // The subgroup generated by 65537 mod p: at most p - 1 powers.
            for _ in 0..p {
                if power == residue {
                    return true;
                }
                power = power * generator % p;
                if power == 1 {
                    break;
                }
            }
            false
        })
    }

    /// "RSA 2048-bit", "EC P-256", "Ed25519".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { .. } => format!("RSA {}-bit", self.rsa_bits().unwrap_or(0)),
            PublicKey::Ec { curve, .. } => format!("EC {}", curve.name()),
            PublicKey::Ed25519 { .. } => "Ed25519".to_string(),
        }
    }

    /// What jwtgrant signs with by default: RS256, ES256/384/512 by curve, EdDSA.
    pub fn natural_alg(&self) -> Alg {
        Alg::for_family(self.family())[0]
    }

    pub fn algs(&self) -> Vec<Alg> {
        Alg::for_family(self.family())
    }

    /// 0x04 ‖ x ‖ y for EC keys.
    pub fn sec1_point(&self) -> Option<Vec<u8>> {
        match self {
            PublicKey::Ec { x, y, .. } => {
                let mut point = vec![4];
                point.extend_from_slice(x);
                point.extend_from_slice(y);
                Some(point)
            }
            _ => None,
        }
    }

    /// The public JWK members (RFC 7518 §6, RFC 8037 §2), without kid/alg/use.
    pub fn jwk(&self) -> Map<String, Value> {
        let value = match self {
            PublicKey::Rsa { n, e } => json!({"kty": "RSA", "n": b64url(n), "e": b64url(e)}),
            PublicKey::Ec { curve, x, y } => {
                json!({"kty": "EC", "crv": curve.name(), "x": b64url(x), "y": b64url(y)})
            }
            PublicKey::Ed25519 { x } => json!({"kty": "OKP", "crv": "Ed25519", "x": b64url(x)}),
        };
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// RFC 7638 JWK thumbprint (SHA-256, base64url): the required members in
    /// lexicographic order, no whitespace.
    pub fn thumbprint(&self) -> String {
        let jwk = self.jwk();
        let member = |k: &str| jwk.get(k).and_then(Value::as_str).unwrap_or_default();
        let canonical = match self {
            PublicKey::Rsa { .. } => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                member("e"),
                member("n")
            ),
            PublicKey::Ec { .. } => format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                member("crv"),
                member("x"),
                member("y")
            ),
            PublicKey::Ed25519 { .. } => {
                format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, member("x"))
            }
        };
        b64url(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
    }
}

impl PrivateKey {
    /// The public half, derived where the format did not carry it (Ed25519 seeds,
    /// P-521 scalars). P-256/P-384 formats always carry it (SEC1 publicKey, JWK x/y).
    pub fn derive_public(&self) -> Result<PublicKey> {
        match self {
            PrivateKey::Ed25519 { seed } => {
                use ring::signature::KeyPair;
                let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(seed.expose())
                    .map_err(|_| anyhow!("not a valid Ed25519 private key"))?;
                Ok(PublicKey::Ed25519 {
                    x: pair.public_key().as_ref().to_vec(),
                })
            }
            PrivateKey::Ec {
                curve: Curve::P521,
                d,
            } => {
                let secret = p521::SecretKey::from_slice(d.expose())
                    .map_err(|_| anyhow!("not a valid P-521 private key"))?;
                use p521::elliptic_curve::sec1::ToEncodedPoint;
                let point = secret.public_key().to_encoded_point(false);
                PublicKey::ec_from_point(Curve::P521, point.as_bytes())
            }
            PrivateKey::Ec { curve, .. } => bail!(
                "this {} private key does not include its public key; re-export it with `openssl ec -in KEY -out KEY2.pem`",
                curve.name()
            ),
            PrivateKey::Rsa(_) => bail!("an RSA private key needs its modulus and exponent"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7638 §3.1: the worked example.
    #[test]
    fn rfc7638_worked_example() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let key = PublicKey::Rsa {
            n: data_encoding::BASE64URL_NOPAD.decode(n.as_bytes()).unwrap(),
            e: vec![1, 0, 1],
        };
        assert_eq!(
            key.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.rsa_bits(), Some(2048));
        assert_eq!(key.natural_alg(), Alg::RS256);
    }

    #[test]
    fn ec_points_off_the_curve_or_at_infinity_are_refused() {
        // RFC 7515 Appendix A.3's P-256 key is on the curve.
        let b64 = |t: &str| data_encoding::BASE64URL_NOPAD.decode(t.as_bytes()).unwrap();
        let x = b64("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
        let y = b64("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
        assert!(PublicKey::ec(Curve::P256, &x, &y).is_ok());
        let mut off = y.clone();
        off[31] ^= 1;
        let err = PublicKey::ec(Curve::P256, &x, &off).unwrap_err();
        assert!(err.to_string().contains("not on the curve"), "{err}");
        for curve in [Curve::P256, Curve::P384, Curve::P521] {
            let zero = vec![0u8; curve.coordinate_len()];
            assert!(PublicKey::ec(curve, &zero, &zero).is_err(), "{curve:?}");
            assert!(PublicKey::ec_from_point(curve, &[0]).is_err());
        }
        let err = PublicKey::ec(Curve::P256, &x[1..], &y).unwrap_err();
        assert!(err.to_string().contains("31 bytes"), "{err}");
    }

    #[test]
    fn roca_fingerprints_are_recognised() {
        // Any power of 65537 lies in the subgroup 65537 generates mod every prime: it has
        // the fingerprint. The RFC 7638 example modulus does not.
        let mut power = vec![1u8];
        for _ in 0..40 {
            let mut carry = 0u64;
            for byte in power.iter_mut().rev() {
                let v = u64::from(*byte) * 65537 + carry;
                *byte = (v & 0xff) as u8;
                carry = v >> 8;
            }
            while carry > 0 {
                power.insert(0, (carry & 0xff) as u8);
                carry >>= 8;
            }
        }
        let roca = PublicKey::Rsa {
            n: power,
            e: vec![1, 0, 1],
        };
        assert!(roca.rsa_has_roca_fingerprint());
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let normal = PublicKey::Rsa {
            n: data_encoding::BASE64URL_NOPAD.decode(n.as_bytes()).unwrap(),
            e: vec![1, 0, 1],
        };
        assert!(!normal.rsa_has_roca_fingerprint());
    }

    #[test]
    fn fixed_pads_and_refuses_oversized_values() {
        assert_eq!(fixed(&[0, 0, 1], 2).unwrap(), [0, 1]);
        assert_eq!(fixed(&[1], 3).unwrap(), [0, 0, 1]);
        assert!(fixed(&[1, 2, 3], 2).is_err());
        assert_eq!(unsigned(&[0, 0]), [0]);
    }
}
