//! `triage --redact-har OUT.har`: the input HAR with everything reusable replaced, and
//! otherwise as it was, so that browsers and HAR viewers still import it. JWT signatures
//! become `REDACTED-SIGNATURE` (header and claims stay readable), secret form fields,
//! query parameters and JSON members (client_secret, issued tokens, …) become `REDACTED`,
//! as do cookies and the credentials of Authorization-like headers (the scheme word is
//! kept). Sizes that redaction changed are recomputed (`bodySize`, `content.size`), or set
//! to -1 ("not known", HAR 1.2) where they cannot be (`headersSize`, a compressed body).
//! Every other string (comments, `_`-prefixed members, WebSocket frames) goes through the
//! output layer's redactor.

use crate::input::percent;
use crate::redact::{self, Redactor, Secret};
use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// What replaces a secret value.
pub const MARK: &str = "REDACTED";
/// What replaces a JWT's signature segment.
pub const SIGNATURE_MARK: &str = "REDACTED-SIGNATURE";

/// The members this module rewrites itself; the final sweep leaves them alone.
const HANDLED: &[&str] = &[
    "url",
    "headers",
    "cookies",
    "queryString",
    "postData",
    "content",
];

/// `header.claims.signature` → `header.claims.REDACTED-SIGNATURE`; anything else unchanged.
/// A JWE (five segments) keeps only its protected header.
pub fn strip_signature(value: &str) -> Cow<'_, str> {
    let v = value.trim();
    if !(v.starts_with("eyJ") || v.starts_with("ewo")) {
        return Cow::Borrowed(value);
    }
    let segments: Vec<&str> = v.split('.').collect();
    let b64 = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !segments.iter().all(|s| b64(s)) {
        return Cow::Borrowed(value);
    }
    match segments.as_slice() {
        [header, claims, sig] if !sig.is_empty() && *sig != SIGNATURE_MARK => {
            Cow::Owned(format!("{header}.{claims}.{SIGNATURE_MARK}"))
        }
        [header, _, _, _, _] => Cow::Owned(format!("{header}.{MARK}.{MARK}.{MARK}.{MARK}")),
        _ => Cow::Borrowed(value),
    }
}

/// The value a form field, query parameter or JSON member of this name may keep.
fn field_value<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if matches!(
        name,
        "assertion" | "client_assertion" | "subject_token" | "actor_token"
    ) {
        // a JWT keeps its header and claims; anything else (a SAML assertion) goes whole
        return match strip_signature(value) {
            Cow::Owned(stripped) => Cow::Owned(stripped),
            Cow::Borrowed(_) if value.ends_with(SIGNATURE_MARK) || value == MARK => {
                Cow::Borrowed(value)
            }
            Cow::Borrowed(_) => Cow::Borrowed(MARK),
        };
    }
    if redact::is_secret_field(name) || name == "code" {
        return Cow::Borrowed(MARK);
    }
    strip_signature(value)
}

/// `a=1&client_secret=s&assertion=eyJ…` with each secret value replaced in place; the
/// other pairs keep their bytes (and their encoding).
fn form_text(text: &str) -> Cow<'_, str> {
    let mut changed = false;
    let pieces: Vec<Cow<str>> = text
        .split('&')
        .map(|piece| {
            let Some((raw_name, raw_value)) = piece.split_once('=') else {
                return Cow::Borrowed(piece);
            };
            let name = percent::form_component(raw_name);
            let value = percent::form_component(raw_value);
            match field_value(&name, &value) {
                Cow::Borrowed(kept) if kept == value.as_ref() => Cow::Borrowed(piece),
                new => {
                    changed = true;
                    let encoded: String =
                        url::form_urlencoded::byte_serialize(new.as_bytes()).collect();
                    Cow::Owned(format!("{raw_name}={encoded}"))
                }
            }
        })
        .collect();
    if !changed {
        return Cow::Borrowed(text);
    }
    Cow::Owned(pieces.join("&"))
}

/// Strings that still hold a known secret (one the capture sent) have it replaced.
struct Sweep {
    redactor: Redactor,
}

impl Sweep {
    fn text(&self, s: &str) -> Option<String> {
        match self.redactor.text(s) {
            Cow::Owned(clean) => Some(clean),
            Cow::Borrowed(_) => None,
        }
    }

    /// Every string under `value` except the members already rewritten.
    fn walk(&self, value: &mut Value, skip_handled: bool) {
        match value {
            Value::String(s) => {
                if let Some(clean) = self.text(s) {
                    *s = clean;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.walk(v, false)),
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if skip_handled && HANDLED.contains(&k.as_str()) {
                        continue;
                    }
                    self.walk(v, false);
                }
            }
            _ => {}
        }
    }
}

fn set_str(obj: &mut Map<String, Value>, key: &str, new: &str) -> bool {
    match obj.get_mut(key) {
        Some(Value::String(s)) if s != new => {
            *s = new.to_string();
            true
        }
        _ => false,
    }
}

/// `headers`: secret headers' values replaced, the scheme word kept (`Bearer REDACTED`).
fn headers(msg: &mut Map<String, Value>, sweep: &Sweep) -> bool {
    let mut changed = false;
    for h in msg
        .get_mut("headers")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        let Some(h) = h.as_object_mut() else { continue };
        let name = h
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let value = h
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let new = if redact::is_secret_header(&name) {
            let lower = name.to_ascii_lowercase();
            match value.split_once(' ') {
                Some((scheme, _)) if lower.contains("authorization") => format!("{scheme} {MARK}"),
                _ if lower.contains("cookie") => cookie_header(&value),
                _ => MARK.to_string(),
            }
        } else {
            sweep.text(&value).unwrap_or(value.clone())
        };
        changed |= set_str(h, "value", &new);
    }
    changed
}

/// `a=1; b=2` → `a=REDACTED; b=REDACTED` (Set-Cookie keeps its attributes).
fn cookie_header(value: &str) -> String {
    let mut out = Vec::new();
    for (i, part) in value.split(';').enumerate() {
        let attribute = i > 0 && !part.contains('=')
            || part.trim_start().to_ascii_lowercase().starts_with("path=")
            || part
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("domain=")
            || part
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("expires=")
            || part
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("max-age=")
            || part
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("samesite=");
        match part.split_once('=') {
            Some((name, _)) if !attribute => out.push(format!("{name}={MARK}")),
            _ => out.push(part.to_string()),
        }
    }
    out.join(";")
}

fn cookies(msg: &mut Map<String, Value>) {
    for c in msg
        .get_mut("cookies")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(c) = c.as_object_mut() {
            set_str(c, "value", MARK);
        }
    }
}

fn name_values(list: Option<&mut Value>) {
    for p in list.and_then(Value::as_array_mut).into_iter().flatten() {
        let Some(p) = p.as_object_mut() else { continue };
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(value) = p.get("value").and_then(Value::as_str).map(str::to_string) else {
            continue;
        };
        let decoded = percent::form_component(&value).into_owned();
        let new = match field_value(&name, &decoded) {
            Cow::Borrowed(kept) if kept == decoded => continue,
            new => new.into_owned(),
        };
        set_str(p, "value", &new);
    }
}

/// The URL without a password, with secret query parameters replaced.
fn url(req: &mut Map<String, Value>) {
    let Some(text) = req.get("url").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let mut new = text.clone();
    if let Ok(mut parsed) = url::Url::parse(&text) {
        if parsed.password().is_some() {
            let _ = parsed.set_password(Some(MARK));
            new = parsed.to_string();
        }
    }
    if let Some((base, rest)) = new.split_once('?') {
        let (query, fragment) = match rest.split_once('#') {
            Some((q, f)) => (q, Some(f)),
            None => (rest, None),
        };
        let query = form_text(query);
        new = match fragment {
            Some(f) => format!("{base}?{query}#{f}"),
            None => format!("{base}?{query}"),
        };
    }
    set_str(req, "url", &new);
}

/// A JSON body: secret members, JWK private members and JWT signatures.
fn json_body(value: &mut Value, sweep: &Sweep) {
    match value {
        Value::Object(map) => {
            let is_jwk = map.contains_key("kty");
            for (k, v) in map.iter_mut() {
                let private = is_jwk && redact::JWK_PRIVATE_MEMBERS.contains(&k.as_str());
                match v {
                    Value::String(s) if private => *s = MARK.to_string(),
                    Value::String(s) => {
                        let new = field_value(k, s).into_owned();
                        *s = sweep.text(&new).unwrap_or(new);
                    }
                    other if private => *other = Value::String(MARK.to_string()),
                    other => json_body(other, sweep),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| json_body(v, sweep)),
        Value::String(s) => {
            let new = strip_signature(s).into_owned();
            *s = sweep.text(&new).unwrap_or(new);
        }
        _ => {}
    }
}

/// A body as text: JSON redacted by member, a form by field, anything else as printed.
fn body_text(text: &str, sweep: &Sweep) -> String {
    let trimmed = text.trim();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if let Ok(mut v) = serde_json::from_str::<Value>(trimmed) {
            json_body(&mut v, sweep);
            return v.to_string();
        }
    }
    let form = form_text(text);
    if let Cow::Owned(f) = form {
        return f;
    }
    sweep.text(text).unwrap_or_else(|| text.to_string())
}

fn post_data(req: &mut Map<String, Value>, sweep: &Sweep) {
    let Some(post) = req.get_mut("postData").and_then(Value::as_object_mut) else {
        return;
    };
    name_values(post.get_mut("params"));
    let Some(text) = post.get("text").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let new = body_text(&text, sweep);
    if new != text {
        let len = new.len();
        set_str(post, "text", &new);
        req.insert("bodySize".into(), Value::from(len));
    }
}

fn content(resp: &mut Map<String, Value>, sweep: &Sweep) {
    let Some(c) = resp.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    let Some(text) = c.get("text").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    let base64 = c
        .get("encoding")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"));
    let decoded = if base64 {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        match data_encoding::BASE64.decode(compact.as_bytes()) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            // not base64 after all: redact it as text, and say so by dropping the claim
            Err(_) => {
                c.remove("encoding");
                text.clone()
            }
        }
    } else {
        text.clone()
    };
    let new = body_text(&decoded, sweep);
    if new == decoded {
        return;
    }
    let stored = if base64 && c.contains_key("encoding") {
        data_encoding::BASE64.encode(new.as_bytes())
    } else {
        new.clone()
    };
    let old_size = c.get("size").and_then(Value::as_i64);
    set_str(c, "text", &stored);
    c.insert("size".into(), Value::from(new.len()));
    // bodySize is what travelled: still right only when it was the content's size
    let body_size = resp.get("bodySize").and_then(Value::as_i64);
    let new_body = if body_size.is_some() && body_size == old_size {
        Value::from(new.len())
    } else {
        Value::from(-1)
    };
    if body_size.is_some_and(|b| b > 0) {
        resp.insert("bodySize".into(), new_body);
    }
}

fn message(msg: &mut Value, is_request: bool, sweep: &Sweep) {
    let Some(m) = msg.as_object_mut() else { return };
    let changed = headers(m, sweep);
    if changed && m.contains_key("headersSize") {
        m.insert("headersSize".into(), Value::from(-1));
    }
    cookies(m);
    if is_request {
        url(m);
        name_values(m.get_mut("queryString"));
        post_data(m, sweep);
    } else {
        content(m, sweep);
        if let Some(Value::String(location)) = m.get_mut("redirectURL") {
            *location = form_text(location).into_owned();
        }
    }
    sweep.walk(msg, true);
}

/// The HAR text redacted. `secrets` are those the capture's requests sent (client
/// secrets, Basic credentials), replaced wherever else they appear.
pub fn redact(text: &str, secrets: &[Secret]) -> Result<String> {
    let mut doc: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .context("the input is not a HAR file (not JSON)")?;
    let mut redactor = Redactor::default();
    for s in secrets {
        redactor.add_secret(s.expose());
    }
    let sweep = Sweep { redactor };
    let Some(entries) = doc
        .get_mut("log")
        .and_then(|l| l.get_mut("entries"))
        .and_then(Value::as_array_mut)
    else {
        bail!("the input is not a HAR file (no log.entries)");
    };
    for entry in entries.iter_mut() {
        if let Some(e) = entry.as_object_mut() {
            if let Some(r) = e.get_mut("request") {
                message(r, true, &sweep);
            }
            if let Some(r) = e.get_mut("response") {
                message(r, false, &sweep);
            }
        }
        // everything else in the entry: timings, _initiator, _webSocketMessages, comments
        if let Some(e) = entry.as_object_mut() {
            for (k, v) in e.iter_mut() {
                if k != "request" && k != "response" {
                    sweep.walk(v, false);
                }
            }
        }
    }
    if let Some(log) = doc.get_mut("log").and_then(Value::as_object_mut) {
        for (k, v) in log.iter_mut() {
            if k != "entries" {
                sweep.walk(v, false);
            }
        }
    }
    let mut out = serde_json::to_string_pretty(&doc).context("writing the HAR")?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnbmF0dXJlLXNlY3JldA";

    #[test]
    fn signatures_secrets_and_tokens_go_and_sizes_follow() {
        let body = format!(
            "grant_type=client_credentials&client_secret=s3cr3t-value&client_assertion={T}"
        );
        let answer = r#"{"access_token":"at-secret-123","token_type":"Bearer"}"#;
        let har = json!({"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [{
            "_initiator": {"stack": format!("assertion {T}")},
            "startedDateTime": "2025-11-25T14:00:00Z", "time": 1,
            "request": {"method": "POST", "url": "https://app:pw123@as.example.com/token?code=abc&x=1",
                "httpVersion": "HTTP/1.1", "headersSize": 120, "bodySize": body.len(),
                "headers": [{"name": "Authorization", "value": "Basic YXBwOnB3"}, {"name": "Cookie", "value": "sid=abc; theme=dark"}],
                "cookies": [{"name": "sid", "value": "abc"}],
                "queryString": [{"name": "code", "value": "abc"}, {"name": "x", "value": "1"}],
                "postData": {"mimeType": "application/x-www-form-urlencoded", "text": body,
                    "params": [{"name": "client_secret", "value": "s3cr3t-value"}, {"name": "client_assertion", "value": T}]}},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headersSize": 80, "bodySize": answer.len(),
                "headers": [{"name": "Set-Cookie", "value": "sid=xyz; Path=/; HttpOnly"}], "cookies": [],
                "content": {"size": answer.len(), "mimeType": "application/json",
                    "text": data_encoding::BASE64.encode(answer.as_bytes()), "encoding": "base64"},
                "redirectURL": ""},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}
        }]}});
        let secrets = vec![Secret::new(b"s3cr3t-value".to_vec())];
        let out = redact(&har.to_string(), &secrets).unwrap();
        for leaked in [
            "c2lnbmF0dXJl",
            "s3cr3t-value",
            "at-secret-123",
            "pw123",
            "YXBwOnB3",
            "sid=abc",
            "xyz",
            "code=abc",
        ] {
            assert!(!out.contains(leaked), "{leaked} in\n{out}");
        }
        let doc: Value = serde_json::from_str(&out).unwrap();
        let e = &doc["log"]["entries"][0];
        let text = e["request"]["postData"]["text"].as_str().unwrap();
        assert!(
            text.contains("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.REDACTED-SIGNATURE"),
            "{text}"
        );
        assert!(text.starts_with("grant_type=client_credentials&"), "{text}");
        assert_eq!(e["request"]["bodySize"], text.len());
        assert_eq!(e["request"]["headersSize"], -1);
        assert_eq!(e["request"]["headers"][0]["value"], "Basic REDACTED");
        let content = &e["response"]["content"];
        let decoded = data_encoding::BASE64
            .decode(content["text"].as_str().unwrap().as_bytes())
            .unwrap();
        assert_eq!(content["size"], decoded.len());
        assert_eq!(e["response"]["bodySize"], decoded.len());
        assert!(
            String::from_utf8(decoded)
                .unwrap()
                .contains("\"token_type\":\"Bearer\"")
        );
        assert_eq!(
            e["response"]["headers"][0]["value"],
            "sid=REDACTED; Path=/; HttpOnly"
        );
        // the rest is as it was
        assert_eq!(e["timings"]["wait"], 1);
        assert_eq!(e["request"]["queryString"][1]["value"], "1");
    }

    #[test]
    fn strip_signature_leaves_other_text_alone() {
        assert_eq!(strip_signature("not a jwt"), "not a jwt");
        assert_eq!(strip_signature("eyJa.eyJb"), "eyJa.eyJb");
        assert_eq!(
            strip_signature("eyJa.eyJb.c2ln"),
            "eyJa.eyJb.REDACTED-SIGNATURE"
        );
        assert_eq!(
            strip_signature("eyJa.b.c.d.e"),
            "eyJa.REDACTED.REDACTED.REDACTED.REDACTED"
        );
    }
}
