//! The JWS algorithms jwtgrant signs and verifies, and which key type each one needs: the
//! one algorithm table (serve's metadata, lint's registry check and every "jwtgrant signs
//! …" message are built from it).

use std::fmt;

/// An elliptic curve for ECDSA (RFC 7518 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    pub fn from_name(name: &str) -> Option<Curve> {
        match name {
            "P-256" => Some(Curve::P256),
            "P-384" => Some(Curve::P384),
            "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    /// Length of one coordinate (and of the private scalar) in bytes.
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The one JWS algorithm for this curve.
    pub fn alg(self) -> Alg {
        match self {
            Curve::P256 => Alg::ES256,
            Curve::P384 => Alg::ES384,
            Curve::P521 => Alg::ES512,
        }
    }
}

/// The key type an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Hmac,
    Rsa,
    Ec(Curve),
    Ed25519,
}

#[allow(clippy::upper_case_acronyms)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alg {
    HS256,
    HS384,
    HS512,
    RS256,
    RS384,
    RS512,
    PS256,
    PS384,
    PS512,
    ES256,
    ES384,
    ES512,
    /// RFC 8037's polymorphic name; jwtgrant supports its Ed25519 instance.
    EdDSA,
    /// RFC 9864's fully-specified name for the same signature.
    Ed25519,
}

impl Alg {
    pub const ALL: [Alg; 14] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
        Alg::Ed25519,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
            Alg::Ed25519 => "Ed25519",
        }
    }

    /// Exact, case-sensitive (RFC 7515 §4.1.1).
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// Two names for the same signature: RFC 8037's polymorphic `EdDSA` is, for the only
    /// curve jwtgrant supports, exactly RFC 9864's fully-specified `Ed25519`.
    pub fn same_signature(self, other: Alg) -> bool {
        self == other || (self.family() == Family::Ed25519 && other.family() == Family::Ed25519)
    }

    /// The other name of the same signature (EdDSA <-> Ed25519), if it has one.
    pub fn alias(self) -> Option<Alg> {
        match self {
            Alg::EdDSA => Some(Alg::Ed25519),
            Alg::Ed25519 => Some(Alg::EdDSA),
            _ => None,
        }
    }

    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::Ec(Curve::P256),
            Alg::ES384 => Family::Ec(Curve::P384),
            Alg::ES512 => Family::Ec(Curve::P521),
            Alg::EdDSA | Alg::Ed25519 => Family::Ed25519,
        }
    }

    /// HMAC: the hash output size, which is also the minimum key size (RFC 7518 §3.2).
    pub fn hmac_min_key_len(self) -> Option<usize> {
        match self {
            Alg::HS256 => Some(32),
            Alg::HS384 => Some(48),
            Alg::HS512 => Some(64),
            _ => None,
        }
    }

    /// The algorithms a key of this family can make, in the order to suggest them.
    pub fn for_family(family: Family) -> Vec<Alg> {
        match family {
            Family::Ec(curve) => vec![curve.alg()],
            Family::Ed25519 => vec![Alg::EdDSA, Alg::Ed25519],
            other => Alg::ALL
                .into_iter()
                .filter(|a| a.family() == other)
                .collect(),
        }
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// "RS256, RS384, …" for messages.
pub fn names(algs: &[Alg]) -> String {
    algs.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
}

/// JWS algorithms in the IANA registry (RFC 7518, RFC 8037, RFC 8812, RFC 9864) that
/// jwtgrant does not implement, with what each is.
pub const UNSUPPORTED_REGISTERED: [(&str, &str); 2] = [
    ("ES256K", "ECDSA on secp256k1, RFC 8812"),
    ("Ed448", "EdDSA on the Ed448 curve, RFC 8037 and RFC 9864"),
];

/// Is `name` a registered JWS signature algorithm (whether or not jwtgrant implements it)?
pub fn is_registered(name: &str) -> bool {
    Alg::from_name(name).is_some() || unsupported(name).is_some()
}

/// What a registered algorithm jwtgrant does not implement is, or None.
pub fn unsupported(name: &str) -> Option<&'static str> {
    UNSUPPORTED_REGISTERED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, what)| *what)
}

/// JWE key-management and content-encryption algorithms (RFC 7518 §4-5): a key
/// registered for one of these is an encryption key.
const ENCRYPTION_ALGS: [&str; 25] = [
    "RSA1_5",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "RSA-OAEP-384",
    "RSA-OAEP-512",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
    "A128CBC-HS256",
    "A192CBC-HS384",
    "A256CBC-HS512",
    "A128GCM",
    "A192GCM",
    "A256GCM",
];

/// Is `name` a JWE (encryption) algorithm?
pub fn is_encryption_alg(name: &str) -> bool {
    ENCRYPTION_ALGS.contains(&name)
}

/// Every registered name, supported first: for "did you mean …?" suggestions.
pub fn registered_names() -> impl Iterator<Item = &'static str> {
    Alg::ALL
        .into_iter()
        .map(Alg::name)
        .chain(UNSUPPORTED_REGISTERED.iter().map(|(n, _)| *n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for alg in Alg::ALL {
            assert_eq!(Alg::from_name(alg.name()), Some(alg));
        }
        assert_eq!(Alg::from_name("rs256"), None);
        assert_eq!(Alg::from_name("none"), None);
    }

    #[test]
    fn families_list_what_a_key_can_make() {
        assert_eq!(names(&Alg::for_family(Family::Ec(Curve::P384))), "ES384");
        assert_eq!(Alg::for_family(Family::Rsa).len(), 6);
        assert_eq!(Alg::for_family(Family::Hmac).len(), 3);
        assert_eq!(Alg::HS384.hmac_min_key_len(), Some(48));
    }

    #[test]
    fn eddsa_and_ed25519_name_one_signature_and_nothing_else_aliases() {
        assert!(Alg::EdDSA.same_signature(Alg::Ed25519));
        assert!(Alg::Ed25519.same_signature(Alg::EdDSA));
        for a in Alg::ALL {
            for b in Alg::ALL {
                let expected = a == b || (a.alias() == Some(b));
                assert_eq!(a.same_signature(b), expected, "{a} {b}");
            }
        }
    }

    #[test]
    fn the_registry_holds_every_supported_alg_and_the_unsupported_ones() {
        for alg in Alg::ALL {
            assert!(is_registered(alg.name()));
        }
        assert!(is_registered("Ed448") && Alg::from_name("Ed448").is_none());
        assert!(unsupported("Ed448").unwrap().contains("RFC 9864"));
        assert!(!is_registered("none") && !is_registered("HS1"));
        assert_eq!(registered_names().count(), Alg::ALL.len() + 2);
    }
}
