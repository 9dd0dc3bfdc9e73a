//! replay --resign (a fresh copy of a used assertion) and replay --jwks with every key
//! format the keys module reads.

use crate::key_fixtures::KeyDir;
use crate::support::serve::Serve;
use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};

fn replay_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let o = jwtgrant()
        .arg("replay")
        .args(args)
        .args(["--json", "--no-history"])
        .output()
        .unwrap();
    let all = format!("{}\n{}", text(&o.stdout), text(&o.stderr));
    (o.status.code(), stdout_json(&o), all)
}

fn first(doc: &Value) -> (String, String) {
    let d = &doc["diagnosis"][0];
    (
        d["code"].as_str().unwrap_or("").to_string(),
        d["source"].as_str().unwrap_or("").to_string(),
    )
}

fn segment(token: &str, n: usize) -> Value {
    let part = token.split('.').nth(n).unwrap();
    serde_json::from_slice(
        &data_encoding::BASE64URL_NOPAD
            .decode(part.as_bytes())
            .unwrap(),
    )
    .unwrap()
}

fn hs256(secret: &[u8], header: &Value, claims: &Value) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    let mut header = header.clone();
    header["alg"] = json!("HS256");
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let tag = ring::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", b64(tag.as_ref()))
}

/// Nothing of the original assertion is printed: not the token, not its claims, not its
/// signature.
fn assert_original_absent(original: &str, out: &str) {
    let claims_segment = original.split('.').nth(1).unwrap();
    for part in [original, claims_segment, signature_of(original)] {
        assert!(!out.contains(part), "the original assertion leaked:\n{out}");
    }
}

#[test]
fn resign_replays_a_used_assertion_that_the_server_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("app.json");
    std::fs::write(
        &jwks,
        json!({"keys": [public_jwk(DEMO_KEY, "k1")]}).to_string(),
    )
    .unwrap();
    // the private key as PKCS#8 DER: the keys module finds the format by content
    let key = dir.path().join("client.der");
    std::fs::write(&key, DEMO_KEY).unwrap();
    let server = Serve::start(&["--client", &format!("app={}", jwks.display())]);
    let mut claims = client_assertion_claims("app", &server.base);
    claims["nbf"] = claims["iat"].clone();
    claims["tenant"] = json!({"id": 7});
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    let original = es256(
        DEMO_KEY,
        &json!({"kid": "k1", "typ": "client-authentication+jwt"}),
        &claims,
    );
    let (code, doc, _) = replay_json(&[&original, "--issuer", &server.base]);
    assert_eq!(code, Some(0), "{doc:#}");
    // a captured assertion, already used: the server refuses it
    let (code, doc, _) = replay_json(&[&original, "--issuer", &server.base]);
    assert_eq!(code, Some(1));
    assert_eq!(first(&doc).0, "claim.jti_reused", "{doc:#}");
    // a fresh copy of it is accepted, and the original appears nowhere
    let (code, doc, all) = replay_json(&[
        &original,
        "--issuer",
        &server.base,
        "--resign",
        "--key",
        key.to_str().unwrap(),
        "-v",
    ]);
    assert_eq!(code, Some(0), "{all}");
    assert_eq!(doc["accepted"], true);
    assert_eq!(doc["resigned"], true);
    assert_original_absent(&original, &all);
    assert!(all.contains("re-signed a fresh copy"), "{all}");
    let sent = doc["request"]["form"]["client_assertion"].as_str().unwrap();
    let (header, fresh) = (segment(sent, 0), segment(sent, 1));
    assert_eq!(
        header,
        json!({"alg": "ES256", "kid": "k1", "typ": "client-authentication+jwt"})
    );
    assert_ne!(fresh["jti"], claims["jti"]);
    assert_eq!(fresh["jti"].as_str().unwrap().len(), 22, "128 random bits");
    let iat = fresh["iat"].as_i64().unwrap();
    assert!((iat - now()).abs() <= 5, "{fresh}");
    assert_eq!(fresh["exp"].as_i64().unwrap() - iat, lifetime);
    assert_eq!(fresh["nbf"], fresh["iat"]);
    for kept in ["iss", "sub", "aud", "tenant"] {
        assert_eq!(fresh[kept], claims[kept], "{kept}");
    }
    // human output, with -v (the sent assertion shown without its signature): nothing of
    // the original either
    let o = jwtgrant()
        .args([
            "replay",
            &original,
            "--issuer",
            &server.base,
            "--no-history",
        ])
        .args(["--resign", "--key", key.to_str().unwrap(), "-v"])
        .output()
        .unwrap();
    let out = format!("{}\n{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("ACCEPTED"), "{out}");
    assert_original_absent(&original, &out);
    // -vv traces how the input was read, so it echoes the input as it does for every
    // command, but never its signature
    let o = jwtgrant()
        .args([
            "replay",
            &original,
            "--issuer",
            &server.base,
            "--no-history",
        ])
        .args(["--resign", "--key", key.to_str().unwrap(), "-vv"])
        .output()
        .unwrap();
    let out = format!("{}\n{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains(signature_of(&original)), "{out}");
}

#[test]
fn resign_with_a_shared_secret_for_client_secret_jwt() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "0123456789abcdef0123456789abcdef";
    let file = dir.path().join("secret.txt");
    std::fs::write(&file, format!("{secret}\n")).unwrap();
    let server = Serve::start(&["--client-secret-file", &format!("app={}", file.display())]);
    let mut claims = client_assertion_claims("app", &server.base);
    claims.as_object_mut().unwrap().remove("iat");
    let original = hs256(secret.as_bytes(), &json!({"typ": "JWT"}), &claims);
    let (code, _, _) = replay_json(&[&original, "--issuer", &server.base]);
    assert_eq!(code, Some(0));
    let (code, doc, _) = replay_json(&[&original, "--issuer", &server.base]);
    assert_eq!(
        (code, first(&doc).0.as_str()),
        (Some(1), "claim.jti_reused")
    );
    let o = jwtgrant()
        .env("APP_SECRET", secret)
        .args([
            "replay",
            &original,
            "--issuer",
            &server.base,
            "--no-history",
        ])
        .args(["--resign", "--secret-env", "APP_SECRET", "--json"])
        .output()
        .unwrap();
    let all = format!("{}\n{}", text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{all}");
    assert_original_absent(&original, &all);
    assert!(!all.contains(secret), "{all}");
    let doc = stdout_json(&o);
    let sent = doc["request"]["form"]["client_assertion"].as_str().unwrap();
    // HS256 kept, no kid (a secret has none); no iat before: the default 5 minutes
    assert_eq!(segment(sent, 0), json!({"alg": "HS256", "typ": "JWT"}));
    let fresh = segment(sent, 1);
    assert_eq!(
        fresh["exp"].as_i64().unwrap() - fresh["iat"].as_i64().unwrap(),
        300
    );
    assert!(all.contains("default"), "{all}");
}

#[test]
fn resign_needs_a_key_and_key_flags_need_resign() {
    let token = es256(
        DEMO_KEY,
        &json!({"kid": "k1"}),
        &client_assertion_claims("app", "http://127.0.0.1:9"),
    );
    let o = jwtgrant()
        .args([
            "replay",
            &token,
            "--token-endpoint",
            "http://127.0.0.1:9/token",
        ])
        .args(["--no-history", "--resign"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--key"), "{}", text(&o.stderr));
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.der");
    std::fs::write(&key, DEMO_KEY).unwrap();
    let o = jwtgrant()
        .args([
            "replay",
            &token,
            "--token-endpoint",
            "http://127.0.0.1:9/token",
        ])
        .args(["--no-history", "--key", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--resign"), "{}", text(&o.stderr));
    // a key that cannot make the original's alg signs with its own (EdDSA), and says so
    let keys = KeyDir::new();
    let ed = keys.ed25519();
    let o = jwtgrant()
        .args([
            "replay",
            &token,
            "--token-endpoint",
            "http://127.0.0.1:9/token",
        ])
        .args(["--no-history", "--dry-run", "--resign", "--key"])
        .arg(ed.key())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("as EdDSA (the original used ES256"),
        "{}",
        text(&o.stderr)
    );
}

/// A client assertion signed by `jwtgrant sign` with `key`.
fn signed_by(key: &std::path::Path, aud: &str) -> String {
    let o = jwtgrant()
        .args([
            "sign",
            "--flow",
            "client",
            "--client-id",
            "app",
            "--aud",
            aud,
        ])
        .arg("--key")
        .arg(key)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    text(&o.stdout).trim().to_string()
}

fn key_causes(doc: &Value) -> Vec<String> {
    doc["diagnosis"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"] == "keys")
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn registered_keys_in_every_format_es512_pem_certificates_jwks() {
    let (keys, other_dir) = (KeyDir::new(), KeyDir::new());
    let p521 = keys.ec("secp521r1");
    let other = other_dir.ec("secp521r1");
    let server = TokenServer::one(Reply::generic_401());
    let token = signed_by(p521.key(), &server.url());
    assert_eq!(segment(&token, 0)["alg"], "ES512");
    // the right key as SPKI PEM, SPKI DER, certificate PEM/DER: the signature verifies
    for (format, public) in &p521.public {
        let (code, doc, all) = replay_json(&[
            &token,
            "--token-endpoint",
            &server.url(),
            "--jwks",
            public.to_str().unwrap(),
            "-v",
        ]);
        assert_eq!(code, Some(1));
        assert!(key_causes(&doc).is_empty(), "{format}: {doc:#}");
        assert!(all.contains("signature valid: ES512"), "{format}: {all}");
    }
    // another key's certificate: a bad signature, named by the keys
    let (_, doc, _) = replay_json(&[
        &token,
        "--token-endpoint",
        &server.url(),
        "--jwks",
        other.public[2].1.to_str().unwrap(),
    ]);
    assert_eq!(
        first(&doc),
        ("signature.invalid".into(), "keys".into()),
        "{doc:#}"
    );
    // a JWKS whose kids are thumbprints: the unknown kid lists the kids and thumbprints there
    let o = jwtgrant()
        .args(["key", "jwks"])
        .arg(other.spki())
        .arg(p521.spki())
        .output()
        .unwrap();
    let jwks = keys.write("registered.json", &o.stdout);
    // signed by a retired key that is no longer registered
    let retired_dir = KeyDir::new();
    let retired = retired_dir.ec("secp521r1");
    let o = jwtgrant()
        .args(["sign", "--flow", "client", "--client-id", "app"])
        .args(["--aud", &server.url(), "--kid", "retired-2024", "--key"])
        .arg(retired.key())
        .output()
        .unwrap();
    let stale = text(&o.stdout).trim().to_string();
    let (_, doc, _) = replay_json(&[
        &stale,
        "--token-endpoint",
        &server.url(),
        "--jwks",
        jwks.to_str().unwrap(),
    ]);
    assert_eq!(first(&doc), ("header.kid_unknown".into(), "keys".into()));
    let message = doc["diagnosis"][0]["message"].as_str().unwrap();
    assert!(message.contains("thumbprint"), "{message}");
    // no registered key verifies it either; that is the same cause, listed once
    assert_eq!(key_causes(&doc), ["header.kid_unknown"]);
    // an ES256 assertion against a P-521 key: no registered key can make the alg
    let es256_token = es256(
        DEMO_KEY,
        &json!({}),
        &client_assertion_claims("app", &server.url()),
    );
    let (_, doc, _) = replay_json(&[
        &es256_token,
        "--token-endpoint",
        &server.url(),
        "--jwks",
        p521.spki().to_str().unwrap(),
    ]);
    assert_eq!(first(&doc), ("header.alg_unexpected".into(), "keys".into()));
}

#[test]
fn a_weak_registered_rsa_key_is_named() {
    let keys = KeyDir::new();
    keys.openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:1024",
        "-out",
        "weak.pem",
    ]);
    keys.openssl(&["pkey", "-in", "weak.pem", "-pubout", "-out", "weak.pub.pem"]);
    let server = TokenServer::one(Reply::generic_401());
    let token = crate::support::token(
        &json!({"alg": "RS256"}),
        &client_assertion_claims("app", &server.url()),
    );
    let (code, doc, _) = replay_json(&[
        &token,
        "--token-endpoint",
        &server.url(),
        "--jwks",
        keys.path("weak.pub.pem").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(first(&doc), ("key.weak".into(), "keys".into()), "{doc:#}");
}
