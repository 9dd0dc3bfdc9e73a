//! `jwtgrant lint`: stream tokens from arguments, stdin, files and scanned logs through the
//! offline rules and the batch rules, one token at a time, into one reporter.

use super::check;
use crate::cli::{DenyArg, LintArgs, LintFormat};
use crate::exit::{Hint, Status};
use crate::findings;
use crate::input::request::{self, Request};
use crate::input::{Candidate, Place, locate};
use crate::jose::Token;
use crate::lint::batch::JtiSeen;
use crate::lint::profile::{self, ProfileFrom};
use crate::lint::{self, Ctx, Subject, role};
use crate::output::Output;
use crate::report::lint::{
    self as lint_report, Input, Linted, Location, Reporter, RunInfo, Summary,
};
use crate::report::{Github, Sarif};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Lines longer than the input cap are scanned up to it; the rest is skipped with a
/// warning (one long line must not stop a scan of a whole log).
const MAX_LINE_BYTES: usize = crate::input::MAX_INPUT_BYTES;
/// Lines without a JWT in a token list (`-`, @FILE) named on stderr before counting quietly.
const NOTED_EMPTY_LINES: u64 = 3;

enum Source {
    Argument {
        n: usize,
        text: String,
    },
    Stdin {
        scan: bool,
    },
    File {
        path: PathBuf,
        file: File,
        scan: bool,
    },
}

pub fn run(args: &LintArgs, out: &Output) -> Result<Status> {
    let format = args.output_format();
    if args.list_rules {
        return list(
            out,
            format,
            lint_report::rules_json(),
            lint_report::rules_human,
        );
    }
    if args.list_profiles {
        return list(
            out,
            format,
            lint_report::profiles_json(),
            lint_report::profiles_human,
        );
    }
    let (ctx, meta) = check::ctx(
        &args.check,
        Some(&args.server),
        &check::http_options(&args.http)?,
    )?;
    if let Some(meta) = &meta {
        out.verbose(1, &format!("metadata from {}", meta.source));
    }
    let sources = open_sources(args)?;
    let info = RunInfo {
        profile: ctx.profile,
        picked: Vec::new(),
        now: ctx.now,
        skew: ctx.skew,
        deny_warnings: args.deny == Some(DenyArg::Warnings),
    };
    let reporter: Box<dyn Reporter> = match format {
        LintFormat::Human => Box::new(lint_report::Human {
            summary_only: args.summary,
            ..Default::default()
        }),
        LintFormat::Json => Box::new(lint_report::Json {
            summary_only: args.summary,
            show_secrets: out.show_secrets(),
            count: 0,
        }),
        LintFormat::Sarif => Box::new(Sarif { count: 0 }),
        LintFormat::Github => Box::new(Github::default()),
    };
    let mut run = Run {
        args,
        ctx,
        out,
        info,
        reporter,
        seen: JtiSeen::default(),
        summary: Summary::default(),
        started: false,
        picked: Vec::new(),
    };
    let mut failure = None;
    for source in sources {
        if let Err(err) = run.source(source) {
            failure = Some(err);
            break;
        }
    }
    match failure {
        // An input problem before any token: nothing was printed; just the error (exit 2).
        Some(err) if !run.started => return Err(err),
        Some(err) if crate::output::is_broken_pipe(&err) => return Err(err),
        _ => {}
    }
    if !run.started {
        run.start()?;
    }
    run.info.picked = run.picked.iter().map(|c| c.profile).collect();
    run.reporter.finish(out, &run.info, &run.summary)?;
    out.verbose(
        1,
        &format!("{} distinct (iss, jti) pairs seen", run.seen.len()),
    );
    if let Some(err) = failure {
        return Err(err);
    }
    Ok(Status::from_errors(
        run.summary.failed(run.info.deny_warnings),
    ))
}

fn list(
    out: &Output,
    format: LintFormat,
    json: serde_json::Value,
    human: fn(&Output) -> String,
) -> Result<Status> {
    match format {
        LintFormat::Human => out.print(&human(out))?,
        LintFormat::Json => out.json(json)?,
        LintFormat::Sarif | LintFormat::Github => {
            bail!("--list-rules and --list-profiles print human text or JSON; use --format json")
        }
    }
    Ok(Status::Clean)
}

/// Open every input before printing anything, so a missing file is exit 2 with no output.
fn open_sources(args: &LintArgs) -> Result<Vec<Source>> {
    let mut sources = Vec::new();
    let mut stdin_used = false;
    let mut take_stdin = |what: &str| -> Result<()> {
        if std::mem::replace(&mut stdin_used, true) {
            bail!("stdin can be read only once ({what})");
        }
        Ok(())
    };
    for (i, spec) in args.tokens.iter().enumerate() {
        if spec == "-" {
            take_stdin("'-' given twice, or with --scan -")?;
            sources.push(Source::Stdin { scan: false });
        } else if let Some(path) = spec.strip_prefix('@') {
            if path.is_empty() {
                bail!("@ must be followed by a file name, e.g. @tokens.txt");
            }
            sources.push(open_file(Path::new(path), false)?);
        } else {
            crate::input::check_argument(spec, "lint")?;
            if locate::find(spec).is_empty() {
                return Err(Hint::new(
                    format!("argument {} holds no JWT", i + 1),
                    "pass a compact JWT (eyJ…), text containing one, '-' for stdin, @FILE, or --scan FILE",
                ));
            }
            sources.push(Source::Argument {
                n: i + 1,
                text: spec.clone(),
            });
        }
    }
    for spec in &args.scan {
        if spec == "-" {
            take_stdin("--scan - given twice, or with '-'")?;
            sources.push(Source::Stdin { scan: true });
        } else {
            sources.push(open_file(Path::new(spec), true)?);
        }
    }
    Ok(sources)
}

fn open_file(path: &Path, scan: bool) -> Result<Source> {
    Ok(Source::File {
        path: path.to_path_buf(),
        file: crate::input::open_file(path, "check the path")?,
        scan,
    })
}

struct Run<'a> {
    args: &'a LintArgs,
    ctx: Ctx,
    out: &'a Output,
    info: RunInfo,
    reporter: Box<dyn Reporter>,
    seen: JtiSeen,
    summary: Summary,
    started: bool,
    /// Contexts for the profiles tokens picked themselves (id-jag, rfc9068, oidc-id-token).
    picked: Vec<Ctx>,
}

/// What one line-oriented input held.
#[derive(Default)]
struct Stats {
    bytes: u64,
    tokens: u64,
    binary: bool,
}

impl Run<'_> {
    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        self.reporter.begin(self.out, &self.info)
    }

    fn source(&mut self, source: Source) -> Result<()> {
        match source {
            Source::Argument { n, text } => {
                let request = request::parse(&text);
                let mut judged = Judged::default();
                for c in locate::find(&text) {
                    let request = judged.first_copy(request.as_ref(), &c.token);
                    self.token(&c.token, &c.place, c.line, Input::Argument(n), request)?;
                }
                Ok(())
            }
            Source::Stdin { scan } => {
                let stdin = io::stdin();
                let stats = self.lines(stdin.lock(), Input::Stdin, scan)?;
                self.judge_input(&stats, "stdin", scan)
            }
            Source::File { path, file, scan } => {
                let stats = self.lines(file, Input::File(&path), scan)?;
                self.judge_input(&stats, &path.display().to_string(), scan)
            }
        }
    }

    /// After an input is read: was there anything to lint at all?
    fn judge_input(&self, stats: &Stats, name: &str, scan: bool) -> Result<()> {
        if stats.tokens > 0 {
            return Ok(());
        }
        if stats.bytes == 0 {
            if scan {
                self.out.note(&format!("{name} is empty"));
                return Ok(());
            }
            return Err(Hint::new(
                format!("{name} is empty: there is no JWT to lint"),
                "pipe tokens one per line, or pass them as arguments",
            ));
        }
        if stats.binary {
            return Err(Hint::new(
                format!("{name} is not text (binary data) and holds no JWT"),
                "a JWT is ASCII text such as eyJhbGciOi…",
            ));
        }
        if scan {
            self.out.note(&format!("no JWT found in {name}"));
            return Ok(());
        }
        Err(Hint::new(
            format!("no JWT found in {name}"),
            "expected one compact JWT (eyJ….eyJ….sig) or a line of text containing one per line; use --scan for logs",
        ))
    }

    fn lines(&mut self, reader: impl Read, input: Input, scan: bool) -> Result<Stats> {
        let name = match input {
            Input::File(p) => p.display().to_string(),
            _ => "stdin".to_string(),
        };
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        let mut buf = Vec::new();
        let mut found: Vec<Candidate> = Vec::new();
        let mut stats = Stats::default();
        let mut line_no = 0usize;
        let mut noted = 0u64;
        loop {
            buf.clear();
            let Some(read) = read_line_capped(&mut reader, &mut buf, MAX_LINE_BYTES)
                .with_context(|| format!("cannot read {name}"))?
            else {
                break;
            };
            line_no += 1;
            stats.bytes += read.total as u64;
            if read.truncated {
                self.out.warn(&format!(
                    "{name}:{line_no} is {} bytes long; {}, so only its start was scanned",
                    read.total,
                    crate::input::cap_phrase("of one line", "lint")
                ));
            }
            trim_newline(&mut buf);
            if buf.contains(&0) {
                stats.binary = true;
            }
            let text = match std::str::from_utf8(&buf) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => {
                    stats.binary = true;
                    self.summary.lines_not_utf8 += 1;
                    String::from_utf8_lossy(&buf)
                }
            };
            let text_line = matches!(text, std::borrow::Cow::Borrowed(_)) && !buf.contains(&0);
            if let Some(token) = bare_token(&text) {
                stats.tokens += 1;
                self.token(token, &Place::Text, line_no, input, None)?;
                continue;
            }
            found.clear();
            locate::scan_line(&text, line_no, &mut found);
            if found.is_empty() {
                if !scan && text_line && !text.trim().is_empty() {
                    self.summary.lines_without_token += 1;
                    noted += 1;
                    if noted <= NOTED_EMPTY_LINES {
                        self.out
                            .note(&format!("{name}:{line_no}: no JWT on this line"));
                    }
                }
                continue;
            }
            // A line that is a whole request (form body, curl line) is judged as one.
            let request = request::parse(&text);
            let mut judged = Judged::default();
            for c in &found {
                stats.tokens += 1;
                let request = judged.first_copy(request.as_ref(), &c.token);
                self.token(&c.token, &c.place, c.line, input, request)?;
            }
        }
        if noted > NOTED_EMPTY_LINES {
            self.out.note(&format!(
                "{name}: {} more lines held no JWT",
                noted - NOTED_EMPTY_LINES
            ));
        }
        Ok(stats)
    }

    fn token(
        &mut self,
        text: &str,
        place: &Place,
        line: usize,
        input: Input,
        request: Option<&Request>,
    ) -> io::Result<()> {
        if !self.started {
            self.start()?;
        }
        let ordinal = self.summary.tokens + 1;
        let token = Token::parse(text);
        let guess = role::guess(&token, Some(place));
        let mut role = check::role(&self.args.check, guess);
        // Without --profile, an ID-JAG, an at+jwt access token or an ID token is judged by
        // its own profile; the run's profile stays the one the summary names.
        let picked = (self.ctx.profile_from == ProfileFrom::Default)
            .then(|| profile::from_token_at(&token, &role, Some(place)))
            .flatten();
        let ctx = match &picked {
            Some((p, _)) => {
                role = profile::apply_flow(*p, role);
                let i = match self.picked.iter().position(|c| c.profile == *p) {
                    Some(i) => i,
                    None => {
                        let mut c = self.ctx.clone();
                        c.profile = *p;
                        c.profile_from = ProfileFrom::Token("the token".into());
                        self.picked.push(c);
                        self.picked.len() - 1
                    }
                };
                &self.picked[i]
            }
            None => &self.ctx,
        };
        let subject = Subject {
            token: &token,
            role: &role,
            request,
        };
        let mut found = lint::run(&subject, ctx, lint::offline);
        if let Some(f) = self.seen.check(&token, ordinal) {
            found.push(f);
            findings::sort(&mut found);
        }
        self.summary.add(&found);
        let linted = Linted {
            ordinal,
            location: Location { input, line, place },
            token: &token,
            role: &role,
            findings: &found,
            profile: picked.as_ref().map(|(p, because)| (*p, because.as_str())),
        };
        self.reporter.token(self.out, &linted)
    }
}

/// The tokens of one request already judged with it. A token sent twice in a request has
/// the same carrier both times, so its request findings would only repeat (once per copy,
/// each copy re-reading the request: quadratic in a body of thousands); later copies are
/// linted as tokens alone.
#[derive(Default)]
struct Judged(HashSet<String>);

impl Judged {
    fn first_copy<'r>(&mut self, request: Option<&'r Request>, token: &str) -> Option<&'r Request> {
        request.filter(|_| self.0.insert(token.to_string()))
    }
}

/// Bytes a compact JWS/JWE can hold: base64url, dots, and the standard-base64 mistakes the
/// encoding rule reports. Arithmetic rather than a table, so the loop below vectorises.
fn is_token_byte(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    letter
        | digit
        | (b == b'-')
        | (b == b'_')
        | (b == b'.')
        | (b == b'+')
        | (b == b'/')
        | (b == b'=')
}

/// The common case of a token list: the line is one token and nothing else. Checked in
/// two branch-free passes instead of the general scanner; anything else goes to
/// `locate::scan_line` (which finds the same token, as `Place::Text`).
fn bare_token(line: &str) -> Option<&str> {
    let token = line.trim_matches([' ', '\t']);
    let bytes = token.as_bytes();
    if !(bytes.starts_with(b"eyJ") || bytes.starts_with(b"ewo")) {
        return None;
    }
    let strays = bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(!is_token_byte(b)));
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    (strays == 0 && (dots == 2 || dots == 4)).then_some(token)
}

struct LineRead {
    /// Bytes the line had, newline included, even past the cap.
    total: usize,
    truncated: bool,
}

/// Read one line into `buf` (newline kept), keeping at most `cap` bytes; the rest of an
/// over-long line is consumed and dropped. None at end of input.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<LineRead>> {
    // read_until finds the newline with memchr; Take keeps the line under the cap.
    let room = cap.saturating_sub(buf.len()) as u64;
    let mut total = reader.take(room).read_until(b'\n', buf)?;
    if total == 0 {
        return Ok(None);
    }
    let mut truncated = false;
    if buf.last() != Some(&b'\n') && total as u64 == room {
        // Over-long line: drop the rest of it.
        loop {
            let chunk = match reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            let (used, done) = match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            truncated |= used > 1 || !done;
            total += used;
            reader.consume(used);
            if done {
                break;
            }
        }
    }
    Ok(Some(LineRead { total, truncated }))
}

fn trim_newline(buf: &mut Vec<u8>) {
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], cap: usize) -> Vec<(Vec<u8>, bool)> {
        let mut reader = BufReader::with_capacity(4, input);
        let mut buf = Vec::new();
        let mut all = Vec::new();
        while let Some(r) = read_line_capped(&mut reader, &mut buf, cap).unwrap() {
            trim_newline(&mut buf);
            all.push((std::mem::take(&mut buf), r.truncated));
        }
        all
    }

    #[test]
    fn token_bytes_are_exactly_base64url_dots_and_standard_base64() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b"-_.+/=".contains(&b);
            assert_eq!(is_token_byte(b), expected, "{b:#04x}");
        }
    }

    #[test]
    fn bare_tokens_take_the_fast_path_and_the_rest_the_scanner() {
        let t = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";
        assert_eq!(bare_token(&format!("  {t}\t")), Some(t));
        assert!(bare_token(&format!("assertion={t}")).is_none());
        assert!(bare_token("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0").is_none());
        assert!(bare_token(&format!("{t} trailing")).is_none());
        // the scanner agrees on what the fast path accepts
        let mut found = Vec::new();
        locate::scan_line(t, 7, &mut found);
        assert_eq!(found[0].token, t);
        assert_eq!(found[0].place, Place::Text);
    }

    #[test]
    fn lines_are_split_and_long_ones_capped() {
        let got = lines(b"ab\r\ncdefghij\n\nlast", 5);
        assert_eq!(
            got,
            [
                (b"ab".to_vec(), false),
                (b"cdefg".to_vec(), true),
                (b"".to_vec(), false),
                (b"last".to_vec(), false),
            ]
        );
        assert!(lines(b"", 5).is_empty());
    }
}
