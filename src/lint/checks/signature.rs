//! Checks of the signature bytes that need no key: the ECDSA encoding mistakes that every
//! conforming verifier rejects (RFC 7518 §3.4; CVE-2022-21449).

use crate::findings::Finding;
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
    if t.form != Form::Jws || t.signature.is_empty() {
        return;
    }
    let sig = &t.signature;
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
}
