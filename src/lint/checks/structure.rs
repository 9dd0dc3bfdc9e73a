//! Checks of the compact serialization itself.

use crate::findings::Finding;
use crate::jose::{EncodingIssue, Form, Malformed};
use crate::lint::{Ctx, Subject};

pub fn malformed(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let t = s.token;
    if t.form == Form::Broken {
        let n = t.segment_count;
        let what = if n < 3 {
            format!(
                "has {n} segment{}; a JWS has 3 (header.claims.signature): a segment is missing",
                if n == 1 { "" } else { "s" }
            )
        } else {
            format!("has {n} segments; a JWS has 3 and a JWE 5")
        };
        out.push(
            Finding::new("token.malformed", format!("the token {what}"))
                .actual(n.to_string())
                .expected("3"),
        );
    }
    for (part, problem) in &t.facts.malformed {
        let why = match problem {
            Malformed::Empty => "is empty".to_string(),
            Malformed::NotBase64(why) => format!("is not base64url: {why}"),
            Malformed::ByteOrderMark => "starts with a UTF-8 byte-order mark".to_string(),
            Malformed::NotUtf8 => "is not UTF-8".to_string(),
            Malformed::NotJson(why) => format!("is not JSON ({why})"),
            Malformed::NotObject(kind) => format!("is {kind}, not a JSON object"),
        };
        out.push(
            Finding::new(
                "token.malformed",
                format!("the {} segment {why}", part.name()),
            )
            .claim(part.name()),
        );
    }
    if t.form == Form::Jws && t.header.is_some() {
        match t.alg() {
            None => out.push(
                Finding::new("token.malformed", "the header has no alg (a string); RFC 7515 §4.1.1 requires it")
                    .claim("alg"),
            ),
            Some(alg) if t.signature_b64().is_empty() && !alg.trim().eq_ignore_ascii_case("none") => out.push(
                Finding::new(
                    "token.malformed",
                    format!("the signature segment is empty, but alg is {alg}: the token was never signed"),
                )
                .claim("signature"),
            ),
            _ => {}
        }
    }
}

pub fn encoding(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let facts = &s.token.facts;
    if facts.whitespace_removed {
        out.push(Finding::new(
            "token.encoding",
            "the token contains whitespace or line breaks; servers read it as a different (broken) token",
        ));
    }
    if let Some(after) = &facts.trailing {
        out.push(
            Finding::new(
                "token.encoding",
                format!(
                    "the input has {after:?} right after the token; what a server is sent with it is a different, broken token (checked here without it)"
                ),
            )
            .actual(after.as_str()),
        );
    }
    for (part, issue) in &facts.encoding {
        let what = match issue {
            EncodingIssue::Padding => "has '=' padding",
            EncodingIssue::StandardAlphabet => "uses the standard base64 alphabet ('+' or '/')",
        };
        out.push(
            Finding::new(
                "token.encoding",
                format!(
                    "the {} segment {what}; compact serialization uses unpadded base64url",
                    part.name()
                ),
            )
            .claim(part.name()),
        );
    }
}

pub fn duplicates(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    for (part, name) in &s.token.facts.duplicates {
        out.push(
            Finding::new(
                "token.duplicate_member",
                format!("{name:?} appears more than once in the {}; servers differ on which value they use", part.name()),
            )
            .claim(name.as_str()),
        );
    }
}

pub fn encrypted(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if s.token.form == Form::Jwe {
        let alg = s.token.alg().unwrap_or("?");
        let enc = s.token.header_str("enc").unwrap_or("?");
        out.push(Finding::new(
            "token.encrypted",
            format!("this is a JWE (alg {alg}, enc {enc}): the claims are encrypted and cannot be checked"),
        ));
    }
}

/// Secret scanners cap JWT candidates at 4096 bytes, and proxies and form parsers may
/// truncate long fields (a large x5c chain is the usual cause).
const LARGE_TOKEN: usize = 4096;

pub fn oversized(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let len = s.token.raw.len();
    if len > LARGE_TOKEN {
        out.push(
            Finding::new(
                "token.oversized",
                format!("the token is {len} bytes; form parsers and proxies may cut it"),
            )
            .actual(format!("{len} bytes"))
            .expected(format!("<= {LARGE_TOKEN} bytes")),
        );
    }
}
