//! Interactive paths, driven on a real pseudo-terminal (tests/support/pty_drive.py):
//! prompts appear only when stdin and stderr are terminals, and answer what was asked.

use crate::support::*;

#[test]
fn hmac_secret_is_prompted_for_hidden_and_used() {
    let secret = "pty-secret-0123456789abcdef-0123456789";
    let (code, output) = on_terminal(
        &["shared secret", &format!("{secret}\\r")],
        &[
            "sign",
            "--flow",
            "client",
            "--client-id",
            "app",
            "--aud",
            "https://as.example.com",
            "--alg",
            "HS256",
        ],
        &[],
    );
    assert_eq!(code, 0, "{output}");
    assert!(!output.contains(secret), "the secret was echoed:\n{output}");
    let token = token_in(&output);
    jwtgrant()
        .args(["verify", &token, "--secret-env", "PTY_SECRET"])
        .env("PTY_SECRET", secret)
        .assert()
        .success();
    jwtgrant()
        .args(["verify", &token, "--secret-env", "PTY_SECRET"])
        .env("PTY_SECRET", "another-secret-0123456789abcdef-012345")
        .assert()
        .code(1);
}

#[test]
fn several_keys_in_a_file_offer_a_choice_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut kids = Vec::new();
    for name in ["a", "b"] {
        let out = jwtgrant()
            .args(["key", "new", "--alg", "ES256", "--name", name, "--out"])
            .arg(d)
            .output()
            .unwrap();
        assert!(out.status.success());
        kids.push(text(&out.stdout).trim().to_string());
    }
    let both = d.join("both.pem");
    let pem = |n: &str| std::fs::read_to_string(d.join(format!("{n}.pem"))).unwrap();
    std::fs::write(&both, pem("a") + &pem("b")).unwrap();
    let both = both.to_str().unwrap();
    let sign = [
        "sign",
        "--flow",
        "client",
        "--client-id",
        "app",
        "--aud",
        "https://as.example.com",
        "--key",
        both,
    ];
    // without a terminal: an error that lists the keys, no prompt
    jwtgrant()
        .args(sign)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(kids[0].as_str()))
        .stderr(predicates::str::contains(kids[1].as_str()));
    // on a terminal: a selection; arrow down picks the second key
    let (code, output) = on_terminal(&["which one?", "\\x1b[B\\r"], &sign, &[]);
    assert_eq!(code, 0, "{output}");
    let out = jwtgrant()
        .args(["decode", &token_in(&output), "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["header"]["kid"], kids[1].as_str());
    let (code, output) = on_terminal(&["which one?", "\\r"], &sign, &[]);
    assert_eq!(code, 0, "{output}");
    let out = jwtgrant()
        .args(["decode", &token_in(&output), "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&out)["header"]["kid"], kids[0].as_str());
}
