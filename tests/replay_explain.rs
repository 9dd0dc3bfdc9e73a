//! `explain`: pasted errors, with and without the assertion, offline.

use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};

fn explain_json(input: &str) -> Value {
    let o = jwtgrant()
        .args(["explain", "-", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    stdout_json(&o)
}

fn first_code(doc: &Value) -> String {
    doc["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn an_aadsts_line_is_recognised() {
    let o = jwtgrant()
        .args([
            "explain",
            "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-11-25T14:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.contains("E2 Microsoft Entra ID"), "{out}");
    assert!(out.contains("claim.exp_expired"), "{out}");
    let doc = explain_json("AADSTS700024: Client assertion is not within its valid time range.");
    assert_eq!(first_code(&doc), "claim.exp_expired");
    assert_eq!(doc["catalog"][0]["id"], "E2");
}

#[test]
fn log_lines_and_json_bodies() {
    let doc = explain_json(
        "2025-11-25 14:00:01 WARN [token] error=invalid_client error_description=\"Token reuse detected\" client=app",
    );
    assert_eq!(first_code(&doc), "claim.jti_reused");
    assert_eq!(doc["answer"]["error"], "invalid_client");
    let doc = explain_json(
        r#"{"error":"invalid_grant","error_description":"Invalid JWT: Failed audience check. The right audience is https://oauth2.googleapis.com/token"}"#,
    );
    assert_eq!(first_code(&doc), "claim.aud_mismatch");
    assert_eq!(doc["catalog"][0]["id"], "G3");
}

#[test]
fn a_generic_answer_with_the_assertion_is_judged_at_the_servers_date() {
    // The request and response as a support ticket shows them: the assertion expired two
    // minutes before the server's Date, although it is fine "now" by --now.
    let date = 1_764_079_200;
    let token = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": "app", "sub": "app", "aud": "https://as.example/token",
                "iat": date - 400, "exp": date - 120, "jti": "t-1"}),
    );
    let pasted = format!(
        "POST /token HTTP/1.1\nHost: as.example\n\ngrant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={token}\n\nHTTP/1.1 401 Unauthorized\nDate: {}\nContent-Type: application/json\n\n{{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}}\n",
        http_date(date)
    );
    let doc = explain_json(&pasted);
    assert_eq!(doc["answer"]["status"], 401);
    assert_eq!(doc["inferred"], true);
    assert_eq!(doc["judged_at"], date);
    assert_eq!(doc["catalog"][0]["id"], "P4");
    assert_eq!(first_code(&doc), "claim.exp_expired", "{doc:#}");
    assert_eq!(doc["assertions"][0]["field"], "client_assertion");
    assert!(!doc.to_string().contains(signature_of(&token)));
    let o = jwtgrant()
        .args(["explain", "-"])
        .write_stdin(pasted.as_str())
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains("the server gave no reason"), "{out}");
    assert!(!out.contains(signature_of(&token)), "{out}");
}

#[test]
fn explain_is_offline_and_needs_text() {
    let o = jwtgrant()
        .args(["explain", "-"])
        .write_stdin("  \n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = jwtgrant()
        .args([
            "explain",
            "invalid_client",
            "--metadata",
            "https://as.example/.well-known/openid-configuration",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("offline"), "{}", text(&o.stderr));
    let o = jwtgrant()
        .args(["explain", "something went wrong"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stdout).contains("no known vendor answer"),
        "{}",
        text(&o.stdout)
    );
}
