//! --timeout, --cacert, --allow-http and proxies from the environment, wherever a URL
//! is fetched: verify (--jwks, --issuer, --metadata), lint (--metadata) and replay.

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
