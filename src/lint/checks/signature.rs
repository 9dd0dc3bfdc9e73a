//! Checks of the signature bytes that need no key: a length that cannot come from the alg
//! (RFC 7518 §3), and the ECDSA encoding mistakes that every conforming verifier rejects
//! (RFC 7518 §3.4; CVE-2022-21449).

use crate::findings::{Finding, Severity};
use crate::jose::Form;
use crate::lint::{Ctx, Subject};

/// Bytes of one ECDSA coordinate (R or S) per alg.
fn coordinate_len(alg: &str) -> Option<usize> {
    match alg {
        "ES256" | "ES256K" => Some(32),
        "ES384" => Some(48),
        "ES512" => Some(66),
        _ => None,
    }
}

/// A DER `SEQUENCE { INTEGER r, INTEGER s }` filling `sig` exactly, as Java's
/// SHA256withECDSA and `openssl dgst -sign` produce.
fn is_der_ecdsa(sig: &[u8]) -> bool {
    fn length(bytes: &[u8]) -> Option<(usize, usize)> {
        match *bytes.first()? {
            n if n < 0x80 => Some((n as usize, 1)),
            0x81 => Some((*bytes.get(1)? as usize, 2)),
            _ => None,
        }
    }
    fn integer(bytes: &[u8]) -> Option<usize> {
        if *bytes.first()? != 0x02 {
            return None;
        }
        let (len, header) = length(&bytes[1..])?;
        (len > 0).then_some(1 + header + len)
    }
    if sig.first() != Some(&0x30) {
        return false;
    }
    let Some((len, header)) = length(&sig[1..]) else {
        return false;
    };
    let body_start = 1 + header;
    if body_start + len != sig.len() {
        return false;
    }
    let body = &sig[body_start..];
    let Some(r) = integer(body) else { return false };
    let Some(s) = body.get(r..).and_then(integer) else {
        return false;
    };
    r + s == body.len()
}

pub fn ecdsa_format(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let t = s.token;
    let Some(alg) = t.alg() else { return };
    let Some(n) = coordinate_len(alg) else { return };
    if t.form != Form::Jws || t.signature_len == 0 {
        return;
    }
    let sig = t.signature();
    let message = if sig.len() != 2 * n && is_der_ecdsa(sig) {
        format!(
            "the {alg} signature is DER-encoded ({} bytes starting 0x30); JWS wants raw R‖S, {} bytes",
            sig.len(),
            2 * n
        )
    } else if sig.len() == 2 * n
        && (sig[..n].iter().all(|b| *b == 0) || sig[n..].iter().all(|b| *b == 0))
    {
        format!(
            "the {alg} signature has r or s equal to zero: a forged-token pattern (CVE-2022-21449) that verifiers must reject"
        )
    } else {
        return;
    };
    out.push(
        Finding::new("signature.ecdsa_format", message)
            .claim("signature")
            .expected(format!("{} bytes (R‖S)", 2 * n))
            .actual(format!("{} bytes", sig.len())),
    );
}

/// Signature lengths in bytes each fixed-size alg produces (RSA depends on the key).
fn fixed_lengths(alg: &str) -> Option<&'static [usize]> {
    Some(match alg {
        "HS256" => &[32],
        "HS384" => &[48],
        "HS512" => &[64],
        "ES256" | "ES256K" => &[64],
        "ES384" => &[96],
        "ES512" => &[132],
        "Ed25519" => &[64],
        "Ed448" => &[114],
        "EdDSA" => &[64, 114],
        _ => return None,
    })
}

/// RSA signatures are as long as the modulus: 2048-, 3072- and 4096-bit keys.
const RSA_LENGTHS: [usize; 3] = [256, 384, 512];
/// RFC 7518 §3.3: 2048 bits or more.
const RSA_MIN: usize = 256;

/// The alg of the same family whose signatures have this length, if another one does.
fn sibling(alg: &str, len: usize) -> Option<&'static str> {
    let family: &[&'static str] = match alg.get(..2) {
        Some("HS") => &["HS256", "HS384", "HS512"],
        Some("ES") => &["ES256", "ES384", "ES512"],
        _ => &[],
    };
    family
        .iter()
        .find(|a| **a != alg && fixed_lengths(a).is_some_and(|l| l.contains(&len)))
        .copied()
}

/// KEY-06 (offline): a signature whose length no key for this alg can produce: cut,
/// padded, made with another alg, or (RSA) made with a key under 2048 bits.
pub fn length(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let t = s.token;
    let Some(alg) = t.alg() else { return };
    if t.form != Form::Jws || t.signature_len == 0 {
        return;
    }
    let len = t.signature_len;
    let rsa = alg.starts_with("RS") || alg.starts_with("PS");
    let (message, expected, severity) = if rsa && matches!(&alg[2..], "256" | "384" | "512") {
        if RSA_LENGTHS.contains(&len) {
            return;
        }
        if len < RSA_MIN {
            (
                format!(
                    "the {alg} signature is {len} bytes; RSA signatures are as long as the key's modulus, so this is a {}-bit key (RFC 7518 requires 2048 bits or more) or a cut signature",
                    len * 8
                ),
                "256, 384 or 512 bytes (2048-, 3072- or 4096-bit key)".to_string(),
                Severity::Error,
            )
        } else {
            (
                format!(
                    "the {alg} signature is {len} bytes; 2048-, 3072- and 4096-bit keys give 256, 384 and 512: an unusual key size, or bytes added to the signature"
                ),
                "256, 384 or 512 bytes".to_string(),
                Severity::Warning,
            )
        }
    } else if let Some(lengths) = fixed_lengths(alg) {
        if lengths.contains(&len) || (alg.starts_with("ES") && is_der_ecdsa(t.signature())) {
            // DER-encoded ECDSA is signature.ecdsa_format's
            return;
        }
        let wanted: Vec<String> = lengths.iter().map(usize::to_string).collect();
        let mut message = format!(
            "the {alg} signature is {len} bytes; {alg} always gives {}",
            wanted.join(" or ")
        );
        match sibling(alg, len) {
            Some(other) => message.push_str(&format!(
                " ({len} bytes is what {other} gives: was it signed with {other}?)"
            )),
            None => message.push_str(": the signature was cut, padded or made with another alg"),
        }
        (
            message,
            format!("{} bytes", wanted.join(" or ")),
            Severity::Error,
        )
    } else {
        return;
    };
    out.push(
        Finding::new("signature.length", message)
            .severity(severity)
            .claim("signature")
            .expected(expected)
            .actual(format!("{len} bytes")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_der_signatures() {
        // SEQUENCE(70) { INTEGER(33) 00 80.., INTEGER(33) 00 80.. }
        let mut der = vec![0x30, 68, 0x02, 33, 0x00];
        der.extend([0x80; 32]);
        der.extend([0x02, 31]);
        der.extend([0x11; 31]);
        assert!(is_der_ecdsa(&der), "{}", der.len());
        assert!(!is_der_ecdsa(&[0x30; 64]));
        assert!(!is_der_ecdsa(&[0x11; 64]));
        assert!(!is_der_ecdsa(&[]));
    }

    #[test]
    fn siblings_name_the_alg_a_length_belongs_to() {
        assert_eq!(sibling("HS256", 64), Some("HS512"));
        assert_eq!(sibling("ES256", 96), Some("ES384"));
        assert_eq!(sibling("HS256", 33), None);
        assert_eq!(sibling("RS256", 384), None);
    }
}
