//! The output layer: color, escaping, errors, exit codes, broken pipes, help.

use crate::support::*;
use predicates::prelude::*;
use serde_json::json;
use std::process::{Command, Stdio};

const ESC: &str = "\u{1b}[";

#[test]
fn piped_output_has_no_escape_codes_by_default() {
    let out = jwtgrant().args(["inspect", "--example"]).output().unwrap();
    assert!(!text(&out.stdout).contains(ESC));
    assert!(!text(&out.stderr).contains(ESC));
}

#[test]
fn color_always_colors_and_json_never_does() {
    let out = jwtgrant()
        .args(["--color", "always", "inspect", "--example"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains(ESC));
    let out = jwtgrant()
        .args(["--color", "always", "inspect", "--example", "--json"])
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains(ESC));
    stdout_json(&out);
}

#[test]
fn color_always_beats_no_color_and_never_wins_everywhere() {
    let out = jwtgrant()
        .env("NO_COLOR", "1")
        .args(["--color", "always", "decode", "--example"])
        .output()
        .unwrap();
    assert!(text(&out.stdout).contains(ESC));
    let out = jwtgrant()
        .args(["--color", "never", "decode", "nothing-here"])
        .output()
        .unwrap();
    assert!(!text(&out.stderr).contains(ESC));
}

#[test]
fn stderr_is_colored_on_its_own_decision() {
    // --color always applies to stderr too, even though stdout carries JSON.
    let out = jwtgrant()
        .args(["--color", "always", "decode", "not a token", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(ESC));
    assert!(out.stdout.is_empty());
}

#[test]
fn control_characters_in_claims_are_escaped() {
    let claims = with(
        client_claims(),
        json!({"sub": "x\u{1b}]0;pwned\u{7}\u{1b}[2Jy", "note": "a\u{202e}b"}),
    );
    let t = token(&rs256_header(), &claims);
    let out = jwtgrant()
        .args(["--color", "always", "decode", &t])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains("\u{1b}]0;"),
        "terminal title escape passed through"
    );
    assert!(!stdout.contains("\u{1b}[2J"));
    assert!(!stdout.contains('\u{202e}'));
    assert!(stdout.contains("\\u{202e}"), "{stdout}");
    // JSON keeps the value exactly, escaped by JSON rules
    let out = jwtgrant().args(["decode", &t, "--json"]).output().unwrap();
    assert_eq!(
        stdout_json(&out)["claims"]["sub"],
        "x\u{1b}]0;pwned\u{7}\u{1b}[2Jy"
    );
}

#[test]
fn errors_have_a_prefix_a_cause_chain_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("unreadable");
    std::fs::write(&f, "x").unwrap();
    jwtgrant()
        .args(["decode", "--now", "yesterday", "--example"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("jwtgrant: error: "));
    jwtgrant()
        .args(["inspect", "--example", "--skew", "5x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("jwtgrant: error: --skew"))
        .stderr(predicate::str::contains(
            "caused by: duration \"5x\": unknown unit",
        ));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    jwtgrant().args(["decode"]).assert().code(2);
    jwtgrant().args(["frobnicate"]).assert().code(2);
    jwtgrant()
        .args(["decode", "--index", "x", "a"])
        .assert()
        .code(2);
    jwtgrant().args(["--help"]).assert().success();
    jwtgrant()
        .args(["--version"])
        .assert()
        .success()
        .stdout(predicate::str::contains("jwtgrant "));
}

#[test]
fn every_subcommand_help_shows_examples() {
    for sub in ["decode", "inspect", "completions", "man"] {
        jwtgrant()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"))
            .stdout(predicate::str::contains(format!("jwtgrant {sub}")));
    }
    jwtgrant()
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains("Exit codes:"));
}

/// Run with stdout connected to a pipe whose read end is already closed.
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = Command::new(assert_cmd::cargo::cargo_bin!("jwtgrant"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Run with `stdin` fed in, read the first few hundred bytes of stdout, then close it
/// while jwtgrant is still writing (the output must be larger than a pipe buffer).
fn run_closing_after_a_while(args: &[&str], stdin: &[u8]) -> (Option<i32>, String) {
    use std::io::{Read, Write};
    let mut child = spawn_piped(args, Stdio::piped());
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // a writer thread, so a child that stops reading cannot block the test
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 512];
    let _ = stdout.read(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    let _ = feeder.join();
    (status.code(), stderr)
}

/// Many tokens, one per line: a lint report far larger than a pipe buffer.
fn many_tokens(n: usize) -> Vec<u8> {
    let mut text = String::new();
    for i in 0..n {
        let claims = with(client_claims(), json!({"jti": format!("jti-{i}")}));
        text.push_str(&token(&rs256_header(), &claims));
        text.push('\n');
    }
    text.into_bytes()
}

#[test]
fn a_closed_pipe_exits_quietly() {
    for args in [
        &["--help"][..],
        &["decode", "--example"][..],
        &["decode", "--example", "--json"][..],
        &["inspect", "--example"][..],
        &["inspect", "--example", "--json"][..],
        &["explain", "invalid_client", "--json"][..],
        &["completions", "bash"][..],
        &["lint", "--list-rules"][..],
        &["lint", "--list-rules", "--json"][..],
        &["lint", "--list-profiles", "--json"][..],
        &[
            "replay",
            "--example",
            "--flow",
            "client",
            "--token-endpoint",
            "http://127.0.0.1:9/token",
            "--dry-run",
            "--no-history",
            "--json",
        ][..],
    ] {
        let out = run_into_closed_pipe(args);
        let stderr = text(&out.stderr);
        assert_eq!(stderr, "", "{args:?}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn a_pipe_closed_mid_stream_exits_quietly_in_every_format() {
    let tokens = many_tokens(3000);
    for format in ["human", "json", "sarif", "github"] {
        let (code, stderr) = run_closing_after_a_while(
            &["lint", "-", "--format", format, "--now", &NOW.to_string()],
            &tokens,
        );
        assert_eq!(stderr, "", "lint --format {format}");
        assert_eq!(code, Some(0), "lint --format {format}: {stderr}");
    }
    // one document written by serde_json in one go (the --list-rules --json case)
    for args in [
        &["lint", "--list-rules", "--json"][..],
        &["lint", "--list-rules"][..],
    ] {
        let (code, stderr) = run_closing_after_a_while(args, b"");
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}

#[test]
fn error_messages_never_carry_the_token() {
    let t = client_token();
    let body = format!("client_assertion={t}");
    let out = jwtgrant()
        .args(["decode", &body, "--field", "nope"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains(&t));
    assert!(!stderr.contains(t.rsplit('.').next().unwrap()));
}

#[test]
fn global_options_work_before_and_after_the_subcommand() {
    for args in [
        &["--color", "always", "decode", "--example"][..],
        &["decode", "--example", "--color", "always"][..],
    ] {
        let out = jwtgrant().args(args).output().unwrap();
        assert!(text(&out.stdout).contains(ESC), "{args:?}");
    }
    let t = client_token();
    let sig = t.rsplit('.').next().unwrap().to_string();
    for args in [
        vec!["--show-secrets", "decode", t.as_str()],
        vec!["decode", t.as_str(), "--show-secrets"],
    ] {
        let out = jwtgrant().args(&args).output().unwrap();
        assert!(text(&out.stdout).contains(&sig), "{args:?}");
    }
    // -v before and after add up to -vv (which echoes the source line)
    let out = jwtgrant()
        .args(["-v", "decode", "--example", "-v"])
        .output()
        .unwrap();
    assert!(
        text(&out.stderr).contains("line 1: "),
        "{}",
        text(&out.stderr)
    );
    let out = jwtgrant()
        .args(["decode", "--example", "-v"])
        .output()
        .unwrap();
    assert!(!text(&out.stderr).contains("line 1: "));
    // nested subcommands take them at every level
    let dir = tempfile::tempdir().unwrap();
    jwtgrant()
        .args(["key", "--color", "never", "new", "--alg", "ES256", "--out"])
        .arg(dir.path())
        .args(["-v"])
        .assert()
        .success();
}
