//! Rules over a whole run (`Stage::Batch`): the same (iss, jti) twice is a replay.
//!
//! Memory is what matters here: `lint` streams any number of tokens and this set is the
//! one thing that grows. Each (iss, jti) is kept as a 104-bit hash (keyed SipHash + salted
//! FNV-1a; 8 bits pick one of 256 shards, 96 are stored) plus the 32-bit ordinal of the
//! token that first used it: 16 bytes a token. Sharding keeps growth smooth: a shard
//! rehashes alone, so there is never a moment with two copies of the whole table (1M
//! distinct jti ≈ 20-36 MB).

use crate::findings::Finding;
use crate::jose::Token;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};

const SHARDS: usize = 256;

/// The keys are already uniform hashes; hashing them again would only cost time.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(*b) ^ (self.0 >> 56);
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(v);
    }

    fn write_usize(&mut self, _: usize) {
        // the array length prefix carries no information
    }
}

type Shard = HashMap<[u32; 3], u32, BuildHasherDefault<PassThrough>>;

/// The hashing half of the reuse check: the key a token's (iss, jti) is kept under.
/// Workers compute it beside the rules, so the merge (one thread, in input order) only
/// looks the key up; every key of a run must come from its set's hasher (`JtiSeen::hasher`).
#[derive(Clone)]
pub struct JtiHasher {
    keys: RandomState,
    salt: u64,
}

/// A token's (iss, jti) as kept: a 104-bit hash (8 bits pick the shard, 96 are stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JtiKey {
    shard: u8,
    kept: [u32; 3],
}

impl Default for JtiHasher {
    fn default() -> Self {
        JtiHasher {
            keys: RandomState::new(),
            salt: RandomState::new().hash_one(0xA5u8),
        }
    }
}

impl JtiHasher {
    /// The key of the token's (iss, jti); None without a jti (nothing to reuse).
    pub fn key(&self, token: &Token) -> Option<JtiKey> {
        let (iss, jti) = iss_and_jti(token)?;
        // Two independent 64-bit hashes: keyed SipHash, and FNV-1a salted with a random key.
        let a = self.keys.hash_one((iss, jti));
        let b = fnv1a(self.salt, iss.unwrap_or("\u{0}no iss"), jti);
        Some(JtiKey {
            shard: (a % SHARDS as u64) as u8,
            kept: [(a >> 32) as u32, b as u32, (b >> 32) as u32],
        })
    }
}

fn iss_and_jti(token: &Token) -> Option<(Option<&str>, &str)> {
    let jti = token.claim_str("jti").filter(|j| !j.trim().is_empty())?;
    Some((token.claim_str("iss"), jti))
}

pub struct JtiSeen {
    hasher: JtiHasher,
    shards: Vec<Shard>,
}

impl Default for JtiSeen {
    fn default() -> Self {
        JtiSeen {
            hasher: JtiHasher::default(),
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
        }
    }
}

fn fnv1a(salt: u64, iss: &str, jti: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in iss.bytes().chain([0xff]).chain(jti.bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl JtiSeen {
    /// The hasher whose keys this set takes (`check_key`).
    pub fn hasher(&self) -> &JtiHasher {
        &self.hasher
    }

    /// Record the token's (iss, jti); on a repeat, the finding for it. `ordinal` is the
    /// token's 1-based number in the run, shown so the first use can be found.
    #[cfg(test)] // lint makes the keys on its workers (`check_key`)
    pub fn check(&mut self, token: &Token, ordinal: u64) -> Option<Finding> {
        let key = self.hasher.key(token)?;
        self.check_key(key, token, ordinal)
    }

    /// `check`, with the token's key already made by `hasher()`.
    pub fn check_key(&mut self, key: JtiKey, token: &Token, ordinal: u64) -> Option<Finding> {
        let shard = &mut self.shards[usize::from(key.shard)];
        let ordinal = u32::try_from(ordinal).unwrap_or(u32::MAX);
        let Some(first) = shard.get(&key.kept) else {
            shard.insert(key.kept, ordinal);
            return None;
        };
        let (iss, jti) = iss_and_jti(token)?;
        let issuer = iss.map_or("no iss".to_string(), |i| {
            format!("iss {:?}", crate::lint::checks::values::shown(i))
        });
        Some(
            Finding::new(
                "claim.jti_reused",
                format!(
                    "jti {:?} ({issuer}) was already used by token #{first}; servers that keep jti single-use reject the second",
                    crate::lint::checks::values::shown(jti)
                ),
            )
            .claim("jti")
            .actual(crate::lint::checks::values::shown(jti).into_owned()),
        )
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(HashMap::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;

    fn token(claims: &str) -> Token {
        Token::parse(&format!(
            "{}.{}.c2ln",
            b64url(br#"{"alg":"RS256"}"#),
            b64url(claims.as_bytes())
        ))
    }

    #[test]
    fn second_use_of_the_same_iss_and_jti_is_a_replay() {
        let mut seen = JtiSeen::default();
        assert!(seen.check(&token(r#"{"iss":"a","jti":"1"}"#), 1).is_none());
        assert!(seen.check(&token(r#"{"iss":"b","jti":"1"}"#), 2).is_none());
        assert!(seen.check(&token(r#"{"iss":"a","jti":"2"}"#), 3).is_none());
        assert!(seen.check(&token(r#"{"iss":"a"}"#), 4).is_none());
        let f = seen.check(&token(r#"{"iss":"a","jti":"1"}"#), 5).unwrap();
        assert_eq!(f.code, "claim.jti_reused");
        assert!(f.message.contains("token #1"), "{}", f.message);
        assert_eq!(seen.len(), 3);
    }

    #[test]
    fn keys_made_by_a_copy_of_the_hasher_are_the_sets_own() {
        let mut seen = JtiSeen::default();
        let copy = seen.hasher().clone();
        let first = token(r#"{"iss":"a","jti":"1"}"#);
        let key = copy.key(&first).unwrap();
        assert_eq!(Some(key), seen.hasher().key(&first));
        assert!(seen.check_key(key, &first, 1).is_none());
        // the same pair under another iss, and no jti at all
        assert_ne!(copy.key(&token(r#"{"iss":"b","jti":"1"}"#)), Some(key));
        assert_eq!(copy.key(&token(r#"{"iss":"a","jti":" "}"#)), None);
        let again = token(r#"{"jti":"1","iss":"a","exp":1}"#);
        let f = seen
            .check_key(copy.key(&again).unwrap(), &again, 2)
            .unwrap();
        assert!(f.message.contains("token #1"), "{}", f.message);
        // another run's hasher is keyed differently
        assert_ne!(JtiHasher::default().key(&first), Some(key));
    }

    #[test]
    fn many_distinct_jtis_never_collide() {
        let mut seen = JtiSeen::default();
        for i in 0..20_000 {
            let t = token(&format!(r#"{{"iss":"c","jti":"{i}"}}"#));
            assert!(seen.check(&t, i + 1).is_none(), "{i}");
        }
        assert_eq!(seen.len(), 20_000);
    }
}
