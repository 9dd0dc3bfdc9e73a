//! What a token endpoint answered, read from a live response or from pasted text (an
//! HTTP response dump, a JSON error body, a log line with error=… key/values).
//!
//! Pasted text is anyone's: no byte-offset slicing (denied below), and one pass over it.
#![deny(clippy::indexing_slicing, clippy::string_slice)]

use crate::clock::parse_http_date;
use crate::exchange::{self, Exchange};
use crate::input::percent;
use serde_json::{Map, Value};

/// How much of an unexpected body a finding quotes.
const EXCERPT_CHARS: usize = 160;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub description: Option<String>,
    /// Entra's numeric error_codes.
    pub error_codes: Vec<i64>,
    /// The body was a JSON object (an OAuth answer), not an HTML page or plain text.
    pub json: bool,
    /// The body is a JSON object with a non-empty string `access_token` (RFC 6749 §5.1).
    pub issued: bool,
    /// The token response's `token_type` and `expires_in`, when it has them.
    pub token_type: Option<String>,
    pub expires_in: Option<i64>,
    /// A token exchange response's `issued_token_type` (RFC 8693 §2.2.1).
    pub issued_token_type: Option<String>,
    /// The Content-Type header, as sent.
    pub content_type: Option<String>,
    /// What the body looked like, for a finding about an answer that is not OAuth: its start
    /// with whitespace collapsed, cut at EXCERPT_CHARS (the output layer redacts it).
    pub excerpt: Option<String>,
    /// The body's size in bytes, as read (at most the read cap).
    pub body_bytes: usize,
    /// The body was larger than the read cap; only its start was read.
    pub truncated: bool,
    /// The `Date` header, as UNIX seconds.
    pub date: Option<i64>,
    pub location: Option<String>,
    /// The `Allow` header of a 405: the methods the URL takes.
    pub allow: Option<String>,
    /// Pasted text around the answer: matched against the catalog when there is no
    /// error_description (an AADSTS line, a log message).
    pub context: Option<String>,
}

/// An RFC 8693 token type URN by its last part (`…:token-type:id-jag` is `id-jag`).
fn short_type(urn: &str) -> &str {
    urn.strip_prefix("urn:ietf:params:oauth:token-type:")
        .unwrap_or(urn)
}

impl Answer {
    /// What the exchange says the server answered: its response, or the pasted text the
    /// answer is in; None when nothing came back.
    pub fn from_exchange(e: &Exchange) -> Option<Answer> {
        match (&e.response, &e.text) {
            (Some(r), text) => {
                let mut answer = Answer::from_received(r);
                if answer.context.is_none() {
                    answer.context = text.clone();
                }
                Some(answer)
            }
            (None, Some(text)) => Some(Answer::from_text(text)),
            (None, None) => None,
        }
    }

    /// A response as received (live, or read from a capture).
    pub fn from_received(r: &exchange::Response) -> Answer {
        let mut answer =
            Answer::from_response(r.status, |h| r.header(h).map(str::to_string), &r.body);
        answer.truncated = r.truncated;
        answer
    }

    /// A live response: status, headers and body.
    pub fn from_response(
        status: u16,
        header: impl Fn(&str) -> Option<String>,
        body: &str,
    ) -> Answer {
        let mut answer = Answer {
            status: Some(status),
            date: header("date").and_then(|d| parse_http_date(&d)),
            location: header("location"),
            allow: header("allow"),
            content_type: header("content-type"),
            excerpt: Some(excerpt(body)),
            body_bytes: body.len(),
            ..Answer::default()
        };
        if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body.trim()) {
            answer.json = true;
            answer.read_object(&obj);
        }
        if answer.error.is_none() {
            // RFC 6750 style: WWW-Authenticate: Bearer error="invalid_client", error_description="…"
            if let Some(challenge) = header("www-authenticate") {
                answer.error = key_value(&challenge, "error");
                answer.description = key_value(&challenge, "error_description");
            }
        }
        answer
    }

    /// Pasted text: find a status line, a JSON error object, error=… pairs, a Date header.
    pub fn from_text(text: &str) -> Answer {
        let mut answer = Answer {
            status: status_line(text),
            context: Some(text.to_string()),
            ..Answer::default()
        };
        for line in text.lines() {
            // `curl -v` writes the response's headers after "< "
            let line = line.trim_start().strip_prefix('<').unwrap_or(line);
            if let Some((name, value)) = line.split_once(':') {
                let name = name.trim();
                if name.eq_ignore_ascii_case("date") && answer.date.is_none() {
                    answer.date = parse_http_date(value);
                } else if name.eq_ignore_ascii_case("location") && answer.location.is_none() {
                    answer.location = Some(value.trim().to_string());
                }
            }
        }
        if let Some(obj) = json_answer_object(text) {
            answer.json = true;
            answer.read_object(&obj);
        }
        if answer.error.is_none() {
            answer.error = key_value(text, "error").filter(|e| looks_like_error_code(e));
        }
        if answer.description.is_none() {
            answer.description = key_value(text, "error_description");
        }
        answer
    }

    /// The server's clock in pasted text: the `Date` header of an HTTP response in it (a
    /// dump, a `curl -v` transcript); None when the text holds no response.
    pub fn server_date_in(text: &str) -> Option<i64> {
        let answer = Answer::from_text(text);
        answer.date.filter(|_| answer.status.is_some())
    }

    fn read_object(&mut self, obj: &Map<String, Value>) {
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        self.error = text("error");
        self.description = text("error_description").filter(|d| !d.trim().is_empty());
        self.issued = obj
            .get("access_token")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty());
        self.token_type = text("token_type");
        self.issued_token_type = text("issued_token_type");
        self.expires_in = obj.get("expires_in").and_then(Value::as_i64);
        if let Some(codes) = obj.get("error_codes").and_then(Value::as_array) {
            self.error_codes = codes.iter().filter_map(Value::as_i64).collect();
        }
    }

    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    /// The one definition of "the server issued a token": a 2xx answer whose body is a JSON
    /// object with an access_token (RFC 6749 §5.1). Anything else is not ACCEPTED, however
    /// it is served (a login page, a proxy's 200, invalid or cut-off JSON).
    pub fn is_token_response(&self) -> bool {
        self.is_success() && self.issued && !self.truncated
    }

    /// "the server issued a Bearer token (expires in 1 h)": what a token response issued,
    /// without the token. None unless `is_token_response`.
    pub fn issued_summary(&self) -> Option<String> {
        if !self.is_token_response() {
            return None;
        }
        let kind = self.token_type.as_deref().unwrap_or("access");
        let mut s = match self.issued_token_type.as_deref() {
            // RFC 8693: token_type N_A says the issued token is no access token
            Some(crate::idjag::ID_JAG_TYPE) => "the server issued an ID-JAG".to_string(),
            Some(issued) => format!("the server issued a {} token", short_type(issued)),
            None => format!("the server issued a {kind} token"),
        };
        if let Some(secs) = self.expires_in {
            s.push_str(&format!(" (expires in {})", crate::clock::span(secs)));
        }
        Some(s)
    }

    /// What a token response lacks that RFC 6749 §5.1 requires (token_type, a JSON
    /// content type). The token was still issued: these are warnings.
    pub fn token_response_gaps(&self) -> Vec<String> {
        let mut gaps = Vec::new();
        if !self.is_token_response() {
            return gaps;
        }
        if self
            .token_type
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
        {
            gaps.push("it has no token_type".to_string());
        }
        match self.content_type.as_deref() {
            Some(ct) if is_json_type(ct) => {}
            Some(ct) => gaps.push(format!("its Content-Type is {ct:?}, not application/json")),
            None => gaps.push("it has no Content-Type (application/json)".to_string()),
        }
        gaps
    }

    /// "an HTML page (text/html, 35 bytes): "<html>…"": what came back, for a finding.
    /// None for an answer read from pasted text, whose body is not known as such.
    pub fn received(&self) -> Option<String> {
        let kind = self.body_kind()?;
        let excerpt = self.excerpt.as_deref()?;
        if self.body_bytes == 0 {
            return Some(kind);
        }
        let quote = if excerpt.is_empty() {
            " of whitespace only".to_string()
        } else {
            format!(": {excerpt:?}")
        };
        Some(format!("{kind}{quote}"))
    }

    /// "an HTML page (text/html, 35 bytes)": what kind of body came back, without quoting
    /// it. None for an answer read from pasted text.
    pub fn body_kind(&self) -> Option<String> {
        self.excerpt.as_ref()?;
        if self.body_bytes == 0 {
            return Some("an empty body".to_string());
        }
        let kind = match self.content_type.as_deref() {
            Some(ct) if ct.to_ascii_lowercase().contains("html") => "an HTML page",
            _ if self.json && self.issued => "JSON",
            _ if self.json => "a JSON object that is not a token response",
            Some(ct) if is_json_type(ct) => "a body that is not valid JSON",
            _ => "a body that is not JSON",
        };
        let ct = self.content_type.as_deref().unwrap_or("no Content-Type");
        let size = if self.truncated {
            crate::http::too_large()
        } else {
            format!("{} bytes", self.body_bytes)
        };
        Some(format!("{kind} ({ct}, {size})"))
    }

    pub fn is_redirect(&self) -> bool {
        self.status.is_some_and(|s| (300..400).contains(&s))
    }

    /// "invalid_client: client authentication failed", or what there is of it.
    pub fn said(&self) -> Option<String> {
        match (&self.error, &self.description) {
            (Some(e), Some(d)) => Some(format!("{e}: {d}")),
            (Some(e), None) => Some(format!("{e} (no description)")),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        }
    }
}

fn looks_like_error_code(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// `HTTP/1.1 401 Unauthorized` (or HTTP/2, HTTP/1.0) anywhere in the text.
fn status_line(text: &str) -> Option<u16> {
    let mut rest = text;
    while let Some((_, after)) = rest.split_once("HTTP/") {
        rest = after;
        // The version is digits and dots and ends at a space: read no further than that.
        let version = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        let Some(code) = after.get(version..).and_then(|a| a.strip_prefix(' ')) else {
            continue;
        };
        let code = code.trim_start().as_bytes();
        match code {
            [a, b, c, ..]
                if [a, b, c].iter().all(|d| d.is_ascii_digit())
                    && !code.get(3).is_some_and(u8::is_ascii_digit) =>
            {
                return Some(
                    [a, b, c]
                        .iter()
                        .fold(0, |n, d| n * 10 + u16::from(*d - b'0')),
                );
            }
            _ => continue,
        }
    }
    None
}

fn is_json_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The start of a body, whitespace collapsed, at most EXCERPT_CHARS characters.
fn excerpt(body: &str) -> String {
    let mut out = String::new();
    for (n, word) in body.split_whitespace().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > EXCERPT_CHARS {
            let cut: String = out.chars().take(EXCERPT_CHARS).collect();
            return format!("{cut}…");
        }
    }
    out
}

/// Bytes that failed JSON parses may re-read, as a multiple of the text (plus a floor for
/// short texts): broken or deeply nested JSON cannot make this search quadratic.
const RETRY_BUDGET: usize = 4;

/// The first JSON object in the text that is an OAuth answer (a string `error` member, or
/// an `access_token`: a pasted token response), in text order: a top-level object or one
/// nested in it (a log record wrapping the response). A value that
/// parses is searched once and skipped whole; every other `{` is tried as a start until
/// the failed tries have re-read RETRY_BUDGET times the text.
fn json_answer_object(text: &str) -> Option<Map<String, Value>> {
    let mut budget = text.len().saturating_mul(RETRY_BUDGET) + 64 * 1024;
    let mut skip_to = 0;
    for (i, _) in text.match_indices('{') {
        if i < skip_to {
            continue;
        }
        let rest = text.get(i..)?;
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                if let Some(obj) = first_answer_object(value) {
                    return Some(obj);
                }
                skip_to = i + stream.byte_offset();
            }
            Some(Err(e)) => {
                budget = budget.checked_sub(offset_of(rest, e.line(), e.column()))?;
            }
            None => return None,
        }
    }
    None
}

/// The byte offset of a 1-based line and a column counted in bytes (serde_json's).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(newlines) => text
            .match_indices('\n')
            .nth(newlines)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    line_start + column
}

/// Depth-first, members in order: the first object holding a string `error` or an
/// `access_token`.
fn first_answer_object(value: Value) -> Option<Map<String, Value>> {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(obj) => {
                if obj.get("error").is_some_and(Value::is_string)
                    || obj.contains_key("access_token")
                {
                    return Some(obj);
                }
                let members: Vec<Value> = obj.into_iter().map(|(_, v)| v).collect();
                stack.extend(members.into_iter().rev());
            }
            Value::Array(items) => stack.extend(items.into_iter().rev()),
            _ => {}
        }
    }
    None
}

/// `name=value`, `name="quoted value"` or `name: value` in text; percent-decoded when the
/// value came from a form or query string.
fn key_value(text: &str, name: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text.get(from..)?.find(name).map(|p| p + from) {
        let before_ok = pos == 0 || {
            let b = bytes.get(pos - 1).copied().unwrap_or(b' ');
            !(b.is_ascii_alphanumeric() || b == b'_')
        };
        let mut i = pos + name.len();
        from = i;
        if !before_ok {
            continue;
        }
        // an optional closing quote of a quoted key, then = or :
        if bytes.get(i) == Some(&b'"') {
            i += 1;
        }
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        if !matches!(bytes.get(i), Some(b'=') | Some(b':')) {
            continue;
        }
        i += 1;
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        // Only ASCII bytes were stepped over, so `i` is a character boundary.
        let Some(rest) = text.get(i..) else {
            continue;
        };
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.split('"').next().unwrap_or_default().to_string()
        } else {
            let raw = rest
                .split(['&', ' ', '\t', '\r', '\n', ',', '\'', '"'])
                .next()
                .unwrap_or_default();
            percent::form_component(raw).into_owned()
        };
        if !value.is_empty() {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_json_error_response() {
        let a = Answer::from_response(
            401,
            |h| (h == "date").then(|| "Tue, 25 Nov 2025 14:00:03 GMT".to_string()),
            r#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
        );
        assert_eq!(a.error.as_deref(), Some("invalid_client"));
        assert_eq!(a.date, Some(1_764_079_203));
        assert!(a.json && !a.is_success());
        assert_eq!(
            a.said().unwrap(),
            "invalid_client: client authentication failed"
        );
    }

    fn json_200(body: &str) -> Answer {
        Answer::from_response(
            200,
            |h| (h == "content-type").then(|| "application/json".to_string()),
            body,
        )
    }

    #[test]
    fn only_a_json_object_with_an_access_token_is_a_token_response() {
        let a = json_200(r#"{"access_token":"x","token_type":"Bearer","expires_in":60}"#);
        assert!(a.is_token_response());
        assert!(a.token_response_gaps().is_empty());
        assert_eq!(
            (a.token_type.as_deref(), a.expires_in),
            (Some("Bearer"), Some(60))
        );
        for body in [
            "<html><body>Sign in</body></html>",
            "{\"access_token\": ",
            &" ".repeat(10_000),
            r#"{"token_type":"Bearer"}"#,
            r#"{"access_token":"","token_type":"Bearer"}"#,
            r#"{"access_token":42,"token_type":"Bearer"}"#,
            r#"["access_token"]"#,
            "",
        ] {
            let a = json_200(body);
            assert!(a.is_success() && !a.is_token_response(), "{body:?}");
        }
        // a 4xx with an access_token is still no token
        let a = Answer::from_response(400, |_| None, r#"{"access_token":"x"}"#);
        assert!(!a.is_token_response());
        // cut off at the read cap: not a token response, whatever the start looks like
        let mut a = json_200(r#"{"access_token":"x","token_type":"Bearer"}"#);
        a.truncated = true;
        assert!(!a.is_token_response());
    }

    #[test]
    fn a_token_response_missing_what_rfc_6749_requires_is_noted() {
        let a = Answer::from_response(
            200,
            |h| (h == "content-type").then(|| "text/plain".to_string()),
            r#"{"access_token":"x"}"#,
        );
        assert!(a.is_token_response());
        let gaps = a.token_response_gaps().join("; ");
        assert!(
            gaps.contains("token_type") && gaps.contains("text/plain"),
            "{gaps}"
        );
        let a = json_200(r#"{"access_token":"x","token_type":"Bearer"}"#);
        assert!(a.token_response_gaps().is_empty());
        let a = Answer::from_response(
            200,
            |h| (h == "content-type").then(|| "application/json; charset=utf-8".to_string()),
            r#"{"access_token":"x","token_type":"Bearer"}"#,
        );
        assert!(a.token_response_gaps().is_empty());
    }

    #[test]
    fn what_was_received_is_described_and_cut_short() {
        let page = format!("<html>\n  <body>{}</body></html>", "x".repeat(500));
        let a = Answer::from_response(
            200,
            |h| (h == "content-type").then(|| "text/html; charset=utf-8".to_string()),
            &page,
        );
        let r = a.received().unwrap();
        let head = format!(
            "an HTML page (text/html; charset=utf-8, {} bytes): \"<html> <body>xxx",
            page.len()
        );
        assert!(r.starts_with(&head), "{r}");
        assert!(r.chars().count() < 260 && r.ends_with("…\""), "{r}");
        let mut a = json_200(&" ".repeat(1000));
        a.truncated = true;
        let r = a.received().unwrap();
        assert!(
            r.contains("larger than 1 MB") && r.contains("whitespace only"),
            "{r}"
        );
        assert_eq!(json_200("").received().unwrap(), "an empty body");
        assert_eq!(Answer::from_text("HTTP/1.1 200 OK").received(), None);
        assert!(
            json_200(r#"{"a":1}"#)
                .received()
                .unwrap()
                .starts_with("a JSON object that is not a token response")
        );
        assert!(
            json_200("{oops")
                .received()
                .unwrap()
                .starts_with("a body that is not valid JSON")
        );
    }

    #[test]
    fn a_pasted_token_response_is_read() {
        let a = Answer::from_text(
            "HTTP/1.1 200 OK\r\n\r\n{\"access_token\":\"abc\",\"token_type\":\"Bearer\"}",
        );
        assert!(a.issued && a.is_success());
    }

    #[test]
    fn reads_the_challenge_when_the_body_is_empty() {
        let a = Answer::from_response(
            401,
            |h| {
                (h == "www-authenticate")
                    .then(|| r#"Bearer error="invalid_client", error_description="bad aud""#.into())
            },
            "",
        );
        assert_eq!(a.error.as_deref(), Some("invalid_client"));
        assert_eq!(a.description.as_deref(), Some("bad aud"));
    }

    #[test]
    fn reads_a_pasted_http_response() {
        let text = "HTTP/1.1 400 Bad Request\r\nDate: Tue, 25 Nov 2025 14:00:03 GMT\r\n\r\n{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\",\"error_codes\":[1]}";
        let a = Answer::from_text(text);
        assert_eq!(a.status, Some(400));
        assert_eq!(a.error.as_deref(), Some("invalid_grant"));
        assert_eq!(a.description.as_deref(), Some("Invalid JWT Signature."));
        assert_eq!(a.error_codes, [1]);
        assert!(a.date.is_some());
    }

    #[test]
    fn reads_the_date_of_a_curl_verbose_transcript() {
        let text = "> POST /token HTTP/1.1\r\n> Host: as.example\r\n>\r\n< HTTP/1.1 401 Unauthorized\r\n< date: Tue, 25 Nov 2025 14:00:03 GMT\r\n< content-type: application/json\r\n<\r\n{\"error\":\"invalid_client\"}";
        let a = Answer::from_text(text);
        assert_eq!(a.status, Some(401));
        assert_eq!(a.date, Some(1_764_079_203));
        assert_eq!(a.error.as_deref(), Some("invalid_client"));
        assert_eq!(Answer::server_date_in(text), Some(1_764_079_203));
        // a Date with no response around it is nobody's clock
        assert_eq!(
            Answer::server_date_in("Date: Tue, 25 Nov 2025 14:00:03 GMT"),
            None
        );
    }

    #[test]
    fn reads_log_lines_with_key_values() {
        let a = Answer::from_text(
            "12:00 WARN token error=invalid_client error_description=\"Token reuse detected\" client=app",
        );
        assert_eq!(a.error.as_deref(), Some("invalid_client"));
        assert_eq!(a.description.as_deref(), Some("Token reuse detected"));
        let a = Answer::from_text("cb?error=access_denied&error_description=user+said+no");
        assert_eq!(a.description.as_deref(), Some("user said no"));
        let a =
            Answer::from_text("AADSTS700024: Client assertion is not within its valid time range.");
        assert_eq!(a.error, None);
        assert_eq!(a.status, None);
    }

    #[test]
    fn status_lines_among_noise() {
        assert_eq!(status_line("HTTP/HTTP/1.1HTTP/2 401 x"), Some(401));
        assert_eq!(status_line("< HTTP/1.1   400\r\n"), Some(400));
        assert_eq!(status_line("HTTP/1.1 4000 HTTP/1.0 200 OK"), Some(200));
        assert_eq!(status_line("HTTP/x 401 HTTP/1.1 40"), None);
        assert_eq!(status_line(&"HTTP/".repeat(100_000)), None);
        assert_eq!(status_line("HTTP/1.1 \u{e9}\u{e9}\u{e9}"), None);
    }

    #[test]
    fn error_objects_nested_or_after_broken_json() {
        let nested =
            r#"{"level":"warn","response":{"status":401,"body":{"error":"invalid_client"}}}"#;
        let obj = json_answer_object(nested).unwrap();
        assert_eq!(obj["error"], "invalid_client");
        // a truncated log record still yields the complete object inside it
        let cut = r#"log {"ts":1,"resp":{"error":"invalid_grant"},"msg":"trunc"#;
        assert_eq!(json_answer_object(cut).unwrap()["error"], "invalid_grant");
        // the first in text order wins, also across top-level values
        let two = r#"{"a":[{"error":"first"}]} {"error":"second"}"#;
        assert_eq!(json_answer_object(two).unwrap()["error"], "first");
        assert_eq!(
            json_answer_object(r#"{"error":1} {"x":{"error":"s"}}"#).unwrap()["error"],
            "s"
        );
        assert!(json_answer_object("{{{{ not json").is_none());
    }

    #[test]
    fn hostile_json_is_given_up_on_within_the_budget() {
        // Deep nesting that never closes: every `{` starts a parse that reads on to the
        // nesting limit. The budget ends the search; nothing is found, nothing hangs.
        let deep = r#"{"a":"#.repeat(5_000);
        assert!(json_answer_object(&deep).is_none());
        let deep_then_error = format!("{deep} {{\"error\":\"invalid_client\"}}");
        // past the budget the search stops: better no answer than a hang
        let _ = json_answer_object(&deep_then_error);
        // a valid deep value is parsed once and skipped, so what follows is still found
        let valid = format!(
            "{}1{} {{\"error\":\"x\"}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(json_answer_object(&valid).unwrap()["error"], "x");
    }

    #[test]
    fn key_values_with_multibyte_text_around_them() {
        assert_eq!(
            key_value("\u{e9}error=invalid_client", "error").as_deref(),
            Some("invalid_client")
        );
        assert_eq!(
            key_value(
                "x error_description=caf%C3%A9+ok \u{e9}",
                "error_description"
            )
            .as_deref(),
            Some("caf\u{e9} ok")
        );
        assert_eq!(
            key_value("error=\"unterminated \u{e9}", "error").as_deref(),
            Some("unterminated \u{e9}")
        );
        assert_eq!(key_value("error=", "error"), None);
    }
}
