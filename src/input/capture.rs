//! Readers for what support engineers are handed, recognised by content (never by file
//! name): a HAR file, a `curl --trace` / `--trace-ascii` dump, a `curl -v` transcript, raw
//! HTTP messages, JSON log lines, a curl command or form body alone, or any other text (an
//! error message). Each gives the exchanges it holds, in order, with where each was read
//! from. Pure: text in, data out; nothing is printed or fetched.

mod curl;
mod har;
mod head;
mod http_dump;
mod json_log;
mod trace;

use super::request::{self, Carrier, Kind};
use crate::exchange::{Exchange, Request};
use crate::redact::Secret;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// HAR, with who wrote it ("Chrome 131.0", "mitmproxy 11.0.2") when it says.
    Har(Option<String>),
    CurlTrace,
    CurlVerbose,
    HttpDump,
    JsonLog,
    /// A curl command line, an HTTP request or a form body, without an answer.
    Request,
    /// Text with no HTTP structure: a pasted error message or log line.
    Text,
}

impl Format {
    /// The `format` member of triage's JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Har(_) => "har",
            Format::CurlTrace => "curl_trace",
            Format::CurlVerbose => "curl_verbose",
            Format::HttpDump => "http",
            Format::JsonLog => "json_log",
            Format::Request => "request",
            Format::Text => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Format::Har(Some(creator)) => write!(f, "a HAR file from {creator}"),
            Format::Har(None) => f.write_str("a HAR file"),
            Format::CurlTrace => f.write_str("a curl --trace dump"),
            Format::CurlVerbose => f.write_str("a curl -v transcript"),
            Format::HttpDump => f.write_str("HTTP messages"),
            Format::JsonLog => f.write_str("JSON log lines"),
            Format::Request => f.write_str("a request without an answer"),
            Format::Text => f.write_str("text"),
        }
    }
}

pub struct Capture {
    pub format: Format,
    pub exchanges: Vec<Exchange>,
    /// What the reader could not read, or what the input lacks (said to the user).
    pub notes: Vec<String>,
    /// Secrets the requests carried (client secrets, Basic credentials): the output layer
    /// redacts each wherever it shows up.
    pub secrets: Vec<Secret>,
}

impl Capture {
    fn of(format: Format, exchanges: Vec<Exchange>, secrets: Vec<Secret>) -> Capture {
        Capture {
            format,
            exchanges,
            notes: Vec::new(),
            secrets,
        }
    }
}

/// Read `text` (named `name` in origins: a file name, "stdin").
pub fn read(text: &str, name: &str) -> Capture {
    if har::looks_like(text) {
        if let Some(h) = har::read(text, name) {
            let mut c = Capture::of(Format::Har(h.creator), h.exchanges, h.secrets);
            c.notes = h.notes;
            return c;
        }
    }
    if trace::looks_like(text) {
        let (exchanges, secrets) = trace::read(text, name);
        return Capture::of(Format::CurlTrace, exchanges, secrets);
    }
    if curl::looks_like(text) {
        let (exchanges, secrets, notes) = curl::read(text, name);
        let mut c = Capture::of(Format::CurlVerbose, exchanges, secrets);
        c.notes = notes;
        return c;
    }
    if http_dump::looks_like(text) {
        let (exchanges, secrets) = http_dump::read(text, name);
        return Capture::of(Format::HttpDump, exchanges, secrets);
    }
    let (exchanges, secrets) = json_log::read(text, name);
    if !exchanges.is_empty() {
        return Capture::of(Format::JsonLog, exchanges, secrets);
    }
    if let Some(request) = request_alone(text) {
        let secrets = request
            .form
            .iter()
            .filter(|(n, v)| n == "client_secret" && !v.is_empty())
            .map(|(_, v)| Secret::new(v.clone().into_bytes()))
            .collect();
        let exchange = Exchange {
            request: Some(request),
            origin: Some(name.to_string()),
            ..Exchange::default()
        };
        return Capture::of(Format::Request, vec![exchange], secrets);
    }
    let mut exchange = Exchange {
        text: Some(unescape_json(text)),
        origin: Some(name.to_string()),
        ..Exchange::default()
    };
    exchange.times.server_date = date_line(text);
    Capture::of(Format::Text, vec![exchange], Vec::new())
}

/// A `Date:` header line in pasted text: the server's clock when it answered.
fn date_line(text: &str) -> Option<i64> {
    text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("date")
            .then(|| crate::clock::parse_http_date(value))
            .flatten()
    })
}

/// A curl command line or a form body: what it would send.
fn request_alone(text: &str) -> Option<Request> {
    let parsed = request::parse(text)?;
    if !matches!(parsed.kind, Kind::Curl | Kind::Form) {
        return None;
    }
    let form = parsed
        .params
        .iter()
        .filter(|p| p.carrier == Carrier::Body)
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    Some(Request {
        method: parsed.method.clone().unwrap_or_else(|| "POST".to_string()),
        url: parsed.url.clone().unwrap_or_default(),
        headers: parsed
            .content_type
            .iter()
            .map(|c| ("content-type".to_string(), c.clone()))
            .collect(),
        form,
        basic_user: parsed.http_user.clone(),
    })
}

/// Text copied out of a JSON string (`grant_type=x\u0026client_assertion=…`, `\"`): the
/// escapes undone, so a form body in it reads as one. Other text is returned unchanged.
pub fn unescape_json(text: &str) -> String {
    if !text.contains("\\u00") && !text.contains("\\\"") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('u') => {
                chars.next();
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) if hex.len() == 4 => out.push(decoded),
                    _ => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(e @ ('"' | '/' | '\\')) => {
                chars.next();
                out.push(e);
            }
            _ => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";

    #[test]
    fn formats_are_told_apart_by_content() {
        let cases: &[(&str, Format)] = &[
            (
                r#"{"log":{"version":"1.2","entries":[]}}"#,
                Format::Har(None),
            ),
            (
                "== Info: Connected\n=> Send header, 2 bytes (0x2)\n0000: \n",
                Format::CurlTrace,
            ),
            ("> GET / HTTP/1.1\n< HTTP/1.1 200 OK\n", Format::CurlVerbose),
            ("HTTP/1.1 401 Unauthorized\n\n{}", Format::HttpDump),
            (
                "{\"body\":\"grant_type=x\\u0026assertion=y\"}",
                Format::JsonLog,
            ),
            (
                "curl https://as/t -d grant_type=x -d assertion=y",
                Format::Request,
            ),
            (
                "AADSTS700024: Client assertion is not within its valid time range.",
                Format::Text,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&read(text, "x").format, want, "{text}");
        }
    }

    #[test]
    fn json_escapes_in_plain_text_are_undone() {
        let line = format!("body=\"grant_type=x\\u0026client_assertion={T}\\u0026a=\\\"b\\\"\"");
        let c = read(&line, "stdin");
        let text = c.exchanges[0].text.as_deref().unwrap();
        assert!(
            text.contains(&format!("&client_assertion={T}&a=\"b\"")),
            "{text}"
        );
        assert_eq!(unescape_json("no escapes \\n here"), "no escapes \\n here");
        assert_eq!(unescape_json("bad \\u00zz"), "bad \\u00zz");
    }
}
