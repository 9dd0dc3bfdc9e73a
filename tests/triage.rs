//! `triage` on transcripts made by real curl against `jwtgrant serve` (`-v`, `--trace-ascii`,
//! `--trace`), on HTTP dumps and JSON log lines, and what it says when there is nothing to
//! triage. The HAR shapes are in triage_har.rs, the mitmproxy recording in
//! triage_mitmproxy.rs.

use crate::support::serve::{Serve, signed, write_jwks};
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const CLIENT_URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn triage_json(input: &str) -> (Option<i32>, Value, String) {
    let o = jwtgrant()
        .args(["triage", "-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stderr = text(&o.stderr);
    (o.status.code(), stdout_json(&o), stderr)
}

fn first_code(call: &Value) -> String {
    call["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// `curl ARGS` as a user runs it: the command line, then everything curl printed
/// (stderr and stdout together, as a terminal shows them).
fn curl_transcript(args: &[String]) -> String {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let command = format!("curl {}", quoted.join(" "));
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("{command} 2>&1"))
        .output()
        .expect("run curl");
    format!("$ {command}\n{}", text(&out.stdout))
}

fn token_form_args(url: &str, assertion: &str) -> Vec<String> {
    vec![
        "-v".into(),
        "-X".into(),
        "POST".into(),
        url.into(),
        "-d".into(),
        "grant_type=client_credentials".into(),
        "-d".into(),
        format!("client_assertion_type={CLIENT_URN}"),
        "--data-urlencode".into(),
        format!("client_assertion={assertion}"),
    ]
}

fn serve_for_app(dir: &Path, extra: &[&str]) -> Serve {
    let jwks = write_jwks(dir, "app.json", "k1");
    let mut args = vec!["--client".to_string(), format!("app={jwks}")];
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    Serve::start(&refs)
}

#[test]
fn curl_verbose_transcripts_from_real_curl() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve_for_app(dir.path(), &[]);
    let url = server.token_endpoint();
    let good = signed(client_assertion_claims("app", &server.base));
    let mut expired = client_assertion_claims("app", &server.base);
    expired["exp"] = json!(now() - 600);
    expired["iat"] = json!(now() - 900);
    let wrong_aud = signed(client_assertion_claims("app", "https://wrong.example.com"));
    let cases = [
        (good, 0, ""),
        (signed(expired), 1, "claim.exp_expired"),
        (wrong_aud, 1, "claim.aud_mismatch"),
    ];
    for (assertion, exit, code) in cases {
        let transcript = curl_transcript(&token_form_args(&url, &assertion));
        // what the issue saw: curl's own note under the command
        assert!(
            transcript.contains("Note: Unnecessary use of -X"),
            "{transcript}"
        );
        let (status, doc, stderr) = triage_json(&transcript);
        assert_eq!(status, Some(exit), "{doc:#}\n{stderr}");
        assert_eq!(doc["input"]["format"], "curl_verbose");
        let call = &doc["calls"][0];
        assert_eq!(call["request"]["method"], "POST");
        assert_eq!(call["request"]["url"], url);
        // the body came from the command line: curl -v does not print it
        assert_eq!(call["assertions"][0]["field"], "client_assertion");
        assert!(call["times"]["server_date"].is_string(), "{call:#}");
        if exit == 0 {
            assert_eq!(call["outcome"], "accepted");
        } else {
            assert_eq!(first_code(call), code, "{call:#}");
        }
        // inspect reads the same paste as one curl command: curl's note is no argument
        // (it was read as `-X or`: "request.transport the method is or")
        let o = jwtgrant()
            .args(["inspect", "-", "--json", "--now", &now().to_string()])
            .write_stdin(transcript.clone())
            .output()
            .unwrap();
        let out = text(&o.stdout);
        assert!(out.contains("\"findings\""), "{out}");
        assert!(!out.contains("the method is or"), "{out}");
        assert!(!out.contains("request.transport"), "{out}");
    }
}

#[test]
fn a_curl_verbose_transcript_without_its_command_still_has_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve_for_app(dir.path(), &[]);
    let mut claims = client_assertion_claims("app", &server.base);
    claims["exp"] = json!(now() - 600);
    let transcript = curl_transcript(&token_form_args(&server.token_endpoint(), &signed(claims)));
    let without_command: String = transcript
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    let (status, doc, stderr) = triage_json(&without_command);
    assert_eq!(status, Some(1));
    assert!(
        stderr.contains("does not show the request body"),
        "{stderr}"
    );
    let call = &doc["calls"][0];
    // serve names the cause; jwtgrant did not see the assertion
    assert_eq!(first_code(call), "claim.exp_expired", "{call:#}");
    assert_eq!(call["diagnosis"][0]["source"], "server");
    assert_eq!(call["assertions"].as_array().unwrap().len(), 0);
}

#[test]
fn curl_trace_ascii_and_trace_dumps_have_the_bodies() {
    let dir = tempfile::tempdir().unwrap();
    // --opaque: the server gives no reason, so the cause must come from the assertion
    // read out of the trace's data blocks
    let server = serve_for_app(dir.path(), &["--opaque"]);
    let mut claims = client_assertion_claims("app", &server.base);
    claims["exp"] = json!(now() - 600);
    claims["iat"] = json!(now() - 900);
    let assertion = signed(claims);
    for flag in ["--trace-ascii", "--trace"] {
        let trace = dir.path().join(format!("trace{flag}.txt"));
        let mut args = token_form_args(&server.token_endpoint(), &assertion);
        args[0] = "-sS".into();
        args.extend([flag.to_string(), trace.display().to_string()]);
        let status = Command::new("curl").args(&args).output().unwrap();
        assert!(status.status.success(), "{}", text(&status.stderr));
        let o = jwtgrant()
            .arg("triage")
            .arg(&trace)
            .arg("--json")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        let doc = stdout_json(&o);
        assert_eq!(doc["input"]["format"], "curl_trace");
        let call = &doc["calls"][0];
        assert_eq!(call["request"]["form"]["grant_type"], "client_credentials");
        assert_eq!(call["response"]["status"], 401);
        assert_eq!(call["inferred"], true, "{call:#}");
        assert_eq!(first_code(call), "claim.exp_expired", "{flag}: {call:#}");
        // the human report names the call and ends with the summary
        let o = jwtgrant().arg("triage").arg(&trace).output().unwrap();
        let out = text(&o.stdout);
        assert!(out.contains("Call 1 of 1 (line 3 of "), "{out}");
        assert!(
            out.contains("Summary: 1 token call: 0 accepted, 1 refused"),
            "{out}"
        );
        assert!(!out.contains(signature_of(&assertion)), "{out}");
    }
}

#[test]
fn an_http_dump_is_judged_at_the_servers_date() {
    let date = 1_764_079_200;
    let claims = json!({"iss": "app", "sub": "app", "aud": "https://as.example.com",
        "iat": date - 900, "exp": date - 600, "jti": "j-dump-1"});
    let assertion = es256(DEMO_KEY, &json!({"kid": "k1"}), &claims);
    let dump = format!(
        "POST /token HTTP/1.1\r\nHost: as.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_id=app&client_assertion_type={CLIENT_URN}&client_assertion={assertion}\r\n\r\nHTTP/1.1 401 Unauthorized\r\nDate: {}\r\nContent-Type: application/json\r\n\r\n{{\"error\":\"invalid_client\"}}\r\n",
        http_date(date)
    );
    let (status, doc, _) = triage_json(&dump);
    assert_eq!(status, Some(1));
    assert_eq!(doc["input"]["format"], "http");
    let call = &doc["calls"][0];
    assert_eq!(call["request"]["url"], "https://as.example.com/token");
    assert_eq!(call["times"]["judged_by"], "server_date");
    assert_eq!(call["times"]["judged_at"], date);
    assert_eq!(first_code(call), "claim.exp_expired", "{call:#}");
    // explain reads the same dump the same way: it is triage of one exchange
    let o = jwtgrant()
        .args(["explain", "-", "--json"])
        .write_stdin(dump)
        .output()
        .unwrap();
    let explained = stdout_json(&o);
    assert_eq!(explained["diagnosis"][0]["code"], "claim.exp_expired");
    assert_eq!(explained["judged_at"], date);
}

#[test]
fn json_log_lines_with_escaped_bodies() {
    let claims = json!({"iss": "app", "sub": "app", "aud": "https://wrong.example.com",
        "iat": NOW_T - 10, "exp": NOW_T + 200, "jti": "j-log-1"});
    let assertion = es256(DEMO_KEY, &json!({"kid": "k1"}), &claims);
    let body = format!("grant_type=client_credentials&client_id=app&client_assertion={assertion}");
    let request_line = json!({"ts": "2025-11-25T14:00:00Z", "level": "debug", "method": "POST",
        "url": "https://as.example.com/token", "body": body});
    // serde_json writes & as is; loggers escape it (Go's encoding/json, log4j's JSON layout)
    let escaped = request_line.to_string().replace('&', "\\u0026");
    assert!(escaped.contains("\\u0026client_assertion"));
    let answer = json!({"ts": "2025-11-25T14:00:01Z", "status": 401,
        "response": {"error": "invalid_client", "error_description": "client authentication failed"}});
    let log = format!("{escaped}\n{{\"msg\":\"unrelated\"}}\n{answer}\n");
    let (status, doc, stderr) = triage_json(&log);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(doc["input"]["format"], "json_log");
    let call = &doc["calls"][0];
    let form = call["request"]["form"].as_object().unwrap();
    assert!(form.contains_key("client_assertion"), "{form:?}");
    assert!(!form.keys().any(|k| k.contains("u0026")), "{form:?}");
    assert_eq!(call["times"]["judged_by"], "sent");
    assert_eq!(first_code(call), "claim.aud_mismatch", "{call:#}");
    // the same escaped line pasted to explain or decode is read as the form it was
    let o = jwtgrant()
        .args(["explain", "--json", &escaped])
        .output()
        .unwrap();
    let explained = stdout_json(&o);
    assert_eq!(
        explained["assertions"][0]["field"], "client_assertion",
        "{explained:#}"
    );
}

const NOW_T: i64 = 1_764_079_200;

#[test]
fn no_token_call_exits_2_and_says_what_was_there() {
    let dump = "GET /.well-known/openid-configuration HTTP/1.1\nHost: as.example.com\n\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"issuer\":\"https://as.example.com\",\"token_endpoint\":\"https://as.example.com/token\"}\n\nGET /app.js HTTP/1.1\nHost: as.example.com\n\nHTTP/1.1 200 OK\n\nconsole.log(1)\n";
    let o = jwtgrant()
        .args(["triage", "-"])
        .write_stdin(dump)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("holds no token call: 2 requests"), "{err}");
    assert!(err.contains("none a token request"), "{err}");
    assert!(err.contains("1 discovery document"), "{err}");
    assert!(o.stdout.is_empty());
    // a pasted error message is explain's
    let o = jwtgrant()
        .args(["triage", "-"])
        .write_stdin("AADSTS700024: Client assertion is not within its valid time range.")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("jwtgrant explain"),
        "{}",
        text(&o.stderr)
    );
    // an empty file and a missing one
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.har"), "").unwrap();
    for name in ["empty.har", "missing.har"] {
        let o = jwtgrant()
            .arg("triage")
            .arg(dir.path().join(name))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
    }
}

#[test]
fn replay_from_a_transcript_sends_the_request_again() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve_for_app(dir.path(), &[]);
    let assertion = signed(client_assertion_claims("app", &server.base));
    let mut args = token_form_args(&server.token_endpoint(), &assertion);
    args.extend([
        "-d".into(),
        "scope=read".into(),
        "-d".into(),
        "audience=api".into(),
    ]);
    let transcript = dir.path().join("ticket.txt");
    std::fs::write(&transcript, curl_transcript(&args)).unwrap();
    let replay = |extra: &[&str]| {
        let o = jwtgrant()
            .args(["replay", "--json", "--no-history", "--from"])
            .arg(&transcript)
            .args(extra)
            .output()
            .unwrap();
        (o.status.code(), stdout_json(&o), text(&o.stderr))
    };
    // as it was: the same assertion, which the server already took once
    let (status, doc, stderr) = replay(&[]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(stderr.contains("sending the request of line "), "{stderr}");
    assert_eq!(doc["request"]["url"], server.token_endpoint());
    let form = &doc["request"]["form"];
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["scope"], "read");
    assert_eq!(form["audience"], "api");
    assert_eq!(doc["diagnosis"][0]["code"], "claim.jti_reused");
    // re-signed (fresh jti and times), a flag overriding a captured field
    let key = dir.path().join("demo.pk8");
    std::fs::write(&key, DEMO_KEY).unwrap();
    let key = key.display().to_string();
    let (status, doc, stderr) = replay(&[
        "--resign",
        "--key",
        &key,
        "--kid",
        "k1",
        "--param",
        "audience=other",
    ]);
    assert_eq!(status, Some(0), "{doc:#}\n{stderr}");
    assert_eq!(doc["resigned"], true);
    assert_eq!(doc["request"]["form"]["audience"], "other");
    assert_eq!(doc["request"]["form"]["scope"], "read");
    assert!(!text(doc.to_string().as_bytes()).contains(signature_of(&assertion)));
}

#[test]
fn replay_from_never_reuses_a_captured_secret() {
    let dir = tempfile::tempdir().unwrap();
    let grant = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": "https://idp.example", "sub": "alice", "aud": "https://as.example.com", "iat": NOW_T, "exp": NOW_T + 300, "jti": "g-1"}),
    );
    let cmd = dir.path().join("cmd.txt");
    std::fs::write(
        &cmd,
        format!("curl -u app:captured-pw-canary https://as.example.com/token -d grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer -d assertion={grant}\n"),
    )
    .unwrap();
    let o = jwtgrant()
        .args(["replay", "--dry-run", "--no-history", "--from"])
        .arg(&cmd)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("client_secret_basic") && err.contains("--client-secret-file"),
        "{err}"
    );
    assert!(!err.contains("captured-pw-canary"));
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "given-secret").unwrap();
    let o = jwtgrant()
        .args(["replay", "--dry-run", "--no-history", "--from"])
        .arg(&cmd)
        .arg("--client-secret-file")
        .arg(&secret)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("client_secret_basic") && out.contains("-u 'app:'"),
        "{out}"
    );
    assert!(
        !out.contains("captured-pw-canary") && !out.contains("given-secret"),
        "{out}"
    );
}
