//! Checks of exp, nbf and iat against the clock (with skew) and against each other.

use crate::clock::{describe_exp, describe_iat, describe_nbf, span, utc};
use crate::findings::{Finding, Severity};
use crate::lint::times::{self, Problem};
use crate::lint::{Ctx, Role, Subject};

pub fn units(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    for claim in times::read_all(s.token) {
        let Some(problem) = claim.problem else {
            continue;
        };
        let mut message = format!("{} {} {}", claim.name, claim.raw, problem.describe());
        match (problem, claim.seconds) {
            (Problem::Milliseconds, Some(secs)) => message.push_str(&format!(
                " (divided by 1000 it is {}; servers read it as seconds, thousands of years ahead)",
                utc(secs)
            )),
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
    times::read(s.token, name)?.as_server_sees_it()
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

pub fn nbf_future(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(nbf) = seconds(s, "nbf") else { return };
    if nbf <= ctx.now {
        return;
    }
    let severity = if nbf > ctx.now + ctx.skew {
        Severity::Error
    } else {
        Severity::Warning
    };
    out.push(
        Finding::new(
            "claim.nbf_future",
            format!(
                "{} (nbf {}, {})",
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
    let severity = if iat > ctx.now + ctx.skew {
        Severity::Error
    } else {
        Severity::Info
    };
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
    let (lifetime, from) = match iat {
        Some(iat) => (exp - iat, "after iat"),
        None => (exp - ctx.now, "from now"),
    };
    if lifetime <= 0 {
        return;
    }
    let finding = if let Some(max) = ctx.expect.max_lifetime {
        (lifetime > max).then(|| {
            Finding::new(
                "claim.exp_lifetime",
                format!(
                    "exp is {} {from}; at most {} is allowed",
                    span(lifetime),
                    span(max)
                ),
            )
            .severity(Severity::Error)
            .expected(format!("<= {max} s"))
        })
    } else if lifetime > ONE_HOUR {
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
