//! Project Wycheproof's JSON Web Key and JSON Web Signature vectors (testvectors_v1/
//! json_web_{key,signature,crypto}_test.json in the C2SP/wycheproof repository) run
//! against the jwtgrant binary. Not part of the default run (the files are not in this
//! repository): `JWTGRANT_WYCHEPROOF=DIR cargo test --test integration wycheproof -- --ignored`
//! with DIR holding those files. A vector is accepted when `verify --json` reports the
//! signature valid with no key-stage error; no invalid vector may be accepted. Valid
//! vectors jwtgrant refuses are listed (see docs/conformance.md for why each is refused).

use crate::support::{jwtgrant, text};
use serde_json::Value;

/// Findings that mean the key stage refused (claims are not judged here: payloads are
/// arbitrary bytes, not JWT claims).
const KEY_STAGE: &[&str] = &[
    "header.alg_unexpected",
    "header.alg_none",
    "header.kid_unknown",
    "header.cert_mismatch",
    "header.risky",
    "key.weak",
    "signature.invalid",
];

/// Invalid vectors jwtgrant accepts, each with the reason; none today. (The trailing `.`
/// of #14 and the `?` of #362 were trimmed by text extraction until it reported them.)
const KNOWN: &[(&str, &str)] = &[];

/// (accepted, why not) for one compact JWS against the group's keys.
fn accepted(jws: &str, key_file: &std::path::Path, secret: bool) -> (bool, String) {
    let flag = if secret { "--secret-file" } else { "--key" };
    let o = jwtgrant()
        .args(["verify", jws, "--json", flag])
        .arg(key_file)
        .output()
        .unwrap();
    let Ok(doc) = serde_json::from_slice::<Value>(&o.stdout) else {
        return (
            false,
            text(&o.stderr).lines().next().unwrap_or("").to_string(),
        );
    };
    let refusals: Vec<String> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["severity"] == "error")
        .filter(|f| {
            let code = f["code"].as_str().unwrap_or("");
            // Every structural error counts, except the payload not being JWT claims
            // (empty, or not JSON): these payloads are arbitrary bytes.
            let message = f["message"].as_str().unwrap_or("");
            let not_claims =
                message.starts_with("the claims segment") && !message.contains("base64url");
            KEY_STAGE.contains(&code) || (code.starts_with("token.") && !not_claims)
        })
        .map(|f| f["code"].as_str().unwrap_or("").to_string())
        .collect();
    let valid = doc["verification"]["signature"] == "valid" && refusals.is_empty();
    (valid, refusals.join(", "))
}

#[test]
#[ignore = "needs JWTGRANT_WYCHEPROOF=DIR with Wycheproof's json_web_*_test.json"]
fn wycheproof_json_web_vectors_accept_no_invalid_one() {
    let dir = std::env::var_os("JWTGRANT_WYCHEPROOF").expect("set JWTGRANT_WYCHEPROOF=DIR");
    let tmp = tempfile::tempdir().unwrap();
    let mut accepted_invalid = Vec::new();
    let mut refused_valid = Vec::new();
    let mut contradictory = Vec::new();
    let mut known = Vec::new();
    let mut counts = (0, 0, 0);
    for file in [
        "json_web_key_test",
        "json_web_signature_test",
        "json_web_crypto_test",
    ] {
        let path = std::path::Path::new(&dir).join(format!("{file}.json"));
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for group in doc["testGroups"].as_array().unwrap() {
            // Asymmetric groups carry the public keys; symmetric ones only the secret.
            let (keys, secret) = match group.get("public") {
                Some(public) => (public, false),
                None => (&group["private"], true),
            };
            let key_file = tmp.path().join("keys.json");
            std::fs::write(&key_file, keys.to_string()).unwrap();
            // Vectors marked invalid but byte-identical to a valid one of the same group
            // (#367 and #370 repeat #357): no verifier can satisfy both.
            let valid: Vec<&str> = group["tests"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["result"] == "valid")
                .filter_map(|t| t["jws"].as_str())
                .collect();
            for t in group["tests"].as_array().unwrap() {
                let Some(jws) = t["jws"].as_str() else {
                    counts.2 += 1; // JWE, or the JSON serialization: not a compact JWS
                    continue;
                };
                let (ok, why) = accepted(jws, &key_file, secret);
                let id = format!(
                    "{file} #{} {} ({})",
                    t["tcId"],
                    t["comment"].as_str().unwrap_or(""),
                    group["comment"].as_str().unwrap_or("")
                );
                match (t["result"].as_str(), ok) {
                    (Some("valid"), true) => counts.0 += 1,
                    (Some("valid"), false) => refused_valid.push(format!("{id}: {why}")),
                    (_, false) => counts.1 += 1,
                    (_, true) if valid.contains(&jws) => contradictory.push(id),
                    (_, true) => {
                        let short = format!("{file} #{}", t["tcId"]);
                        match KNOWN.iter().find(|(k, _)| *k == short) {
                            Some((_, why)) => known.push(format!("{id}: {why}")),
                            None => accepted_invalid.push(id),
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "wycheproof JOSE: {} valid accepted, {} invalid refused, {} not compact JWS (skipped); {} valid refused:\n  {}",
        counts.0,
        counts.1,
        counts.2,
        refused_valid.len(),
        refused_valid.join("\n  ")
    );
    eprintln!(
        "contradictory (marked invalid, identical to a valid vector): {}\nknown, text extraction: {}",
        contradictory.join("; "),
        known.join("; ")
    );
    assert!(
        known.len() == KNOWN.len(),
        "a known case no longer applies; remove it from KNOWN: {known:?}"
    );
    assert!(
        accepted_invalid.is_empty(),
        "invalid vectors accepted:\n  {}",
        accepted_invalid.join("\n  ")
    );
}
