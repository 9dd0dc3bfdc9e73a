//! --timeout, --cacert, --allow-http and proxies from the environment, wherever a URL
//! is fetched: verify (--jwks, --issuer, --metadata), lint (--metadata) and replay.

use crate::support::tls_server::{Pki, TlsServer};
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::json;
use std::time::Duration;

fn token() -> String {
    es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &client_assertion_claims("app", "https://as.example"),
    )
}

fn jwks_reply() -> Reply {
    Reply::json(200, json!({"keys": [public_jwk(DEMO_KEY, "k1")]}))
}

#[test]
fn verify_refuses_plain_http_to_other_hosts_unless_allowed() {
    let o = jwtgrant()
        .args([
            "verify",
            &token(),
            "--jwks",
            "http://keys.example/jwks.json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("plain http"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stderr).contains("--allow-http"),
        "{}",
        text(&o.stderr)
    );
    let o = jwtgrant()
        .args(["verify", &token(), "--issuer", "http://idp.example"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

#[test]
fn proxies_come_from_the_environment_and_allow_http_lets_plain_http_through() {
    // The proxy (a local server) answers for a host that does not exist.
    let proxy = TokenServer::one(jwks_reply());
    let o = jwtgrant()
        .env("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port))
        .args(["verify", &token(), "--json", "--allow-http"])
        .args(["--jwks", "http://keys.example/jwks.json"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(doc["verification"]["signature"], "valid", "{doc:#}");
    let seen = proxy.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "http://keys.example/jwks.json");
    // replay's POST goes through the proxy too
    let proxy = TokenServer::one(Reply::token());
    let o = jwtgrant()
        .env("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port))
        .args(["replay", &token(), "--no-history", "--allow-http"])
        .args(["--token-endpoint", "http://as.example/token"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let seen = proxy.requests();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("POST", "http://as.example/token")
    );
}

#[test]
fn verify_times_out_with_exit_3() {
    let server = TokenServer::one(jwks_reply().slow(Duration::from_secs(8)));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args(["verify", &token(), "--jwks", &url, "--timeout", "1s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("timed out"), "{}", text(&o.stderr));
    // and the same server answers in time with the default timeout
    let server = TokenServer::one(jwks_reply());
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args(["verify", &token(), "--jwks", &url, "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&o)["verification"]["signature"], "valid");
}

#[test]
fn lint_metadata_url_honours_timeout_and_cacert() {
    let server = TokenServer::one(
        Reply::json(200, json!({"issuer": "https://as.example"})).slow(Duration::from_secs(8)),
    );
    let url = format!(
        "http://127.0.0.1:{}/.well-known/oauth-authorization-server",
        server.port
    );
    let o = jwtgrant()
        .args(["lint", &token(), "--metadata", &url, "--timeout", "1s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ca.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    for cmd in [
        vec!["lint", "--metadata", "https://127.0.0.1:9/.well-known/x"],
        vec!["verify", "--jwks", "https://127.0.0.1:9/jwks.json"],
    ] {
        let o = jwtgrant()
            .args(&cmd)
            .arg(token())
            .args(["--cacert", bad.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("--cacert"), "{}", text(&o.stderr));
    }
}

/// A token response, for the TLS server.
const TOKEN_BODY: &str =
    r#"{"access_token":"opaque-tls-canary","token_type":"Bearer","expires_in":60}"#;

#[test]
fn a_ca_certificate_presented_as_the_server_certificate_is_explained() {
    let pki = Pki::new();
    let server = TlsServer::start(&pki.path("ca.pem"), &pki.path("ca.key"), TOKEN_BODY);
    let url = server.url("/token");
    let o = jwtgrant()
        .args(["replay", &token(), "--no-history", "--token-endpoint", &url])
        .args(["--cacert", pki.path("ca.pem").to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("OtherError"), "{stderr}");
    assert!(stderr.contains("CA certificate"), "{stderr}");
    assert!(
        stderr.contains("hint: ") && stderr.contains("leaf"),
        "{stderr}"
    );
    // the same CA, now behind a leaf certificate it signed: accepted
    let server = TlsServer::start(&pki.path("leaf.pem"), &pki.path("leaf.key"), TOKEN_BODY);
    let url = server.url("/token");
    let o = jwtgrant()
        .args(["replay", &token(), "--no-history", "--token-endpoint", &url])
        .args(["--cacert", pki.path("ca.pem").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // without --cacert the issuer is unknown: say so, and name --cacert
    let o = jwtgrant()
        .args(["verify", &token(), "--jwks", &server.url("/jwks.json")])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("--cacert"), "{stderr}");
    assert!(!stderr.contains("UnknownIssuer"), "{stderr}");
    // a certificate for another host: the names it holds, and what to do
    let server = TlsServer::start(&pki.path("other.pem"), &pki.path("leaf.key"), TOKEN_BODY);
    let o = jwtgrant()
        .args(["verify", &token(), "--jwks", &server.url("/jwks.json")])
        .args(["--cacert", pki.path("ca.pem").to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the server's certificate names other.example, not 127.0.0.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: use a host name the certificate names"),
        "{stderr}"
    );
}
