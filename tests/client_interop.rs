//! Real OAuth client libraries against `jwtgrant serve`: openid-client 6 (npm, on
//! oauth4webapi) and Authlib's requests client (pip, on joserfc), installed by the tests into
//! tests/interop like the interop servers. Each authenticates with private_key_jwt for every
//! algorithm it supports, client_secret_jwt HS256 and the jwt-bearer grant; each must be
//! accepted, and a broken variant of each (wrong key or secret, expired, wrong aud) refused
//! with the finding code the library itself reports from the error response.

use crate::support::serve::Serve;
use crate::support::{interop, jwtgrant, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

const IDP: &str = "https://idp.example";

/// The keys, the server and the registered clients, shared by both libraries' runs.
struct Setup {
    dir: tempfile::TempDir,
    server: Serve,
}

fn key_new(dir: &Path, alg: &str, name: &str) -> PathBuf {
    jwtgrant()
        .args(["key", "new", "--alg", alg, "--name", name, "--out"])
        .arg(dir)
        .assert()
        .success();
    dir.join(name)
}

/// client ids per algorithm: pkj-ES256 and so on; jwks named by the registered alg.
fn setup(algs: &[&str]) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut args: Vec<String> = Vec::new();
    for alg in algs {
        let stem = key_new(d, alg, &format!("pkj-{alg}"));
        key_new(d, alg, &format!("wrong-{alg}"));
        args.push("--client".into());
        args.push(format!("pkj-{alg}={}.jwks.json", stem.display()));
    }
    std::fs::write(d.join("secret.txt"), "s3cret-0123456789abcdef-0123456789").unwrap();
    std::fs::write(
        d.join("wrong-secret.txt"),
        "wrong-0123456789abcdef-0123456789ab",
    )
    .unwrap();
    args.push("--client-secret-file".into());
    args.push(format!("csj={}", d.join("secret.txt").display()));
    let idp = key_new(d, "ES256", "idp");
    key_new(d, "ES256", "wrong-idp");
    args.push("--trust".into());
    args.push(format!("{IDP}={}.jwks.json", idp.display()));
    // A public client for libraries that send a client_id with the grant.
    let config = d.join("serve.json");
    std::fs::write(
        &config,
        json!({"clients": [{"client_id": "public"}]}).to_string(),
    )
    .unwrap();
    args.push("--config".into());
    args.push(config.display().to_string());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let server = Serve::start(&refs);
    Setup { dir, server }
}

/// One case for a client script, and what the server must answer.
struct Case {
    spec: Value,
    /// None: accepted; Some(code): refused with this finding code.
    refused_with: Option<&'static str>,
}

fn cases(setup: &Setup, algs: &[&str], grant_alg: &str) -> Vec<Case> {
    let d = setup.dir.path();
    let pem = |name: String| d.join(format!("{name}.pem")).display().to_string();
    let mut cases = Vec::new();
    for alg in algs {
        let base =
            json!({"kind": "private_key_jwt", "client_id": format!("pkj-{alg}"), "alg": alg});
        let mut ok = base.clone();
        ok["name"] = json!(format!("private_key_jwt {alg}"));
        ok["key"] = json!(pem(format!("pkj-{alg}")));
        cases.push(Case {
            spec: ok,
            refused_with: None,
        });
        let mut wrong = base;
        wrong["name"] = json!(format!("private_key_jwt {alg}, wrong key"));
        wrong["key"] = json!(pem(format!("wrong-{alg}")));
        cases.push(Case {
            spec: wrong,
            refused_with: Some("signature.invalid"),
        });
    }
    let key = pem(format!("pkj-{}", algs[0]));
    for (broken, code) in [
        ("expired", "claim.exp_expired"),
        ("wrong_aud", "claim.aud_mismatch"),
    ] {
        cases.push(Case {
            spec: json!({"name": format!("private_key_jwt {}, {broken}", algs[0]),
                "kind": "private_key_jwt", "client_id": format!("pkj-{}", algs[0]),
                "alg": algs[0], "key": key, "break": broken}),
            refused_with: Some(code),
        });
    }
    let secret = |f: &str| d.join(f).display().to_string();
    cases.push(Case {
        spec: json!({"name": "client_secret_jwt HS256", "kind": "client_secret_jwt",
            "client_id": "csj", "secret": secret("secret.txt")}),
        refused_with: None,
    });
    cases.push(Case {
        spec: json!({"name": "client_secret_jwt HS256, wrong secret", "kind": "client_secret_jwt",
            "client_id": "csj", "secret": secret("wrong-secret.txt")}),
        refused_with: Some("signature.invalid"),
    });
    cases.push(Case {
        spec: json!({"name": "client_secret_jwt HS256, expired", "kind": "client_secret_jwt",
            "client_id": "csj", "secret": secret("secret.txt"), "break": "expired"}),
        refused_with: Some("claim.exp_expired"),
    });
    let grant = json!({"kind": "jwt_bearer", "client_id": "public", "alg": grant_alg,
        "issuer": IDP, "key": pem("idp".into())});
    for (name, change, code) in [
        ("jwt-bearer grant", json!({}), None),
        (
            "jwt-bearer grant, wrong key",
            json!({"key": pem("wrong-idp".into())}),
            Some("signature.invalid"),
        ),
        (
            "jwt-bearer grant, expired",
            json!({"break": "expired"}),
            Some("claim.exp_expired"),
        ),
        (
            "jwt-bearer grant, wrong aud",
            json!({"break": "wrong_aud"}),
            Some("claim.aud_mismatch"),
        ),
    ] {
        let mut spec = grant.clone();
        spec["name"] = json!(name);
        for (k, v) in change.as_object().unwrap() {
            spec[k] = v.clone();
        }
        cases.push(Case {
            spec,
            refused_with: code,
        });
    }
    cases
}

/// Run the library's script over the cases and check every answer it reports.
fn run_and_check(library: &str, mut cmd: Command, setup: &Setup, cases: Vec<Case>) {
    let spec_file = setup.dir.path().join(format!("{library}-cases.json"));
    let specs: Vec<&Value> = cases.iter().map(|c| &c.spec).collect();
    std::fs::write(
        &spec_file,
        json!({"issuer": setup.server.base, "cases": specs}).to_string(),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = cmd.arg(&spec_file).output().unwrap();
    eprintln!(
        "{library}: {} cases in {:.1?}",
        cases.len(),
        started.elapsed()
    );
    let stdout = text(&out.stdout);
    let results: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(
        results.len(),
        cases.len(),
        "{library} reported {} of {} cases:\n{stdout}\n{}",
        results.len(),
        cases.len(),
        text(&out.stderr)
    );
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let name = case.spec["name"].as_str().unwrap();
        let description = result["error_description"].as_str().unwrap_or("");
        let verdict = match case.refused_with {
            None if result["ok"] == true => None,
            None => Some(format!("refused: {result}")),
            Some(code)
                if result["ok"] == false
                    && result["error"]
                        .as_str()
                        .is_some_and(|e| e.starts_with("invalid_"))
                    && description.ends_with(&format!("[{code}]")) =>
            {
                None
            }
            Some(code) => Some(format!(
                "expected a refusal ending [{code}], the library reported {result}"
            )),
        };
        if let Some(why) = verdict {
            failures.push(format!("{library}, {name}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nserver log:\n{}",
        failures.join("\n"),
        setup.server.log().join("\n")
    );
}

/// openid-client signs Ed25519 keys as "Ed25519" (RFC 9864); the JWKS says EdDSA.
const OPENID_CLIENT_ALGS: &[&str] = &["ES256", "RS256", "PS256", "ES384", "ES512", "EdDSA"];

#[test]
fn openid_client_authenticates_to_serve_and_shows_each_refusal() {
    let Some(dir) = interop::node_dir() else {
        return;
    };
    let setup = setup(OPENID_CLIENT_ALGS);
    let cases = cases(&setup, OPENID_CLIENT_ALGS, "ES256");
    let mut cmd = Command::new("node");
    cmd.arg(dir.join("openid-client-cases.mjs"))
        .current_dir(&dir);
    run_and_check("openid-client", cmd, &setup, cases);
}

/// Authlib signs with the alg it is given, through joserfc, which knows both Ed25519 names.
const AUTHLIB_ALGS: &[&str] = &[
    "ES256", "RS256", "PS256", "ES384", "ES512", "EdDSA", "Ed25519",
];

#[test]
fn authlib_client_authenticates_to_serve_and_shows_each_refusal() {
    let Some(python) = interop::python() else {
        return;
    };
    let setup = setup(AUTHLIB_ALGS);
    let cases = cases(&setup, AUTHLIB_ALGS, "ES256");
    let mut cmd = Command::new(python);
    cmd.arg(interop::interop_dir().join("authlib_client_cases.py"));
    run_and_check("Authlib", cmd, &setup, cases);
}
