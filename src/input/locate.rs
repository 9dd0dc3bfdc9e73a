//! Finding JWTs inside whatever people paste: form bodies, Authorization headers, curl
//! command lines, JSON objects, HTTP request dumps and log lines.
//!
//! The scanner is hand-written (no regex) because it runs on every line of `lint --scan`
//! and on every start-up of decode; it looks for `eyJ` / `ewo` (a JSON object `{"` or a
//! pretty-printed `{\n`, base64url-encoded) and reads the context just before the token
//! to say where it was found.

use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The input was the token and nothing else.
    Whole,
    /// `name=TOKEN` in an application/x-www-form-urlencoded body or query string.
    Form(String),
    /// `name=TOKEN` in free text (a log line), not recognisably a form.
    KeyValue(String),
    /// `"name": "TOKEN"` in JSON.
    Json(String),
    /// `Name: [scheme] TOKEN` in an HTTP header line.
    Header {
        name: String,
        scheme: Option<String>,
    },
    /// Somewhere in text, with no field name before it.
    Text,
}

impl Place {
    /// The field, member or header name, for `--field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Place::Form(n) | Place::KeyValue(n) | Place::Json(n) => Some(n),
            Place::Header { name, .. } => Some(name),
            Place::Whole | Place::Text => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Whole => f.write_str("the whole input"),
            Place::Form(n) => write!(f, "form field {n}"),
            Place::KeyValue(n) => write!(f, "{n}= in text"),
            Place::Json(n) => write!(f, "JSON member \"{n}\""),
            Place::Header {
                name,
                scheme: Some(s),
            } => write!(f, "{name} header ({s})"),
            Place::Header { name, scheme: None } => write!(f, "{name} header"),
            Place::Text => f.write_str("text"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The token text as found (may still contain whitespace when it was wrapped).
    pub token: String,
    pub place: Place,
    /// 1-based line of the input where the token starts.
    pub line: usize,
    /// The line was percent-decoded before the token could be read.
    pub percent_decoded: bool,
}

/// Form parameters that carry tokens in OAuth requests.
const TOKEN_PARAMS: &[&str] = &[
    "assertion",
    "client_assertion",
    "access_token",
    "id_token",
    "refresh_token",
    "token",
    "subject_token",
    "actor_token",
    "request",
    "logout_token",
];

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_token_byte(b: u8) -> bool {
    is_b64url(b) || matches!(b, b'.' | b'+' | b'/' | b'=')
}

/// Every JWT-looking string in `text`, in order.
pub fn find(text: &str) -> Vec<Candidate> {
    if let Some(whole) = whole_input(text) {
        return vec![whole];
    }
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        scan_line(line, i + 1, &mut found);
    }
    found
}

/// The input is one token, possibly wrapped across lines or broken by spaces.
fn whole_input(text: &str) -> Option<Candidate> {
    let trimmed = text.trim();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| w.bytes().all(is_token_byte)) {
        return None;
    }
    if !starts_like_jwt(words[0].as_bytes()) {
        return None;
    }
    // Several words that are each a whole token are several tokens, not one wrapped token.
    let complete = words
        .iter()
        .filter(|w| starts_like_jwt(w.as_bytes()) && w.matches('.').count() >= 2)
        .count();
    if words.len() > 1 && complete > 0 {
        return None;
    }
    let dots: usize = words.iter().map(|w| w.matches('.').count()).sum();
    if dots != 2 && dots != 4 {
        return None;
    }
    Some(Candidate {
        token: trimmed.to_string(),
        place: Place::Whole,
        line: 1,
        percent_decoded: false,
    })
}

fn starts_like_jwt(b: &[u8]) -> bool {
    b.starts_with(b"eyJ") || b.starts_with(b"ewo")
}

/// Scan one line, appending what it holds. Public for `lint --scan`, which streams lines.
pub fn scan_line(line: &str, line_no: usize, out: &mut Vec<Candidate>) {
    let (line, percent_decoded) = maybe_percent_decode(line);
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(rel) = find_start(&bytes[from..]) {
        let start = from + rel;
        let end = token_end(bytes, start);
        let raw = trim_sentence_dot(&line[start..end]);
        if is_plausible(raw) {
            out.push(Candidate {
                token: raw.to_string(),
                place: place_before(&line[..start]),
                line: line_no,
                percent_decoded,
            });
        }
        from = end.max(start + 1);
    }
}

fn find_start(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let window = &bytes[i..i + 3];
        if (window == b"eyJ" || window == b"ewo") && (i == 0 || !is_b64url(bytes[i - 1])) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn token_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && is_token_byte(bytes[end]) {
        end += 1;
    }
    end
}

/// "… see eyJa.eyJb.sig." ends a sentence, not a segment.
fn trim_sentence_dot(raw: &str) -> &str {
    if raw.ends_with('.') && raw.matches('.').count() == 3 {
        &raw[..raw.len() - 1]
    } else {
        raw
    }
}

/// Two or more segments, with a readable-looking claims segment when there are only two.
fn is_plausible(raw: &str) -> bool {
    let segments: Vec<&str> = raw.split('.').collect();
    match segments.len() {
        2 => starts_like_jwt(segments[1].as_bytes()),
        3..=5 => segments[0].len() >= 4 && !segments[1].is_empty(),
        _ => false,
    }
}

fn maybe_percent_decode(line: &str) -> (Cow<'_, str>, bool) {
    let encoded_dot = line.contains("%2E") || line.contains("%2e");
    let encoded_padding = line.contains("eyJ") && (line.contains("%3D") || line.contains("%2B"));
    // `assertion=%22eyJ…%22`, `Bearer%20eyJ…`: an encoded quote or space glued to the token
    let encoded_before = ["%20eyJ", "%22eyJ", "%27eyJ"]
        .iter()
        .any(|p| line.contains(p));
    if !(encoded_dot || encoded_padding || encoded_before) {
        return (Cow::Borrowed(line), false);
    }
    let bytes = line.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&line[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => (Cow::Owned(decoded), true),
        Err(_) => (Cow::Borrowed(line), false),
    }
}

/// Read the context just before a token to name where it is.
fn place_before(prefix: &str) -> Place {
    let trimmed = prefix.trim_end();
    // name=TOKEN (form body, query string, key=value log field, curl --data-urlencode)
    if let Some(before_eq) = prefix.strip_suffix('=') {
        let key = trailing_name(before_eq);
        if !key.is_empty() {
            let formish = prefix.contains('&')
                || prefix.contains('?')
                || TOKEN_PARAMS.contains(&key)
                || key.ends_with("assertion");
            return if formish {
                Place::Form(key.to_string())
            } else {
                Place::KeyValue(key.to_string())
            };
        }
    }
    // "name": "TOKEN"  or  'name': 'TOKEN'
    let unquoted = trimmed
        .strip_suffix('"')
        .or_else(|| trimmed.strip_suffix('\''))
        .map(str::trim_end);
    if let Some(before_colon) = unquoted.and_then(|p| p.strip_suffix(':')) {
        let before_colon = before_colon.trim_end();
        for quote in ['"', '\''] {
            if let Some(inner) = before_colon.strip_suffix(quote) {
                if let Some(open) = inner.rfind(quote) {
                    return Place::Json(inner[open + 1..].to_string());
                }
            }
        }
    }
    // Authorization: Bearer TOKEN  (also in curl -H '…')
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if let Some(last) = words.last() {
        let last = last.trim_start_matches(['\'', '"']);
        if let Some(name) = last.strip_suffix(':').filter(|n| is_header_name(n)) {
            return Place::Header {
                name: name.to_string(),
                scheme: None,
            };
        }
        if is_scheme(last) && words.len() >= 2 {
            let before = words[words.len() - 2].trim_start_matches(['\'', '"']);
            if let Some(name) = before.strip_suffix(':').filter(|n| is_header_name(n)) {
                return Place::Header {
                    name: name.to_string(),
                    scheme: Some(last.to_string()),
                };
            }
            return Place::Header {
                name: "Authorization".to_string(),
                scheme: Some(last.to_string()),
            };
        }
    }
    Place::Text
}

fn trailing_name(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_scheme(word: &str) -> bool {
    ["bearer", "dpop", "jwt"]
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";
    const T2: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJiIn0.c2lnMg";

    fn one(text: &str) -> Candidate {
        let found = find(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn bare_token_is_the_whole_input() {
        let c = one(&format!("  {T1}\n"));
        assert_eq!(c.place, Place::Whole);
        assert_eq!(c.token, T1);
    }

    #[test]
    fn wrapped_token_is_stitched_back_together() {
        let wrapped = format!("{}\n{}\n{}", &T1[..15], &T1[15..30], &T1[30..]);
        let c = one(&wrapped);
        assert_eq!(c.place, Place::Whole);
        assert_eq!(c.token.split_whitespace().collect::<String>(), T1);
    }

    #[test]
    fn token_wrapped_at_a_dot_is_stitched() {
        let wrapped = T1.replacen('.', ".\n  ", 1);
        let c = one(&wrapped);
        assert_eq!(c.place, Place::Whole);
    }

    #[test]
    fn two_tokens_on_two_lines_stay_two() {
        let found = find(&format!("{T1}\n{T2}\n"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].line, 2);
    }

    #[test]
    fn form_bodies_name_the_field() {
        let body = format!(
            "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={T1}&grant_type=client_credentials"
        );
        let c = one(&body);
        assert_eq!(c.place, Place::Form("client_assertion".into()));
        assert_eq!(c.token, T1);
        assert_eq!(c.place.to_string(), "form field client_assertion");
    }

    #[test]
    fn grant_form_with_assertion_first() {
        let c = one(&format!(
            "assertion={T2}&grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer"
        ));
        assert_eq!(c.place, Place::Form("assertion".into()));
    }

    #[test]
    fn percent_encoded_token_is_decoded() {
        let encoded = T1.replace('.', "%2E");
        let c = one(&format!("grant_type=x&assertion={encoded}"));
        assert_eq!(c.token, T1);
        assert!(c.percent_decoded);
    }

    #[test]
    fn encoded_quote_or_space_before_a_token_is_decoded() {
        let c = one(&format!("a=b&client_assertion=%22{T1}%22"));
        assert_eq!(c.token, T1);
        assert!(c.percent_decoded);
        assert_eq!(one(&format!("a=b&assertion=Bearer%20{T1}")).token, T1);
    }

    #[test]
    fn authorization_header_and_curl_command() {
        let c = one(&format!("Authorization: Bearer {T1}"));
        assert_eq!(
            c.place,
            Place::Header {
                name: "Authorization".into(),
                scheme: Some("Bearer".into())
            }
        );
        let curl = format!(
            "curl -X POST https://as.example.com/token -H 'Authorization: Bearer {T1}' --data-urlencode 'assertion={T2}'"
        );
        let found = find(&curl);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].place.field(), Some("Authorization"));
        assert_eq!(found[1].place, Place::Form("assertion".into()));
        assert_eq!(found[1].token, T2);
    }

    #[test]
    fn json_member() {
        let c = one(&format!(
            "{{\"grant_type\": \"x\", \"assertion\": \"{T1}\"}}"
        ));
        assert_eq!(c.place, Place::Json("assertion".into()));
        assert_eq!(c.place.to_string(), "JSON member \"assertion\"");
    }

    #[test]
    fn http_request_dump() {
        let dump = format!(
            "POST /oauth2/token HTTP/1.1\r\nHost: as.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_assertion={T2}\r\n"
        );
        let c = one(&dump);
        assert_eq!(c.place, Place::Form("client_assertion".into()));
        assert_eq!(c.line, 5);
    }

    #[test]
    fn log_lines() {
        let c = one(&format!("2026-11-25T14:00:00Z INFO sending jwt={T1} to AS"));
        assert_eq!(c.place, Place::KeyValue("jwt".into()));
        let c = one(&format!("got token {T2}."));
        assert_eq!(c.place, Place::Text);
        assert_eq!(c.token, T2);
    }

    #[test]
    fn jwe_and_missing_segment() {
        let jwe = "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn";
        assert_eq!(one(&format!("x={jwe}")).token, jwe);
        let two = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0";
        assert_eq!(one(two).token, two);
    }

    #[test]
    fn noise_is_not_a_token() {
        assert!(find("eyJust kidding, no token here").is_empty());
        assert!(find("hello world").is_empty());
        assert!(find("").is_empty());
        // embedded in a longer base64 run: not at a boundary
        assert!(find("abceyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2ln").is_empty());
    }

    #[test]
    fn standard_base64_characters_are_kept_for_the_encoding_check() {
        let bad = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJh+/0=.c2ln";
        assert_eq!(one(&format!("assertion={bad}&x=1")).token, bad);
    }
}
