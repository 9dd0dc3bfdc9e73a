//! Hostile input (issue 15): no panic on any line, every token found however many share a
//! line, one input cap named in its error, and a panic report that carries no input.

use crate::support::*;
use serde_json::json;
use std::io::Write;

const MIB: usize = 1024 * 1024;

/// `q=%aé` (a `%`, one ASCII character and a multi-byte one) and a token whose dots are
/// percent-encoded: this line aborted `lint --scan` (exit 134) and the panic message
/// printed it, token included.
fn line_that_panicked() -> String {
    format!(
        "2025-11-25T14:00:00Z GET /cb?q=%a\u{e9} body=grant_type=x&assertion={}",
        client_token().replace('.', "%2E")
    )
}

fn file_with(lines: &[String]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
    f
}

fn assert_no_panic(out: &std::process::Output) {
    let stderr = text(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{:?}: {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
}

#[test]
fn the_line_that_aborted_a_scan_is_read_and_its_token_found() {
    let log = file_with(&[
        "2025-11-25T13:59:59Z INFO start".to_string(),
        line_that_panicked(),
        format!("2025-11-25T14:00:01Z DEBUG retry jwt={}", client_token()),
    ]);
    let out = jwtgrant()
        .args(["lint", "--json", "--now", &NOW.to_string(), "--scan"])
        .arg(log.path())
        .output()
        .unwrap();
    assert_no_panic(&out);
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["tokens"], 2, "{doc}");
    let first = &doc["tokens"][0]["source"];
    assert_eq!(first["line"], 2);
    assert_eq!(first["field"], "assertion");
    // the line after it is scanned too
    assert_eq!(doc["tokens"][1]["source"]["line"], 3);
}

#[test]
fn the_line_that_panicked_works_in_every_command_that_reads_text() {
    let line = line_that_panicked();
    let now = NOW.to_string();
    for args in [
        vec!["decode", "--json", "-"],
        vec!["inspect", "--json", "--now", &now, "-"],
        vec!["lint", "--json", "--now", &now, "-"],
        vec!["explain", "--json", "--now", &now, "-"],
    ] {
        let out = jwtgrant()
            .args(&args)
            .write_stdin(line.clone())
            .output()
            .unwrap();
        assert_no_panic(&out);
        let doc = stdout_json(&out);
        let iss = match args[0] {
            "decode" | "inspect" => doc["claims"]["iss"].clone(),
            "explain" => doc["assertions"][0]["claims"]["iss"].clone(),
            _ => doc["tokens"][0]["source"]["field"].clone(),
        };
        let want = if args[0] == "lint" {
            "assertion"
        } else {
            "client-123"
        };
        assert_eq!(iss, want, "{args:?}: {doc}");
    }
}

#[test]
fn a_panic_report_names_the_bug_and_never_the_input() {
    // Debug builds panic on request with the variable's text in the panic message (see
    // main.rs), so this shows the hook the binary installs, end to end.
    let secret = format!("assertion={}", client_token());
    let out = jwtgrant()
        .args(["decode", "x"])
        .env("JWTGRANT_DEBUG_PANIC", &secret)
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("internal error (a bug); please report it"),
        "{stderr}"
    );
    assert!(stderr.contains("src/main.rs:"), "{stderr}");
    assert!(!stderr.contains("eyJ"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn thousands_of_tokens_on_one_line_are_all_read() {
    // A form body with 2,000 assertions: every one is a token, and the request rule sees
    // the repetition (this input took seconds per thousand tokens when each token
    // re-read the line before it).
    let tokens: Vec<String> = (0..2000)
        .map(|i| {
            token(
                &rs256_header(),
                &with(client_claims(), json!({"jti": format!("jti-{i}")})),
            )
        })
        .collect();
    let body: Vec<String> = tokens.iter().map(|t| format!("assertion={t}")).collect();
    let body = format!("grant_type=x&{}", body.join("&"));
    let out = jwtgrant()
        .args([
            "lint",
            "--json",
            "--summary",
            "--now",
            &NOW.to_string(),
            "-",
        ])
        .write_stdin(body)
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["tokens"], 2000, "{doc}");
    assert_eq!(
        doc["summary"]["codes"]["request.param_repeated"]["count"],
        1
    );
    // the same token 2,000 times: its request findings are reported once, not per copy
    let same = format!(
        "grant_type=x&{}",
        vec![format!("assertion={}", client_token()); 2000].join("&")
    );
    let out = jwtgrant()
        .args([
            "lint",
            "--json",
            "--summary",
            "--now",
            &NOW.to_string(),
            "-",
        ])
        .write_stdin(same)
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["tokens"], 2000, "{doc}");
    let codes = &doc["summary"]["codes"];
    assert_eq!(codes["request.param_repeated"]["count"], 1, "{codes}");
    assert_eq!(codes["request.grant_type"]["count"], 1, "{codes}");
    assert_eq!(codes["claim.jti_reused"]["count"], 1999, "{codes}");
    // and in a line of text, separated by spaces, for decode
    let line = tokens.join(" ");
    let out = jwtgrant()
        .args(["decode", "--json", "-"])
        .write_stdin(line)
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(doc["source"]["count"], 2000);
}

#[test]
fn stdin_over_the_cap_is_refused_naming_the_cap_and_the_command() {
    for command in ["explain", "decode"] {
        let out = jwtgrant()
            .args([command, "-"])
            .write_stdin(vec![b'x'; 16 * MIB + 10])
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "stdin holds more than 16 MiB; jwtgrant reads at most 16 MiB from stdin for {command}"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("lint --scan"), "{stderr}");
    }
}

#[test]
fn a_file_over_the_cap_is_refused_before_it_is_read() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.as_file_mut().set_len(20 * MIB as u64).unwrap();
    f.write_all(client_token().as_bytes()).unwrap();
    let spec = format!("@{}", f.path().display());
    for command in ["inspect", "explain"] {
        let out = jwtgrant().args([command, &spec]).output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "is 20.0 MiB; jwtgrant reads at most 16 MiB from a file for {command}"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_line_over_the_cap_is_scanned_up_to_it_and_the_scan_goes_on() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&vec![b'x'; 16 * MIB + 100]).unwrap();
    writeln!(f).unwrap();
    writeln!(f, "next jwt={}", client_token()).unwrap();
    let out = jwtgrant()
        .args(["lint", "--json", "--now", &NOW.to_string(), "--scan"])
        .arg(f.path())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("jwtgrant reads at most 16 MiB of one line for lint"),
        "{stderr}"
    );
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["tokens"], 1, "{doc}");
    assert_eq!(doc["tokens"][0]["source"]["line"], 2);
}
