//! `triage`: read what a ticket came with (HAR, curl transcript, HTTP dump, log), diagnose
//! every token call in it, and optionally write a redacted bundle and a redacted HAR.
//! Offline: nothing is fetched; what the file holds is the evidence.

use super::{check, load};
use crate::cli::TriageArgs;
use crate::exit::{Hint, Status};
use crate::files;
use crate::http::HttpOptions;
use crate::input::capture::{self, Capture, Format};
use crate::input::{self, Input};
use crate::output::Output;
use crate::triage::render::{self, Source};
use crate::triage::{self, bundle, redact_har};
use anyhow::Result;
use std::path::Path;

/// `-` (stdin), `@FILE` or a path.
fn read_input(spec: &str) -> Result<Input> {
    if spec == "-" {
        return input::read("-", "triage");
    }
    let path = spec.strip_prefix('@').unwrap_or(spec);
    input::read_file(Path::new(path), "triage")
}

/// What the input is called in messages and origins: its file name, or "stdin".
fn display_name(input: &Input) -> String {
    match &input.origin {
        input::Origin::File(p) => p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        other => other.to_string(),
    }
}

fn refuse_urls(args: &TriageArgs) -> Result<()> {
    if let Some(spec) = &args.server.metadata {
        if spec.starts_with("http://") || spec.starts_with("https://") {
            return Err(Hint::new(
                "triage works offline and fetches nothing",
                "save the metadata and pass --metadata FILE; a discovery response inside the capture is read by itself",
            ));
        }
    }
    Ok(())
}

/// No token call: say what the input holds instead.
fn nothing_to_triage(name: &str, capture: &Capture, evidence: &triage::Evidence) -> anyhow::Error {
    if capture.format == Format::Text {
        return Hint::new(
            format!("{name} holds no HTTP exchange: it is {}", capture.format),
            "for a pasted error message use `jwtgrant explain`; triage reads HAR files, curl -v / --trace-ascii transcripts, HTTP messages and JSON log lines",
        );
    }
    Hint::new(
        format!(
            "{name} ({}) holds no token call: {}",
            capture.format,
            triage::describe_contents(&capture.exchanges, evidence)
        ),
        "a token call is a request whose form has grant_type, assertion or client_assertion (or a POST to the token_endpoint of a discovery document in the same file); export the HAR with the failing request in it",
    )
}

fn write_outputs(
    args: &TriageArgs,
    text: &str,
    capture: &Capture,
    bundle_doc: Option<serde_json::Value>,
    out: &Output,
) -> Result<()> {
    // refuse before writing anything
    if args.redact_har.is_some() && !matches!(capture.format, Format::Har(_)) {
        return Err(Hint::new(
            format!(
                "--redact-har needs a HAR file; the input is {}",
                capture.format
            ),
            "use --bundle for redacted evidence from any input",
        ));
    }
    if let (Some(path), Some(doc)) = (&args.bundle, bundle_doc) {
        let mut bytes = serde_json::to_string_pretty(&doc)?.into_bytes();
        bytes.push(b'\n');
        files::write(path, &bytes, args.force, "--bundle")?;
        out.note(&format!("wrote the evidence bundle to {}", path.display()));
    }
    if let Some(path) = &args.redact_har {
        let redacted = redact_har::redact(text, &capture.secrets)?;
        files::write(path, redacted.as_bytes(), args.force, "--redact-har")?;
        out.note(&format!("wrote the redacted HAR to {}", path.display()));
    }
    Ok(())
}

pub fn run(args: &TriageArgs, out: &Output) -> Result<Status> {
    refuse_urls(args)?;
    let (ctx, _) = check::ctx(&args.check, Some(&args.server), &HttpOptions::default())?;
    let spec = load::spec_or_stdin(args.file.as_deref(), "FILE", "triage")?;
    let input = read_input(spec)?;
    let name = display_name(&input);
    if input.text.trim().is_empty() {
        return Err(Hint::new(
            format!("{name} is empty: nothing to triage"),
            "pass a HAR file, a curl -v or --trace-ascii transcript, or HTTP messages",
        ));
    }
    let capture = capture::read(&input.text, &name);
    for secret in &capture.secrets {
        out.sending_secret(secret.expose());
    }
    for note in &capture.notes {
        out.note(note);
    }
    let evidence = triage::evidence(&capture.exchanges);
    for note in &evidence.notes {
        out.note(note);
    }
    let calls = triage::token_calls(&capture.exchanges, &evidence);
    if calls.is_empty() {
        return Err(nothing_to_triage(&name, &capture, &evidence));
    }
    let judged = triage::judge(calls, &ctx, &evidence);
    let undated = judged.iter().filter(|j| j.undated()).count();
    if undated > 0 {
        out.note(&format!(
            "{undated} call(s) in {name} carry no time (no Date header, no timestamp): their exp, nbf and iat are judged now; pass --now TIME for when it happened"
        ));
    }
    let source = Source {
        name: &name,
        format: &capture.format,
        exchanges: capture.exchanges.len(),
    };
    let bundle_doc = args
        .bundle
        .as_ref()
        .map(|_| bundle::bundle(&source, &evidence, &judged, &capture.secrets));
    write_outputs(args, &input.text, &capture, bundle_doc, out)?;
    let mut notes: Vec<String> = capture.notes.clone();
    notes.extend(evidence.notes.iter().cloned());
    if args.json {
        out.json(render::json(&source, &evidence, &judged, &notes))?;
    } else {
        out.print(&render::human(out, &source, &evidence, &judged))?;
    }
    let all_accepted = judged
        .iter()
        .all(|j| j.diagnosis.outcome == crate::diagnose::Outcome::Accepted);
    Ok(Status::from_errors(!all_accepted))
}
