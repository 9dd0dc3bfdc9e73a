//! A HAR written by a real recorder: mitmproxy's `mitmdump` as a reverse proxy in front of
//! `jwtgrant serve` (its clock 10 minutes ahead), exporting HAR (the `hardump` option),
//! then `triage` on what it wrote, and mitmproxy importing the redacted HAR back.
//! Installed into tests/interop/.deps on first run (support/interop.rs).

use crate::support::interop;
use crate::support::serve::{Serve, signed, write_jwks};
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CLIENT_URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// How far ahead the server's clock runs.
const AHEAD: i64 = 600;

/// mitmdump, stopped with SIGINT (so that it writes the HAR) or killed on drop.
struct Recorder(Child);

impl Recorder {
    fn start(mitmdump: &Path, upstream: &str, port: u16, har: &Path, home: &Path) -> Recorder {
        let child = Command::new(mitmdump)
            .args(["-q", "--mode", &format!("reverse:{upstream}")])
            .args([
                "--listen-host",
                "127.0.0.1",
                "--listen-port",
                &port.to_string(),
            ])
            .args(["--set", &format!("confdir={}", home.display())])
            .args(["--set", &format!("hardump={}", har.display())])
            .env("HOME", home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mitmdump");
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "mitmdump did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Recorder(child)
    }

    /// SIGINT, then wait (bounded) for the HAR to be written.
    fn stop(mut self) {
        let pid = self.0.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.0.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "mitmdump did not stop within 30 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn post(url: &str, assertion: &str) {
    let o = Command::new("curl")
        .args(["-sS", "-o", "/dev/null", "--max-time", "20", url])
        .args(["-d", "grant_type=client_credentials", "-d"])
        .arg(format!("client_assertion_type={CLIENT_URN}"))
        .arg("--data-urlencode")
        .arg(format!("client_assertion={assertion}"))
        .output()
        .unwrap();
    assert!(o.status.success(), "curl: {}", text(&o.stderr));
}

fn claims(aud: &str, at: i64) -> Value {
    json!({"iss": "app", "sub": "app", "aud": aud, "iat": at - 5, "exp": at + 295,
           "jti": format!("jti-mitm-{}", unique())})
}

#[test]
fn a_har_recorded_by_mitmproxy_is_triaged() {
    let Some(mitmdump) = interop::mitmdump() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let server = Serve::start(&["--client", &format!("app={jwks}"), "--clock-offset", "10m"]);
    let har = dir.path().join("recorded.har");
    let port = free_port();
    let recorder = Recorder::start(&mitmdump, &server.base, port, &har, dir.path());
    let via_proxy = format!("http://127.0.0.1:{port}/token");
    let server_now = now() + AHEAD;
    let accepted = signed(claims(&server.base, server_now));
    // valid by this machine's clock, expired by the server's
    let expired_there = signed(claims(&server.base, now() - 10));
    let wrong_aud = signed(claims("https://wrong.example.com", server_now));
    for a in [&accepted, &expired_there, &wrong_aud] {
        post(&via_proxy, a);
    }
    recorder.stop();
    assert!(har.exists(), "mitmdump wrote no HAR");

    let o = jwtgrant()
        .arg("triage")
        .arg(&har)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let doc = stdout_json(&o);
    assert_eq!(doc["input"]["format"], "har");
    assert!(
        doc["input"]["creator"]
            .as_str()
            .unwrap()
            .starts_with("mitmproxy "),
        "{:#}",
        doc["input"]
    );
    let calls = doc["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 3, "{doc:#}");
    assert_eq!(calls[0]["outcome"], "accepted", "{:#}", calls[0]);
    // mitmproxy recorded text and params: one assertion each
    for call in calls {
        assert_eq!(call["assertions"].as_array().unwrap().len(), 1);
        let offset = call["times"]["clock_offset_seconds"].as_i64().unwrap();
        assert!((AHEAD - 2..=AHEAD + 2).contains(&offset), "offset {offset}");
    }
    assert_eq!(calls[1]["diagnosis"][0]["claim"], "exp", "{:#}", calls[1]);
    assert_eq!(
        calls[2]["diagnosis"][0]["code"], "claim.aud_mismatch",
        "{:#}",
        calls[2]
    );

    // redacted, and imported back by mitmproxy
    let redacted = dir.path().join("recorded.redacted.har");
    let o = jwtgrant()
        .arg("triage")
        .arg(&har)
        .arg("--redact-har")
        .arg(&redacted)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let written = std::fs::read_to_string(&redacted).unwrap();
    for a in [&accepted, &expired_there, &wrong_aud] {
        assert!(
            !written.contains(signature_of(a)),
            "a signature is in the redacted HAR"
        );
    }
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&har).unwrap()).unwrap();
    let issued = original["log"]["entries"][0]["response"]["content"]["text"]
        .as_str()
        .unwrap();
    let token: Value = serde_json::from_str(issued).unwrap();
    let access = token["access_token"].as_str().unwrap();
    assert!(
        !written.contains(access),
        "the issued token is in the redacted HAR"
    );
    let o = Command::new(&mitmdump)
        .args(["-n", "--flow-detail", "1", "-r"])
        .arg(&redacted)
        .args(["--set", &format!("confdir={}", dir.path().display())])
        .env("HOME", dir.path())
        .output()
        .unwrap();
    let listing = text(&o.stdout);
    assert!(
        o.status.success(),
        "mitmdump -r: {}{listing}",
        text(&o.stderr)
    );
    assert_eq!(listing.matches("POST http://").count(), 3, "{listing}");
}
