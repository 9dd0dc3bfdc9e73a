//! Hostile and broken servers: 2xx answers that are no token response, bodies past the
//! read cap, bodies that stall or break off, redirects to plain http. Every case has a
//! clear verdict and exit code, and nothing is called ACCEPTED that issued no token.

use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::time::Duration;

fn assertion(aud: &str) -> String {
    es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &client_assertion_claims("app", aud),
    )
}

fn replay(server: &TokenServer, extra: &[&str]) -> std::process::Output {
    jwtgrant()
        .args(["replay", &assertion(&server.url()), "--no-history"])
        .args(["--flow", "client", "--token-endpoint", &server.url()])
        .args(extra)
        .output()
        .unwrap()
}

const SPACES_64K: usize = 64 * 1024;

/// 2xx answers that issue no token, each as a real server or proxy might send it.
fn not_token_responses() -> Vec<(&'static str, Reply)> {
    vec![
        (
            "an HTML login page",
            Reply::text(
                200,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form action=/login>…</form></body></html>",
            ),
        ),
        (
            "invalid JSON",
            Reply::text(200, "application/json", r#"{"access_token": "#),
        ),
        (
            "100 MB of spaces, chunked",
            Reply::streamed(200, &" ".repeat(SPACES_64K), 1600, Duration::ZERO),
        ),
        (
            "JSON without access_token",
            Reply::json(200, json!({"status": "ok", "token_type": "Bearer"})),
        ),
        ("a JSON array", Reply::json(200, json!(["access_token"]))),
        (
            "an empty access_token",
            Reply::json(200, json!({"access_token": "", "token_type": "Bearer"})),
        ),
        ("an empty body", Reply::text(200, "application/json", "")),
        ("204 No Content", Reply::text(204, "application/json", "")),
        ("plain text", Reply::text(202, "text/plain", "queued")),
    ]
}

#[test]
fn a_2xx_that_is_no_token_response_is_not_accepted() {
    for (what, reply) in not_token_responses() {
        let server = TokenServer::one(reply.clone());
        let o = replay(&server, &["--json"]);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", text(&o.stderr));
        let doc = stdout_json(&o);
        assert_eq!(doc["accepted"], false, "{what}");
        let first = &doc["diagnosis"][0];
        assert_eq!(first["code"], "server.unexpected_answer", "{what}: {doc:#}");
        let message = first["message"].as_str().unwrap();
        assert!(message.contains(&server.url()), "{what}: {message}");
        assert!(
            message.contains("not a token response"),
            "{what}: {message}"
        );
        // the assertion is not blamed: nothing before the URL cause, no server.rejected
        let codes: Vec<&str> = doc["diagnosis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["code"].as_str().unwrap())
            .collect();
        assert!(!codes.contains(&"server.rejected"), "{what}: {codes:?}");
        assert!(
            message.chars().count() < 400,
            "{what}: not cut short: {message}"
        );
        // and the human verdict says so
        let server = TokenServer::one(reply);
        let o = replay(&server, &[]);
        let out = text(&o.stdout);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert!(out.contains("NOT ACCEPTED"), "{what}:\n{out}");
        assert!(!out.contains("\nACCEPTED"), "{what}:\n{out}");
    }
}

#[test]
fn a_body_past_the_cap_is_cut_and_says_so() {
    let server = TokenServer::one(Reply::streamed(
        200,
        &" ".repeat(SPACES_64K),
        1600,
        Duration::ZERO,
    ));
    let o = replay(&server, &["--json"]);
    let doc = stdout_json(&o);
    assert_eq!(doc["response"]["truncated"], true);
    let message = doc["diagnosis"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("larger than 1 MB; jwtgrant stopped reading"),
        "{message}"
    );
    // a cut-off token response is not a token response either
    let token = json!({"access_token": "x", "token_type": "Bearer", "pad": " ".repeat(2 << 20)});
    let server = TokenServer::one(Reply::json(200, token));
    let o = replay(&server, &[]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("(the answer is larger than 1 MB; jwtgrant stopped reading)"),
        "{out}"
    );
    // metadata and key sets past the cap are an error that says why (exit 2)
    let server = TokenServer::one(Reply::streamed(
        200,
        &" ".repeat(SPACES_64K),
        1600,
        Duration::ZERO,
    ));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args(["verify", &assertion("https://as.example"), "--jwks", &url])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("larger than 1 MB; jwtgrant stopped reading"),
        "{stderr}"
    );
}

#[test]
fn a_token_response_that_bends_rfc_6749_is_accepted_with_a_warning() {
    let server = TokenServer::one(Reply::text(
        200,
        "text/plain",
        r#"{"access_token":"opaque-issued"}"#,
    ));
    let o = replay(&server, &["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let doc = stdout_json(&o);
    assert_eq!(doc["accepted"], true);
    let gap = doc["diagnosis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "server.unexpected_answer")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(gap["severity"], "warning");
    let message = gap["message"].as_str().unwrap();
    assert!(
        message.contains("token_type") && message.contains("text/plain"),
        "{message}"
    );
}

#[test]
fn an_oauth_error_with_a_2xx_status_is_a_rejection() {
    let server = TokenServer::one(Reply::error(
        200,
        "invalid_client",
        "client authentication failed",
    ));
    let o = replay(&server, &["--json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc = stdout_json(&o);
    assert_eq!(doc["accepted"], false);
    let last = doc["diagnosis"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["code"], "server.rejected", "{doc:#}");
}

#[test]
fn a_body_that_stalls_or_breaks_off_is_named_and_exits_3() {
    let slow = Reply::streamed(200, &" ".repeat(4096), 100, Duration::from_millis(100));
    let server = TokenServer::one(slow);
    let o = replay(&server, &["--timeout", "1s"]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}{}", text(&o.stdout));
    assert!(
        stderr.contains("timed out after 1 s (--timeout) while reading the answer"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("request or response body error"),
        "{stderr}"
    );
    let broken = Reply::streamed(200, &" ".repeat(4096), 3, Duration::ZERO).broken_off();
    let server = TokenServer::one(broken);
    let o = replay(&server, &[]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    // three whole chunks and the start of a fourth arrived
    assert!(
        stderr.contains("the connection broke while reading the answer (12291 bytes received): "),
        "{stderr}"
    );
}

#[test]
fn an_answer_that_broke_off_still_counts_as_sent() {
    // The request arrived (the server started answering), so the history records it and a
    // second send of the same assertion is noticed.
    let state = tempfile::tempdir().unwrap();
    let broken = Reply::streamed(200, "x", 1, Duration::ZERO).broken_off();
    let server = TokenServer::start(vec![broken, Reply::token()]);
    let token = assertion(&server.url());
    let send = || {
        jwtgrant()
            .env("XDG_STATE_HOME", state.path())
            .args([
                "replay",
                &token,
                "--flow",
                "client",
                "--token-endpoint",
                &server.url(),
            ])
            .output()
            .unwrap()
    };
    assert_eq!(send().status.code(), Some(3));
    let again = send();
    assert!(
        text(&again.stderr).contains("sent this"),
        "{}",
        text(&again.stderr)
    );
    // a refused connection never reached anyone: not recorded
    let state = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/token");
    let token = assertion(&url);
    for _ in 0..2 {
        let o = jwtgrant()
            .env("XDG_STATE_HOME", state.path())
            .args([
                "replay",
                &token,
                "--flow",
                "client",
                "--token-endpoint",
                &url,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3));
        assert!(
            !text(&o.stderr).contains("sent this"),
            "{}",
            text(&o.stderr)
        );
    }
}

fn jwks() -> Value {
    json!({"keys": [public_jwk(DEMO_KEY, "k1")]})
}

#[test]
fn redirects_of_discovery_and_jwks_obey_the_plain_http_rule() {
    // loopback redirects to a plain-http host: refused, and the target is named
    let server = TokenServer::one(Reply::redirect("http://keys.example/jwks.json"));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args(["verify", &assertion("https://as.example"), "--jwks", &url])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("redirected to http://keys.example/jwks.json"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-http"), "{stderr}");
    // discovery too (--metadata ISSUER walks the well-known URLs)
    let server = TokenServer::one(Reply::redirect(
        "http://as.example/.well-known/oauth-authorization-server",
    ));
    let issuer = format!("http://127.0.0.1:{}", server.port);
    let o = jwtgrant()
        .args([
            "lint",
            &assertion("https://as.example"),
            "--metadata",
            &issuer,
        ])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("redirected to http://as.example/"),
        "{stderr}"
    );
    // another scheme is refused whatever --allow-http says
    let server = TokenServer::one(Reply::redirect("file:///etc/passwd"));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args([
            "verify",
            &assertion("https://as.example"),
            "--allow-http",
            "--jwks",
            &url,
        ])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a redirect to file:///etc/passwd, not followed"),
        "{stderr}"
    );
    // with --allow-http the plain-http target is followed (through a local proxy that plays
    // both hosts), and a loopback target is always fine
    let proxy = TokenServer::start(vec![
        Reply::redirect("http://keys2.example/jwks.json"),
        Reply::json(200, jwks()),
    ]);
    let o = jwtgrant()
        .env("HTTP_PROXY", format!("http://127.0.0.1:{}", proxy.port))
        .args([
            "verify",
            &assertion("https://as.example"),
            "--json",
            "--allow-http",
        ])
        .args(["--jwks", "http://keys.example/jwks.json"])
        .output()
        .unwrap();
    assert_eq!(
        stdout_json(&o)["verification"]["signature"],
        "valid",
        "{}",
        text(&o.stderr)
    );
    let paths: Vec<String> = proxy.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            "http://keys.example/jwks.json",
            "http://keys2.example/jwks.json"
        ]
    );
    let target = TokenServer::one(Reply::json(200, jwks()));
    let server = TokenServer::one(Reply::redirect(&format!(
        "http://127.0.0.1:{}/keys",
        target.port
    )));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args([
            "verify",
            &assertion("https://as.example"),
            "--json",
            "--jwks",
            &url,
        ])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&o)["verification"]["signature"], "valid");
}

#[test]
fn a_redirect_loop_stops() {
    let server = TokenServer::one(Reply::redirect("/jwks.json"));
    let url = format!("http://127.0.0.1:{}/jwks.json", server.port);
    let o = jwtgrant()
        .args(["verify", &assertion("https://as.example"), "--jwks", &url])
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("more than 5 redirects"), "{stderr}");
}

#[test]
fn a_plain_http_server_on_an_https_url_is_named() {
    // What a plain HTTP server does with a TLS ClientHello: a 400, then it hangs up.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        use std::io::{Read, Write};
        if let Ok((mut conn, _)) = listener.accept() {
            let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
            let mut hello = [0u8; 512];
            let _ = conn.read(&mut hello);
            let _ = conn.write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    let url = format!("https://127.0.0.1:{port}/jwks.json");
    let o = jwtgrant()
        .args(["verify", &assertion("https://as.example"), "--jwks", &url])
        .output()
        .unwrap();
    server.join().unwrap();
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("the server did not answer with TLS"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: check the URL's scheme and port"),
        "{stderr}"
    );
}
