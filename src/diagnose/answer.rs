//! What a token endpoint answered, read from a live response or from pasted text (an
//! HTTP response dump, a JSON error body, a log line with error=… key/values).

use crate::http::{Received, parse_http_date};
use serde_json::Value;

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
    /// Pasted text around the answer: matched against the catalog when there is no
    /// error_description (an AADSTS line, a log message).
    pub context: Option<String>,
}

impl Answer {
    /// What `http::post_form` received.
    pub fn from_received(r: &Received) -> Answer {
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

    fn read_object(&mut self, obj: &serde_json::Map<String, Value>) {
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        self.error = text("error");
        self.description = text("error_description").filter(|d| !d.trim().is_empty());
        self.issued = obj
            .get("access_token")
            .and_then(Value::as_str)
            .is_some_and(|t| !t.trim().is_empty());
        self.token_type = text("token_type");
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
        let mut s = format!("the server issued a {kind} token");
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
        let excerpt = self.excerpt.as_deref()?;
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
        let quote = if excerpt.is_empty() {
            " of whitespace only".to_string()
        } else {
            format!(": {excerpt:?}")
        };
        Some(format!("{kind} ({ct}, {size}){quote}"))
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
    while let Some(pos) = rest.find("HTTP/") {
        let after = &rest[pos + 5..];
        let version_end = after.find(' ').unwrap_or(after.len());
        let version = &after[..version_end];
        let code = after[version_end..].trim_start();
        if version.chars().all(|c| c.is_ascii_digit() || c == '.')
            && code.len() >= 3
            && code.as_bytes()[..3].iter().all(u8::is_ascii_digit)
            && !code.as_bytes().get(3).is_some_and(u8::is_ascii_digit)
        {
            return code[..3].parse().ok();
        }
        rest = after;
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

/// The first JSON object in the text that is an OAuth answer: one with an `error` member
/// (an error response) or an `access_token` (a pasted token response).
fn json_answer_object(text: &str) -> Option<serde_json::Map<String, Value>> {
    for (i, _) in text.match_indices('{') {
        let mut stream = serde_json::Deserializer::from_str(&text[i..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(obj))) = stream.next() {
            if obj.get("error").is_some_and(Value::is_string) || obj.contains_key("access_token") {
                return Some(obj);
            }
        }
    }
    None
}

/// `name=value`, `name="quoted value"` or `name: value` in text; percent-decoded when the
/// value came from a form or query string.
fn key_value(text: &str, name: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(pos) = text[from..].find(name).map(|p| p + from) {
        let before_ok = pos == 0 || {
            let b = bytes[pos - 1];
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
        let value = if bytes.get(i) == Some(&b'"') {
            let start = i + 1;
            let end = text[start..].find('"').map_or(text.len(), |e| start + e);
            text[start..end].to_string()
        } else {
            let end = text[i..]
                .find(['&', ' ', '\t', '\r', '\n', ',', '\'', '"'])
                .map_or(text.len(), |e| i + e);
            let raw = &text[i..end];
            url::form_urlencoded::parse(format!("v={raw}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_else(|| raw.to_string())
        };
        if !value.is_empty() {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
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
}
