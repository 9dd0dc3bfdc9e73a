//! replay against real servers: node oidc-provider and Python Authlib, installed by the
//! tests (tests/interop/) and started on 127.0.0.1 with a free port. For each server and
//! both flows, every classic defect must be refused by the server and named first by
//! jwtgrant's diagnosis, also where the server says only invalid_client / invalid_grant.
//! Assertions are minted by the servers' own JOSE libraries (npm jose, joserfc) through
//! the harness's test-only /test/mint route.

use crate::support::token_server::{now, unique};
use crate::support::{interop, jwtgrant, text};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

struct Harness {
    child: Child,
    issuer: String,
    name: &'static str,
    /// The server's stderr (its own account of each refusal), shown when a test fails.
    log: Arc<Mutex<String>>,
}

impl Harness {
    fn spawn(name: &'static str, mut cmd: Command) -> Harness {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let log = Arc::new(Mutex::new(String::new()));
        let (stderr, sink) = (child.stderr.take().unwrap(), log.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if !line.trim().is_empty() => line,
            other => {
                let _ = child.kill();
                let _ = child.wait();
                std::thread::sleep(Duration::from_millis(200));
                panic!(
                    "{name} did not report its address within 60 s: {other:?}\n{}",
                    log.lock().unwrap()
                );
            }
        };
        let ready: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{name} printed {line:?}: {e}"));
        Harness {
            child,
            issuer: ready["issuer"].as_str().unwrap().to_string(),
            name,
            log,
        }
    }

    fn oidc_provider() -> Option<Harness> {
        let dir = interop::node_dir()?;
        let mut cmd = Command::new("node");
        cmd.arg("oidc-provider-server.mjs").current_dir(&dir);
        Some(Harness::spawn("oidc-provider", cmd))
    }

    fn authlib() -> Option<Harness> {
        let python = interop::python()?;
        let mut cmd = Command::new(python);
        cmd.arg("authlib_server.py")
            .current_dir(interop::interop_dir());
        Some(Harness::spawn("Authlib", cmd))
    }

    fn port(&self) -> u16 {
        self.issuer.rsplit(':').next().unwrap().parse().unwrap()
    }

    fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer)
    }

    fn jwks_url(&self, name: &str) -> String {
        format!("{}/test/jwks/{name}", self.issuer)
    }

    /// Sign an assertion with the server's JOSE library.
    fn mint(&self, key: &str, alg: Option<&str>, header: Value, claims: Value) -> String {
        let spec = json!({"key": key, "alg": alg, "header": header, "claims": claims});
        let body = spec.to_string();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port())).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "POST /test/mint HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, token) = answer.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(" 200 "),
            "{} mint failed: {answer}",
            self.name
        );
        token.trim().to_string()
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn claims(iss: &str, sub: &str, aud: &str) -> Value {
    let n = now();
    json!({"iss": iss, "sub": sub, "aud": aud, "iat": n - 5, "exp": n + 120,
           "jti": format!("j-{}", unique())})
}

fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

/// One replay: (exit code, JSON document).
fn replay(state: &PathBuf, args: &[String]) -> (Option<i32>, Value) {
    let o = jwtgrant()
        .env("XDG_STATE_HOME", state)
        .arg("replay")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        json!({"unparsable": e.to_string(), "stdout": text(&o.stdout), "stderr": text(&o.stderr)})
    });
    (o.status.code(), doc)
}

struct Case {
    name: &'static str,
    /// The assertion under test (the client assertion, or the grant).
    token: String,
    /// The grant flow's client assertion.
    client_assertion: Option<String>,
    jwks: Option<String>,
    /// Send twice; judge the second answer.
    twice: bool,
    /// None: accepted. Some(code): refused, and the diagnosis names `code` first.
    expect: Option<&'static str>,
}

fn run(h: &Harness, flow: &str, cases: Vec<Case>) {
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().to_path_buf();
    let mut failures = Vec::new();
    for case in cases {
        let mut args = vec![case.token.clone(), "--issuer".into(), h.issuer.clone()];
        args.extend(["--flow".into(), flow.into()]);
        if let Some(ca) = &case.client_assertion {
            args.extend(["--client-assertion".into(), ca.clone()]);
        }
        if let Some(j) = &case.jwks {
            args.extend(["--jwks".into(), j.clone()]);
        }
        let mut result = replay(&state_dir, &args);
        if case.twice {
            if result.0 != Some(0) {
                failures.push(format!(
                    "{}: the first send was refused: {:#}",
                    case.name, result.1
                ));
                continue;
            }
            // a fresh client assertion beside the grant, so that only the grant is resent
            if let Some(pos) = args.iter().position(|a| a == "--client-assertion") {
                args[pos + 1] = fresh_client_assertion(h);
            }
            result = replay(&state_dir, &args);
        }
        let (code, doc) = result;
        let first = doc["diagnosis"][0]["code"].as_str().unwrap_or("");
        let ok = match case.expect {
            None => code == Some(0) && doc["accepted"] == true,
            Some(want) => code == Some(1) && doc["accepted"] == false && first == want,
        };
        if !ok {
            failures.push(format!(
                "{} / {flow} / {}: expected {:?}, got exit {code:?}, first cause {first:?}\n{:#}",
                h.name, case.name, case.expect, doc
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n{} log:\n{}",
        failures.join("\n\n"),
        h.name,
        h.log.lock().unwrap()
    );
}

fn fresh_client_assertion(h: &Harness) -> String {
    h.mint(
        "gc",
        None,
        json!({}),
        claims("grant-client", "grant-client", &h.issuer),
    )
}

fn client_flow(h: &Harness) {
    let aud = h.issuer.clone();
    let good = |client: &str| claims(client, client, &aud);
    let case = |name, token, jwks: Option<String>, expect| Case {
        name,
        token,
        client_assertion: None,
        jwks,
        twice: false,
        expect,
    };
    let es_jwks = Some(h.jwks_url("es-client"));
    let mut cases = Vec::new();
    for (key, client) in [
        ("rs", "rs-client"),
        ("es", "es-client"),
        ("ed", "ed-client"),
        ("hs", "hs-client"),
    ] {
        cases.push(case(
            "accepted",
            h.mint(key, None, json!({}), good(client)),
            None,
            None,
        ));
    }
    cases.extend([
        case(
            "wrong aud",
            h.mint(
                "es",
                None,
                json!({}),
                with(
                    good("es-client"),
                    json!({"aud": "https://wrong.example/token"}),
                ),
            ),
            None,
            Some("claim.aud_mismatch"),
        ),
        case(
            "expired",
            h.mint(
                "es",
                None,
                json!({}),
                with(
                    good("es-client"),
                    json!({"iat": now() - 900, "exp": now() - 600}),
                ),
            ),
            None,
            Some("claim.exp_expired"),
        ),
        case(
            "not yet valid",
            h.mint(
                "es",
                None,
                json!({}),
                with(
                    good("es-client"),
                    json!({"nbf": now() + 600, "exp": now() + 900}),
                ),
            ),
            None,
            Some("claim.nbf_future"),
        ),
        case(
            "unknown kid",
            h.mint("es", None, json!({"kid": "es-unknown"}), good("es-client")),
            es_jwks.clone(),
            Some("header.kid_unknown"),
        ),
        case(
            "alg the client is not registered for",
            h.mint("rs", Some("PS256"), json!({}), good("rs-client")),
            Some(h.jwks_url("rs-client")),
            Some("header.alg_unexpected"),
        ),
        case(
            "bad signature",
            h.mint("rogue-es", None, json!({}), good("es-client")),
            es_jwks,
            Some("signature.invalid"),
        ),
        case(
            "missing jti",
            h.mint(
                "es",
                None,
                json!({}),
                with(good("es-client"), json!({"jti": null})),
            ),
            None,
            Some("claim.jti_missing"),
        ),
        case(
            "iss ≠ sub",
            h.mint(
                "es",
                None,
                json!({}),
                with(good("es-client"), json!({"iss": "someone-else"})),
            ),
            None,
            Some("claim.iss_sub_mismatch"),
        ),
        Case {
            twice: true,
            ..case(
                "reused jti",
                h.mint("es", None, json!({}), good("es-client")),
                None,
                Some("claim.jti_reused"),
            )
        },
    ]);
    run(h, "client", cases);
}

fn grant_flow(h: &Harness) {
    let aud = h.token_endpoint();
    let good = || claims("https://idp.test", "alice", &aud);
    let case = |name, token, jwks: Option<String>, expect| Case {
        name,
        token,
        client_assertion: Some(fresh_client_assertion(h)),
        jwks,
        twice: false,
        expect,
    };
    let idp_jwks = Some(h.jwks_url("idp"));
    let cases = vec![
        case(
            "accepted",
            h.mint("idp", None, json!({}), good()),
            idp_jwks.clone(),
            None,
        ),
        case(
            "wrong aud",
            h.mint(
                "idp",
                None,
                json!({}),
                with(good(), json!({"aud": "https://wrong.example/token"})),
            ),
            None,
            Some("claim.aud_mismatch"),
        ),
        case(
            "expired",
            h.mint(
                "idp",
                None,
                json!({}),
                with(good(), json!({"iat": now() - 900, "exp": now() - 600})),
            ),
            None,
            Some("claim.exp_expired"),
        ),
        case(
            "not yet valid",
            h.mint(
                "idp",
                None,
                json!({}),
                with(good(), json!({"nbf": now() + 600, "exp": now() + 900})),
            ),
            None,
            Some("claim.nbf_future"),
        ),
        case(
            "unknown kid",
            h.mint("idp", None, json!({"kid": "idp-unknown"}), good()),
            idp_jwks.clone(),
            Some("header.kid_unknown"),
        ),
        case(
            "alg the issuer is not registered for",
            h.mint("idp", Some("PS256"), json!({}), good()),
            idp_jwks.clone(),
            Some("header.alg_unexpected"),
        ),
        case(
            "bad signature",
            h.mint("rogue-idp", None, json!({}), good()),
            idp_jwks,
            Some("signature.invalid"),
        ),
        case(
            "missing jti",
            h.mint("idp", None, json!({}), with(good(), json!({"jti": null}))),
            None,
            Some("claim.jti_missing"),
        ),
        Case {
            client_assertion: Some(h.mint(
                "gc",
                None,
                json!({}),
                with(
                    claims("grant-client", "grant-client", &h.issuer),
                    json!({"iss": "someone-else"}),
                ),
            )),
            ..case(
                "iss ≠ sub (the client assertion beside the grant)",
                h.mint("idp", None, json!({}), good()),
                None,
                Some("claim.iss_sub_mismatch"),
            )
        },
        Case {
            twice: true,
            ..case(
                "reused jti",
                h.mint("idp", None, json!({}), good()),
                None,
                Some("claim.jti_reused"),
            )
        },
    ];
    run(h, "grant", cases);
}

#[test]
fn oidc_provider_client_assertions() {
    let Some(h) = Harness::oidc_provider() else {
        return;
    };
    client_flow(&h);
}

#[test]
fn oidc_provider_jwt_bearer_grants() {
    let Some(h) = Harness::oidc_provider() else {
        return;
    };
    grant_flow(&h);
}

#[test]
fn authlib_client_assertions() {
    let Some(h) = Harness::authlib() else { return };
    client_flow(&h);
}

#[test]
fn authlib_jwt_bearer_grants() {
    let Some(h) = Harness::authlib() else { return };
    grant_flow(&h);
}

#[test]
fn oidc_provider_says_only_invalid_client() {
    // The premise of the tool: the wire answer is generic, the diagnosis is not.
    let Some(h) = Harness::oidc_provider() else {
        return;
    };
    let token = h.mint(
        "es",
        None,
        json!({}),
        with(
            claims("es-client", "es-client", &h.issuer),
            json!({"iat": now() - 900, "exp": now() - 600}),
        ),
    );
    let state = tempfile::tempdir().unwrap();
    let (code, doc) = replay(
        &state.path().to_path_buf(),
        &[token, "--issuer".into(), h.issuer.clone()],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        doc["response"]["body"],
        json!({"error": "invalid_client", "error_description": "client authentication failed"})
    );
    assert_eq!(doc["inferred"], true);
    assert_eq!(doc["catalog"][0]["id"], "P4");
    assert_eq!(doc["diagnosis"][0]["code"], "claim.exp_expired");
}
