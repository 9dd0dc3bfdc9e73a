//! The leak test: every command × format × verbosity × error path, with secrets of every
//! kind planted in the input, in key files, in the request and in what a server answers.
//! Any planted secret found in stdout or stderr fails the test, naming the run.
//!
//! Planted: a private key (PEM body and JWK `d`), an HMAC secret, a client secret, HTTP
//! Basic credentials (header and `curl -u`), cookies (Cookie, Set-Cookie, `curl -b`), a
//! password in a URL, the signature of a signed token, a `--secret-param` value, and the
//! access and refresh tokens a server issues. The test servers (tests/support/token_server.rs)
//! echo what they received (body, Authorization, Cookie) back in bodies and headers.

use crate::support::token_server::{
    ISSUED_ACCESS_TOKEN_SIG, ISSUED_ID_TOKEN_SIG, ISSUED_REFRESH_TOKEN, Recorded, Reply,
    TokenServer, b64, client_assertion_claims, es256, other_key, public_jwk, signature_of,
};
use crate::support::{jwtgrant, text};
use serde_json::json;
use std::path::{Path, PathBuf};

const CLIENT_SECRET: &str = "cs-canary-Q7fz2Lw9";
const PARAM_SECRET: &str = "param-canary-Rk38Xv";
const HMAC_SECRET: &str = "hmac-canary-secret-0123456789abcdefABCDEF";
const BASIC_PASSWORD: &str = "basicpw-canary-9Tq";
const CURL_PASSWORD: &str = "curlpw-canary-4Hd";
const URL_PASSWORD: &str = "urlpw-canary-2Zm";
const COOKIE: &str = "cookie-canary-7Yb";
const SERVER_COOKIE: &str = "srv-cookie-canary-1Pq";
const PASTED_REFRESH: &str = "pasted-refresh-canary-5Gx";

/// Everything planted for one run of the matrix.
struct Planted {
    _dir: tempfile::TempDir,
    key_pem: PathBuf,
    key_jwk: PathBuf,
    /// A PEM private key with its body damaged: the "bad key" error path.
    bad_key: PathBuf,
    public_jwks: PathBuf,
    hmac: PathBuf,
    client_secret: PathBuf,
    param_secret: PathBuf,
    log: PathBuf,
    /// A client assertion for `aud` signed with the planted key.
    token: String,
    /// Secret fragments that must appear nowhere.
    canaries: Vec<String>,
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = data_encoding::BASE64.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

impl Planted {
    fn new(aud: &str) -> Planted {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, body: &str| -> PathBuf {
            let path = dir.path().join(name);
            std::fs::write(&path, body).unwrap();
            path
        };
        let pkcs8 = other_key();
        // ring's P-256 PKCS#8 holds the private scalar at bytes 36..68
        let d = b64(&pkcs8[36..68]);
        let key_pem_text = pem("PRIVATE KEY", &pkcs8);
        let mut jwk = public_jwk(&pkcs8, "leak-key");
        jwk["d"] = json!(d);
        let token = es256(
            &pkcs8,
            &json!({"kid": "leak-key"}),
            &client_assertion_claims("app", aud),
        );
        let mut damaged = pkcs8.clone();
        damaged[40] ^= 0xff;
        damaged.truncate(100);
        let body = data_encoding::BASE64.encode(&pkcs8);
        let basic = data_encoding::BASE64.encode(format!("app:{BASIC_PASSWORD}").as_bytes());
        // one line holding every secret form next to the token, as a log or paste would
        let jwk_one_line = jwk.to_string();
        let pem_one_line = key_pem_text.replace('\n', "\\n");
        let log = format!(
            "2025-11-25T14:00:00Z POST /token Authorization: Basic {basic} Cookie: sid={COOKIE} \
             body=client_secret={CLIENT_SECRET}&refresh_token={PASTED_REFRESH}&client_assertion={token} \
             jwk={jwk_one_line} pem=\"{pem_one_line}\" url=http://app:{URL_PASSWORD}@as.example/token\n"
        );
        Planted {
            key_pem: write("key.pem", &key_pem_text),
            key_jwk: write("key.jwk", &jwk.to_string()),
            bad_key: write("bad.pem", &pem("PRIVATE KEY", &damaged)),
            public_jwks: write(
                "jwks.json",
                &json!({"keys": [public_jwk(&pkcs8, "leak-key")]}).to_string(),
            ),
            hmac: write("hmac.txt", HMAC_SECRET),
            client_secret: write("client_secret.txt", CLIENT_SECRET),
            param_secret: write("param.txt", PARAM_SECRET),
            log: write("app.log", &log),
            canaries: vec![
                // the private scalar, in the PEM body (base64) and as the JWK's d
                body[48..88].to_string(),
                d.clone(),
                data_encoding::BASE64.encode(&damaged)[48..88].to_string(),
                HMAC_SECRET.to_string(),
                CLIENT_SECRET.to_string(),
                PARAM_SECRET.to_string(),
                BASIC_PASSWORD.to_string(),
                basic,
                CURL_PASSWORD.to_string(),
                data_encoding::BASE64.encode(format!("app:{CURL_PASSWORD}").as_bytes()),
                URL_PASSWORD.to_string(),
                data_encoding::BASE64.encode(format!("app:{URL_PASSWORD}").as_bytes()),
                COOKIE.to_string(),
                SERVER_COOKIE.to_string(),
                PASTED_REFRESH.to_string(),
                signature_of(&token).to_string(),
                ISSUED_ACCESS_TOKEN_SIG.to_string(),
                ISSUED_ID_TOKEN_SIG.to_string(),
                ISSUED_REFRESH_TOKEN.to_string(),
            ],
            token,
            _dir: dir,
        }
    }

    /// Pasted inputs that hold the token among other secrets.
    fn pasted(&self) -> Vec<(&'static str, String)> {
        let t = &self.token;
        let basic = data_encoding::BASE64.encode(format!("app:{BASIC_PASSWORD}").as_bytes());
        vec![
            (
                "curl command",
                format!(
                    "curl 'http://app:{URL_PASSWORD}@127.0.0.1:9/token' -u app:{CURL_PASSWORD} \
                     -H 'Authorization: Basic {basic}' -H 'Cookie: sid={COOKIE}' -b 'csrf={COOKIE}' \
                     --data-urlencode 'client_secret={CLIENT_SECRET}' -d 'client_assertion={t}'"
                ),
            ),
            (
                "HTTP request",
                format!(
                    "POST /token HTTP/1.1\r\nHost: as.example\r\nAuthorization: Basic {basic}\r\n\
                     Cookie: sid={COOKIE}\r\n\r\nclient_secret={CLIENT_SECRET}&client_assertion={t}&refresh_token={PASTED_REFRESH}"
                ),
            ),
            ("log line", std::fs::read_to_string(&self.log).unwrap()),
        ]
    }

    fn path(p: &Path) -> &str {
        p.to_str().unwrap()
    }
}

fn check(planted: &Planted, label: &str, o: &std::process::Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let shown = text(bytes);
        assert!(
            !shown.contains("panicked"),
            "{label}: panic on {stream}:\n{shown}"
        );
        for canary in &planted.canaries {
            assert!(
                !shown.contains(canary.as_str()),
                "{label}: {canary} leaked on {stream}:\n{shown}"
            );
        }
    }
}

const VERBOSITY: [&[&str]; 3] = [&[], &["-v"], &["-vv"]];

fn run(planted: &Planted, label: &str, args: &[&str]) -> std::process::Output {
    let o = jwtgrant()
        .env("XDG_STATE_HOME", planted._dir.path())
        .args(args)
        .output()
        .unwrap();
    check(planted, label, &o);
    o
}

#[test]
fn offline_commands_leak_nothing() {
    let p = Planted::new("https://as.example/token");
    let mut runs = 0;
    for verbosity in VERBOSITY {
        for (what, pasted) in p.pasted() {
            for (cmd, formats) in [
                ("decode", &[&[][..], &["--json"][..]][..]),
                ("inspect", &[&[][..], &["--json"][..]][..]),
                (
                    "lint",
                    &[
                        &[][..],
                        &["--format", "json"][..],
                        &["--format", "sarif"][..],
                        &["--format", "github"][..],
                    ][..],
                ),
                ("explain", &[&[][..], &["--json"][..]][..]),
                (
                    "verify",
                    &[
                        &["--key", Planted::path(&p.public_jwks)][..],
                        &["--json", "--key", Planted::path(&p.key_pem)][..],
                    ][..],
                ),
            ] {
                for format in formats {
                    let mut args = vec![cmd, pasted.as_str()];
                    args.extend_from_slice(format);
                    args.extend_from_slice(verbosity);
                    run(&p, &format!("{cmd} {what} {format:?} {verbosity:?}"), &args);
                    runs += 1;
                }
            }
        }
        // a whole log, scanned, in every lint format
        for format in ["human", "json", "sarif", "github"] {
            let mut args = vec!["lint", "--scan", Planted::path(&p.log), "--format", format];
            args.extend_from_slice(verbosity);
            run(&p, &format!("lint --scan {format} {verbosity:?}"), &args);
            runs += 1;
        }
        // keys in every form, good and damaged
        let token = p.token.as_str();
        for (label, args) in [
            (
                "verify private JWK",
                vec!["verify", token, "--key", Planted::path(&p.key_jwk)],
            ),
            (
                "verify HMAC secret",
                vec!["verify", token, "--secret-file", Planted::path(&p.hmac)],
            ),
            (
                "verify bad key",
                vec!["verify", token, "--key", Planted::path(&p.bad_key)],
            ),
            (
                "key jwks PEM",
                vec!["key", "jwks", Planted::path(&p.key_pem)],
            ),
            (
                "key jwks JWK",
                vec!["key", "jwks", Planted::path(&p.key_jwk)],
            ),
            (
                "key jwks bad key",
                vec!["key", "jwks", Planted::path(&p.bad_key)],
            ),
            (
                "key thumbprint",
                vec!["key", "thumbprint", Planted::path(&p.key_jwk), "--json"],
            ),
            (
                "sign PEM",
                vec![
                    "sign",
                    "--client-id",
                    "app",
                    "--aud",
                    "https://as.example",
                    "--key",
                    Planted::path(&p.key_pem),
                ],
            ),
            (
                "sign JWK form",
                vec![
                    "sign",
                    "--client-id",
                    "app",
                    "--aud",
                    "https://as.example",
                    "--form",
                    "--key",
                    Planted::path(&p.key_jwk),
                ],
            ),
            (
                "sign HMAC",
                vec![
                    "sign",
                    "--client-id",
                    "app",
                    "--aud",
                    "https://as.example",
                    "--secret-file",
                    Planted::path(&p.hmac),
                ],
            ),
            (
                "sign bad key",
                vec![
                    "sign",
                    "--client-id",
                    "app",
                    "--aud",
                    "https://as.example",
                    "--key",
                    Planted::path(&p.bad_key),
                ],
            ),
            (
                "sign HMAC with a PEM",
                vec![
                    "sign",
                    "--client-id",
                    "app",
                    "--aud",
                    "https://as.example",
                    "--alg",
                    "HS256",
                    "--secret-file",
                    Planted::path(&p.key_pem),
                ],
            ),
        ] {
            let mut args = args.clone();
            args.extend_from_slice(verbosity);
            run(&p, &format!("{label} {verbosity:?}"), &args);
            runs += 1;
        }
        // unreachable key and metadata URLs with a password in them
        let closed = closed_port();
        let jwks_url = format!("http://app:{URL_PASSWORD}@127.0.0.1:{closed}/jwks.json");
        let meta_url = format!("http://app:{URL_PASSWORD}@127.0.0.1:{closed}");
        for (label, args) in [
            (
                "verify unreachable jwks",
                vec!["verify", token, "--jwks", jwks_url.as_str()],
            ),
            (
                "lint unreachable metadata",
                vec!["lint", token, "--metadata", meta_url.as_str()],
            ),
        ] {
            let mut args = args.clone();
            args.extend_from_slice(verbosity);
            let o = run(&p, &format!("{label} {verbosity:?}"), &args);
            assert_eq!(o.status.code(), Some(3), "{label}: {}", text(&o.stderr));
            runs += 1;
        }
    }
    assert!(runs > 150, "the matrix shrank: {runs} runs");
}

fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Builds an echoing server's reply from what it received.
type Respond = fn(&Recorded) -> Reply;

/// An endpoint that repeats everything it was sent, in a refusal: the form body (with the
/// client_secret and the assertion), the Authorization and Cookie headers, raw and in
/// headers of its own, and sets cookies.
fn echo_refusal(r: &Recorded) -> Reply {
    let auth = r.header("authorization").unwrap_or("").to_string();
    let cookie = r.header("cookie").unwrap_or("").to_string();
    let secret = r.field("client_secret").unwrap_or_default();
    let param = r.field("api_key").unwrap_or_default();
    Reply::json(
        401,
        json!({
            "error": "invalid_client",
            "error_description": format!("secret {secret} and key {param} do not match; you sent {} with {auth}", r.body),
            "received": {"authorization": auth, "body": r.body, "cookie": cookie, "secret": secret},
        }),
    )
    .header("Set-Cookie", &format!("sid={SERVER_COOKIE}; Path=/; HttpOnly"))
    .header("Set-Cookie", &format!("csrf={SERVER_COOKIE}"))
    .header("X-Echo-Authorization", &auth)
    .header("X-Echo-Secret", &secret)
    .header("WWW-Authenticate", &format!("Basic realm=\"{secret}\""))
}

/// A 200 that is no token response: a login page that repeats the request.
fn echo_page(r: &Recorded) -> Reply {
    let secret = r.field("client_secret").unwrap_or_default();
    Reply::text(
        200,
        "text/html",
        &format!(
            "<html><body>Sign in. You sent {} (secret {secret}) as {}</body></html>",
            r.body,
            r.header("authorization").unwrap_or("")
        ),
    )
    .header("Set-Cookie", &format!("session={SERVER_COOKIE}"))
}

/// A token response that also sets a cookie and repeats the secret.
fn echo_token(r: &Recorded) -> Reply {
    let mut reply = Reply::token();
    let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    body["note"] = json!(format!(
        "welcome {}",
        r.field("client_secret").unwrap_or_default()
    ));
    reply.body = body.to_string();
    reply.header("Set-Cookie", &format!("sid={SERVER_COOKIE}; Secure"))
}

#[test]
fn replay_leaks_nothing_on_any_path() {
    let servers: [(&str, Option<Respond>); 4] = [
        ("accepted", Some(echo_token)),
        ("refused with an echo", Some(echo_refusal)),
        ("a 200 page with an echo", Some(echo_page)),
        ("unreachable", None),
    ];
    let mut runs = 0;
    for (server_kind, respond) in servers {
        let server = respond.map(|f| TokenServer::start(vec![Reply::echoing(f)]));
        let port = server.as_ref().map_or_else(closed_port, |s| s.port);
        let endpoint = format!("http://app:{URL_PASSWORD}@127.0.0.1:{port}/token");
        let p = Planted::new(&endpoint);
        let (_, curl) = p.pasted().remove(0);
        let cs = Planted::path(&p.client_secret);
        let param = format!("api_key={}", Planted::path(&p.param_secret));
        let auths: [(&str, Vec<&str>); 4] = [
            ("assertion", vec!["--flow", "client"]),
            (
                "basic",
                vec![
                    "--flow",
                    "grant",
                    "--client-id",
                    "app",
                    "--client-secret-file",
                    cs,
                ],
            ),
            (
                "post",
                vec![
                    "--flow",
                    "grant",
                    "--client-id",
                    "app",
                    "--client-secret-file",
                    cs,
                    "--client-auth",
                    "post",
                ],
            ),
            (
                "secret param",
                vec!["--flow", "client", "--secret-param", param.as_str()],
            ),
        ];
        for (auth, auth_args) in &auths {
            for verbosity in VERBOSITY {
                for format in [
                    &[][..],
                    &["--json"][..],
                    &["--dry-run"][..],
                    &["--dry-run", "--json"][..],
                ] {
                    let auth_args: Vec<String> = auth_args.iter().map(|a| a.to_string()).collect();
                    let mut args: Vec<&str> =
                        vec!["replay", curl.as_str(), "--token-endpoint", &endpoint];
                    args.extend(auth_args.iter().map(String::as_str));
                    args.extend_from_slice(format);
                    args.extend_from_slice(verbosity);
                    args.push("--yes");
                    let label = format!("replay {server_kind} {auth} {format:?} {verbosity:?}");
                    let o = run(&p, &label, &args);
                    let code = o.status.code();
                    let expected = match (server_kind, format.contains(&"--dry-run")) {
                        (_, true) | ("accepted", _) => Some(0),
                        ("unreachable", _) => Some(3),
                        _ => Some(1),
                    };
                    assert_eq!(code, expected, "{label}: {}", text(&o.stderr));
                    runs += 1;
                }
            }
        }
        // the bad key error path of --resign, and --jwks with a password in its URL
        let jwks = format!(
            "http://app:{URL_PASSWORD}@127.0.0.1:{}/jwks.json",
            closed_port()
        );
        for (label, extra) in [
            (
                "resign bad key",
                vec!["--resign", "--key", Planted::path(&p.bad_key)],
            ),
            (
                "resign HMAC",
                vec!["--resign", "--secret-file", Planted::path(&p.hmac)],
            ),
            ("jwks unreachable", vec!["--jwks", jwks.as_str()]),
        ] {
            for verbosity in VERBOSITY {
                let mut args = vec![
                    "replay",
                    p.token.as_str(),
                    "--flow",
                    "client",
                    "--token-endpoint",
                    &endpoint,
                    "--yes",
                ];
                args.extend(extra.iter().copied());
                args.extend_from_slice(verbosity);
                run(
                    &p,
                    &format!("replay {server_kind} {label} {verbosity:?}"),
                    &args,
                );
                runs += 1;
            }
        }
        if let Some(s) = &server {
            // the echo servers really received the secrets they echo
            let seen = s.requests();
            assert!(
                seen.iter()
                    .any(|r| r.field("client_secret").as_deref() == Some(CLIENT_SECRET))
            );
            assert!(
                seen.iter()
                    .any(|r| r.field("api_key").as_deref() == Some(PARAM_SECRET))
            );
            assert!(seen.iter().any(|r| r.header("authorization").is_some()));
        }
    }
    assert!(runs > 200, "the matrix shrank: {runs} runs");
}

#[test]
fn show_secrets_is_the_only_bypass() {
    // The matrix cannot pass by hiding everything: with --show-secrets the same runs
    // print the planted secrets.
    let server = TokenServer::start(vec![Reply::echoing(echo_refusal)]);
    let endpoint = format!("http://127.0.0.1:{}/token", server.port);
    let p = Planted::new(&endpoint);
    let o = jwtgrant()
        .args([
            "replay",
            &p.token,
            "--flow",
            "grant",
            "--token-endpoint",
            &endpoint,
        ])
        .args([
            "--client-id",
            "app",
            "--client-secret-file",
            Planted::path(&p.client_secret),
        ])
        .args([
            "--client-auth",
            "post",
            "--no-history",
            "--json",
            "--show-secrets",
        ])
        .output()
        .unwrap();
    let shown = text(&o.stdout);
    assert!(shown.contains(CLIENT_SECRET), "{shown}");
    assert!(shown.contains(SERVER_COOKIE), "{shown}");
    let (_, curl) = p.pasted().remove(0);
    let o = jwtgrant()
        .args(["-vv", "--show-secrets", "decode", &curl])
        .output()
        .unwrap();
    let shown = text(&o.stderr);
    assert!(
        shown.contains(CURL_PASSWORD) && shown.contains(URL_PASSWORD),
        "{shown}"
    );
}

#[test]
fn echoes_are_shown_with_the_secret_replaced() {
    let server = TokenServer::start(vec![Reply::echoing(echo_refusal)]);
    let endpoint = format!("http://app:{URL_PASSWORD}@127.0.0.1:{}/token", server.port);
    // the assertion's aud names the endpoint, as an aud would: without credentials
    let p = Planted::new(&server.url());
    let param = format!("api_key={}", Planted::path(&p.param_secret));
    let o = jwtgrant()
        .args([
            "replay",
            &p.token,
            "--flow",
            "grant",
            "--token-endpoint",
            &endpoint,
        ])
        .args(["--client-id", "app", "--client-secret-file"])
        .arg(&p.client_secret)
        .args(["--client-auth", "post", "--secret-param", &param])
        .args(["--no-history", "--json"])
        .output()
        .unwrap();
    check(&p, "echo --json", &o);
    let doc = crate::support::stdout_json(&o);
    // the server got the secrets, and the echo is there with each one replaced
    let seen = &server.requests()[0];
    assert_eq!(seen.field("client_secret").as_deref(), Some(CLIENT_SECRET));
    assert_eq!(seen.field("api_key").as_deref(), Some(PARAM_SECRET));
    let headers = &doc["response"]["headers"];
    assert_eq!(headers["x-echo-secret"], "<redacted>", "{doc:#}");
    assert_eq!(
        headers["set-cookie"],
        json!(["sid=<redacted>; Path=/; HttpOnly", "csrf=<redacted>"])
    );
    let description = doc["response"]["body"]["error_description"]
        .as_str()
        .unwrap();
    assert!(
        description.starts_with("secret <redacted> and key <redacted> do not match"),
        "{description}"
    );
    assert_eq!(doc["request"]["form"]["api_key"], "<redacted>");
    // aud is judged without the URL's credentials: it matches
    let causes = doc["diagnosis"].to_string();
    assert!(!causes.contains("claim.aud_mismatch"), "{causes}");
}

#[test]
fn a_secret_param_is_sent_and_never_shown() {
    let server = TokenServer::one(Reply::token());
    let p = Planted::new(&server.url());
    let o = jwtgrant()
        .env("API_KEY_CANARY", PARAM_SECRET)
        .args([
            "replay",
            &p.token,
            "--flow",
            "client",
            "--token-endpoint",
            &server.url(),
        ])
        .args([
            "--secret-param-env",
            "api_key=API_KEY_CANARY",
            "--no-history",
            "-v",
        ])
        .output()
        .unwrap();
    check(&p, "secret param", &o);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        server.requests()[0].field("api_key").as_deref(),
        Some(PARAM_SECRET)
    );
    assert!(
        text(&o.stdout).contains("api_key=<redacted>"),
        "{}",
        text(&o.stdout)
    );
    // a dry run's curl command reads it from a file, like the client secret
    let o = jwtgrant()
        .args([
            "replay",
            &p.token,
            "--flow",
            "client",
            "--token-endpoint",
            &server.url(),
        ])
        .args([
            "--secret-param",
            &format!("api_key={}", Planted::path(&p.param_secret)),
        ])
        .args(["--no-history", "--dry-run"])
        .output()
        .unwrap();
    check(&p, "secret param dry run", &o);
    let shown = text(&o.stdout);
    assert!(
        shown.contains("--data-urlencode 'api_key@api_key.secret'"),
        "{shown}"
    );
    assert!(shown.contains("api_key.secret first"), "{shown}");
    // a missing file is exit 2, naming the parameter
    let o = jwtgrant()
        .args([
            "replay",
            &p.token,
            "--flow",
            "client",
            "--token-endpoint",
            &server.url(),
        ])
        .args(["--secret-param", "api_key=/nonexistent/key", "--no-history"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--secret-param api_key"),
        "{}",
        text(&o.stderr)
    );
}
