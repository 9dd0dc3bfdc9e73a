//! HTTP/1.x and HTTP/2 messages as transcripts show them: a request line or a status line,
//! `Name: value` header lines, a body. Read leniently (any version, bare LF or CRLF, a head
//! cut before its blank line), because people paste them; `httparse` refuses `HTTP/2` status
//! lines (what `curl -v` prints for HTTP/2) and cut heads, so this is hand-written.

use crate::clock::parse_http_date;
use crate::exchange::{Request, Response, Times};
use crate::input::percent;
use crate::redact::{REDACTED, Secret};
use serde_json::Value;

/// `POST /token HTTP/1.1` → (method, target).
pub fn request_line(line: &str) -> Option<(&str, &str)> {
    let mut words = line.split_whitespace();
    let (method, target, version) = (words.next()?, words.next()?, words.next()?);
    let method_ok = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    if !method_ok || !is_version(version) || words.next().is_some() {
        return None;
    }
    Some((method, target))
}

/// `HTTP/1.1 401 Unauthorized` or `HTTP/2 401` → (status, reason).
pub fn status_line(line: &str) -> Option<(u16, String)> {
    let line = line.trim();
    let (version, rest) = line.split_once(' ')?;
    if !is_version(version) {
        return None;
    }
    let rest = rest.trim_start();
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let status: u16 = code.parse().ok()?;
    (100..=599)
        .contains(&status)
        .then(|| (status, reason.trim().to_string()))
}

fn is_version(word: &str) -> bool {
    word.strip_prefix("HTTP/")
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// `Name: value` (the name a token, the value trimmed).
pub fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b));
    name_ok.then(|| (name.to_string(), value.trim().to_string()))
}

/// Where a request went when its head names only a path: the scheme the transcript shows
/// (curl's TLS lines), else https, except to a loopback host.
pub fn absolute_url(target: &str, headers: &[(String, String)], tls: Option<bool>) -> String {
    if target.starts_with("http://") || target.starts_with("https://") {
        return target.to_string();
    }
    let host = find(headers, "host")
        .or_else(|| find(headers, ":authority"))
        .unwrap_or("");
    if host.is_empty() {
        return target.to_string();
    }
    let loopback =
        host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]");
    let scheme = match tls {
        Some(true) => "https",
        Some(false) => "http",
        None if loopback => "http",
        None => "https",
    };
    format!("{scheme}://{host}{target}")
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The body's fields: a form body's pairs, or a JSON object's string members (which a
/// server would not read as a form; lint says so when it reads the same text).
pub fn form_fields(body: &str, content_type: Option<&str>) -> Vec<(String, String)> {
    let body = body.trim();
    if body.is_empty() {
        return Vec::new();
    }
    if body.starts_with('{') {
        if let Ok(Value::Object(obj)) = serde_json::from_str::<Value>(body) {
            return obj
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect();
        }
    }
    let is_form = content_type.is_some_and(|c| c.contains("x-www-form-urlencoded"))
        || (!body.contains(char::is_whitespace) && body.split('&').all(|p| p.contains('=')));
    if !is_form {
        return Vec::new();
    }
    percent::form_pairs(body)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect()
}

/// The secrets a request carries, to be redacted wherever they show up (a server echoing
/// them, a log line): client_secret values and HTTP Basic credentials.
pub fn secrets_of(form: &[(String, String)], headers: &[(String, String)]) -> Vec<Secret> {
    let mut found: Vec<Secret> = form
        .iter()
        .filter(|(n, v)| n == "client_secret" && !v.is_empty())
        .map(|(_, v)| Secret::new(v.clone().into_bytes()))
        .collect();
    for (name, value) in headers {
        if !name.eq_ignore_ascii_case("authorization") {
            continue;
        }
        if let Some((_, credentials)) = value.split_once(' ') {
            found.push(Secret::new(credentials.trim().as_bytes().to_vec()));
            if let Some((_, password)) = basic_pair(value) {
                found.push(Secret::new(password.into_bytes()));
            }
        }
    }
    found
}

/// `Basic base64(user:password)` → (user, password), each form-decoded (RFC 6749 §2.3.1).
fn basic_pair(value: &str) -> Option<(String, String)> {
    let (scheme, credentials) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = data_encoding::BASE64
        .decode(credentials.trim().as_bytes())
        .ok()?;
    let pair = String::from_utf8(decoded).ok()?;
    let (user, password) = pair.split_once(':')?;
    Some((
        percent::form_component(user).into_owned(),
        percent::form_component(password).into_owned(),
    ))
}

/// A header as the exchange keeps it: credentials replaced, the scheme word kept.
fn kept_header(name: &str, value: &str) -> String {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "authorization" | "proxy-authorization" => match value.trim().split_once(' ') {
            Some((scheme, _)) => format!("{scheme} {REDACTED}"),
            None => REDACTED.to_string(),
        },
        "cookie" => REDACTED.to_string(),
        _ => value.to_string(),
    }
}

/// The request a head and body describe.
pub fn request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &str,
    tls: Option<bool>,
) -> Request {
    let content_type = find(headers, "content-type");
    Request {
        method: method.to_string(),
        url: absolute_url(target, headers, tls),
        headers: headers
            .iter()
            .map(|(n, v)| (n.clone(), kept_header(n, v)))
            .collect(),
        form: form_fields(body, content_type),
        basic_user: find(headers, "authorization")
            .and_then(basic_pair)
            .map(|(user, _)| user),
    }
}

pub fn response(status: u16, reason: &str, headers: Vec<(String, String)>, body: &str) -> Response {
    let reason = if reason.is_empty() {
        canonical_reason(status).to_string()
    } else {
        reason.to_string()
    };
    Response {
        status,
        reason,
        headers,
        body: body.to_string(),
        truncated: false,
    }
}

/// The server's clock, from a response's `Date` header.
pub fn server_date(response: Option<&Response>) -> Times {
    Times {
        server_date: response
            .and_then(|r| r.header("date"))
            .and_then(parse_http_date),
        ..Times::default()
    }
}

/// The reason phrases a token endpoint answers with (HTTP/2 sends none).
fn canonical_reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn start_lines_of_any_version() {
        assert_eq!(
            request_line("POST /token HTTP/1.1"),
            Some(("POST", "/token"))
        );
        assert_eq!(request_line("POST /token HTTP/2"), Some(("POST", "/token")));
        assert_eq!(request_line("post /token HTTP/1.1"), None);
        assert_eq!(request_line("Note: Unnecessary use of -X"), None);
        assert_eq!(status_line("HTTP/2 401"), Some((401, String::new())));
        assert_eq!(
            status_line("HTTP/1.1 401 Unauthorized\r"),
            Some((401, "Unauthorized".into()))
        );
        assert_eq!(status_line("HTTP/1.1 4011 x"), None);
        assert_eq!(status_line("HTTPS/1.1 200 OK"), None);
    }

    #[test]
    fn a_path_becomes_a_url_on_the_host() {
        let h = vec![("Host".to_string(), "as.example.com".to_string())];
        assert_eq!(
            absolute_url("/token", &h, None),
            "https://as.example.com/token"
        );
        let local = vec![("host".to_string(), "127.0.0.1:8787".to_string())];
        assert_eq!(
            absolute_url("/token", &local, None),
            "http://127.0.0.1:8787/token"
        );
        assert_eq!(
            absolute_url("/token", &local, Some(true)),
            "https://127.0.0.1:8787/token"
        );
        assert_eq!(absolute_url("/token", &[], None), "/token");
    }

    #[test]
    fn basic_credentials_give_the_user_and_are_kept_redacted() {
        // "my client:p@ss" form-encoded, then base64
        let value = format!(
            "Basic {}",
            data_encoding::BASE64.encode(b"my+client:p%40ss")
        );
        let headers = vec![("Authorization".to_string(), value.clone())];
        let r = request("POST", "https://as/t", &headers, "a=1&b=2", None);
        assert_eq!(r.basic_user.as_deref(), Some("my client"));
        assert_eq!(r.headers[0].1, format!("Basic {REDACTED}"));
        let secrets = secrets_of(&r.form, &headers);
        assert!(secrets.iter().any(|s| s.expose() == b"p@ss"));
    }

    #[test]
    fn bodies_are_forms_or_json_members() {
        assert_eq!(
            form_fields("grant_type=x&assertion=a%2Eb", None),
            [
                ("grant_type".to_string(), "x".to_string()),
                ("assertion".to_string(), "a.b".to_string())
            ]
        );
        assert_eq!(
            form_fields(r#"{"assertion":"e","n":1}"#, None),
            [("assertion".to_string(), "e".to_string())]
        );
        assert!(form_fields("<html>hi there</html>", None).is_empty());
    }
}
