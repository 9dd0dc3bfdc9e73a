//! The only HTTP client: reqwest (blocking) with rustls on ring, the crypto backend biscuit
//! already brings. Nothing here runs unless a command was given a URL, so offline commands
//! never build a client or start reqwest's runtime thread.

use crate::exit::{Hint, Transport};
use anyhow::{Context, Result, bail};
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use std::io::Read;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Responses larger than this are cut off (metadata, JWKS and token responses are small).
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

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
        reqwest::redirect::Policy::limited(5)
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

/// Refuse plain http except to loopback (or with --allow-http).
pub fn check_url(url: &str, allow_http: bool) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url).with_context(|| format!("{url:?} is not a valid URL"))?;
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if allow_http || is_loopback(&parsed) => Ok(parsed),
        "http" => Err(Hint::new(
            format!(
                "refusing plain http to {url}: the request would carry credentials in clear text"
            ),
            "use https, or --allow-http if you really mean it (loopback addresses are always allowed)",
        )),
        other => bail!("{url}: unsupported scheme {other:?} (use https)"),
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

/// A transport-level failure (refused, timeout, TLS) becomes exit status 3.
pub fn transport_error(err: reqwest::Error, what: &str) -> anyhow::Error {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    // reqwest's chain holds the useful part (connection refused, certificate unknown, …)
    let mut detail = String::new();
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    let message = if detail.is_empty() {
        format!("{what}: {kind}")
    } else {
        format!("{what}: {kind}: {detail}")
    };
    anyhow::Error::new(Transport(message))
}

/// Read at most MAX_BODY_BYTES of a response body as text.
pub fn read_body(resp: Response, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    resp.take(MAX_BODY_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            anyhow::Error::new(Transport(format!(
                "{what}: reading the response failed: {e}"
            )))
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// GET a JSON document (metadata, JWKS). Non-2xx and non-JSON answers are errors.
pub fn get_json(url: &str, opts: &HttpOptions) -> Result<Value> {
    let parsed = check_url(url, opts.allow_http)?;
    let what = format!("GET {url}");
    let resp = client(opts, true)?
        .get(parsed)
        .header("accept", "application/json")
        .send()
        .map_err(|e| transport_error(e, &what))?;
    let status = resp.status();
    let body = read_body(resp, &what)?;
    if !status.is_success() {
        return Err(anyhow::Error::new(HttpStatus(status.as_u16()))
            .context(format!("{what}: HTTP {status}")));
    }
    serde_json::from_str(&body).with_context(|| format!("{what}: the answer is not JSON"))
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
}
