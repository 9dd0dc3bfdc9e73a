//! `explain`: a pasted token-endpoint error (and the assertion, when it is in the text)
//! → likely causes. Offline: the same catalog and lint as replay, nothing fetched.

use super::check;
use crate::cli::ExplainArgs;
use crate::clock::utc;
use crate::diagnose::{self, Answer, Assertion};
use crate::exchange::Exchange;
use crate::exit::{Hint, Status};
use crate::http::HttpOptions;
use crate::input::{self, locate};
use crate::jose::Token;
use crate::lint::{Role, RoleGuess, role};
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::replay::render;
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

pub fn run(args: &ExplainArgs, out: &Output) -> Result<Status> {
    if let Some(spec) = &args.server.metadata {
        if spec.starts_with("http://") || spec.starts_with("https://") {
            return Err(Hint::new(
                "explain works offline and fetches nothing",
                "save the metadata and pass --metadata FILE, or give --issuer / --token-endpoint",
            ));
        }
    }
    let (mut ctx, _) = check::ctx(&args.check, Some(&args.server), &HttpOptions::default())?;
    let spec = super::load::spec_or_stdin(args.text.as_deref(), "TEXT", "explain")?;
    let input = input::read(spec, "explain")?;
    if input.text.trim().is_empty() {
        return Err(Hint::new(
            format!("{} is empty: nothing to explain", input.origin),
            "paste the error: an AADSTS message, the JSON body, a log line or the HTTP response",
        ));
    }
    // Explain is an exchange with only an answer: the pasted text.
    let exchange = Exchange {
        text: Some(input.text.clone()),
        ..Exchange::default()
    };
    let answer = Answer::from_exchange(&exchange).unwrap_or_default();
    // Judge times when the server answered, if the text says when (its Date header).
    let judged_at = match (args.check.clock.now.is_some(), answer.date) {
        (false, Some(date)) => {
            ctx.now = date;
            format!("at the server's Date header ({})", utc(date))
        }
        _ => format!(
            "at {}{}",
            utc(ctx.now),
            if args.check.clock.now.is_some() {
                " (--now)"
            } else {
                " (now; pass --now for the time of the error)"
            }
        ),
    };
    let mut found = assertions(&input.text);
    if let (Some(first), true) = (found.first_mut(), args.check.flow.is_some()) {
        first.1 = check::role(&args.check, first.1.clone());
    }
    let list: Vec<Assertion> = found
        .iter()
        .map(|(token, role, field)| Assertion {
            token,
            role,
            field,
            sent_before: false,
            keys: None,
        })
        .collect();
    let diagnosis = diagnose::diagnose(&diagnose::Input {
        assertions: list,
        ctx: &ctx,
        exchange: &exchange,
        client_id: None,
    });
    if args.json {
        let assertions: Vec<Value> = found
            .iter()
            .map(|(t, r, f)| {
                json!({"field": f, "role": r.role.as_str(), "header": t.header, "claims": t.claims})
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
            "judged_at": ctx.now,
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
    for (t, r, f) in &found {
        let _ = writeln!(
            s,
            "{}{} ({}) in {f}, {} chars; times judged {judged_at}",
            label("Assertion"),
            r.role.describe(),
            r.reason,
            t.raw.len()
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
    s.push_str(&render::diagnosis(out, &diagnosis));
    out.print(&s)?;
    Ok(Status::Clean)
}
