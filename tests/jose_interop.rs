//! Interoperability with independent JOSE implementations, both directions, every alg:
//! npm `jose` (Node's crypto, i.e. OpenSSL) and PyJWT (on `cryptography`).

use crate::key_fixtures::{HMAC_ALGS, KeyDir, Material};
use crate::support::{interop, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

const AUD: &str = "https://as.example.com";

/// Runs a peer: `program script mode alg key arg`; Ok(stdout) or Err(stderr).
struct Peer {
    program: PathBuf,
    script: PathBuf,
    name: &'static str,
}

impl Peer {
    fn node() -> Option<Peer> {
        let dir = interop::node_dir()?;
        Some(Peer {
            program: "node".into(),
            script: dir.join("jose-interop.mjs"),
            name: "npm jose",
        })
    }

    fn python() -> Option<Peer> {
        let python = interop::python()?;
        Some(Peer {
            program: python,
            script: interop::interop_dir().join("jose_interop.py"),
            name: "PyJWT",
        })
    }

    fn run(&self, mode: &str, alg: &str, key: &Path, arg: &str) -> Result<String, String> {
        let out = Command::new(&self.program)
            .arg(&self.script)
            .args([mode, alg])
            .arg(key)
            .arg(arg)
            .output()
            .expect("run the interop peer");
        if out.status.success() {
            Ok(text(&out.stdout).trim().to_string())
        } else {
            Err(text(&out.stderr))
        }
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims() -> String {
    let now = now();
    json!({"iss": "c1", "sub": "c1", "aud": AUD, "iat": now, "exp": now + 300, "jti": format!("peer-{now}")}).to_string()
}

/// jwtgrant signs, the peer verifies; the peer signs, jwtgrant verifies.
fn both_directions(peer: &Peer, alg: &str, private: &Path, public: &Path) {
    let out = jwtgrant()
        .args([
            "sign",
            "--client-id",
            "c1",
            "--aud",
            AUD,
            "--alg",
            alg,
            "--key",
        ])
        .arg(private)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_string();
    let payload = peer
        .run("verify", alg, public, &token)
        .unwrap_or_else(|e| panic!("{} rejected jwtgrant's {alg} token: {e}", peer.name));
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["iss"], "c1");

    let theirs = peer
        .run("sign", alg, private, &claims())
        .unwrap_or_else(|e| panic!("{} could not sign {alg}: {e}", peer.name));
    let out = jwtgrant()
        .args(["verify", &theirs, "--json", "--aud", AUD, "--key"])
        .arg(public)
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(
        doc["verification"]["signature"], "valid",
        "jwtgrant rejected {}'s {alg} token: {}",
        peer.name, doc["findings"]
    );
    assert_eq!(out.status.code(), Some(0), "{}", doc["findings"]);

    // And a token whose signature the peer did not make is refused by the peer.
    let (head, _) = token.rsplit_once('.').unwrap();
    let (_, sig) = theirs.rsplit_once('.').unwrap();
    assert!(
        peer.run("verify", alg, public, &format!("{head}.{sig}"))
            .is_err()
    );
}

fn every_alg(peer: &Peer, algs: &[&str]) {
    let dir = KeyDir::new();
    let rsa = dir.rsa(2048);
    let mut by_alg: Vec<(&str, Material)> = Vec::new();
    for alg in algs {
        match *alg {
            "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => {}
            other => by_alg.push((alg, dir.for_alg(other))),
        }
    }
    for alg in algs
        .iter()
        .filter(|a| a.starts_with("RS") || a.starts_with("PS"))
    {
        both_directions(peer, alg, rsa.key(), rsa.spki());
    }
    for (alg, m) in &by_alg {
        both_directions(peer, alg, m.key(), m.spki());
    }
    // Certificates as the public key, too.
    let ec = dir.ec("prime256v1");
    both_directions(peer, "ES256", ec.key(), &ec.public[2].1);
    for (alg, len) in HMAC_ALGS {
        let secret = dir.secret(&format!("{alg}.secret"), *len);
        let out = jwtgrant()
            .args([
                "sign",
                "--client-id",
                "c1",
                "--aud",
                AUD,
                "--alg",
                alg,
                "--secret-file",
            ])
            .arg(&secret)
            .output()
            .unwrap();
        let token = text(&out.stdout).trim().to_string();
        peer.run("verify", alg, &secret, &token)
            .unwrap_or_else(|e| panic!("{} rejected jwtgrant's {alg} token: {e}", peer.name));
        let theirs = peer.run("sign", alg, &secret, &claims()).unwrap();
        let out = jwtgrant()
            .args(["verify", &theirs, "--json", "--secret-file"])
            .arg(&secret)
            .output()
            .unwrap();
        assert_eq!(
            stdout_json(&out)["verification"]["signature"],
            "valid",
            "{alg}"
        );
    }
}

#[test]
fn npm_jose_and_jwtgrant_verify_each_others_tokens_for_every_alg() {
    let Some(peer) = Peer::node() else { return };
    every_alg(
        &peer,
        &[
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA", "Ed25519",
        ],
    );
}

#[test]
fn pyjwt_and_jwtgrant_verify_each_others_tokens_for_every_alg() {
    let Some(peer) = Peer::python() else { return };
    every_alg(
        &peer,
        &[
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
            "EdDSA",
        ],
    );
}

/// Private and public JWKs made by Node's crypto: jwtgrant signs with them, verifies with
/// them, and computes the same RFC 7638 thumbprint as `jose`.
#[test]
fn jwks_exported_by_node_sign_verify_and_share_thumbprints() {
    let Some(dir_node) = interop::node_dir() else {
        return;
    };
    let script = dir_node.join("jose-interop.mjs");
    let dir = KeyDir::new();
    for (alg, m) in [
        ("RS256", dir.rsa(2048)),
        ("ES256", dir.ec("prime256v1")),
        ("ES384", dir.ec("secp384r1")),
        ("ES512", dir.ec("secp521r1")),
        ("EdDSA", dir.ed25519()),
    ] {
        let out = Command::new("node")
            .arg(&script)
            .arg("jwk")
            .arg(m.key())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let exported: Value = serde_json::from_slice(&out.stdout).unwrap();
        let private = dir.write(
            &format!("{alg}.private.jwk"),
            exported["private"].to_string(),
        );
        let public = dir.write(&format!("{alg}.public.jwk"), exported["public"].to_string());
        let mut second = exported["private"].clone();
        second["kid"] = json!("second");
        let mut first = exported["private"].clone();
        first["kid"] = json!("first");
        let jwks = dir.write(
            &format!("{alg}.jwks"),
            json!({"keys": [first, second]}).to_string(),
        );

        let out = jwtgrant()
            .args(["key", "thumbprint"])
            .arg(&public)
            .output()
            .unwrap();
        assert_eq!(
            text(&out.stdout).trim(),
            exported["thumbprint"].as_str().unwrap(),
            "{alg}"
        );

        for (key, extra) in [(&private, vec![]), (&jwks, vec!["--kid", "second"])] {
            let out = jwtgrant()
                .args(["sign", "--client-id", "c1", "--aud", AUD, "--key"])
                .arg(key)
                .args(&extra)
                .output()
                .unwrap();
            assert!(out.status.success(), "{alg}: {}", text(&out.stderr));
            let token = text(&out.stdout).trim().to_string();
            let out = jwtgrant()
                .args(["verify", &token, "--json", "--aud", AUD, "--key"])
                .arg(&public)
                .output()
                .unwrap();
            assert_eq!(
                stdout_json(&out)["verification"]["signature"],
                "valid",
                "{alg}"
            );
            let verified = Command::new("node")
                .arg(&script)
                .args(["verify", alg])
                .arg(m.spki())
                .arg(&token)
                .output()
                .unwrap();
            assert!(
                verified.status.success(),
                "{alg}: {}",
                text(&verified.stderr)
            );
        }
    }
}
