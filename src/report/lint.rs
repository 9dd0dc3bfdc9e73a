//! Reports for `lint`: many tokens, streamed. Each reporter gets one token at a time and
//! the summary at the end, so memory stays flat however many tokens come in.

use super::finding_block;
use crate::clock::{span, utc};
use crate::findings::{Finding, Severity};
use crate::input::Place;
use crate::jose::Token;
use crate::lint::profile::{Profile, SPECS};
use crate::lint::rules::RULES;
use crate::lint::{Role, RoleGuess};
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::redact;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Which input a token came from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// The Nth TOKEN argument (1-based).
    Argument(usize),
    Stdin,
    File(&'a Path),
}

impl Input<'_> {
    pub fn kind(&self) -> &'static str {
        match self {
            Input::Argument(_) => "argument",
            Input::Stdin => "stdin",
            Input::File(_) => "file",
        }
    }

    pub fn path(&self) -> Option<String> {
        match self {
            Input::File(p) => Some(p.display().to_string()),
            _ => None,
        }
    }
}

/// Where one token was found.
pub struct Location<'a> {
    pub input: Input<'a>,
    /// 1-based line within the input (for arguments: within the argument's text).
    pub line: usize,
    pub place: &'a Place,
}

impl Location<'_> {
    /// `app.log:12`, `stdin:3`, `argument 2`, plus where on the line when it says something.
    pub fn describe(&self) -> String {
        let mut s = match self.input {
            Input::Argument(n) if self.line > 1 => format!("argument {n}, line {}", self.line),
            Input::Argument(n) => format!("argument {n}"),
            Input::Stdin => format!("stdin:{}", self.line),
            Input::File(p) => format!("{}:{}", p.display(), self.line),
        };
        if !matches!(self.place, Place::Whole | Place::Text) {
            let _ = write!(s, " ({})", self.place);
        }
        s
    }
}

/// One linted token, handed to a reporter and then dropped.
pub struct Linted<'a> {
    /// 1-based number of the token in the run.
    pub ordinal: u64,
    pub location: Location<'a>,
    pub token: &'a Token,
    pub role: &'a RoleGuess,
    pub findings: &'a [Finding],
    /// The profile the token picked itself (its typ, or an ID token's claims) and how,
    /// when it is not the run's.
    pub profile: Option<(Profile, &'a str)>,
}

/// What the run was judged against, for headers and summaries.
pub struct RunInfo {
    pub profile: Profile,
    /// Profiles tokens picked themselves (their typ, an ID token's claims), by the end.
    pub picked: Vec<Profile>,
    pub now: i64,
    pub skew: i64,
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct CodeCount {
    pub count: u64,
    pub worst: Severity,
}

/// Totals over the run; bounded by the number of codes, not of tokens.
#[derive(Debug, Default)]
pub struct Summary {
    pub tokens: u64,
    pub clean: u64,
    pub with_warnings: u64,
    pub with_errors: u64,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    pub codes: BTreeMap<&'static str, CodeCount>,
    /// `-` / @FILE lines that held no JWT.
    pub lines_without_token: u64,
    /// Lines that were not UTF-8 (scanned after replacing the bad bytes).
    pub lines_not_utf8: u64,
}

impl Summary {
    pub fn add(&mut self, findings: &[Finding]) {
        self.tokens += 1;
        let mut worst = None;
        for f in findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            worst = worst.max(Some(f.severity));
            let entry = self.codes.entry(f.code).or_insert(CodeCount {
                count: 0,
                worst: f.severity,
            });
            entry.count += 1;
            entry.worst = entry.worst.max(f.severity);
        }
        match worst {
            Some(Severity::Error) => self.with_errors += 1,
            Some(Severity::Warning) => self.with_warnings += 1,
            _ => self.clean += 1,
        }
    }

    /// Exit 1: any error, or any warning under `--deny warnings`.
    pub fn failed(&self, deny_warnings: bool) -> bool {
        self.errors > 0 || (deny_warnings && self.warnings > 0)
    }

    pub fn to_json(&self, info: &RunInfo) -> Value {
        let codes: Map<String, Value> = self
            .codes
            .iter()
            .map(|(code, c)| {
                (
                    code.to_string(),
                    json!({"count": c.count, "severity": c.worst.as_str()}),
                )
            })
            .collect();
        json!({
            "tokens": self.tokens,
            "clean": self.clean,
            "with_warnings": self.with_warnings,
            "with_errors": self.with_errors,
            "errors": self.errors,
            "warnings": self.warnings,
            "info": self.infos,
            "codes": codes,
            "lines_without_token": self.lines_without_token,
            "lines_not_utf8": self.lines_not_utf8,
            "failed": self.failed(info.deny_warnings),
        })
    }
}

pub trait Reporter {
    /// Called once, before the first token (or before `finish` when there is none).
    fn begin(&mut self, out: &Output, info: &RunInfo) -> io::Result<()>;
    fn token(&mut self, out: &Output, t: &Linted) -> io::Result<()>;
    /// Write out what the tokens so far made (a pipe's reader waits for it).
    fn flush(&mut self, out: &Output) -> io::Result<()> {
        out.flush()
    }
    fn finish(&mut self, out: &Output, info: &RunInfo, summary: &Summary) -> io::Result<()>;
}

fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

pub fn status(findings: &[Finding]) -> &'static str {
    match worst(findings) {
        Some(Severity::Error) => "fail",
        Some(Severity::Warning) => "warn",
        _ => "ok",
    }
}

fn short_role(role: Role) -> &'static str {
    match role {
        Role::ClientAssertion => "client assertion",
        Role::Grant => "authorization grant",
        Role::AccessToken => "access token",
        Role::IdToken => "ID token",
        Role::Unknown => "unknown role",
    }
}

fn plural(n: u64, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "info") => format!("{n} info"),
        _ => format!("{n} {word}s"),
    }
}

fn counts(errors: u64, warnings: u64, infos: u64) -> String {
    [(errors, "error"), (warnings, "warning"), (infos, "info")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| plural(n, w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Output is handed to `Output::print` (which redacts) in blocks of about this size rather
/// than a line at a time: same bytes, far fewer redaction passes.
pub const BATCH_BYTES: usize = 32 * 1024;

/// Print what a reporter has batched, if anything, and start a new batch.
pub fn write_pending(out: &Output, pending: &mut String) -> io::Result<()> {
    if !pending.is_empty() {
        out.print(pending)?;
        pending.clear();
    }
    Ok(())
}

/// People: each token with its findings, then the summary.
#[derive(Default)]
pub struct Human {
    pub summary_only: bool,
    pub pending: String,
}

impl Reporter for Human {
    fn begin(&mut self, _: &Output, _: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn token(&mut self, out: &Output, t: &Linted) -> io::Result<()> {
        if self.summary_only {
            return Ok(());
        }
        let n = |sev| t.findings.iter().filter(|f| f.severity == sev).count() as u64;
        let (errors, warnings, infos) =
            (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
        let verdict = match worst(t.findings) {
            Some(Severity::Error) => out.paint(Stream::Stdout, "FAIL", Style::Bad),
            Some(Severity::Warning) => out.paint(Stream::Stdout, "WARN", Style::Warn),
            _ => out.paint(Stream::Stdout, "OK", Style::Good),
        };
        let detail = counts(errors, warnings, infos);
        let mut how = if t.role.forced {
            t.role.reason.to_string()
        } else {
            format!("guessed: {}", t.role.reason)
        };
        if let Some((profile, because)) = t.profile {
            how.push_str(&format!("; profile {profile} from {because}"));
        }
        let mut s = format!(
            "{} {}  {} ({})  {verdict}{}{}\n",
            out.paint(Stream::Stdout, &format!("#{}", t.ordinal), Style::Heading),
            escape_untrusted(&t.location.describe()),
            short_role(t.role.role),
            escape_untrusted(&how),
            if detail.is_empty() { "" } else { " " },
            detail,
        );
        for f in t.findings {
            s.push_str(&finding_block(out, f));
        }
        if !t.findings.is_empty() {
            s.push('\n');
        }
        self.pending.push_str(&s);
        if self.pending.len() >= BATCH_BYTES {
            write_pending(out, &mut self.pending)?;
        }
        Ok(())
    }

    fn flush(&mut self, out: &Output) -> io::Result<()> {
        write_pending(out, &mut self.pending)?;
        out.flush()
    }

    fn finish(&mut self, out: &Output, info: &RunInfo, sum: &Summary) -> io::Result<()> {
        write_pending(out, &mut self.pending)?;
        let mut s = String::new();
        let totals = counts(sum.errors, sum.warnings, sum.infos);
        let _ = writeln!(
            s,
            "{} {}: {} clean, {} with warnings, {} failing{}",
            out.paint(Stream::Stdout, "Summary", Style::Heading),
            plural(sum.tokens, "token"),
            sum.clean,
            sum.with_warnings,
            sum.with_errors,
            if totals.is_empty() {
                String::new()
            } else {
                format!("; {totals}")
            }
        );
        let mut by_count: Vec<(&&str, &CodeCount)> = sum.codes.iter().collect();
        by_count.sort_by(|a, b| b.1.worst.cmp(&a.1.worst).then(b.1.count.cmp(&a.1.count)));
        for (code, c) in by_count {
            let style = match c.worst {
                Severity::Error => Style::Bad,
                Severity::Warning => Style::Warn,
                Severity::Info => Style::Dim,
            };
            let _ = writeln!(
                s,
                "  {:>8}  {:<7}  {}",
                c.count,
                out.paint(Stream::Stdout, c.worst.as_str(), style),
                out.paint(Stream::Stdout, code, Style::Code)
            );
        }
        if sum.lines_without_token > 0 {
            let _ = writeln!(
                s,
                "  {} held no JWT",
                plural(sum.lines_without_token, "line")
            );
        }
        if sum.lines_not_utf8 > 0 {
            let _ = writeln!(
                s,
                "  {} not UTF-8 (scanned with the bad bytes replaced)",
                match sum.lines_not_utf8 {
                    1 => "1 line was".to_string(),
                    n => format!("{n} lines were"),
                }
            );
        }
        let _ = writeln!(
            s,
            "{}",
            out.paint(
                Stream::Stdout,
                &format!(
                    "profile {}{}; times judged at {} with {} skew{}",
                    info.profile,
                    if info.picked.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " ({} for the tokens whose typ or claims name it)",
                            info.picked
                                .iter()
                                .map(|p| p.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    },
                    utc(info.now),
                    span(info.skew),
                    if info.deny_warnings {
                        "; warnings fail the run (--deny warnings)"
                    } else {
                        ""
                    }
                ),
                Style::Dim
            )
        );
        out.print(&s)
    }
}

/// Scripts: one JSON document, streamed: `{…,"tokens":[` one object per token `],"summary":…}`.
pub struct Json {
    pub summary_only: bool,
    pub show_secrets: bool,
    pub count: u64,
}

pub fn token_json(t: &Linted, show_secrets: bool) -> Value {
    let mut doc = token_doc(t, show_secrets);
    if let (Some((p, because)), Some(obj)) = (t.profile, doc.as_object_mut()) {
        obj.insert(
            "profile".into(),
            json!({"name": p.name(), "from": "token", "because": because}),
        );
    }
    doc
}

fn token_doc(t: &Linted, show_secrets: bool) -> Value {
    json!({
        "index": t.ordinal,
        "source": {
            "input": t.location.input.kind(),
            "path": t.location.input.path(),
            "argument": match t.location.input { Input::Argument(n) => Some(n), _ => None },
            "line": t.location.line,
            "location": t.location.place.to_string(),
            "field": t.location.place.field(),
        },
        "token": if show_secrets { t.token.raw.clone() } else { redact::token_short(&t.token.raw) },
        "role": {"guess": t.role.role.as_str(), "reason": t.role.reason, "forced": t.role.forced},
        "status": status(t.findings),
        "findings": t.findings.iter().map(Finding::to_json).collect::<Vec<_>>(),
    })
}

impl Reporter for Json {
    fn begin(&mut self, out: &Output, info: &RunInfo) -> io::Result<()> {
        let head = json!({
            "version": super::SCHEMA_VERSION,
            "command": "lint",
            "profile": info.profile.name(),
            "now": info.now,
            "skew": info.skew,
            "deny_warnings": info.deny_warnings,
        });
        let head = serde_json::to_string(&head).map_err(io::Error::from)?;
        // The header object without its closing brace, so tokens and summary follow.
        let open = head.strip_suffix('}').unwrap_or(&head);
        let glue = if self.summary_only {
            format!("{open},")
        } else {
            format!("{open},\"tokens\":[")
        };
        out.json_part(&glue, None)
    }

    fn token(&mut self, out: &Output, t: &Linted) -> io::Result<()> {
        if self.summary_only {
            return Ok(());
        }
        let glue = if self.count == 0 { "\n" } else { ",\n" };
        self.count += 1;
        out.json_part(glue, Some(token_json(t, self.show_secrets)))
    }

    fn finish(&mut self, out: &Output, info: &RunInfo, sum: &Summary) -> io::Result<()> {
        let glue = if self.summary_only {
            "\"summary\":"
        } else {
            "\n],\"summary\":"
        };
        out.json_part(glue, Some(sum.to_json(info)))?;
        out.json_part("}\n", None)
    }
}

pub fn rules_json() -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|r| {
                json!({
                    "code": r.code,
                    "severity": r.severity.as_str(),
                    "stage": r.stage.as_str(),
                    "checked_by_lint": r.check.is_some() || r.code == "claim.jti_reused",
                    "summary": r.summary,
                    "hint": r.hint,
                    "spec": r.spec,
                })
            })
            .collect(),
    )
}

pub fn rules_human(out: &Output) -> String {
    let mut s = String::new();
    for r in RULES {
        let runs = match r.stage {
            crate::lint::Stage::Request => {
                " (when the input is a request: form body, URL, HTTP request, curl line)"
            }
            crate::lint::Stage::Keys => " (verify)",
            crate::lint::Stage::Server => " (replay)",
            _ => "",
        };
        let _ = writeln!(
            s,
            "{}  {}{runs}\n    {}\n    {} {}\n    {} {}",
            out.paint(Stream::Stdout, r.code, Style::Code),
            r.severity.as_str(),
            r.summary,
            out.paint(Stream::Stdout, "fix:", Style::Dim),
            r.hint,
            out.paint(Stream::Stdout, "spec:", Style::Dim),
            r.spec
        );
    }
    s
}

pub fn profiles_json() -> Value {
    Value::Array(
        Profile::ALL
            .iter()
            .map(|p| p.spec())
            .map(|p| {
                json!({
                    "name": p.profile.name(),
                    "default": p.profile == Profile::default(),
                    "flow": p.only_flow.map(|f| f.as_str()),
                    "token": p.token_role.map(|r| r.as_str()),
                    "summary": p.summary,
                    "sources": p.sources,
                    "algs": p.algs,
                    "max_lifetime": p.lifetime.map(|l| l.seconds),
                })
            })
            .collect(),
    )
}

pub fn profiles_human(out: &Output) -> String {
    let mut s = String::new();
    for p in SPECS {
        let default = if p.profile == Profile::default() {
            " (default)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "{}{default}\n    {}\n    {} {}",
            out.paint(Stream::Stdout, p.profile.name(), Style::Code),
            p.summary,
            out.paint(Stream::Stdout, "sources:", Style::Dim),
            p.sources
        );
    }
    s
}
