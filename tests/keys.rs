//! Key loading (by content), malformed keys, key tools, JWKS over HTTP, and the promise
//! that no secret or private key material is ever printed.

use crate::key_fixtures::KeyDir;
use crate::sign_verify::{sign, sign_with, verify};
use crate::support::{NOW, b64, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::time::{Duration, Instant};

const AUD: &str = "https://as.example.com";

fn sign_fails(key: &Path) -> String {
    let out = jwtgrant()
        .args(["sign", "--client-id", "c", "--aud", AUD, "--key"])
        .arg(key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    text(&out.stderr)
}

#[test]
fn malformed_keys_are_errors_naming_the_file_and_what_was_found() {
    let dir = KeyDir::new();
    let ec = dir.ec("prime256v1");
    let rsa = dir.rsa(2048);
    dir.openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        ec.key().to_str().unwrap(),
        "-passout",
        "pass:pw",
        "-out",
        "enc8.pem",
    ]);
    dir.openssl(&[
        "rsa",
        "-in",
        rsa.key().to_str().unwrap(),
        "-aes128",
        "-passout",
        "pass:pw",
        "-traditional",
        "-out",
        "enc1.pem",
    ]);
    dir.openssl(&["genpkey", "-algorithm", "X25519", "-out", "x25519.pem"]);
    dir.openssl(&[
        "ecparam",
        "-name",
        "secp256k1",
        "-genkey",
        "-noout",
        "-out",
        "k1.pem",
    ]);
    let pem = std::fs::read_to_string(rsa.key()).unwrap();
    let der = std::fs::read(&rsa.private[2].1).unwrap();
    let cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        ("encrypted PKCS#8", dir.path("enc8.pem"), "openssl pkey -in"),
        ("encrypted PKCS#1", dir.path("enc1.pem"), "Proc-Type"),
        (
            "truncated PEM",
            dir.write("trunc.pem", &pem[..pem.len() / 2]),
            "truncated",
        ),
        (
            "damaged PEM body",
            dir.write("damaged.pem", pem.replace("MII", "M!I")),
            "base64",
        ),
        (
            "truncated DER",
            dir.write("trunc.der", &der[..der.len() / 2]),
            "trunc.der",
        ),
        (
            "text",
            dir.write("notes.txt", "hello, not a key\n"),
            "not a key file",
        ),
        ("empty", dir.write("empty.pem", ""), "empty"),
        ("directory", dir.dir.path().to_path_buf(), "directory"),
        ("missing", dir.path("missing.pem"), "no such file"),
        (
            "bad JSON",
            dir.write("cut.json", r#"{"kty":"EC","crv":"#),
            "does not parse",
        ),
        (
            "JWK without y",
            dir.write(
                "noy.json",
                r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"}"#,
            ),
            "\"y\" is missing",
        ),
        (
            "OpenSSH public key",
            dir.write(
                "id.pub",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDx user@host\n",
            ),
            "ssh-keygen",
        ),
        (
            "certificate request",
            dir.write(
                "req.pem",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
            ),
            "CERTIFICATE REQUEST",
        ),
        (
            "public key for signing",
            ec.spki().to_path_buf(),
            "signing needs the private key",
        ),
        (
            "certificate for signing",
            ec.public[2].1.clone(),
            "signing needs the private key",
        ),
        ("X25519", dir.path("x25519.pem"), "key agreement"),
        ("secp256k1", dir.path("k1.pem"), "secp256k1"),
    ];
    let secret_lines: Vec<&str> = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for (what, path, expect) in cases {
        let err = sign_fails(&path);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            err.contains(&name),
            "{what}: the error names the file: {err}"
        );
        assert!(
            err.contains(expect),
            "{what}: expected {expect:?} in: {err}"
        );
        for line in &secret_lines {
            assert!(!err.contains(line), "{what}: key bytes in the error");
        }
    }
}

#[test]
fn small_rsa_keys_are_refused_for_signing_and_flagged_when_verifying() {
    let dir = KeyDir::new();
    let small = dir.rsa(1024);
    let err = sign_fails(small.key());
    assert!(
        err.contains("1024 bits") && err.contains("RFC 7518 §3.3"),
        "{err}"
    );
    // A token made elsewhere with the small key (openssl signs it).
    let head = format!(
        "{}.{}",
        b64(br#"{"alg":"RS256"}"#),
        b64(json!({"iss":"c","sub":"c","aud":AUD,"exp":NOW+60})
            .to_string()
            .as_bytes())
    );
    dir.write("input.txt", &head);
    dir.openssl(&[
        "dgst",
        "-sha256",
        "-sign",
        small.key().to_str().unwrap(),
        "-out",
        "sig.bin",
        "input.txt",
    ]);
    let token = format!(
        "{head}.{}",
        b64(&std::fs::read(dir.path("sig.bin")).unwrap())
    );
    let (code, doc) = verify(&token, &["--key".as_ref(), small.spki().as_os_str()]);
    assert_eq!(code, 1);
    let weak = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "key.weak")
        .unwrap();
    assert!(weak["message"].as_str().unwrap().contains("1024 bits"));
}

#[test]
fn rfc7638_worked_example_thumbprint() {
    let dir = KeyDir::new();
    // RFC 7638 §3.1
    let jwk = dir.write("rfc7638.json", r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#);
    let out = jwtgrant()
        .args(["key", "thumbprint"])
        .arg(&jwk)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n"
    );
}

#[test]
fn thumbprints_agree_across_formats_and_certificates_get_x5t_s256() {
    let dir = KeyDir::new();
    for m in [dir.rsa(2048), dir.ec("secp384r1"), dir.ed25519()] {
        let prints: Vec<String> = m
            .private
            .iter()
            .chain(m.public.iter())
            .map(|(_, p)| {
                let out = jwtgrant()
                    .args(["key", "thumbprint"])
                    .arg(p)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", text(&out.stderr));
                text(&out.stdout).lines().next().unwrap().to_string()
            })
            .collect();
        assert!(
            prints.iter().all(|p| p == &prints[0] && p.len() == 43),
            "{prints:?}"
        );
        // x5t#S256 = base64url(SHA-256(DER certificate)), computed here by openssl.
        let cert_der = &m.public[3].1;
        let digest = std::process::Command::new("openssl")
            .args(["dgst", "-sha256", "-binary"])
            .arg(cert_der)
            .output()
            .unwrap()
            .stdout;
        let out = jwtgrant()
            .args(["key", "thumbprint", "--json"])
            .arg(&m.public[2].1)
            .output()
            .unwrap();
        let doc = stdout_json(&out);
        assert_eq!(doc["keys"][0]["x5t#S256"], b64(&digest));
        assert_eq!(doc["keys"][0]["thumbprint"], prints[0].as_str());
    }
}

#[test]
fn key_jwks_prints_public_keys_only() {
    let dir = KeyDir::new();
    let rsa = dir.rsa(2048);
    let ec = dir.ec("secp521r1");
    let out = jwtgrant()
        .args(["key", "jwks"])
        .arg(rsa.key())
        .arg(&rsa.private[1].1)
        .arg(ec.key())
        .arg(&ec.public[2].1)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let doc = stdout_json(&out);
    let keys = doc["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2, "the same key in two files is published once");
    for key in keys {
        for private in ["d", "p", "q", "dp", "dq", "qi", "k"] {
            assert!(key.get(private).is_none(), "{private} in {key}");
        }
        assert_eq!(key["use"], "sig");
        assert_eq!(key["kid"].as_str().unwrap().len(), 43);
    }
    assert_eq!(keys[1]["crv"], "P-521");
    let out = jwtgrant()
        .args(["key", "jwks", "--kid", "k1", "--alg", "PS256"])
        .arg(rsa.key())
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(
        (
            doc["keys"][0]["kid"].as_str(),
            doc["keys"][0]["alg"].as_str()
        ),
        (Some("k1"), Some("PS256"))
    );
    let out = jwtgrant()
        .args(["key", "jwks", "--alg", "ES256"])
        .arg(rsa.key())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("RSA 2048-bit"));
}

#[test]
fn key_new_writes_a_private_key_and_the_jwks_to_register() {
    let dir = KeyDir::new();
    for alg in ["ES256", "ES384", "ES512", "EdDSA", "PS256"] {
        let out = jwtgrant()
            .args(["key", "new", "--alg", alg, "--out"])
            .arg(dir.path("keys"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{alg}: {}", text(&out.stderr));
        let kid = text(&out.stdout).trim().to_string();
        let stem = alg.to_ascii_lowercase();
        let private = dir.path(&format!("keys/{stem}.pem"));
        let jwks = dir.path(&format!("keys/{stem}.jwks.json"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{alg}");
        }
        let pem = std::fs::read_to_string(&private).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // openssl reads it: an independent check of the PKCS#8 we wrote.
        dir.openssl(&["pkey", "-in", private.to_str().unwrap(), "-noout"]);
        let doc: Value = serde_json::from_slice(&std::fs::read(&jwks).unwrap()).unwrap();
        assert_eq!(doc["keys"][0]["kid"], kid.as_str());
        assert_eq!(doc["keys"][0]["alg"], alg);
        assert!(doc["keys"][0].get("d").is_none());
        let thumb = text(
            &jwtgrant()
                .args(["key", "thumbprint"])
                .arg(&private)
                .output()
                .unwrap()
                .stdout,
        );
        assert_eq!(thumb.trim(), kid);
        let token = sign(alg, &private);
        let (code, doc) = verify(&token, &["--jwks".as_ref(), jwks.as_os_str()]);
        assert_eq!(code, 0, "{alg}: {}", doc["findings"]);
        assert!(!text(&out.stderr).contains(pem.lines().nth(1).unwrap()));
    }
}

#[test]
fn key_new_never_replaces_an_existing_file() {
    let dir = KeyDir::new();
    let target = dir.path("es256.pem");
    let before =
        b"-----BEGIN PRIVATE KEY-----\nthe user's precious key\n-----END PRIVATE KEY-----\n";
    std::fs::write(&target, before).unwrap();
    let out = jwtgrant()
        .args(["key", "new", "--alg", "ES256", "--out"])
        .arg(dir.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        before,
        "byte for byte unchanged"
    );
    assert!(!dir.path("es256.jwks.json").exists(), "nothing half-made");
    // Only the JWKS exists: still refused, and it stays as it was.
    std::fs::remove_file(&target).unwrap();
    std::fs::write(dir.path("es256.jwks.json"), "{}").unwrap();
    let out = jwtgrant()
        .args(["key", "new", "--alg", "ES256", "--out"])
        .arg(dir.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!target.exists());
    assert_eq!(std::fs::read(dir.path("es256.jwks.json")).unwrap(), b"{}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
    let out = jwtgrant()
        .args(["key", "new", "--alg", "HS256", "--out"])
        .arg(dir.dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_secret_or_private_key_material_is_ever_printed() {
    let dir = KeyDir::new();
    let canary = "CANARY-s3cr3t-do-not-print-0123456789abcdef";
    let secret = dir.write("secret.txt", canary);
    let ec = dir.ec("prime256v1");
    let pem = std::fs::read_to_string(ec.key()).unwrap();
    let body: Vec<String> = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 20)
        .map(str::to_string)
        .collect();
    let mut runs = Vec::new();
    let token = sign_with(&["--secret-file".as_ref(), secret.as_os_str(), "-vv".as_ref()]);
    runs.push(
        jwtgrant()
            .args([
                "sign",
                "-vv",
                "--client-id",
                "c",
                "--aud",
                AUD,
                "--secret-file",
            ])
            .arg(&secret)
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .env("S", canary)
            .args([
                "sign",
                "-vv",
                "--client-id",
                "c",
                "--aud",
                AUD,
                "--secret-env",
                "S",
                "--alg",
                "HS512",
                "--allow-weak-key",
            ])
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["verify", "-vv", &token, "--secret-file"])
            .arg(&secret)
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["verify", "-vv", &token, "--json", "--secret-file"])
            .arg(&secret)
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["verify", "-vv", &token, "--key"])
            .arg(ec.key())
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["key", "jwks", "-vv"])
            .arg(ec.key())
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["key", "thumbprint", "-vv", "--json"])
            .arg(ec.key())
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args([
                "sign",
                "-vv",
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
            .unwrap(),
    );
    let trunc = dir.write("trunc.pem", &pem[..pem.len() - 40]);
    runs.push(
        jwtgrant()
            .args(["sign", "-vv", "--client-id", "c", "--aud", AUD, "--key"])
            .arg(&trunc)
            .output()
            .unwrap(),
    );
    let jwk = dir.write("a3.jwk", r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}"#);
    runs.push(
        jwtgrant()
            .args(["key", "jwks", "-vv"])
            .arg(&jwk)
            .output()
            .unwrap(),
    );
    runs.push(
        jwtgrant()
            .args(["verify", "-vv", &token, "--json", "--key"])
            .arg(&jwk)
            .output()
            .unwrap(),
    );
    for (i, out) in runs.iter().enumerate() {
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !all.contains(canary) && !all.contains("CANARY"),
            "run {i} printed the secret:\n{all}"
        );
        assert!(
            !all.contains("jpsQnnGQmL"),
            "run {i} printed a private JWK member"
        );
        assert!(!all.contains("-----BEGIN"), "run {i} printed a PEM block");
        for line in &body {
            assert!(
                !all.contains(line.as_str()),
                "run {i} printed private key bytes"
            );
        }
    }
    assert!(runs[0].status.success(), "the canary runs did run");
    assert_eq!(stdout_json(&runs[3])["verification"]["signature"], "valid");
}

/// A small HTTP server on 127.0.0.1 (port 0) for the test's lifetime, 60 s at most.
/// `routes` gets the port, so documents can name the server's own address.
fn serve(routes: impl FnOnce(u16) -> Vec<(String, String)>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let routes = routes(port);
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = match routes.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", body.clone()),
                None => ("404 Not Found", "{}".to_string()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn verify_fetches_the_jwks_by_url_or_through_issuer_discovery() {
    let dir = KeyDir::new();
    let m = dir.ed25519();
    let jwks = text(
        &jwtgrant()
            .args(["key", "jwks"])
            .arg(m.key())
            .output()
            .unwrap()
            .stdout,
    );
    let token = sign("EdDSA", m.key());
    let jwks_for_url = jwks.clone();
    let port = serve(move |_| vec![("/jwks".into(), jwks_for_url)]);
    let url = format!("http://127.0.0.1:{port}/jwks");
    let (code, doc) = verify(&token, &["--jwks".as_ref(), url.as_ref()]);
    assert_eq!(code, 0, "{}", doc["findings"]);
    assert_eq!(doc["verification"]["source"], url.as_str());

    // Discovery: RFC 8414's URL answers 404, OIDC discovery has the metadata.
    let port = serve(move |port| {
        let issuer = format!("http://127.0.0.1:{port}");
        let meta = json!({"issuer": issuer, "jwks_uri": format!("{issuer}/jwks.json")});
        vec![
            ("/.well-known/openid-configuration".into(), meta.to_string()),
            ("/jwks.json".into(), jwks),
        ]
    });
    let issuer = format!("http://127.0.0.1:{port}");
    let (code, doc) = verify(&token, &["--issuer".as_ref(), issuer.as_ref()]);
    assert_eq!(code, 0, "{}", doc["findings"]);
    assert_eq!(doc["verification"]["source"], format!("{issuer}/jwks.json"));
}

#[test]
fn verify_exits_3_when_the_jwks_url_is_unreachable() {
    let dir = KeyDir::new();
    let m = dir.ed25519();
    let token = sign("EdDSA", m.key());
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = jwtgrant()
        .args([
            "verify",
            &token,
            "--jwks",
            &format!("http://127.0.0.1:{port}/jwks"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}
