//! `explain`: a pasted token-endpoint error (and the assertion, when it is in the text)
//! → likely causes. Explain is triage of one exchange, usually one with only an answer:
//! the same readers, the same judging instant and the same diagnosis (`triage::judge`).
//! Offline: nothing fetched.

use super::check;
use crate::cli::ExplainArgs;
use crate::clock::utc;
use crate::diagnose::judge::Clock;
use crate::exchange::Exchange;
use crate::exit::{Hint, Status};
use crate::http::HttpOptions;
use crate::input::capture::{self, Capture};
use crate::input::{self, locate};
use crate::jose::Token;
use crate::lint::{Role, RoleGuess, role};
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::replay::render;
use crate::triage::{self, Carried};
use anyhow::Result;
use serde_json::{Value, json};
use std::fmt::Write;

/// Assertions in the text: the one in `assertion=` / `client_assertion=` first, at most two.
fn assertions(text: &str) -> Vec<(Token, RoleGuess, &'static str)> {
    let mut found: Vec<(Token, RoleGuess, &'static str)> = Vec::new();
    for c in locate::find(text) {
        let token = Token::parse(&c.token);
        let guess = role::guess(&token, Some(&c.place));
        let field = match guess.role {
            Role::ClientAssertion => "client_assertion",
            Role::Grant => "assertion",
            _ => continue,
        };
        if found.iter().any(|(_, _, f)| *f == field) {
            continue;
        }
        found.push((token, guess, field));
        if found.len() == 2 {
            break;
        }
    }
    // the grant is the main assertion when both are present
    found.sort_by_key(|(_, _, f)| *f != "assertion");
    found
}

/// The exchange to explain: the last token call in the text (an HTTP dump, a curl -v
/// transcript, a HAR), else the last answer, else the text itself.
fn chosen(capture: &Capture, evidence: &triage::Evidence) -> Exchange {
    let calls = triage::token_calls(&capture.exchanges, evidence);
    if let Some((e, _)) = calls.last() {
        return (*e).clone();
    }
    capture
        .exchanges
        .iter()
        .rev()
        .find(|e| e.response.is_some())
        .or(capture.exchanges.first())
        .cloned()
        .unwrap_or_default()
}

/// The assertions: those the request carried, else any found in the pasted text.
fn carried(exchange: &Exchange, text: &str) -> Vec<Carried> {
    let from_request = exchange
        .request
        .as_ref()
        .map(triage::carried)
        .unwrap_or_default();
    if !from_request.is_empty() {
        return from_request;
    }
    assertions(text)
        .into_iter()
        .map(|(token, role, field)| Carried { token, role, field })
        .collect()
}

pub fn run(args: &ExplainArgs, out: &Output) -> Result<Status> {
    if let Some(spec) = &args.server.metadata {
        if spec.starts_with("http://") || spec.starts_with("https://") {
            return Err(Hint::new(
                "explain works offline and fetches nothing",
                "save the metadata and pass --metadata FILE, or give --issuer / --token-endpoint",
            ));
        }
    }
    let (ctx, _) = check::ctx(&args.check, Some(&args.server), &HttpOptions::default())?;
    let spec = super::load::spec_or_stdin(args.text.as_deref(), "TEXT", "explain")?;
    let input = input::read(spec, "explain")?;
    if input.text.trim().is_empty() {
        return Err(Hint::new(
            format!("{} is empty: nothing to explain", input.origin),
            "paste the error: an AADSTS message, the JSON body, a log line or the HTTP response",
        ));
    }
    // Explain is triage of one exchange, often one with only an answer.
    let capture = capture::read(&input.text, &input.origin.to_string());
    for secret in &capture.secrets {
        out.sending_secret(secret.expose());
    }
    let evidence = triage::evidence(&capture.exchanges);
    let exchange = chosen(&capture, &evidence);
    let text = exchange.text.clone().unwrap_or_else(|| input.text.clone());
    let mut found = carried(&exchange, &text);
    if let (Some(first), true) = (found.first_mut(), args.check.flow.is_some()) {
        first.role = check::role(&args.check, first.role.clone());
    }
    let judged = triage::judge(vec![(&exchange, found)], &ctx, &evidence);
    let Some(j) = judged.first() else {
        return Ok(Status::Clean);
    };
    let diagnosis = &j.diagnosis;
    let answer = diagnosis.answer.clone().unwrap_or_default();
    let found = &j.assertions;
    let judged_at = match diagnosis.judged.clock {
        Clock::ServerDate => format!("at the server's Date header ({})", utc(j.ctx.now)),
        Clock::Sent => format!("when it was sent ({})", utc(j.ctx.now)),
        Clock::Given => format!("at {} (--now)", utc(j.ctx.now)),
        Clock::ThisMachine => format!(
            "at {} (now; pass --now for the time of the error)",
            utc(j.ctx.now)
        ),
    };
    if args.json {
        let assertions: Vec<Value> = found
            .iter()
            .map(|a| {
                json!({"field": a.field, "role": a.role.role.as_str(), "header": a.token.header.as_deref(), "claims": a.token.claims})
            })
            .collect();
        out.json(json!({
            "version": render::SCHEMA_VERSION,
            "answer": {
                "status": answer.status,
                "error": answer.error,
                "error_description": answer.description,
                "date": answer.date.map(utc),
            },
            "assertions": assertions,
            "judged_at": j.ctx.now,
            "inferred": diagnosis.inferred,
            "catalog": diagnosis.catalog_json(),
            "diagnosis": diagnosis.causes_json(),
        }))?;
        return Ok(Status::Clean);
    }
    let mut s = String::new();
    let label = |t: &str| out.paint(Stream::Stdout, &format!("{t:<11}"), Style::Heading);
    let mut said = Vec::new();
    if let Some(st) = answer.status {
        said.push(format!("HTTP {st}"));
    }
    if let Some(e) = &answer.error {
        said.push(e.clone());
    }
    if let Some(d) = &answer.description {
        said.push(format!("{d:?}"));
    }
    if !said.is_empty() {
        let _ = writeln!(
            s,
            "{}{}",
            label("Answer"),
            escape_untrusted(&said.join(" "))
        );
    }
    for row in &diagnosis.catalog {
        let _ = writeln!(
            s,
            "{}{} {}: {}",
            label("Matches"),
            row.id,
            row.vendor,
            escape_untrusted(row.explanation)
        );
    }
    if diagnosis.catalog.is_empty() {
        let _ = writeln!(s, "{}no known vendor answer in the text", label("Matches"));
    }
    for a in found {
        let _ = writeln!(
            s,
            "{}{} ({}) in {}, {} chars; times judged {judged_at}",
            label("Assertion"),
            a.role.role.describe(),
            a.role.reason,
            a.field,
            a.token.raw.len()
        );
    }
    if found.is_empty() {
        let _ = writeln!(
            s,
            "{}none in the text (paste the request too for checks of the token itself)",
            label("Assertion")
        );
    }
    s.push('\n');
    s.push_str(&render::diagnosis(out, diagnosis));
    out.print(&s)?;
    Ok(Status::Clean)
}
