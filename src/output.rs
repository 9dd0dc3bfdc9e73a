//! The output layer: every byte jwtgrant prints goes through `Output`.
//!
//! It decides color once per stream, escapes control characters from untrusted text, and
//! redacts secrets on the way out (`redact`), unless `--show-secrets`. Writes to stdout
//! return `io::Result`, so a closed pipe travels up as an error that `main` turns into a
//! quiet exit instead of a panic.

use crate::redact;
use clap::ColorChoice;
use colored::{Color, Colorize};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::RefCell;
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Semantic styles; the palette lives here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Key,
    String,
    Number,
    Literal,
    Heading,
    Dim,
    Good,
    Warn,
    Bad,
    Code,
}

pub struct Settings {
    pub color: ColorChoice,
    pub show_secrets: bool,
    pub verbose: u8,
    /// stdout carries exactly one JSON document: never colored.
    pub json: bool,
}

pub struct Output {
    color_stdout: bool,
    color_stderr: bool,
    show_secrets: bool,
    verbose: u8,
    stdout: RefCell<BufWriter<Stdout>>,
    /// Every secret form, plus the secrets this run sent (redacted wherever echoed).
    redactor: RefCell<redact::Redactor>,
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// `--color` wins; for `auto`, NO_COLOR and TERM=dumb turn color off, else the stream decides.
pub fn decide_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            is_terminal && !env_set("NO_COLOR") && !dumb
        }
    }
}

impl Output {
    pub fn new(settings: &Settings) -> Output {
        let color_stdout =
            !settings.json && decide_color(settings.color, io::stdout().is_terminal());
        let color_stderr = decide_color(settings.color, io::stderr().is_terminal());
        // `colored` has one global switch tied to stdout; we decide per stream in `paint`.
        colored::control::set_override(true);
        Output {
            color_stdout,
            color_stderr,
            show_secrets: settings.show_secrets,
            verbose: settings.verbose,
            stdout: RefCell::new(BufWriter::new(io::stdout())),
            redactor: RefCell::new(redact::Redactor::default()),
        }
    }

    /// A secret about to be sent (a client secret, a secret --param, Basic credentials):
    /// from now on it is redacted from everything printed, however a server echoes it.
    pub fn sending_secret(&self, secret: &[u8]) {
        self.redactor.borrow_mut().add_secret(secret);
    }

    /// A form field whose value is secret: redacted by name from now on, like client_secret.
    pub fn secret_field(&self, name: &str) {
        self.redactor.borrow_mut().add_field(name);
    }

    pub fn show_secrets(&self) -> bool {
        self.show_secrets
    }

    pub fn verbosity(&self) -> u8 {
        self.verbose
    }

    pub fn color(&self, stream: Stream) -> bool {
        match stream {
            Stream::Stdout => self.color_stdout,
            Stream::Stderr => self.color_stderr,
        }
    }

    /// `paint`, appended to `buf` (no allocation when the stream has no color).
    pub fn paint_into(&self, buf: &mut String, stream: Stream, text: &str, style: Style) {
        if self.color(stream) {
            buf.push_str(&self.paint(stream, text, style));
        } else {
            buf.push_str(text);
        }
    }

    /// Style `text` for `stream`, or return it unchanged when that stream has no color.
    pub fn paint(&self, stream: Stream, text: &str, style: Style) -> String {
        if !self.color(stream) {
            return text.to_string();
        }
        let colored = match style {
            Style::Key => text.color(Color::Blue).bold(),
            Style::String => text.color(Color::Green),
            Style::Number => text.color(Color::Cyan),
            Style::Literal => text.color(Color::Magenta),
            Style::Heading => text.bold(),
            Style::Dim => text.dimmed(),
            Style::Good => text.color(Color::Green).bold(),
            Style::Warn => text.color(Color::Yellow).bold(),
            Style::Bad => text.color(Color::Red).bold(),
            Style::Code => text.color(Color::Cyan),
        };
        colored.to_string()
    }

    fn redacted<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.show_secrets {
            Cow::Borrowed(text)
        } else {
            self.redactor.borrow().text(text)
        }
    }

    fn redact_json(&self, value: &mut Value) {
        if !self.show_secrets {
            self.redactor.borrow().json(value);
        }
    }

    /// Write text (one or more lines) to stdout, redacted.
    pub fn print(&self, text: &str) -> io::Result<()> {
        let text = self.redacted(text);
        let mut out = self.stdout.borrow_mut();
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Write one JSON document to stdout, redacted structurally.
    pub fn json(&self, mut value: Value) -> io::Result<()> {
        self.redact_json(&mut value);
        let mut out = self.stdout.borrow_mut();
        serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::from)?;
        out.write_all(b"\n")
    }

    /// One piece of a JSON document streamed in parts (lint over any number of tokens):
    /// `glue` is the document's own punctuation and keys, written as is; `value`, if any,
    /// is redacted structurally like `json` and written compactly after it.
    pub fn json_part(&self, glue: &str, value: Option<Value>) -> io::Result<()> {
        let mut out = self.stdout.borrow_mut();
        out.write_all(glue.as_bytes())?;
        if let Some(mut value) = value {
            self.redact_json(&mut value);
            serde_json::to_writer(&mut *out, &value).map_err(io::Error::from)?;
        }
        Ok(())
    }

    /// The one thing printed unredacted: an artifact the user explicitly asked for
    /// (the token `sign` made, a generated completion script or man page).
    pub fn artifact(&self, bytes: &[u8]) -> io::Result<()> {
        let mut out = self.stdout.borrow_mut();
        out.write_all(bytes)
    }

    pub fn flush(&self) -> io::Result<()> {
        self.stdout.borrow_mut().flush()
    }

    fn stderr_line(&self, label: &str, style: Style, message: &str) {
        // Flush first so stdout and stderr interleave in order on a terminal.
        let _ = self.flush();
        let prefix = self.paint(Stream::Stderr, label, style);
        let message = self.redacted(message);
        // A closed stderr is not worth failing over.
        let _ = writeln!(io::stderr().lock(), "jwtgrant: {prefix}{message}");
    }

    pub fn note(&self, message: &str) {
        self.stderr_line("note: ", Style::Dim, message);
    }

    pub fn warn(&self, message: &str) {
        self.stderr_line("warning: ", Style::Warn, message);
    }

    /// Shown with `-v` (level 1) or `-vv` (level 2); never carries secrets (redacted anyway).
    pub fn verbose(&self, level: u8, message: &str) {
        if self.verbose >= level {
            self.stderr_line("", Style::Dim, message);
        }
    }

    /// `jwtgrant: error: …` with the cause chain, then any hints.
    pub fn error(&self, err: &anyhow::Error) {
        let _ = self.flush();
        let mut text = self.paint(Stream::Stderr, "error: ", Style::Bad);
        text.push_str(&err.to_string());
        for cause in err.chain().skip(1) {
            text.push_str("\n  caused by: ");
            text.push_str(&cause.to_string());
        }
        for hint in err.chain().filter_map(crate::exit::hint_of) {
            text.push_str("\n  hint: ");
            text.push_str(hint);
        }
        let text = self.redacted(&text);
        let _ = writeln!(io::stderr().lock(), "jwtgrant: {text}");
    }
}

/// True when the error (or any cause) is a write to a closed pipe. The io error can sit
/// anywhere: under anyhow contexts, inside a serde_json error, or inside an `io::Error`
/// that wraps another error (`io::Error::other`), so each link is looked into.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().flat_map(crate::exit::causes).any(|e| {
        let kind = match e.downcast_ref::<io::Error>() {
            Some(io_err) => Some(io_err.kind()),
            None => e
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind),
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// Escape characters that could drive a terminal (C0/C1 controls, bidi overrides,
/// zero-width characters) so untrusted claim values print as inert text.
pub fn escape_untrusted(text: &str) -> Cow<'_, str> {
    fn needs_escape(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    }
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_bidi() {
        assert_eq!(escape_untrusted("plain"), "plain");
        assert_eq!(escape_untrusted("a\x1b[31mred"), "a\\u{001b}[31mred");
        assert_eq!(escape_untrusted("x\ny"), "x\\ny");
        assert_eq!(escape_untrusted("ab\u{202E}cd"), "ab\\u{202e}cd");
        assert_eq!(escape_untrusted("\u{9b}2J"), "\\u{009b}2J");
    }

    #[test]
    fn color_choice_always_and_never_ignore_the_terminal() {
        assert!(decide_color(ColorChoice::Always, false));
        assert!(!decide_color(ColorChoice::Never, true));
        assert!(!decide_color(ColorChoice::Auto, false));
    }

    #[test]
    fn broken_pipe_is_found_anywhere_in_the_chain() {
        let io_err = io::Error::new(io::ErrorKind::BrokenPipe, "pipe");
        let err = anyhow::Error::new(io_err).context("writing report");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("other")));
        // serde_json wraps the io error; io::Error::other wraps serde_json's error
        let json_err = serde_json::to_writer(ClosedPipe, &serde_json::json!([1])).unwrap_err();
        let wrapped = anyhow::Error::new(io::Error::other(json_err)).context("writing JSON");
        assert!(is_broken_pipe(&wrapped));
        let json_err = serde_json::to_writer(ClosedPipe, &serde_json::json!([1])).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::new(json_err)));
        let other = io::Error::other(io::Error::new(io::ErrorKind::NotFound, "x"));
        assert!(!is_broken_pipe(&anyhow::Error::new(other)));
    }

    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
