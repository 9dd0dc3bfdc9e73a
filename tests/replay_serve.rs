//! `jwtgrant serve` as a child process, replay against it, and `demo`.

use crate::support::serve::{Serve, signed, write_jwks};
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::time::Duration;

fn first_code(doc: &Value) -> String {
    doc["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn replay_json(args: &[&str]) -> (Option<i32>, Value) {
    let o = jwtgrant()
        .arg("replay")
        .args(args)
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

#[test]
fn serve_accepts_once_then_names_the_replay() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}")]);
    let token = signed(client_assertion_claims("app", &server.base));
    // --issuer: the token endpoint comes from RFC 8414 discovery
    let (code, doc) = replay_json(&[&token, "--issuer", &server.base, "--client-id", "app"]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["accepted"], true);
    assert_eq!(doc["request"]["url"], server.token_endpoint());
    let (code, doc) = replay_json(&[&token, "--issuer", &server.base, "--client-id", "app"]);
    assert_eq!(code, Some(1));
    assert_eq!(first_code(&doc), "claim.jti_reused");
    assert_eq!(doc["diagnosis"][0]["source"], "server");
    let log = server.log().join("\n");
    assert!(log.contains("claim.jti_reused"), "{log}");
}

#[test]
fn serve_follows_rfc10070_unless_legacy_aud() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let strict = Serve::start(&["--client", &format!("app={jwks}")]);
    let token = signed(client_assertion_claims("app", &strict.token_endpoint()));
    let (code, doc) = replay_json(&[&token, "--token-endpoint", &strict.token_endpoint()]);
    assert_eq!(code, Some(1));
    assert_eq!(first_code(&doc), "claim.aud_mismatch", "{doc:#}");
    let description = doc["response"]["body"]["error_description"]
        .as_str()
        .unwrap();
    assert!(description.contains("RFC 10070"), "{description}");
    let legacy = Serve::start(&["--client", &format!("app={jwks}"), "--legacy-aud"]);
    let token = signed(client_assertion_claims("app", &legacy.token_endpoint()));
    let (code, _) = replay_json(&[&token, "--token-endpoint", &legacy.token_endpoint()]);
    assert_eq!(code, Some(0));
}

#[test]
fn an_opaque_server_leaves_the_diagnosis_to_local_checks() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}"), "--opaque"]);
    let mut claims = client_assertion_claims("app", &server.base);
    claims["iat"] = json!(now() - 1200);
    claims["exp"] = json!(now() - 900);
    let (code, doc) = replay_json(&[&signed(claims), "--issuer", &server.base]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["response"]["body"], json!({"error": "invalid_client"}));
    assert_eq!(doc["inferred"], true);
    assert_eq!(first_code(&doc), "claim.exp_expired");
    // the server still logs the real reason
    assert!(server.log().join("\n").contains("claim.exp_expired"));
}

#[test]
fn serve_grants_from_trusted_issuers_with_client_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "idp.json", "k1");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "0123456789abcdef0123456789abcdef\n").unwrap();
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "not-the-secret").unwrap();
    let server = Serve::start(&[
        "--trust",
        &format!("https://idp.example={jwks}"),
        "--client-secret-file",
        &format!("app={}", secret.display()),
    ]);
    let grant = |jti: &str| {
        let n = now();
        signed(
            json!({"iss": "https://idp.example", "sub": "alice", "aud": server.token_endpoint(),
                      "iat": n, "exp": n + 120, "jti": jti}),
        )
    };
    for how in ["basic", "post"] {
        let (code, doc) = replay_json(&[
            &grant(&format!("g-{how}-{}", unique())),
            "--issuer",
            &server.base,
            "--client-id",
            "app",
            "--client-secret-file",
            secret.to_str().unwrap(),
            "--client-auth",
            how,
        ]);
        assert_eq!(code, Some(0), "{how}: {doc:#}");
    }
    let (code, doc) = replay_json(&[
        &grant(&format!("g-{}", unique())),
        "--issuer",
        &server.base,
        "--client-id",
        "app",
        "--client-secret-file",
        wrong.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(first_code(&doc), "server.credential_invalid");
    // an untrusted issuer
    let n = now();
    let other = signed(json!({"iss": "https://evil.example", "sub": "alice",
        "aud": server.token_endpoint(), "iat": n, "exp": n + 60, "jti": "x"}));
    let (_, doc) = replay_json(&[&other, "--issuer", &server.base, "--flow", "grant"]);
    assert_eq!(first_code(&doc), "server.issuer_untrusted");
}

#[test]
fn a_skewed_server_clock_is_found_through_serve() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}"), "--clock-offset", "-2h"]);
    let (code, doc) = replay_json(&[
        &signed(client_assertion_claims("app", &server.base)),
        "--issuer",
        &server.base,
    ]);
    assert_eq!(code, Some(1));
    // the server's clock is two hours behind: the fresh assertion is not valid yet there
    assert_eq!(first_code(&doc), "server.clock_skew", "{doc:#}");
    let offset = doc["server_clock"]["offset_seconds"].as_i64().unwrap();
    assert!((offset + 7200).abs() <= 2, "{offset}");
}

#[test]
fn serve_reads_a_config_file_and_stops_after_max_requests() {
    let dir = tempfile::tempdir().unwrap();
    write_jwks(dir.path(), "app.json", "k1");
    let config = dir.path().join("server.json");
    std::fs::write(
        &config,
        json!({"clients": [{"client_id": "app", "jwks_file": "app.json",
                            "token_endpoint_auth_signing_alg": "ES256"}],
               "skew": "10s"})
        .to_string(),
    )
    .unwrap();
    let mut server = Serve::start(&["--config", config.to_str().unwrap(), "--max-requests", "1"]);
    let (code, doc) = replay_json(&[
        &signed(client_assertion_claims("app", &server.base)),
        "--token-endpoint",
        &server.token_endpoint(),
    ]);
    assert_eq!(code, Some(0), "{doc:#}");
    let status = (0..100)
        .find_map(|_| {
            std::thread::sleep(Duration::from_millis(50));
            server.child.try_wait().unwrap()
        })
        .expect("serve did not stop after --max-requests 1");
    assert!(status.success());
}

#[test]
fn serve_without_clients_warns_and_a_secret_in_json_is_refused() {
    let server = Serve::start(&[]);
    let log = server.log().join("\n");
    assert!(log.contains("no clients"), "{log}");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.json");
    std::fs::write(
        &config,
        r#"{"clients": [{"client_id": "a", "client_secret": "s"}]}"#,
    )
    .unwrap();
    let o = jwtgrant()
        .args(["serve", "--port", "0", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("secret_file"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn demo_shows_every_diagnosis() {
    let o = jwtgrant().arg("demo").output().unwrap();
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", text(&o.stderr));
    assert!(out.contains("ACCEPTED"), "{out}");
    for code in [
        "claim.jti_reused",
        "claim.aud_mismatch",
        "claim.exp_expired",
        "header.kid_unknown",
        "server.clock_skew",
    ] {
        assert!(out.contains(code), "{code} missing:\n{out}");
    }
    assert!(out.contains("inferred"), "{out}");
    assert!(out.contains("\"access_token\":\"<redacted>\""), "{out}");
}
