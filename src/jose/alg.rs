//! The JWS algorithms jwtgrant signs and verifies, and which key type each one needs.

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
}
