//! Checks of the JOSE header.

use crate::findings::{Finding, Severity};
use crate::jose::Form;
use crate::lint::{Ctx, Role, Subject};
use serde_json::Value;

/// JWS algorithms registered with IANA (RFC 7518, RFC 8037, RFC 8812, RFC 9864).
pub const REGISTERED_ALGS: &[&str] = &[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "ES256K", "EdDSA", "Ed25519", "Ed448",
];

pub fn is_hmac(alg: &str) -> bool {
    alg.starts_with("HS")
}

pub fn alg_none(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if let Some(alg) = s.token.alg() {
        if alg.trim().eq_ignore_ascii_case("none") {
            let note = if alg == "none" {
                String::new()
            } else {
                format!(" (written {alg:?})")
            };
            out.push(
                Finding::new(
                    "header.alg_none",
                    format!("alg is none{note}: the token carries no signature"),
                )
                .claim("alg")
                .actual(alg),
            );
        }
    }
}

pub fn alg_unexpected(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(alg) = s.token.alg() else { return };
    if s.token.form != Form::Jws || alg.trim().eq_ignore_ascii_case("none") {
        return;
    }
    if !REGISTERED_ALGS.contains(&alg) {
        let near = REGISTERED_ALGS
            .iter()
            .find(|r| r.eq_ignore_ascii_case(alg.trim()))
            .map(|r| format!("; did you mean {r}? alg is case-sensitive"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                "header.alg_unexpected",
                format!("alg {alg:?} is not a registered JWS algorithm{near}"),
            )
            .claim("alg")
            .actual(alg),
        );
        return;
    }
    if let Some(allowed) = &ctx.expect.algs {
        if !allowed.iter().any(|a| a == alg) {
            out.push(
                Finding::new(
                    "header.alg_unexpected",
                    format!("alg {alg} is not among the allowed algorithms"),
                )
                .claim("alg")
                .actual(alg)
                .expected(allowed.join(", ")),
            );
        }
    }
    let header = s.token.header.as_ref();
    let public_key_hints: Vec<&str> = ["x5t", "x5t#S256", "x5c", "jwk"]
        .into_iter()
        .filter(|p| header.is_some_and(|h| h.contains_key(*p)))
        .collect();
    let kid_is_thumbprint = s.token.header_str("kid").is_some_and(looks_like_thumbprint);
    if is_hmac(alg) && (!public_key_hints.is_empty() || kid_is_thumbprint) {
        let why = if public_key_hints.is_empty() {
            "a kid shaped like a public-key thumbprint".to_string()
        } else {
            format!(
                "public-key header parameters ({})",
                public_key_hints.join(", ")
            )
        };
        out.push(
            Finding::new(
                "header.alg_unexpected",
                format!("alg {alg} (an HMAC) with {why}: algorithm confusion, or a private_key_jwt client signing with a secret?"),
            )
            .severity(Severity::Warning)
            .claim("alg")
            .actual(alg),
        );
    }
}

/// 43 base64url characters: a SHA-256 RFC 7638 thumbprint.
fn looks_like_thumbprint(kid: &str) -> bool {
    kid.len() == 43
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn kid_missing(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(alg) = s.token.alg() else { return };
    let header = s.token.header.as_ref();
    let identified = ["kid", "x5t", "x5t#S256"]
        .iter()
        .any(|p| header.is_some_and(|h| h.contains_key(*p)));
    let asymmetric = REGISTERED_ALGS.contains(&alg) && !is_hmac(alg);
    if asymmetric && !identified && s.token.form == Form::Jws {
        out.push(
            Finding::new(
                "header.kid_missing",
                "no kid (or x5t#S256): a server with several keys for this client cannot pick one",
            )
            .claim("kid"),
        );
    }
}

/// typ values that belong to other kinds of JWT (RFC 8725 §3.11 explicit typing).
const OTHER_KINDS: &[&str] = &[
    "at+jwt",
    "dpop+jwt",
    "oauth-authz-req+jwt",
    "logout+jwt",
    "secevent+jwt",
    "token-introspection+jwt",
    "txn+jwt",
    "kb+jwt",
    "vc+jwt",
    "jwk-set+jwt",
];

const CLIENT_AUTH_TYP: &str = "client-authentication+jwt";

pub fn typ(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(typ) = s.token.header_str("typ") else {
        return;
    };
    let lower = typ.to_ascii_lowercase();
    let lower = lower.strip_prefix("application/").unwrap_or(&lower);
    match s.role.role {
        Role::ClientAssertion if OTHER_KINDS.contains(&lower) => out.push(
            Finding::new("header.typ", format!("typ {typ} belongs to another kind of JWT, not a client assertion"))
                .severity(Severity::Error)
                .claim("typ")
                .actual(typ)
                .expected(CLIENT_AUTH_TYP),
        ),
        Role::Grant if lower == CLIENT_AUTH_TYP => out.push(
            Finding::new("header.typ", "typ client-authentication+jwt on an authorization grant; that type is for client authentication only")
                .claim("typ")
                .actual(typ),
        ),
        Role::Grant if OTHER_KINDS.contains(&lower) => out.push(
            Finding::new("header.typ", format!("typ {typ} belongs to another kind of JWT, not an assertion"))
                .claim("typ")
                .actual(typ),
        ),
        _ => {}
    }
}

pub fn risky(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(header) = s.token.header.as_ref() else {
        return;
    };
    for (name, value) in header {
        let finding = match name.as_str() {
            "jku" | "x5u" => Some(
                Finding::new("header.risky", format!("{name} points at a remote key URL; servers must not fetch keys named by the token"))
                    .actual(value_text(value)),
            ),
            "jwk" => Some(
                Finding::new("header.risky", "an embedded jwk: a key the token brings itself proves nothing, and servers that trusted it were forgeable")
                    .severity(Severity::Error),
            ),
            "crit" => Some(crit(header, value)),
            "zip" => Some(Finding::new("header.risky", "zip is defined only for JWE; in a JWS it signals a crafted or broken token")),
            "b64" if value == &Value::Bool(false) => Some(
                Finding::new("header.risky", "b64 false (RFC 7797 unencoded payload) cannot form a JWT assertion")
                    .severity(Severity::Error),
            ),
            _ => None,
        };
        if let Some(f) = finding {
            out.push(f.claim(name.as_str()));
        }
    }
}

fn crit(header: &serde_json::Map<String, Value>, value: &Value) -> Finding {
    let names: Option<Vec<&str>> = value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    match names {
        Some(names) if !names.is_empty() && names.iter().all(|n| header.contains_key(*n)) => Finding::new(
            "header.risky",
            format!("crit lists {}: a server that does not understand them must reject the token", names.join(", ")),
        ),
        _ => Finding::new("header.risky", "crit is malformed: it must be a non-empty array naming header parameters that are present")
            .severity(Severity::Error),
    }
}

fn value_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}
