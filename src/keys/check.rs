//! Check a token's signature against trusted keys (a JWKS, a key file, a shared secret).
//! Pure: no I/O. Reports everything at once as findings: unknown kid, alg that does not
//! fit, weak key, bad signature, each with what was found instead.

use super::{Intent, Key, KeySet, Op, weak_secret};
use crate::findings::{Finding, Severity};
use crate::jose::{Alg, Family, Form, Token, Verifier, alg_names, unsupported_alg};
use crate::redact::Secret;
use serde_json::{Value, json};

/// What a token is checked against.
pub enum Trusted {
    Keys(KeySet),
    Secret {
        secret: Secret,
        source: String,
        /// What an oct JWK said the secret is for (nothing for plain bytes).
        intent: Intent,
    },
}

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Short HMAC secrets become a warning instead of an error.
    pub allow_weak_key: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureState {
    Valid,
    Invalid,
    /// Not checked: no usable key, an alg jwtgrant cannot verify, or an unreadable token.
    Unchecked,
}

impl SignatureState {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureState::Valid => "valid",
            SignatureState::Invalid => "invalid",
            SignatureState::Unchecked => "unchecked",
        }
    }
}

pub struct Verification {
    pub signature: SignatureState,
    pub alg: Option<String>,
    /// The key that verified the signature (or the one kid named, when it did not).
    pub key: Option<Value>,
    pub source: String,
    pub keys_available: usize,
    pub findings: Vec<Finding>,
}

impl Verification {
    /// The `"verification"` member of verify's JSON document.
    pub fn to_json(&self) -> Value {
        json!({
            "signature": self.signature.as_str(),
            "alg": self.alg,
            "key": self.key,
            "source": self.source,
            "keys_available": self.keys_available,
        })
    }

    /// One line for humans.
    pub fn describe(&self) -> String {
        let alg = self.alg.as_deref().unwrap_or("?");
        let key = self
            .key
            .as_ref()
            .map(|k| {
                let thumb = k["thumbprint"].as_str().unwrap_or("?");
                let id = match k["kid"].as_str() {
                    Some(kid) if kid == thumb => format!("kid = thumbprint {thumb}"),
                    Some(kid) => format!("kid {kid:?}, thumbprint {thumb}"),
                    None => format!("thumbprint {thumb}"),
                };
                let kty = match (k["crv"].as_str(), k["bits"].as_u64()) {
                    (Some(crv), _) => crv.to_string(),
                    (None, Some(bits)) => format!("RSA {bits}-bit"),
                    _ => k["kty"].as_str().unwrap_or("?").to_string(),
                };
                format!(" with {kty} key ({id})")
            })
            .unwrap_or_default();
        match self.signature {
            SignatureState::Valid => format!("signature valid: {alg}{key} from {}", self.source),
            SignatureState::Invalid => {
                format!("signature INVALID: {alg}{key} from {}", self.source)
            }
            SignatureState::Unchecked => {
                format!("signature not checked ({alg}) against {}", self.source)
            }
        }
    }
}

fn unchecked(token: &Token, source: &str, keys: usize, findings: Vec<Finding>) -> Verification {
    Verification {
        signature: SignatureState::Unchecked,
        alg: token.alg().map(str::to_string),
        key: None,
        source: source.to_string(),
        keys_available: keys,
        findings,
    }
}

fn alg_finding(message: String) -> Finding {
    Finding::new("header.alg_unexpected", message).claim("alg")
}

/// Check `token` against `trusted`. Claim checks are lint's job; this adds the key stage.
pub fn check(token: &Token, trusted: &Trusted, opts: &CheckOptions) -> Verification {
    match trusted {
        Trusted::Keys(set) => check_keys_of(token, set),
        Trusted::Secret {
            secret,
            source,
            intent,
        } => check_secret(token, secret, intent, source, opts),
    }
}

/// The token's alg, when it is a readable JWS with an algorithm jwtgrant verifies; None
/// (and, for a known alg jwtgrant cannot verify, a finding) otherwise.
fn readable_alg(token: &Token, findings: &mut Vec<Finding>) -> Option<Alg> {
    // lint says why a token is unreadable (token.malformed, token.encrypted, no alg…)
    let alg_name = token
        .alg()
        .filter(|_| token.form == Form::Jws && token.header.is_some())?;
    let alg = Alg::from_name(alg_name);
    if let (None, Some(what)) = (alg, unsupported_alg(alg_name)) {
        findings.push(alg_finding(format!(
            "alg {alg_name} ({what}) is registered, but jwtgrant does not support it; it verifies {}",
            alg_names(&Alg::ALL)
        )));
    }
    alg
}

/// Check `token` against a shared secret (client_secret_jwt).
pub fn check_secret(
    token: &Token,
    secret: &Secret,
    intent: &Intent,
    source: &str,
    opts: &CheckOptions,
) -> Verification {
    let mut findings = Vec::new();
    let Some(alg) = readable_alg(token, &mut findings) else {
        return unchecked(token, source, 0, findings);
    };
    if alg.family() != Family::Hmac {
        findings.push(
            alg_finding(format!(
                "alg {alg} needs {} public key, but a shared secret was given ({source}); client_secret_jwt uses HS256, HS384 or HS512",
                match alg.family() { Family::Rsa => "an RSA", Family::Ec(_) => "an EC", _ => "an Ed25519" }
            ))
            .actual(alg.name()),
        );
        return unchecked(token, source, 0, findings);
    }
    // The same rule as for public keys: an oct JWK meant for something else never verifies.
    if let Err(why) = intent.permits(alg, Op::Verify, false) {
        findings.push(
            alg_finding(format!(
                "alg {alg} does not fit the key: the secret from {source} {why}"
            ))
            .actual(alg.name()),
        );
        return unchecked(token, source, 1, findings);
    }
    findings.extend(weak_secret(alg, secret, opts.allow_weak_key));
    let verdict = Verifier::hmac(alg, secret)
        .map_err(|e| e.to_string())
        .and_then(|v| v.verify(token.signing_input().as_bytes(), token.signature()));
    let signature = match verdict {
        Ok(()) => SignatureState::Valid,
        Err(why) => {
            findings.push(Finding::new(
                "signature.invalid",
                format!("{why} (secret from {source})"),
            ));
            SignatureState::Invalid
        }
    };
    Verification {
        signature,
        alg: Some(alg.name().into()),
        key: Some(json!({"kty": "oct", "bytes": secret.len()})),
        source: source.to_string(),
        keys_available: 1,
        findings,
    }
}

/// Check `token` against a set of public keys (a JWKS, key files, certificates).
pub fn check_keys_of(token: &Token, set: &KeySet) -> Verification {
    let mut findings = Vec::new();
    let Some(alg) = readable_alg(token, &mut findings) else {
        return unchecked(token, &set.source, set.keys.len(), findings);
    };
    check_keys(
        token,
        alg,
        set,
        token.signing_input().as_bytes(),
        token.signature(),
        findings,
    )
}

fn check_keys(
    token: &Token,
    alg: Alg,
    set: &KeySet,
    input: &[u8],
    sig: &[u8],
    mut findings: Vec<Finding>,
) -> Verification {
    let mut result = Verification {
        signature: SignatureState::Unchecked,
        alg: Some(alg.name().into()),
        key: None,
        source: set.source.clone(),
        keys_available: set.keys.len(),
        findings: Vec::new(),
    };
    if alg.family() == Family::Hmac {
        // RFC 8725 §2.1: never use a public key as an HMAC secret.
        findings.push(
            alg_finding(format!(
                "alg {alg} (HMAC) but the trusted keys are public keys ({}): the classic algorithm-confusion attack; a verifier must take the algorithm from the key, never from the token",
                set.listing()
            ))
            .actual(alg.name()),
        );
        result.findings = findings;
        return result;
    }
    // Which keys the kid names. Keys without a kid (PEM, DER) are named by thumbprint, and
    // are never grounds for kid_unknown: their file simply has no kid to compare.
    let kid = token.header_str("kid");
    let any_kid = set.keys.iter().any(|k| k.kid.is_some());
    let named: Vec<&Key> = match kid {
        Some(kid) if any_kid => set
            .keys
            .iter()
            .filter(|k| match &k.kid {
                Some(own) => own == kid,
                None => k.thumbprint() == kid,
            })
            .collect(),
        _ => set.keys.iter().collect(),
    };
    let kid_unknown = kid.is_some() && any_kid && named.is_empty();
    let first: Vec<&Key> = if kid_unknown {
        set.keys.iter().collect()
    } else {
        named.clone()
    };

    // Keys that can make this alg; the rest explain a mismatch.
    let mut misfits = Vec::new();
    let mut weak = Vec::new();
    let fitting = |keys: &[&Key],
                   misfits: &mut Vec<String>,
                   weak: &mut Vec<String>|
     -> Vec<(usize, Verifier)> {
        let mut out = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            if let Err(why) = key.fits(alg, Op::Verify) {
                misfits.push(why);
                continue;
            }
            if let Some(bits) = key.public.rsa_bits().filter(|b| *b < 2048) {
                weak.push(format!("{} is an RSA key of {bits} bits; RFC 7518 §3.3 requires 2048 bits or more, and jwtgrant does not verify with smaller keys", key.label()));
                continue;
            }
            if key.public.rsa_has_roca_fingerprint() {
                weak.push(format!("{} has the ROCA fingerprint (CVE-2017-15361: an Infineon-generated key whose private half can be computed from the public one); jwtgrant does not verify with it, replace the key", key.label()));
                continue;
            }
            match Verifier::public(alg, &key.public) {
                Ok(v) => out.push((i, v)),
                Err(e) => misfits.push(format!("{}: {e}", key.label())),
            }
        }
        out
    };
    let candidates = fitting(&first, &mut misfits, &mut weak);
    let verified = candidates
        .iter()
        .find(|(_, v)| v.verify(input, sig).is_ok())
        .map(|(i, _)| first[*i]);

    if kid_unknown {
        let also = match verified {
            Some(k) => format!(
                "; the signature does verify with {} (thumbprint {}), so the token's kid is wrong or stale",
                k.label(),
                k.thumbprint()
            ),
            None => String::new(),
        };
        findings.push(
            Finding::new(
                "header.kid_unknown",
                format!(
                    "kid {:?} matches no key in {}; it holds: {}{also}",
                    kid.unwrap_or_default(),
                    set.source,
                    set.listing()
                ),
            )
            .claim("kid")
            .actual(kid.unwrap_or_default()),
        );
    }
    for why in &weak {
        findings.push(Finding::new("key.weak", why.clone()).severity(Severity::Error));
    }
    if candidates.is_empty() {
        if weak.is_empty() {
            findings.push(
                alg_finding(format!(
                    "alg {alg} does not fit the key{}: {}",
                    if first.len() == 1 { "" } else { "s" },
                    misfits.join("; ")
                ))
                .actual(alg.name()),
            );
        }
        result.findings = findings;
        return result;
    }
    if let Some(key) = verified {
        findings.extend(super::cert::header_findings(token, key));
        result.signature = SignatureState::Valid;
        result.key = Some(key.summary_json());
        result.findings = findings;
        return result;
    }
    // Not with the named key(s): does another trusted key verify it?
    let (first_index, first_verifier) = &candidates[0];
    let why = first_verifier.verify(input, sig).err().unwrap_or_default();
    let named_key = first[*first_index];
    let elsewhere = if kid_unknown {
        None
    } else {
        let others: Vec<&Key> = set
            .keys
            .iter()
            .filter(|k| !first.iter().any(|f| std::ptr::eq(*f, *k)))
            .collect();
        let mut ignore = (Vec::new(), Vec::new());
        let other_candidates = fitting(&others, &mut ignore.0, &mut ignore.1);
        other_candidates
            .iter()
            .find(|(_, v)| v.verify(input, sig).is_ok())
            .map(|(i, _)| others[*i])
    };
    let message = match elsewhere {
        Some(other) => format!(
            "the signature does not verify with {} named by the token's kid, but does with {} (thumbprint {}): the kid points at the wrong key",
            named_key.label(),
            other.label(),
            other.thumbprint()
        ),
        None if candidates.len() > 1 => format!(
            "{why} (tried {} keys from {})",
            candidates.len(),
            set.source
        ),
        None => format!(
            "{why} ({}, thumbprint {})",
            named_key.label(),
            named_key.thumbprint()
        ),
    };
    findings.push(Finding::new("signature.invalid", message));
    result.signature = SignatureState::Invalid;
    result.key = Some(named_key.summary_json());
    result.findings = findings;
    result
}
