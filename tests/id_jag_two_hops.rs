//! ID-JAG end to end: two `jwtgrant serve` instances, an IdP (`--id-jag-issuer`: RFC 8693
//! token exchange of ID tokens) and a resource authorization server (`--trust-id-jag`),
//! and `replay --token-exchange --then-grant` across both. Every planted failure, at either
//! hop, must be diagnosed with its cause first; the good path is accepted at both hops with
//! no error-level advice.

use crate::support::serve::{Serve, exchange, get};
use crate::support::token_server::{DEMO_KEY, es256, now, other_key, public_jwk, unique};
use crate::support::{jwtgrant, stdout_json};
use serde_json::{Value, json};
use std::path::Path;

const ID_TOKEN_ISSUER: &str = "https://idp.test";
const RESOURCE_AS: &str = "https://as.test";
const OTHER_AS: &str = "https://other-as.test";
const SECRET: &str = "0123456789abcdef0123456789abcdef";

struct Setup {
    dir: tempfile::TempDir,
    idp: Serve,
    /// An IdP whose clock runs an hour behind: what it issues is expired on arrival.
    late_idp: Serve,
    ras: Serve,
    /// A resource AS that trusts another key for the same IdP.
    wrong_key_ras: Serve,
    /// The IdP's ID-JAG signing key's kid, as its jwks_uri publishes it.
    kid: String,
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_string()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    std::fs::write(dir.join(name), bytes).unwrap();
    path(dir, name)
}

/// The JWKS the IdP's metadata points at, fetched the way a resource AS would.
fn published_jwks(idp: &Serve) -> Value {
    let meta = exchange(idp, &get("/.well-known/oauth-authorization-server")).json();
    let grants = meta["grant_types_supported"].to_string();
    assert!(grants.contains("token-exchange"), "{meta}");
    let jwks_uri = meta["jwks_uri"].as_str().expect("jwks_uri in the metadata");
    let path = jwks_uri
        .strip_prefix(&idp.base)
        .expect("jwks_uri on the IdP");
    exchange(idp, &get(path)).json()
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id_token_keys = write(
        d,
        "idtoken-jwks.json",
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]})
            .to_string()
            .as_bytes(),
    );
    let jag_key = write(d, "idp-jag.der", DEMO_KEY);
    let secret = write(d, "secret.txt", SECRET.as_bytes());
    let idp_args = |extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "--id-jag-issuer",
            "--id-jag-key",
            &jag_key,
            "--trust",
            &format!("{ID_TOKEN_ISSUER}={id_token_keys}"),
            "--client-secret-file",
            &format!("app={secret}"),
            "--id-jag-audience",
            RESOURCE_AS,
            "--id-jag-audience",
            OTHER_AS,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let strs = |v: &[String]| {
        v.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\u{0}")
    };
    let start = |args: Vec<String>| {
        let joined = strs(&args);
        let list: Vec<&str> = joined.split('\u{0}').collect();
        Serve::start(&list)
    };
    let idp = start(idp_args(&[]));
    let late_idp = start(idp_args(&["--clock-offset", "-1h"]));
    let jwks = published_jwks(&idp);
    let kid = jwks["keys"][0]["kid"].as_str().unwrap().to_string();
    let idp_jwks = write(d, "idp-jwks.json", jwks.to_string().as_bytes());
    let late_jwks = write(
        d,
        "late-jwks.json",
        published_jwks(&late_idp).to_string().as_bytes(),
    );
    let other = other_key();
    let wrong = write(
        d,
        "wrong-jwks.json",
        json!({"keys": [public_jwk(&other, &kid)]})
            .to_string()
            .as_bytes(),
    );
    let ras_with = |trust: &str| {
        Serve::start(&[
            "--issuer",
            RESOURCE_AS,
            "--trust-id-jag",
            trust,
            "--client-secret-file",
            &format!("app={secret}"),
            "--client-secret-file",
            &format!("other={secret}"),
            "--resource",
            "https://api.test/",
        ])
    };
    // the late IdP has its own base URL (its issuer): trusted too, with its key
    let ras = Serve::start(&[
        "--issuer",
        RESOURCE_AS,
        "--trust-id-jag",
        &format!("{}={idp_jwks}", idp.base),
        "--trust-id-jag",
        &format!("{}={late_jwks}", late_idp.base),
        "--client-secret-file",
        &format!("app={secret}"),
        "--client-secret-file",
        &format!("other={secret}"),
        "--resource",
        "https://api.test/",
    ]);
    let wrong_key_ras = ras_with(&format!("{}={wrong}", idp.base));
    Setup {
        dir,
        idp,
        late_idp,
        ras,
        wrong_key_ras,
        kid,
    }
}

/// An ID token from `ID_TOKEN_ISSUER` for client app, fresh, with `changes`.
fn id_token(changes: Value) -> String {
    let n = now();
    let mut claims = json!({"iss": ID_TOKEN_ISSUER, "sub": "alice", "aud": "app", "iat": n - 5,
        "exp": n + 600, "nonce": format!("n-{}", unique())});
    for (k, v) in changes.as_object().unwrap() {
        claims[k] = v.clone();
    }
    es256(DEMO_KEY, &json!({"kid": "k1", "typ": "JWT"}), &claims)
}

/// `replay --token-exchange --then-grant` as JSON: (exit code, document).
fn two_hops(s: &Setup, idp: &Serve, id_token: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let secret = path(s.dir.path(), "secret.txt");
    let mut args = vec![
        "replay".to_string(),
        "--token-exchange".into(),
        id_token.into(),
        "--token-endpoint".into(),
        idp.token_endpoint(),
        "--client-id".into(),
        "app".into(),
        "--client-secret-file".into(),
        secret.clone(),
        "--audience".into(),
        RESOURCE_AS.into(),
        "--resource".into(),
        "https://api.test/".into(),
        "--scope".into(),
        "read".into(),
        "--then-grant".into(),
        s.ras.token_endpoint(),
        "--grant-client-secret-file".into(),
        secret,
        "--json".into(),
        "--no-history".into(),
    ];
    // a later flag of the same name wins for single-valued flags; audience repeats, so
    // the planted audience replaces the good one here
    if let Some(at) = extra.iter().position(|a| *a == "--audience") {
        let i = args.iter().position(|a| a == "--audience").unwrap();
        args[i + 1] = extra[at + 1].to_string();
        let mut rest: Vec<&str> = extra.to_vec();
        rest.drain(at..at + 2);
        args.extend(rest.iter().map(|s| s.to_string()));
    } else {
        args.extend(extra.iter().map(|s| s.to_string()));
    }
    let o = jwtgrant().args(&args).output().unwrap();
    (o.status.code(), stdout_json(&o))
}

fn first(hop: &Value) -> String {
    hop["diagnosis"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn no_error_advice(hop: &Value, what: &str) {
    for cause in hop["diagnosis"].as_array().unwrap() {
        assert_ne!(cause["severity"], "error", "{what}: {cause:#}");
    }
}

#[test]
fn both_hops_accept_the_good_path_and_name_every_planted_failure_first() {
    let s = setup();

    // the good path: accepted at both hops, and accepted means accepted
    let (code, doc) = two_hops(&s, &s.idp, &id_token(json!({})), &[]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["accepted"], true);
    let one = &doc["token_exchange"];
    assert_eq!(one["accepted"], true, "{one:#}");
    assert_eq!(
        one["issued"]["issued_token_type"],
        "urn:ietf:params:oauth:token-type:id-jag"
    );
    assert_eq!(one["issued"]["token_type"], "N_A");
    assert_eq!(one["issued"]["header"]["typ"], "oauth-id-jag+jwt");
    let claims = &one["issued"]["claims"];
    assert_eq!(claims["aud"], RESOURCE_AS);
    assert_eq!(claims["client_id"], "app");
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["resource"], "https://api.test/");
    assert_eq!(claims["scope"], "read");
    // the issued ID-JAG is shown without its signature: not reusable
    let shown = one["response"]["body"]["access_token"].as_str().unwrap();
    assert!(shown.ends_with('…') || shown == "<redacted>", "{shown}");
    assert_eq!(
        doc["grant"]["response"]["body"]["access_token"],
        "<redacted>"
    );
    for f in one["issued"]["findings"].as_array().unwrap() {
        assert_ne!(f["severity"], "error", "{f:#}");
    }
    no_error_advice(one, "hop 1");
    assert_eq!(doc["grant"]["accepted"], true, "{:#}", doc["grant"]);
    no_error_advice(&doc["grant"], "hop 2");
    let out = doc.to_string();
    assert!(!out.contains(SECRET), "the client secret leaked");

    // hop 1: each planted failure at the IdP, its cause first; hop 2 never runs
    let n = now();
    for (what, token, extra, want) in [
        (
            "a subject_token_type that is not id_token",
            id_token(json!({})),
            vec!["--subject-token-type", "jwt"],
            "server.token_type_unsupported",
        ),
        (
            "a requested_token_type that is not id-jag",
            id_token(json!({})),
            vec!["--requested-token-type", "access_token"],
            "server.token_type_unsupported",
        ),
        (
            "an ID token from an issuer the IdP does not trust",
            id_token(json!({"iss": "https://evil.test"})),
            vec![],
            "server.issuer_untrusted",
        ),
        (
            "an expired ID token",
            id_token(json!({"iat": n - 7200, "exp": n - 3600})),
            vec![],
            "claim.exp_expired",
        ),
        (
            "an ID token issued to another client",
            id_token(json!({"aud": "someone-else"})),
            vec![],
            "claim.aud_mismatch",
        ),
        (
            "an audience the IdP issues nothing for",
            id_token(json!({})),
            vec!["--audience", "https://unknown-as.test"],
            "server.audience_unknown",
        ),
        (
            "the wrong client secret",
            id_token(json!({})),
            vec!["--client-secret-env", "WRONG_SECRET"],
            "server.credential_invalid",
        ),
    ] {
        let (token, extra) = (token, extra);
        let mut cmd_extra = extra.clone();
        let (code, doc) = if cmd_extra.first() == Some(&"--client-secret-env") {
            // the wrong secret replaces the file: run without the good one
            cmd_extra.clear();
            wrong_secret(&s, &token)
        } else {
            two_hops(&s, &s.idp, &token, &cmd_extra)
        };
        assert_eq!(code, Some(1), "{what}: {doc:#}");
        assert_eq!(doc["accepted"], false, "{what}");
        assert_eq!(first(&doc["token_exchange"]), want, "{what}: {doc:#}");
        assert!(doc["grant"].is_null(), "{what}: hop 2 ran");
    }

    // hop 2: each planted failure at the resource AS, its cause first
    for (what, idp, extra, want) in [
        (
            "an ID-JAG for another authorization server (aud)",
            &s.idp,
            vec!["--audience", OTHER_AS],
            vec!["claim.aud_mismatch"],
        ),
        (
            "presented by another client than it was issued to",
            &s.idp,
            vec!["--grant-client-id", "other"],
            vec!["claim.client_id_mismatch"],
        ),
        (
            "an ID-JAG that expired before it arrived",
            &s.late_idp,
            vec![],
            vec!["claim.exp_expired"],
        ),
        (
            "a resource the authorization server does not protect",
            &s.idp,
            vec!["--resource", "https://elsewhere.test/"],
            vec!["claim.resource_mismatch"],
        ),
    ] {
        let token = if std::ptr::eq(idp, &s.late_idp) {
            // valid by the late IdP's clock (an hour behind)
            id_token(json!({"iat": n - 3605, "exp": n - 3300}))
        } else {
            id_token(json!({}))
        };
        let mut extra = extra.clone();
        if extra.first() == Some(&"--resource") {
            extra.clear();
            let (code, doc) = resource_elsewhere(&s, &token);
            check_hop_two(what, code, &doc, &want);
            continue;
        }
        let (code, doc) = two_hops(&s, idp, &token, &extra);
        check_hop_two(what, code, &doc, &want);
    }

    // hop 2 at a resource AS that holds another key for this IdP
    let (code, doc) = two_hops_at(&s, &s.wrong_key_ras, &id_token(json!({})));
    check_hop_two(
        "an IdP key the resource AS does not have",
        code,
        &doc,
        &["signature.invalid", "header.kid_unknown"],
    );

    // hop 2 alone: a JWT signed with the IdP's key but without the ID-JAG typ
    let plain = es256(
        DEMO_KEY,
        &json!({"kid": s.kid, "typ": "JWT"}),
        &json!({"iss": s.idp.base, "sub": "alice", "aud": RESOURCE_AS, "client_id": "app",
                "iat": n, "exp": n + 300, "jti": format!("j-{}", unique())}),
    );
    let o = jwtgrant()
        .args(["replay", &plain, "--flow", "grant", "--token-endpoint"])
        .arg(s.ras.token_endpoint())
        .args(["--client-id", "app", "--client-secret-file"])
        .arg(path(s.dir.path(), "secret.txt"))
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(o.status.code(), Some(1), "{doc:#}");
    assert_eq!(first(&doc), "header.typ", "{doc:#}");
}

fn check_hop_two(what: &str, code: Option<i32>, doc: &Value, want: &[&str]) {
    assert_eq!(code, Some(1), "{what}: {doc:#}");
    assert_eq!(doc["token_exchange"]["accepted"], true, "{what}: {doc:#}");
    assert_eq!(doc["grant"]["accepted"], false, "{what}");
    let got = first(&doc["grant"]);
    assert!(
        want.contains(&got.as_str()),
        "{what}: expected {want:?} first, got {got}: {:#}",
        doc["grant"]["diagnosis"]
    );
}

/// Hop 1 with a wrong client secret (from the environment).
fn wrong_secret(s: &Setup, token: &str) -> (Option<i32>, Value) {
    let o = jwtgrant()
        .env("WRONG_SECRET", "not-the-registered-secret-at-all")
        .args(["replay", "--token-exchange", token, "--token-endpoint"])
        .arg(s.idp.token_endpoint())
        .args(["--client-id", "app", "--client-secret-env", "WRONG_SECRET"])
        .args(["--audience", RESOURCE_AS, "--then-grant"])
        .arg(s.ras.token_endpoint())
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

/// Both hops, the ID-JAG requested for a resource the resource AS does not protect.
fn resource_elsewhere(s: &Setup, token: &str) -> (Option<i32>, Value) {
    let secret = path(s.dir.path(), "secret.txt");
    let o = jwtgrant()
        .args(["replay", "--token-exchange", token, "--token-endpoint"])
        .arg(s.idp.token_endpoint())
        .args(["--client-id", "app", "--client-secret-file", &secret])
        .args([
            "--audience",
            RESOURCE_AS,
            "--resource",
            "https://elsewhere.test/",
        ])
        .arg("--then-grant")
        .arg(s.ras.token_endpoint())
        .args([
            "--grant-client-secret-file",
            &secret,
            "--json",
            "--no-history",
        ])
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

/// Both hops, the second at `ras`.
fn two_hops_at(s: &Setup, ras: &Serve, token: &str) -> (Option<i32>, Value) {
    let secret = path(s.dir.path(), "secret.txt");
    let o = jwtgrant()
        .args(["replay", "--token-exchange", token, "--token-endpoint"])
        .arg(s.idp.token_endpoint())
        .args(["--client-id", "app", "--client-secret-file", &secret])
        .args(["--audience", RESOURCE_AS, "--then-grant"])
        .arg(ras.token_endpoint())
        .args([
            "--grant-client-secret-file",
            &secret,
            "--json",
            "--no-history",
        ])
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

#[test]
fn the_then_grant_url_may_be_the_issuer_and_the_human_report_shows_both_hops() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let keys = write(
        d,
        "jwks.json",
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]})
            .to_string()
            .as_bytes(),
    );
    let secret = write(d, "secret.txt", SECRET.as_bytes());
    // the resource AS's issuer is its URL: --then-grant discovers its token endpoint. It
    // starts first, trusting the IdP key's JWK under its RFC 7638 thumbprint (the kid the
    // IdP announces for a key file without one).
    let idp_key = write(d, "idp.der", DEMO_KEY);
    let mut jwk = public_jwk(DEMO_KEY, "");
    let members = format!(
        r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
        jwk["x"].as_str().unwrap(),
        jwk["y"].as_str().unwrap()
    );
    let thumbprint = crate::support::b64(
        ring::digest::digest(&ring::digest::SHA256, members.as_bytes()).as_ref(),
    );
    jwk["kid"] = json!(thumbprint);
    let jwks = write(
        d,
        "idp-jwks.json",
        json!({"keys": [jwk]}).to_string().as_bytes(),
    );
    let ras = Serve::start(&[
        "--trust-id-jag",
        &format!("{ID_TOKEN_ISSUER}={jwks}"),
        "--client-secret-file",
        &format!("app={secret}"),
    ]);
    let ras_base = ras.base.clone();
    let idp = Serve::start(&[
        "--id-jag-issuer",
        "--id-jag-key",
        &idp_key,
        "--issuer",
        ID_TOKEN_ISSUER,
        "--trust",
        &format!("{ID_TOKEN_ISSUER}={keys}"),
        "--client-secret-file",
        &format!("app={secret}"),
        "--id-jag-audience",
        &ras_base,
    ]);
    assert_eq!(published_jwks(&idp)["keys"][0]["kid"], json!(thumbprint));
    let token = id_token(json!({}));
    let o = jwtgrant()
        .args(["replay", "--token-exchange", "--subject-token", &token])
        .args(["--token-endpoint", &idp.token_endpoint()])
        .args(["--client-id", "app", "--client-secret-file", &secret])
        .args(["--audience", &ras_base, "--then-grant", &ras_base])
        .args(["--grant-client-secret-file", &secret, "--no-history"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("hop 1: token exchange"), "{stdout}");
    assert!(stdout.contains("hop 2: the ID-JAG"), "{stdout}");
    assert!(
        stdout.contains(&format!("POST {ras_base}/token")),
        "{stdout}"
    );
    assert_eq!(stdout.matches("ACCEPTED").count(), 2, "{stdout}");
    assert!(
        stdout.contains(
            "issued: issued_token_type urn:ietf:params:oauth:token-type:id-jag, token_type N_A"
        ),
        "{stdout}"
    );
    // neither the ID token, nor the ID-JAG, nor the access token is printed whole
    assert!(!stdout.contains(&token), "the subject token leaked");
    assert!(!stdout.contains(crate::support::token_server::signature_of(&token)));
    for line in stdout.lines().filter(|l| l.contains("access_token")) {
        assert!(line.contains("<redacted>") || line.contains('…'), "{line}");
    }
}

#[test]
fn servers_that_give_no_reason_leave_each_hop_to_local_checks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let keys = write(
        d,
        "jwks.json",
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]})
            .to_string()
            .as_bytes(),
    );
    let secret = write(d, "secret.txt", SECRET.as_bytes());
    let idp_key = write(d, "idp.der", DEMO_KEY);
    let idp = Serve::start(&[
        "--refusal",
        "opaque",
        "--id-jag-issuer",
        "--id-jag-key",
        &idp_key,
        "--trust",
        &format!("{ID_TOKEN_ISSUER}={keys}"),
        "--client-secret-file",
        &format!("app={secret}"),
        "--id-jag-audience",
        RESOURCE_AS,
    ]);
    let jwks = write(
        d,
        "idp-jwks.json",
        published_jwks(&idp).to_string().as_bytes(),
    );
    let ras = Serve::start(&[
        "--refusal",
        "invalid-grant",
        "--issuer",
        RESOURCE_AS,
        "--trust-id-jag",
        &format!("{}={jwks}", idp.base),
        "--client-secret-file",
        &format!("app={secret}"),
        "--client-secret-file",
        &format!("other={secret}"),
    ]);
    let run = |token: &str, extra: &[&str]| {
        let o = jwtgrant()
            .args(["replay", "--token-exchange", token, "--token-endpoint"])
            .arg(idp.token_endpoint())
            .args(["--client-id", "app", "--client-secret-file", &secret])
            .args(["--audience", RESOURCE_AS, "--then-grant"])
            .arg(ras.token_endpoint())
            .args([
                "--grant-client-secret-file",
                &secret,
                "--json",
                "--no-history",
            ])
            .args(extra)
            .output()
            .unwrap();
        (o.status.code(), stdout_json(&o))
    };
    let n = now();
    // hop 1 says only invalid_request: the expired ID token is found locally
    let (code, doc) = run(&id_token(json!({"iat": n - 7200, "exp": n - 3600})), &[]);
    assert_eq!(code, Some(1), "{doc:#}");
    let one = &doc["token_exchange"];
    assert_eq!(one["response"]["body"], json!({"error": "invalid_request"}));
    assert_eq!(one["inferred"], true, "{one:#}");
    assert_eq!(first(one), "claim.exp_expired", "{one:#}");
    // hop 2 says only invalid_grant: the ID-JAG names another client than the one presenting it
    let (code, doc) = run(&id_token(json!({})), &["--grant-client-id", "other"]);
    assert_eq!(code, Some(1), "{doc:#}");
    let two = &doc["grant"];
    assert_eq!(two["response"]["body"], json!({"error": "invalid_grant"}));
    assert_eq!(two["inferred"], true, "{two:#}");
    assert_eq!(first(two), "claim.client_id_mismatch", "{two:#}");
}

#[test]
fn each_hop_may_authenticate_with_private_key_jwt() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let k1 = write(
        d,
        "k1.json",
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]})
            .to_string()
            .as_bytes(),
    );
    let key_file = write(d, "key.der", DEMO_KEY);
    // the IdP: the client authenticates with a client assertion (kid k1); ID-JAGs signed
    // with a generated key, published at jwks_uri
    let idp = Serve::start(&[
        "--id-jag-issuer",
        "--trust",
        &format!("{ID_TOKEN_ISSUER}={k1}"),
        "--client",
        &format!("app={k1}"),
        "--id-jag-audience",
        RESOURCE_AS,
    ]);
    let jwks = write(d, "idp.json", published_jwks(&idp).to_string().as_bytes());
    // the resource AS knows the client's key under the kid --grant-key announces: its
    // RFC 7638 thumbprint
    let mut jwk = public_jwk(DEMO_KEY, "");
    let members = format!(
        r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
        jwk["x"].as_str().unwrap(),
        jwk["y"].as_str().unwrap()
    );
    jwk["kid"] = json!(crate::support::b64(
        ring::digest::digest(&ring::digest::SHA256, members.as_bytes()).as_ref()
    ));
    let client_keys = write(
        d,
        "client.json",
        json!({"keys": [jwk]}).to_string().as_bytes(),
    );
    let ras = Serve::start(&[
        "--issuer",
        RESOURCE_AS,
        "--trust-id-jag",
        &format!("{}={jwks}", idp.base),
        "--client",
        &format!("app={client_keys}"),
    ]);
    let n = now();
    let at_idp = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &json!({"iss": "app", "sub": "app", "aud": idp.base, "iat": n, "exp": n + 120,
                "jti": format!("c-{}", unique())}),
    );
    let o = jwtgrant()
        .args(["replay", "--token-exchange", &id_token(json!({}))])
        .args([
            "--token-endpoint",
            &idp.token_endpoint(),
            "--client-id",
            "app",
        ])
        .args(["--client-assertion", &at_idp, "--audience", RESOURCE_AS])
        .args([
            "--then-grant",
            &ras.token_endpoint(),
            "--grant-key",
            &key_file,
        ])
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(o.status.code(), Some(0), "{doc:#}");
    let one = &doc["token_exchange"]["request"];
    assert_eq!(
        one["client_authentication"],
        "client assertion (private_key_jwt / client_secret_jwt)"
    );
    let two = &doc["grant"]["request"]["form"];
    assert!(two["client_assertion"].is_string(), "{two:#}");
    no_error_advice(&doc["token_exchange"], "hop 1");
    no_error_advice(&doc["grant"], "hop 2");
    // the same assertion at the IdP again: single-use, named first; hop 2 never runs
    let o = jwtgrant()
        .args(["replay", "--token-exchange", &id_token(json!({}))])
        .args([
            "--token-endpoint",
            &idp.token_endpoint(),
            "--client-id",
            "app",
        ])
        .args(["--client-assertion", &at_idp, "--audience", RESOURCE_AS])
        .args([
            "--then-grant",
            &ras.token_endpoint(),
            "--grant-key",
            &key_file,
        ])
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(o.status.code(), Some(1), "{doc:#}");
    assert_eq!(first(&doc["token_exchange"]), "claim.jti_reused", "{doc:#}");
    assert!(doc["grant"].is_null());
}
