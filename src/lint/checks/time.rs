//! Checks of exp, nbf and iat against the clock (with skew) and against each other.

use crate::clock::{describe_exp, describe_iat, describe_nbf, span, utc};
use crate::findings::{Finding, Severity};
use crate::lint::profile::{Limit, Since};
use crate::lint::times::{self, Problem};
use crate::lint::{Ctx, Role, Subject};

pub fn units(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    for claim in times::problems(s.token) {
        let Some(problem) = claim.problem else {
            continue;
        };
        let mut message = format!("{} {} {}", claim.name, claim.raw, problem.describe());
        match (problem, claim.seconds) {
            (p, Some(secs)) if p.is_unit() => {
                let (divisor, ahead) = match p {
                    Problem::Nanoseconds => (1_000_000_000, "billions"),
                    Problem::Microseconds => (1_000_000, "millions"),
                    _ => (1_000, "thousands"),
                };
                message.push_str(&format!(
                    " (divided by {divisor} it is {}; servers read it as seconds, {ahead} of years ahead)",
                    utc(secs)
                ))
            }
            (Problem::String, Some(secs)) => {
                message.push_str(&format!(" (the number in it is {})", utc(secs)))
            }
            _ => {}
        }
        let severity = if problem == Problem::Fraction {
            Severity::Warning
        } else {
            Severity::Error
        };
        let expected = claim
            .seconds
            .map_or("integer seconds since 1970".to_string(), |v| v.to_string());
        out.push(
            Finding::new("claim.time_units", message)
                .severity(severity)
                .claim(claim.name)
                .actual(claim.raw.to_string())
                .expected(expected),
        );
    }
}

fn seconds(s: &Subject, name: &'static str) -> Option<i64> {
    times::server_seconds(s.token, name)
}

fn skew_note(ctx: &Ctx) -> String {
    format!("judged at {}, skew {}", utc(ctx.now), span(ctx.skew))
}

pub fn exp_expired(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(exp) = seconds(s, "exp") else { return };
    if ctx.now <= exp {
        return;
    }
    let severity = if ctx.now > exp + ctx.skew {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut message = format!(
        "{} (exp {}, {})",
        describe_exp(exp, ctx.now),
        utc(exp),
        skew_note(ctx)
    );
    if severity == Severity::Warning {
        message.push_str("; only servers that tolerate that much clock skew accept it");
    }
    out.push(
        Finding::new("claim.exp_expired", message)
            .severity(severity)
            .claim("exp")
            .actual(exp.to_string())
            .expected(format!("> {}", ctx.now - ctx.skew)),
    );
}

/// How a claim `ahead` seconds in the future is judged: the profile's window (FAPI 2:
/// fine to 10 s, error from 60 s) or the --skew rule (`within` inside the skew, error beyond).
fn future_severity(ahead: i64, ctx: &Ctx, within: Severity) -> Severity {
    match ctx.profile.spec().future_window {
        Some((_, reject)) if ahead >= reject => Severity::Error,
        Some((fine, _)) if ahead > fine => Severity::Warning,
        Some(_) => within,
        None if ahead > ctx.skew => Severity::Error,
        None => within,
    }
}

pub fn nbf_future(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(nbf) = seconds(s, "nbf") else { return };
    if nbf <= ctx.now {
        return;
    }
    let spec = ctx.profile.spec();
    let severity = if spec.nbf_strict {
        Severity::Error
    } else {
        future_severity(nbf - ctx.now, ctx, Severity::Warning)
    };
    let strict = if spec.nbf_strict {
        format!("; the {} profile allows no nbf in the future", spec.profile)
    } else {
        String::new()
    };
    out.push(
        Finding::new(
            "claim.nbf_future",
            format!(
                "{} (nbf {}, {}){strict}",
                describe_nbf(nbf, ctx.now),
                utc(nbf),
                skew_note(ctx)
            ),
        )
        .severity(severity)
        .claim("nbf")
        .actual(nbf.to_string())
        .expected(format!("<= {}", ctx.now + ctx.skew)),
    );
}

pub fn iat_future(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(iat) = seconds(s, "iat") else { return };
    if iat <= ctx.now {
        return;
    }
    let severity = future_severity(iat - ctx.now, ctx, Severity::Info);
    out.push(
        Finding::new(
            "claim.iat_future",
            format!(
                "{} (iat {}, {}): the signer's clock is ahead",
                describe_iat(iat, ctx.now),
                utc(iat),
                skew_note(ctx)
            ),
        )
        .severity(severity)
        .claim("iat")
        .actual(iat.to_string())
        .expected(format!("<= {}", ctx.now + ctx.skew)),
    );
}

/// An assertion used long after it was made: servers may refuse it (RFC 7523 §3 item 6;
/// IBM Verify: 24 h; Keycloak: the client's max age). Expired tokens are left to exp_expired.
pub fn iat_stale(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(iat) = seconds(s, "iat") else { return };
    if seconds(s, "exp").is_some_and(|exp| exp + ctx.skew < ctx.now) {
        return;
    }
    let spec = ctx.profile.spec();
    let limit = spec.iat_max_age;
    let age = ctx.now - iat;
    if age <= limit.seconds + ctx.skew {
        return;
    }
    out.push(
        Finding::new(
            "claim.iat_stale",
            format!(
                "{} (iat {}); the {} profile refuses assertions older than {}",
                describe_iat(iat, ctx.now),
                utc(iat),
                spec.profile,
                span(limit.seconds)
            ),
        )
        .severity(limit.severity)
        .claim("iat")
        .actual(format!("{age} s old"))
        .expected(format!("<= {} s old", limit.seconds)),
    );
}

/// Servers that cap assertion lifetime at one hour: Okta, Google, PingOne.
const ONE_HOUR: i64 = 3600;
/// Short-lived client assertions limit replay (a common default).
const CLIENT_ASSERTION_ADVICE: i64 = 300;

pub fn exp_lifetime(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(exp) = seconds(s, "exp") else { return };
    let iat = seconds(s, "iat");
    let nbf = seconds(s, "nbf");
    for (name, start) in [("iat", iat), ("nbf", nbf)] {
        if let Some(start) = start.filter(|st| exp <= *st) {
            out.push(
                Finding::new(
                    "claim.exp_lifetime",
                    format!(
                        "exp {} is not after {name} {}: the token is never valid",
                        utc(exp),
                        utc(start)
                    ),
                )
                .severity(Severity::Error)
                .claim("exp"),
            );
            return;
        }
    }
    let spec = ctx.profile.spec();
    let explicit = ctx.expect.max_lifetime.map(|max| Limit {
        seconds: max,
        since: Since::Iat,
        severity: Severity::Error,
    });
    let measure = |since: Since| match (since, iat) {
        (Since::Iat, Some(iat)) => (exp - iat, "after iat"),
        _ => (exp - ctx.now, "from now"),
    };
    let limits = [
        explicit.map(|l| (l, "--max-lifetime".to_string())),
        spec.lifetime
            .map(|l| (l, format!("the {} profile", spec.profile))),
    ];
    let mut judged = false;
    for (limit, who) in limits.into_iter().flatten() {
        judged = true;
        let (lifetime, from) = measure(limit.since);
        if lifetime > limit.seconds {
            out.push(
                Finding::new(
                    "claim.exp_lifetime",
                    format!(
                        "exp is {} {from}; {who} allows at most {}",
                        span(lifetime),
                        span(limit.seconds)
                    ),
                )
                .severity(limit.severity)
                .claim("exp")
                .actual(format!("{lifetime} s {from}"))
                .expected(format!("<= {} s {from}", limit.seconds)),
            );
            return;
        }
    }
    // ID tokens and access tokens live as long as their issuer decides: no assertion advice.
    if judged || spec.token_role == Some(s.role.role) {
        return;
    }
    let (lifetime, from) = measure(Since::Iat);
    if lifetime <= 0 {
        return;
    }
    let finding = if lifetime > ONE_HOUR {
        Some(Finding::new(
            "claim.exp_lifetime",
            format!(
                "exp is {} {from}; Okta, Google and PingOne reject assertions that live over 1 h",
                span(lifetime)
            ),
        ))
    } else if lifetime > CLIENT_ASSERTION_ADVICE && s.role.role == Role::ClientAssertion {
        Some(
            Finding::new(
                "claim.exp_lifetime",
                format!(
                    "exp is {} {from}; short-lived client assertions (5 min or less) limit replay",
                    span(lifetime)
                ),
            )
            .severity(Severity::Info),
        )
    } else {
        None
    };
    if let Some(f) = finding {
        out.push(f.claim("exp").actual(format!("{lifetime} s")));
    }
}

/// 2^53: above it, JavaScript numbers (and any parser that reads JSON numbers as doubles)
/// cannot hold every integer.
const MAX_SAFE_INTEGER: u64 = 1 << 53;
/// 2038-01-19T03:14:07Z: the last second a signed 32-bit time holds.
const MAX_I32_TIME: i64 = i32::MAX as i64;

/// NumericDates that break parsers: above 2^53, or past 2038 for 32-bit servers.
/// Unit mistakes (ms, µs, ns) are claim.time_units; this is about the value's size.
pub fn time_range(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(claims) = &s.token.claims else {
        return;
    };
    // One pass over the claims, numbers read in place: a NumericDate of today is neither
    // too large nor past 2038, and lint runs this per token.
    for (key, value) in claims.members() {
        let Some(serde_json::Value::Number(n)) = value.non_string() else {
            continue;
        };
        let Some(&name) = times::TIME_CLAIMS.iter().find(|c| **c == key) else {
            continue;
        };
        let (beyond_safe, large) = match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => (u > MAX_SAFE_INTEGER, u > MAX_I32_TIME as u64),
            (None, Some(i)) => (i.unsigned_abs() > MAX_SAFE_INTEGER, false),
            (None, None) => {
                let f = n.as_f64().unwrap_or(0.0);
                (f.abs() > MAX_SAFE_INTEGER as f64, f > MAX_I32_TIME as f64)
            }
        };
        if !beyond_safe && !large {
            continue;
        }
        let Some(claim) = times::read(s.token, name) else {
            continue;
        };
        let (message, expected) = if beyond_safe {
            (
                format!(
                    "{name} {n} is above 2^53 ({MAX_SAFE_INTEGER}): JavaScript servers and other parsers that read numbers as doubles cannot hold it exactly"
                ),
                format!("<= {MAX_SAFE_INTEGER}"),
            )
        } else if !claim.problem.is_some_and(Problem::is_unit)
            && claim.seconds.is_some_and(|secs| secs > MAX_I32_TIME)
        {
            (
                format!(
                    "{name} {n} is {}, after 2038-01-19T03:14:07Z (2^31 - 1): servers that keep times in signed 32-bit integers overflow",
                    utc(claim.seconds.unwrap_or_default())
                ),
                format!("<= {MAX_I32_TIME} (2038-01-19T03:14:07Z)"),
            )
        } else {
            continue;
        };
        out.push(
            Finding::new("claim.time_range", message)
                .claim(name)
                .actual(n.to_string())
                .expected(expected),
        );
    }
}

/// iat after nbf by more than the skew: the token claims to be valid before it was made.
/// (exp not after iat or nbf is claim.exp_lifetime: such a token is never valid.)
pub fn time_order(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if !s.token.has_claim("nbf") {
        return;
    }
    let (Some(iat), Some(nbf)) = (seconds(s, "iat"), seconds(s, "nbf")) else {
        return;
    };
    if iat <= nbf + ctx.skew {
        return;
    }
    out.push(
        Finding::new(
            "claim.time_order",
            format!(
                "iat {} is {} after nbf {}: the token says it was valid before it was issued (fine if nbf is backdated on purpose; otherwise the two come from different clocks or code paths)",
                utc(iat),
                span(iat - nbf),
                utc(nbf)
            ),
        )
        .claim("nbf")
        .actual(format!("iat - nbf = {} s", iat - nbf))
        .expected(format!("iat <= nbf + {} s (skew)", ctx.skew)),
    );
}
