//! Checks of identity claims: presence, iss/sub, aud, jti.

use super::values::{near_miss, shown};
use crate::findings::{Finding, Severity};
use crate::lint::profile::AudRule;
use crate::lint::{Ctx, Role, Subject};
use serde_json::Value;

/// The claim checks judge assertions (and tokens of unknown role), and the token a token
/// profile is for (oidc-id-token: ID tokens; rfc9068: access tokens).
fn applies(s: &Subject, ctx: &Ctx) -> bool {
    let role = s.role.role;
    role.is_assertion() || role == Role::Unknown || judged_token(s, ctx)
}

/// The token is what the profile judges (not an assertion).
fn judged_token(s: &Subject, ctx: &Ctx) -> bool {
    ctx.profile.spec().token_role == Some(s.role.role)
}

pub fn not_assertion(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if matches!(s.role.role, Role::AccessToken | Role::IdToken)
        && !s.role.forced
        && !judged_token(s, ctx)
    {
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

pub fn missing(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if s.token.claims.is_none() || !applies(s, ctx) {
        return;
    }
    let spec = ctx.profile.spec();
    let assertion = spec.token_role.is_none();
    let own = spec.judges(s.role.role);
    for &name in spec.required_for(s.role.role) {
        // written only for a missing claim: this runs for every required claim of every token
        let why = || {
            if (assertion || !own) && ["iss", "sub", "aud", "exp"].contains(&name) {
                "RFC 7523 §3 requires it".to_string()
            } else {
                let source = spec.sources.split(';').next().unwrap_or(spec.sources);
                format!("the {} profile requires it ({source})", spec.profile)
            }
        };
        // a string is what most claims are; it is not built to find that out
        let non_string = match s.token.claim_lean(name) {
            Some(lean) => lean.non_string(),
            None => {
                let mut message = format!("{name} is missing; {}", why());
                if name == "sub" && s.token.has_claim("prn") {
                    message.push_str(" (prn, its pre-RFC name, is present: rename it to sub)");
                }
                out.push(Finding::new("claim.missing", message).claim(name));
                continue;
            }
        };
        match non_string {
            None => {}
            Some(v) if matches!(name, "iss" | "sub" | "scope") && !v.is_string() => out.push(
                Finding::new(
                    "claim.missing",
                    format!("{name} must be a string, found {}", kind(v)),
                )
                .claim(name)
                .actual(shown(&v.to_string())),
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
                .actual(shown(&v.to_string())),
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

/// Path's last segment mentions "token" (…/token, …/v1/token, …/as/token.oauth2).
fn looks_like_token_endpoint(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let Some((_, path)) = rest.split_once('/') else {
        return false;
    };
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .is_some_and(|last| last.to_ascii_lowercase().contains("token"))
}

/// One aud mismatch finding, with a near-miss explanation when a value is almost right.
fn mismatch(values: &[&str], expected: &[&str], why: &str) -> Finding {
    let near = values
        .iter()
        .find_map(|v| expected.iter().find_map(|e| near_miss(v, e)));
    let shown_values = if values.len() == 1 {
        format!("{:?}", shown(values[0]))
    } else {
        format!(
            "[{}]",
            values
                .iter()
                .map(|v| format!("{:?}", shown(v)))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut message = format!("aud {shown_values} {why}");
    if let Some(near) = near {
        message.push_str(&format!(" ({near}; servers compare aud exactly)"));
    }
    Finding::new("claim.aud_mismatch", message)
        .hint(format!("set aud to {}", shown(&expected.join(" or "))))
        .claim("aud")
        .expected(shown(&expected.join(" or ")))
        .actual(shown(&values.join(", ")))
}

pub fn aud_mismatch(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if !applies(s, ctx) {
        return;
    }
    let before = out.len();
    aud_rule(s, ctx, out);
    // A token profile's aud rule is its own spec's, not RFC 7523's.
    let spec = ctx.profile.spec();
    if spec.typ.is_some() || spec.token_role.is_some() {
        let source = spec.sources.split(';').next();
        for f in &mut out[before..] {
            f.spec = source;
        }
    }
}

fn aud_rule(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(values) = s.token.claim_lean("aud").and_then(|a| a.strings()) else {
        return;
    };
    let spec = ctx.profile.spec();
    let e = &ctx.expect;
    if !e.audiences.is_empty() {
        if !values.iter().any(|v| e.audiences.iter().any(|a| a == v)) {
            let expected: Vec<&str> = e.audiences.iter().map(String::as_str).collect();
            out.push(mismatch(
                &values,
                &expected,
                "is not among the --aud values",
            ));
        }
        return;
    }
    let issuer = e.issuer.as_deref();
    let endpoint = e.token_endpoint.as_deref();
    let rule = if s.role.role == Role::ClientAssertion {
        spec.client_aud
    } else {
        spec.grant_aud
    };
    let has = |x: Option<&str>| x.is_some_and(|x| values.contains(&x));
    let note = spec.aud_note;
    match rule {
        AudRule::IssuerOrTokenEndpoint => {
            let known: Vec<&str> = [issuer, endpoint].into_iter().flatten().collect();
            if !known.is_empty() && !has(issuer) && !has(endpoint) {
                out.push(mismatch(
                    &values,
                    &known,
                    &format!("names neither the issuer nor the token endpoint; {note}"),
                ));
            } else if known.is_empty() {
                shape(&values, spec, out);
            }
        }
        AudRule::IssuerOnly => match issuer {
            Some(issuer) if !values.contains(&issuer) => {
                let is_endpoint = values.iter().any(|v| {
                    Some(*v) == endpoint || (endpoint.is_none() && looks_like_token_endpoint(v))
                });
                let why = if is_endpoint {
                    format!("is the token endpoint URL, not the issuer; {note}")
                } else {
                    format!("is not the issuer; {note}")
                };
                out.push(mismatch(&values, &[issuer], &why));
            }
            Some(_) => {}
            None => {
                let all_endpoints = values.iter().all(|v| {
                    Some(*v) == endpoint || (endpoint.is_none() && looks_like_token_endpoint(v))
                });
                if all_endpoints && (endpoint.is_some() || spec.aud_shape.is_none()) {
                    let why = if endpoint.is_some() {
                        format!("is the token endpoint URL; {note}")
                    } else {
                        format!("looks like a token endpoint URL; {note}")
                    };
                    out.push(mismatch(
                        &values,
                        &["the AS issuer identifier (RFC 8414 issuer)"],
                        &why,
                    ));
                } else if endpoint.is_none() {
                    shape(&values, spec, out);
                }
            }
        },
        AudRule::ClientId => {
            if let Some(client_id) = e.client_id.as_deref() {
                if !values.contains(&client_id) {
                    out.push(mismatch(
                        &values,
                        &[client_id],
                        &format!("does not contain the client_id (--client-id); {note}"),
                    ));
                }
            }
        }
        AudRule::Given => {}
        AudRule::TokenEndpoint { issuer: issuer_sev } => {
            if has(endpoint) {
                return;
            }
            if has(issuer) {
                let f = mismatch(
                    &values,
                    &[endpoint.unwrap_or("the token endpoint URL")],
                    &format!("is the issuer, not the token endpoint URL; {note}"),
                );
                out.push(f.severity(issuer_sev));
            } else if let Some(endpoint) = endpoint {
                out.push(mismatch(
                    &values,
                    &[endpoint],
                    &format!("is not the token endpoint URL; {note}"),
                ));
            } else if issuer.is_none() {
                shape(&values, spec, out);
            }
        }
    }
}

/// Vendor conventions, checked only when nothing says exactly what aud must be.
fn shape(values: &[&str], spec: &crate::lint::profile::Spec, out: &mut Vec<Finding>) {
    let Some(shape) = spec.aud_shape else { return };
    if values.iter().any(|v| (shape.accepts)(v)) {
        return;
    }
    out.push(
        mismatch(
            values,
            &[shape.wanted],
            &format!(
                "does not have the form the {} profile expects; {}",
                spec.profile, spec.aud_note
            ),
        )
        .severity(shape.severity),
    );
}

pub fn aud_multiple(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(Value::Array(items)) = s.token.claim_lean("aud").and_then(|a| a.non_string()) else {
        return;
    };
    if !applies(s, ctx) {
        return;
    }
    let spec = ctx.profile.spec();
    // ID tokens and access tokens may name several audiences (azp is judged for ID tokens).
    if spec.token_role.is_some() {
        return;
    }
    let client = s.role.role == Role::ClientAssertion;
    let text = Value::Array(items.clone()).to_string();
    let shown_items = shown(&text).into_owned();
    if items.len() >= 2 {
        let severity = if client {
            spec.aud_multiple
        } else {
            spec.aud_multiple_grant
        };
        let profile_rule = !client && severity == Severity::Error;
        let message = if profile_rule {
            format!("aud holds {} values; {}", items.len(), spec.aud_note)
        } else {
            format!(
                "aud holds {} values; Keycloak, Entra, Duende (strict) and RFC 10070 want one: the issuer",
                items.len()
            )
        };
        let mut f = Finding::new("claim.aud_multiple", message)
            .severity(severity)
            .claim("aud")
            .expected("one value")
            .actual(shown_items);
        if profile_rule {
            f.spec = spec.sources.split(';').next();
        }
        out.push(f);
    } else if let (true, Some(severity)) = (client, spec.aud_array) {
        out.push(
            Finding::new(
                "claim.aud_multiple",
                format!(
                    "aud is an array; the {} profile wants it sent as a string",
                    spec.profile
                ),
            )
            .severity(severity)
            .claim("aud")
            .expected("a string")
            .actual(shown_items),
        );
    }
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
                    format!(
                        "iss {:?} and sub {:?} differ; in a client assertion both are the client_id",
                        shown(iss),
                        shown(sub)
                    ),
                )
                .claim("sub")
                .expected(shown(iss))
                .actual(shown(sub)),
            );
        }
    }
}

pub fn sub_client_id_mismatch(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(client_id) = ctx.expect.client_id.as_deref() else {
        return;
    };
    if !matches!(s.role.role, Role::ClientAssertion | Role::Unknown) {
        return;
    }
    let differing: Vec<(&str, &str)> = ["sub", "iss"]
        .into_iter()
        .filter_map(|name| s.token.claim_str(name).map(|v| (name, v)))
        .filter(|(_, v)| *v != client_id)
        .collect();
    let Some(&(first, value)) = differing.first() else {
        return;
    };
    let names: Vec<&str> = differing.iter().map(|(n, _)| *n).collect();
    let mut message = format!(
        "{} {:?} {} not the client_id {:?}",
        names.join(" and "),
        shown(value),
        if names.len() == 1 { "is" } else { "are" },
        shown(client_id)
    );
    if let Some(near) = near_miss(value, client_id) {
        message.push_str(&format!(" ({near})"));
    }
    out.push(
        Finding::new("claim.sub_client_id_mismatch", message)
            .claim(first)
            .expected(shown(client_id))
            .actual(shown(value)),
    );
}

/// `--iss`, and the profile's convention for iss (Google: the client_email).
pub fn iss_mismatch(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(iss) = s.token.claim_str("iss") else {
        return;
    };
    if let Some(expected) = ctx.expect.iss.as_deref() {
        if iss != expected {
            out.push(expected_value(
                "claim.iss_mismatch",
                "iss",
                iss,
                expected,
                "--iss",
            ));
        }
        return;
    }
    let spec = ctx.profile.spec();
    if let (true, Some(issuer)) = (spec.iss_is_issuer, ctx.expect.issuer.as_deref()) {
        if iss != issuer && applies(s, ctx) {
            let mut f = expected_value("claim.iss_mismatch", "iss", iss, issuer, "--issuer");
            f.message.push_str(&format!(
                "; the {} profile wants iss to be exactly the issuer that made the token",
                spec.profile
            ));
            out.push(f);
        }
        return;
    }
    if let Some(shape) = spec.iss_shape.filter(|sh| !(sh.accepts)(iss)) {
        if applies(s, ctx) {
            out.push(
                Finding::new(
                    "claim.iss_mismatch",
                    format!(
                        "iss {:?} is not {} (the {} profile)",
                        shown(iss),
                        shape.wanted,
                        spec.profile
                    ),
                )
                .severity(shape.severity)
                .claim("iss")
                .expected(shape.wanted)
                .actual(shown(iss)),
            );
        }
    }
}

pub fn sub_mismatch(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(expected) = ctx.expect.sub.as_deref() else {
        return;
    };
    let Some(sub) = s.token.claim_str("sub") else {
        return;
    };
    if sub != expected {
        out.push(expected_value(
            "claim.sub_mismatch",
            "sub",
            sub,
            expected,
            "--sub",
        ));
    }
}

fn expected_value(
    code: &'static str,
    claim: &str,
    actual: &str,
    expected: &str,
    flag: &str,
) -> Finding {
    let mut message = format!(
        "{claim} {:?} is not the expected {:?} ({flag})",
        shown(actual),
        shown(expected)
    );
    if let Some(near) = near_miss(actual, expected) {
        message.push_str(&format!("; {near}"));
    }
    Finding::new(code, message)
        .claim(claim)
        .expected(shown(expected))
        .actual(shown(actual))
}

pub fn jti_missing(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if s.token.claims.is_none() || !applies(s, ctx) {
        return;
    }
    let jti = s.token.claim_lean("jti");
    let problem = match jti.map(|j| (j.as_str(), j)) {
        None => "no jti; servers that enforce single use (Keycloak, Authlib, oidc-provider, OIDC Core §9) reject it".to_string(),
        Some((Some(j), _)) if j.trim().is_empty() => "jti is empty".to_string(),
        Some((Some(_), _)) => return,
        Some((None, other)) => format!("jti must be a string, found {}", kind(other.value())),
    };
    let spec = ctx.profile.spec();
    let severity = match s.role.role {
        Role::ClientAssertion => spec.jti_client,
        Role::Grant => spec.jti_grant,
        role if spec.token_role == Some(role) => match spec.jti_token {
            Some(severity) => severity,
            None => return,
        },
        _ => Severity::Info,
    };
    let profile_note = if severity == Severity::Error {
        format!(" (required by the {} profile)", spec.profile)
    } else {
        String::new()
    };
    out.push(
        Finding::new("claim.jti_missing", format!("{problem}{profile_note}"))
            .severity(severity)
            .claim("jti"),
    );
}

/// "Very short": fewer characters than this cannot hold even 64 random bits (base64url
/// needs 11; 128 bits, the advice, need 22, and a UUID has 36). Box's stricter 16-128
/// window is vendor-specific and has no profile here.
const JTI_MIN_LEN: usize = 11;
/// A numeric jti this close to the judging time (in seconds or milliseconds) is a timestamp.
const TEN_YEARS: u64 = 10 * 365 * 86_400;

/// What makes a present, non-empty jti guessable or likely to repeat, if anything.
/// Cheap for the common case (a UUID or random string: None), since lint runs it per token.
fn jti_weakness(jti: &str, now: i64) -> Option<String> {
    let b = jti.as_bytes();
    // Branch-free passes (they vectorise): most jtis are UUIDs or random text.
    let special = b
        .iter()
        .fold(false, |acc, c| acc | matches!(c, b'{' | b'$' | b'<'));
    if special
        && (jti.contains("{{")
            || jti.contains("${")
            || (jti.starts_with('<') && jti.ends_with('>')))
    {
        return Some(
            "an unexpanded template placeholder: every assertion carries the same jti".into(),
        );
    }
    if b.iter().all(u8::is_ascii_digit) {
        let near_now = jti
            .parse::<i64>()
            .ok()
            .is_some_and(|n| n.abs_diff(now) < TEN_YEARS || (n / 1000).abs_diff(now) < TEN_YEARS);
        return Some(if near_now {
            "a timestamp: predictable, and two assertions made in the same instant share it".into()
        } else {
            "a number (a counter?): predictable, and it starts over when the client restarts".into()
        });
    }
    let date_like = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-';
    if date_like {
        return Some(
            "a date and time: predictable, and two assertions made in the same instant share it"
                .into(),
        );
    }
    if b.len() >= 8 && jti.is_ascii() {
        // At most three distinct bytes; random text has a fourth within a few bytes.
        let mut few = [0u8; 3];
        let mut distinct = 0;
        let repeated = b.iter().all(|c| {
            if few[..distinct].contains(c) {
                return true;
            }
            if distinct == few.len() {
                return false;
            }
            few[distinct] = *c;
            distinct += 1;
            true
        });
        if repeated {
            return Some(format!(
                "a repeated pattern ({distinct} distinct characters)"
            ));
        }
    }
    if b.len() < JTI_MIN_LEN {
        let chars = jti.chars().count();
        if chars < JTI_MIN_LEN {
            return Some(format!(
                "only {chars} characters: too short to hold even 64 random bits (a UUID has 36 characters)"
            ));
        }
    }
    None
}

/// JTI-03: a jti should be unique and unguessable. Absent, empty and non-string values are
/// claim.jti_missing; this judges the ones that are there.
pub fn jti_quality(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if !applies(s, ctx) {
        return;
    }
    let Some(jti) = s.token.claim_str("jti").filter(|j| !j.trim().is_empty()) else {
        return;
    };
    let Some(weakness) = jti_weakness(jti, ctx.now) else {
        return;
    };
    out.push(
        Finding::new(
            "claim.jti_quality",
            format!(
                "jti {:?} is {weakness}; servers that keep jti single-use refuse a repeat",
                shown(jti)
            ),
        )
        .claim("jti")
        .expected("a UUID (v4) or 128 random bits")
        .actual(shown(jti)),
    );
}

/// CLM-04: a grant's sub names the user the client acts for; at servers that expect a
/// user, sub equal to iss names the client itself.
pub fn sub_not_user(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if s.role.role != Role::Grant {
        return;
    }
    let spec = ctx.profile.spec();
    let Some(rule) = spec.grant_sub_user else {
        return;
    };
    let (Some(iss), Some(sub)) = (s.token.claim_str("iss"), s.token.claim_str("sub")) else {
        return;
    };
    if iss != sub {
        return;
    }
    out.push(
        Finding::new(
            "claim.sub_not_user",
            format!(
                "sub {:?} is the issuer itself; the {} profile wants {}",
                shown(sub),
                spec.profile,
                rule.wanted
            ),
        )
        .severity(rule.severity)
        .claim("sub")
        .expected(rule.wanted)
        .actual(shown(sub)),
    );
}

/// CLM-04: prn, the pre-RFC 7519 name of sub (old Salesforce client code still sends it).
pub fn prn_legacy(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if !s.token.has_claim("prn") || !applies(s, ctx) {
        return;
    }
    let has_sub = s.token.has_claim("sub");
    // Without sub where the profile requires it, claim.missing already names prn.
    if !has_sub && ctx.profile.spec().required.contains(&"sub") {
        return;
    }
    let (message, severity) = if has_sub {
        (
            "prn next to sub: a leftover of the JWT drafts before RFC 7519; servers ignore it",
            Severity::Info,
        )
    } else {
        (
            "prn is the pre-RFC 7519 name of sub; servers read sub and ignore prn",
            Severity::Warning,
        )
    };
    out.push(
        Finding::new("claim.prn_legacy", message)
            .severity(severity)
            .claim("prn")
            .expected("sub")
            .actual("prn"),
    );
}

/// OIDC standard claims that describe a person (OIDC Core §5.1).
fn personal_claim(name: &str) -> bool {
    matches!(
        name,
        "email"
            | "phone_number"
            | "name"
            | "given_name"
            | "family_name"
            | "middle_name"
            | "nickname"
            | "preferred_username"
            | "birthdate"
            | "address"
            | "gender"
    )
}

/// `local@domain.tld`, and not a Google service account (a robot, not a person).
fn personal_email(v: &str) -> bool {
    // Most values hold no '@': one branch-free pass decides.
    if !v.bytes().fold(false, |acc, b| acc | (b == b'@')) {
        return false;
    }
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(|c: char| c.is_whitespace() || matches!(c, '/' | ':'))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !domain.ends_with(".gserviceaccount.com")
}

/// CLM-11: claims are only base64url-encoded; personal data in them is readable by anyone
/// who sees the token.
pub fn personal_data(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    // ID tokens and access tokens are made to describe the user.
    if !applies(s, ctx) || ctx.profile.spec().token_role.is_some() {
        return;
    }
    let Some(claims) = &s.token.claims else {
        return;
    };
    let mut found: Vec<(&str, &str)> = Vec::new();
    for (name, value) in claims.members() {
        if personal_claim(name) {
            found.push((name, ""));
            continue;
        }
        let email = match (value.as_str(), value.non_string()) {
            (Some(v), _) => personal_email(v),
            (_, Some(Value::Array(items))) => {
                items.iter().any(|i| i.as_str().is_some_and(personal_email))
            }
            _ => false,
        };
        if email {
            found.push((name, " (an email address)"));
        }
    }
    let Some(&(first, _)) = found.first() else {
        return;
    };
    let list: Vec<String> = found.iter().map(|(n, why)| format!("{n}{why}")).collect();
    out.push(
        Finding::new(
            "claim.personal_data",
            format!(
                "personal data in the claims: {}; claims are only base64url-encoded, so anyone who sees the token (logs, proxies, tickets) can read them",
                list.join(", ")
            ),
        )
        .claim(first),
    );
}

/// Characters that make two identifiers look equal to people and differ to servers.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00A0}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}' | '\u{202A}'..='\u{202E}')
}

/// iss, sub and aud values with surrounding whitespace, invisible characters or
/// percent-encoding: simple string comparison fails on all of them (RFC 7523 §3).
pub fn value_hygiene(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if !applies(s, ctx) {
        return;
    }
    let aud = s.token.claim_lean("aud");
    let aud_str = aud.and_then(|a| a.as_str());
    let aud_items = match aud.and_then(|a| a.non_string()) {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    let values = ["iss", "sub"]
        .into_iter()
        .filter_map(|name| s.token.claim_str(name).map(|v| (name, v)))
        .chain(aud_str.map(|a| ("aud", a)))
        .chain(
            aud_items
                .iter()
                .filter_map(Value::as_str)
                .map(|a| ("aud", a)),
        );
    for (name, value) in values {
        let Some(problem) = hygiene_problem(name, value) else {
            continue;
        };
        out.push(
            Finding::new(
                "claim.value_hygiene",
                format!(
                    "{name} {:?} {problem}; servers compare it character by character",
                    shown(value)
                ),
            )
            .claim(name)
            .actual(shown(value)),
        );
    }
}

/// What keeps an iss, sub or aud `value` from comparing equal to the text it stands for.
fn hygiene_problem(name: &str, value: &str) -> Option<&'static str> {
    // One branch-free pass over the bytes (this runs for every token); the char-wise
    // checks only for a value that is not ASCII.
    let (control, non_ascii) = value
        .bytes()
        .fold((false, false), |(control, non_ascii), b| {
            (control | (b < 0x20) | (b == 0x7f), non_ascii | (b >= 0x80))
        });
    // ASCII whitespace as `str::trim` sees it: tab to carriage return, and space
    let space = |b: Option<&u8>| matches!(b, Some(b'\t'..=b'\r' | b' '));
    let padded = match non_ascii {
        true => value.trim() != value,
        false => space(value.as_bytes().first()) || space(value.as_bytes().last()),
    };
    if padded {
        return Some("has leading or trailing whitespace");
    }
    let hidden = match non_ascii {
        true => value.chars().any(invisible),
        false => control,
    };
    if hidden {
        return Some("contains invisible or control characters");
    }
    (name == "aud" && percent_encoded_url(value)).then_some("is percent-encoded")
}

/// Does `value` hold `%3A` or `%2F` (either case): a URL sent percent-encoded?
fn percent_encoded_url(value: &str) -> bool {
    let bytes = value.as_bytes();
    memchr::memchr_iter(b'%', bytes).any(|i| {
        matches!(
            (
                bytes.get(i + 1),
                bytes.get(i + 2).map(u8::to_ascii_uppercase)
            ),
            (Some(b'3'), Some(b'A')) | (Some(b'2'), Some(b'F'))
        )
    })
}

/// Claims of ID tokens and access tokens in a client assertion: signs of a confused token
/// (RFC 8725 §2.8).
pub fn unexpected(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if s.role.role != Role::ClientAssertion {
        return;
    }
    let found: Vec<&str> = [
        "nonce",
        "at_hash",
        "c_hash",
        "auth_time",
        "cnf",
        "scope",
        "azp",
    ]
    .into_iter()
    .filter(|c| s.token.has_claim(c))
    .collect();
    if let Some(first) = found.first() {
        out.push(
            Finding::new(
                "claim.unexpected",
                format!(
                    "{} in a client assertion: claims of ID tokens or access tokens, not defined for client authentication",
                    found.join(", ")
                ),
            )
            .claim(*first),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hygiene_agrees_with_the_char_wise_checks() {
        // the checks as first written, one char-wise pass each: the byte pass must find
        // the same for every string of up to 3 characters over an alphabet of edge cases
        fn char_wise(name: &str, value: &str) -> Option<&'static str> {
            if value.trim() != value {
                Some("has leading or trailing whitespace")
            } else if value.chars().any(invisible) {
                Some("contains invisible or control characters")
            } else if name == "aud" && percent_encoded_url(value) {
                Some("is percent-encoded")
            } else {
                None
            }
        }
        let alphabet = [
            " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1}", "\u{1f}", "\u{7f}", "a", "%", "3",
            "A", "\u{85}", "\u{a0}", "\u{ad}", "\u{200b}", "\u{3000}", "é",
        ];
        let mut values = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = values
                .iter()
                .flat_map(|v| alphabet.map(|c| format!("{v}{c}")))
                .collect();
            values.extend(longer);
        }
        let mut problems = std::collections::BTreeSet::new();
        for value in &values {
            for name in ["iss", "aud"] {
                let found = hygiene_problem(name, value);
                assert_eq!(found, char_wise(name, value), "{name} {value:?}");
                problems.insert(found);
            }
        }
        assert_eq!(problems.len(), 4, "every outcome is reached: {problems:?}");
    }

    #[test]
    fn percent_encoded_urls_are_told_from_other_percent_signs() {
        for yes in ["https%3A%2F%2Fas", "https%3a//as", "a%2fb", "%2F"] {
            assert!(percent_encoded_url(yes), "{yes}");
        }
        for no in ["https://as", "100%", "%", "%3", "%2", "%20", "%3B", "a%%3"] {
            assert!(!percent_encoded_url(no), "{no}");
        }
    }

    #[test]
    fn token_endpoint_heuristic() {
        assert!(looks_like_token_endpoint(
            "https://as.example.com/oauth2/token"
        ));
        assert!(looks_like_token_endpoint(
            "https://x.okta.com/oauth2/v1/token"
        ));
        assert!(looks_like_token_endpoint(
            "https://sso.example.com/as/token.oauth2"
        ));
        assert!(!looks_like_token_endpoint("https://as.example.com"));
        assert!(!looks_like_token_endpoint("https://as.example.com/"));
        assert!(!looks_like_token_endpoint(
            "https://idp.example.com/realms/tokens-r-us/x"
        ));
        assert!(!looks_like_token_endpoint("client-123"));
    }
}
