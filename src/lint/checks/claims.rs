//! Checks of identity claims: presence, iss/sub, aud shape, jti.

use crate::findings::{Finding, Severity};
use crate::lint::{Ctx, Role, Subject};
use serde_json::Value;

const REQUIRED: [&str; 4] = ["iss", "sub", "aud", "exp"];

fn applies(role: Role) -> bool {
    role.is_assertion() || role == Role::Unknown
}

pub fn not_assertion(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if matches!(s.role.role, Role::AccessToken | Role::IdToken) && !s.role.forced {
        out.push(Finding::new(
            "token.not_assertion",
            format!(
                "this looks like an {} ({}); the checks below assume an assertion",
                if s.role.role == Role::IdToken {
                    "ID token"
                } else {
                    "access token"
                },
                s.role.reason
            ),
        ));
    }
}

pub fn missing(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(claims) = s.token.claims.as_ref() else {
        return;
    };
    if !applies(s.role.role) {
        return;
    }
    for name in REQUIRED {
        match claims.get(name) {
            None => out.push(
                Finding::new(
                    "claim.missing",
                    format!("{name} is missing; RFC 7523 §3 requires it"),
                )
                .claim(name),
            ),
            Some(v) if matches!(name, "iss" | "sub") && !v.is_string() => out.push(
                Finding::new(
                    "claim.missing",
                    format!("{name} must be a string, found {}", kind(v)),
                )
                .claim(name)
                .actual(v.to_string()),
            ),
            Some(v) if name == "aud" && !aud_shape_ok(v) => out.push(
                Finding::new(
                    "claim.missing",
                    format!(
                        "aud must be a string or an array of strings, found {}",
                        kind(v)
                    ),
                )
                .claim(name)
                .actual(v.to_string()),
            ),
            _ => {}
        }
    }
}

fn aud_shape_ok(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty() && items.iter().all(Value::is_string),
        _ => false,
    }
}

pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if s.is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub fn aud_multiple(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(Value::Array(items)) = s.token.claim("aud") else {
        return;
    };
    if items.len() < 2 || !applies(s.role.role) {
        return;
    }
    let severity = if s.role.role == Role::ClientAssertion {
        Severity::Warning
    } else {
        Severity::Info
    };
    out.push(
        Finding::new(
            "claim.aud_multiple",
            format!(
                "aud holds {} values; Keycloak, Duende (strict) and RFC 10070 want one: the issuer",
                items.len()
            ),
        )
        .severity(severity)
        .claim("aud")
        .actual(Value::Array(items.clone()).to_string()),
    );
}

pub fn iss_sub_mismatch(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if s.role.role != Role::ClientAssertion {
        return;
    }
    if let (Some(iss), Some(sub)) = (s.token.claim_str("iss"), s.token.claim_str("sub")) {
        if iss != sub {
            out.push(
                Finding::new(
                    "claim.iss_sub_mismatch",
                    format!("iss {iss:?} and sub {sub:?} differ; in a client assertion both are the client_id"),
                )
                .claim("sub")
                .expected(iss)
                .actual(sub),
            );
        }
    }
}

pub fn jti_missing(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if s.token.claims.is_none() || !applies(s.role.role) {
        return;
    }
    let jti = s.token.claim("jti");
    let problem = match jti {
        None => "no jti; servers that enforce single use (Keycloak, Authlib, oidc-provider, OIDC Core §9) reject it".to_string(),
        Some(Value::String(j)) if j.trim().is_empty() => "jti is empty".to_string(),
        Some(Value::String(_)) => return,
        Some(other) => format!("jti must be a string, found {}", kind(other)),
    };
    let severity = match s.role.role {
        Role::ClientAssertion => Severity::Warning,
        _ => Severity::Info,
    };
    out.push(
        Finding::new("claim.jti_missing", problem)
            .severity(severity)
            .claim("jti"),
    );
}
