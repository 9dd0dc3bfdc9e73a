//! JOSE corners: RFC 9864's fully-specified names, key hygiene (use, key_ops, alg) for every
//! key type, EC points validated on load, empty HMAC keys, and certificates in headers.

use crate::key_fixtures::KeyDir;
use crate::support::{NOW_RFC3339, b64, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const AUD: &str = "https://as.example.com";

/// `key new --alg ALG` into `dir`: (private key, JWKS).
fn new_key(dir: &Path, alg: &str, name: &str) -> (PathBuf, PathBuf) {
    jwtgrant()
        .args(["key", "new", "--alg", alg, "--name", name, "--out"])
        .arg(dir)
        .assert()
        .success();
    (
        dir.join(format!("{name}.pem")),
        dir.join(format!("{name}.jwks.json")),
    )
}

fn sign(args: &[&str]) -> std::process::Output {
    jwtgrant()
        .args([
            "sign",
            "--client-id",
            "app",
            "--aud",
            AUD,
            "--now",
            NOW_RFC3339,
        ])
        .args(args)
        .output()
        .unwrap()
}

fn signed(args: &[&str]) -> String {
    let o = sign(args);
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout).trim().to_string()
}

fn verify_json(token: &str, args: &[&str]) -> (Option<i32>, Value) {
    let o = jwtgrant()
        .args(["verify", token, "--aud", AUD, "--client-id", "app"])
        .args(["--now", NOW_RFC3339, "--json"])
        .args(args)
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o))
}

fn finding<'a>(doc: &'a Value, code: &str) -> Option<&'a Value> {
    doc["findings"]
        .as_array()?
        .iter()
        .find(|f| f["code"] == code)
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

/// The JWKS `key new` wrote, with `alg` replaced (or removed with null).
fn jwks_with_alg(jwks: &Path, alg: Value) -> Value {
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(jwks).unwrap()).unwrap();
    let key = doc["keys"][0].as_object_mut().unwrap();
    if alg.is_null() {
        key.remove("alg");
    } else {
        key.insert("alg".into(), alg);
    }
    doc
}

#[test]
fn eddsa_and_ed25519_are_one_signature_for_keys_registered_under_either_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (key, jwks) = new_key(d, "EdDSA", "ed");
    for (registered, header_alg) in [
        ("EdDSA", "Ed25519"),
        ("Ed25519", "EdDSA"),
        ("EdDSA", "EdDSA"),
        ("Ed25519", "Ed25519"),
    ] {
        let set = write_json(
            d,
            &format!("{registered}.json"),
            &jwks_with_alg(&jwks, json!(registered)),
        );
        let token = signed(&["--key", key.to_str().unwrap(), "--alg", header_alg]);
        let (code, doc) = verify_json(&token, &["--key", set.to_str().unwrap()]);
        assert_eq!(
            code,
            Some(0),
            "{registered} key, {header_alg} token: {doc:#}"
        );
        assert_eq!(doc["header"]["alg"], header_alg);
    }
    // A JWK of another algorithm is still another algorithm.
    let es = write_json(d, "es.json", &jwks_with_alg(&jwks, json!("ES256")));
    let token = signed(&["--key", key.to_str().unwrap(), "--alg", "Ed25519"]);
    let (code, doc) = verify_json(&token, &["--key", es.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let why = finding(&doc, "header.alg_unexpected").expect("alg_unexpected");
    assert!(
        why["message"].as_str().unwrap().contains("ES256 only"),
        "{why}"
    );
}

#[test]
fn key_new_names_the_alg_and_says_how_to_get_the_other_name() {
    let dir = tempfile::tempdir().unwrap();
    for (alg, other) in [("EdDSA", "--alg Ed25519"), ("Ed25519", "--alg EdDSA")] {
        let o = jwtgrant()
            .args(["key", "new", "--alg", alg, "--out"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success());
        let jwks: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("{}.jwks.json", alg.to_lowercase())))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(jwks["keys"][0]["alg"], alg);
        let note = text(&o.stderr);
        assert!(note.contains(other) && note.contains("key jwks"), "{note}");
    }
}

#[test]
fn ed448_and_es256k_are_said_to_be_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = new_key(dir.path(), "EdDSA", "ed");
    for (args, says) in [
        (
            vec!["--key", key.to_str().unwrap(), "--alg", "Ed448"],
            "does not support Ed448",
        ),
        (
            vec!["--key", key.to_str().unwrap(), "--alg", "ES256K"],
            "does not support ES256K",
        ),
    ] {
        let o = sign(&args);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o.stderr).contains(says), "{}", text(&o.stderr));
    }
    let o = jwtgrant()
        .args(["key", "new", "--alg", "Ed448", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("RFC 9864"), "{}", text(&o.stderr));
    // Verifying an Ed448 token says the same.
    let token = format!(
        "{}.{}.{}",
        b64(br#"{"alg":"Ed448"}"#),
        b64(br#"{"iss":"app"}"#),
        b64(&[1; 114])
    );
    let (_, jwks) = new_key(dir.path(), "EdDSA", "ed2");
    let (code, doc) = verify_json(&token, &["--jwks", jwks.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let f = finding(&doc, "header.alg_unexpected").expect("a finding");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("does not support it"),
        "{f}"
    );
}

/// Public keys with JWK members that say they are not for this signature.
#[test]
fn every_key_type_honours_use_key_ops_and_alg() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let secret = "0123456789abcdef0123456789abcdef";
    let oct = json!({"kty": "oct", "kid": "s", "k": b64(secret.as_bytes())});
    let (ec_key, ec_jwks) = new_key(d, "ES256", "ec");
    let ec = jwks_with_alg(&ec_jwks, Value::Null)["keys"][0].clone();
    let (rsa_key, rsa_jwks) = new_key(d, "RS256", "rsa");
    let rsa = jwks_with_alg(&rsa_jwks, Value::Null)["keys"][0].clone();
    let (ed_key, ed_jwks) = new_key(d, "EdDSA", "okp");
    let ed = jwks_with_alg(&ed_jwks, Value::Null)["keys"][0].clone();
    let secret_file = d.join("secret.txt");
    std::fs::write(&secret_file, secret).unwrap();
    let tokens = [
        (
            "oct",
            oct,
            signed(&["--secret-file", secret_file.to_str().unwrap(), "--kid", "s"]),
        ),
        ("EC", ec, signed(&["--key", ec_key.to_str().unwrap()])),
        ("RSA", rsa, signed(&["--key", rsa_key.to_str().unwrap()])),
        ("OKP", ed, signed(&["--key", ed_key.to_str().unwrap()])),
    ];
    let restrictions = [
        (
            json!({"key_ops": ["encrypt"]}),
            "does not include \"verify\"",
        ),
        (json!({"key_ops": ["sign"]}), "does not include \"verify\""),
        (json!({"use": "enc"}), "\"use\": \"enc\""),
        (json!({"alg": "A256GCM"}), "encryption algorithm"),
        (json!({"alg": "A256KW"}), "encryption algorithm"),
    ];
    for (kty, jwk, token) in &tokens {
        for (extra, says) in &restrictions {
            let mut restricted = jwk.clone();
            for (k, v) in extra.as_object().unwrap() {
                restricted[k] = v.clone();
            }
            let file = write_json(d, "restricted.json", &json!({"keys": [restricted]}));
            let flag = if *kty == "oct" {
                "--secret-file"
            } else {
                "--key"
            };
            let (code, doc) = verify_json(token, &[flag, file.to_str().unwrap()]);
            assert_eq!(code, Some(1), "{kty} {extra}: {doc:#}");
            let f = finding(&doc, "header.alg_unexpected")
                .unwrap_or_else(|| panic!("{kty} {extra}: {doc:#}"));
            assert!(
                f["message"].as_str().unwrap().contains(says),
                "{kty} {extra}: {f}"
            );
            assert_ne!(doc["verification"]["signature"], "valid", "{kty} {extra}");
        }
        // The same key without restrictions verifies: the test can tell the difference.
        let file = write_json(d, "plain.json", &json!({"keys": [jwk]}));
        let flag = if *kty == "oct" {
            "--secret-file"
        } else {
            "--key"
        };
        let (code, doc) = verify_json(token, &[flag, file.to_str().unwrap()]);
        assert_eq!(code, Some(0), "{kty}: {doc:#}");
    }
}

#[test]
fn a_secret_or_key_whose_jwk_forbids_signing_does_not_sign() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let k = b64(b"0123456789abcdef0123456789abcdef");
    for (jwk, says) in [
        (
            json!({"kty": "oct", "k": k, "use": "enc"}),
            "\"use\": \"enc\"",
        ),
        (
            json!({"kty": "oct", "k": k, "key_ops": ["verify"]}),
            "\"sign\"",
        ),
        (
            json!({"kty": "oct", "k": k, "alg": "A256KW"}),
            "encryption algorithm",
        ),
        (json!({"kty": "oct", "k": k, "alg": "HS512"}), "HS512 only"),
    ] {
        let file = write_json(d, "oct.json", &jwk);
        let o = sign(&["--secret-file", file.to_str().unwrap(), "--alg", "HS256"]);
        assert_eq!(o.status.code(), Some(2), "{jwk}");
        assert!(text(&o.stderr).contains(says), "{jwk}: {}", text(&o.stderr));
    }
    // An oct JWK registered for HS384 signs HS384 by default.
    let file = write_json(
        d,
        "hs384.json",
        &json!({"kty": "oct", "k": b64(&[7; 48]), "alg": "HS384"}),
    );
    let token = signed(&["--secret-file", file.to_str().unwrap()]);
    let o = jwtgrant()
        .args(["decode", &token, "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout_json(&o)["header"]["alg"], "HS384");
    // A private JWK marked for encryption does not sign either.
    let (key, _) = new_key(d, "ES256", "ec");
    let jwk_text = jwtgrant().args(["key", "jwks"]).arg(&key).output().unwrap();
    assert!(jwk_text.status.success());
    let o = jwtgrant()
        .args(["key", "jwks"])
        .arg(write_json(
            d,
            "enc.json",
            &json!({"keys": [with_member(&stdout_json(&jwk_text)["keys"][0], "use", "enc")]}),
        ))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("publishes signature keys"),
        "{}",
        text(&o.stderr)
    );
}

fn with_member(v: &Value, name: &str, value: &str) -> Value {
    let mut v = v.clone();
    v[name] = json!(value);
    v
}

#[test]
fn an_empty_hmac_key_is_refused_even_with_allow_weak_key() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_json(dir.path(), "empty.json", &json!({"kty": "oct", "k": ""}));
    let o = sign(&["--secret-file", empty.to_str().unwrap(), "--allow-weak-key"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("0-byte"), "{}", text(&o.stderr));
    // A short (1-byte) key is allowed with the flag, so the flag itself works.
    let short = write_json(
        dir.path(),
        "short.json",
        &json!({"kty": "oct", "k": b64(b"x")}),
    );
    let o = sign(&["--secret-file", short.to_str().unwrap(), "--allow-weak-key"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let token = text(&o.stdout).trim().to_string();
    let o = jwtgrant()
        .args(["verify", &token, "--secret-file", empty.to_str().unwrap()])
        .arg("--allow-weak-key")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("0-byte"), "{}", text(&o.stderr));
}

/// RFC 7515 Appendix A.3's P-256 public key, and copies that are broken in each way.
#[test]
fn ec_points_off_the_curve_are_refused_on_load_never_thumbprinted_or_published() {
    let dir = tempfile::tempdir().unwrap();
    let x = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    let y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    let good = json!({"kty": "EC", "crv": "P-256", "kid": "good", "x": x, "y": y});
    let mut off_y = data_encoding::BASE64URL_NOPAD.decode(y.as_bytes()).unwrap();
    off_y[31] ^= 1;
    let zero = b64(&[0; 32]);
    let broken = [
        (
            json!({"kty": "EC", "crv": "P-256", "kid": "bad", "x": x, "y": b64(&off_y)}),
            "not on the curve",
        ),
        (
            json!({"kty": "EC", "crv": "P-256", "kid": "bad", "x": zero, "y": zero}),
            "not on the curve",
        ),
        (
            json!({"kty": "EC", "crv": "P-256", "kid": "bad", "x": b64(&[1; 31]), "y": y}),
            "31 bytes",
        ),
        (
            json!({"kty": "EC", "crv": "P-384", "kid": "bad", "x": x, "y": y}),
            "32 bytes",
        ),
    ];
    let good_file = write_json(dir.path(), "good.json", &good);
    jwtgrant()
        .args(["key", "thumbprint"])
        .arg(&good_file)
        .assert()
        .success();
    for (jwk, says) in &broken {
        let file = write_json(dir.path(), "bad.json", jwk);
        for command in ["thumbprint", "jwks"] {
            let o = jwtgrant()
                .args(["key", command])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(2), "{command} {jwk}");
            assert!(o.stdout.is_empty(), "{command} printed {}", text(&o.stdout));
            let err = text(&o.stderr);
            assert!(
                err.contains(says) && err.contains("bad.json"),
                "{jwk}: {err}"
            );
        }
        // In a JWKS beside a good key, the bad one is skipped by name and never published.
        let set = write_json(dir.path(), "set.json", &json!({"keys": [jwk, good]}));
        let o = jwtgrant().args(["key", "jwks"]).arg(&set).output().unwrap();
        assert!(o.status.success());
        let published = stdout_json(&o);
        assert_eq!(
            published["keys"].as_array().unwrap().len(),
            1,
            "{published}"
        );
        assert_eq!(published["keys"][0]["kid"], "good");
        assert!(
            text(&o.stderr).contains("kid \"bad\""),
            "{}",
            text(&o.stderr)
        );
    }
}

/// An EC certificate and key, and another pair, made by openssl.
fn certificates(keys: &KeyDir) -> (PathBuf, PathBuf, PathBuf, PathBuf) {
    for name in ["leaf", "other"] {
        keys.openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.crt"),
            "-subj",
            &format!("/CN={name}"),
            "-days",
            "30",
        ]);
    }
    (
        keys.path("leaf.key"),
        keys.path("leaf.crt"),
        keys.path("other.key"),
        keys.path("other.crt"),
    )
}

fn openssl_fingerprint(keys: &KeyDir, cert: &str, digest: &str) -> Vec<u8> {
    let o = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", digest, "-in", cert])
        .current_dir(keys.dir.path())
        .output()
        .unwrap();
    let line = text(&o.stdout);
    let hex: String = line
        .split('=')
        .nth(1)
        .unwrap()
        .trim()
        .chars()
        .filter(|c| *c != ':')
        .collect();
    data_encoding::HEXUPPER.decode(hex.as_bytes()).unwrap()
}

#[test]
fn thumbprints_of_a_certificate_match_openssl_in_every_form() {
    let keys = KeyDir::new();
    let (_, cert, _, _) = certificates(&keys);
    let sha1 = openssl_fingerprint(&keys, "leaf.crt", "-sha1");
    let sha256 = openssl_fingerprint(&keys, "leaf.crt", "-sha256");
    let o = jwtgrant()
        .args(["key", "thumbprint", "--x5t"])
        .arg(&cert)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        text(&o.stdout).trim(),
        data_encoding::HEXUPPER.encode(&sha1)
    );
    let o = jwtgrant()
        .args(["key", "thumbprint"])
        .arg(&cert)
        .output()
        .unwrap();
    let out = text(&o.stdout);
    assert!(out.contains(&format!("x5t      {}", b64(&sha1))), "{out}");
    assert!(out.contains(&format!("x5t#S256 {}", b64(&sha256))), "{out}");
    let o = jwtgrant()
        .args(["key", "thumbprint", "--json"])
        .arg(&cert)
        .output()
        .unwrap();
    let doc = stdout_json(&o);
    assert_eq!(doc["keys"][0]["x5t"], b64(&sha1));
    assert_eq!(doc["keys"][0]["x5t#S256"], b64(&sha256));
    assert_eq!(
        doc["keys"][0]["x5t_hex"],
        data_encoding::HEXUPPER.encode(&sha1)
    );
    // A bare key has no certificate thumbprint.
    let o = jwtgrant()
        .args(["key", "thumbprint", "--x5t"])
        .arg(keys.path("leaf.key"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("holds no certificate"));
}

#[test]
fn sign_puts_the_certificate_in_the_header_and_verify_checks_it_names_the_key() {
    let keys = KeyDir::new();
    let (leaf_key, leaf_crt, other_key, other_crt) = certificates(&keys);
    // A chain file: the leaf, then another certificate, in that order.
    let chain = keys.write(
        "chain.pem",
        std::fs::read_to_string(&leaf_crt).unwrap() + &std::fs::read_to_string(&other_crt).unwrap(),
    );
    let der = |name: &str| {
        let pem = std::fs::read_to_string(keys.path(name)).unwrap();
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        data_encoding::BASE64.decode(body.as_bytes()).unwrap()
    };
    let leaf = [
        "--key",
        leaf_key.to_str().unwrap(),
        "--x5c",
        chain.to_str().unwrap(),
        "--x5t",
        leaf_crt.to_str().unwrap(),
    ];
    let token = signed(&leaf);
    let o = jwtgrant()
        .args(["decode", &token, "--json"])
        .output()
        .unwrap();
    let header = stdout_json(&o)["header"].clone();
    let x5c: Vec<Vec<u8>> = header["x5c"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            data_encoding::BASE64
                .decode(c.as_str().unwrap().as_bytes())
                .unwrap()
        })
        .collect();
    assert_eq!(
        x5c,
        vec![der("leaf.crt"), der("other.crt")],
        "x5c: the chain in order, base64 DER"
    );
    assert_eq!(
        header["x5t"],
        b64(&openssl_fingerprint(&keys, "leaf.crt", "-sha1"))
    );
    assert_eq!(
        header["x5t#S256"],
        b64(&openssl_fingerprint(&keys, "leaf.crt", "-sha256"))
    );
    let (code, doc) = verify_json(&token, &["--key", leaf_crt.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{doc:#}");
    // The certificate must hold the signing key.
    let o = sign(&[
        "--key",
        leaf_key.to_str().unwrap(),
        "--x5t",
        other_crt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("holds another key"),
        "{}",
        text(&o.stderr)
    );
    let o = sign(&[
        "--key",
        leaf_key.to_str().unwrap(),
        "--x5c",
        leaf_key.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no X.509 certificate"),
        "{}",
        text(&o.stderr)
    );
    // A header that names another certificate than the key that verified it.
    let other = keys.path("other-header.pem");
    std::fs::copy(&other_crt, &other).unwrap();
    let mismatched = signed(&[
        "--key",
        other_key.to_str().unwrap(),
        "--x5t",
        other_crt.to_str().unwrap(),
        "--header",
        &format!("x5t={}", header["x5t"].as_str().unwrap()),
    ]);
    let (code, doc) = verify_json(&mismatched, &["--key", other_crt.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{doc:#}");
    let f = finding(&doc, "header.cert_mismatch").unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(f["claim"], "x5t");
    let wrong_chain = signed(&[
        "--key",
        other_key.to_str().unwrap(),
        "--header",
        &format!("x5c={}", header["x5c"]),
    ]);
    let (code, doc) = verify_json(&wrong_chain, &["--key", other_crt.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(
        finding(&doc, "header.cert_mismatch").unwrap()["claim"],
        "x5c"
    );
    // A JWK carrying its certificate in x5c is checked the same way.
    let jwk = stdout_json(
        &jwtgrant()
            .args(["key", "jwks"])
            .arg(&leaf_crt)
            .output()
            .unwrap(),
    )["keys"][0]
        .clone();
    let mut with_x5c = jwk.clone();
    with_x5c["x5c"] = json!([data_encoding::BASE64.encode(&der("leaf.crt"))]);
    let file = keys.write("x5c.json", json!({"keys": [with_x5c]}).to_string());
    let (code, _) = verify_json(&token, &["--key", file.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    let lying = signed(&[
        "--key",
        leaf_key.to_str().unwrap(),
        "--header",
        "x5t=AAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]);
    let (code, doc) = verify_json(&lying, &["--key", file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(finding(&doc, "header.cert_mismatch").is_some(), "{doc:#}");
    let mut foreign = jwk;
    foreign["x5c"] = json!([data_encoding::BASE64.encode(&der("other.crt"))]);
    let file = keys.write("foreign.json", json!(foreign).to_string());
    let o = jwtgrant()
        .args(["key", "thumbprint"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("RFC 7517"), "{}", text(&o.stderr));
}

#[test]
fn a_secret_file_mixing_secrets_and_public_keys_or_repeating_a_kid_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_, jwks) = new_key(d, "ES256", "ec");
    let public = jwks_with_alg(&jwks, Value::Null)["keys"][0].clone();
    let oct = |k: &[u8]| json!({"kty": "oct", "kid": "s", "k": b64(k)});
    let secret = [5u8; 32];
    let mixed = write_json(d, "mixed.json", &json!({"keys": [oct(&secret), public]}));
    let twice = write_json(
        d,
        "twice.json",
        &json!({"keys": [oct(&secret), oct(&[6; 32])]}),
    );
    let single = write_json(d, "one.json", &json!({"keys": [oct(&secret)]}));
    let token = signed(&["--secret-file", single.to_str().unwrap(), "--kid", "s"]);
    for (file, says) in [(&mixed, "mixes oct keys"), (&twice, "ambiguous")] {
        let o = jwtgrant()
            .args(["verify", &token, "--secret-file", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{says}");
        assert!(text(&o.stderr).contains(says), "{}", text(&o.stderr));
    }
}

/// serve honours what a registered secret's oct JWK says it is for, as verify does.
#[test]
fn serve_honours_the_intent_of_a_registered_oct_jwk() {
    let dir = tempfile::tempdir().unwrap();
    let secret = [7u8; 32];
    let raw = dir.path().join("secret.bin");
    std::fs::write(&raw, secret).unwrap();
    let raw = raw.to_str().unwrap().to_string();
    let oct = |usage: &str| json!({"kty": "oct", "k": b64(&secret), "use": usage});
    for (usage, accepted) in [("sig", true), ("enc", false)] {
        let jwk = write_json(dir.path(), &format!("{usage}.jwk"), &oct(usage));
        let registered = format!("app={}", jwk.display());
        let server =
            crate::support::serve::Serve::start(&["--client-secret-file", registered.as_str()]);
        let made = jwtgrant()
            .args(["sign", "--client-id", "app", "--aud", &server.base])
            .args(["--alg", "HS256", "--secret-file", &raw])
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", text(&made.stderr));
        let token = text(&made.stdout).trim().to_string();
        let out = jwtgrant()
            .args([
                "replay",
                &token,
                "--token-endpoint",
                &server.token_endpoint(),
            ])
            .args(["--no-history", "--color", "never"])
            .output()
            .unwrap();
        let shown = text(&out.stdout);
        if accepted {
            assert_eq!(out.status.code(), Some(0), "use {usage}: {shown}");
        } else {
            assert_eq!(out.status.code(), Some(1), "use {usage}: {shown}");
            assert!(
                shown.contains("enc"),
                "the refusal names the key's use: {shown}"
            );
        }
    }
}
