//! `curl -v` transcripts: `* ` lines are curl's notes (connection, TLS), `> ` lines the
//! request head, `< ` lines the response head, `} [N bytes data]` / `{ [N bytes data]` mark
//! bodies, and the response body is the text curl wrote to stdout (before, between or after
//! those lines, as the two streams happened to mix). curl -v never shows the request body:
//! it comes from the curl command line when the transcript starts with one. curl's own
//! messages (`Note: Unnecessary use of -X …`, `Warning: …`, the progress meter) are skipped.

use super::head;
use crate::exchange::{Exchange, Request, Response};
use crate::input::request::{self, Carrier, Kind};
use crate::redact::Secret;

/// What one line of a transcript is.
enum Line<'a> {
    /// `* …` (or `== Info:` in a trace): curl's own notes.
    Info(&'a str),
    /// `> …`: the request head.
    Sent(&'a str),
    /// `< …`: the response head.
    Received(&'a str),
    /// `} [761 bytes data]`, `{ [113 bytes data]`.
    DataNote,
    /// Anything else: the body curl wrote, or a line of the command.
    Other(&'a str),
}

/// `14:00:00.123456 ` (curl --trace-time) before a line.
pub fn without_time(line: &str) -> &str {
    let bytes = line.as_bytes();
    let is_time = bytes.len() > 16
        && bytes.get(2) == Some(&b':')
        && bytes.get(5) == Some(&b':')
        && bytes.get(8) == Some(&b'.')
        && bytes.get(15) == Some(&b' ')
        && bytes.get(..15).is_some_and(|t| {
            t.iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.'))
        });
    if is_time {
        line.get(16..).unwrap_or(line)
    } else {
        line
    }
}

fn classify(raw: &str) -> Line<'_> {
    let line = without_time(raw.trim_end_matches('\r'));
    if let Some(rest) = line
        .strip_prefix("* ")
        .or_else(|| (line == "*").then_some(""))
    {
        return Line::Info(rest);
    }
    if let Some(rest) = line
        .strip_prefix("> ")
        .or_else(|| (line == ">").then_some(""))
    {
        return Line::Sent(rest);
    }
    if let Some(rest) = line
        .strip_prefix("< ")
        .or_else(|| (line == "<").then_some(""))
    {
        return Line::Received(rest);
    }
    let t = line.trim_start();
    if (t.starts_with("} [") || t.starts_with("{ [")) && t.ends_with("data]") {
        return Line::DataNote;
    }
    Line::Other(line)
}

/// Does the text hold a curl -v request head (`> POST /token HTTP/1.1`) or status line?
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|l| match classify(l) {
        Line::Sent(rest) => head::request_line(rest).is_some(),
        Line::Received(rest) => head::status_line(rest).is_some(),
        _ => false,
    })
}

/// curl's messages and the progress meter, which are no part of any body.
fn is_curl_message(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("Note: ")
        || t.starts_with("Warning: ")
        || t.starts_with("curl: (")
        || t.starts_with("% Total")
        || t.starts_with("Dload")
        || t.contains("--:--:--")
        || (t.contains(':')
            && !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b" :.kMG-".contains(&b)))
}

/// Is this a TLS connection, by curl's notes? (`SSL connection using …`, `ALPN`, `TLSv1.3`)
pub fn tls_note(info: &str) -> Option<bool> {
    if info.contains("SSL connection") || info.contains("TLSv1") || info.starts_with("ALPN") {
        return Some(true);
    }
    let port = info.split(" port ").nth(1)?;
    let port: String = port.chars().take_while(char::is_ascii_digit).collect();
    match port.as_str() {
        "443" => Some(true),
        "" => None,
        _ if info.starts_with("Connected to") => Some(false),
        _ => None,
    }
}

/// The curl command at the top of a transcript (`$ curl … \` continued lines), parsed for
/// what curl -v does not print: the body it sent, and the user of `-u`.
fn command(lines: &[&str]) -> Option<request::Request> {
    let first = lines.iter().position(|l| {
        let t = l
            .trim_start()
            .trim_start_matches(['$', '%', '#', '>'])
            .trim_start();
        t.starts_with("curl ") || t.starts_with("curl.exe ")
    })?;
    let mut text = String::new();
    for line in lines.get(first..).unwrap_or_default() {
        text.push_str(line);
        text.push('\n');
        let t = line.trim_end();
        if !(t.ends_with('\\') || t.ends_with('^') || t.ends_with('`')) {
            break;
        }
    }
    request::parse(&text).filter(|r| r.kind == Kind::Curl)
}

struct Building {
    line: usize,
    sent: Vec<String>,
    received: Vec<String>,
    body: Vec<String>,
    tls: Option<bool>,
}

/// Every exchange in the transcript, with the secrets its requests carry.
pub fn read(text: &str, name: &str) -> (Vec<Exchange>, Vec<Secret>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let command = command(&lines);
    let mut built: Vec<Building> = Vec::new();
    let mut tls = None;
    for (i, raw) in lines.iter().enumerate() {
        match classify(raw) {
            Line::Info(info) => {
                tls = tls_note(info).or(tls);
            }
            Line::Sent(rest) => {
                if head::request_line(rest).is_some() {
                    built.push(Building {
                        line: i + 1,
                        sent: Vec::new(),
                        received: Vec::new(),
                        body: Vec::new(),
                        tls,
                    });
                }
                if let Some(b) = built.last_mut() {
                    b.sent.push(rest.to_string());
                }
            }
            Line::Received(rest) => {
                if let Some(b) = built.last_mut() {
                    if head::status_line(rest).is_some() {
                        // a 100 Continue (or a redirect's first answer) is replaced
                        b.received.clear();
                    }
                    b.received.push(rest.to_string());
                }
            }
            Line::DataNote => {}
            Line::Other(other) => {
                // text before the first request is the command or noise; after a
                // response head it is the body curl wrote
                let Some(b) = built.last_mut().filter(|b| !b.received.is_empty()) else {
                    continue;
                };
                if !is_curl_message(other) {
                    b.body.push(other.to_string());
                }
            }
        }
    }
    let mut notes = Vec::new();
    let mut secrets = Vec::new();
    let mut exchanges = Vec::new();
    for (n, b) in built.into_iter().enumerate() {
        let origin = format!("line {} of {name}", b.line);
        let mut request = sent_request(&b.sent, b.tls);
        // curl prints no request body: the command line has it (for the first request;
        // a redirect curl follows sends the body again only for 307/308)
        if let (Some(req), Some(cmd), 0) = (request.as_mut(), &command, n) {
            fill_from_command(req, cmd);
        }
        if let Some(req) = &request {
            let wants_body = req.header("content-length").is_some_and(|l| l != "0");
            if req.form.is_empty() && wants_body {
                notes.push(format!(
                    "{origin}: curl -v does not show the request body; paste the curl command above the transcript, or use curl --trace-ascii, to see what was sent"
                ));
            }
            secrets.extend(head::secrets_of(&req.form, &[]));
        }
        let response = received_response(&b.received, &b.body);
        let times = head::server_date(response.as_ref());
        exchanges.push(Exchange {
            request,
            response,
            times,
            text: None,
            origin: Some(origin),
            metadata: None,
        });
    }
    (exchanges, secrets, notes)
}

fn split_head(lines: &[String]) -> (Option<&String>, Vec<(String, String)>) {
    let first = lines.first();
    let headers = lines
        .iter()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| head::header_line(l))
        .collect();
    (first, headers)
}

fn sent_request(lines: &[String], tls: Option<bool>) -> Option<Request> {
    let (first, headers) = split_head(lines);
    let (method, target) = head::request_line(first?)?;
    Some(head::request(method, target, &headers, "", tls))
}

fn received_response(lines: &[String], body: &[String]) -> Option<Response> {
    let (first, headers) = split_head(lines);
    let (status, reason) = head::status_line(first?)?;
    Some(head::response(
        status,
        &reason,
        headers,
        body.join("\n").trim(),
    ))
}

/// What the command line says and curl -v does not show: the form it posted.
fn fill_from_command(req: &mut Request, cmd: &request::Request) {
    req.form = cmd
        .params
        .iter()
        .filter(|p| p.carrier == Carrier::Body)
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    if req.basic_user.is_none() {
        req.basic_user = cmd.http_user.clone();
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";

    #[test]
    fn a_transcript_with_its_command() {
        let text = format!(
            "$ curl -v -X POST https://as.example.com/token \\\n  -d grant_type=client_credentials --data-urlencode client_assertion={T}\nNote: Unnecessary use of -X or --request, POST is already inferred.\n*   Trying 93.184.215.14:443...\n* Connected to as.example.com (93.184.215.14) port 443 (#0)\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n> POST /token HTTP/2\n> Host: as.example.com\n> content-length: 120\n>\n}} [120 bytes data]\n< HTTP/2 401\n< date: Tue, 25 Nov 2025 14:00:00 GMT\n<\n{{ [26 bytes data]\n* Connection #0 to host as.example.com left intact\n{{\"error\":\"invalid_client\"}}\n"
        );
        assert!(looks_like(&text));
        let (e, _, notes) = read(&text, "t.txt");
        assert_eq!(e.len(), 1, "{notes:?}");
        let req = e[0].request.as_ref().unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, "https://as.example.com/token");
        assert_eq!(req.field("client_assertion"), Some(T));
        let r = e[0].response.as_ref().unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(r.body, "{\"error\":\"invalid_client\"}");
        assert_eq!(e[0].times.server_date, Some(1_764_079_200));
        assert!(notes.is_empty());
    }

    #[test]
    fn without_the_command_the_body_is_missing_and_said_so() {
        let text = "> POST /token HTTP/1.1\n> Host: 127.0.0.1:8787\n> Content-Length: 761\n>\n< HTTP/1.1 200 OK\n<\n{\"access_token\":\"x\"}\n";
        let (e, _, notes) = read(text, "t.txt");
        assert_eq!(
            e[0].request.as_ref().unwrap().url,
            "http://127.0.0.1:8787/token"
        );
        assert!(
            notes[0].contains("does not show the request body"),
            "{notes:?}"
        );
    }

    #[test]
    fn trace_time_prefixes_and_progress_meter() {
        assert_eq!(without_time("14:00:00.123456 > POST"), "> POST");
        assert!(is_curl_message(
            "100   113  100   113    0     0  12345      0 --:--:-- --:--:-- --:--:-- 12345"
        ));
        assert!(!is_curl_message("{\"error\":\"x\"}"));
    }
}
