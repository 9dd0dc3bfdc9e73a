//! Showing a triage to people and as JSON: each token call (when, what was sent, what came
//! back, the diagnosis), then a summary. The verdict line and the ranked causes are
//! replay's own (`replay::render`); the output layer redacts whatever is built here.

use super::{Carried, Evidence, Judged};
use crate::clock::{span, utc};
use crate::diagnose::Outcome;
use crate::diagnose::judge::Clock;
use crate::exchange::{Exchange, Request};
use crate::input::capture::Format;
use crate::lint::times;
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::replay::{form_json, render};
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// JSON schema version of triage documents (and bundles).
pub const SCHEMA_VERSION: u32 = 1;

/// What was read, for the first line and the JSON's `input`.
pub struct Source<'a> {
    pub name: &'a str,
    pub format: &'a Format,
    pub exchanges: usize,
}

fn label(out: &Output, text: &str) -> String {
    out.paint(Stream::Stdout, &format!("  {text:<10} "), Style::Dim)
}

/// `13:58:01` when on the same day as `reference`, else the full UTC instant.
fn clock_time(secs: i64, reference: i64) -> String {
    let full = utc(secs);
    if full.get(..10).is_some() && full.get(..10) == utc(reference).get(..10) {
        full.get(11..19).unwrap_or(&full).to_string()
    } else {
        full
    }
}

fn when(j: &Judged) -> String {
    let t = &j.exchange.times;
    let recorder = j.exchange.recorded_at();
    let mut parts = Vec::new();
    if let Some(date) = t.server_date {
        parts.push(format!("{} by the server's Date header", utc(date)));
    }
    if let Some(at) = recorder {
        let relation = match j.exchange.clock_offset() {
            Some(-1..=1) => ", in step with the server".to_string(),
            Some(o) if o > 0 => format!(", the server {} ahead", span(o)),
            Some(o) => format!(", the server {} behind", span(o)),
            None => String::new(),
        };
        let shown = match t.server_date {
            Some(date) => clock_time(at, date),
            None => utc(at),
        };
        parts.push(format!("sent {shown} by the recorder's clock{relation}"));
    }
    let judged = if j.undated() {
        format!(
            "times judged at {} (now: the capture does not say when; pass --now)",
            utc(j.ctx.now)
        )
    } else if j.diagnosis.judged.clock == Clock::Given {
        format!("times judged at {} (--now)", utc(j.ctx.now))
    } else {
        String::new()
    };
    if !judged.is_empty() {
        parts.push(judged);
    }
    if parts.is_empty() {
        "not recorded".to_string()
    } else {
        parts.join("; ")
    }
}

/// The request as sent: method and URL, then each field (assertions summarised).
fn sent(out: &Output, r: &Request) -> String {
    let mut s = format!("{} {}\n", r.method, escape_untrusted(&r.url));
    if let Some(user) = &r.basic_user {
        let _ = writeln!(
            s,
            "{}client_secret_basic, client_id {} (the secret is not shown)",
            " ".repeat(13),
            escape_untrusted(user)
        );
    }
    for (name, value) in &r.form {
        let shown = if matches!(name.as_str(), "assertion" | "client_assertion") {
            format!("{name} (a {}-char JWT)", value.len())
        } else {
            format!("{name}={}", escape_untrusted(value))
        };
        let _ = writeln!(
            s,
            "{}{}",
            " ".repeat(13),
            out.paint(Stream::Stdout, &shown, Style::Key)
        );
    }
    s
}

/// `RS256 kid "k1" · iss app · sub app · aud https://as · jti 7c9e…`: what identifies it.
fn assertion_line(a: &Carried) -> String {
    let t = &a.token;
    let mut parts = vec![format!("{} {}", a.field, t.alg().unwrap_or("(no alg)"))];
    if let Some(kid) = t.header_str("kid") {
        parts.push(format!("kid {kid}"));
    }
    for claim in ["iss", "sub", "aud", "jti"] {
        match t.claim(claim) {
            Some(Value::String(s)) => parts.push(format!("{claim} {s}")),
            Some(other) => parts.push(format!("{claim} {other}")),
            None => parts.push(format!("{claim} (none)")),
        }
    }
    escape_untrusted(&parts.join(" · ")).into_owned()
}

/// iat, nbf, exp, the server's instant and the recorder's, in time order on one line.
fn timeline(a: &Carried, e: &Exchange) -> Option<String> {
    let mut events: Vec<(i64, String)> = Vec::new();
    for claim in ["iat", "nbf", "exp"] {
        if let Some(at) = times::read(&a.token, claim).and_then(|c| c.as_server_sees_it()) {
            events.push((at, claim.to_string()));
        }
    }
    let server = e.times.server_date;
    if let Some(date) = server {
        events.push((date, "server".to_string()));
    }
    let local = e.recorded_at();
    if let Some(at) = local.filter(|at| Some(*at) != server) {
        events.push((at, "recorder".to_string()));
    }
    if events.len() < 2 || (server.is_none() && local.is_none()) {
        return None;
    }
    events.sort_by_key(|(at, _)| *at);
    let reference = server.or(local)?;
    let day = utc(reference).get(..10).unwrap_or("").to_string();
    let items: Vec<String> = events
        .iter()
        .map(|(at, what)| format!("{what} {}", clock_time(*at, reference)))
        .collect();
    let mut line = format!("{day} {}", items.join(" · "));
    if let (Some(exp), Some(date)) = (
        times::read(&a.token, "exp").and_then(|c| c.as_server_sees_it()),
        server,
    ) {
        let delta = date - exp;
        if delta > 0 {
            let _ = write!(line, " (the server saw it {} after exp)", span(delta));
        }
    }
    Some(line)
}

fn answer(e: &Exchange, j: &Judged) -> String {
    let mut s = match (&e.response, &j.diagnosis.answer) {
        (Some(r), _) => format!("{} {}", r.status, r.reason),
        // an answer logged as text, without its status
        (None, Some(_)) => "(status not recorded)".to_string(),
        (None, None) => return "none recorded (no answer in the capture)".to_string(),
    };
    match &j.diagnosis.answer {
        Some(_) if j.diagnosis.outcome == Outcome::Accepted => {
            let _ = write!(
                s,
                ": {}",
                j.diagnosis.issued.as_deref().unwrap_or("a token")
            );
        }
        Some(a) => {
            if let Some(said) = a.said() {
                let _ = write!(s, ": {said}");
            } else if let Some(received) = a.received() {
                let _ = write!(s, ": {received}");
            }
        }
        None => {}
    }
    escape_untrusted(&s).into_owned()
}

fn call_block(out: &Output, j: &Judged, total: usize) -> String {
    let e = j.exchange;
    let mut s = String::new();
    let origin = e.origin.as_deref().unwrap_or("");
    let _ = writeln!(
        s,
        "{}",
        out.paint(
            Stream::Stdout,
            &format!("Call {} of {total} ({origin})", j.number),
            Style::Heading
        )
    );
    let _ = writeln!(s, "{}{}", label(out, "when"), when(j));
    if let Some(r) = &e.request {
        let _ = write!(s, "{}{}", label(out, "sent"), sent(out, r));
    }
    for a in &j.assertions {
        let _ = writeln!(s, "{}{}", label(out, "assertion"), assertion_line(a));
        if a.signature_redacted() {
            let _ = writeln!(
                s,
                "{}redacted in this file (REDACTED-SIGNATURE): not judged",
                label(out, "signature")
            );
        }
        if let Some(line) = timeline(a, e) {
            let _ = writeln!(s, "{}{line}", label(out, "timeline"));
        }
    }
    if j.assertions.is_empty() {
        let _ = writeln!(s, "{}none in the request", label(out, "assertion"));
    }
    for (field, v) in &j.keys {
        let _ = writeln!(s, "{}{field}: {}", label(out, "keys"), v.describe());
    }
    let _ = writeln!(s, "{}{}", label(out, "answer"), answer(e, j));
    let _ = writeln!(s, "\n{}", render::verdict(out, &j.diagnosis));
    let causes = render::diagnosis(out, &j.diagnosis);
    if !causes.is_empty() {
        s.push('\n');
        s.push_str(&causes);
    }
    s
}

fn found_lines(out: &Output, evidence: &Evidence) -> String {
    let mut s = String::new();
    for m in &evidence.metadata {
        let md = &m.metadata;
        let _ = writeln!(
            s,
            "{}{}: issuer {}, token endpoint {}{}",
            label(out, "discovery"),
            m.origin,
            md.issuer.as_deref().unwrap_or("(none)"),
            md.token_endpoint.as_deref().unwrap_or("(none)"),
            md.signing_algs.as_ref().map_or(String::new(), |a| format!(
                ", client assertion algs {}",
                a.join(", ")
            ))
        );
    }
    for k in &evidence.keys {
        let whose = if k.servers_own {
            " (the server's own signing keys, its jwks_uri)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{}{}: {}{whose}: {}",
            label(out, "keys"),
            k.origin,
            escape_untrusted(&k.url),
            k.set.listing()
        );
    }
    s
}

fn verdict_word(j: &Judged) -> &'static str {
    match j.diagnosis.outcome {
        Outcome::Accepted => "ACCEPTED",
        Outcome::Rejected => "REJECTED",
        Outcome::WrongPlace => "NOT ACCEPTED",
        Outcome::Unknown => "NO ANSWER",
    }
}

fn summary(out: &Output, judged: &[Judged]) -> String {
    let accepted = judged
        .iter()
        .filter(|j| j.diagnosis.outcome == Outcome::Accepted)
        .count();
    let refused = judged.iter().filter(|j| j.refused()).count();
    let unanswered = judged.len() - accepted - refused;
    let mut counts = vec![format!("{accepted} accepted"), format!("{refused} refused")];
    if unanswered > 0 {
        counts.push(format!("{unanswered} without an answer"));
    }
    let mut s = format!(
        "{} {} token call{}: {}\n",
        out.paint(Stream::Stdout, "Summary:", Style::Heading),
        judged.len(),
        if judged.len() == 1 { "" } else { "s" },
        counts.join(", ")
    );
    for j in judged {
        let origin = j.exchange.origin.as_deref().unwrap_or("");
        let cause = match j.diagnosis.first() {
            Some(c) if j.refused() => format!(
                "  {} [{}]",
                escape_untrusted(&c.finding.message),
                c.finding.code
            ),
            _ => String::new(),
        };
        let style = if j.diagnosis.outcome == Outcome::Accepted {
            Style::Good
        } else {
            Style::Bad
        };
        let _ = writeln!(
            s,
            "  {:>3}. {:<12} {}{cause}",
            j.number,
            out.paint(Stream::Stdout, verdict_word(j), style),
            origin
        );
    }
    s
}

/// The whole human report.
pub fn human(out: &Output, source: &Source, evidence: &Evidence, judged: &[Judged]) -> String {
    let mut s = format!(
        "{}: {}, {} exchange{}, {} token call{}\n",
        escape_untrusted(source.name),
        source.format,
        source.exchanges,
        if source.exchanges == 1 { "" } else { "s" },
        judged.len(),
        if judged.len() == 1 { "" } else { "s" },
    );
    s.push_str(&found_lines(out, evidence));
    for j in judged {
        s.push('\n');
        s.push_str(&call_block(out, j, judged.len()));
    }
    s.push('\n');
    s.push_str(&summary(out, judged));
    s
}

fn instant_json(at: Option<f64>) -> Value {
    at.map_or(Value::Null, |t| json!(utc(t.floor() as i64)))
}

fn request_json(r: &Request) -> Value {
    json!({
        "method": r.method,
        "url": r.url,
        "headers": form_json(&r.headers),
        "form": form_json(&r.form),
        "basic_user": r.basic_user,
    })
}

fn outcome_str(o: Outcome) -> &'static str {
    match o {
        Outcome::Accepted => "accepted",
        Outcome::Rejected => "rejected",
        Outcome::WrongPlace => "wrong_place",
        Outcome::Unknown => "no_answer",
    }
}

/// One call as JSON: the exchange, the assertions, the keys, the diagnosis.
pub fn call_json(j: &Judged) -> Value {
    let e = j.exchange;
    let assertions: Vec<Value> = j
        .assertions
        .iter()
        .map(|a| {
            json!({"field": a.field, "role": a.role.role.as_str(), "header": a.token.header.as_deref(), "claims": a.token.claims})
        })
        .collect();
    let keys: Vec<Value> = j
        .keys
        .iter()
        .map(|(field, v)| {
            let mut doc = v.to_json();
            doc["field"] = json!(field);
            doc
        })
        .collect();
    json!({
        "number": j.number,
        "origin": e.origin,
        "request": e.request.as_ref().map(request_json),
        "response": e.response.as_ref().map(render::response_json),
        "times": {
            "sent": instant_json(e.times.sent),
            "received": instant_json(e.times.received),
            "server_date": e.times.server_date.map(utc),
            "clock_offset_seconds": e.clock_offset(),
            "judged_at": j.ctx.now,
            "judged_by": j.diagnosis.judged.clock.as_str(),
        },
        "assertions": assertions,
        "keys": keys,
        "outcome": outcome_str(j.diagnosis.outcome),
        "accepted": j.diagnosis.outcome == Outcome::Accepted,
        "inferred": j.diagnosis.inferred,
        "catalog": j.diagnosis.catalog_json(),
        "diagnosis": j.diagnosis.causes_json(),
    })
}

/// What the capture says about the server.
pub fn evidence_json(evidence: &Evidence) -> Value {
    let metadata: Vec<Value> = evidence
        .metadata
        .iter()
        .map(|m| {
            json!({
                "origin": m.origin,
                "url": m.url,
                "issuer": m.metadata.issuer,
                "token_endpoint": m.metadata.token_endpoint,
                "jwks_uri": m.metadata.jwks_uri,
                "signing_algs": m.metadata.signing_algs,
            })
        })
        .collect();
    let jwks: Vec<Value> = evidence
        .keys
        .iter()
        .map(|k| {
            json!({
                "origin": k.origin,
                "url": k.url,
                "servers_own": k.servers_own,
                "keys": k.set.keys.iter().map(|key| key.summary_json()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"metadata": metadata, "jwks": jwks})
}

/// `summary`: counts and the first cause of each refusal.
pub fn summary_json(judged: &[Judged]) -> Value {
    let accepted = judged
        .iter()
        .filter(|j| j.diagnosis.outcome == Outcome::Accepted)
        .count();
    let refused = judged.iter().filter(|j| j.refused()).count();
    let refusals: Vec<Value> = judged
        .iter()
        .filter(|j| j.refused())
        .map(|j| {
            let first = j.diagnosis.first();
            json!({
                "call": j.number,
                "origin": j.exchange.origin,
                "code": first.map(|c| c.finding.code),
                "message": first.map(|c| c.finding.message.clone()),
            })
        })
        .collect();
    json!({
        "calls": judged.len(),
        "accepted": accepted,
        "refused": refused,
        "unanswered": judged.len() - accepted - refused,
        "refusals": refusals,
    })
}

/// The whole document.
pub fn json(source: &Source, evidence: &Evidence, judged: &[Judged], notes: &[String]) -> Value {
    let mut input = Map::new();
    input.insert("name".into(), json!(source.name));
    input.insert("format".into(), json!(source.format.as_str()));
    if let Format::Har(Some(creator)) = source.format {
        input.insert("creator".into(), json!(creator));
    }
    input.insert("exchanges".into(), json!(source.exchanges));
    json!({
        "version": SCHEMA_VERSION,
        "input": input,
        "server": evidence_json(evidence),
        "calls": judged.iter().map(call_json).collect::<Vec<_>>(),
        "summary": summary_json(judged),
        "notes": notes,
    })
}
