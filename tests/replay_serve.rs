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

/// Send raw bytes to serve and return (status, JSON body); an empty body is `Null` (the HTTP
/// layer answers a request it cannot parse without one).
fn raw_exchange(base: &str, request: &[u8]) -> (u16, Value) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP answer: {answer:?}"));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    if body.is_empty() {
        return (status, Value::Null);
    }
    let body = serde_json::from_str(body).unwrap_or_else(|e| panic!("{body:?}: {e}"));
    (status, body)
}

/// The request with `Connection: close` after its request line, so the answer ends the
/// stream (serve keeps connections alive otherwise).
fn closing(mut request: Vec<u8>) -> Vec<u8> {
    let at = request.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    request.splice(at..at, b"Connection: close\r\n".iter().copied());
    request
}

/// RFC 6749 §5.2: error and error_description use %x20-21 / %x23-5B / %x5D-7E only.
fn conforms(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E))
}

#[test]
fn every_refusal_on_the_wire_conforms_to_rfc6749_section_5_2() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}")]);
    let form = |body: &str| {
        format!(
            "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let mut big_header = b"POST /token HTTP/1.1\r\nX: ".to_vec();
    big_header.extend(std::iter::repeat_n(b'a', 70_000));
    big_header.extend_from_slice(b"\r\n\r\n");
    let token = signed(client_assertion_claims("app", &server.base));
    let stale = {
        let mut claims = client_assertion_claims("app", &server.base);
        claims["aud"] = json!(format!("{}/token", server.base));
        signed(claims)
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "not a form",
            b"POST /token HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nab"
                .to_vec(),
        ),
        ("not POST", b"GET /token HTTP/1.1\r\n\r\n".to_vec()),
        ("bad request line", b"NONSENSE\r\n\r\n".to_vec()),
        ("HTTP/2", b"POST /token HTTP/2.0\r\n\r\n".to_vec()),
        (
            "chunked, not a form",
            b"POST /token HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"
                .to_vec(),
        ),
        (
            "bad Content-Length",
            b"POST /token HTTP/1.1\r\nContent-Length: x\r\n\r\n".to_vec(),
        ),
        (
            "body too large",
            b"POST /token HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".to_vec(),
        ),
        ("header too large", big_header),
        ("no such path", b"GET /nowhere HTTP/1.1\r\n\r\n".to_vec()),
        ("repeated", form("grant_type=a&grant_type=b")),
        (
            "client_id with quotes and section signs",
            form("grant_type=client_credentials&client_id=%22%C2%A7%5C%E2%80%94"),
        ),
        (
            "aud the token endpoint (RFC 10070)",
            form(&format!(
                "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={stale}"
            )),
        ),
        (
            "a replayed assertion",
            form(&format!(
                "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={token}"
            )),
        ),
    ];
    // The replay case needs the assertion used once first.
    let (first, _) = raw_exchange(
        &server.base,
        &closing(form(&format!(
            "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={token}"
        ))),
    );
    assert_eq!(first, 200);
    for (what, request) in cases {
        let (status, body) = raw_exchange(&server.base, &closing(request));
        assert!(status >= 400, "{what}: {status} {body}");
        if body.is_null() {
            // Only requests that never parsed as HTTP are answered without an OAuth body.
            assert!(
                matches!(
                    what,
                    "bad request line" | "HTTP/2" | "header too large" | "bad Content-Length"
                ),
                "{what}: {status} without a body"
            );
            continue;
        }
        let error = body["error"].as_str().unwrap_or_default();
        assert!(!error.is_empty() && conforms(error), "{what}: {body}");
        if let Some(description) = body.get("error_description") {
            let description = description.as_str().unwrap();
            assert!(conforms(description), "{what}: {description:?}");
            assert!(
                description.ends_with(']') && description.contains(" ["),
                "{what}: no finding code at the end of {description:?}"
            );
        } else {
            assert_eq!(status, 404, "{what}: {body}");
        }
    }
}

#[test]
fn serve_metadata_lists_every_algorithm_it_verifies() {
    let server = Serve::start(&[]);
    let (status, doc) = raw_exchange(
        &server.base,
        &closing(b"GET /.well-known/oauth-authorization-server HTTP/1.1\r\n\r\n".to_vec()),
    );
    assert_eq!(status, 200);
    let algs: Vec<&str> = doc["token_endpoint_auth_signing_alg_values_supported"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for alg in [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
        "Ed25519", "HS256", "HS384", "HS512",
    ] {
        assert!(algs.contains(&alg), "{alg} missing from {algs:?}");
    }
    assert!(
        !algs.contains(&"Ed448") && !algs.contains(&"none"),
        "{algs:?}"
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

#[test]
fn demo_tells_the_two_hop_story_each_failure_first_then_both_hops_accepted() {
    let o = jwtgrant().arg("demo").output().unwrap();
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", text(&o.stderr));
    let story = &out[out.find("── 7/9").expect("the ID-JAG stories")..];
    let part = |from: &str, to: &str| {
        let start = story
            .find(from)
            .unwrap_or_else(|| panic!("{from}:\n{story}"));
        let end = story[start..].find(to).map_or(story.len(), |e| start + e);
        story[start..end].to_string()
    };
    // hop 1 refused: the cause named first, and hop 2 never sent
    let one = part("── 7/9", "── 8/9");
    assert!(one.contains("REJECTED  audience"), "{one}");
    assert!(one.contains("1. error   server.audience_unknown"), "{one}");
    assert!(!one.contains("hop 2"), "{one}");
    // hop 1 accepted, hop 2 refused with its cause first
    let two = part("── 8/9", "── 9/9");
    assert!(
        two.contains("ACCEPTED  the server issued an ID-JAG"),
        "{two}"
    );
    assert!(two.contains("1. error   claim.client_id_mismatch"), "{two}");
    // fixed: both accepted, no advice at all
    let fixed = part("── 9/9", "Every answer");
    assert_eq!(fixed.matches("ACCEPTED").count(), 2, "{fixed}");
    assert!(!fixed.contains("error "), "{fixed}");
    // the issued ID-JAG is shown without its signature only
    for line in story.lines().filter(|l| l.contains("\"access_token\"")) {
        assert!(
            line.contains("<redacted>") || line.contains("…\""),
            "{line}"
        );
    }
}
