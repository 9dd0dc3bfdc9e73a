//! replay against scripted local endpoints: what is sent, how answers are diagnosed,
//! transport failures, history, registered keys and redaction.

use crate::support::on_terminal;
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::time::Duration;

const IDP: &str = "https://idp.example";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn header() -> Value {
    json!({"kid": "k1", "typ": "JWT"})
}

/// A grant from IDP for alice, for `aud`, valid for five minutes.
fn grant(aud: &str) -> String {
    let n = now();
    es256(
        DEMO_KEY,
        &header(),
        &json!({"iss": IDP, "sub": "alice", "aud": aud, "iat": n - 5, "exp": n + 300,
                "jti": format!("g-{}", unique())}),
    )
}

fn client_assertion(client: &str, aud: &str) -> String {
    es256(DEMO_KEY, &header(), &client_assertion_claims(client, aud))
}

/// jwtgrant replay with a private state directory.
fn replay(state: &tempfile::TempDir) -> assert_cmd::Command {
    let mut cmd = jwtgrant();
    cmd.env("XDG_STATE_HOME", state.path()).arg("replay");
    cmd
}

fn state() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn first_code(doc: &Value) -> String {
    doc["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn all_output(o: &std::process::Output) -> String {
    format!("{}\n{}", text(&o.stdout), text(&o.stderr))
}

#[test]
fn test_server_dates_are_imf_fixdate() {
    assert_eq!(http_date(1_764_079_203), "Tue, 25 Nov 2025 14:00:03 GMT");
    assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
}

#[test]
fn grant_flow_sends_the_rfc7523_form() {
    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--scope", "read write", "--resource", "https://api.example"])
        .args(["--param", "audience=orders", "--client-id", "app"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/token"));
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        r.form(),
        [
            ("grant_type".to_string(), JWT_BEARER.to_string()),
            ("assertion".into(), token.clone()),
            ("client_id".into(), "app".into()),
            ("scope".into(), "read write".into()),
            ("resource".into(), "https://api.example".into()),
            ("audience".into(), "orders".into()),
        ]
    );
    assert!(text(&o.stdout).contains("ACCEPTED"), "{}", text(&o.stdout));
}

#[test]
fn client_flow_sends_client_credentials_and_client_id() {
    let server = TokenServer::one(Reply::token());
    let token = client_assertion("app", &server.url());
    let st = state();
    replay(&st)
        .args([
            &token,
            "--token-endpoint",
            &server.url(),
            "--client-id",
            "app",
        ])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    assert_eq!(r.field("grant_type").as_deref(), Some("client_credentials"));
    assert_eq!(r.field("client_id").as_deref(), Some("app"));
    assert_eq!(
        r.field("client_assertion_type").as_deref(),
        Some(CLIENT_ASSERTION_TYPE)
    );
    assert_eq!(r.field("client_assertion"), Some(token));
    assert!(r.field("assertion").is_none());
    // --grant-type, and no client_id when none is given
    let server = TokenServer::one(Reply::token());
    let token = client_assertion("app", &server.url());
    replay(&st)
        .args([
            &token,
            "--token-endpoint",
            &server.url(),
            "--flow",
            "client",
        ])
        .args(["--grant-type", "authorization_code", "--param", "code=xyz"])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    assert_eq!(r.field("grant_type").as_deref(), Some("authorization_code"));
    assert_eq!(r.field("code").as_deref(), Some("xyz"));
    assert!(r.field("client_id").is_none());
}

#[test]
fn grant_flow_client_authentication_basic_post_assertion_and_public() {
    let st = state();
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("secret.txt");
    std::fs::write(&secret_file, "s3cret-canary-value\n").unwrap();
    let secret_arg = secret_file.to_str().unwrap();

    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--client-id", "my app", "--client-secret-file", secret_arg])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    let basic = r.header("authorization").unwrap();
    let decoded = data_encoding::BASE64
        .decode(basic.trim_start_matches("Basic ").as_bytes())
        .unwrap();
    assert_eq!(decoded, b"my+app:s3cret-canary-value");
    assert!(r.field("client_secret").is_none() && r.field("client_id").is_none());

    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    replay(&st)
        .env("APP_SECRET", "env-secret-canary")
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--client-id", "app", "--client-secret-env", "APP_SECRET"])
        .args(["--client-auth", "post"])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    assert_eq!(
        r.field("client_secret").as_deref(),
        Some("env-secret-canary")
    );
    assert_eq!(r.field("client_id").as_deref(), Some("app"));
    assert!(r.header("authorization").is_none());

    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    let ca = client_assertion("app", &server.url());
    replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--client-assertion", &ca])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    assert_eq!(r.field("client_assertion"), Some(ca));
    assert_eq!(r.field("assertion"), Some(token));

    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--client-id", "public-app"])
        .assert()
        .code(0);
    let r = &server.requests()[0];
    assert_eq!(r.field("client_id").as_deref(), Some("public-app"));
    assert!(r.header("authorization").is_none() && r.field("client_assertion").is_none());
}

#[test]
fn a_secret_never_comes_from_argv_and_needs_a_client_id() {
    let st = state();
    replay(&st)
        .args([
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJhIn0.c2ln",
            "--client-secret",
            "x",
        ])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s");
    std::fs::write(&f, "x").unwrap();
    let o = replay(&st)
        .args([
            &grant("http://127.0.0.1:9/token"),
            "--token-endpoint",
            "http://127.0.0.1:9/token",
        ])
        .args([
            "--flow",
            "grant",
            "--client-secret-file",
            f.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--client-id"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_generic_401_is_diagnosed_from_local_checks() {
    let server = TokenServer::one(Reply::generic_401());
    let n = now();
    let token = es256(
        DEMO_KEY,
        &header(),
        &json!({"iss": "app", "sub": "app", "aud": server.url(), "iat": n - 900,
                "exp": n - 600, "jti": format!("j{}", unique())}),
    );
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let doc = stdout_json(&o);
    assert_eq!(doc["accepted"], false);
    assert_eq!(doc["inferred"], true);
    assert_eq!(first_code(&doc), "claim.exp_expired");
    let diagnosis = doc["diagnosis"].as_array().unwrap();
    assert_eq!(diagnosis.last().unwrap()["code"], "server.rejected");
    assert!(
        diagnosis[0]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e.as_str().unwrap().contains("inferred"))
    );
    // human text says so plainly
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--yes"])
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains("the server gave no reason"), "{out}");
    assert!(out.contains("REJECTED"), "{out}");
}

#[test]
fn vendor_answers_are_matched_against_the_catalog() {
    let cases = [
        (
            Reply::error(
                401,
                "invalid_client",
                "The audience claim for client_assertion must be the endpoint invoked for the request.",
            ),
            "claim.aud_mismatch",
            "O1",
        ),
        (
            Reply::error(
                401,
                "invalid_client",
                "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-11-25T14:00:00Z, assertion valid from 2025-11-25T13:00:00Z, expiry time of assertion 2025-11-25T13:10:00Z.",
            ),
            "claim.exp_expired",
            "E2",
        ),
        (
            Reply::error(400, "invalid_client", "Token reuse detected"),
            "claim.jti_reused",
            "K19",
        ),
        (
            Reply::error(400, "invalid_grant", "Invalid JWT Signature."),
            "signature.invalid",
            "G2",
        ),
    ];
    for (reply, code, row) in cases {
        let server = TokenServer::one(reply);
        let token = client_assertion("app", &server.url());
        let st = state();
        let o = replay(&st)
            .args([&token, "--token-endpoint", &server.url(), "--json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        let doc = stdout_json(&o);
        assert_eq!(first_code(&doc), code, "{doc:#}");
        assert_eq!(doc["inferred"], false);
        assert_eq!(doc["catalog"][0]["id"], row);
        assert_eq!(doc["diagnosis"][0]["source"], "server");
    }
}

#[test]
fn redirects_are_not_followed() {
    let target = TokenServer::one(Reply::token());
    let server = TokenServer::one(Reply::redirect(&target.url()));
    let token = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let doc = stdout_json(&o);
    assert_eq!(doc["response"]["status"], 302);
    assert_eq!(first_code(&doc), "server.redirected");
    assert_eq!(server.requests().len(), 1);
    assert!(target.requests().is_empty(), "the redirect was followed");
}

#[test]
fn an_html_404_is_about_the_url_an_html_500_is_a_vague_refusal() {
    let server = TokenServer::one(Reply::html(404));
    let token = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let doc = stdout_json(&o);
    assert_eq!(first_code(&doc), "server.endpoint_not_found", "{doc:#}");
    assert_eq!(doc["accepted"], false);
    // a refusal status with an HTML page says nothing about the URL: local evidence first
    let server = TokenServer::one(Reply::html(500));
    let n = now();
    let expired = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": "app", "sub": "app", "aud": server.url(), "iat": n - 900,
                "exp": n - 600, "jti": format!("j-{}", unique())}),
    );
    let o = replay(&st)
        .args([&expired, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(first_code(&doc), "claim.exp_expired", "{doc:#}");
    let last = doc["diagnosis"].as_array().and_then(|d| d.last()).unwrap();
    assert_eq!(last["code"], "server.rejected", "{doc:#}");
}

#[test]
fn a_slow_server_times_out_with_exit_3() {
    let server = TokenServer::one(Reply::token().slow(Duration::from_secs(8)));
    let token = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--timeout", "1s"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", all_output(&o));
    assert!(text(&o.stderr).contains("timed out"), "{}", text(&o.stderr));
}

#[test]
fn a_refused_connection_is_exit_3() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/token");
    let st = state();
    let o = replay(&st)
        .args([&client_assertion("app", &url), "--token-endpoint", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(
        text(&o.stderr).contains("could not connect"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn plain_http_goes_only_to_loopback() {
    let st = state();
    let url = "http://as.invalid/token";
    let o = replay(&st)
        .args([&client_assertion("app", url), "--token-endpoint", url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("plain http"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn no_endpoint_and_an_unknown_flow_are_exit_2() {
    let st = state();
    let o = replay(&st)
        .arg(client_assertion("app", "https://as.example/token"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--token-endpoint"));
    // an access token is neither a grant nor a client assertion
    let at = es256(
        DEMO_KEY,
        &json!({"typ": "at+jwt"}),
        &json!({"iss": "x", "sub": "y", "exp": now() + 60}),
    );
    let o = replay(&st)
        .args([&at, "--token-endpoint", "http://127.0.0.1:9/token"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--flow"), "{}", text(&o.stderr));
}

#[test]
fn a_server_clock_hours_off_is_named() {
    let server = TokenServer::one(Reply::generic_401().clock_off_by(3 * 3600));
    let token = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let doc = stdout_json(&o);
    let offset = doc["server_clock"]["offset_seconds"].as_i64().unwrap();
    assert!((offset - 10_800).abs() <= 2, "{offset}");
    assert_eq!(first_code(&doc), "server.clock_skew", "{doc:#}");
    assert_eq!(doc["diagnosis"][0]["severity"], "error");
}

#[test]
fn dry_run_sends_nothing_and_prints_curl_without_secrets() {
    let server = TokenServer::one(Reply::token());
    let token = grant(&server.url());
    let ca = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--client-assertion", &ca, "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = all_output(&o);
    assert!(out.contains("curl -sS -X POST"), "{out}");
    assert!(out.contains("assertion@assertion.jwt"), "{out}");
    assert!(
        out.contains("client_assertion@client_assertion.jwt"),
        "{out}"
    );
    assert!(!out.contains(signature_of(&token)) && !out.contains(signature_of(&ca)));
    assert!(server.requests().is_empty());
    assert!(
        !st.path().join("jwtgrant").exists(),
        "dry run wrote history"
    );
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--flow", "grant"])
        .args(["--dry-run", "--json"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(doc["dry_run"], true);
    assert_eq!(doc["request"]["form"]["grant_type"], JWT_BEARER);
    assert!(!doc.to_string().contains(signature_of(&token)));
}

#[test]
fn history_notices_a_resent_assertion() {
    let server = TokenServer::start(vec![Reply::token(), Reply::generic_401()]);
    let token = client_assertion("app", &server.url());
    let st = state();
    replay(&st)
        .args([&token, "--token-endpoint", &server.url()])
        .assert()
        .code(0);
    // the history holds a hash and an expiry, never the token or its claims
    let file = std::fs::read_dir(st.path().join("jwtgrant"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let stored = std::fs::read_to_string(&file).unwrap();
    assert_eq!(stored.lines().count(), 1);
    let (hash, exp) = stored.trim().split_once(' ').unwrap();
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(exp.parse::<i64>().unwrap() > now());
    assert!(!stored.contains("app") && !stored.contains("eyJ") && !stored.contains("jti"));
    // sent again, not on a terminal: a warning, it proceeds, the history leads
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("sent this"), "{}", text(&o.stderr));
    let doc = stdout_json(&o);
    assert_eq!(first_code(&doc), "claim.jti_reused");
    assert_eq!(doc["diagnosis"][0]["source"], "history");
    assert_eq!(doc["sent_before"], true);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn no_history_and_an_unwritable_state_directory() {
    let server = TokenServer::one(Reply::token());
    let st = state();
    replay(&st)
        .args([
            &client_assertion("app", &server.url()),
            "--token-endpoint",
            &server.url(),
        ])
        .arg("--no-history")
        .assert()
        .code(0);
    assert!(!st.path().join("jwtgrant").exists());
    // a state "directory" that is a file cannot be created: a warning, not a failure
    let file = st.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let o = jwtgrant()
        .env("XDG_STATE_HOME", &file)
        .args([
            "replay",
            &client_assertion("app", &server.url()),
            "--token-endpoint",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(text(&o.stderr).contains("warning"), "{}", text(&o.stderr));
}

#[test]
fn registered_keys_name_kid_alg_and_signature_problems() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(
        &jwks,
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]}).to_string(),
    )
    .unwrap();
    let jwks_arg = jwks.to_str().unwrap();
    let other = other_key();
    let cases = [
        (
            json!({"kid": "k9"}),
            DEMO_KEY.to_vec(),
            "header.kid_unknown",
        ),
        (json!({"kid": "k1"}), other, "signature.invalid"),
    ];
    for (hdr, key, code) in cases {
        let server = TokenServer::one(Reply::generic_401());
        let token = es256(&key, &hdr, &client_assertion_claims("app", &server.url()));
        let st = state();
        let o = replay(&st)
            .args([
                &token,
                "--token-endpoint",
                &server.url(),
                "--jwks",
                jwks_arg,
                "--json",
            ])
            .output()
            .unwrap();
        let doc = stdout_json(&o);
        assert_eq!(first_code(&doc), code, "{doc:#}");
        assert_eq!(doc["diagnosis"][0]["source"], "keys");
    }
    // a key registered for another alg
    let es384 = dir.path().join("es384.json");
    let mut key = public_jwk(DEMO_KEY, "k1");
    key["alg"] = json!("ES384");
    std::fs::write(&es384, json!({"keys": [key]}).to_string()).unwrap();
    let server = TokenServer::one(Reply::generic_401());
    let token = es256(
        DEMO_KEY,
        &header(),
        &client_assertion_claims("app", &server.url()),
    );
    let st = state();
    let o = replay(&st)
        .args([&token, "--token-endpoint", &server.url(), "--json"])
        .args(["--jwks", es384.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(first_code(&stdout_json(&o)), "header.alg_unexpected");
}

#[test]
fn show_secrets_is_the_only_bypass() {
    let server = TokenServer::one(Reply::token());
    let token = client_assertion("app", &server.url());
    let st = state();
    let o = replay(&st)
        .args([
            &token,
            "--token-endpoint",
            &server.url(),
            "--show-secrets",
            "-v",
        ])
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains(signature_of(&token)), "{out}");
    assert!(out.contains(ISSUED_REFRESH_TOKEN), "{out}");
}

#[test]
fn a_tls_failure_is_exit_3_and_a_bad_cacert_is_exit_2() {
    // a plain-HTTP server behind an https URL: the TLS handshake fails
    let server = TokenServer::one(Reply::token());
    let url = format!("https://127.0.0.1:{}/token", server.port);
    let st = state();
    let o = replay(&st)
        .args([&client_assertion("app", &url), "--token-endpoint", &url])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", all_output(&o));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ca.pem");
    std::fs::write(&bad, "not a certificate").unwrap();
    let o = replay(&st)
        .args([&client_assertion("app", &url), "--token-endpoint", &url])
        .args(["--cacert", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert!(text(&o.stderr).contains("--cacert"), "{}", text(&o.stderr));
}

#[cfg(target_os = "linux")]
#[test]
fn a_read_only_state_directory_is_a_warning() {
    // /proc refuses new directories even to root, unlike a chmod'ed one
    let server = TokenServer::one(Reply::token());
    let o = jwtgrant()
        .env("XDG_STATE_HOME", "/proc")
        .args([
            "replay",
            &client_assertion("app", &server.url()),
            "--token-endpoint",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let err = text(&o.stderr);
    assert!(err.contains("warning") && err.contains("history"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_resend_on_a_terminal_asks_first() {
    let server = TokenServer::start(vec![Reply::token(), Reply::token()]);
    let token = client_assertion("app", &server.url());
    let st = state();
    replay(&st)
        .args([&token, "--token-endpoint", &server.url()])
        .assert()
        .code(0);
    let state_dir = st.path().to_str().unwrap();
    let args = ["replay", &token, "--token-endpoint", &server.url()];
    let env = [("XDG_STATE_HOME", state_dir)];
    // answered no: nothing is sent
    let (code, output) = on_terminal(&["Send it again anyway?", "n"], &args, &env);
    assert_eq!(code, 2, "{output}");
    assert!(output.contains("not sent"), "{output}");
    assert_eq!(server.requests().len(), 1);
    // answered yes: sent
    let (code, output) = on_terminal(&["Send it again anyway?", "y"], &args, &env);
    assert_eq!(code, 0, "{output}");
    assert_eq!(server.requests().len(), 2);
    // --yes never asks
    let (code, output) = on_terminal(&[], &[&args[..], &["--yes"]].concat(), &env);
    assert!(!output.contains("Send it again anyway?"), "{output}");
    assert_ne!(code, 2, "{output}");
}
