//! Raw HTTP messages pasted one after another: a request (request line, headers, a blank
//! line, the body) followed by its response, any number of times. A response with no
//! request before it is an exchange with only an answer.

use super::head;
use crate::exchange::Exchange;
use crate::redact::Secret;

/// One message: its start line, headers and body, and the line it starts on.
struct Message<'a> {
    line: usize,
    start: Start<'a>,
    headers: Vec<(String, String)>,
    body: String,
}

enum Start<'a> {
    Request { method: &'a str, target: &'a str },
    Status { code: u16, reason: String },
}

fn start(line: &str) -> Option<Start<'_>> {
    if let Some((method, target)) = head::request_line(line) {
        return Some(Start::Request { method, target });
    }
    head::status_line(line).map(|(code, reason)| Start::Status { code, reason })
}

/// Does the text begin (after blank lines) with an HTTP request or status line?
pub fn looks_like(text: &str) -> bool {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| start(l).is_some())
}

fn messages(text: &str) -> Vec<Message<'_>> {
    let mut out: Vec<Message> = Vec::new();
    let mut in_head = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if let Some(s) = start(line) {
            out.push(Message {
                line: i + 1,
                start: s,
                headers: Vec::new(),
                body: String::new(),
            });
            in_head = true;
            continue;
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        if in_head {
            if line.trim().is_empty() {
                in_head = false;
                continue;
            }
            if let Some(h) = head::header_line(line) {
                current.headers.push(h);
                continue;
            }
            // a head cut before its blank line: this is the body
            in_head = false;
        }
        if !current.body.is_empty() {
            current.body.push('\n');
        }
        current.body.push_str(line);
    }
    out
}

/// Every exchange in the dump, in order, with the secrets its requests carry.
pub fn read(text: &str, name: &str) -> (Vec<Exchange>, Vec<Secret>) {
    let mut exchanges: Vec<Exchange> = Vec::new();
    let mut secrets = Vec::new();
    for m in messages(text) {
        let origin = format!("line {} of {name}", m.line);
        match m.start {
            Start::Request { method, target } => {
                let request = head::request(method, target, &m.headers, m.body.trim(), None);
                secrets.extend(head::secrets_of(&request.form, &m.headers));
                exchanges.push(Exchange {
                    request: Some(request),
                    origin: Some(origin),
                    ..Exchange::default()
                });
            }
            Start::Status { code, reason } => {
                let response = head::response(code, &reason, m.headers, m.body.trim());
                let times = head::server_date(Some(&response));
                match exchanges.last_mut() {
                    Some(e) if e.response.is_none() && e.request.is_some() => {
                        e.response = Some(response);
                        e.times = times;
                    }
                    _ => exchanges.push(Exchange {
                        response: Some(response),
                        times,
                        origin: Some(origin),
                        ..Exchange::default()
                    }),
                }
            }
        }
    }
    (exchanges, secrets)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn requests_pair_with_the_response_after_them() {
        let dump = "POST /oauth2/token HTTP/1.1\r\nHost: as.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_id=app\r\n\r\nHTTP/1.1 401 Unauthorized\r\nDate: Tue, 25 Nov 2025 14:00:00 GMT\r\n\r\n{\"error\":\"invalid_client\"}\n\nHTTP/2 200\ncontent-type: application/json\n\n{}\n";
        let (e, _) = read(dump, "ticket.txt");
        assert_eq!(e.len(), 2);
        let req = e[0].request.as_ref().unwrap();
        assert_eq!(req.url, "https://as.example.com/oauth2/token");
        assert_eq!(req.field("client_id"), Some("app"));
        let r = e[0].response.as_ref().unwrap();
        assert_eq!(
            (r.status, r.body.as_str()),
            (401, "{\"error\":\"invalid_client\"}")
        );
        assert_eq!(e[0].times.server_date, Some(1_764_079_200));
        assert!(e[1].request.is_none());
        assert_eq!(e[1].response.as_ref().unwrap().reason, "OK");
        assert_eq!(e[1].origin.as_deref(), Some("line 12 of ticket.txt"));
        assert!(looks_like("\n\nHTTP/1.1 400 Bad Request\n"));
        assert!(!looks_like("error=invalid_client"));
    }
}
