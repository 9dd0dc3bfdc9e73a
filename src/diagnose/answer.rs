//! What a token endpoint answered, read from a live response or from pasted text (an
//! HTTP response dump, a JSON error body, a log line with error=… key/values).

use crate::http::parse_http_date;
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub description: Option<String>,
    /// Entra's numeric error_codes.
    pub error_codes: Vec<i64>,
    /// The body was a JSON object (an OAuth answer), not an HTML page or plain text.
    pub json: bool,
    /// The body carries an access_token (a successful token response).
    pub issued: bool,
    /// The `Date` header, as UNIX seconds.
    pub date: Option<i64>,
    pub location: Option<String>,
    /// Pasted text around the answer: matched against the catalog when there is no
    /// error_description (an AADSTS line, a log message).
    pub context: Option<String>,
}

impl Answer {
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
        if let Some(obj) = json_error_object(text) {
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
        self.issued = obj.contains_key("access_token");
        if let Some(codes) = obj.get("error_codes").and_then(Value::as_array) {
            self.error_codes = codes.iter().filter_map(Value::as_i64).collect();
        }
    }

    pub fn is_success(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
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

/// The first JSON object in the text that has an `error` member.
fn json_error_object(text: &str) -> Option<serde_json::Map<String, Value>> {
    for (i, _) in text.match_indices('{') {
        let mut stream = serde_json::Deserializer::from_str(&text[i..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(obj))) = stream.next() {
            if obj.get("error").is_some_and(Value::is_string) {
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
