//! stdin: a missing TOKEN is read from a pipe (never waited for on a terminal), `-` works
//! for --key and --claims-file, and stdin is read by one input at most.

use crate::support::{NOW_RFC3339, jwtgrant, on_terminal, stdout_json, text};

const AUD: &str = "https://as.example.com";

fn key_pair(dir: &std::path::Path) -> (String, String) {
    jwtgrant()
        .args(["key", "new", "--alg", "ES256", "--name", "k", "--out"])
        .arg(dir)
        .assert()
        .success();
    let path = |n: &str| dir.join(n).to_str().unwrap().to_string();
    (path("k.pem"), path("k.jwks.json"))
}

fn signed(key: &str) -> String {
    let o = jwtgrant()
        .args(["sign", "--client-id", "app", "--aud", AUD, "--key", key])
        .args(["--now", NOW_RFC3339])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn a_piped_token_is_read_when_the_argument_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (key, jwks) = key_pair(dir.path());
    let token = signed(&key);
    for args in [
        vec!["decode", "--json"],
        vec!["inspect", "--json", "--now", NOW_RFC3339],
        vec![
            "verify",
            "--json",
            "--now",
            NOW_RFC3339,
            "--aud",
            AUD,
            "--key",
            &jwks,
        ],
    ] {
        let o = jwtgrant()
            .args(&args)
            .write_stdin(token.clone())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
        let doc = stdout_json(&o);
        assert_eq!(doc["source"]["input"], "stdin", "{args:?}: {doc:#}");
    }
    let o = jwtgrant()
        .arg("explain")
        .write_stdin("AADSTS700024: Client assertion is not within its valid time range.")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("700024"), "{}", text(&o.stdout));
}

#[test]
fn usage_and_help_show_the_token_as_optional_with_its_default() {
    for command in ["decode", "inspect", "verify", "replay"] {
        let o = jwtgrant().args([command, "--help"]).output().unwrap();
        let help = text(&o.stdout);
        assert!(
            help.contains(&format!("jwtgrant {command} [OPTIONS] [TOKEN]")),
            "{help}"
        );
        assert!(help.contains("[default: - when stdin is piped]"), "{help}");
    }
}

#[test]
fn on_a_terminal_a_missing_token_is_an_error_that_says_how_to_give_it() {
    for command in ["inspect", "decode", "explain"] {
        let (code, output) = on_terminal(&[], &[command], &[]);
        assert_eq!(code, 2, "{command}: {output}");
        assert!(output.contains("given"), "{command}: {output}");
        assert!(
            output.contains(&format!("| jwtgrant {command}")),
            "{output}"
        );
        assert!(output.contains("'-'"), "{output}");
    }
}

#[test]
fn key_and_claims_file_read_stdin_with_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let (key, jwks) = key_pair(dir.path());
    let o = jwtgrant()
        .args(["sign", "--client-id", "app", "--aud", AUD, "--key", "-"])
        .write_stdin(std::fs::read(&key).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let token = text(&o.stdout).trim().to_string();
    let o = jwtgrant()
        .args(["verify", &token, "--aud", AUD, "--key", "-"])
        .write_stdin(std::fs::read(&jwks).unwrap())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stdout));
    let o = jwtgrant()
        .args(["sign", "--client-id", "app", "--aud", AUD, "--key", &key])
        .args(["--claims-file", "-"])
        .write_stdin(r#"{"scope": "read write", "jti": "from-stdin"}"#)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    let token = text(&o.stdout).trim().to_string();
    let doc = stdout_json(
        &jwtgrant()
            .args(["decode", &token, "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(doc["claims"]["scope"], "read write");
    assert_eq!(doc["claims"]["jti"], "from-stdin");
}

#[test]
fn two_inputs_reading_stdin_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (key, jwks) = key_pair(dir.path());
    for (args, names) in [
        (
            vec!["verify", "--aud", AUD, "--key", "-"],
            "the token and --key -",
        ),
        (
            vec!["verify", "-", "--aud", AUD, "--jwks", "-"],
            "the token and --jwks -",
        ),
        (
            vec!["verify", "x", "--key", "-", "--key", "-"],
            "--key - and --key -",
        ),
        (
            vec![
                "sign",
                "--client-id",
                "a",
                "--aud",
                AUD,
                "--key",
                "-",
                "--claims-file",
                "-",
            ],
            "--key - and --claims-file -",
        ),
        (
            vec![
                "replay",
                "--token-endpoint",
                "http://127.0.0.1:9/t",
                "--resign",
                "--key",
                "-",
            ],
            "the token and --key -",
        ),
    ] {
        let o = jwtgrant()
            .args(&args)
            .write_stdin(std::fs::read(&jwks).unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = text(&o.stderr);
        assert!(
            err.contains(names) && err.contains("only once"),
            "{args:?}: {err}"
        );
    }
    let _ = key;
}
