//! Showing a replay (request, answer, clocks, diagnosis) to people and as JSON. Shared by
//! replay, explain and demo. The output layer redacts what these functions build.

use super::{Plan, form_json, request_json};
use crate::clock::{span, utc};
use crate::diagnose::{Cause, Diagnosis, Outcome};
use crate::exchange::{Exchange, Response};
use crate::findings::Severity;
use crate::lint::Flow;
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::redact;
use serde_json::{Value, json};
use std::fmt::Write;

/// JSON schema version of replay and explain documents.
pub const SCHEMA_VERSION: u32 = 1;

/// Response headers worth showing without -v.
const SHOWN_HEADERS: &[&str] = &["content-type", "date", "location", "www-authenticate"];

/// Body text longer than this is cut (without -v).
const BODY_PREVIEW: usize = 800;

fn paint(out: &Output, text: &str, style: Style) -> String {
    out.paint(Stream::Stdout, text, style)
}

/// A form field as shown. Assertions are summarised unless -v or --show-secrets; the
/// output layer removes signatures and secrets (secret fields by name) from whatever is
/// printed.
fn shown_field(out: &Output, name: &str, value: &str) -> String {
    let is_token = matches!(name, "assertion" | "client_assertion" | "subject_token");
    let key = paint(out, name, Style::Key);
    if is_token && out.verbosity() == 0 && !out.show_secrets() {
        format!(
            "{key} (a {}-char JWT; -v shows it without its signature)",
            value.len()
        )
    } else {
        format!("{key}={}", escape_untrusted(value))
    }
}

/// The request: method, URL, client authentication and form fields.
pub fn request(out: &Output, plan: &Plan) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}",
        paint(out, "POST", Style::Heading),
        escape_untrusted(&plan.endpoint)
    );
    let flow = match plan.flow {
        _ if plan.token_exchange => "token exchange (RFC 8693 §2.1)",
        Flow::Grant => "JWT bearer grant (RFC 7523 §2.1)",
        Flow::Client => "client authentication (RFC 7523 §2.2)",
    };
    let _ = writeln!(s, "  {} {flow}", paint(out, "flow:", Style::Dim));
    let _ = writeln!(
        s,
        "  {} {}",
        paint(out, "client authentication:", Style::Dim),
        plan.auth_method
    );
    if let Some((id, secret)) = &plan.basic {
        let _ = writeln!(
            s,
            "  authorization: Basic {} (client_id {}, a {}-byte secret)",
            redact::REDACTED,
            escape_untrusted(id),
            secret.len()
        );
    }
    for (name, value) in &plan.fields {
        let _ = writeln!(s, "  {}", shown_field(out, name, value));
    }
    s
}

/// Request and response headers as one JSON object; a repeated header (Set-Cookie) keeps
/// every value, as an array.
fn headers_json(headers: &[(String, String)]) -> Value {
    form_json(headers)
}

/// What came back: status, chosen headers, body, the server's clock.
pub fn response(out: &Output, exchange: &Exchange) -> String {
    let mut s = String::new();
    let Some(r) = &exchange.response else {
        let _ = writeln!(s, "{}", paint(out, "← no answer recorded", Style::Warn));
        return s;
    };
    let style = match r.status {
        200..=299 => Style::Good,
        300..=399 => Style::Warn,
        _ => Style::Bad,
    };
    let took = exchange
        .times
        .elapsed
        .map_or(String::new(), |e| format!(" in {} ms", e.as_millis()));
    let _ = writeln!(
        s,
        "{} {}{took}",
        paint(out, &format!("← {}", r.status), style),
        r.reason,
    );
    for (name, value) in &r.headers {
        if out.verbosity() > 0 || SHOWN_HEADERS.contains(&name.as_str()) {
            let _ = writeln!(
                s,
                "  {}: {}",
                paint(out, name, Style::Key),
                escape_untrusted(value)
            );
        }
    }
    if r.truncated {
        let _ = writeln!(
            s,
            "  {}",
            paint(out, &format!("({})", crate::http::too_large()), Style::Warn)
        );
    }
    let body = r.body.trim();
    if !body.is_empty() {
        let text = match serde_json::from_str::<Value>(body) {
            Ok(v) if out.verbosity() > 0 => serde_json::to_string_pretty(&v).unwrap_or_default(),
            Ok(v) => v.to_string(),
            Err(_) => body.to_string(),
        };
        let text = if out.verbosity() == 0 && text.chars().count() > BODY_PREVIEW {
            let cut: String = text.chars().take(BODY_PREVIEW).collect();
            format!("{cut}… ({} bytes; -v shows all)", body.len())
        } else {
            text
        };
        for line in text.lines() {
            let _ = writeln!(s, "  {}", escape_untrusted(line));
        }
    }
    let _ = writeln!(s, "  {}", clock_line(exchange));
    s
}

fn clock_line(exchange: &Exchange) -> String {
    match (exchange.times.server_date, exchange.clock_offset()) {
        (Some(date), Some(offset)) => {
            let relation = match offset {
                -1..=1 => "in step with this machine".to_string(),
                o if o > 0 => format!("{} ahead of this machine", span(o)),
                o => format!("{} behind this machine", span(o)),
            };
            format!("server clock: {} ({relation})", utc(date))
        }
        _ => "server clock: unknown (no Date header)".to_string(),
    }
}

/// One line: ACCEPTED / REJECTED / NOT ACCEPTED and the most likely cause.
pub fn verdict(out: &Output, diagnosis: &Diagnosis) -> String {
    let label = match diagnosis.outcome {
        Outcome::Accepted => {
            return format!(
                "{}  {}",
                paint(out, "ACCEPTED", Style::Good),
                diagnosis
                    .issued
                    .as_deref()
                    .unwrap_or("the server issued a token")
            );
        }
        Outcome::Rejected => paint(out, "REJECTED", Style::Bad),
        Outcome::WrongPlace => paint(out, "NOT ACCEPTED", Style::Bad),
        Outcome::Unknown => paint(out, "ERROR", Style::Bad),
    };
    match diagnosis.first() {
        Some(c) => format!(
            "{label}  {} [{}]{}",
            escape_untrusted(&c.finding.message),
            c.finding.code,
            if diagnosis.inferred {
                " (inferred)"
            } else {
                ""
            }
        ),
        None => format!("{label}  no cause found"),
    }
}

fn cause_block(out: &Output, n: usize, c: &Cause, show_field: bool) -> String {
    let f = &c.finding;
    let style = match f.severity {
        Severity::Error => Style::Bad,
        Severity::Warning => Style::Warn,
        Severity::Info => Style::Dim,
    };
    let sev = paint(out, &format!("{:<7}", f.severity.as_str()), style);
    let code = paint(out, f.code, Style::Code);
    let field = match (show_field, c.field) {
        (true, Some(field)) => format!(" ({field})"),
        _ => String::new(),
    };
    let mut s = format!(
        "{n:>3}. {sev} {code}{field}  {}\n",
        escape_untrusted(&f.message)
    );
    let pad = "             ";
    if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
        let _ = writeln!(
            s,
            "{pad}expected {}, got {}",
            escape_untrusted(e),
            escape_untrusted(a)
        );
    }
    for e in &c.evidence {
        let _ = writeln!(
            s,
            "{pad}{} {}",
            paint(out, "evidence:", Style::Dim),
            escape_untrusted(e)
        );
    }
    if let Some(hint) = &f.hint {
        let _ = writeln!(
            s,
            "{pad}{} {}",
            paint(out, "fix:", Style::Dim),
            escape_untrusted(hint)
        );
    }
    if let Some(spec) = f.spec {
        let _ = writeln!(s, "{pad}{} {spec}", paint(out, "spec:", Style::Dim));
    }
    s
}

/// The ranked causes, with the catalog rows the answer matched.
pub fn diagnosis(out: &Output, d: &Diagnosis) -> String {
    let mut s = String::new();
    if d.causes.is_empty() {
        return s;
    }
    let heading = match (d.outcome, d.inferred) {
        (Outcome::Accepted, _) => "Notes (the request was accepted):",
        (Outcome::WrongPlace, _) => {
            "Diagnosis, most likely cause first (the answer is about the URL, not the assertion):"
        }
        (_, true) => {
            "Diagnosis, most likely cause first (the server gave no reason: inferred from local checks):"
        }
        _ => "Diagnosis, most likely cause first:",
    };
    let _ = writeln!(s, "{}", paint(out, heading, Style::Heading));
    let several = d
        .causes
        .iter()
        .filter_map(|c| c.field)
        .collect::<std::collections::HashSet<_>>()
        .len()
        > 1;
    for (i, c) in d.causes.iter().enumerate() {
        s.push_str(&cause_block(out, i + 1, c, several));
    }
    if let Some(p) = &d.profile {
        let _ = writeln!(
            s,
            "{} {} ({}; --profile says otherwise)",
            paint(out, "profile:", Style::Dim),
            p.profile,
            escape_untrusted(&p.because)
        );
    }
    if d.checked > 0 {
        let _ = writeln!(
            s,
            "{} times judged {}",
            paint(out, "clock:", Style::Dim),
            d.judged.describe()
        );
    }
    if !d.catalog.is_empty() {
        let ids: Vec<String> = d
            .catalog
            .iter()
            .map(|r| format!("{} ({})", r.id, r.vendor))
            .collect();
        let _ = writeln!(
            s,
            "{} {}",
            paint(out, "catalog:", Style::Dim),
            ids.join(", ")
        );
    }
    s
}

/// The whole human report of a sent request.
pub fn human(out: &Output, plan: &Plan, exchange: &Exchange, d: &Diagnosis) -> String {
    let mut s = request(out, plan);
    s.push_str(&response(out, exchange));
    s.push('\n');
    let _ = writeln!(s, "{}\n", verdict(out, d));
    s.push_str(&diagnosis(out, d));
    s
}

pub fn server_clock_json(exchange: &Exchange) -> Value {
    match (exchange.times.server_date, exchange.clock_offset()) {
        (Some(date), Some(offset)) => json!({"date": utc(date), "offset_seconds": offset}),
        _ => Value::Null,
    }
}

/// One JSON document for a sent request. `redact::json` in the output layer removes
/// signatures, secrets and issued tokens by member name.
pub fn json(
    plan: &Plan,
    exchange: &Exchange,
    d: &Diagnosis,
    sent_before: bool,
    resigned: bool,
) -> Value {
    let mut request = request_json(plan);
    if let Some(sent) = &exchange.request {
        request["method"] = json!(sent.method);
        request["url"] = json!(sent.url);
        request["headers"] = headers_json(&sent.headers);
        request["form"] = form_json(&sent.form);
    }
    json!({
        "version": SCHEMA_VERSION,
        "request": request,
        "response": exchange.response.as_ref().map(response_json),
        "accepted": d.outcome == Outcome::Accepted,
        "elapsed_ms": exchange.times.elapsed.map(|e| e.as_millis() as u64),
        "server_clock": server_clock_json(exchange),
        "sent_before": sent_before,
        "resigned": resigned,
        "inferred": d.inferred,
        "clock": d.judged.to_json(),
        "profile": d.profile_json(),
        "catalog": d.catalog_json(),
        "diagnosis": d.causes_json(),
    })
}

/// A response as JSON: the body parsed when it is JSON, else its text.
pub fn response_json(r: &Response) -> Value {
    let body = serde_json::from_str::<Value>(r.body.trim()).unwrap_or_else(|_| json!(r.body));
    json!({
        "status": r.status,
        "reason": r.reason,
        "headers": headers_json(&r.headers),
        "body": body,
        "truncated": r.truncated,
    })
}

/// `--dry-run`: the request and an equivalent curl command; nothing is sent.
pub fn dry_run(out: &Output, plan: &Plan) -> String {
    let mut s = request(out, plan);
    let _ = writeln!(
        s,
        "\n{}",
        paint(
            out,
            "Not sent (--dry-run). The same request with curl:",
            Style::Heading
        )
    );
    let _ = writeln!(s, "{}", super::curl(plan));
    let mut files = Vec::new();
    if plan.field("assertion").is_some() {
        files.push(super::ASSERTION_FILE.to_string());
    }
    if plan.field("client_assertion").is_some() {
        files.push(super::CLIENT_ASSERTION_FILE.to_string());
    }
    if plan.field("subject_token").is_some() {
        files.push(super::SUBJECT_TOKEN_FILE.to_string());
    }
    if plan.basic.is_some() || plan.field("client_secret").is_some() {
        files.push(super::SECRET_FILE.to_string());
    }
    for name in plan.secret_fields.iter().filter(|n| *n != "client_secret") {
        files.push(super::secret_param_file(name));
    }
    let _ = writeln!(
        s,
        "{}",
        paint(
            out,
            &format!(
                "# put the values in {} first, without a trailing newline (printf %s …)",
                files.join(", ")
            ),
            Style::Dim
        )
    );
    s
}

pub fn dry_run_json(plan: &Plan) -> Value {
    json!({
        "version": SCHEMA_VERSION,
        "dry_run": true,
        "request": request_json(plan),
        "curl": super::curl(plan),
    })
}
