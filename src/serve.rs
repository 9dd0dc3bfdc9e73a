//! `serve`: a strict local token endpoint (RFC 7523 grants and client assertions, RFC 10070
//! audience) on 127.0.0.1, for testing clients and for `demo`. The decisions (token.rs) and
//! the routing here are pure; transport.rs carries them over HTTP/1.1 (hyper on tokio), and
//! is the only place that builds an async runtime.

pub mod config;
mod id_jag;
pub mod refusal;
mod token;
mod transport;

pub use config::Config;

use crate::replay::JWT_BEARER_GRANT;
use anyhow::{Context, Result};
use refusal::Refusal;
use serde_json::json;
use std::net::{Ipv4Addr, TcpListener};
use std::time::Duration;

/// The largest request head (request line and headers) read: 431 beyond it.
const MAX_HEAD: usize = 16 * 1024;
/// The largest request body read: 413 beyond it. A token request is a few KiB at most.
const MAX_BODY: usize = 64 * 1024;

/// A listening socket on 127.0.0.1.
pub struct Bound {
    listener: TcpListener,
    port: u16,
}

/// How long the server waits for clients, and how many it serves at once.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest wait for a complete request head, counted from the moment the server
    /// waits for one (connection opened, or previous answer sent): also the keep-alive idle
    /// time.
    pub header_timeout: Duration,
    /// The longest wait for a complete request body.
    pub body_timeout: Duration,
    /// Open connections served at once; the next ones get 503.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 256,
        }
    }
}

/// How one run of the server ends and what it tolerates.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Stop after answering this many requests (in-flight ones finish first).
    pub max_requests: Option<u64>,
    pub limits: Limits,
    /// Stop gracefully on SIGINT / SIGTERM (`serve`; not `demo`, which runs in-process).
    pub stop_on_signals: bool,
}

/// One handled request, for the log.
pub struct Entry {
    /// "?" when the request head could not be parsed.
    pub method: String,
    pub path: String,
    pub status: u16,
    pub summary: String,
}

/// What the server tells its log.
pub enum Event {
    /// A request was answered.
    Answered(Entry),
    /// A connection was closed or dropped without an answer (stalled, broken, over the cap).
    Closed(String),
    /// The server began to stop, and why.
    Stopping(String),
}

/// One request as the endpoint sees it, whatever carried it.
struct Request<'a> {
    method: &'a str,
    /// The path without the query string.
    path: &'a str,
    content_type: Option<&'a str>,
    authorization: Option<&'a str>,
    body: &'a [u8],
}

/// One answer, before the transport adds Date and framing.
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
}

/// Listen on 127.0.0.1:PORT (0: a free port).
pub fn bind(port: u16) -> Result<Bound> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
    let port = listener.local_addr()?.port();
    Ok(Bound { listener, port })
}

impl Bound {
    /// `http://127.0.0.1:PORT`: the default issuer.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answer requests until `options.max_requests` have been answered or a stop signal
    /// arrives (forever without either). `log` is called on this thread, in order.
    pub fn serve(
        self,
        config: Config,
        options: Options,
        log: &mut dyn FnMut(&Event),
    ) -> Result<()> {
        transport::run(self.listener, config, options, log)
    }
}

/// The IMF-fixdate of `secs` (the server's clock, offset included), for the Date header.
fn http_date(secs: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// A JSON answer with the RFC 6749 §5.1 cache headers.
fn json_response(status: u16, body: serde_json::Value) -> Response {
    Response {
        status,
        headers: vec![
            ("Content-Type", "application/json".into()),
            ("Cache-Control", "no-store".into()),
            ("Pragma", "no-cache".into()),
        ],
        body: body.to_string(),
    }
}

/// A refused token request, in the configured style (`--refusal`).
fn refused(refusal: &Refusal, config: &Config) -> Response {
    let wire = refusal.wire(config.refusal);
    Response {
        status: wire.status,
        headers: wire.headers,
        body: wire.body,
    }
}

/// An `invalid_request` answer; `why` is also the log summary.
fn invalid_request(status: u16, why: &str) -> Response {
    json_response(status, Refusal::request(status, why).body(false))
}

/// Decide one request: the answer and a summary for the log.
fn route(req: &Request, config: &Config, seen: &mut token::Seen, now: i64) -> (Response, String) {
    match (req.method, req.path) {
        ("POST", "/token") => {
            let is_form = req
                .content_type
                .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                let refusal = Refusal::request(
                    400,
                    "the token request must be application/x-www-form-urlencoded (RFC 6749 §3.2)",
                );
                return (refused(&refusal, config), refusal.log_line());
            }
            let form: Vec<(String, String)> =
                url::form_urlencoded::parse(req.body).into_owned().collect();
            let answer = token::handle(config, seen, now, &form, req.authorization);
            let response = match &answer.refusal {
                Some(refusal) => refused(refusal, config),
                None => json_response(answer.status, answer.body),
            };
            (response, answer.log)
        }
        (
            "GET",
            "/.well-known/oauth-authorization-server" | "/.well-known/openid-configuration",
        ) => (json_response(200, metadata(config)), "metadata".into()),
        ("GET", "/jwks") => match &config.id_jag {
            Some(idp) => (
                json_response(200, idp.jwks()),
                "the ID-JAG signing key".into(),
            ),
            None => (
                json_response(404, json!({"error": "not_found"})),
                "no /jwks: this server signs nothing (--id-jag-issuer)".into(),
            ),
        },
        (_, "/token") => (
            json_response(405, Refusal::request(405, "use POST").body(false)),
            "not POST".into(),
        ),
        _ => (
            json_response(404, json!({"error": "not_found"})),
            "no such path".into(),
        ),
    }
}

fn metadata(config: &Config) -> serde_json::Value {
    let mut grants = vec![JWT_BEARER_GRANT, "client_credentials"];
    if config.id_jag.is_some() {
        grants.push(crate::idjag::TOKEN_EXCHANGE_GRANT);
    }
    let mut doc = json!({
        "issuer": config.issuer,
        "token_endpoint": config.token_endpoint,
        "grant_types_supported": grants,
        "token_endpoint_auth_methods_supported": [
            "private_key_jwt", "client_secret_jwt", "client_secret_basic", "client_secret_post", "none"
        ],
        "token_endpoint_auth_signing_alg_values_supported": token::signing_algs(),
    });
    if config.id_jag.is_some() {
        doc["jwks_uri"] = json!(config.jwks_uri);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(method: &'a str, path: &'a str, body: &'a [u8]) -> Request<'a> {
        Request {
            method,
            path,
            content_type: Some("application/x-www-form-urlencoded"),
            authorization: None,
            body,
        }
    }

    #[test]
    fn routes_without_a_socket() {
        let config = Config::new("http://127.0.0.1:1");
        let mut seen = token::Seen::new();
        let meta = request("GET", "/.well-known/oauth-authorization-server", b"");
        let (r, _) = route(&meta, &config, &mut seen, 0);
        assert_eq!(r.status, 200);
        assert!(
            r.body
                .contains("\"token_endpoint\":\"http://127.0.0.1:1/token\"")
        );
        let (r, _) = route(&request("GET", "/token", b""), &config, &mut seen, 0);
        assert_eq!(r.status, 405);
        let (r, _) = route(&request("GET", "/nope", b""), &config, &mut seen, 0);
        assert_eq!(r.status, 404);
        let mut json = request("POST", "/token", b"{}");
        json.content_type = Some("application/json");
        let (r, why) = route(&json, &config, &mut seen, 0);
        assert_eq!(r.status, 400);
        assert!(why.contains("x-www-form-urlencoded"), "{why}");
        // no client registered: a well-formed request is refused by the decisions, not routing
        let form = b"grant_type=client_credentials&client_id=app";
        let (r, _) = route(&request("POST", "/token", form), &config, &mut seen, 0);
        assert!(r.status == 400 || r.status == 401, "{}", r.status);
    }

    #[test]
    fn dates_are_imf_fixdate() {
        assert_eq!(http_date(1_764_079_200), "Tue, 25 Nov 2025 14:00:00 GMT");
    }
}
