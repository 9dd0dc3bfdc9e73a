//! The only HTTP client: reqwest (blocking) with rustls on ring, the crypto backend the JOSE
//! library already brings. Nothing here runs unless a command was given a URL, so offline commands
//! never build a client or start reqwest's runtime thread.

mod tls;

use crate::clock;
use crate::exchange::{self, Exchange, Request, Times};
use crate::exit::{Hint, Transport, TransportKind, causes};
use crate::redact::{REDACTED, Secret};
use anyhow::{Context, Result, bail};
use reqwest::blocking::Response;

/// A reusable HTTP client (one connection pool for many requests).
pub use reqwest::blocking::Client;
use serde_json::Value;
use std::io::Read;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Responses larger than this are cut off (metadata, JWKS and token responses are small).
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
/// Redirects a GET of metadata or keys follows before giving up.
const MAX_REDIRECTS: usize = 5;

#[derive(Debug, Clone)]
pub struct HttpOptions {
    pub timeout: Duration,
    /// Extra trusted root certificates (PEM), on top of the system's.
    pub cacert: Option<PathBuf>,
    /// Allow plain http to hosts other than loopback.
    pub allow_http: bool,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs(10),
            cacert: None,
            allow_http: false,
        }
    }
}

/// Build a client. `follow_redirects` is for GETs of metadata and JWKS; a token POST must
/// never be redirected (the assertion would go to another host).
pub fn client(opts: &HttpOptions, follow_redirects: bool) -> Result<Client> {
    // Ignore the error: it only means a provider was installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let policy = if follow_redirects {
        redirect_policy(opts.allow_http)
    } else {
        reqwest::redirect::Policy::none()
    };
    let mut builder = Client::builder()
        .timeout(opts.timeout)
        .redirect(policy)
        .user_agent(concat!("jwtgrant/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &opts.cacert {
        let pem = std::fs::read(path)
            .with_context(|| format!("cannot read --cacert {}", path.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).with_context(|| {
            format!("--cacert {}: not a PEM certificate bundle", path.display())
        })?;
        if certs.is_empty() {
            bail!(
                "--cacert {}: no certificate found in the file",
                path.display()
            );
        }
        builder = builder.tls_certs_merge(certs);
    }
    builder.build().context("building the HTTP client")
}

/// Follow a few redirects, each only to a URL the user could have given: the plain-http
/// rule (and --allow-http) holds for every hop, not just the first URL.
fn redirect_policy(allow_http: bool) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        match refusal(attempt.url(), allow_http) {
            None => attempt.follow(),
            Some(reason) => {
                let to = attempt.url().to_string();
                attempt.error(RedirectRefused { to, reason })
            }
        }
    })
}

/// A redirect to a URL jwtgrant would not have fetched if given it directly.
#[derive(Debug)]
struct RedirectRefused {
    to: String,
    reason: Refusal,
}

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redirected to {}: {}", self.to, self.reason.describe())
    }
}

impl std::error::Error for RedirectRefused {}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    PlainHttp,
    Scheme(String),
}

impl Refusal {
    fn describe(&self) -> String {
        match self {
            Refusal::PlainHttp => "plain http to a host other than loopback".to_string(),
            Refusal::Scheme(s) => format!("unsupported scheme {s:?}"),
        }
    }
}

/// Why jwtgrant will not fetch `url`: plain http to a non-loopback host without
/// --allow-http, or a scheme other than http(s).
fn refusal(url: &reqwest::Url, allow_http: bool) -> Option<Refusal> {
    match url.scheme() {
        "https" => None,
        "http" if allow_http || is_loopback(url) => None,
        "http" => Some(Refusal::PlainHttp),
        other => Some(Refusal::Scheme(other.to_string())),
    }
}

/// Refuse plain http except to loopback (or with --allow-http).
pub fn check_url(url: &str, allow_http: bool) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url).with_context(|| format!("{url:?} is not a valid URL"))?;
    match refusal(&parsed, allow_http) {
        None => Ok(parsed),
        Some(Refusal::PlainHttp) => Err(Hint::new(
            format!(
                "refusing plain http to {url}: the request would carry credentials in clear text"
            ),
            "use https, or --allow-http if you really mean it (loopback addresses are always allowed)",
        )),
        Some(Refusal::Scheme(other)) => bail!("{url}: unsupported scheme {other:?} (use https)"),
    }
}

pub fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The innermost cause's message: the useful part (connection refused, reset by peer, …).
fn innermost(causes: &[&(dyn std::error::Error + 'static)]) -> String {
    causes.last().map(|e| e.to_string()).unwrap_or_default()
}

/// A failure before any answer arrived (refused, timeout, TLS), as a `Transport` error
/// (exit 3) of the right kind; a redirect jwtgrant refused to follow is a usage error.
pub fn transport_error(err: reqwest::Error, what: &str, opts: &HttpOptions) -> anyhow::Error {
    let causes = causes(&err);
    if let Some(refused) = causes
        .iter()
        .find_map(|e| e.downcast_ref::<RedirectRefused>())
    {
        let hint = match refused.reason {
            Refusal::PlainHttp => {
                "ask for the https URL; or pass --allow-http if plain http is really meant"
            }
            Refusal::Scheme(_) => "ask for the final https URL",
        };
        return Hint::new(format!("{what}: not followed: {refused}"), hint);
    }
    if let Some(tls) = causes
        .iter()
        .find_map(|e| e.downcast_ref::<rustls::Error>())
    {
        let failure = tls::explain(tls);
        let message = format!("{what}: TLS handshake failed: {}", failure.message);
        return match failure.hint {
            Some(hint) => Transport::with_hint(TransportKind::Tls, message, hint),
            None => Transport::error(TransportKind::Tls, message),
        };
    }
    let detail = innermost(&causes);
    let (kind, phrase) = if err.is_timeout() {
        (
            TransportKind::Timeout,
            format!("timed out after {} (--timeout)", span_of(opts.timeout)),
        )
    } else if err.is_connect() {
        (TransportKind::Connect, "could not connect".to_string())
    } else {
        (TransportKind::Other, "failed".to_string())
    };
    if detail.is_empty() || kind == TransportKind::Timeout {
        Transport::error(kind, format!("{what}: {phrase}"))
    } else {
        Transport::error(kind, format!("{what}: {phrase}: {detail}"))
    }
}

fn span_of(d: Duration) -> String {
    crate::clock::span(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A response body, read up to MAX_BODY_BYTES.
pub struct Body {
    pub text: String,
    /// The server sent more than MAX_BODY_BYTES; the rest was not read.
    pub truncated: bool,
}

/// "the answer is larger than 1 MB; jwtgrant stopped reading".
pub fn too_large() -> String {
    format!(
        "the answer is larger than {} MB; jwtgrant stopped reading",
        MAX_BODY_BYTES / (1024 * 1024)
    )
}

/// Read at most MAX_BODY_BYTES of a response body as text, within the request's --timeout
/// counted from `started` (reqwest's blocking reader times each read on its own, so a
/// server trickling a byte at a time would otherwise hold jwtgrant for days). A timeout or
/// a broken connection while reading is a `Transport` error that says how much arrived.
pub fn read_body(resp: Response, what: &str, opts: &HttpOptions, started: Instant) -> Result<Body> {
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut body = resp.take(MAX_BODY_BYTES + 1);
    let timed_out = |received: usize| {
        Transport::error(
            TransportKind::Timeout,
            format!(
                "{what}: timed out after {} (--timeout) while reading the answer ({received} bytes received)",
                span_of(opts.timeout)
            ),
        )
    };
    loop {
        match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let causes = causes(&e);
                let is_timeout = causes.iter().any(|c| {
                    c.downcast_ref::<reqwest::Error>()
                        .is_some_and(reqwest::Error::is_timeout)
                        || c.downcast_ref::<std::io::Error>()
                            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
                });
                if is_timeout {
                    return Err(timed_out(bytes.len()));
                }
                return Err(Transport::error(
                    TransportKind::Read,
                    format!(
                        "{what}: the connection broke while reading the answer ({} bytes received): {}",
                        bytes.len(),
                        innermost(&causes)
                    ),
                ));
            }
        }
        if started.elapsed() > opts.timeout {
            return Err(timed_out(bytes.len()));
        }
    }
    let truncated = bytes.len() as u64 > MAX_BODY_BYTES;
    bytes.truncate(MAX_BODY_BYTES as usize);
    Ok(Body {
        text: String::from_utf8_lossy(&bytes).into_owned(),
        truncated,
    })
}

/// GET a JSON document (metadata, JWKS). Non-2xx and non-JSON answers are errors.
pub fn get_json(url: &str, opts: &HttpOptions) -> Result<Value> {
    let parsed = check_url(url, opts.allow_http)?;
    let what = format!("GET {url}");
    let started = Instant::now();
    let resp = client(opts, true)?
        .get(parsed)
        .header("accept", "application/json")
        .send()
        .map_err(|e| transport_error(e, &what, opts))?;
    let status = resp.status();
    let location = resp
        .headers()
        .get(reqwest::header::LOCATION)
        .map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
    let body = read_body(resp, &what, opts, started)?;
    if !status.is_success() {
        // a redirect reqwest would not follow (to another scheme) ends here too
        let to = match location {
            Some(l) if status.is_redirection() => format!(" (a redirect to {l}, not followed)"),
            _ => String::new(),
        };
        return Err(anyhow::Error::new(HttpStatus(status.as_u16()))
            .context(format!("{what}: HTTP {status}{to}")));
    }
    if body.truncated {
        return Err(Hint::new(
            format!("{what}: {}", too_large()),
            "metadata and key sets are a few kilobytes: check the URL",
        ));
    }
    serde_json::from_str(&body.text).with_context(|| format!("{what}: the answer is not JSON"))
}

/// A token request: an application/x-www-form-urlencoded POST, optionally with HTTP Basic
/// client authentication (client_secret_basic).
pub struct FormPost<'a> {
    pub url: &'a str,
    pub fields: &'a [(String, String)],
    /// client_id and client_secret for `Authorization: Basic`.
    pub basic: Option<(&'a str, &'a Secret)>,
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// The `Authorization: Basic` value of RFC 6749 §2.3.1: both parts form-urlencoded first.
pub fn basic_credentials(client_id: &str, secret: &Secret) -> String {
    let id: String = url::form_urlencoded::byte_serialize(client_id.as_bytes()).collect();
    let pw: String = url::form_urlencoded::byte_serialize(secret.expose()).collect();
    let pair = Secret::new(format!("{id}:{pw}").into_bytes());
    let mut value = String::from("Basic ");
    value.push_str(&data_encoding::BASE64.encode(pair.expose()));
    value
}

/// The password in a URL's userinfo, as written and decoded, and the Basic credentials
/// reqwest makes of it (it sends `user:password@`, percent-decoded, as `Authorization: Basic`).
pub fn url_secrets(url: &str) -> Vec<Vec<u8>> {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Vec::new();
    };
    let Some(password) = parsed.password() else {
        return Vec::new();
    };
    let mut pair = percent_decoded(parsed.username());
    pair.push(b':');
    pair.extend(percent_decoded(password));
    vec![
        password.as_bytes().to_vec(),
        percent_decoded(password),
        data_encoding::BASE64.encode(&pair).into_bytes(),
    ]
}

fn percent_decoded(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

/// POST a form without following redirects (a 3xx is the answer). Refused connections,
/// timeouts and TLS failures are `Transport` errors (exit 3); any HTTP status is an answer.
pub fn post_form(post: &FormPost, opts: &HttpOptions) -> Result<Exchange> {
    post_form_with(&client(opts, false)?, post, opts)
}

/// `post_form` with a client built once for many requests (`client(opts, false)`: no
/// redirects followed); building one costs more than a local request.
pub fn post_form_with(client: &Client, post: &FormPost, opts: &HttpOptions) -> Result<Exchange> {
    let parsed = check_url(post.url, opts.allow_http)?;
    let what = format!("POST {}", post.url);
    let mut shown_headers = vec![
        (
            "content-type".to_string(),
            "application/x-www-form-urlencoded".to_string(),
        ),
        ("accept".to_string(), "application/json".to_string()),
    ];
    let mut builder = client
        .post(parsed)
        .header("accept", "application/json")
        .form(post.fields);
    if let Some((id, secret)) = post.basic {
        let mut value = reqwest::header::HeaderValue::from_str(&basic_credentials(id, secret))
            .context("building the Authorization header")?;
        value.set_sensitive(true);
        builder = builder.header(reqwest::header::AUTHORIZATION, value);
        shown_headers.push(("authorization".to_string(), format!("Basic {REDACTED}")));
    }
    let local_before = unix_now();
    let started = Instant::now();
    let resp = builder
        .send()
        .map_err(|e| transport_error(e, &what, opts))?;
    let elapsed = started.elapsed();
    let local_after = unix_now();
    let status = resp.status();
    let headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = read_body(resp, &what, opts, started)?;
    let response = exchange::Response {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        headers,
        body: body.text,
        truncated: body.truncated,
    };
    let server_date = response.header("date").and_then(clock::parse_http_date);
    Ok(Exchange {
        request: Some(Request {
            method: "POST".to_string(),
            url: post.url.to_string(),
            headers: shown_headers,
            form: post.fields.to_vec(),
            basic_user: post.basic.map(|(id, _)| id.to_string()),
        }),
        response: Some(response),
        times: Times {
            sent: Some(local_before),
            received: Some(local_after),
            server_date,
            elapsed: Some(elapsed),
        },
        ..Exchange::default()
    })
}

/// A non-2xx answer to a GET; discovery uses it to try the next well-known URL.
#[derive(Debug)]
pub struct HttpStatus(pub u16);

impl std::fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP status {}", self.0)
    }
}

impl std::error::Error for HttpStatus {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_url("http://127.0.0.1:8080/token", false).is_ok());
        assert!(check_url("http://localhost/token", false).is_ok());
        assert!(check_url("http://[::1]:9/token", false).is_ok());
        assert!(check_url("https://as.example.com/token", false).is_ok());
        let err = check_url("http://as.example.com/token", false).unwrap_err();
        assert!(err.to_string().contains("plain http"), "{err}");
        assert!(check_url("http://as.example.com/token", true).is_ok());
        assert!(check_url("ftp://x/", true).is_err());
        assert!(check_url("not a url", false).is_err());
    }

    #[test]
    fn url_credentials_are_found() {
        let found = url_secrets("https://app:p%40ss@as.example/token");
        assert!(found.contains(&b"p%40ss".to_vec()) && found.contains(&b"p@ss".to_vec()));
        assert!(found.contains(&data_encoding::BASE64.encode(b"app:p@ss").into_bytes()));
        assert!(url_secrets("https://app@as.example/").is_empty());
    }

    #[test]
    fn basic_credentials_are_form_encoded_first() {
        let secret = Secret::new(b"p@ss word".to_vec());
        let value = basic_credentials("my client", &secret);
        let decoded = data_encoding::BASE64
            .decode(value.trim_start_matches("Basic ").as_bytes())
            .unwrap();
        assert_eq!(decoded, b"my+client:p%40ss+word");
    }
}
