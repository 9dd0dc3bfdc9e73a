//! Redaction: what must never reach stdout, stderr or a log unless `--show-secrets`.
//!
//! Signatures (a JWT without its signature cannot be replayed), private keys, HMAC and
//! client secrets, assertion form values and issued tokens. The output layer runs every
//! line and every JSON document through here; nothing else decides what is secret.

use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

pub const REDACTED: &str = "<redacted>";

/// Bytes that must not be printed or logged. No Display, no Deref: `expose` is the only way
/// out, so every use is greppable.
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Overwrite key material before its memory is freed.
pub fn wipe(bytes: &mut [u8]) {
    for byte in bytes.iter_mut() {
        // volatile so the wipe is not optimised away
        unsafe { std::ptr::write_volatile(byte, 0) };
    }
}

/// The signature shown as its first 4 characters, enough to tell two apart.
pub fn signature_hint(signature_b64: &str) -> String {
    let head: String = signature_b64.chars().take(4).collect();
    if signature_b64.len() > 4 {
        format!("{head}…")
    } else {
        head
    }
}

/// A token for a one-line listing: the start of its header and its size, nothing reusable.
pub fn token_short(token: &str) -> String {
    let head: String = token.chars().take(12).collect();
    format!("{head}… ({} chars)", token.len())
}

/// Form fields, query parameters and JSON members whose values are credentials.
const SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "client_assertion",
    "assertion",
    "access_token",
    "refresh_token",
    "id_token",
    "device_code",
    "code_verifier",
    "subject_token",
    "actor_token",
    "password",
    "private_key",
];

/// Fields that only count in a form/query context (`&code=`, `?code=`), not in prose.
const FORM_ONLY_FIELDS: &[&str] = &["code"];

const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "dpop",
    "x-api-key",
    "x-auth-token",
];

/// JWK members that hold private or symmetric key material (RFC 7518 §6, RFC 8037 §2).
const JWK_PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Redact every secret found in free text.
pub fn text(input: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(input);
    if out.contains("-----BEGIN") {
        out = Cow::Owned(pem_blocks(&out));
    }
    // Each pass is one linear scan that returns None when nothing matches.
    if out.contains(':') {
        if let Some(changed) = headers(&out) {
            out = Cow::Owned(changed);
        }
        if out.contains('"') {
            if let Some(changed) = json_members(&out) {
                out = Cow::Owned(changed);
            }
        }
    }
    if out.contains('=') {
        if let Some(changed) = form_fields(&out) {
            out = Cow::Owned(changed);
        }
    }
    if out.contains("eyJ") || out.contains("ewo") {
        if let Some(changed) = jwt_signatures(&out) {
            out = Cow::Owned(changed);
        }
    }
    out
}

/// Redact a JSON document in place: JWK private members, secret fields, JWT signatures.
pub fn json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let is_jwk = map.contains_key("kty");
            for (key, member) in map.iter_mut() {
                let secret_name = SECRET_FIELDS.contains(&key.as_str())
                    || key == "client_secret"
                    || (is_jwk && JWK_PRIVATE_MEMBERS.contains(&key.as_str()));
                match member {
                    Value::String(s) if secret_name => {
                        if looks_like_jwt(s) && !is_jwk {
                            *s = text(s).into_owned();
                        } else {
                            *s = REDACTED.to_string();
                        }
                    }
                    Value::Array(_) | Value::Number(_) if secret_name && is_jwk => {
                        *member = Value::String(REDACTED.to_string());
                    }
                    other => json(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json),
        Value::String(s) => {
            let redacted = text(s);
            if let Cow::Owned(r) = redacted {
                *s = r;
            }
        }
        _ => {}
    }
}

fn looks_like_jwt(s: &str) -> bool {
    (s.starts_with("eyJ") || s.starts_with("ewo")) && s.matches('.').count() >= 2
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Keep header and payload (the point of the tool), replace the signature with a hint.
/// For a JWE everything after the protected header goes.
fn jwt_signatures(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    let mut i = 0;
    let mut changed = false;
    while i + 3 <= bytes.len() {
        let at_start = &bytes[i..i + 3] == b"eyJ" || &bytes[i..i + 3] == b"ewo";
        if !at_start || (i > 0 && is_b64url(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len()
            && (is_b64url(bytes[end]) || matches!(bytes[end], b'.' | b'+' | b'/' | b'='))
        {
            end += 1;
        }
        let candidate = &input[i..end];
        let segments: Vec<&str> = candidate.split('.').collect();
        let replacement = match segments.len() {
            3 if !segments[2].is_empty() => Some(format!(
                "{}.{}.{}",
                segments[0],
                segments[1],
                signature_hint(segments[2])
            )),
            4 if segments[3].is_empty() && !segments[2].is_empty() => Some(format!(
                "{}.{}.{}.",
                segments[0],
                segments[1],
                signature_hint(segments[2])
            )),
            n if n >= 5 => Some(format!("{}.<encrypted: redacted>", segments[0])),
            _ => None,
        };
        if let Some(r) = replacement {
            out.push_str(&input[last..i]);
            out.push_str(&r);
            last = end;
            changed = true;
        }
        i = end.max(i + 1);
    }
    if !changed {
        return None;
    }
    out.push_str(&input[last..]);
    Some(out)
}

fn pem_blocks(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(start) = rest.find("-----BEGIN") {
        let label_end = rest[start + 10..].find("-----").map(|e| start + 10 + e);
        let Some(label_end) = label_end else { break };
        let label = rest[start + 10..label_end].trim();
        let is_private = label.contains("PRIVATE KEY") || label.contains("SECRET");
        out.push_str(&rest[..start]);
        if !is_private {
            out.push_str(&rest[start..label_end + 5]);
            rest = &rest[label_end + 5..];
            continue;
        }
        out.push_str(&format!("<{label} redacted>"));
        let end_marker = format!("-----END {label}-----");
        match rest[label_end..].find(&end_marker) {
            Some(e) => rest = &rest[label_end + e + end_marker.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The header name that ends right before `colon` (letters, digits, '-').
fn word_before(text: &str, end: usize) -> &str {
    let bytes = text.as_bytes();
    let mut start = end;
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'-') {
        start -= 1;
    }
    &text[start..end]
}

/// `Authorization: Bearer xyz` → `Authorization: Bearer <redacted>`. One pass over the
/// colons in the text (several headers can share a line, as in a curl command).
fn headers(input: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for (colon, _) in input.match_indices(':') {
        if colon < last {
            continue;
        }
        let name = word_before(input, colon);
        if name.is_empty() || !SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            continue;
        }
        let value_start = colon + 1 + count_spaces(&input[colon + 1..]);
        let line_end = input[value_start..]
            .find(['\r', '\n', '\'', '"'])
            .map_or(input.len(), |e| value_start + e);
        let value = &input[value_start..line_end];
        // keep the auth scheme word (Bearer, Basic, DPoP) when there is one
        let keep = match value.split_once(' ') {
            Some((scheme, _)) if is_scheme(scheme) => scheme.len() + 1,
            _ => 0,
        };
        let secret_start = value_start + keep;
        if secret_start < line_end && &input[secret_start..line_end] != REDACTED {
            out.push_str(&input[last..secret_start]);
            out.push_str(REDACTED);
            last = line_end;
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&input[last..]);
    Some(out)
}

fn is_scheme(word: &str) -> bool {
    !word.is_empty() && word.len() <= 12 && word.chars().all(|c| c.is_ascii_alphabetic())
}

fn count_spaces(s: &str) -> usize {
    s.bytes().take_while(|b| *b == b' ' || *b == b'\t').count()
}

/// `"client_secret": "abc"` → `"client_secret": "<redacted>"`; JWK private members too.
/// One pass over the quoted member names in the text.
fn json_members(input: &str) -> Option<String> {
    let has_jwk = input.contains("\"kty\"");
    let is_secret = |name: &str| {
        SECRET_FIELDS.contains(&name) || (has_jwk && JWK_PRIVATE_MEMBERS.contains(&name))
    };
    let bytes = input.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while let Some(open) = input[i..].find('"').map(|p| p + i) {
        let Some(close) = string_end(input, open + 1) else {
            break;
        };
        let name = &input[open + 1..close];
        i = close + 1;
        if !is_secret(name) {
            continue;
        }
        let mut j = close + 1;
        j += count_spaces(&input[j..]);
        if bytes.get(j) != Some(&b':') {
            continue;
        }
        j += 1;
        j += count_spaces(&input[j..]);
        if bytes.get(j) != Some(&b'"') {
            continue;
        }
        let value_start = j + 1;
        let Some(value_end) = string_end(input, value_start) else {
            break;
        };
        let value = &input[value_start..value_end];
        let keep_jwt = looks_like_jwt(value) && SECRET_FIELDS.contains(&name);
        if value != REDACTED && !keep_jwt {
            out.push_str(&input[last..value_start]);
            out.push_str(REDACTED);
            last = value_end;
        }
        i = value_end + 1;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&input[last..]);
    Some(out)
}

fn string_end(s: &str, start: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `client_secret=abc&…` → `client_secret=<redacted>&…`. JWT values are left to the
/// signature pass, which keeps their readable parts. One pass over the '=' signs.
fn form_fields(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = String::new();
    let mut last = 0;
    for (eq, _) in input.match_indices('=') {
        if eq < last {
            continue;
        }
        let mut start = eq;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            start -= 1;
        }
        let name = &input[start..eq];
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let secret = if SECRET_FIELDS.contains(&name) {
            before.is_none_or(|b| b != b'-')
        } else if FORM_ONLY_FIELDS.contains(&name) {
            matches!(before, Some(b'&' | b'?'))
        } else {
            false
        };
        if !secret {
            continue;
        }
        let value_start = eq + 1;
        let value_end = input[value_start..]
            .find(['&', ' ', '\t', '\r', '\n', '"', '\'', ','])
            .map_or(input.len(), |e| value_start + e);
        let value = &input[value_start..value_end];
        if !value.is_empty() && value != REDACTED && !looks_like_jwt(value) {
            out.push_str(&input[last..value_start]);
            out.push_str(REDACTED);
            last = value_end;
        }
    }
    if last == 0 {
        return None;
    }
    out.push_str(&input[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnbmF0dXJlLXNlY3JldC1ieXRlcw";

    #[test]
    fn jwt_signature_is_replaced_by_a_hint() {
        let r = text(JWT);
        assert_eq!(r, "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2ln…");
        assert!(!r.contains("c2lnbmF0dXJl"));
    }

    #[test]
    fn jwt_inside_text_and_at_the_end_of_a_sentence() {
        let r = text(&format!("token={JWT}. next")).into_owned();
        assert!(!r.contains("XNlY3JldC"), "{r}");
        assert!(r.contains("eyJpc3MiOiJhIn0"));
    }

    #[test]
    fn jwe_keeps_only_the_protected_header() {
        let r = text("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn");
        assert_eq!(r, "eyJhbGciOiJSU0EtT0FFUCJ9.<encrypted: redacted>");
    }

    #[test]
    fn unsigned_two_segment_text_is_left_alone() {
        assert_eq!(
            text("eyJhbGciOiJub25lIn0.eyJhIjoxfQ"),
            "eyJhbGciOiJub25lIn0.eyJhIjoxfQ"
        );
    }

    #[test]
    fn form_fields_by_name() {
        let r = text("grant_type=client_credentials&client_secret=s3cr3t&client_id=app");
        assert_eq!(
            r,
            "grant_type=client_credentials&client_secret=<redacted>&client_id=app"
        );
        let r = text(&format!("client_assertion={JWT}&x=1")).into_owned();
        assert!(r.contains("eyJpc3MiOiJhIn0.c2ln…&x=1"), "{r}");
        assert_eq!(
            text("refresh_token=opaque-value"),
            "refresh_token=<redacted>"
        );
    }

    #[test]
    fn code_only_counts_in_a_form() {
        assert_eq!(text("exit code=2"), "exit code=2");
        assert_eq!(text("/cb?code=abc&state=x"), "/cb?code=<redacted>&state=x");
        assert_eq!(text("error_code=7"), "error_code=7");
    }

    #[test]
    fn headers_keep_the_scheme() {
        assert_eq!(
            text("Authorization: Bearer abc.def"),
            "Authorization: Bearer <redacted>"
        );
        assert_eq!(
            text("curl -H 'authorization: Basic dXNlcjpwYXNz' https://x"),
            "curl -H 'authorization: Basic <redacted>' https://x"
        );
        assert_eq!(text("Cookie: sid=1"), "Cookie: <redacted>");
        assert_eq!(text("X-Authorization-Mode: on"), "X-Authorization-Mode: on");
    }

    #[test]
    fn json_members_in_text() {
        let r =
            text(r#"{"access_token": "opaque", "token_type": "Bearer", "client_secret":"x\"y"}"#);
        assert_eq!(
            r,
            r#"{"access_token": "<redacted>", "token_type": "Bearer", "client_secret":"<redacted>"}"#
        );
    }

    #[test]
    fn jwk_private_members_only_in_jwks() {
        let r = text(r#"{"kty":"EC","crv":"P-256","x":"xx","y":"yy","d":"private"}"#);
        assert!(
            r.contains(r#""d":"<redacted>""#) && r.contains(r#""x":"xx""#),
            "{r}"
        );
        assert_eq!(text(r#"{"d":"a claim"}"#), r#"{"d":"a claim"}"#);
    }

    #[test]
    fn pem_private_keys_are_removed_whole() {
        let pem =
            "before\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\nafter";
        assert_eq!(text(pem), "before\n<EC PRIVATE KEY redacted>\nafter");
        let truncated = "-----BEGIN PRIVATE KEY-----\nMIIE";
        assert_eq!(text(truncated), "<PRIVATE KEY redacted>");
        let public = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----";
        assert_eq!(text(public), public);
    }

    #[test]
    fn json_values_are_redacted_structurally() {
        let mut v = serde_json::json!({
            "keys": [{"kty": "RSA", "n": "nn", "e": "AQAB", "d": "dd", "p": "pp"}],
            "access_token": "opaque",
            "nested": {"note": format!("saw {JWT}")},
            "d": "not a jwk member here",
        });
        json(&mut v);
        assert_eq!(v["keys"][0]["d"], REDACTED);
        assert_eq!(v["keys"][0]["p"], REDACTED);
        assert_eq!(v["keys"][0]["n"], "nn");
        assert_eq!(v["access_token"], REDACTED);
        assert!(!v["nested"]["note"].as_str().unwrap().contains("XNlY3JldC"));
        assert_eq!(v["d"], "not a jwk member here");
    }

    #[test]
    fn secret_debug_never_shows_bytes() {
        let s = Secret::new(b"hunter2".to_vec());
        assert_eq!(format!("{s:?}"), "Secret(<redacted, 7 bytes>)");
        assert_eq!(s.expose(), b"hunter2");
    }

    #[test]
    fn passes_match_only_what_they_should() {
        assert_eq!(
            text("guessed: iss = sub: a client"),
            "guessed: iss = sub: a client"
        );
        assert_eq!(
            text("a=1&client_secret=s&b=2"),
            "a=1&client_secret=<redacted>&b=2"
        );
        assert_eq!(
            text("PROXY-AUTHORIZATION: Basic abc"),
            "PROXY-AUTHORIZATION: Basic <redacted>"
        );
        assert_eq!(text("see x-api-key: k1"), "see x-api-key: <redacted>");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(text("nothing secret here"), Cow::Borrowed(_)));
    }
}
