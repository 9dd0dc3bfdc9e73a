//! The token profiles through the binary: sign --profile id-jag, lint and inspect picking
//! id-jag / rfc9068 / oidc-id-token, and verify --jwks-from-issuer against an OpenID
//! provider this test serves on 127.0.0.1.

use crate::support::{NOW, NOW_RFC3339, codes, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const IDP: &str = "https://acme.idp.example";
const RAS: &str = "https://acme.chat.example/";
const CLIENT: &str = "f53f191f9311af35";

fn key(dir: &Path) -> PathBuf {
    let out = jwtgrant()
        .args(["key", "new", "--alg", "ES256", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir.join("es256.pem")
}

fn sign(args: &[&str], key: &Path) -> std::process::Output {
    jwtgrant()
        .arg("sign")
        .args(args)
        .arg("--key")
        .arg(key)
        .args(["--now", NOW_RFC3339])
        .output()
        .unwrap()
}

fn id_jag_args<'a>() -> Vec<&'a str> {
    vec![
        "--profile",
        "id-jag",
        "--iss",
        IDP,
        "--sub",
        "U019488227",
        "--aud",
        RAS,
        "--client-id",
        CLIENT,
        "--resource",
        "https://acme.chat.example/api",
        "--scope",
        "chat.read chat.history",
    ]
}

fn decoded(token: &str) -> (Value, Value) {
    let out = jwtgrant()
        .args(["decode", token, "--json", "--now", NOW_RFC3339])
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    (doc["header"].clone(), doc["claims"].clone())
}

#[test]
fn sign_makes_an_id_jag_the_draft_would_recognise() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let out = sign(&id_jag_args(), &key);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "the new ID-JAG lints clean");
    let token = text(&out.stdout).trim().to_string();
    let (header, claims) = decoded(&token);
    assert_eq!(header["typ"], "oauth-id-jag+jwt");
    for (name, value) in [
        ("iss", json!(IDP)),
        ("sub", json!("U019488227")),
        ("aud", json!(RAS)),
        ("client_id", json!(CLIENT)),
        ("resource", json!("https://acme.chat.example/api")),
        ("scope", json!("chat.read chat.history")),
    ] {
        assert_eq!(claims[name], value, "{name}");
    }
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
    // client_id stays a claim: iss and sub are the IdP and the user, not the client.
    assert_ne!(claims["iss"], claims["client_id"]);

    // inspect and lint recognise it by its typ and judge it by the id-jag rules.
    let out = jwtgrant()
        .args(["inspect", &token, "--json", "--now", NOW_RFC3339])
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(doc["profile"]["name"], "id-jag");
    assert_eq!(doc["profile"]["because"], "typ oauth-id-jag+jwt");
    let out = jwtgrant()
        .args(["lint", &token, "--format", "json", "--now", NOW_RFC3339])
        .args(["--client-id", "another-client", "--issuer", RAS])
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(doc["tokens"][0]["profile"]["name"], "id-jag");
    assert_eq!(codes(&doc["tokens"][0]), ["claim.client_id_mismatch"]);

    // Several resources become an array; --exp still sets the lifetime.
    let mut args = id_jag_args();
    args.extend([
        "--resource",
        "https://acme.chat.example/files",
        "--exp",
        "2m",
    ]);
    let out = sign(&args, &key);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (_, claims) = decoded(text(&out.stdout).trim());
    assert_eq!(
        claims["resource"],
        json!([
            "https://acme.chat.example/api",
            "https://acme.chat.example/files"
        ])
    );
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        120
    );
}

#[test]
fn sign_refuses_an_id_jag_without_what_the_draft_requires() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let full = id_jag_args();
    for (flag, named) in [
        ("--iss", "--iss"),
        ("--sub", "--sub"),
        ("--aud", "--aud"),
        ("--client-id", "--client-id"),
    ] {
        let mut args = Vec::new();
        let mut skip = false;
        for a in &full {
            if skip {
                skip = false;
                continue;
            }
            if *a == flag {
                skip = true;
                continue;
            }
            args.push(*a);
        }
        let out = sign(&args, &key);
        assert_eq!(out.status.code(), Some(2), "without {flag}");
        assert!(out.stdout.is_empty(), "no token without {flag}");
        let err = text(&out.stderr);
        assert!(
            err.contains("--profile id-jag needs") && err.contains(named),
            "without {flag}: {err}"
        );
    }
    let mut two = full.clone();
    two.extend(["--aud", "https://other.example/"]);
    let out = sign(&two, &key);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("takes one --aud"));
    let mut client = full.clone();
    client.extend(["--flow", "client"]);
    let out = sign(&client, &key);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a client assertion"));
}

#[test]
fn lint_with_the_id_jag_profile_names_each_broken_variant() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    // Each variant: extra sign flags (overriding the good ID-JAG), the code lint must name,
    // and whether sign can see it too (it does not know the resource AS's issuer).
    let variants: [(&[&str], &str, bool); 6] = [
        (&["--claim", "client_id=null"], "claim.missing", true),
        (&["--claim", "jti=null"], "claim.jti_missing", true),
        (&["--typ", "JWT"], "header.typ", true),
        (
            &["--claim", "aud=https://acme.wiki.example/"],
            "claim.aud_mismatch",
            false,
        ),
        (&["--exp", "1d"], "claim.exp_lifetime", true),
        (
            &["--claim", "scope=[\"chat.read\"]"],
            "claim.value_shape",
            true,
        ),
    ];
    for (extra, code, sign_sees) in variants {
        let mut args = id_jag_args();
        args.extend(extra);
        let out = sign(&args, &key);
        assert!(out.status.success(), "{extra:?}: {}", text(&out.stderr));
        assert_eq!(
            text(&out.stderr).contains(code),
            sign_sees,
            "sign's own lint and {code}: {}",
            text(&out.stderr)
        );
        let token = text(&out.stdout).trim().to_string();
        let out = jwtgrant()
            .args(["lint", &token, "--profile", "id-jag", "--issuer", RAS])
            .args([
                "--client-id",
                CLIENT,
                "--format",
                "json",
                "--now",
                NOW_RFC3339,
            ])
            .output()
            .unwrap();
        let doc = stdout_json(&out);
        let found = codes(&doc["tokens"][0]);
        assert!(found.contains(&code.to_string()), "{extra:?}: {found:?}");
    }
}

/// One HTTP request, head and body (read whole, so closing never resets the connection).
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while data.len() < 1 << 20 {
        let Ok(n) = stream.read(&mut buf) else { break };
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

/// An OpenID provider on 127.0.0.1: discovery document and JWKS, for the test's lifetime.
fn provider(jwks: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let meta = json!({"issuer": issuer, "jwks_uri": format!("{issuer}/jwks.json")}).to_string();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let request = read_request(&mut stream);
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match path {
                "/.well-known/openid-configuration" => ("200 OK", meta.clone()),
                "/jwks.json" => ("200 OK", jwks.clone()),
                // a token endpoint that gives no reason, and one that accepts
                "/token" => (
                    "400 Bad Request",
                    r#"{"error":"invalid_grant"}"#.to_string(),
                ),
                "/token-ok" => (
                    "200 OK",
                    r#"{"access_token":"at-5b8e0c","token_type":"Bearer","expires_in":300}"#
                        .to_string(),
                ),
                _ => ("404 Not Found", "{}".to_string()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    issuer
}

#[test]
fn verify_jwks_from_issuer_checks_an_id_token_grant_as_its_relying_party_would() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let jwks = std::fs::read_to_string(dir.path().join("es256.jwks.json")).unwrap();
    let issuer = provider(jwks);
    let id_token = |iss: &str, aud: &str, nonce: &str| {
        let out = sign(
            &[
                "--flow",
                "grant",
                "--iss",
                iss,
                "--sub",
                "248289761001",
                "--aud",
                aud,
                "--claim",
                &format!("nonce={nonce}"),
                "--claim",
                "auth_time=1764079100",
            ],
            &key,
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let verify = |token: &str, extra: &[&str]| {
        let out = jwtgrant()
            .args(["verify", token, "--jwks-from-issuer", &issuer, "--json"])
            .args(["--now", NOW_RFC3339])
            .args(extra)
            .output()
            .unwrap();
        (out.status.code(), stdout_json(&out))
    };
    let rp = ["--client-id", "s6BhdRkqt3", "--nonce", "n-0S6_WzA2Mj"];
    let good = id_token(&issuer, "s6BhdRkqt3", "n-0S6_WzA2Mj");
    // Sent as a jwt-bearer grant: the form field does not stop the ID token rules.
    let (code, doc) = verify(&format!("assertion={good}"), &rp);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["verification"]["signature"], "valid");
    assert_eq!(doc["verification"]["source"], format!("{issuer}/jwks.json"));
    assert_eq!(doc["profile"]["name"], "oidc-id-token");
    assert_eq!(doc["role"]["guess"], "id_token");

    let cases = [
        (
            id_token(&issuer, "another-rp", "n-0S6_WzA2Mj"),
            "claim.aud_mismatch",
        ),
        (
            id_token(&issuer, "s6BhdRkqt3", "replayed"),
            "claim.nonce_mismatch",
        ),
        (
            id_token(&format!("{issuer}/"), "s6BhdRkqt3", "n-0S6_WzA2Mj"),
            "claim.iss_mismatch",
        ),
    ];
    for (token, wanted) in cases {
        let (code, doc) = verify(&token, &rp);
        assert_eq!(code, Some(1), "{wanted}: {doc:#}");
        assert_eq!(codes(&doc), [wanted], "{doc:#}");
    }
    // Signed by another key: the provider's JWKS does not verify it.
    let other = tempfile::tempdir().unwrap();
    let stranger = {
        let k = self::key(other.path());
        let out = sign(
            &[
                "--flow",
                "grant",
                "--iss",
                &issuer,
                "--sub",
                "x",
                "--aud",
                "s6BhdRkqt3",
            ],
            &k,
        );
        text(&out.stdout).trim().to_string()
    };
    let (code, doc) = verify(&stranger, &["--client-id", "s6BhdRkqt3"]);
    assert_eq!(code, Some(1));
    assert!(
        codes(&doc)
            .iter()
            .any(|c| c.starts_with("header.kid_unknown") || c == "signature.invalid"),
        "{doc:#}"
    );
    // --profile still wins over the ID token rules.
    let (_, doc) = verify(&good, &["--profile", "rfc7523"]);
    assert_eq!(doc["profile"]["name"], "rfc7523");
    let _ = NOW;
}

#[test]
fn replay_jwks_from_issuer_judges_an_id_token_grant_by_the_providers_keys() {
    let dir = tempfile::tempdir().unwrap();
    let key = key(dir.path());
    let jwks = std::fs::read_to_string(dir.path().join("es256.jwks.json")).unwrap();
    let issuer = provider(jwks);
    let id_token = |aud: &str, nonce: &str, key: &Path| {
        let out = sign(
            &[
                "--flow",
                "grant",
                "--iss",
                &issuer,
                "--sub",
                "248289761001",
                "--aud",
                aud,
                "--claim",
                &format!("nonce={nonce}"),
            ],
            key,
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let replay = |token: &str, endpoint: &str, extra: &[&str]| {
        let out = jwtgrant()
            .args(["replay", token, "--jwks-from-issuer", &issuer])
            .args(["--token-endpoint", &format!("{issuer}{endpoint}")])
            .args(["--client-id", "s6BhdRkqt3", "--nonce", "n-0S6_WzA2Mj"])
            .args([
                "--grant-type",
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ])
            .args(["--now", NOW_RFC3339, "--json", "--no-history"])
            .args(extra)
            .output()
            .unwrap();
        (out.status.code(), stdout_json(&out), text(&out.stderr))
    };
    let first = |doc: &Value| {
        doc["diagnosis"][0]["code"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let errors = |doc: &Value| -> Vec<String> {
        doc["diagnosis"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["severity"] == "error")
            .filter(|c| c["source"] != "server")
            .filter_map(|c| c["code"].as_str().map(str::to_string))
            .collect()
    };

    // Accepted: nothing to change, and the ID token was judged as an ID token.
    let good = id_token("s6BhdRkqt3", "n-0S6_WzA2Mj", &key);
    let (code, doc, err) = replay(&good, "/token-ok", &[]);
    assert_eq!(code, Some(0), "{err}\n{doc:#}");
    assert_eq!(doc["accepted"], true);
    assert_eq!(errors(&doc), Vec::<String>::new(), "{doc:#}");
    assert!(
        doc["request"]["form"]["assertion"].is_string(),
        "sent as assertion=: {doc:#}"
    );

    // A server that gives no reason: the cause comes from the ID token rules and the
    // provider's keys. The good token there has no error of its own.
    let (code, doc, _) = replay(&good, "/token", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(errors(&doc), Vec::<String>::new(), "{doc:#}");
    // the keys were checked: no advice to check them
    let said = doc["diagnosis"].to_string();
    assert!(said.contains("the signer's keys included"), "{said}");
    assert!(!said.contains("--jwks FILE|URL"), "{said}");
    let other = tempfile::tempdir().unwrap();
    let stranger = self::key(other.path());
    let cases = [
        (
            id_token("another-rp", "n-0S6_WzA2Mj", &key),
            "claim.aud_mismatch",
        ),
        (
            id_token("s6BhdRkqt3", "replayed", &key),
            "claim.nonce_mismatch",
        ),
        (
            id_token("s6BhdRkqt3", "n-0S6_WzA2Mj", &stranger),
            "header.kid_unknown",
        ),
    ];
    for (token, wanted) in cases {
        let (code, doc, err) = replay(&token, "/token", &[]);
        assert_eq!(code, Some(1), "{wanted}: {err}");
        assert!(first(&doc).starts_with(wanted), "{wanted} first: {doc:#}");
    }

    // An ID token is a grant: asking for the client flow is a usage error.
    let out = jwtgrant()
        .args([
            "replay",
            &good,
            "--jwks-from-issuer",
            &issuer,
            "--flow",
            "client",
        ])
        .args([
            "--token-endpoint",
            &format!("{issuer}/token"),
            "--no-history",
        ])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("--jwks-from-issuer is for a grant"), "{err}");
}
