//! Tested examples in Markdown: the parser, runner, matcher and blesser behind tests/docs.rs.
//!
//! The convention (docs/examples/README.md says it for writers):
//! - a ```` ```console ```` block is a shell session that runs: `$ ` starts a command (a line
//!   ending in `\` continues it), the lines after it are what it prints, stdout and stderr
//!   together as a terminal shows them (colour off);
//! - a command exits 0 unless its last line ends in a comment `# exit N`;
//! - `$ jwtgrant serve … &` starts the local server in the background for the rest of the
//!   block, on a free port: `127.0.0.1:N` (N its `--port`, default 8787) in later commands
//!   means that server, and its real port is shown as N again;
//! - in expected output, a line that is only `…` stands for any number of lines, `[..]`
//!   inside a line for any text on that line, and `in N ms` timings match any N;
//! - each block runs in a fresh copy of docs/examples/ with an empty HOME and state
//!   directory, stdin empty, so blocks never depend on each other;
//! - a block that must not run (placeholders, installs into your home) says `no-run` in its
//!   info string, e.g. ```` ```sh no-run ````.
//!
//! `JWTGRANT_BLESS=1` rewrites the output of every example that no longer matches, keeping
//! each shown excerpt (the lines between `…`) in its place and length, and the `[..]` of
//! lines that still match.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const ELISION: &str = "…";
pub const WILDCARD: &str = "[..]";
/// The port the docs give the local server when a command names none (serve's default).
pub const DEFAULT_PORT: u16 = 8787;

/// A fenced code block of a Markdown file.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The info string after the opening backticks (`console`, `sh no-run`, …).
    pub info: String,
    /// 0-based line numbers of the content: first content line to the closing fence.
    pub start: usize,
    pub end: usize,
    /// Spaces before the opening fence (a block inside a list item): stripped from each
    /// content line.
    pub indent: usize,
}

impl Fence {
    pub fn language(&self) -> &str {
        self.info.split_whitespace().next().unwrap_or("")
    }
    pub fn runs(&self) -> bool {
        self.language() == "console" && !self.no_run()
    }
    pub fn no_run(&self) -> bool {
        self.info.split_whitespace().any(|w| w == "no-run")
    }
}

pub fn fences(lines: &[&str]) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let ticks = trimmed.chars().take_while(|c| *c == '`').count();
        if ticks < 3 {
            continue;
        }
        match &open {
            None => {
                let info = trimmed[ticks..].trim().to_string();
                let indent = line.len() - trimmed.len();
                open = Some((info, i + 1, "`".repeat(ticks), indent));
            }
            Some((info, start, marker, indent)) if trimmed.trim_end() == marker.as_str() => {
                out.push(Fence {
                    info: info.clone(),
                    start: *start,
                    end: i,
                    indent: *indent,
                });
                open = None;
            }
            Some(_) => {}
        }
    }
    out
}

/// One command of a console block and the output shown under it.
#[derive(Debug, Clone)]
pub struct Step {
    /// The command as bash reads it (continuation lines kept).
    pub command: String,
    /// 0-based line of the command's last line, and the range of its expected output.
    pub command_end: usize,
    pub output: std::ops::Range<usize>,
    pub expected: Vec<String>,
    pub exit: i32,
    pub background: bool,
}

pub fn steps(lines: &[&str], fence: &Fence) -> Result<Vec<Step>, String> {
    let pad = " ".repeat(fence.indent);
    let lines: Vec<&str> = lines
        .iter()
        .map(|l| l.strip_prefix(pad.as_str()).unwrap_or(l))
        .collect();
    let mut out: Vec<Step> = Vec::new();
    let mut i = fence.start;
    while i < fence.end {
        let Some(first) = lines[i].strip_prefix("$ ") else {
            if out.is_empty() {
                return Err(format!(
                    "line {}: a console block starts with a `$ ` command",
                    i + 1
                ));
            }
            i += 1;
            continue;
        };
        let mut command = first.to_string();
        while command.ends_with('\\') && i + 1 < fence.end {
            i += 1;
            command.push('\n');
            command.push_str(lines[i]);
        }
        let command_end = i;
        let mut j = i + 1;
        while j < fence.end && !lines[j].starts_with("$ ") {
            j += 1;
        }
        let (body, exit) = split_exit_comment(&command);
        let background = body.trim_end().ends_with('&');
        out.push(Step {
            command: command.clone(),
            command_end,
            output: command_end + 1..j,
            expected: lines[command_end + 1..j]
                .iter()
                .map(|l| l.to_string())
                .collect(),
            exit,
            background,
        });
        i = j;
    }
    Ok(out)
}

/// `cmd … # exit 1` → (`cmd …`, 1); no such comment → exit 0.
pub fn split_exit_comment(command: &str) -> (&str, i32) {
    if let Some(at) = command.rfind('#') {
        let comment = command[at + 1..].trim();
        if let Some(n) = comment.strip_prefix("exit ")
            && let Ok(code) = n.trim().parse()
        {
            return (command[..at].trim_end(), code);
        }
    }
    (command, 0)
}

/// What a command printed, stdout and stderr merged, lines without trailing blanks.
pub fn output_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

fn trimmed(expected: &[String]) -> &[String] {
    let mut end = expected.len();
    while end > 0 && expected[end - 1].trim().is_empty() {
        end -= 1;
    }
    &expected[..end]
}

/// `in 12 ms` → `in N ms`: request timings differ from run to run.
fn timings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("in ") {
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && rest[digits..].starts_with(" ms") {
            out.push('N');
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// One expected line against one actual line: `[..]` matches any text.
pub fn line_matches(expected: &str, actual: &str) -> bool {
    let expected = timings(expected.trim_end());
    let actual = timings(actual.trim_end());
    let parts: Vec<&str> = expected.split(WILDCARD).collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn is_elision(line: &str) -> bool {
    line.trim() == ELISION
}

/// Expected lines against actual ones: a `…` line matches any run of lines, even none.
pub fn matches(expected: &[String], actual: &[String]) -> bool {
    let expected = trimmed(expected);
    // can[i][j]: expected[i..] matches actual[j..]
    let (n, m) = (expected.len(), actual.len());
    let mut can = vec![vec![false; m + 1]; n + 1];
    can[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            can[i][j] = if is_elision(&expected[i]) {
                can[i + 1][j] || (j < m && can[i][j + 1])
            } else {
                j < m && line_matches(&expected[i], &actual[j]) && can[i + 1][j + 1]
            };
        }
    }
    can[0][0]
}

/// New expected lines for output that no longer matches: each excerpt between `…` lines
/// keeps its length and is placed where it fits best (the first at the start unless the
/// block starts with `…`, the last at the end unless it ends with `…`); lines that still
/// match keep their `[..]`. Without `…` the whole output is shown (keeping the `[..]` of
/// lines that still match when the line count is the same).
pub fn bless(expected: &[String], actual: &[String]) -> Vec<String> {
    let expected = trimmed(expected);
    if matches(expected, actual) {
        return expected.to_vec();
    }
    let segments: Vec<&[String]> = expected.split(|l| is_elision(l)).collect();
    if segments.len() == 1 && expected.len() != actual.len() {
        return aligned(expected, actual);
    }
    let shown: usize = segments.iter().map(|s| s.len()).sum();
    if shown > actual.len() {
        return actual.to_vec();
    }
    let mut out = Vec::new();
    let mut from = 0;
    let last = segments.len() - 1;
    for (k, seg) in segments.iter().enumerate() {
        if k > 0 {
            out.push(ELISION.to_string());
        }
        if seg.is_empty() {
            continue;
        }
        let rest_len: usize = segments[k + 1..].iter().map(|s| s.len()).sum();
        let latest = actual.len() - rest_len - seg.len();
        let at = if k == 0 {
            0
        } else if k == last {
            actual.len() - seg.len()
        } else {
            (from..=latest.max(from))
                .max_by_key(|&at| {
                    let hits = seg
                        .iter()
                        .zip(&actual[at..])
                        .filter(|(e, a)| line_matches(e, a))
                        .count();
                    (hits, std::cmp::Reverse(at))
                })
                .unwrap_or(from)
        };
        for (e, a) in seg.iter().zip(&actual[at..at + seg.len()]) {
            out.push(if line_matches(e, a) {
                e.clone()
            } else {
                a.clone()
            });
        }
        from = at + seg.len();
    }
    out
}

/// The actual lines, each one that still matches a shown line (in order, by the longest
/// common subsequence) replaced by that shown line, so its `[..]` survive an inserted or
/// removed line elsewhere in the block.
fn aligned(expected: &[String], actual: &[String]) -> Vec<String> {
    let (n, m) = (expected.len(), actual.len());
    // lcs[i][j]: the longest common subsequence of expected[i..] and actual[j..]
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if line_matches(&expected[i], &actual[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(m);
    let (mut i, mut j) = (0, 0);
    while j < m {
        if i < n && line_matches(&expected[i], &actual[j]) && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            out.push(expected[i].clone());
            i += 1;
            j += 1;
        } else if i < n && lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            out.push(actual[j].clone());
            j += 1;
        }
    }
    out
}

/// The environment every example runs in.
pub struct Sandbox {
    _dir: tempfile::TempDir,
    pub work: PathBuf,
    home: PathBuf,
    state: PathBuf,
    servers: Vec<Child>,
    /// (port the docs show, real port)
    ports: Vec<(u16, u16)>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        for server in &mut self.servers {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

pub struct Ran {
    pub lines: Vec<String>,
    pub exit: i32,
}

impl Sandbox {
    /// A fresh copy of `examples` to run one block in.
    pub fn new(examples: &Path) -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let work = dir.path().join("work");
        copy_tree(examples, &work);
        let home = dir.path().join("home");
        let state = dir.path().join("state");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&state).unwrap();
        Sandbox {
            _dir: dir,
            work,
            home,
            state,
            servers: Vec::new(),
            ports: Vec::new(),
        }
    }

    fn shell(&self, script: &str) -> Command {
        let bin = Path::new(env!("CARGO_BIN_EXE_jwtgrant")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(format!("set -o pipefail\nexec 2>&1\n{script}"))
            .current_dir(&self.work)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("XDG_STATE_HOME", &self.state)
            .env("LANG", "C.UTF-8")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null());
        cmd
    }

    fn to_real_ports(&self, command: &str) -> String {
        let mut command = command.to_string();
        for (shown, real) in &self.ports {
            command = command.replace(&format!("127.0.0.1:{shown}"), &format!("127.0.0.1:{real}"));
        }
        command
    }

    fn to_shown_ports(&self, line: &str) -> String {
        let mut line = line.to_string();
        for (shown, real) in &self.ports {
            line = line.replace(&format!("127.0.0.1:{real}"), &format!("127.0.0.1:{shown}"));
        }
        line
    }

    pub fn run(&mut self, step: &Step) -> Result<Ran, String> {
        if step.background {
            return self.start_server(step);
        }
        let script = self.to_real_ports(&step.command);
        let mut child = self
            .shell(&script)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start bash: {e}"))?;
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut BufReader::new(stdout), &mut text);
            let _ = tx.send(text);
        });
        let text = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(text) => text,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("timed out after 60 s".into());
            }
        };
        let status = child.wait().map_err(|e| e.to_string())?;
        Ok(Ran {
            lines: output_lines(&text)
                .iter()
                .map(|l| self.to_shown_ports(l))
                .collect(),
            exit: status.code().unwrap_or(-1),
        })
    }

    /// `jwtgrant serve … &`: start it on a free port and read its banner.
    fn start_server(&mut self, step: &Step) -> Result<Ran, String> {
        let (body, _) = split_exit_comment(&step.command);
        let body = body.trim_end().trim_end_matches('&').trim_end();
        if !body.starts_with("jwtgrant serve") {
            return Err("only `jwtgrant serve … &` may run in the background".into());
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        let shown = match words.iter().position(|w| *w == "--port") {
            Some(at) => words
                .get(at + 1)
                .and_then(|p| p.parse().ok())
                .ok_or("--port needs a number")?,
            None => DEFAULT_PORT,
        };
        let script = format!(
            "exec {} --port 0",
            self.to_real_ports(&body.replace(&format!("--port {shown}"), ""))
        );
        let mut child = self
            .shell(&script)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start bash: {e}"))?;
        let stdout = child.stdout.take().unwrap();
        self.servers.push(child);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading after the banner (the request log comes on the same pipe), so
            // the server never writes into a closed pipe; this ends when it is killed.
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut banner = Vec::new();
        let mut real = None;
        let mut wait = Duration::from_secs(30);
        while let Ok(line) = rx.recv_timeout(wait) {
            if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
                real = rest
                    .chars()
                    .take_while(|c| c.is_ascii_digit())
                    .collect::<String>()
                    .parse::<u16>()
                    .ok();
                // The banner is one write: what follows it arrives at once.
                wait = Duration::from_millis(300);
            }
            banner.push(line.trim_end().to_string());
        }
        let real = real.ok_or_else(|| format!("the server did not start: {banner:?}"))?;
        self.ports.push((shown, real));
        Ok(Ran {
            lines: banner.iter().map(|l| self.to_shown_ports(l)).collect(),
            exit: 0,
        })
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What running one Markdown file's examples found.
pub struct Checked {
    pub failures: Vec<String>,
    /// The file's text with blessed outputs, when blessing changed something.
    pub blessed: Option<String>,
}

/// Run every console block of `text` (the file at `path`) in a sandbox copied from
/// `examples`; with `bless`, return the text with new outputs.
pub fn check_file(path: &Path, text: &str, examples: &Path, bless: bool) -> Checked {
    let lines: Vec<&str> = text.lines().collect();
    let mut failures = Vec::new();
    // (range of lines to replace, new lines), applied from the end
    let mut edits: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    for fence in fences(&lines).iter().filter(|f| f.runs()) {
        let steps = match steps(&lines, fence) {
            Ok(steps) => steps,
            Err(e) => {
                failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let mut sandbox = Sandbox::new(examples);
        for step in &steps {
            let at = format!("{}:{}", path.display(), step.command_end + 1);
            let ran = match sandbox.run(step) {
                Ok(ran) => ran,
                Err(e) => {
                    failures.push(format!("{at}: `{}`: {e}", step.command));
                    break;
                }
            };
            let exit_ok = ran.exit == step.exit;
            let output_ok = matches(&step.expected, &ran.lines);
            if exit_ok && output_ok {
                continue;
            }
            let may_bless = bless && (exit_ok || ran.exit <= 1);
            if may_bless {
                let pad = " ".repeat(fence.indent);
                let mut new: Vec<String> = bless_lines(&step.expected, &ran.lines)
                    .into_iter()
                    .map(|l| if l.is_empty() { l } else { format!("{pad}{l}") })
                    .collect();
                if !exit_ok {
                    let (body, _) = split_exit_comment(lines[step.command_end]);
                    let comment = if ran.exit == 0 {
                        String::new()
                    } else {
                        format!("  # exit {}", ran.exit)
                    };
                    let mut with_command = vec![format!("{body}{comment}")];
                    with_command.append(&mut new);
                    edits.push((step.command_end..step.output.end, with_command));
                } else {
                    edits.push((step.output.clone(), new));
                }
                continue;
            }
            let mut why = String::new();
            if !exit_ok {
                why.push_str(&format!(
                    "exit status {} (the docs say {}{})\n",
                    ran.exit,
                    step.exit,
                    if bless {
                        "; exit 2 and 3 are never blessed: write `# exit N` by hand"
                    } else {
                        ""
                    }
                ));
            }
            if !output_ok {
                why.push_str(&format!(
                    "--- shown\n{}\n--- printed\n{}\n",
                    step.expected.join("\n"),
                    ran.lines.join("\n")
                ));
            }
            failures.push(format!("{at}: `{}`\n{why}", step.command));
        }
    }
    let blessed = (!edits.is_empty()).then(|| {
        let mut new: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        for (range, replacement) in edits {
            new.splice(range, replacement);
        }
        let mut text = new.join("\n");
        text.push('\n');
        text
    });
    Checked { failures, blessed }
}

/// Blessed output, with a blank line kept before the next command for readability when
/// the shown output had one.
fn bless_lines(expected: &[String], actual: &[String]) -> Vec<String> {
    let mut new = bless(expected, actual);
    let blanks = expected.len() - trimmed(expected).len();
    new.extend(std::iter::repeat_n(String::new(), blanks));
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wildcards_match_within_a_line_only() {
        assert!(line_matches(
            "Signature  RS256, [..]  (redacted)",
            "Signature  RS256, c1xe…  (redacted)"
        ));
        assert!(line_matches("a[..]b[..]c", "a1b2c"));
        assert!(!line_matches("a[..]b[..]c", "a1c2b"));
        assert!(!line_matches("eyJ[..] (410 chars)", "eyJhbGc… (411 chars)"));
        assert!(!line_matches("ab[..]ba", "aba"));
        assert!(line_matches(
            "← 401 Unauthorized in 0 ms",
            "← 401 Unauthorized in 13 ms"
        ));
        assert!(!line_matches("expires in 4 min", "expires in 5 min"));
    }

    #[test]
    fn an_elision_line_matches_any_run_of_lines() {
        let actual = v(&["a", "b", "c", "d"]);
        assert!(matches(&v(&["a", "…", "d"]), &actual));
        assert!(matches(&v(&["a", "b", "…", "c", "d"]), &actual));
        assert!(matches(&v(&["…", "c", "…"]), &actual));
        assert!(matches(&v(&["a", "b", "c", "d", "", ""]), &actual));
        assert!(!matches(&v(&["a", "c", "…"]), &actual));
        assert!(!matches(&v(&["a", "…"]), &v(&["b"])));
        assert!(!matches(&v(&["a", "b", "c"]), &actual));
        assert!(!matches(&v(&["a", "b", "c", "d", "e"]), &actual));
    }

    #[test]
    fn blessing_keeps_wildcards_when_a_line_is_inserted() {
        let shown = v(&["{", "  \"date\": \"[..]\",", "  \"b\": 1", "}"]);
        let actual = v(&[
            "{",
            "  \"date\": \"Tue\",",
            "  \"b\": 1,",
            "  \"c\": 2",
            "}",
        ]);
        assert_eq!(
            bless(&shown, &actual),
            v(&[
                "{",
                "  \"date\": \"[..]\",",
                "  \"b\": 1,",
                "  \"c\": 2",
                "}"
            ])
        );
    }

    #[test]
    fn blessing_keeps_excerpts_and_wildcards() {
        let shown = v(&["head [..]", "…", "mid 1", "mid 2", "…", "tail"]);
        let printed = v(&["head x", "h2", "h3", "mid 1", "mid two", "t1", "tail!"]);
        assert_eq!(
            bless(&shown, &printed),
            v(&["head [..]", "…", "mid 1", "mid two", "…", "tail!"])
        );
        assert_eq!(
            bless(&v(&["a", "b"]), &v(&["a", "c", "d"])),
            v(&["a", "c", "d"])
        );
        assert_eq!(
            bless(&v(&["a[..]", "b"]), &v(&["ax", "c"])),
            v(&["a[..]", "c"])
        );
        let fine = v(&["a", "…"]);
        assert_eq!(bless(&fine, &v(&["a", "z"])), fine);
    }

    #[test]
    fn steps_read_commands_continuations_and_exit_comments() {
        let text =
            "```console\n$ jwtgrant lint a \\\n    b  # exit 1\nout 1\nout 2\n\n$ cat x\nx\n```\n";
        let lines: Vec<&str> = text.lines().collect();
        let fence = &fences(&lines)[0];
        assert!(fence.runs());
        let steps = steps(&lines, fence).unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].command, "jwtgrant lint a \\\n    b  # exit 1");
        assert_eq!(steps[0].exit, 1);
        assert_eq!(steps[0].expected, v(&["out 1", "out 2", ""]));
        assert_eq!(steps[1].exit, 0);
        assert_eq!(steps[1].output, 7..8);
        let marked = fences(&["```sh no-run", "jwtgrant x", "```"]);
        assert!(marked[0].no_run() && !marked[0].runs());
    }
}
