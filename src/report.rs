//! Reports: turn a decoded token and its findings into human text or one JSON document.
//! The output layer prints (and redacts) what these functions build.

mod github;
mod human;
pub mod lint;
mod pretty;
mod sarif;

pub use github::Github;
pub use sarif::Sarif;

pub use human::{finding as finding_block, render as human};

use crate::clock::{describe_exp, describe_iat, describe_nbf, utc};
use crate::findings::{Finding, Severity, worst};
use crate::input::{Origin, Selection};
use crate::jose::{Form, Token};
use crate::lint::profile::ProfileFrom;
use crate::lint::times::{self, TimeClaim};
use crate::lint::{Profile, RoleGuess};
use crate::redact;
use serde_json::{Map, Value, json};

/// JSON schema version of decode/inspect documents.
pub const SCHEMA_VERSION: u32 = 1;

pub struct TokenReport<'a> {
    pub origin: &'a Origin,
    pub selection: &'a Selection,
    pub token: &'a Token,
    pub role: &'a RoleGuess,
    pub now: i64,
    pub findings: &'a [Finding],
    /// Present for inspect: the one line a support engineer reads first.
    pub verdict: Option<Verdict>,
    /// The profile the claims were judged by, and how it was chosen (None: decode, which
    /// judges no claims).
    pub profile: Option<(Profile, &'a ProfileFrom)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    pub reason: String,
}

/// FAIL on any error, WARN on any warning, else OK with a one-line summary.
pub fn verdict(token: &Token, role: &RoleGuess, findings: &[Finding], now: i64) -> Verdict {
    let status = match worst(findings) {
        Some(Severity::Error) => Status::Fail,
        Some(Severity::Warning) => Status::Warn,
        _ => Status::Ok,
    };
    let reason = match status {
        Status::Ok => {
            let exp = times::read(token, "exp")
                .and_then(|c| c.as_server_sees_it())
                .map(|e| format!(", {}", describe_exp(e, now)))
                .unwrap_or_default();
            format!("{}{exp}", role.role.describe())
        }
        _ => {
            let wanted = if status == Status::Fail {
                Severity::Error
            } else {
                Severity::Warning
            };
            let matching: Vec<&Finding> =
                findings.iter().filter(|f| f.severity == wanted).collect();
            let first = matching[0];
            let more = match matching.len() - 1 {
                0 => String::new(),
                1 => format!(" (+1 more {})", wanted.as_str()),
                n => format!(" (+{n} more {}s)", wanted.as_str()),
            };
            format!("{} [{}]{more}", first.message, first.code)
        }
    };
    Verdict { status, reason }
}

pub fn kind(token: &Token) -> &'static str {
    match token.form {
        Form::Jws if token.signature_b64().is_empty() => "unsecured JWT",
        Form::Jws => "JWS",
        Form::Jwe => "JWE",
        Form::Broken => "not a compact JWT",
    }
}

pub fn describe_time(claim: &TimeClaim, now: i64) -> Option<String> {
    let secs = claim.seconds?;
    Some(match claim.name {
        "exp" => describe_exp(secs, now),
        "nbf" => describe_nbf(secs, now),
        _ => describe_iat(secs, now),
    })
}

pub fn json(r: &TokenReport, show_secrets: bool) -> Value {
    let mut doc = Map::new();
    doc.insert("version".into(), json!(SCHEMA_VERSION));
    doc.insert("source".into(), source_json(r, show_secrets));
    doc.insert("kind".into(), json!(kind(r.token)));
    doc.insert(
        "role".into(),
        json!({"guess": r.role.role.as_str(), "reason": r.role.reason, "forced": r.role.forced}),
    );
    if let Some((profile, from)) = r.profile {
        doc.insert("profile".into(), profile_json(profile, from));
    }
    if let Some(v) = &r.verdict {
        doc.insert(
            "verdict".into(),
            json!({"status": v.status.as_str(), "reason": v.reason}),
        );
    }
    doc.insert(
        "header".into(),
        r.token
            .header
            .as_deref()
            .cloned()
            .map_or(Value::Null, Value::Object),
    );
    doc.insert(
        "claims".into(),
        r.token
            .claims
            .as_ref()
            .map_or(Value::Null, |c| Value::Object(c.map().clone())),
    );
    doc.insert("times".into(), times_json(r));
    doc.insert("signature".into(), signature_json(r.token, show_secrets));
    doc.insert(
        "findings".into(),
        Value::Array(r.findings.iter().map(Finding::to_json).collect()),
    );
    Value::Object(doc)
}

/// `{"name", "from", "because"}`: from is default, given, inferred (a vendor's server) or
/// token (its typ or claims); because says how, when there is more to say.
fn profile_json(profile: Profile, from: &ProfileFrom) -> Value {
    let (kind, because) = match from {
        ProfileFrom::Default => ("default", None),
        ProfileFrom::Given => ("given", None),
        ProfileFrom::Inferred(b) => ("inferred", Some(b)),
        ProfileFrom::Token(b) => ("token", Some(b)),
    };
    json!({"name": profile.name(), "from": kind, "because": because})
}

fn source_json(r: &TokenReport, show_secrets: bool) -> Value {
    let chosen = r.selection.candidate();
    let candidates: Vec<Value> = r
        .selection
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            json!({
                "index": i + 1,
                "location": c.place.to_string(),
                "field": c.place.field(),
                "line": c.line,
                "token": if show_secrets { c.token.clone() } else { redact::token_short(&c.token) },
            })
        })
        .collect();
    let path = match r.origin {
        Origin::File(p) => Value::from(p.display().to_string()),
        _ => Value::Null,
    };
    json!({
        "input": r.origin.kind(),
        "path": path,
        "location": chosen.place.to_string(),
        "field": chosen.place.field(),
        "line": chosen.line,
        "index": r.selection.chosen + 1,
        "count": r.selection.candidates.len(),
        "candidates": candidates,
    })
}

fn times_json(r: &TokenReport) -> Value {
    let mut times = Map::new();
    times.insert("now".into(), json!(r.now));
    times.insert("now_utc".into(), json!(utc(r.now)));
    for claim in times::read_all(r.token) {
        times.insert(
            claim.name.into(),
            json!({
                "value": claim.raw,
                "seconds": claim.seconds,
                "utc": claim.seconds.map(utc),
                "relative": describe_time(&claim, r.now),
                "problem": claim.problem.map(|p| p.describe()),
            }),
        );
    }
    Value::Object(times)
}

fn signature_json(token: &Token, show_secrets: bool) -> Value {
    if token.form != Form::Jws {
        return Value::Null;
    }
    let b64 = token.signature_b64();
    let mut sig = Map::new();
    sig.insert("alg".into(), json!(token.alg()));
    sig.insert("length".into(), json!(token.signature_len));
    sig.insert(
        "prefix".into(),
        json!(b64.chars().take(4).collect::<String>()),
    );
    if show_secrets {
        sig.insert("value".into(), json!(b64));
    }
    Value::Object(sig)
}
