//! Redaction: what must never reach stdout, stderr or a log unless `--show-secrets`.
//!
//! Signatures (a JWT without its signature cannot be replayed), private keys, HMAC and
//! client secrets, assertion form values and issued tokens, URL passwords, credentials in
//! pasted commands (`curl -u user:pw`, `-H 'Authorization: …'`, `-b`), cookies, and any
//! secret jwtgrant itself sent (`Known`), in whatever encoding a server echoes it back.
//! The output layer runs every line and every JSON document through here; nothing else
//! decides what is secret.

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

/// A form field, query parameter or JSON member whose value is a credential.
pub fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.contains(&name)
}

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
    "api-key",
    "x-api-token",
    "private-token",
    "x-vault-token",
    "x-amz-security-token",
];

pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// Command-line options whose value is `user:password` (curl, wget, httpie): the part
/// after the first colon is the secret.
const USER_PASSWORD_FLAGS: &[&str] = &["-u", "--user", "-U", "--proxy-user", "-a", "--auth"];
/// Options whose whole value is a secret.
const SECRET_VALUE_FLAGS: &[&str] = &[
    "--oauth2-bearer",
    "--pass",
    "--password",
    "--http-password",
    "--proxy-password",
];
/// Options whose value is cookies (`name=value; …`), or a cookie file.
const COOKIE_FLAGS: &[&str] = &["-b", "--cookie"];

/// JWK members that hold private or symmetric key material (RFC 7518 §6, RFC 8037 §2).
pub const JWK_PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Redact every secret found in free text, with nothing sent yet. Outside tests, all
/// redaction goes through the output layer's `Redactor`.
#[cfg(test)]
pub fn text(input: &str) -> Cow<'_, str> {
    Redactor::default().text(input)
}

/// Redact a JSON document in place: JWK private members, secret fields, JWT signatures.
#[cfg(test)]
pub fn json(value: &mut Value) {
    Redactor::default().json(value)
}

/// The passes over free text, with the run's extra secret field names.
fn text_passes<'a>(input: &'a str, r: &Redactor) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(input);
    if out.contains("-----BEGIN") {
        out = Cow::Owned(pem_blocks(&out));
    }
    if out.contains("://") {
        if let Some(changed) = url_userinfo(&out) {
            out = Cow::Owned(changed);
        }
    }
    if out.contains('-') {
        if let Some(changed) = command_flags(&out) {
            out = Cow::Owned(changed);
        }
    }
    // Each pass is one linear scan that returns None when nothing matches.
    if out.contains(':') {
        if let Some(changed) = headers(&out) {
            out = Cow::Owned(changed);
        }
        if out.contains('"') {
            // Line by line: a cut-off string (a body preview) on one line must not shift
            // which quotes open a member name on the next. A JWK's "kty" counts for the
            // whole text (pretty JSON puts it on another line than "d").
            let has_jwk = out.contains("\"kty\"");
            let mut changed = false;
            let mut lines = String::with_capacity(out.len());
            for line in out.split_inclusive('\n') {
                match json_members(line, has_jwk, r) {
                    Some(redacted) => {
                        changed = true;
                        lines.push_str(&redacted);
                    }
                    None => lines.push_str(line),
                }
            }
            if changed {
                out = Cow::Owned(lines);
            }
        }
    }
    if out.contains('=') {
        if let Some(changed) = form_fields(&out, r) {
            out = Cow::Owned(changed);
        }
    }
    if crate::input::locate::contains_start(out.as_bytes()) {
        if let Some(changed) = jwt_signatures(&out) {
            out = Cow::Owned(changed);
        }
    }
    out
}

fn json_walk(value: &mut Value, r: &Redactor) {
    match value {
        Value::Object(map) => {
            let is_jwk = map.contains_key("kty");
            for (key, member) in map.iter_mut() {
                let secret_name = r.is_secret_field(key)
                    || (is_jwk && JWK_PRIVATE_MEMBERS.contains(&key.as_str()));
                if is_secret_header(key) {
                    header_member(key, member);
                    continue;
                }
                match member {
                    Value::String(s) if secret_name => {
                        if looks_like_jwt(s) && !is_jwk {
                            *s = text_passes(s, r).into_owned();
                        } else {
                            *s = REDACTED.to_string();
                        }
                    }
                    Value::Array(_) | Value::Number(_) if secret_name && is_jwk => {
                        *member = Value::String(REDACTED.to_string());
                    }
                    other => json_walk(other, r),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| json_walk(v, r)),
        Value::String(s) => {
            let redacted = text_passes(s, r);
            if let Cow::Owned(r) = redacted {
                *s = r;
            }
        }
        _ => {}
    }
}

/// A header held as a JSON member (`"set-cookie": "…"`, or an array of values).
fn header_member(name: &str, member: &mut Value) {
    match member {
        Value::String(s) => *s = header_value(name, s),
        Value::Array(items) => items.iter_mut().for_each(|v| header_member(name, v)),
        Value::Null | Value::Bool(_) => {}
        other => *other = Value::String(REDACTED.to_string()),
    }
}

/// A secret header's value as shown: the auth scheme (Bearer, Basic, DPoP) and cookie
/// names and attributes stay, the credentials go.
fn header_value(name: &str, value: &str) -> String {
    if value == REDACTED || (value.ends_with(REDACTED) && !value.contains('=')) {
        return value.to_string();
    }
    let is_cookie = name.eq_ignore_ascii_case("cookie");
    if is_cookie || name.eq_ignore_ascii_case("set-cookie") {
        return cookies(value, is_cookie);
    }
    match value.split_once(' ') {
        Some((scheme, rest)) if is_scheme(scheme) && !rest.trim().is_empty() => {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.to_string(),
    }
}

/// `a=1; b=2` → `a=<redacted>; b=<redacted>` (Cookie); `sid=1; Path=/` →
/// `sid=<redacted>; Path=/` (Set-Cookie: only the first pair is the cookie).
fn cookies(value: &str, every_pair: bool) -> String {
    let mut parts = Vec::new();
    for (i, part) in value.split(';').enumerate() {
        let is_cookie = i == 0 || every_pair;
        match part.split_once('=') {
            Some((name, _)) if is_cookie => parts.push(format!("{name}={REDACTED}")),
            None if is_cookie && !part.trim().is_empty() => parts.push(REDACTED.to_string()),
            _ => parts.push(part.to_string()),
        }
    }
    parts.join(";")
}

fn looks_like_jwt(s: &str) -> bool {
    crate::input::locate::starts_like_jwt(s.as_bytes()) && s.matches('.').count() >= 2
}

/// Keep header and payload (the point of the tool), replace the signature with a hint.
/// For a JWE everything after the protected header goes.
fn jwt_signatures(input: &str) -> Option<String> {
    use crate::input::locate;
    let bytes = input.as_bytes();
    let mut edits = Edits::new(input);
    let mut from = 0;
    // where a token starts and ends is locate's call, so what is found is what is redacted
    while let Some(i) = locate::find_start(bytes, from) {
        let end = locate::token_end(bytes, i);
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
            edits.replace(i, end, &r);
        }
        from = end.max(i + 1);
    }
    edits.finish()
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

/// A pass's output: the input with some spans replaced, left to right. `finish` is None
/// when nothing was replaced, so clean text is never copied.
struct Edits<'a> {
    input: &'a str,
    out: String,
    /// Where the input not yet copied starts.
    done: usize,
    changed: bool,
}

impl<'a> Edits<'a> {
    fn new(input: &'a str) -> Edits<'a> {
        Edits {
            input,
            out: String::new(),
            done: 0,
            changed: false,
        }
    }

    /// Replace `input[start..end]` (at or after anything replaced before) with `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        if !self.changed {
            self.out.reserve(self.input.len());
        }
        self.out.push_str(&self.input[self.done..start]);
        self.out.push_str(with);
        self.done = end;
        self.changed = true;
    }

    fn finish(mut self) -> Option<String> {
        if !self.changed {
            return None;
        }
        self.out.push_str(&self.input[self.done..]);
        Some(self.out)
    }
}

/// `Authorization: Bearer xyz` → `Authorization: Bearer <redacted>`. One pass over the
/// colons in the text (several headers can share a line, as in a curl command).
fn headers(input: &str) -> Option<String> {
    let mut edits = Edits::new(input);
    for (colon, _) in input.match_indices(':') {
        if colon < edits.done {
            continue;
        }
        let name = word_before(input, colon);
        if name.is_empty() || !is_secret_header(name) {
            continue;
        }
        let value_start = colon + 1 + count_spaces(&input[colon + 1..]);
        let line_end = input[value_start..]
            .find(['\r', '\n', '\'', '"'])
            .map_or(input.len(), |e| value_start + e);
        let value = &input[value_start..line_end];
        let shown = header_value(name, value);
        if !value.is_empty() && shown != value {
            edits.replace(value_start, line_end, &shown);
        }
    }
    edits.finish()
}

fn is_scheme(word: &str) -> bool {
    !word.is_empty() && word.len() <= 12 && word.chars().all(|c| c.is_ascii_alphabetic())
}

fn count_spaces(s: &str) -> usize {
    s.bytes().take_while(|b| *b == b' ' || *b == b'\t').count()
}

/// `"client_secret": "abc"` → `"client_secret": "<redacted>"`; JWK private members too.
/// One pass over the quoted member names in the text.
fn json_members(input: &str, has_jwk: bool, r: &Redactor) -> Option<String> {
    let is_secret = |name: &str| {
        r.is_secret_field(name)
            || (has_jwk && JWK_PRIVATE_MEMBERS.contains(&name))
            || is_secret_header(name)
    };
    let bytes = input.as_bytes();
    let mut edits = Edits::new(input);
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
        let keep_jwt = looks_like_jwt(value) && r.is_secret_field(name);
        let shown = if is_secret_header(name) {
            header_value(name, value)
        } else {
            REDACTED.to_string()
        };
        if value != shown && !keep_jwt {
            edits.replace(value_start, value_end, &shown);
        }
        i = value_end + 1;
    }
    edits.finish()
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
fn form_fields(input: &str, r: &Redactor) -> Option<String> {
    let bytes = input.as_bytes();
    let mut edits = Edits::new(input);
    for (eq, _) in input.match_indices('=') {
        if eq < edits.done {
            continue;
        }
        let mut start = eq;
        while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            start -= 1;
        }
        let name = &input[start..eq];
        let before = start.checked_sub(1).map(|i| bytes[i]);
        let secret = if r.is_secret_field(name) {
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
        let mut value_end = input[value_start..]
            .find(['&', ' ', '\t', '\r', '\n', '"', '\'', ','])
            .map_or(input.len(), |e| value_start + e);
        // Prose such as "(assertion=)" names a field; its closing parenthesis is not a value.
        if before == Some(b'(') && input[value_start..value_end].ends_with(')') {
            value_end -= 1;
        }
        let value = &input[value_start..value_end];
        if !value.is_empty() && value != REDACTED && !looks_like_jwt(value) {
            edits.replace(value_start, value_end, REDACTED);
        }
    }
    edits.finish()
}

/// Where a URL's authority ends (path, query, fragment, or text around the URL).
fn authority_end(b: u8) -> bool {
    matches!(
        b,
        b'/' | b'?'
            | b'#'
            | b' '
            | b'\t'
            | b'\r'
            | b'\n'
            | b'"'
            | b'\''
            | b'<'
            | b'>'
            | b'`'
            | b')'
            | b']'
            | b','
    )
}

/// `https://app:s3cret@as.example/token` → `https://app:<redacted>@as.example/token`.
/// One pass over the `://` in the text; a user name alone is kept.
fn url_userinfo(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut edits = Edits::new(input);
    for (sep, _) in input.match_indices("://") {
        let start = sep + 3;
        if start < edits.done {
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|b| authority_end(*b))
            .map_or(bytes.len(), |e| start + e);
        let authority = &input[start..end];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let userinfo = &authority[..at];
        let Some(colon) = userinfo.find(':') else {
            continue;
        };
        let (pw_start, pw_end) = (start + colon + 1, start + at);
        if pw_start < pw_end && &input[pw_start..pw_end] != REDACTED {
            edits.replace(pw_start, pw_end, REDACTED);
        }
    }
    edits.finish()
}

/// Credentials given as command-line options in pasted commands: `curl -u app:pw`,
/// `--user=app:pw`, `-uapp:pw`, `--oauth2-bearer TOKEN`, `-b 'sid=…'`, wget's
/// `--password=pw`, httpie's `-a app:pw`. One pass over the option starts in the text.
fn command_flags(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut edits = Edits::new(input);
    for (dash, _) in input.match_indices('-') {
        if dash < edits.done
            || (dash > 0 && !matches!(bytes[dash - 1], b' ' | b'\t' | b'\n' | b'\'' | b'"'))
        {
            continue;
        }
        let Some((flag, value_start, quote)) = flag_value(input, dash) else {
            continue;
        };
        let value_end = match quote {
            Some(q) => input[value_start..].find(q as char),
            None => input[value_start..].find([' ', '\t', '\r', '\n', '\'', '"']),
        }
        .map_or(input.len(), |e| value_start + e);
        let value = &input[value_start..value_end];
        let secret = if USER_PASSWORD_FLAGS.contains(&flag) {
            value.find(':').map(|c| value_start + c + 1)
        } else if SECRET_VALUE_FLAGS.contains(&flag) {
            Some(value_start)
        } else {
            // a cookie string, not a cookie file name
            value.find('=').map(|e| value_start + e + 1)
        };
        let Some(secret_start) = secret else { continue };
        if secret_start < value_end && &input[secret_start..value_end] != REDACTED {
            edits.replace(secret_start, value_end, REDACTED);
        }
    }
    edits.finish()
}

/// At `dash`, one of the credential options: the option, where its value starts, and the
/// quote around the value, if any. Accepts `-u v`, `-uv`, `--user v`, `--user=v`.
fn flag_value(input: &str, dash: usize) -> Option<(&'static str, usize, Option<u8>)> {
    let rest = &input[dash..];
    let flag = USER_PASSWORD_FLAGS
        .iter()
        .chain(SECRET_VALUE_FLAGS)
        .chain(COOKIE_FLAGS)
        .filter(|f| rest.starts_with(**f))
        .max_by_key(|f| f.len())?;
    let after = dash + flag.len();
    let next = input.as_bytes().get(after).copied();
    let is_long = flag.starts_with("--");
    let value_start = match next {
        Some(b' ' | b'\t') => after + count_spaces(&input[after..]),
        Some(b'=') if is_long => after + 1,
        // short options take their value attached (-uapp:pw); long ones never do
        Some(_) if !is_long => after,
        _ => return None,
    };
    match input.as_bytes().get(value_start) {
        Some(q @ (b'\'' | b'"')) => Some((flag, value_start + 1, Some(*q))),
        Some(b'-') | None => None,
        Some(_) => Some((flag, value_start, None)),
    }
}

/// The redaction of one run: every form above, plus what this run sent. Secrets jwtgrant
/// itself sent (a client secret, a `--secret-param` value, the Basic credentials) may come
/// back in a body, a description or a header, so they are redacted wherever they appear,
/// in each encoding an echo might use; the names of secret fields it sent are redacted by
/// name like `client_secret`, whatever their length.
#[derive(Default)]
pub struct Redactor {
    needles: Vec<String>,
    fields: Vec<String>,
}

impl Drop for Redactor {
    fn drop(&mut self) {
        for needle in &mut self.needles {
            wipe(&mut std::mem::take(needle).into_bytes());
        }
    }
}

/// Every byte but ASCII letters and digits as %XX (how a query string or a strict encoder
/// would echo it; the form encoding above differs in space and `*-._`).
fn percent_encoded(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3);
    for b in bytes {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(*b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Shorter secrets are not searched for: replacing every two-letter match would wreck
/// the output, and a secret that short is guessable anyway (and warned about).
const KNOWN_MIN_LEN: usize = 4;

impl Redactor {
    pub fn text<'a>(&self, input: &'a str) -> Cow<'a, str> {
        self.scrub(text_passes(input, self))
    }

    pub fn json(&self, value: &mut Value) {
        json_walk(value, self);
        self.scrub_json(value);
    }

    fn is_secret_field(&self, name: &str) -> bool {
        is_secret_field(name) || self.fields.iter().any(|f| f == name)
    }

    /// A form field whose value is a secret (a `--secret-param`).
    pub fn add_field(&mut self, name: &str) {
        if !self.is_secret_field(name) {
            self.fields.push(name.to_string());
        }
    }

    /// A secret value about to be sent.
    pub fn add_secret(&mut self, secret: &[u8]) {
        let mut forms = vec![
            url::form_urlencoded::byte_serialize(secret).collect::<String>(),
            percent_encoded(secret),
        ];
        if let Ok(text) = std::str::from_utf8(secret) {
            forms.push(text.to_string());
            let json = serde_json::to_string(text).unwrap_or_default();
            forms.push(json.trim_matches('"').to_string());
            forms.push(
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;"),
            );
        }
        for form in forms {
            if form.len() >= KNOWN_MIN_LEN && !self.needles.contains(&form) {
                self.needles.push(form);
            }
        }
        // longest first, so a form that contains another is replaced whole
        self.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    }

    /// Replace every known secret in `text`.
    fn scrub<'a>(&self, text: Cow<'a, str>) -> Cow<'a, str> {
        let mut out = text;
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = Cow::Owned(out.replace(needle.as_str(), REDACTED));
            }
        }
        out
    }

    /// Replace every known secret in a JSON document's strings and member names.
    fn scrub_json(&self, value: &mut Value) {
        if self.needles.is_empty() {
            return;
        }
        match value {
            Value::String(s) => {
                if let Cow::Owned(clean) = self.scrub(Cow::Borrowed(s.as_str())) {
                    *s = clean;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.scrub_json(v)),
            Value::Object(map) => {
                let dirty_key = map
                    .keys()
                    .any(|k| matches!(self.scrub(Cow::Borrowed(k)), Cow::Owned(_)));
                if dirty_key {
                    let entries = std::mem::take(map);
                    for (k, v) in entries {
                        map.insert(self.scrub(Cow::Owned(k)).into_owned(), v);
                    }
                }
                map.values_mut().for_each(|v| self.scrub_json(v));
            }
            _ => {}
        }
    }
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
    fn a_field_named_in_parentheses_keeps_its_closing_parenthesis() {
        assert_eq!(
            text("--flow grant (assertion=) or --flow client (client_assertion=)"),
            "--flow grant (assertion=) or --flow client (client_assertion=)"
        );
        assert_eq!(
            text("sent (client_secret=hunter2)"),
            format!("sent (client_secret={REDACTED})")
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
        assert_eq!(text("Cookie: sid=1"), "Cookie: sid=<redacted>");
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
    fn a_cut_off_string_on_one_line_does_not_hide_a_member_on_the_next() {
        let r = text(
            "  {\"error_description\":\"cut… (900 bytes)\n  {\"access_token\":\"opaque-1234\"}\n",
        );
        assert!(r.contains(r#""access_token":"<redacted>""#), "{r}");
        let pretty = text("{\n  \"kty\": \"EC\",\n  \"d\": \"private\"\n}");
        assert!(pretty.contains(r#""d": "<redacted>""#), "{pretty}");
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
    fn url_passwords_go_and_user_names_stay() {
        assert_eq!(
            text("POST http://app:s3cret@as.example/token"),
            "POST http://app:<redacted>@as.example/token"
        );
        assert_eq!(
            text("expected https://a:b%40c@h:8443/t?x=1, got x"),
            "expected https://a:<redacted>@h:8443/t?x=1, got x"
        );
        assert_eq!(
            text("set aud to 'http://u:p@h/t' and http://v:q@i"),
            "set aud to 'http://u:<redacted>@h/t' and http://v:<redacted>@i"
        );
        for kept in [
            "https://user@host/x",
            "https://host/a@b",
            "mailto:a@b",
            "x://",
        ] {
            assert_eq!(text(kept), kept);
        }
    }

    #[test]
    fn credentials_in_pasted_commands() {
        for (pasted, shown) in [
            (
                "curl -u app:pw1 https://x",
                "curl -u app:<redacted> https://x",
            ),
            (
                "curl -uapp:pw1 https://x",
                "curl -uapp:<redacted> https://x",
            ),
            ("curl --user app:pw1 x", "curl --user app:<redacted> x"),
            ("curl --user=app:pw1 x", "curl --user=app:<redacted> x"),
            ("curl -u 'app:p w' x", "curl -u 'app:<redacted>' x"),
            ("curl -u \"app:pw\" x", "curl -u \"app:<redacted>\" x"),
            (
                "curl --proxy-user p:pw x",
                "curl --proxy-user p:<redacted> x",
            ),
            ("http -a app:pw POST x", "http -a app:<redacted> POST x"),
            (
                "curl --oauth2-bearer opaque x",
                "curl --oauth2-bearer <redacted> x",
            ),
            ("wget --password=pw x", "wget --password=<redacted> x"),
            ("curl -b 'sid=abc; t=1' x", "curl -b 'sid=<redacted>' x"),
            ("curl --cookie sid=abc x", "curl --cookie sid=<redacted> x"),
        ] {
            assert_eq!(text(pasted), shown, "{pasted}");
        }
        for kept in [
            "curl -u app x",
            "curl -b cookies.txt x",
            "sort -u file",
            "a-u b:c",
            "--user-agent a:b",
            "curl -H 'X-User: a:b'",
        ] {
            assert_eq!(text(kept), kept);
        }
    }

    #[test]
    fn cookies_keep_names_and_attributes() {
        assert_eq!(
            text("set-cookie: sid=abc; Path=/; HttpOnly\ncookie: a=1; b=2"),
            "set-cookie: sid=<redacted>; Path=/; HttpOnly\ncookie: a=<redacted>; b=<redacted>"
        );
        let mut v = serde_json::json!({"headers": {
            "Set-Cookie": ["sid=abc; Secure", "csrf=def"],
            "cookie": "a=1",
            "authorization": "Bearer opaque",
            "content-type": "text/html",
        }});
        json(&mut v);
        let h = &v["headers"];
        assert_eq!(h["Set-Cookie"][0], "sid=<redacted>; Secure");
        assert_eq!(h["Set-Cookie"][1], "csrf=<redacted>");
        assert_eq!(h["cookie"], "a=<redacted>");
        assert_eq!(h["authorization"], "Bearer <redacted>");
        assert_eq!(h["content-type"], "text/html");
        assert_eq!(
            text(r#"{"Set-Cookie": "sid=abc"}"#),
            r#"{"Set-Cookie": "sid=<redacted>"}"#
        );
    }

    #[test]
    fn secrets_this_run_sent_are_redacted_in_every_echo() {
        let mut r = Redactor::default();
        r.add_secret(b"s3cr&t v/a\"l");
        r.add_field("api_token");
        for echoed in [
            "invalid secret s3cr&t v/a\"l",
            "client_secret=s3cr%26t+v%2Fa%22l",
            "q=s3cr%26t%20v%2Fa%22l",
            r#"{"error_description":"bad s3cr&t v/a\"l"}"#,
            "<p>s3cr&amp;t v/a&quot;l</p>",
        ] {
            let shown = r.text(echoed);
            assert!(!shown.contains("s3cr"), "{echoed} → {shown}");
            assert!(shown.contains(REDACTED), "{shown}");
        }
        assert_eq!(r.text("api_token=x1&b=2"), "api_token=<redacted>&b=2");
        let mut v = serde_json::json!({"form": {"api_token": "x1"}, "s3cr&t v/a\"l": 1,
            "note": "got s3cr&t v/a\"l"});
        r.json(&mut v);
        let doc = v.to_string();
        assert!(!doc.contains("s3cr") && !doc.contains("x1"), "{doc}");
        // too short to search for without wrecking the output
        let mut short = Redactor::default();
        short.add_secret(b"ab");
        assert_eq!(short.text("abc"), "abc");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(text("nothing secret here"), Cow::Borrowed(_)));
    }
}
