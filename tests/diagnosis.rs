//! Diagnosis that holds on any server (issue 14), end to end through the binary: each
//! example a new user hit, against `serve --refusal STYLE` and pasted transcripts.

use crate::support::serve::{Serve, signed, write_jwks};
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};

fn replay_json(args: &[&str]) -> (Option<i32>, Value) {
    let o = jwtgrant()
        .arg("replay")
        .args(args)
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

fn causes(doc: &Value) -> Vec<Value> {
    doc["diagnosis"].as_array().cloned().unwrap_or_default()
}

fn first_code(doc: &Value) -> String {
    doc["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn expired_claims(client: &str, aud: &str) -> Value {
    let mut c = client_assertion_claims(client, aud);
    c["iat"] = json!(now() - 900);
    c["exp"] = json!(now() - 600);
    c
}

#[test]
fn no_wire_convention_outranks_definite_local_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let styles = [
        "opaque",
        "invalid-client",
        "authentication-failed",
        "authorization-failed",
        "invalid-grant",
        "unauthorized-client",
        "access-denied",
        "plain-text",
        "challenge",
        "html-500",
        "server-error",
        "error-200",
        "problem",
    ];
    for style in styles {
        let server = Serve::start(&["--client", &format!("app={jwks}"), "--refusal", style]);
        let token = signed(expired_claims("app", &server.base));
        let (code, doc) = replay_json(&[&token, "--issuer", &server.base]);
        assert_eq!(code, Some(1), "{style}: {doc:#}");
        assert_eq!(first_code(&doc), "claim.exp_expired", "{style}: {doc:#}");
        assert_eq!(doc["inferred"], true, "{style}");
        let all = causes(&doc);
        assert_eq!(all.last().unwrap()["code"], "server.rejected", "{style}");
        // the server still logs the real reason
        let log = server.log_until("claim.exp_expired");
        assert!(log.contains("claim.exp_expired"), "{style}: {log}");
    }
    // the default names the cause on the wire, and the diagnosis says the server said so
    let server = Serve::start(&["--client", &format!("app={jwks}")]);
    let token = signed(expired_claims("app", &server.base));
    let (_, doc) = replay_json(&[&token, "--issuer", &server.base]);
    assert_eq!(doc["inferred"], false);
    assert_eq!(doc["diagnosis"][0]["strength"], "server_names_cause");
}

#[test]
fn serve_refusal_styles_are_listed_and_checked() {
    let o = jwtgrant().args(["serve", "--help"]).output().unwrap();
    let help = text(&o.stdout);
    for style in ["described", "authorization-failed", "html-500", "error-200"] {
        assert!(help.contains(style), "{style}: {help}");
    }
    let o = jwtgrant()
        .args(["serve", "--port", "0", "--refusal", "sometimes"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("authorization-failed"),
        "{}",
        text(&o.stderr)
    );
    let o = jwtgrant()
        .args(["serve", "--port", "0", "--refusal", "opaque", "--opaque"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "--refusal and --opaque conflict");
}

#[test]
fn an_accepted_trailing_slash_issuer_is_no_error_and_no_fix() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}"), "--legacy-aud"]);
    // aud is the issuer the metadata names (no slash); the user typed one
    let token = signed(client_assertion_claims("app", &server.base));
    let slashed = format!("{}/", server.base);
    let (code, doc) = replay_json(&[&token, "--issuer", &slashed, "--client-id", "app"]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["accepted"], true);
    for c in causes(&doc) {
        assert_ne!(c["severity"], "error", "{c:#}");
        let hint = c["hint"].as_str().unwrap_or("");
        assert!(!hint.contains("set aud"), "{hint}");
    }
    let note = causes(&doc)
        .into_iter()
        .find(|c| c["code"] == "server.endpoint_issuer_mismatch")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert!(
        note["message"].as_str().unwrap().contains("RFC 8414"),
        "{note:#}"
    );
    // and in words (a fresh assertion: serve keeps jti single-use)
    let token = signed(client_assertion_claims("app", &server.base));
    let o = jwtgrant()
        .args(["replay", &token, "--issuer", &slashed, "--no-history"])
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains("ACCEPTED"), "{out}");
    assert!(!out.contains("error   claim.aud_mismatch"), "{out}");
}

#[test]
fn accepted_with_a_stricter_profile_is_a_warning_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}"), "--legacy-aud"]);
    // aud = the token endpoint: RFC 10070 wants the issuer, this server accepts it
    let token = signed(client_assertion_claims("app", &server.token_endpoint()));
    let (code, doc) = replay_json(&[&token, "--issuer", &server.base, "--profile", "rfc10070"]);
    assert_eq!(code, Some(0), "{doc:#}");
    let aud = causes(&doc)
        .into_iter()
        .find(|c| c["code"] == "claim.aud_mismatch")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(aud["severity"], "warning");
    assert!(
        aud["message"]
            .as_str()
            .unwrap()
            .contains("accepted it anyway")
    );
    assert!(aud.get("expected").is_none(), "{aud:#}");
    assert!(aud["hint"].as_str().unwrap().contains("nothing to change"));
}

#[test]
fn a_mistyped_token_endpoint_names_the_url_not_the_aud() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}")]);
    let token = signed(client_assertion_claims("app", &server.base));
    let typo = format!("{}/tokn", server.base);
    let (code, doc) = replay_json(&[&token, "--token-endpoint", &typo]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["accepted"], false);
    assert_eq!(first_code(&doc), "server.endpoint_not_found", "{doc:#}");
    assert!(
        doc["diagnosis"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&typo)
    );
    for c in causes(&doc) {
        let hint = c["hint"].as_str().unwrap_or("");
        assert!(!hint.contains("set aud"), "{hint}");
        assert_ne!(c["code"], "server.rejected");
    }
    // with the server's metadata known, the right URL is named
    let meta = dir.path().join("meta.json");
    std::fs::write(
        &meta,
        json!({"issuer": server.base, "token_endpoint": server.token_endpoint()}).to_string(),
    )
    .unwrap();
    let (_, doc) = replay_json(&[
        &token,
        "--token-endpoint",
        &typo,
        "--metadata",
        meta.to_str().unwrap(),
    ]);
    let first = &doc["diagnosis"][0];
    assert_eq!(first["expected"], server.token_endpoint(), "{doc:#}");
    assert!(
        first["hint"]
            .as_str()
            .unwrap()
            .contains(&server.token_endpoint())
    );
    // a GET-only URL: 405
    let (_, doc) = replay_json(&[&token, "--token-endpoint", &format!("{}/", server.base)]);
    assert!(
        ["server.endpoint_not_found", "server.endpoint_method"]
            .contains(&first_code(&doc).as_str()),
        "{doc:#}"
    );
}

#[test]
fn missing_discovery_and_another_issuer_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}")]);
    let token = signed(client_assertion_claims("app", &server.base));
    let o = jwtgrant()
        .args([
            "replay",
            &token,
            "--issuer",
            &format!("{}/nope", server.base),
            "--no-history",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("server.endpoint_metadata_missing"),
        "{stderr}"
    );
    let other = Serve::start(&["--issuer", "https://other.example"]);
    let o = jwtgrant()
        .args(["replay", &token, "--issuer", &other.base, "--no-history"])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("server.endpoint_issuer_mismatch"),
        "{stderr}"
    );
    assert!(stderr.contains("RFC 8414 §3.3"), "{stderr}");
}

#[test]
fn explain_of_a_404_never_says_the_assertion_looks_right() {
    let o = jwtgrant()
        .args(["explain", "-", "--json"])
        .write_stdin("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":\"not_found\"}")
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(first_code(&doc), "server.endpoint_not_found", "{doc:#}");
    assert!(!doc.to_string().contains("looks right"), "{doc:#}");
    // a refusal with no assertion in the text: nothing was checked, and it says so
    let o = jwtgrant()
        .args([
            "explain",
            r#"{"error":"invalid_request","error_description":"Authorization failed"}"#,
        ])
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(!out.contains("looks right"), "{out}");
    assert!(out.contains("no assertion"), "{out}");
}

#[test]
fn a_pasted_curl_transcript_is_judged_at_its_date_header() {
    // six days ago the server answered; the assertion was 3 s old then
    let date = now() - 6 * 86_400;
    let token = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": "app", "sub": "app", "aud": "https://as.example",
                "iat": date - 3, "exp": date + 60, "jti": "curl-1"}),
    );
    let transcript = format!(
        "*   Trying 192.0.2.1:443...\n> POST /token HTTP/1.1\n> Host: as.example\n> Content-Type: application/x-www-form-urlencoded\n>\n}} [812 bytes data]\n< HTTP/1.1 401 Unauthorized\n< date: {}\n< content-type: application/json\n<\n{{\"error\":\"invalid_client\"}}\n--data client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={token}\n",
        http_date(date)
    );
    let o = jwtgrant()
        .args(["explain", "-"])
        .write_stdin(transcript.as_str())
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(!out.contains("claim.exp_expired"), "{out}");
    assert!(
        out.contains("the server's clock (its Date header)"),
        "{out}"
    );
    // inspect of the same transcript judges at the same instant
    let o = jwtgrant()
        .args(["inspect", "-"])
        .write_stdin(transcript.as_str())
        .output()
        .unwrap();
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(err.contains("response's Date header"), "{err}");
    assert!(!out.contains("claim.exp_expired"), "{out}");
    // --now takes the Date as people copy it
    let o = jwtgrant()
        .args(["inspect", &token, "--now", &http_date(date + 3)])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = jwtgrant()
        .args([
            "inspect",
            &token,
            "--now",
            "Wed, 25 Nov 2026 09:14:05 GMT",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn client_secret_jwt_is_checked_with_the_registered_secret() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "0123456789abcdef0123456789abcdef\n").unwrap();
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "fedcba9876543210fedcba9876543210").unwrap();
    let server = Serve::start(&[
        "--client-secret-file",
        &format!("app={}", secret.display()),
        "--refusal",
        "invalid-client",
    ]);
    let sign = |with: &std::path::Path| {
        let o = jwtgrant()
            .args([
                "sign",
                "--client-id",
                "app",
                "--aud",
                &server.base,
                "--alg",
                "HS256",
            ])
            .arg("--secret-file")
            .arg(with)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout).trim().to_string()
    };
    let forged = sign(&wrong);
    let (code, doc) = replay_json(&[
        &forged,
        "--issuer",
        &server.base,
        "--secret-file",
        secret.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(first_code(&doc), "signature.invalid", "{doc:#}");
    assert_eq!(doc["diagnosis"][0]["source"], "keys");
    // the right secret: the signature is fine, nothing to blame on it
    let good = sign(&secret);
    let (code, doc) = replay_json(&[
        &good,
        "--issuer",
        &server.base,
        "--secret-file",
        secret.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{doc:#}");
    // --resign still re-signs with it
    let (code, doc) = replay_json(&[
        &forged,
        "--issuer",
        &server.base,
        "--secret-file",
        secret.to_str().unwrap(),
        "--resign",
    ]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["resigned"], true);
    // a key without --resign still has nothing to do
    let o = jwtgrant()
        .args([
            "replay",
            &good,
            "--issuer",
            &server.base,
            "--kid",
            "x",
            "--no-history",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--resign"), "{}", text(&o.stderr));
}

/// Entra's answer to an assertion without x5t#S256, as a support ticket pastes it.
fn entra_ticket(token: &str) -> (String, &'static str) {
    const TAIL: &str =
        "Correlation ID: 9f8e7d6c-5b4a-3210-fedc-ba9876543210 Timestamp: 2025-11-25 14:00:03Z";
    let description = format!(
        "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '1F3BE7E93D8C1B6E0E5E1C0B7C2B1A9F8E7D6C5B', Please visit the Azure Portal, Enterprise applications, search for the app with id 6731de76-14a6-49ae-97bc-6eba6914391e, and check Certificates & secrets to see the registered certificates.] Trace ID: 0a1b2c3d-4e5f-6789-abcd-ef0123456789 {TAIL}"
    );
    let ticket = format!(
        "POST /contoso.onmicrosoft.com/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com\n\nclient_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={token}\n\nHTTP/1.1 401 Unauthorized\nDate: Tue, 25 Nov 2025 14:00:03 GMT\nContent-Type: application/json\n\n{}\n",
        json!({"error": "invalid_client", "error_description": description, "error_codes": [700027]})
    );
    (ticket, TAIL)
}

#[test]
fn an_aadsts_code_picks_the_entra_profile_and_its_text_is_shown_once() {
    let app = "6731de76-14a6-49ae-97bc-6eba6914391e";
    let date = 1_764_079_203;
    let token = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": app, "sub": app,
                "aud": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
                "iat": date - 5, "exp": date + 300, "jti": "e-1"}),
    );
    let (ticket, tail) = entra_ticket(&token);
    let o = jwtgrant()
        .args(["explain", "-"])
        .write_stdin(ticket.as_str())
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert_eq!(out.matches(tail).count(), 1, "{out}");
    assert!(out.contains("profile: entra"), "{out}");
    let doc = stdout_json(
        &jwtgrant()
            .args(["explain", "-", "--json"])
            .write_stdin(ticket.as_str())
            .output()
            .unwrap(),
    );
    assert_eq!(first_code(&doc), "header.kid_missing", "{doc:#}");
    assert!(
        doc["diagnosis"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("x5t#S256"),
        "{doc:#}"
    );
    // --profile says otherwise, and wins
    let doc = stdout_json(
        &jwtgrant()
            .args(["explain", "-", "--json", "--profile", "rfc7523"])
            .write_stdin(ticket.as_str())
            .output()
            .unwrap(),
    );
    assert_eq!(first_code(&doc), "header.kid_unknown", "{doc:#}");
    assert!(doc["profile"].is_null(), "{doc:#}");
}

#[test]
fn a_keycloak_token_endpoint_picks_the_keycloak_profile() {
    let server = TokenServer::one(Reply::generic_401());
    let url = format!(
        "http://127.0.0.1:{}/realms/acme/protocol/openid-connect/token",
        server.port
    );
    let token = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &client_assertion_claims("app", &url),
    );
    let (code, doc) = replay_json(&[&token, "--token-endpoint", &url]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(doc["profile"]["name"], "keycloak", "{doc:#}");
    assert!(
        doc["profile"]["inferred"]
            .as_str()
            .unwrap()
            .contains("/realms")
    );
    // --profile wins
    let server = TokenServer::one(Reply::generic_401());
    let url = format!(
        "http://127.0.0.1:{}/realms/acme/protocol/openid-connect/token",
        server.port
    );
    let (_, doc) = replay_json(&[&token, "--token-endpoint", &url, "--profile", "rfc7523"]);
    assert!(doc["profile"].is_null(), "{doc:#}");
}
