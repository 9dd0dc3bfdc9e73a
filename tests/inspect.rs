//! inspect: decode plus every offline check, verdict first.

use crate::support::*;
use predicates::prelude::*;
use serde_json::{Value, json};

fn inspect(t: &str, extra: &[&str]) -> (Value, i32) {
    let out = jwtgrant()
        .args(["inspect", t, "--json", "--now", &NOW.to_string()])
        .args(extra)
        .output()
        .unwrap();
    (stdout_json(&out), out.status.code().unwrap_or(-1))
}

fn first_line(t: &str, extra: &[&str]) -> String {
    let out = jwtgrant()
        .args(["inspect", t, "--now", &NOW.to_string()])
        .args(extra)
        .output()
        .unwrap();
    text(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_correct_client_assertion_is_ok_and_exits_0() {
    let (doc, code) = inspect(&client_token(), &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["verdict"]["status"], "OK");
    assert!(
        doc["verdict"]["reason"]
            .as_str()
            .unwrap()
            .contains("expires in 4 min")
    );
    let line = first_line(&client_token(), &[]);
    assert!(line.starts_with("OK"), "{line}");
}

#[test]
fn expired_is_fail_and_exits_1() {
    let t = token(
        &rs256_header(),
        &with(client_claims(), json!({"iat": NOW - 900, "exp": NOW - 480})),
    );
    let (doc, code) = inspect(&t, &[]);
    assert_eq!(code, 1);
    assert_eq!(doc["verdict"]["status"], "FAIL");
    assert_eq!(codes(&doc)[0], "claim.exp_expired");
    let line = first_line(&t, &[]);
    assert!(
        line.starts_with("FAIL") && line.contains("expired 8 min ago"),
        "{line}"
    );
}

#[test]
fn skew_decides_between_warn_and_fail() {
    let t = token(
        &rs256_header(),
        &with(client_claims(), json!({"iat": NOW - 300, "exp": NOW - 30})),
    );
    let (doc, code) = inspect(&t, &[]);
    assert_eq!((doc["verdict"]["status"].as_str(), code), (Some("WARN"), 0));
    let (doc, code) = inspect(&t, &["--skew", "10s"]);
    assert_eq!((doc["verdict"]["status"].as_str(), code), (Some("FAIL"), 1));
    jwtgrant()
        .args(["inspect", &t, "--skew", "ten"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--skew"));
}

#[test]
fn exp_in_milliseconds_exits_1() {
    let t = token(
        &rs256_header(),
        &with(client_claims(), json!({"exp": (NOW + 240) * 1000})),
    );
    let (doc, code) = inspect(&t, &[]);
    assert_eq!(code, 1);
    assert!(codes(&doc).contains(&"claim.time_units".to_string()));
    assert!(
        doc["verdict"]["reason"]
            .as_str()
            .unwrap()
            .contains("milliseconds")
    );
}

#[test]
fn nbf_and_iat_in_the_future() {
    let t = token(
        &rs256_header(),
        &with(
            client_claims(),
            json!({"nbf": NOW + 600, "iat": NOW + 600, "exp": NOW + 900}),
        ),
    );
    let (doc, code) = inspect(&t, &[]);
    assert_eq!(code, 1);
    let c = codes(&doc);
    assert!(
        c.contains(&"claim.nbf_future".to_string()) && c.contains(&"claim.iat_future".to_string()),
        "{c:?}"
    );
}

#[test]
fn required_claims_per_role() {
    let claims = with(client_claims(), json!({"aud": null, "jti": null}));
    let (doc, code) = inspect(&token(&rs256_header(), &claims), &[]);
    assert_eq!(code, 1);
    let missing: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "claim.missing")
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["claim"], "aud");
    let jti = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "claim.jti_missing")
        .unwrap();
    assert_eq!(jti["severity"], "warning");
}

#[test]
fn client_assertion_with_iss_not_sub_fails() {
    let t = token(
        &rs256_header(),
        &with(client_claims(), json!({"sub": "someone-else"})),
    );
    let out = jwtgrant()
        .args([
            "inspect",
            &format!("client_assertion={t}"),
            "--now",
            &NOW.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("FAIL"), "{stdout}");
    assert!(stdout.contains("claim.iss_sub_mismatch"));
}

#[test]
fn alg_sanity_none_and_hmac_with_a_public_key_kid() {
    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(client_claims().to_string().as_bytes())
    );
    let (doc, code) = inspect(&none, &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&doc)[0], "header.alg_none");
    let kid = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
    let hs = token(&json!({"alg": "HS256", "kid": kid}), &client_claims());
    let (doc, code) = inspect(&hs, &[]);
    assert_eq!(code, 0);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "header.alg_unexpected")
        .unwrap();
    assert_eq!(f["severity"], "warning");
    let bad = token(&json!({"alg": "rs256"}), &client_claims());
    let (doc, _) = inspect(&bad, &[]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean RS256")
    );
}

#[test]
fn hs256_without_kid_is_clean_but_rs256_without_kid_is_noted() {
    let hs = token(&json!({"alg": "HS256"}), &client_claims());
    let (doc, _) = inspect(&hs, &[]);
    assert!(codes(&doc).is_empty(), "{:?}", codes(&doc));
    let rs = token(&json!({"alg": "RS256"}), &client_claims());
    let (doc, code) = inspect(&rs, &[]);
    assert_eq!(code, 0);
    assert_eq!(codes(&doc), ["header.kid_missing"]);
}

#[test]
fn risky_headers() {
    for (param, value, severity) in [
        ("jku", json!("https://evil.example/jwks"), "warning"),
        ("x5u", json!("https://evil.example/cert"), "warning"),
        ("jwk", json!({"kty": "oct", "k": "AAAA"}), "error"),
        ("crit", json!(["exp"]), "error"),
    ] {
        let mut header = rs256_header();
        header[param] = value;
        let (doc, _) = inspect(&token(&header, &client_claims()), &[]);
        let f = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "header.risky");
        let f = f.unwrap_or_else(|| panic!("{param}: {doc}"));
        assert_eq!(f["severity"], severity, "{param}");
        assert_eq!(f["claim"], param);
    }
}

#[test]
fn an_access_token_is_judged_as_one_and_not_as_an_assertion() {
    let header = json!({"alg": "RS256", "typ": "at+jwt", "kid": "a"});
    // RFC 9068 §3's example claims, its times moved to NOW.
    let claims = json!({
        "iss": "https://authorization-server.example.com/", "sub": "5ba552d67",
        "aud": "https://rs.example.com/", "exp": NOW + 3600, "iat": NOW,
        "jti": "dbe39bf3a3ba4238a513f51d6e1691c4", "client_id": "s6BhdRkqt3",
        "scope": "openid profile reademail"
    });
    let (doc, code) = inspect(&token(&header, &claims), &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(codes(&doc), Vec::<String>::new());
    assert_eq!(doc["profile"]["name"], "rfc9068");
    assert_eq!(doc["profile"]["from"], "token");
    assert_eq!(doc["profile"]["because"], "typ at+jwt");
    // Without the claims RFC 9068 requires, each is named.
    let bare = token(&header, &json!({"iss": "as", "sub": "u", "exp": NOW + 60}));
    let (doc, code) = inspect(&bare, &[]);
    assert_eq!(code, 1);
    let missing: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "claim.missing" || f["code"] == "claim.jti_missing")
        .map(|f| f["claim"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["aud", "client_id", "iat", "jti"], "{doc}");
    // Judged as an assertion (--profile), it is called what it is.
    let (doc, _) = inspect(&bare, &["--profile", "rfc7523"]);
    assert_eq!(codes(&doc), ["token.not_assertion"]);
    // Sent as an assertion, too.
    let (doc, _) = inspect(&format!("client_assertion={bare}"), &[]);
    assert!(
        codes(&doc).contains(&"token.not_assertion".to_string()),
        "{doc}"
    );
}

#[test]
fn inspect_names_the_profile_the_token_picked() {
    let idjag = token(
        &json!({"alg": "RS256", "typ": "oauth-id-jag+jwt", "kid": "a"}),
        &json!({
            "jti": "9e43f81b64a33f20116179", "iss": "https://acme.idp.example",
            "sub": "U019488227", "aud": "https://acme.chat.example/",
            "client_id": "f53f191f9311af35", "exp": NOW + 300, "iat": NOW,
            "resource": "https://acme.chat.example/api", "scope": "chat.read chat.history"
        }),
    );
    let out = jwtgrant()
        .args(["inspect", &idjag, "--now", NOW_RFC3339])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let human = text(&out.stdout);
    assert!(
        human.contains("Profile    id-jag (from typ oauth-id-jag+jwt)"),
        "{human}"
    );
    assert_eq!(out.status.code(), Some(0), "{human}");
    // A plain assertion names no profile line (the default).
    let out = jwtgrant()
        .args(["inspect", &client_token(), "--now", NOW_RFC3339])
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains("Profile "));
    // --profile forces one, and says so.
    let (doc, _) = inspect(&idjag, &["--profile", "rfc7523"]);
    assert_eq!(
        doc["profile"],
        json!({"name": "rfc7523", "from": "given", "because": null})
    );
}

#[test]
fn example_runs_without_a_token() {
    jwtgrant()
        .args(["inspect", "--example"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("WARN"))
        .stdout(predicate::str::contains("claim.aud_multiple"));
}

#[test]
fn verbose_explains_the_parse_without_secrets() {
    let t = client_token();
    let sig = t.rsplit('.').next().unwrap().to_string();
    let out = jwtgrant()
        .args([
            "inspect",
            "-v",
            &format!("client_secret=hunter2-hunter2&client_assertion={t}"),
        ])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("candidate 1: form field client_assertion"),
        "{stderr}"
    );
    assert!(stderr.contains("parsed as JWS: 3 segments"), "{stderr}");
    for stream in [text(&out.stdout), stderr] {
        assert!(!stream.contains(&sig), "signature leaked");
        assert!(!stream.contains("hunter2"), "client_secret leaked");
    }
}

#[test]
fn the_request_the_token_came_in_is_judged_too() {
    // the brief's example: a grant_type without the URN prefix
    let body = format!("grant_type=jwt-bearer&assertion={}", client_token());
    let (doc, code) = inspect(&body, &[]);
    assert_eq!(code, 1);
    assert_eq!(doc["verdict"]["status"], "FAIL");
    assert_eq!(codes(&doc), ["request.grant_type"], "{doc:#}");
    let f = &doc["findings"][0];
    assert_eq!(f["expected"], "urn:ietf:params:oauth:grant-type:jwt-bearer");
    assert_eq!(f["actual"], "jwt-bearer");
    let line = first_line(&body, &[]);
    assert!(
        line.starts_with("FAIL") && line.contains("[request.grant_type]"),
        "{line}"
    );

    // a whole HTTP request from a file: client_id differs from the assertion's sub
    let dump = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        dump.path(),
        format!(
            "POST /oauth2/token HTTP/1.1\r\nHost: as.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_id=client-321&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={}\r\n",
            client_token()
        ),
    )
    .unwrap();
    let arg = format!("@{}", dump.path().display());
    let (doc, code) = inspect(&arg, &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&doc), ["request.client_id_mismatch"], "{doc:#}");
    assert_eq!(doc["findings"][0]["expected"], "client-321");
    assert_eq!(doc["findings"][0]["actual"], "client-123");

    // decode reports the envelope too, but exits 0: the token itself decodes
    let out = jwtgrant()
        .args(["decode", &body, "--json", "--now", &NOW.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(codes(&stdout_json(&out)), ["request.grant_type"]);

    // a correct request is clean
    let good = format!(
        "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion={}",
        client_token()
    );
    let (doc, code) = inspect(&good, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert!(codes(&doc).is_empty(), "{doc:#}");
}
