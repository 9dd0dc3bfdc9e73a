//! The human report for decode and inspect.

use super::{Status, TokenReport, describe_time, kind, pretty};
use crate::clock::utc;
use crate::findings::{Finding, Severity};
use crate::jose::Form;
use crate::lint::profile::ProfileFrom;
use crate::lint::times;
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::redact;
use serde_json::Value;
use std::fmt::Write;

const LABEL_WIDTH: usize = 11;

pub fn render(out: &Output, r: &TokenReport) -> String {
    let mut s = String::new();
    if let Some(v) = &r.verdict {
        let style = match v.status {
            Status::Ok => Style::Good,
            Status::Warn => Style::Warn,
            Status::Fail => Style::Bad,
        };
        let status = out.paint(Stream::Stdout, &format!("{:<5}", v.status.as_str()), style);
        let _ = writeln!(s, "{status} {}\n", escape_untrusted(&v.reason));
    }
    source(out, r, &mut s);
    let role = format!("{}: {}", r.role.role.describe(), r.role.reason);
    line(out, &mut s, "Role", &role);
    if let Some((profile, from)) = r.profile.filter(|(_, f)| **f != ProfileFrom::Default) {
        line(
            out,
            &mut s,
            "Profile",
            &format!("{profile} ({})", from.describe()),
        );
    }
    let token = format!(
        "{}, {} segment{}, {} chars",
        kind(r.token),
        r.token.segment_count,
        if r.token.segment_count == 1 { "" } else { "s" },
        r.token.raw.len()
    );
    line(out, &mut s, "Token", &token);
    section(out, &mut s, "Header", r.token.header.as_deref());
    if r.token.form == Form::Jwe {
        line(
            out,
            &mut s,
            "Claims",
            "encrypted (JWE): readable only with the recipient's private key",
        );
    } else {
        section(
            out,
            &mut s,
            "Claims",
            r.token.claims.as_ref().map(|c| c.map()),
        );
    }
    times_section(out, r, &mut s);
    signature(out, r, &mut s);
    findings_section(out, r.findings, &mut s);
    s
}

fn label(out: &Output, name: &str) -> String {
    out.paint(
        Stream::Stdout,
        &format!("{name:<LABEL_WIDTH$}"),
        Style::Heading,
    )
}

fn line(out: &Output, s: &mut String, name: &str, text: &str) {
    let _ = writeln!(s, "{}{}", label(out, name), escape_untrusted(text));
}

fn source(out: &Output, r: &TokenReport, s: &mut String) {
    let chosen = r.selection.candidate();
    let count = r.selection.candidates.len();
    let mut text = match chosen.place {
        crate::input::Place::Whole => format!("{}", r.origin),
        ref place => format!("{place} in {}", r.origin),
    };
    if chosen.line > 1 {
        let _ = write!(text, ", line {}", chosen.line);
    }
    if chosen.percent_decoded {
        text.push_str(" (percent-decoded)");
    }
    if count > 1 {
        let _ = write!(
            text,
            "  [{} of {count} JWTs; choose with --field NAME or --index N]",
            r.selection.chosen + 1
        );
    }
    line(out, s, "Source", &text);
    if count > 1 {
        for (i, c) in r.selection.candidates.iter().enumerate() {
            let marker = if i == r.selection.chosen {
                "  <- using this"
            } else {
                ""
            };
            let shown = if out.show_secrets() {
                c.token.clone()
            } else {
                redact::token_short(&c.token)
            };
            let entry = format!("{:>2}. {:<32} {shown}{marker}", i + 1, c.place.to_string());
            let _ = writeln!(s, "{}{}", " ".repeat(LABEL_WIDTH), escape_untrusted(&entry));
        }
    }
}

fn section(
    out: &Output,
    s: &mut String,
    name: &str,
    object: Option<&serde_json::Map<String, Value>>,
) {
    let _ = writeln!(s, "{}", out.paint(Stream::Stdout, name, Style::Heading));
    match object {
        Some(map) => {
            let body = pretty::object(out, map, 1);
            let _ = writeln!(s, "  {body}");
        }
        None => {
            let _ = writeln!(s, "  (unreadable: see findings)");
        }
    }
}

fn times_section(out: &Output, r: &TokenReport, s: &mut String) {
    let claims = times::read_all(r.token);
    if claims.is_empty() {
        return;
    }
    let heading = out.paint(Stream::Stdout, "Times", Style::Heading);
    let _ = writeln!(s, "{heading}      judged at {}", utc(r.now));
    for claim in claims {
        let raw = escape_untrusted(&claim.raw.to_string()).into_owned();
        let when = claim.seconds.map(utc).unwrap_or_else(|| "-".to_string());
        let relative = describe_time(&claim, r.now).unwrap_or_default();
        let relative = match claim.name {
            "exp" if claim.seconds.is_some_and(|e| e < r.now) => {
                out.paint(Stream::Stdout, &relative, Style::Bad)
            }
            _ => relative,
        };
        let problem = claim
            .problem
            .map(|p| {
                out.paint(
                    Stream::Stdout,
                    &format!("  ({})", p.describe()),
                    Style::Warn,
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<4} {raw:<14} {when:<22} {relative}{problem}",
            claim.name
        );
    }
}

fn signature(out: &Output, r: &TokenReport, s: &mut String) {
    let t = r.token;
    if t.form != Form::Jws {
        return;
    }
    let b64 = t.signature_b64();
    let text = if b64.is_empty() {
        "none (empty signature segment)".to_string()
    } else if out.show_secrets() {
        format!(
            "{}, {} bytes, {b64}",
            t.alg().unwrap_or("?"),
            t.signature_len
        )
    } else {
        format!(
            "{}, {} bytes, {}  (redacted; --show-secrets prints it)",
            t.alg().unwrap_or("?"),
            t.signature_len,
            redact::signature_hint(b64)
        )
    };
    line(out, s, "Signature", &text);
}

fn findings_section(out: &Output, findings: &[Finding], s: &mut String) {
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    let summary = match findings.len() {
        0 => "none".to_string(),
        _ => {
            let parts: Vec<String> = [
                (Severity::Error, "error"),
                (Severity::Warning, "warning"),
                (Severity::Info, "info"),
            ]
            .into_iter()
            .filter_map(|(sev, name)| match count(sev) {
                0 => None,
                1 => Some(format!("1 {name}")),
                n => Some(format!("{n} {name}s")),
            })
            .collect();
            parts.join(", ")
        }
    };
    let _ = writeln!(s, "{}{summary}", label(out, "Findings"));
    for f in findings {
        s.push_str(&finding(out, f));
    }
}

/// One finding as an indented block; shared by every human report.
pub fn finding(out: &Output, f: &Finding) -> String {
    let style = match f.severity {
        Severity::Error => Style::Bad,
        Severity::Warning => Style::Warn,
        Severity::Info => Style::Dim,
    };
    let sev = out.paint(
        Stream::Stdout,
        &format!("{:<7}", f.severity.as_str()),
        style,
    );
    let code = out.paint(Stream::Stdout, f.code, Style::Code);
    let mut s = format!("  {sev} {code}  {}\n", escape_untrusted(&f.message));
    if let (Some(e), Some(a)) = (&f.expected, &f.actual) {
        let _ = writeln!(
            s,
            "          expected {}, got {}",
            escape_untrusted(e),
            escape_untrusted(a)
        );
    }
    if let Some(hint) = &f.hint {
        let _ = writeln!(
            s,
            "          {} {}",
            out.paint(Stream::Stdout, "fix:", Style::Dim),
            escape_untrusted(hint)
        );
    }
    if let Some(spec) = f.spec {
        let _ = writeln!(
            s,
            "          {} {spec}",
            out.paint(Stream::Stdout, "spec:", Style::Dim)
        );
    }
    s
}
