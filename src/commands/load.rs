//! Shared by every command that reads one token: read, locate, pick, parse, guess the role.

use crate::cli::{ClockArgs, TokenInput};
use crate::exit::Hint;
use crate::input::request::{self, Request};
use crate::input::{self, Input, Origin, Selection};
use crate::jose::{Form, Token};
use crate::lint::{RoleGuess, role};
use crate::output::Output;
use crate::{clock, example};
use anyhow::Result;
use std::io::IsTerminal;

pub struct Loaded {
    pub input: Input,
    pub selection: Selection,
    pub token: Token,
    pub role: RoleGuess,
    /// The request the input was (form body, URL, HTTP request, curl line), if it was one.
    pub request: Option<Request>,
}

pub fn now(args: &ClockArgs) -> Result<i64> {
    match &args.now {
        Some(text) => clock::parse_now(text),
        None => Ok(clock::system_now()),
    }
}

/// The input argument to read: the one given, else `-` when stdin is piped. On a terminal
/// with nothing given, an error that says how to give it (`what`: TOKEN or TEXT).
pub fn spec_or_stdin<'a>(arg: Option<&'a str>, what: &str, command: &str) -> Result<&'a str> {
    match arg {
        Some(spec) => Ok(spec),
        None if std::io::stdin().is_terminal() => Err(Hint::new(
            format!("no {what} given"),
            format!(
                "pass it as an argument or @FILE, or pipe it in (pbpaste | jwtgrant {command}); '-' reads it from the terminal (paste, then Ctrl-D)"
            ),
        )),
        None => Ok("-"),
    }
}

/// Does the token come from stdin (`-`, or no TOKEN and no --example)?
pub fn reads_stdin(args: &TokenInput) -> bool {
    !args.example && args.token.as_deref().is_none_or(|t| t == "-")
}

/// Read the token for `command` (decode, inspect, verify, replay).
pub fn load(args: &TokenInput, now: i64, command: &str, out: &Output) -> Result<Loaded> {
    let input = if args.example {
        Input {
            origin: Origin::Example,
            text: example::client_assertion(now)?,
            invalid_utf8: false,
        }
    } else {
        let spec = spec_or_stdin(args.token.as_deref(), "TOKEN", command)?;
        if spec == "-" && std::io::stdin().is_terminal() {
            out.note("reading the token from stdin: paste it, then press Ctrl-D");
        }
        input::read(spec, command)?
    };
    out.verbose(
        1,
        &format!("read {} bytes from {}", input.text.len(), input.origin),
    );
    if input.invalid_utf8 {
        out.warn(&format!(
            "{} is not valid UTF-8; scanning it anyway",
            input.origin
        ));
    }
    let selection = input::select(&input, args.field.as_deref(), args.index)?;
    explain_selection(&input, &selection, out);
    let candidate = selection.candidate();
    let token = Token::parse_found(candidate.token.clone(), candidate.trailing.as_deref());
    explain_parse(&token, out);
    let role = role::guess(&token, Some(&candidate.place));
    let request = request::parse(&input.text);
    Ok(Loaded {
        input,
        selection,
        token,
        role,
        request,
    })
}

fn explain_selection(input: &Input, selection: &Selection, out: &Output) {
    let count = selection.candidates.len();
    for (i, c) in selection.candidates.iter().enumerate() {
        let decoded = if c.percent_decoded {
            ", percent-decoded"
        } else {
            ""
        };
        out.verbose(
            1,
            &format!(
                "candidate {}: {} (line {}{decoded}, {} chars)",
                i + 1,
                c.place,
                c.line,
                c.token.len()
            ),
        );
    }
    if out.verbosity() >= 2 {
        // Show the line the token came from, so a user can see what was parsed. The output
        // layer redacts it like everything else.
        let chosen = selection.candidate();
        if let Some(line) = input.text.lines().nth(chosen.line - 1) {
            let shown: String = line.chars().take(400).collect();
            let more = if line.chars().count() > 400 {
                " …"
            } else {
                ""
            };
            out.verbose(2, &format!("line {}: {shown}{more}", chosen.line));
        }
    }
    if count > 1 {
        out.note(&format!(
            "{} holds {count} JWTs; using #{} ({}); choose with --field NAME or --index N",
            input.origin,
            selection.chosen + 1,
            selection.candidate().place
        ));
    }
}

fn explain_parse(token: &Token, out: &Output) {
    if out.verbosity() == 0 {
        return;
    }
    let lengths: Vec<String> = token.raw.split('.').map(|s| s.len().to_string()).collect();
    let form = match token.form {
        Form::Jws => "JWS",
        Form::Jwe => "JWE",
        Form::Broken => "neither JWS nor JWE",
    };
    out.verbose(
        1,
        &format!(
            "parsed as {form}: {} segments of {} chars{}",
            token.segment_count,
            lengths.join(" + "),
            if token.facts.whitespace_removed {
                "; whitespace removed first"
            } else {
                ""
            }
        ),
    );
}
