//! sign and verify through the binary: every algorithm with every key format (keys made by
//! openssl at test time), claims and headers, findings verify reports, RFC test vectors.

use crate::key_fixtures::{HMAC_ALGS, KeyDir, Material};
use crate::support::{NOW, b64, codes, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::ffi::OsStr;
use std::path::Path;

const AUD: &str = "https://as.example.com";

pub fn sign_with(args: &[&OsStr]) -> String {
    let out = jwtgrant()
        .args(["sign", "--client-id", "c1", "--aud", AUD, "--now"])
        .arg(NOW.to_string())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sign {args:?} failed: {}",
        text(&out.stderr)
    );
    let token = text(&out.stdout);
    assert_eq!(
        token.lines().count(),
        1,
        "stdout is the token alone: {token}"
    );
    token.trim().to_string()
}

pub fn sign(alg: &str, key: &Path) -> String {
    sign_with(&[
        "--alg".as_ref(),
        alg.as_ref(),
        "--key".as_ref(),
        key.as_os_str(),
    ])
}

/// verify --json: (exit code, document).
pub fn verify(token: &str, args: &[&OsStr]) -> (i32, Value) {
    let out = jwtgrant()
        .args(["verify", token, "--json", "--aud", AUD, "--now"])
        .arg(NOW.to_string())
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    (code, stdout_json(&out))
}

fn assert_valid(token: &str, args: &[&OsStr], what: &str) {
    let (code, doc) = verify(token, args);
    assert_eq!(
        doc["verification"]["signature"], "valid",
        "{what}: {}",
        doc["findings"]
    );
    assert_eq!(code, 0, "{what}: {}", doc["findings"]);
}

fn key_args(path: &Path) -> Vec<&OsStr> {
    vec!["--key".as_ref(), path.as_os_str()]
}

fn jwks_of(dir: &KeyDir, key: &Path, name: &str) -> std::path::PathBuf {
    let out = jwtgrant().args(["key", "jwks"]).arg(key).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    dir.write(name, &out.stdout)
}

fn round_trip(dir: &KeyDir, alg: &str, m: &Material) {
    for (format, key) in &m.private {
        let token = sign(alg, key);
        assert_valid(
            &token,
            &key_args(m.spki()),
            &format!("{alg} signed with {format}"),
        );
    }
    let token = sign(alg, m.key());
    let jwks = jwks_of(dir, m.key(), &format!("{alg}.jwks.json"));
    let mut verifiers: Vec<(&str, &Path)> =
        m.public.iter().map(|(f, p)| (*f, p.as_path())).collect();
    verifiers.extend(m.private.iter().map(|(f, p)| (*f, p.as_path())));
    verifiers.push(("public JWKS", &jwks));
    for (format, key) in verifiers {
        assert_valid(
            &token,
            &key_args(key),
            &format!("{alg} verified with {format}"),
        );
    }
    assert_valid(
        &token,
        &["--jwks".as_ref(), jwks.as_os_str()],
        &format!("{alg} --jwks"),
    );
    // A flipped signature byte must fail, with signature.invalid and exit 1.
    let (head, sig) = token.rsplit_once('.').unwrap();
    let mut bytes = data_encoding::BASE64URL_NOPAD
        .decode(sig.as_bytes())
        .unwrap();
    bytes[10] ^= 1;
    let (code, doc) = verify(&format!("{head}.{}", b64(&bytes)), &key_args(m.spki()));
    assert_eq!(code, 1, "{alg}: tampered signature accepted");
    assert_eq!(doc["verification"]["signature"], "invalid");
    assert!(codes(&doc).contains(&"signature.invalid".to_string()));
}

#[test]
fn every_rsa_alg_round_trips_with_every_rsa_key_format() {
    let dir = KeyDir::new();
    let m = dir.rsa(2048);
    for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        round_trip(&dir, alg, &m);
    }
}

#[test]
fn every_ec_and_eddsa_alg_round_trips_with_every_key_format() {
    let dir = KeyDir::new();
    for alg in ["ES256", "ES384", "ES512", "EdDSA"] {
        let m = dir.for_alg(alg);
        round_trip(&dir, alg, &m);
    }
    // RFC 9864's name for the same signature.
    let m = dir.ed25519();
    let token = sign("Ed25519", m.key());
    assert!(token.starts_with(&b64(br#"{"alg":"Ed25519""#)[..20]));
    assert_valid(&token, &key_args(m.spki()), "Ed25519");
}

#[test]
fn default_alg_is_the_keys_natural_one() {
    let dir = KeyDir::new();
    for (material, alg) in [
        (dir.rsa(2048), "RS256"),
        (dir.ec("secp384r1"), "ES384"),
        (dir.ec("secp521r1"), "ES512"),
        (dir.ed25519(), "EdDSA"),
    ] {
        let token = sign_with(&key_args(material.key()));
        let (_, doc) = verify(&token, &key_args(material.spki()));
        assert_eq!(doc["header"]["alg"], alg);
    }
}

#[test]
fn hmac_round_trips_and_wrong_secrets_fail() {
    let dir = KeyDir::new();
    for (alg, len) in HMAC_ALGS {
        let secret = dir.secret(&format!("{alg}.secret"), *len);
        let token = sign_with(&[
            "--alg".as_ref(),
            alg.as_ref(),
            "--secret-file".as_ref(),
            secret.as_os_str(),
        ]);
        assert_valid(&token, &["--secret-file".as_ref(), secret.as_os_str()], alg);
        let value = std::fs::read_to_string(&secret).unwrap();
        let out = jwtgrant()
            .env("MY_SECRET", &value)
            .args([
                "verify",
                &token,
                "--json",
                "--secret-env",
                "MY_SECRET",
                "--now",
            ])
            .arg(NOW.to_string())
            .output()
            .unwrap();
        assert_eq!(stdout_json(&out)["verification"]["signature"], "valid");
        let other = dir.secret("other.secret", len + 1);
        let (code, doc) = verify(&token, &["--secret-file".as_ref(), other.as_os_str()]);
        assert_eq!(code, 1);
        assert!(codes(&doc).contains(&"signature.invalid".to_string()));
    }
    // HS256 is the default for a secret, and no kid is invented for it.
    let secret = dir.secret("s", 32);
    let token = sign_with(&["--secret-file".as_ref(), secret.as_os_str()]);
    let (_, doc) = verify(&token, &["--secret-file".as_ref(), secret.as_os_str()]);
    assert_eq!(doc["header"], json!({"alg": "HS256"}));
}

#[test]
fn weak_secrets_are_refused_citing_rfc7518_unless_allowed() {
    let dir = KeyDir::new();
    for (alg, len) in HMAC_ALGS {
        let short = dir.secret(&format!("short-{alg}"), len - 1);
        let out = jwtgrant()
            .args([
                "sign",
                "--client-id",
                "c",
                "--aud",
                AUD,
                "--alg",
                alg,
                "--secret-file",
            ])
            .arg(&short)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{alg}");
        let err = text(&out.stderr);
        assert!(
            err.contains("RFC 7518 §3.2") && err.contains(&format!("at least {len}")),
            "{err}"
        );
        assert!(out.stdout.is_empty());

        let out = jwtgrant()
            .args([
                "sign",
                "--client-id",
                "c",
                "--aud",
                AUD,
                "--alg",
                alg,
                "--allow-weak-key",
                "--now",
                &NOW.to_string(),
                "--secret-file",
            ])
            .arg(&short)
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(text(&out.stderr).contains("key.weak"));
        let token = text(&out.stdout).trim().to_string();

        let (code, doc) = verify(&token, &["--secret-file".as_ref(), short.as_os_str()]);
        assert_eq!(code, 1, "a weak secret is an error finding in verify");
        let weak = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "key.weak")
            .unwrap();
        assert_eq!(weak["severity"], "error");
        assert_eq!(doc["verification"]["signature"], "valid");
        let (code, doc) = verify(
            &token,
            &[
                "--secret-file".as_ref(),
                short.as_os_str(),
                "--allow-weak-key".as_ref(),
            ],
        );
        assert_eq!(code, 0, "{}", doc["findings"]);
    }
}

#[test]
fn a_key_that_cannot_make_the_alg_is_named_with_what_it_can_make() {
    let dir = KeyDir::new();
    let ec = dir.ec("prime256v1");
    let rsa = dir.rsa(2048);
    let out = jwtgrant()
        .args([
            "sign",
            "--client-id",
            "c",
            "--aud",
            AUD,
            "--alg",
            "RS256",
            "--key",
        ])
        .arg(ec.key())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("EC P-256") && err.contains("ES256"), "{err}");
    let out = jwtgrant()
        .args([
            "sign",
            "--client-id",
            "c",
            "--aud",
            AUD,
            "--alg",
            "ES384",
            "--key",
        ])
        .arg(ec.key())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("can make ES256"));

    // verify: an ES256 token against an RSA key, and the RS→HS confusion.
    let token = sign("ES256", ec.key());
    let (code, doc) = verify(&token, &key_args(rsa.spki()));
    assert_eq!(code, 1);
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "header.alg_unexpected")
        .unwrap();
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("RSA 2048-bit"),
        "{finding}"
    );
    assert_eq!(doc["verification"]["signature"], "unchecked");

    let secret = dir.secret("s", 32);
    let hs = sign_with(&["--secret-file".as_ref(), secret.as_os_str()]);
    let (code, doc) = verify(&hs, &key_args(rsa.spki()));
    assert_eq!(code, 1);
    let msg = doc["findings"].to_string();
    assert!(
        msg.contains("header.alg_unexpected") && msg.contains("confusion"),
        "{msg}"
    );
    let (code, doc) = verify(&token, &["--secret-file".as_ref(), secret.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        doc["findings"]
            .to_string()
            .contains("shared secret was given")
    );
}

#[test]
fn verify_reports_unknown_kids_with_kids_and_thumbprints_and_everything_else_too() {
    let dir = KeyDir::new();
    let a = dir.ec("prime256v1");
    let b = dir.ed25519();
    let jwks_a = jwks_of(&dir, a.key(), "a.json");
    let jwks_b = jwks_of(&dir, b.key(), "b.json");
    let read = |p: &Path| -> Value { serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    let mut both = read(&jwks_a);
    let kb = read(&jwks_b)["keys"][0].clone();
    both["keys"].as_array_mut().unwrap().push(kb.clone());
    let both = dir.write("both.json", both.to_string());
    let thumb_b = kb["kid"].as_str().unwrap().to_string();

    // kid matches: valid.
    let token = sign("ES256", a.key());
    assert_valid(
        &token,
        &["--jwks".as_ref(), both.as_os_str()],
        "kid matches",
    );

    // Unknown kid and expired: both reported at once, with the claim checks of lint.
    let stale = sign_with(&[
        "--key".as_ref(),
        a.key().as_os_str(),
        "--kid".as_ref(),
        "old-key".as_ref(),
        "--claim".as_ref(),
        format!("exp={}", NOW - 600).as_ref(),
    ]);
    let out = jwtgrant()
        .args([
            "verify",
            &stale,
            "--json",
            "--aud",
            "https://other.example.com",
            "--now",
        ])
        .arg(NOW.to_string())
        .arg("--jwks")
        .arg(&both)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = stdout_json(&out);
    let found = codes(&doc);
    for code in ["header.kid_unknown", "claim.exp_expired"] {
        assert!(
            found.contains(&code.to_string()),
            "{code} missing from {found:?}"
        );
    }
    let kid_msg = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "header.kid_unknown")
        .unwrap()["message"]
        .to_string();
    assert!(
        kid_msg.contains(&thumb_b) && kid_msg.contains("does verify with"),
        "{kid_msg}"
    );

    // The kid names key B but key A signed: the kid points at the wrong key.
    let wrong = sign_with(&[
        "--key".as_ref(),
        a.key().as_os_str(),
        "--kid".as_ref(),
        thumb_b.as_ref(),
        "--alg".as_ref(),
        "ES256".as_ref(),
    ]);
    let (code, doc) = verify(&wrong, &["--jwks".as_ref(), both.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        doc["findings"]
            .to_string()
            .contains("alg ES256 does not fit"),
        "{}",
        doc["findings"]
    );
}

#[test]
fn verify_human_output_starts_with_the_verdict() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let token = sign("ES256", m.key());
    let out = jwtgrant()
        .args(["verify", &token, "--aud", AUD, "--now"])
        .arg(NOW.to_string())
        .arg("--key")
        .arg(m.spki())
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = text(&out.stdout);
    assert!(shown.starts_with("OK    signature valid"), "{shown}");
    assert!(
        shown.contains("Verify     signature valid: ES256"),
        "{shown}"
    );
    let other = dir.ec("prime256v1");
    let out = jwtgrant()
        .args(["verify", &token, "--aud", AUD, "--now"])
        .arg(NOW.to_string())
        .arg("--key")
        .arg(other.spki())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("FAIL"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn verify_without_a_key_or_with_a_bad_key_cannot_check() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let token = sign("ES256", m.key());
    let out = jwtgrant().args(["verify", &token]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no key to verify with"));
    let junk = dir.write(
        "junk.pem",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    );
    let out = jwtgrant()
        .args(["verify", &token, "--key"])
        .arg(&junk)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("junk.pem"));
}

#[test]
fn sign_makes_the_claims_asked_for() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let thumb = text(
        &jwtgrant()
            .args(["key", "thumbprint"])
            .arg(m.key())
            .output()
            .unwrap()
            .stdout,
    )
    .trim()
    .to_string();
    let token = sign("ES256", m.key());
    let (_, doc) = verify(&token, &key_args(m.spki()));
    let c = &doc["claims"];
    assert_eq!(
        (c["iss"].as_str(), c["sub"].as_str(), c["aud"].as_str()),
        (Some("c1"), Some("c1"), Some(AUD))
    );
    assert_eq!(c["iat"], NOW);
    assert_eq!(c["nbf"], NOW);
    assert_eq!(c["exp"], NOW + 300);
    let jti = c["jti"].as_str().unwrap();
    assert_eq!(
        data_encoding::BASE64URL_NOPAD
            .decode(jti.as_bytes())
            .unwrap()
            .len(),
        16
    );
    assert_eq!(doc["header"]["kid"], thumb.as_str());
    let again = sign("ES256", m.key());
    let (_, doc2) = verify(&again, &key_args(m.spki()));
    assert_ne!(doc2["claims"]["jti"], c["jti"], "jti is random");

    let claims_file = dir.write("claims.json", r#"{"scope": "read", "sub": "from-file"}"#);
    let token = sign_with(&[
        "--flow".as_ref(),
        "grant".as_ref(),
        "--iss".as_ref(),
        "https://idp.example.com".as_ref(),
        "--sub".as_ref(),
        "alice".as_ref(),
        "--key".as_ref(),
        m.key().as_os_str(),
        "--exp".as_ref(),
        "2m".as_ref(),
        "--no-nbf".as_ref(),
        "--no-kid".as_ref(),
        "--typ".as_ref(),
        "JWT".as_ref(),
        "--aud".as_ref(),
        "https://as2.example.com".as_ref(),
        "--claims-file".as_ref(),
        claims_file.as_os_str(),
        "--claim".as_ref(),
        "exp=1764079999".as_ref(),
        "--claim".as_ref(),
        "n=[1,2]".as_ref(),
        "--claim".as_ref(),
        "jti=null".as_ref(),
        "--claim".as_ref(),
        "text=not json".as_ref(),
        "--header".as_ref(),
        "x5t#S256=abc".as_ref(),
    ]);
    let (_, doc) = verify(&token, &key_args(m.spki()));
    let c = &doc["claims"];
    assert_eq!(c["iss"], "https://idp.example.com");
    assert_eq!(
        c["sub"], "from-file",
        "the claims file overrides computed claims"
    );
    assert_eq!(c["aud"], json!([AUD, "https://as2.example.com"]));
    assert_eq!(
        c["exp"], 1_764_079_999,
        "an explicit --claim wins, as a number"
    );
    assert_eq!(c["n"], json!([1, 2]));
    assert_eq!(c["text"], "not json");
    assert_eq!(c["scope"], "read");
    assert!(c.get("nbf").is_none() && c.get("jti").is_none());
    assert_eq!(
        doc["header"],
        json!({"alg": "ES256", "typ": "JWT", "x5t#S256": "abc"})
    );
}

#[test]
fn sign_form_prints_the_ready_request_body() {
    let dir = KeyDir::new();
    let m = dir.ed25519();
    let body = sign_with(&["--key".as_ref(), m.key().as_os_str(), "--form".as_ref()]);
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    assert_eq!(get("client_id").as_deref(), Some("c1"));
    assert_valid(
        &get("client_assertion").unwrap(),
        &key_args(m.spki()),
        "client form",
    );

    let out = jwtgrant()
        .args([
            "sign", "--flow", "grant", "--iss", "idp", "--sub", "alice", "--aud", AUD, "--form",
            "--key",
        ])
        .arg(m.key())
        .output()
        .unwrap();
    let body = text(&out.stdout);
    assert!(
        body.starts_with(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJ"
        ),
        "{body}"
    );
}

#[test]
fn sign_lints_what_it_made_on_stderr() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let out = jwtgrant()
        .args([
            "sign",
            "--client-id",
            "c1",
            "--aud",
            AUD,
            "--claim",
            "exp=1",
            "--now",
        ])
        .arg(NOW.to_string())
        .arg("--key")
        .arg(m.key())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("claim.exp_expired"), "{err}");
    assert_eq!(
        text(&out.stdout).trim().split('.').count(),
        3,
        "the token is still printed"
    );
}

#[test]
fn sign_needs_a_flow_an_audience_and_a_key() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    for (args, expect) in [
        (vec!["--aud", AUD], "say what the assertion is for"),
        (
            vec!["--flow", "grant", "--iss", "x", "--aud", AUD],
            "--flow grant needs --iss and --sub",
        ),
        (vec!["--client-id", "c"], "no audience"),
    ] {
        let out = jwtgrant()
            .arg("sign")
            .args(&args)
            .arg("--key")
            .arg(m.key())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(expect), "{}", text(&out.stderr));
    }
    let out = jwtgrant()
        .args(["sign", "--client-id", "c", "--aud", AUD])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no signing key"));
}

#[test]
fn private_key_jwks_needs_kid_to_choose_outside_a_terminal() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    // A private JWKS with two keys (the second a copy under another kid).
    let out = jwtgrant()
        .args(["key", "jwks"])
        .arg(m.key())
        .output()
        .unwrap();
    let public: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(public["keys"][0].get("d").is_none());
    // The private scalar from openssl's text dump, so the JWK is built independently.
    let dump = std::process::Command::new("openssl")
        .args(["ec", "-in"])
        .arg(m.key())
        .args(["-text", "-noout"])
        .output()
        .unwrap();
    let dump = text(&dump.stdout);
    let hex: String = dump
        .split("pub:")
        .next()
        .unwrap()
        .split("priv:")
        .nth(1)
        .unwrap()
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect();
    let d = data_encoding::HEXLOWER_PERMISSIVE
        .decode(hex.as_bytes())
        .unwrap();
    let d = &d[d.len() - 32..];
    let mut k1 = public["keys"][0].clone();
    k1["d"] = json!(b64(d));
    k1["kid"] = json!("one");
    let mut k2 = k1.clone();
    k2["kid"] = json!("two");
    let jwks = dir.write("private.jwks.json", json!({"keys": [k1, k2]}).to_string());
    let out = jwtgrant()
        .args(["sign", "--client-id", "c", "--aud", AUD, "--key"])
        .arg(&jwks)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("\"one\"") && err.contains("\"two\"") && err.contains("--kid"),
        "{err}"
    );
    let token = sign_with(&[
        "--key".as_ref(),
        jwks.as_os_str(),
        "--kid".as_ref(),
        "two".as_ref(),
    ]);
    let (_, doc) = verify(&token, &key_args(m.spki()));
    assert_eq!(doc["header"]["kid"], "two");
    assert_eq!(doc["verification"]["signature"], "valid");
}

#[test]
fn rfc_test_vectors_verify() {
    let dir = KeyDir::new();
    let payload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    // RFC 7515 A.1: HS256 with an oct JWK given as the secret file.
    let a1 = format!(
        "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{payload}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    );
    let oct = dir.write("a1.jwk", r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#);
    // RFC 7515 A.2: RS256 (public key as SPKI PEM).
    let a2 = format!(
        "eyJhbGciOiJSUzI1NiJ9.{payload}.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
    );
    let rsa = dir.write("a2.pem", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAofgWCuLjybRlzo0tZWJj\nNiuSfb4p4fAkd/wWJcyQoTbji9k0l8W26mPddxHmfHQp+Vaw+4qPCJrcS2mJPMEz\nP1Pt0Bm4d4QlL+yRT+SFd2lZS+pCgNMsD1W/YpRPEwOWvG6b32690r2jZ47soMZo\n9wGzjb/7OMg0LOL+bSf63kpaSHSXndS5z5rexMdbBYUsLA9e+KXBdQOS+UTo7WTB\nEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6/I5IhlJH7aGhyxX\nFvUK+DWNmoudF8NAco9/h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXp\noQIDAQAB\n-----END PUBLIC KEY-----\n");
    // RFC 7515 A.3: ES256 with the private JWK (used through its public half).
    let a3 = format!(
        "eyJhbGciOiJFUzI1NiJ9.{payload}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
    );
    let ec = dir.write("a3.jwk", r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#);
    // RFC 8037 A.4: Ed25519 (the payload is not JSON; only the signature is judged).
    let ed_token = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    let ed = dir.write(
        "a4.jwk",
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    );
    for (name, token, args) in [
        (
            "RFC 7515 A.1",
            a1.as_str(),
            vec!["--secret-file".as_ref(), oct.as_os_str()],
        ),
        ("RFC 7515 A.2", a2.as_str(), key_args(&rsa)),
        ("RFC 7515 A.3", a3.as_str(), key_args(&ec)),
        ("RFC 8037 A.4", ed_token, key_args(&ed)),
    ] {
        let (code, doc) = verify(token, &args);
        assert_eq!(
            doc["verification"]["signature"], "valid",
            "{name}: {}",
            doc["findings"]
        );
        assert_eq!(
            code, 1,
            "{name}: the claims are expired or not JSON, so the verdict fails"
        );
        let tampered = token.replacen(".ey", ".eX", 1).replacen(".RX", ".RY", 1);
        let (_, doc) = verify(&tampered, &args);
        assert_eq!(
            doc["verification"]["signature"], "invalid",
            "{name} tampered"
        );
    }
}

#[test]
fn broken_ecdsa_signatures_are_diagnosed() {
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let token = sign("ES256", m.key());
    let head = token.rsplit_once('.').unwrap().0;
    // CVE-2022-21449: r = s = 0.
    let (code, doc) = verify(&format!("{head}.{}", b64(&[0u8; 64])), &key_args(m.spki()));
    assert_eq!(code, 1);
    assert!(
        doc["findings"].to_string().contains("CVE-2022-21449"),
        "{}",
        doc["findings"]
    );
    // A DER signature as `openssl dgst -sign` makes it (KEY-04).
    dir.write("input.txt", head);
    dir.openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        m.key().to_str().unwrap(),
        "-out",
        "sig.der",
        "input.txt",
    ]);
    let der = std::fs::read(dir.path("sig.der")).unwrap();
    let (code, doc) = verify(&format!("{head}.{}", b64(&der)), &key_args(m.spki()));
    assert_eq!(code, 1);
    let msg = doc["findings"].to_string();
    assert!(
        msg.contains("DER-encoded") && msg.contains("converted to R‖S it verifies"),
        "{msg}"
    );
}

#[test]
fn rs_and_ps_padding_mixups_are_named() {
    let dir = KeyDir::new();
    let m = dir.rsa(2048);
    // A signer that writes alg RS256 but signs with PSS padding.
    let header = b64(br#"{"alg":"RS256"}"#);
    let claims = b64(
        json!({"iss": "c1", "sub": "c1", "aud": AUD, "exp": NOW + 60})
            .to_string()
            .as_bytes(),
    );
    let head = format!("{header}.{claims}");
    dir.write("input.txt", &head);
    dir.openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        m.key().to_str().unwrap(),
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:32",
        "-out",
        "sig.bin",
        "input.txt",
    ]);
    let sig = std::fs::read(dir.path("sig.bin")).unwrap();
    let (code, doc) = verify(&format!("{head}.{}", b64(&sig)), &key_args(m.spki()));
    assert_eq!(code, 1);
    let msg = doc["findings"].to_string();
    assert!(msg.contains("verifies as PS256, not RS256"), "{msg}");
}

#[test]
fn a_kid_may_start_with_a_dash() {
    // base64url thumbprints start with '-' one time in 64: `--kid -x…` must not read as a flag
    let dir = KeyDir::new();
    let m = dir.ec("prime256v1");
    let token = sign_with(&[
        "--key".as_ref(),
        m.key().as_os_str(),
        "--kid".as_ref(),
        "-dash-kid".as_ref(),
    ]);
    let (_, doc) = verify(&token, &key_args(m.spki()));
    assert_eq!(doc["header"]["kid"], "-dash-kid");
}
