//! Key files recognised by content, JSON first: Google service-account keys (made at test
//! time by `jwtgrant key new`, wrapped in Google's JSON shape), sign taking iss/kid/aud from
//! them, cloud credential files that hold no key, and `--secret-file` refusing key files.

use crate::key_fixtures::KeyDir;
use crate::support::{NOW, b64, jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const EMAIL: &str = "signer@proj-1234.iam.gserviceaccount.com";
const KEY_ID: &str = "3f2a9c0d8e7b6a5f4e3d2c1b0a99887766554433";
const TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
const SCOPE: &str = "scope=https://www.googleapis.com/auth/cloud-platform";
/// Planted in every credential file: it must never reach output.
const PLANTED: &str = "PLANTED-s3cret-value-7f9e2d";

/// A fresh RS256 key (`jwtgrant key new`) as `NAME.pem`, wrapped as a Google key file.
fn service_account(dir: &KeyDir, name: &str, kind: &str) -> PathBuf {
    jwtgrant()
        .args(["key", "new", "--alg", "RS256", "--name", name, "--out"])
        .arg(dir.dir.path())
        .assert()
        .success();
    let pem = std::fs::read_to_string(dir.path(&format!("{name}.pem"))).unwrap();
    let file = json!({
        "type": kind,
        "project_id": "proj-1234",
        "private_key_id": KEY_ID,
        "private_key": pem,
        "client_email": EMAIL,
        "client_id": "104242424242424242424",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": TOKEN_URI,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/signer",
        "universe_domain": "googleapis.com",
    });
    // Pretty-printed as Google writes it: the PEM's newlines become "\n" escapes.
    let text = serde_json::to_string_pretty(&file).unwrap();
    assert!(text.contains("-----BEGIN PRIVATE KEY-----\\n"));
    dir.write(&format!("{name}.json"), text)
}

fn public_pem(dir: &KeyDir, name: &str) -> PathBuf {
    let out = format!("{name}.pub.pem");
    dir.openssl(&[
        "pkey",
        "-in",
        &format!("{name}.pem"),
        "-pubout",
        "-out",
        &out,
    ]);
    dir.path(&out)
}

/// (header, claims) of a compact JWS.
fn parts(token: &str) -> (Value, Value) {
    let seg: Vec<&str> = token.trim().split('.').collect();
    assert_eq!(seg.len(), 3, "{token}");
    let json = |s: &str| -> Value {
        serde_json::from_slice(&data_encoding::BASE64URL_NOPAD.decode(s.as_bytes()).unwrap())
            .unwrap()
    };
    (json(seg[0]), json(seg[1]))
}

/// `sign ARGS --now NOW`: (token, stderr); the command must succeed.
fn sign(args: &[&str], key: &Path) -> (String, String) {
    let out = jwtgrant()
        .args(["sign", "--now", &NOW.to_string(), "--key"])
        .arg(key)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "sign {args:?}: {}", text(&out.stderr));
    (text(&out.stdout).trim().to_string(), text(&out.stderr))
}

fn verify(token: &str, key: &Path, extra: &[&str]) -> Value {
    let out = jwtgrant()
        .args(["verify", token, "--json", "--now", &NOW.to_string()])
        .args(["--aud", TOKEN_URI, "--flow", "grant", "--key"])
        .arg(key)
        .args(extra)
        .output()
        .unwrap();
    stdout_json(&out)
}

#[test]
fn a_service_account_key_signs_a_grant_that_its_public_key_verifies() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let (token, err) = sign(&["--claim", SCOPE], &sa);
    let (header, claims) = parts(&token);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], KEY_ID, "kid from private_key_id");
    assert_eq!(claims["iss"], EMAIL, "iss from client_email");
    assert_eq!(claims["aud"], TOKEN_URI, "aud from token_uri");
    assert!(claims.get("sub").is_none(), "no sub without delegation");
    assert_eq!(
        claims["scope"],
        "https://www.googleapis.com/auth/cloud-platform"
    );
    for said in ["client_email", "token_uri", "private_key_id", EMAIL] {
        assert!(err.contains(said), "stderr names {said}: {err}");
    }
    assert!(!err.contains("error"), "linted clean under google: {err}");
    // The public key alone (SPKI PEM) and the service-account file itself both verify it.
    let spki = public_pem(&dir, "sa");
    for key in [&spki, &sa] {
        let doc = verify(&token, key, &["--profile", "google"]);
        assert_eq!(doc["verification"]["signature"], "valid", "{key:?}: {doc}");
        assert_eq!(
            doc["verdict"]["status"], "OK",
            "{key:?}: {}",
            doc["findings"]
        );
    }
}

#[test]
fn flags_override_what_the_service_account_file_says() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let (token, err) = sign(
        &[
            "--claim",
            SCOPE,
            "--iss",
            "other@proj.iam.gserviceaccount.com",
            "--sub",
            "user@example.com",
            "--aud",
            "https://oauth2.example.com/token",
            "--kid",
            "k2",
            "--profile",
            "rfc7523",
        ],
        &sa,
    );
    let (header, claims) = parts(&token);
    assert_eq!(header["kid"], "k2");
    assert_eq!(claims["iss"], "other@proj.iam.gserviceaccount.com");
    assert_eq!(claims["sub"], "user@example.com");
    assert_eq!(claims["aud"], "https://oauth2.example.com/token");
    assert!(
        !err.contains("from the service-account file"),
        "nothing was taken from the file: {err}"
    );
    // Each flag alone overrides only its own claim.
    let (token, err) = sign(&["--claim", SCOPE, "--aud", "https://a.example/token"], &sa);
    let (header, claims) = parts(&token);
    assert_eq!(claims["aud"], "https://a.example/token");
    assert_eq!(
        (&claims["iss"], &header["kid"]),
        (&json!(EMAIL), &json!(KEY_ID))
    );
    assert!(
        err.contains("client_email") && !err.contains("token_uri"),
        "{err}"
    );
    let (token, _) = sign(&["--claim", SCOPE, "--no-kid"], &sa);
    assert!(parts(&token).0.get("kid").is_none());
    // A client assertion signed with the key takes only the key's id from the file.
    let (token, err) = sign(
        &[
            "--flow",
            "client",
            "--client-id",
            "app",
            "--aud",
            "https://as.example",
        ],
        &sa,
    );
    let (header, claims) = parts(&token);
    assert_eq!(
        (&claims["iss"], &claims["sub"]),
        (&json!("app"), &json!("app"))
    );
    assert_eq!(header["kid"], KEY_ID);
    assert!(!err.contains("client_email"), "{err}");
}

#[test]
fn a_grant_without_scope_is_signed_with_the_advice_google_needs_one() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let (token, err) = sign(&[], &sa);
    assert!(parts(&token).1.get("scope").is_none());
    assert!(err.contains("--claim scope="), "{err}");
    assert!(
        err.contains("claim.missing"),
        "the google profile flags it: {err}"
    );
}

#[test]
fn other_grants_still_need_iss_and_sub() {
    let dir = KeyDir::new();
    service_account(&dir, "sa", "service_account");
    let out = jwtgrant()
        .args([
            "sign", "--flow", "grant", "--iss", "x", "--aud", TOKEN_URI, "--key",
        ])
        .arg(dir.path("sa.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs --iss and --sub"));
}

#[test]
fn json_is_read_before_pem_whatever_surrounds_it() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let thumbprint = |path: &Path| -> String {
        let out = jwtgrant()
            .args(["key", "thumbprint"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{path:?}: {}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let expected = thumbprint(&dir.path("sa.pem"));
    assert_eq!(thumbprint(&sa), expected);
    let body = std::fs::read_to_string(&sa).unwrap();
    for (name, wrapped) in [
        ("bom.json", format!("\u{feff}{body}")),
        ("spaces.json", format!("\n\r\n\t  {body}\n\n")),
        ("compact.json", {
            let v: Value = serde_json::from_str(&body).unwrap();
            v.to_string()
        }),
        ("no-type.json", {
            // Older key files carry no "type".
            let mut v: Value = serde_json::from_str(&body).unwrap();
            v.as_object_mut().unwrap().remove("type");
            v.to_string()
        }),
    ] {
        assert_eq!(thumbprint(&dir.write(name, wrapped)), expected, "{name}");
    }
    // A JWKS after a BOM, too.
    let jwks = std::fs::read_to_string(dir.path("sa.jwks.json")).unwrap();
    assert_eq!(
        thumbprint(&dir.write("bom.jwks.json", format!("\u{feff} {jwks}"))),
        expected
    );
}

#[test]
fn a_gdch_service_account_loads_its_ec_key_and_key_id_only() {
    let dir = KeyDir::new();
    jwtgrant()
        .args(["key", "new", "--alg", "ES256", "--name", "gdch", "--out"])
        .arg(dir.dir.path())
        .assert()
        .success();
    let pem = std::fs::read_to_string(dir.path("gdch.pem")).unwrap();
    let file = dir.write(
        "gdch.json",
        json!({"type": "gdch_service_account", "format_version": "1", "project": "p",
               "private_key_id": "gdch-key-1", "private_key": pem, "name": "robot",
               "ca_cert_path": "/etc/ca.pem",
               "token_uri": "https://service-identity.example/authenticate"})
        .to_string(),
    );
    let (token, _) = sign(
        &["--client-id", "robot", "--aud", "https://as.example"],
        &file,
    );
    let (header, claims) = parts(&token);
    assert_eq!(
        (&header["alg"], &header["kid"]),
        (&json!("ES256"), &json!("gdch-key-1"))
    );
    assert_eq!(claims["aud"], "https://as.example");
    // Its JWT is a token-exchange subject token, not a jwt-bearer grant: no defaults.
    let out = jwtgrant()
        .args(["sign", "--key"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("say what the assertion is for"));
}

/// `sign --key FILE` fails: exit 2, nothing on stdout, the stderr text.
fn refused_key(file: &Path) -> String {
    let out = jwtgrant()
        .args([
            "sign",
            "--client-id",
            "c",
            "--aud",
            "https://as.example",
            "--key",
        ])
        .arg(file)
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{file:?}: {err}");
    assert!(out.stdout.is_empty());
    assert!(!err.contains(PLANTED), "a value reached stderr: {err}");
    err
}

#[test]
fn credential_files_without_a_key_say_what_they_are() {
    let dir = KeyDir::new();
    let cases = [
        (
            json!({"type": "external_account", "audience": "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x",
                   "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", "token_url": "https://sts.googleapis.com/v1/token",
                   "credential_source": {"file": PLANTED}, "service_account_impersonation_url": PLANTED}),
            &[
                "workload identity federation",
                "no private key",
                "service_account",
            ][..],
        ),
        (
            json!({"type": "authorized_user", "client_id": "x.apps.googleusercontent.com",
                   "client_secret": PLANTED, "refresh_token": PLANTED}),
            &["Google user credentials", "no private key"],
        ),
        (
            json!({"type": "external_account_authorized_user", "audience": "x", "client_id": "x",
                   "client_secret": PLANTED, "refresh_token": PLANTED, "token_url": "https://sts.googleapis.com/v1/oauthtoken"}),
            &["workforce identity federation", "no private key"],
        ),
        (
            json!({"type": "impersonated_service_account", "service_account_impersonation_url": "https://iam",
                   "source_credentials": {"type": "authorized_user", "refresh_token": PLANTED}}),
            &["impersonation", "no private key"],
        ),
        (
            json!({"installed": {"client_id": "x.apps.googleusercontent.com", "client_secret": PLANTED,
                   "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": TOKEN_URI}}),
            &["Google OAuth client file", "client_secret"],
        ),
        (
            json!({"appId": "00000000-0000-0000-0000-000000000000", "displayName": "app",
                   "password": PLANTED, "tenant": "11111111-1111-1111-1111-111111111111"}),
            &["Azure service principal", "client secret"],
        ),
        (
            json!({"appId": "0", "displayName": "app", "fileWithCertAndPrivateKey": PLANTED,
                   "password": null, "tenant": "1"}),
            &[
                "Azure service principal",
                "fileWithCertAndPrivateKey",
                "--key",
            ],
        ),
        (
            json!({"clientId": "0", "clientSecret": PLANTED, "subscriptionId": "2", "tenantId": "1",
                   "activeDirectoryEndpointUrl": "https://login.microsoftonline.com"}),
            &["Azure SDK auth file", "client secret"],
        ),
        (
            json!({"boxAppSettings": {"clientID": "abc", "clientSecret": PLANTED,
                   "appAuth": {"publicKeyID": "pk1", "passphrase": PLANTED,
                   "privateKey": format!("-----BEGIN ENCRYPTED PRIVATE KEY-----\n{PLANTED}\n-----END ENCRYPTED PRIVATE KEY-----\n")}},
                   "enterpriseID": "42"}),
            &["Box JWT app configuration", "encrypted", "openssl pkey"],
        ),
        (
            json!({"issuer": "https://as.example", "jwks_uri": "https://as.example/jwks",
                   "token_endpoint": "https://as.example/token"}),
            &["authorization-server metadata", "jwks_uri"],
        ),
        (
            json!({"kid_list": PLANTED, "secret": PLANTED, "type": "service_acount"}),
            &[
                "not a key file jwtgrant knows",
                "\"kid_list\"",
                "\"secret\"",
                "service_acount",
            ],
        ),
        (
            json!([{"kty": "oct", "k": PLANTED}]),
            &["JSON array", "{\"keys\""],
        ),
    ];
    for (i, (file, expected)) in cases.iter().enumerate() {
        let path = dir.write(
            &format!("cred{i}.json"),
            serde_json::to_string_pretty(file).unwrap(),
        );
        let err = refused_key(&path);
        for part in *expected {
            assert!(err.contains(part), "case {i}: wanted {part:?} in {err}");
        }
        // Never the PEM-first error of old.
        assert!(!err.contains("base64"), "case {i}: {err}");
    }
}

/// A command that takes a shared secret, run with `flag FILE`: (exit code, stderr).
fn with_secret(cmd: &[&str], flag: &str, file: &Path) -> (Option<i32>, String, Vec<u8>) {
    let mut c = jwtgrant();
    c.args(cmd);
    if flag == "--secret-env" {
        c.args([flag, "JWTGRANT_TEST_SECRET"]).env(
            "JWTGRANT_TEST_SECRET",
            std::fs::read_to_string(file).unwrap(),
        );
    } else {
        c.arg(flag).arg(file);
    }
    let out = c.output().unwrap();
    (out.status.code(), text(&out.stderr), out.stdout)
}

#[test]
fn secret_files_refuse_private_and_public_keys() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let rsa = dir.rsa(2048);
    // RFC 8037 Appendix A.1: a private Ed25519 JWK.
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed",
        "d": "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    let private_jwk = dir.write("private.jwk.json", jwk.to_string());
    let private_jwks = dir.write("private.jwks.json", json!({"keys": [jwk]}).to_string());
    let private = [
        dir.path("sa.pem"),
        rsa.private[1].1.clone(), // PKCS#1 PEM
        rsa.private[2].1.clone(), // PKCS#8 DER
        private_jwk,
        private_jwks,
        sa,
    ];
    let public = [rsa.spki().to_path_buf(), dir.path("sa.jwks.json")];
    let token = crate::support::client_token();
    let hmac_token = crate::support::token(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &crate::support::client_claims(),
    );
    let commands: [(&[&str], &[&str]); 4] = [
        (
            &["sign", "--client-id", "c", "--aud", "https://as.example"],
            &["--secret-file", "--secret-env"],
        ),
        (
            &["verify", &hmac_token, "--aud", "https://as.example"],
            &["--secret-file"],
        ),
        (
            &[
                "replay",
                &token,
                "--token-endpoint",
                "http://127.0.0.1:9/token",
                "--no-history",
                "--dry-run",
                "--resign",
            ],
            &["--secret-file"],
        ),
        (
            &[
                "replay",
                &token,
                "--token-endpoint",
                "http://127.0.0.1:9/token",
                "--no-history",
                "--dry-run",
                "--flow",
                "grant",
            ],
            &["--client-secret-file"],
        ),
    ];
    for (cmd, flags) in commands {
        for flag in flags {
            for (file, is_private) in private
                .iter()
                .map(|f| (f, true))
                .chain(public.iter().map(|f| (f, false)))
            {
                if *flag == "--secret-env" && file.extension().is_some_and(|e| e == "der") {
                    continue; // an environment variable cannot hold DER bytes
                }
                let (code, err, stdout) = with_secret(cmd, flag, file);
                let what = format!("{} {flag} {}", cmd[0], file.display());
                assert_eq!(code, Some(2), "{what}: {err}");
                assert!(stdout.is_empty(), "{what}");
                if is_private {
                    assert!(err.contains("holds a private key"), "{what}: {err}");
                    assert!(err.contains("client_secret_jwt"), "{what}: {err}");
                    assert!(err.contains("--key FILE"), "{what}: {err}");
                } else {
                    assert!(err.contains("holds a public key"), "{what}: {err}");
                    assert!(err.contains("algorithm-confusion"), "{what}: {err}");
                }
                assert!(!err.contains("nWGxne"), "{what}: key material in {err}");
                assert!(!err.contains("MII"), "{what}: key material in {err}");
            }
        }
    }
}

#[test]
fn secret_files_take_the_k_of_an_oct_jwk_or_the_one_kid_names_in_a_jwks() {
    let dir = KeyDir::new();
    let (a, b) = (
        b"a-shared-secret-of-thirty-two-by".as_slice(),
        b"another-secret-of-thirty-two-byt".as_slice(),
    );
    let raw_a = dir.write("a.txt", a);
    let raw_b = dir.write("b.txt", b);
    let oct = |kid: &str, k: &[u8]| json!({"kty": "oct", "kid": kid, "k": b64(k)});
    let one = dir.write("one.jwk.json", oct("a", a).to_string());
    let two = dir.write(
        "two.jwks.json",
        json!({"keys": [oct("a", a), oct("b", b)]}).to_string(),
    );
    let rsa = dir.rsa(2048);
    let mixed = {
        let out = jwtgrant()
            .args(["key", "jwks"])
            .arg(rsa.spki())
            .output()
            .unwrap();
        let mut set: Value = serde_json::from_slice(&out.stdout).unwrap();
        set["keys"].as_array_mut().unwrap().push(oct("b", b));
        dir.write("mixed.jwks.json", set.to_string())
    };
    let sign_hs = |file: &Path, extra: &[&str]| -> std::process::Output {
        jwtgrant()
            .args(["sign", "--client-id", "c", "--aud", "https://as.example"])
            .args(["--now", &NOW.to_string(), "--secret-file"])
            .arg(file)
            .args(extra)
            .output()
            .unwrap()
    };
    let verifies = |token: &str, file: &Path| -> bool {
        let out = jwtgrant()
            .args(["verify", token, "--json", "--aud", "https://as.example"])
            .args(["--now", &NOW.to_string(), "--secret-file"])
            .arg(file)
            .output()
            .unwrap();
        stdout_json(&out)["verification"]["signature"] == "valid"
    };
    // An oct JWK: its k signs, and its kid goes in the header.
    let out = sign_hs(&one, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_string();
    assert_eq!(parts(&token).0["kid"], "a");
    assert!(verifies(&token, &raw_a) && verifies(&token, &one));
    assert!(!verifies(&token, &raw_b));
    // Two oct keys: --kid chooses, and verify chooses by the token's kid.
    let out = sign_hs(&two, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("2 oct keys") && err.contains("--kid"), "{err}");
    assert!(!err.contains(&b64(a)), "{err}");
    let out = sign_hs(&two, &["--kid", "b"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout).trim().to_string();
    assert_eq!(parts(&token).0["kid"], "b");
    assert!(verifies(&token, &raw_b) && verifies(&token, &two));
    let out = sign_hs(&two, &["--kid", "zz"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no oct key with kid \"zz\""));
    // A JWKS that mixes an oct key with RSA keys is refused (Wycheproof's
    // jws_mixedSymmetryKeyset): a published set must not hold secrets, and which one is
    // meant is ambiguous.
    let out = sign_hs(&mixed, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("mixes oct keys"), "{err}");
    assert!(!err.contains(&b64(b)), "{err}");
}

#[test]
fn replay_takes_a_service_account_file_as_the_signer_or_the_registered_key() {
    let dir = KeyDir::new();
    let sa = service_account(&dir, "sa", "service_account");
    let (token, _) = sign(&["--claim", SCOPE], &sa);
    let replay = |extra: &[&str]| {
        jwtgrant()
            .args([
                "replay",
                &token,
                "--token-endpoint",
                "http://127.0.0.1:9/token",
            ])
            .args(["--no-history", "--dry-run", "--profile", "google"])
            .args(extra)
            .arg(&sa)
            .output()
            .unwrap()
    };
    let out = replay(&["--jwks"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = replay(&["--resign", "--key"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "re-signed a fresh copy with RSA 2048-bit private key (Google service-account JSON)"
        ),
        "{err}"
    );
}
