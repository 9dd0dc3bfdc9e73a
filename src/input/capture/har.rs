//! HAR 1.2 (HTTP Archive), as Chrome, Firefox, Safari and proxies such as mitmproxy export
//! it: each entry becomes an exchange with its times (`startedDateTime`, `time`) and the
//! server's `Date`.
//!
//! Read with serde derive of the few members needed, every one optional: exporters differ
//! (Safari omits `cache`, some write `null` sizes, Chrome adds `_`-prefixed members), and a
//! typed model of the whole format (the `har` crate) refuses a file for a member it lacks.
//! `postData.text` and `postData.params` are the same body: the text is read, and the
//! params only when there is no text, so one request never yields two copies of a token.

use super::head;
use crate::exchange::{Exchange, Times};
use crate::input::percent;
use crate::redact::Secret;
use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    creator: Option<Creator>,
    #[serde(default)]
    browser: Option<Creator>,
    entries: Vec<Entry>,
}

#[derive(Deserialize, Default)]
struct Creator {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "startedDateTime", default)]
    started: Option<String>,
    /// Total milliseconds, request sent to response received.
    #[serde(default)]
    time: Option<f64>,
    request: HarRequest,
    #[serde(default)]
    response: Option<HarResponse>,
}

#[derive(Deserialize)]
struct HarRequest {
    #[serde(default)]
    method: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    headers: Option<Vec<NameValue>>,
    #[serde(rename = "postData", default)]
    post_data: Option<PostData>,
}

#[derive(Deserialize)]
struct NameValue {
    #[serde(default)]
    name: String,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct PostData {
    #[serde(rename = "mimeType", default)]
    mime_type: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    params: Option<Vec<NameValue>>,
}

#[derive(Deserialize)]
struct HarResponse {
    #[serde(default)]
    status: Option<i64>,
    #[serde(rename = "statusText", default)]
    status_text: Option<String>,
    #[serde(default)]
    headers: Option<Vec<NameValue>>,
    #[serde(default)]
    content: Option<Content>,
}

#[derive(Deserialize)]
struct Content {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

/// What a HAR file holds.
pub struct Read {
    /// "Chrome 131.0", "mitmproxy 11.0.2": who wrote the file.
    pub creator: Option<String>,
    pub exchanges: Vec<Exchange>,
    pub secrets: Vec<Secret>,
    pub notes: Vec<String>,
}

/// Is this text a HAR document? (A JSON object with `log.entries`.)
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') && t.contains("\"log\"") && t.contains("\"entries\"")
}

/// Read a HAR document; None when it is not one (not JSON, or no `log.entries`).
pub fn read(text: &str, name: &str) -> Option<Read> {
    let text = text.trim_start_matches('\u{feff}');
    let har: Har = serde_json::from_str(text).ok()?;
    let creator = har.log.browser.or(har.log.creator).map(describe);
    let mut read = Read {
        creator,
        exchanges: Vec::new(),
        secrets: Vec::new(),
        notes: Vec::new(),
    };
    for (i, entry) in har.log.entries.into_iter().enumerate() {
        let origin = format!("entry {} of {name}", i + 1);
        let (exchange, secrets) = exchange(entry, &origin, &mut read.notes);
        read.secrets.extend(secrets);
        read.exchanges.push(exchange);
    }
    Some(read)
}

fn describe(c: Creator) -> String {
    match (c.name, c.version) {
        (Some(n), Some(v)) if !v.is_empty() => format!("{n} {v}"),
        (Some(n), _) => n,
        (None, _) => "an unnamed tool".to_string(),
    }
}

fn pairs(list: Option<Vec<NameValue>>) -> Vec<(String, String)> {
    list.unwrap_or_default()
        .into_iter()
        .map(|h| (h.name, h.value.unwrap_or_default()))
        .collect()
}

/// The request body as text: `postData.text`, else the params as a form. Params hold the
/// same fields; exporters differ in whether their values are still percent-encoded, and
/// decoding a decoded token, URN or scope changes nothing.
fn body_text(post: &PostData) -> String {
    match &post.text {
        Some(text) if !text.is_empty() => text.clone(),
        _ => {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for p in post.params.iter().flatten() {
                let value = p.value.as_deref().unwrap_or("");
                form.append_pair(&p.name, &percent::form_component(value));
            }
            form.finish()
        }
    }
}

/// `content.text`, decoded when the exporter stored it base64 (Chrome does for some
/// content types, Firefox for binary ones).
fn response_body(content: Option<&Content>, origin: &str, notes: &mut Vec<String>) -> String {
    let Some(c) = content else {
        return String::new();
    };
    let text = c.text.clone().unwrap_or_default();
    if !c
        .encoding
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
    {
        return text;
    }
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match data_encoding::BASE64.decode(cleaned.as_bytes()) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(_) => {
            notes.push(format!(
                "{origin}: the response body says base64 but is not; read as text"
            ));
            text
        }
    }
}

/// RFC 3339 (`2025-11-25T14:00:00.123Z`, `+01:00`) → UNIX seconds with the fraction.
fn instant(text: &str) -> Option<f64> {
    let t = chrono::DateTime::parse_from_rfc3339(text.trim()).ok()?;
    Some(t.timestamp() as f64 + f64::from(t.timestamp_subsec_micros()) / 1e6)
}

fn exchange(entry: Entry, origin: &str, notes: &mut Vec<String>) -> (Exchange, Vec<Secret>) {
    let headers = pairs(entry.request.headers);
    let (body, mime) = match &entry.request.post_data {
        Some(post) => (body_text(post), post.mime_type.clone()),
        None => (String::new(), None),
    };
    let mut request = head::request(
        &entry.request.method,
        &entry.request.url,
        &headers,
        &body,
        None,
    );
    if request.form.is_empty()
        && mime
            .as_deref()
            .is_some_and(|m| m.contains("form-urlencoded"))
    {
        request.form = head::form_fields(&body, mime.as_deref());
    }
    let secrets = head::secrets_of(&request.form, &headers);
    // Status 0: the browser got no answer (blocked, cancelled, failed).
    let response = entry.response.and_then(|r| {
        let status = u16::try_from(r.status.unwrap_or(0))
            .ok()
            .filter(|s| *s >= 100)?;
        let body = response_body(r.content.as_ref(), origin, notes);
        Some(head::response(
            status,
            r.status_text.as_deref().unwrap_or(""),
            pairs(r.headers),
            &body,
        ))
    });
    let sent = entry.started.as_deref().and_then(instant);
    let elapsed = entry
        .time
        .filter(|t| t.is_finite() && *t >= 0.0)
        .map(|ms| Duration::from_secs_f64(ms / 1000.0));
    let times = Times {
        sent,
        received: match (sent, elapsed) {
            (Some(s), Some(e)) if response.is_some() => Some(s + e.as_secs_f64()),
            _ => None,
        },
        elapsed: elapsed.filter(|_| response.is_some()),
        ..head::server_date(response.as_ref())
    };
    (
        Exchange {
            request: Some(request),
            response,
            times,
            text: None,
            origin: Some(origin.to_string()),
            metadata: None,
        },
        secrets,
    )
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;
    use serde_json::json;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";

    fn chrome_entry() -> serde_json::Value {
        json!({
            "_initiator": {"type": "script"},
            "_resourceType": "xhr",
            "startedDateTime": "2025-11-25T13:59:59.500Z",
            "time": 1000.0,
            "request": {
                "method": "POST", "url": "https://as.example.com/token", "httpVersion": "http/2.0",
                "headers": [{"name": "content-type", "value": "application/x-www-form-urlencoded"}],
                "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 80,
                "postData": {
                    "mimeType": "application/x-www-form-urlencoded",
                    "text": format!("grant_type=client_credentials&client_assertion={T}"),
                    "params": [
                        {"name": "grant_type", "value": "client_credentials"},
                        {"name": "client_assertion", "value": T}
                    ]
                }
            },
            "response": {
                "status": 401, "statusText": "", "httpVersion": "http/2.0",
                "headers": [{"name": "date", "value": "Tue, 25 Nov 2025 14:00:00 GMT"}],
                "cookies": [],
                "content": {"size": 31, "mimeType": "application/json",
                    "text": data_encoding::BASE64.encode(br#"{"error":"invalid_client"}"#),
                    "encoding": "base64"},
                "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 200
            },
            "cache": {}, "timings": {"send": 0, "wait": 1000, "receive": 0}
        })
    }

    #[test]
    fn text_and_params_are_one_body() {
        let doc = json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
            "entries": [chrome_entry()]}});
        let read = read(&doc.to_string(), "support.har").unwrap();
        assert_eq!(read.exchanges.len(), 1);
        let e = &read.exchanges[0];
        let form = &e.request.as_ref().unwrap().form;
        let tokens = form.iter().filter(|(_, v)| v == T).count();
        assert_eq!(tokens, 1, "{form:?}");
        let r = e.response.as_ref().unwrap();
        assert_eq!(r.body, r#"{"error":"invalid_client"}"#);
        assert_eq!(r.reason, "Unauthorized");
        assert_eq!(e.times.server_date, Some(1_764_079_200));
        assert_eq!(e.times.sent, Some(1_764_079_199.5));
        assert_eq!(e.times.received, Some(1_764_079_200.5));
        assert_eq!(e.origin.as_deref(), Some("entry 1 of support.har"));
        assert_eq!(read.creator.as_deref(), Some("WebInspector 537.36"));
    }

    #[test]
    fn params_alone_and_missing_members() {
        let mut entry = chrome_entry();
        entry["request"]["postData"]
            .as_object_mut()
            .unwrap()
            .remove("text");
        // Firefox-style: an encoded value in params
        entry["request"]["postData"]["params"][0]["value"] = json!("client%5Fcredentials");
        entry.as_object_mut().unwrap().remove("cache");
        entry["response"] = json!({"status": 0, "statusText": "", "headers": [], "content": {}});
        let doc = json!({"log": {"entries": [entry]}});
        let read = read(&doc.to_string(), "f.har").unwrap();
        let e = &read.exchanges[0];
        let req = e.request.as_ref().unwrap();
        assert_eq!(req.field("grant_type"), Some("client_credentials"));
        assert_eq!(req.field("client_assertion"), Some(T));
        assert!(e.response.is_none(), "status 0 is no answer");
        assert!(e.times.received.is_none());
    }

    #[test]
    fn not_a_har() {
        assert!(read("[1]", "x").is_none());
        assert!(read(r#"{"log": {}}"#, "x").is_none());
        assert!(looks_like(r#" {"log": {"entries": []}}"#));
    }
}
