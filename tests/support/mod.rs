//! Shared test helpers: a hermetic command builder and token makers.
#![allow(dead_code)]

pub mod console;
pub mod interop;
pub mod serve;
pub mod tls_server;
pub mod token_server;

use serde_json::{Value, json};
use std::time::Duration;

/// 2025-11-25T14:00:00Z: every time-dependent test passes this as --now.
pub const NOW: i64 = 1_764_079_200;
pub const NOW_RFC3339: &str = "2025-11-25T14:00:00Z";

/// The binary with a scrubbed environment, so the developer's NO_COLOR, proxies or state
/// directory never change a test's outcome, and a hang becomes a failure.
pub fn jwtgrant() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("jwtgrant"));
    for var in SCRUBBED_ENV {
        cmd.env_remove(var);
    }
    cmd.env("RUST_BACKTRACE", "0");
    cmd.timeout(Duration::from_secs(60));
    cmd
}

/// What `jwtgrant()` removes from the environment.
const SCRUBBED_ENV: [&str; 14] = [
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "XDG_STATE_HOME",
    "RUST_BACKTRACE",
];

/// The binary started with ARGS, stdin and stdout piped and the same scrubbed environment
/// as `jwtgrant()`, for a test that talks to it while it runs (the test bounds its waits).
pub fn spawn_piped(args: &[&str], stderr: std::process::Stdio) -> std::process::Child {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("jwtgrant"));
    for var in SCRUBBED_ENV {
        cmd.env_remove(var);
    }
    cmd.env("RUST_BACKTRACE", "0")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("jwtgrant starts")
}

pub fn b64(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

/// Bytes of a fake signature as long as a real one for `alg` (RS*/PS*: a 2048-bit key), so
/// only the rule under test trips, not `signature.length`.
pub fn fake_signature(alg: Option<&str>) -> Vec<u8> {
    let len = match alg.unwrap_or("") {
        a if a.starts_with("RS") || a.starts_with("PS") => 256,
        "HS384" => 48,
        "ES384" => 96,
        "ES512" => 132,
        "HS512" | "ES256" | "ES256K" | "EdDSA" | "Ed25519" => 64,
        "Ed448" => 114,
        _ => 32,
    };
    b"not-a-real-signature-but-32-byte"
        .iter()
        .cycle()
        .take(len)
        .copied()
        .collect()
}

/// A compact JWS with the given header and claims and a fake (unverifiable) signature.
pub fn token(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(&fake_signature(header["alg"].as_str()))
    )
}

/// The same from raw JSON text (for duplicate members and other malformed JSON).
pub fn token_raw(header: &str, claims: &str) -> String {
    format!(
        "{}.{}.{}",
        b64(header.as_bytes()),
        b64(claims.as_bytes()),
        b64(b"sig-bytes")
    )
}

/// A correct client assertion issued a minute before NOW, valid for 4 more minutes.
pub fn client_claims() -> Value {
    json!({
        "iss": "client-123",
        "sub": "client-123",
        "aud": "https://as.example.com/oauth2/token",
        "iat": NOW - 60,
        "exp": NOW + 240,
        "jti": "2f7c1f0e-4b7e-4a51-9f7e-7d1c2b8a9e11",
    })
}

pub fn rs256_header() -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": "k1"})
}

pub fn client_token() -> String {
    token(&rs256_header(), &client_claims())
}

/// Replace or add claims in a JSON object.
pub fn with(mut base: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().expect("object").iter() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

pub fn stdout_json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn codes(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Run jwtgrant on a pseudo-terminal (tests/support/pty_drive.py), typing each answer
/// once its prompt appeared: `steps` alternates expected text and keys to type.
pub fn on_terminal(steps: &[&str], args: &[&str], env: &[(&str, &str)]) -> (i32, String) {
    let driver =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pty_drive.py");
    let out = std::process::Command::new("python3")
        .arg(driver)
        .args(steps)
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin!("jwtgrant"))
        .args(args)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), text(&out.stdout))
}

/// The token in terminal output (which also carries cursor escapes around it).
pub fn token_in(output: &str) -> String {
    let start = output
        .match_indices("eyJ")
        .map(|(i, _)| i)
        .find(|&i| {
            let rest: String = output[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            rest.matches('.').count() == 2
        })
        .unwrap_or_else(|| panic!("no token in:\n{output}"));
    output[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}
