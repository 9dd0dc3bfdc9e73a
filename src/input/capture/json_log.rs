//! JSON log lines (one object a line, or text then an object): a line whose members hold a
//! token request (a form body string, or an object with grant_type / client_assertion /
//! assertion) is a request; one holding a status or an OAuth answer (`error`,
//! `access_token`) is its response, on the same line or a later one. The JSON parser
//! unescapes the strings, so a body logged as `grant_type=…\u0026client_assertion=…` reads
//! as the form it was, not as a field named `u0026client_assertion`.

use super::head;
use crate::clock::parse_http_date;
use crate::exchange::{Exchange, Request, Times};
use crate::redact::Secret;
use serde_json::{Map, Value};

/// How deep into a log object the reader looks for a request or answer.
const MAX_DEPTH: usize = 6;

const URL_KEYS: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "token_endpoint",
    "request_url",
    "request_uri",
    "target",
    "path",
];
const STATUS_KEYS: &[&str] = &[
    "status",
    "status_code",
    "statuscode",
    "http_status",
    "response_status",
    "statuscodevalue",
];
const TIME_KEYS: &[&str] = &[
    "time",
    "timestamp",
    "ts",
    "@timestamp",
    "datetime",
    "logged_at",
];
const REQUEST_FIELDS: &[&str] = &["grant_type", "client_assertion", "assertion"];

#[derive(Default)]
struct Facts {
    form: Option<Vec<(String, String)>>,
    url: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    body: Option<String>,
    time: Option<f64>,
    date: Option<i64>,
}

/// The first JSON object on a line: the whole line, or from its first `{`.
fn object(line: &str) -> Option<Map<String, Value>> {
    let start = line.find('{')?;
    let rest = line.get(start..)?;
    let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
    match values.next() {
        Some(Ok(Value::Object(obj))) => Some(obj),
        _ => None,
    }
}

fn is_request_form(fields: &[(String, String)]) -> bool {
    fields
        .iter()
        .any(|(n, _)| REQUEST_FIELDS.contains(&n.as_str()))
}

fn is_answer(obj: &Map<String, Value>) -> bool {
    obj.get("access_token").is_some_and(Value::is_string)
        || obj.get("error").and_then(Value::as_str).is_some_and(|e| {
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
}

fn instant(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => {
            let n = n.as_f64()?;
            // milliseconds since the epoch are far larger than seconds
            Some(if n > 1e11 { n / 1000.0 } else { n })
        }
        Value::String(s) => {
            let t = chrono::DateTime::parse_from_rfc3339(s.trim()).ok()?;
            Some(t.timestamp() as f64 + f64::from(t.timestamp_subsec_micros()) / 1e6)
        }
        _ => None,
    }
}

fn status(value: &Value) -> Option<u16> {
    let n = match value {
        Value::Number(n) => n.as_u64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    u16::try_from(n).ok().filter(|s| (100..=599).contains(s))
}

fn walk(obj: &Map<String, Value>, depth: usize, facts: &mut Facts) {
    if depth == 0 && is_answer(obj) && facts.body.is_none() {
        // an OAuth answer logged as top-level members (error, error_description)
        let mut answer = Map::new();
        for key in [
            "error",
            "error_description",
            "access_token",
            "token_type",
            "expires_in",
        ] {
            if let Some(v) = obj.get(key) {
                answer.insert(key.to_string(), v.clone());
            }
        }
        facts.body = Some(Value::Object(answer).to_string());
    }
    for (key, value) in obj {
        let k = key.to_ascii_lowercase();
        match value {
            Value::String(s) => string_member(&k, s, facts),
            Value::Number(_) if STATUS_KEYS.contains(&k.as_str()) => {
                facts.status = facts.status.or_else(|| status(value));
            }
            Value::Number(_) if TIME_KEYS.contains(&k.as_str()) => {
                facts.time = facts.time.or_else(|| instant(value));
            }
            Value::Object(inner) if depth < MAX_DEPTH => {
                let members: Vec<(String, String)> = inner
                    .iter()
                    .filter_map(|(n, v)| v.as_str().map(|s| (n.clone(), s.to_string())))
                    .collect();
                if facts.form.is_none() && is_request_form(&members) {
                    facts.form = Some(members);
                } else if facts.body.is_none() && is_answer(inner) {
                    facts.body = Some(value.to_string());
                } else {
                    walk(inner, depth + 1, facts);
                }
            }
            _ => {}
        }
    }
}

fn string_member(key: &str, s: &str, facts: &mut Facts) {
    let t = s.trim();
    if URL_KEYS.contains(&key) && (t.starts_with("http") || t.starts_with('/')) {
        let better = facts.url.as_deref().is_none_or(|u| !u.starts_with("http"));
        if better {
            facts.url = Some(t.to_string());
        }
    } else if key == "method" || key == "http_method" {
        if !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            facts.method = Some(t.to_ascii_uppercase());
        }
    } else if STATUS_KEYS.contains(&key) {
        facts.status = facts
            .status
            .or_else(|| status(&Value::String(t.to_string())));
    } else if key == "date" {
        facts.date = facts.date.or_else(|| parse_http_date(t));
    } else if TIME_KEYS.contains(&key) {
        facts.time = facts
            .time
            .or_else(|| instant(&Value::String(t.to_string())));
    }
    if t.starts_with('{') {
        if let Ok(Value::Object(inner)) = serde_json::from_str::<Value>(t) {
            if facts.body.is_none() && is_answer(&inner) {
                facts.body = Some(t.to_string());
            }
        }
    } else if facts.form.is_none() && t.contains('=') {
        let fields = head::form_fields(t, Some("application/x-www-form-urlencoded"));
        if is_request_form(&fields) {
            facts.form = Some(fields);
        }
    }
}

/// Every exchange in the log, with the secrets its requests carry.
pub fn read(text: &str, name: &str) -> (Vec<Exchange>, Vec<Secret>) {
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut secrets = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(obj) = object(line) else { continue };
        let mut facts = Facts::default();
        walk(&obj, 0, &mut facts);
        let origin = format!("line {} of {name}", i + 1);
        // An answer logged without its status is text, as explain reads a pasted answer:
        // a status made up here would match vendor answers the server never gave.
        let answer_text =
            (facts.status.is_none() && facts.body.is_some()).then(|| line.to_string());
        let response = facts.status.map(|status| {
            let mut headers = Vec::new();
            if facts.body.as_deref().is_some_and(|b| b.starts_with('{')) {
                headers.push(("content-type".to_string(), "application/json".to_string()));
            }
            head::response(status, "", headers, facts.body.as_deref().unwrap_or(""))
        });
        if let Some(form) = facts.form {
            secrets.extend(head::secrets_of(&form, &[]));
            let request = Request {
                method: facts.method.unwrap_or_else(|| "POST".to_string()),
                url: facts.url.unwrap_or_default(),
                form,
                ..Request::default()
            };
            let answered = response.is_some();
            exchanges.push(Exchange {
                request: Some(request),
                response,
                times: Times {
                    sent: facts.time,
                    received: facts.time.filter(|_| answered),
                    server_date: facts.date,
                    elapsed: None,
                },
                text: answer_text,
                origin: Some(origin),
                metadata: None,
            });
            continue;
        }
        if response.is_none() && answer_text.is_none() {
            continue;
        }
        match exchanges.last_mut() {
            Some(e) if e.response.is_none() && e.text.is_none() => {
                e.response = response;
                e.text = answer_text;
                e.times.received = facts.time;
                e.times.server_date = e.times.server_date.or(facts.date);
            }
            _ => exchanges.push(Exchange {
                response,
                text: answer_text,
                times: Times {
                    received: facts.time,
                    server_date: facts.date,
                    ..Times::default()
                },
                origin: Some(origin),
                metadata: None,
                ..Exchange::default()
            }),
        }
    }
    (exchanges, secrets)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";

    #[test]
    fn escaped_bodies_read_as_the_form_they_were() {
        let log = format!(
            "{{\"ts\":\"2025-11-25T14:00:00Z\",\"msg\":\"token request\",\"method\":\"POST\",\"url\":\"https://as.example.com/token\",\"body\":\"grant_type=client_credentials\\u0026client_id=app\\u0026client_assertion={T}\"}}\n2025-11-25T14:00:01Z WARN token answer {{\"status\":401,\"response\":{{\"error\":\"invalid_client\",\"error_description\":\"bad\"}}}}\n{{\"msg\":\"unrelated\"}}\n"
        );
        let (e, _) = read(&log, "app.log");
        assert_eq!(e.len(), 1);
        let req = e[0].request.as_ref().unwrap();
        assert_eq!(req.field("client_assertion"), Some(T));
        assert!(req.form.iter().all(|(n, _)| !n.starts_with("u0026")));
        assert_eq!(req.url, "https://as.example.com/token");
        assert_eq!(e[0].times.sent, Some(1_764_079_200.0));
        let r = e[0].response.as_ref().unwrap();
        assert_eq!(r.status, 401);
        assert!(r.body.contains("invalid_client"));
    }

    #[test]
    fn an_answer_without_a_status_is_text_not_a_made_up_status() {
        let (e, _) = read(r#"{"error":"invalid_client"}"#, "x");
        assert!(e[0].response.is_none());
        assert_eq!(e[0].text.as_deref(), Some(r#"{"error":"invalid_client"}"#));
    }

    #[test]
    fn form_objects_and_top_level_answers() {
        let log = format!(
            "{{\"request\":{{\"form\":{{\"grant_type\":\"urn:ietf:params:oauth:grant-type:jwt-bearer\",\"assertion\":\"{T}\"}}}},\"error\":\"invalid_grant\",\"error_description\":\"expired\",\"status_code\":\"400\"}}"
        );
        let (e, _) = read(&log, "x");
        let req = e[0].request.as_ref().unwrap();
        assert_eq!(req.field("assertion"), Some(T));
        let r = e[0].response.as_ref().unwrap();
        assert_eq!(r.status, 400);
        assert!(r.body.contains("invalid_grant"), "{}", r.body);
    }
}
