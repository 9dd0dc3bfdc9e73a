//! decode: reading tokens out of whatever people paste, and showing them.

use crate::support::*;
use predicates::prelude::*;
use serde_json::{Value, json};

fn decode_json(args: &[&str]) -> (Value, std::process::Output) {
    let out = jwtgrant()
        .arg("decode")
        .args(args)
        .args(["--now", &NOW.to_string(), "--json"])
        .output()
        .unwrap();
    (stdout_json(&out), out)
}

#[test]
fn bare_token_shows_header_claims_and_a_redacted_signature() {
    let t = client_token();
    let sig = t.rsplit('.').next().unwrap().to_string();
    jwtgrant()
        .args(["decode", &t, "--now", &NOW.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"iss\": \"client-123\""))
        .stdout(predicate::str::contains("\"alg\": \"RS256\""))
        .stdout(predicate::str::contains(format!("{}…", &sig[..4])))
        .stdout(predicate::str::contains(sig.as_str()).not());
}

#[test]
fn show_secrets_prints_the_whole_signature() {
    let t = client_token();
    let sig = t.rsplit('.').next().unwrap();
    jwtgrant()
        .args(["--show-secrets", "decode", &t])
        .assert()
        .success()
        .stdout(predicate::str::contains(sig));
}

#[test]
fn json_document_has_the_documented_shape() {
    let (doc, out) = decode_json(&[&client_token()]);
    assert!(out.status.success());
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["source"]["input"], "argument");
    assert_eq!(doc["kind"], "JWS");
    assert_eq!(doc["header"]["kid"], "k1");
    assert_eq!(doc["claims"]["sub"], "client-123");
    assert_eq!(doc["times"]["exp"]["relative"], "expires in 4 min");
    assert_eq!(doc["times"]["iat"]["relative"], "issued 1 min ago");
    assert_eq!(doc["times"]["exp"]["utc"], "2025-11-25T14:04:00Z");
    assert_eq!(doc["signature"]["alg"], "RS256");
    assert_eq!(doc["signature"]["length"], 256);
    assert_eq!(doc["signature"]["prefix"].as_str().unwrap().len(), 4);
    assert!(doc["signature"].get("value").is_none());
    assert_eq!(doc["role"]["guess"], "client_assertion");
    assert!(doc["findings"].as_array().unwrap().is_empty());
    assert!(doc.get("verdict").is_none());
}

#[test]
fn humanized_times_in_every_direction() {
    let claims = with(
        client_claims(),
        json!({"exp": NOW - 8 * 60, "iat": NOW + 2 * 3600, "nbf": NOW + 180}),
    );
    let (doc, _) = decode_json(&[&token(&rs256_header(), &claims)]);
    assert_eq!(doc["times"]["exp"]["relative"], "expired 8 min ago");
    assert_eq!(doc["times"]["iat"]["relative"], "issued 2 h in the future");
    assert_eq!(
        doc["times"]["nbf"]["relative"],
        "not valid for another 3 min"
    );
}

#[test]
fn now_accepts_rfc3339_and_rejects_nonsense() {
    let t = client_token();
    jwtgrant()
        .args(["decode", &t, "--now", NOW_RFC3339])
        .assert()
        .success()
        .stdout(predicate::str::contains("expires in 4 min"));
    jwtgrant()
        .args(["decode", &t, "--now", "tomorrow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--now"));
}

fn location(text: &str) -> Value {
    let (doc, out) = decode_json(&[text]);
    assert!(out.status.success(), "{}", self::text(&out.stderr));
    doc["source"].clone()
}

#[test]
fn finds_the_token_in_a_form_body() {
    let t = client_token();
    let body = format!(
        "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={t}"
    );
    let src = location(&body);
    assert_eq!(src["location"], "form field client_assertion");
    assert_eq!(src["field"], "client_assertion");
    jwtgrant()
        .args(["decode", &body])
        .assert()
        .success()
        .stdout(predicate::str::contains("form field client_assertion"));
}

#[test]
fn finds_a_percent_encoded_token() {
    let t = client_token();
    let src = location(&format!("assertion={}&grant_type=x", t.replace('.', "%2E")));
    assert_eq!(src["location"], "form field assertion");
}

#[test]
fn finds_the_token_in_headers_curl_json_dumps_and_logs() {
    let t = client_token();
    assert_eq!(
        location(&format!("Authorization: Bearer {t}"))["location"],
        "Authorization header (Bearer)"
    );
    let curl = format!(
        "curl -sS https://as.example.com/token -H 'Content-Type: application/x-www-form-urlencoded' --data-urlencode 'client_assertion={t}' -d grant_type=client_credentials"
    );
    assert_eq!(location(&curl)["location"], "form field client_assertion");
    assert_eq!(
        location(&format!("{{\"assertion\": \"{t}\", \"scope\": \"x\"}}"))["location"],
        "JSON member \"assertion\""
    );
    let dump = format!(
        "POST /token HTTP/1.1\r\nHost: as.example.com\r\n\r\ngrant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion={t}\r\n"
    );
    let src = location(&dump);
    assert_eq!(src["location"], "form field assertion");
    assert_eq!(src["line"], 4);
    let log = format!("2026-11-25T14:00:00Z WARN token rejected: token={t} status=401");
    assert_eq!(location(&log)["location"], "form field token");
}

#[test]
fn several_tokens_are_listed_and_the_first_is_used() {
    let a = client_token();
    let b = token(
        &json!({"alg": "ES256"}),
        &json!({"iss": "idp", "sub": "alice"}),
    );
    let body = format!("client_assertion={a}&assertion={b}");
    let out = jwtgrant().args(["decode", &body]).output().unwrap();
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 of 2 JWTs"), "{stdout}");
    assert!(stdout.contains("form field assertion"), "{stdout}");
    assert!(text(&out.stderr).contains("holds 2 JWTs"));
    // the listing is redacted: neither full token appears
    assert!(!stdout.contains(&a) && !stdout.contains(&b));
    let (doc, _) = decode_json(&[&body]);
    assert_eq!(doc["source"]["count"], 2);
    assert_eq!(doc["claims"]["iss"], "client-123");
    let (doc, _) = decode_json(&[&body, "--field", "assertion"]);
    assert_eq!(doc["claims"]["sub"], "alice");
    assert_eq!(doc["source"]["index"], 2);
    let (doc, _) = decode_json(&[&body, "--index", "2"]);
    assert_eq!(doc["claims"]["sub"], "alice");
}

#[test]
fn a_wrong_field_or_index_is_a_clear_error() {
    let body = format!("client_assertion={}", client_token());
    jwtgrant()
        .args(["decode", &body, "--field", "assertion"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no JWT in a field named \"assertion\"",
        ))
        .stderr(predicate::str::contains("form field client_assertion"));
    jwtgrant()
        .args(["decode", &body, "--index", "3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds 1 JWT"));
    jwtgrant()
        .args(["decode", &body, "--index", "0"])
        .assert()
        .code(2);
}

#[test]
fn reads_stdin_and_files() {
    let t = client_token();
    jwtgrant()
        .args(["decode", "-"])
        .write_stdin(format!("client_assertion={t}\n"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "form field client_assertion in stdin",
        ));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("request.txt");
    std::fs::write(&file, format!("assertion={t}")).unwrap();
    jwtgrant()
        .args(["decode", &format!("@{}", file.display()), "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"input\": \"file\""));
}

#[test]
fn bad_inputs_are_clear_errors_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let missing = format!("@{}", dir.path().join("nope.txt").display());
    jwtgrant()
        .args(["decode", &missing])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"))
        .stderr(predicate::str::contains("panicked").not());
    jwtgrant()
        .args(["decode", &format!("@{}", dir.path().display())])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    jwtgrant()
        .args(["decode", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin is empty"));
    jwtgrant()
        .args(["decode", "hello world"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no JWT found"));
    jwtgrant().args(["decode", "@"]).assert().code(2);
}

#[test]
fn invalid_utf8_is_scanned_or_explained() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0xff, 0xfe, 0x00, 0x81, 0xc3, 0x28]).unwrap();
    jwtgrant()
        .args(["decode", &format!("@{}", junk.display())])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid UTF-8"));
    let mixed = dir.path().join("mixed.log");
    let mut bytes = vec![0xff, 0xfe, b'\n'];
    bytes.extend_from_slice(format!("assertion={}\n", client_token()).as_bytes());
    std::fs::write(&mixed, bytes).unwrap();
    jwtgrant()
        .args(["decode", &format!("@{}", mixed.display())])
        .assert()
        .success()
        .stderr(predicate::str::contains("not valid UTF-8"));
}

#[test]
fn a_one_megabyte_input_with_the_token_at_the_end() {
    let mut big = "x".repeat(80).repeat(13_000);
    big.push('\n');
    big.push_str(&format!("client_assertion={}\n", client_token()));
    assert!(big.len() > 1_000_000);
    jwtgrant()
        .args(["decode", "-", "--json"])
        .write_stdin(big)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"line\": 2"));
}

fn finding_codes(t: &str) -> Vec<String> {
    let (doc, _) = decode_json(&[t]);
    codes(&doc)
}

#[test]
fn jwe_shows_the_protected_header_and_says_it_is_encrypted() {
    let header = b64(br#"{"alg":"RSA-OAEP-256","enc":"A256GCM","kid":"enc-1"}"#);
    let jwe = format!("{header}.a2V5.aXZpdml2aXY.Y2lwaGVydGV4dA.dGFndGFn");
    let (doc, out) = decode_json(&[&jwe]);
    assert!(out.status.success());
    assert_eq!(doc["kind"], "JWE");
    assert_eq!(doc["header"]["enc"], "A256GCM");
    assert!(doc["claims"].is_null());
    assert_eq!(codes(&doc), ["token.encrypted"]);
    jwtgrant()
        .args(["decode", &jwe])
        .assert()
        .stdout(predicate::str::contains("encrypted (JWE)"));
}

#[test]
fn alg_none_is_explained() {
    let t = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(client_claims().to_string().as_bytes())
    );
    let (doc, _) = decode_json(&[&t]);
    assert_eq!(doc["kind"], "unsecured JWT");
    assert_eq!(codes(&doc), ["header.alg_none"]);
}

#[test]
fn standard_base64_padding_and_whitespace_are_encoding_findings() {
    let claims = data_encoding::BASE64.encode(br#"{"iss":"a>b?","sub":"c"}"#);
    assert!(claims.contains('+') || claims.contains('/') || claims.contains('='));
    let t = format!("{}.{claims}.c2ln", b64(br#"{"alg":"RS256"}"#));
    assert!(finding_codes(&t).contains(&"token.encoding".to_string()));
    let wrapped = client_token().replacen('.', ".\n  ", 1);
    let (doc, out) = decode_json(&[&wrapped]);
    assert!(out.status.success());
    assert_eq!(codes(&doc), ["token.encoding"]);
    assert_eq!(doc["claims"]["iss"], "client-123");
}

#[test]
fn malformed_segments_and_missing_segments() {
    let not_json = format!("{}.{}.c2ln", b64(b"{\"alg\":"), b64(b"{}"));
    let (doc, out) = decode_json(&[&not_json]);
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&doc).contains(&"token.malformed".to_string()));
    let array = format!("{}.{}.c2ln", b64(br#"{"alg":"RS256"}"#), b64(b"[1,2]"));
    let (doc, _) = decode_json(&[&array]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("an array")
    );
    let two = format!("{}.{}", b64(br#"{"alg":"RS256"}"#), b64(br#"{"iss":"a"}"#));
    let (doc, _) = decode_json(&[&two]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("segment is missing")
    );
}

#[test]
fn duplicate_members_are_found() {
    let t = token_raw(
        r#"{"alg":"RS256"}"#,
        r#"{"iss":"a","aud":"x","aud":"y","exp":1}"#,
    );
    let (doc, _) = decode_json(&[&t]);
    assert!(codes(&doc).contains(&"token.duplicate_member".to_string()));
    assert_eq!(doc["claims"]["aud"], "y");
}

#[test]
fn time_units_milliseconds_strings_and_floats() {
    for (exp, severity) in [
        (json!((NOW + 300) * 1000), "error"),
        (json!((NOW + 300).to_string()), "error"),
        (json!(NOW as f64 + 300.5), "warning"),
    ] {
        let t = token(
            &rs256_header(),
            &with(client_claims(), json!({ "exp": exp })),
        );
        let (doc, _) = decode_json(&[&t]);
        let f = &doc["findings"][0];
        assert_eq!(f["code"], "claim.time_units", "{exp}");
        assert_eq!(f["severity"], severity, "{exp}");
        assert_eq!(f["claim"], "exp");
    }
}

#[test]
fn role_guess_is_shown_with_its_reason() {
    let t = client_token();
    jwtgrant()
        .args(["decode", &format!("assertion={t}")])
        .assert()
        .stdout(predicate::str::contains("authorization grant"))
        .stdout(predicate::str::contains("found in form field assertion"));
    let at = token(
        &json!({"alg": "RS256", "typ": "at+jwt"}),
        &json!({"sub": "u"}),
    );
    let (doc, _) = decode_json(&[&at]);
    assert_eq!(doc["role"]["guess"], "access_token");
    assert_eq!(doc["role"]["reason"], "typ is at+jwt (RFC 9068)");
}

#[test]
fn example_decodes() {
    jwtgrant()
        .args(["decode", "--example"])
        .assert()
        .success()
        .stdout(predicate::str::contains("s6BhdRkqt3"));
}

#[test]
fn punctuation_glued_to_a_token_is_reported_by_decode_lint_and_verify() {
    let t = client_token();
    for after in [".", "?", "!", "\","] {
        let text = format!("{t}{after}");
        let (doc, _) = decode_json(&[&text]);
        // decoded (the claims are shown), and the cut-off text named as an encoding error
        assert_eq!(doc["claims"]["iss"], "client-123", "{after}: {doc}");
        let finding = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "token.encoding")
            .unwrap_or_else(|| panic!("{after}: {doc}"));
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{after:?}")),
            "{finding}"
        );
        let out = jwtgrant()
            .args(["lint", &text, "--now", &NOW.to_string()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{after}: {}", text_of(&out));
        assert!(text_of(&out).contains("token.encoding"));
    }
    // the same token at the end of a sentence is not an error
    let (doc, _) = decode_json(&[&format!("the token was {t}.")]);
    assert!(
        !codes(&doc).contains(&"token.encoding".to_string()),
        "{doc}"
    );
}

/// A JWS whose header JSON has whitespace after `{` (`{ "alg"`, `{\n`, `{\r\n`, `{\t`) is
/// found in text like any other.
#[test]
fn headers_with_whitespace_after_the_brace_are_found() {
    for ws in [" ", "\n  ", "\r\n", "\t", "\n"] {
        let header = b64(format!("{{{ws}\"alg\":\"none\"}}").as_bytes());
        let token = format!("{header}.{}.", b64(br#"{"iss":"a"}"#));
        let (doc, out) = decode_json(&[&format!("assertion={token}&x=1")]);
        assert!(out.status.code() != Some(2), "{ws:?}: {}", text_of(&out));
        assert_eq!(doc["header"]["alg"], "none", "{ws:?}");
        assert_eq!(doc["source"]["field"], "assertion", "{ws:?}: {doc}");
    }
}

fn text_of(out: &std::process::Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}
