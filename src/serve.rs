//! `serve`: a strict local token endpoint (RFC 7523 grants and client assertions, RFC 10070
//! audience) on 127.0.0.1, for testing clients and for `demo`. std only: one thread, one
//! request per connection, bounded reads and timeouts.

pub mod config;
mod refusal;
mod token;
mod wire;

pub use config::Config;

use crate::clock;
use crate::replay::JWT_BEARER_GRANT;
use anyhow::{Context, Result};
use refusal::Refusal;
use serde_json::json;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::Duration;
use wire::{ReadError, Request, Response};

const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// A listening socket on 127.0.0.1.
pub struct Bound {
    listener: TcpListener,
    port: u16,
}

/// One handled request, for the log.
pub struct Entry {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub summary: String,
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

    /// Answer requests until `max` have been handled (forever without it).
    pub fn serve(
        self,
        config: Config,
        max: Option<u64>,
        log: &mut dyn FnMut(&Entry),
    ) -> Result<()> {
        let mut seen = token::Seen::new();
        let mut handled = 0u64;
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
            let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
            if let Some(entry) = connection(&stream, &config, &mut seen) {
                log(&entry);
                handled += 1;
            }
            if max.is_some_and(|m| handled >= m) {
                break;
            }
        }
        Ok(())
    }
}

fn http_date(secs: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

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

fn connection(stream: &TcpStream, config: &Config, seen: &mut token::Seen) -> Option<Entry> {
    let now = clock::system_now() + config.clock_offset;
    let (request, response, summary) = match wire::read_request(stream) {
        Err(ReadError::Gone) => return None,
        Err(ReadError::Status(status, why)) => (
            None,
            json_response(status, Refusal::request(status, why).body(false)),
            why.to_string(),
        ),
        Ok(req) => {
            let (response, summary) = route(&req, config, seen, now);
            (Some(req), response, summary)
        }
    };
    let _ = wire::write_response(stream, &http_date(now), &response);
    let (method, path) = request
        .map(|r| (r.method, r.path))
        .unwrap_or_else(|| ("?".into(), "?".into()));
    Some(Entry {
        method,
        path,
        status: response.status,
        summary,
    })
}

fn route(req: &Request, config: &Config, seen: &mut token::Seen, now: i64) -> (Response, String) {
    match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/token") => {
            let is_form = req
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
            if !is_form {
                let refusal = Refusal::request(
                    400,
                    "the token request must be application/x-www-form-urlencoded (RFC 6749 §3.2)",
                );
                return (json_response(400, refusal.body(false)), refusal.log_line());
            }
            let form: Vec<(String, String)> = url::form_urlencoded::parse(&req.body)
                .into_owned()
                .collect();
            let answer = token::handle(config, seen, now, &form, req.header("authorization"));
            let mut response = json_response(answer.status, answer.body);
            if answer.basic_challenge {
                response
                    .headers
                    .push(("WWW-Authenticate", "Basic realm=\"jwtgrant serve\"".into()));
            }
            (response, answer.log)
        }
        (
            "GET",
            "/.well-known/oauth-authorization-server" | "/.well-known/openid-configuration",
        ) => (json_response(200, metadata(config)), "metadata".into()),
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
    json!({
        "issuer": config.issuer,
        "token_endpoint": config.token_endpoint,
        "grant_types_supported": [JWT_BEARER_GRANT, "client_credentials"],
        "token_endpoint_auth_methods_supported": [
            "private_key_jwt", "client_secret_jwt", "client_secret_basic", "client_secret_post", "none"
        ],
        "token_endpoint_auth_signing_alg_values_supported": token::signing_algs(),
    })
}
