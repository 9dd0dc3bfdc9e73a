//! `triage` on HAR files in the shapes browsers export them (Chrome: postData text and
//! params both, base64 bodies, `_` members; Firefox: offsets in startedDateTime, params
//! alone), with discovery and JWKS in the same file; and the redacted HAR and evidence
//! bundle, which must hold no signature, secret, cookie or issued token.

use crate::support::token_server::*;
use crate::support::{jwtgrant, stdout_json, text};
use serde_json::{Value, json};
use std::path::Path;

const T0: i64 = 1_764_079_200; // 2025-11-25T14:00:00Z
const ISSUER: &str = "https://as.example.com";
const TOKEN_ENDPOINT: &str = "https://as.example.com/oauth2/token";
const CLIENT_URN: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

fn rfc3339(secs: i64) -> String {
    chrono_free_utc(secs)
}

/// `2025-11-25T14:00:00.250Z` without a date library: the tests' instants are on that day.
fn chrono_free_utc(secs: i64) -> String {
    let of_day = secs - (T0 - 14 * 3600);
    assert!(
        (0..86_400).contains(&of_day),
        "test instants stay on 2025-11-25"
    );
    format!(
        "2025-11-25T{:02}:{:02}:{:02}.250Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

fn assertion(aud: &str, iat: i64, jti: &str) -> String {
    es256(
        DEMO_KEY,
        &json!({"kid": "k1", "typ": "JWT"}),
        &json!({"iss": "app", "sub": "app", "aud": aud, "iat": iat, "exp": iat + 300, "jti": jti}),
    )
}

fn form(assertion: &str) -> String {
    format!(
        "grant_type=client_credentials&client_id=app&client_assertion_type={}&client_assertion={assertion}",
        CLIENT_URN.replace(':', "%3A")
    )
}

fn params(body: &str) -> Value {
    Value::Array(
        body.split('&')
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap();
                json!({"name": n, "value": v})
            })
            .collect(),
    )
}

/// A Chrome-shaped entry: text and params, base64 content, `_` members.
fn chrome(
    method: &str,
    url: &str,
    at: i64,
    body: Option<&str>,
    status: u16,
    date: i64,
    answer: &str,
) -> Value {
    let mut request = json!({
        "method": method, "url": url, "httpVersion": "http/2.0",
        "headers": [{"name": ":authority", "value": "as.example.com"},
                    {"name": "content-type", "value": "application/x-www-form-urlencoded"}],
        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": body.map_or(0, str::len),
    });
    if let Some(b) = body {
        request["postData"] = json!({"mimeType": "application/x-www-form-urlencoded", "text": b, "params": params(b)});
    }
    json!({
        "_initiator": {"type": "script", "stack": {"callFrames": []}},
        "_priority": "High", "_resourceType": "fetch", "cache": {}, "connection": "443", "pageref": "page_1",
        "request": request,
        "response": {
            "status": status, "statusText": "", "httpVersion": "http/2.0",
            "headers": [{"name": "date", "value": http_date(date)}, {"name": "content-type", "value": "application/json"}],
            "cookies": [],
            "content": {"size": answer.len(), "mimeType": "application/json", "compression": 0,
                        "text": data_encoding::BASE64.encode(answer.as_bytes()), "encoding": "base64"},
            "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": answer.len() + 120,
            "_error": null, "_fetchedViaServiceWorker": false
        },
        "serverIPAddress": "93.184.215.14",
        "startedDateTime": rfc3339(at),
        "time": 120.5,
        "timings": {"blocked": 1.0, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 119.0, "receive": 0.4, "_blocked_queueing": 0.5}
    })
}

fn har(creator: &str, entries: Vec<Value>) -> Value {
    json!({"log": {"version": "1.2", "creator": {"name": creator, "version": "537.36"},
        "pages": [{"startedDateTime": rfc3339(T0 - 60), "id": "page_1", "title": "https://app.example.com/", "pageTimings": {}}],
        "entries": entries}})
}

fn discovery_and_keys() -> Vec<Value> {
    let metadata = json!({"issuer": ISSUER, "token_endpoint": TOKEN_ENDPOINT,
        "jwks_uri": "https://as.example.com/jwks",
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "PS256"]})
    .to_string();
    // the server's own signing keys: another key, another kid
    let own = json!({"keys": [public_jwk(&other_key(), "as-signing-1")]}).to_string();
    // the client's registered keys (a proxy capture of the server fetching them)
    let client = json!({"keys": [public_jwk(DEMO_KEY, "k1")]}).to_string();
    vec![
        chrome(
            "GET",
            "https://as.example.com/.well-known/openid-configuration",
            T0 - 50,
            None,
            200,
            T0 - 50,
            &metadata,
        ),
        chrome(
            "GET",
            "https://as.example.com/jwks",
            T0 - 49,
            None,
            200,
            T0 - 49,
            &own,
        ),
        chrome(
            "GET",
            "https://app.example.com/jwks.json",
            T0 - 48,
            None,
            200,
            T0 - 48,
            &client,
        ),
    ]
}

fn write(dir: &Path, name: &str, doc: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path.display().to_string()
}

fn triage(args: &[&str]) -> (Option<i32>, Value, String) {
    let o = jwtgrant()
        .arg("triage")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    (o.status.code(), stdout_json(&o), text(&o.stderr))
}

fn codes(call: &Value) -> Vec<String> {
    call["diagnosis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

const GENERIC_401: &str = r#"{"error":"invalid_client"}"#;
const TOKEN: &str = r#"{"access_token":"at-6f1c2e","token_type":"Bearer","expires_in":3600}"#;

/// Three token calls: accepted; valid by the browser's clock but expired by the server's
/// (its Date is 10 minutes later); and an aud that names another server. The server
/// gives no reason for either refusal.
fn three_calls() -> Value {
    let mut entries = discovery_and_keys();
    let t1 = T0;
    entries.push(chrome(
        "POST",
        TOKEN_ENDPOINT,
        t1,
        Some(&form(&assertion(ISSUER, t1 - 5, "j-1"))),
        200,
        t1,
        TOKEN,
    ));
    let t2 = T0 + 60;
    entries.push(chrome(
        "POST",
        TOKEN_ENDPOINT,
        t2,
        Some(&form(&assertion(ISSUER, t2 - 5, "j-2"))),
        401,
        t2 + 600,
        GENERIC_401,
    ));
    let t3 = T0 + 120;
    entries.push(chrome(
        "POST",
        TOKEN_ENDPOINT,
        t3,
        Some(&form(&assertion(
            "https://other.example.net",
            t3 - 5,
            "j-3",
        ))),
        401,
        t3,
        GENERIC_401,
    ));
    har("WebInspector", entries)
}

#[test]
fn a_chrome_har_with_three_token_calls_is_triaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "support.har", &three_calls());
    let (status, doc, stderr) = triage(&[&path]);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(doc["input"]["format"], "har");
    assert_eq!(doc["input"]["exchanges"], 6);
    assert_eq!(doc["summary"]["calls"], 3);
    assert_eq!(doc["summary"]["accepted"], 1);
    assert_eq!(doc["summary"]["refused"], 2);
    // discovery and keys from the same file
    assert_eq!(doc["server"]["metadata"][0]["issuer"], ISSUER);
    let jwks = doc["server"]["jwks"].as_array().unwrap();
    assert_eq!(jwks.len(), 2);
    assert_eq!(jwks[0]["servers_own"], true);
    assert_eq!(jwks[1]["servers_own"], false);
    let calls = doc["calls"].as_array().unwrap();
    for call in calls {
        // text and params are one body: one assertion, never a reused jti
        assert_eq!(call["assertions"].as_array().unwrap().len(), 1, "{call:#}");
        assert!(
            !codes(call).contains(&"claim.jti_reused".to_string()),
            "{call:#}"
        );
        // checked against the client's keys (kid k1), not the server's own
        assert_eq!(call["keys"][0]["signature"], "valid", "{call:#}");
        assert!(
            !codes(call)
                .iter()
                .any(|c| c == "header.kid_unknown" || c == "signature.invalid")
        );
        assert_eq!(call["times"]["judged_by"], "sent");
    }
    assert_eq!(calls[0]["outcome"], "accepted");
    assert_eq!(calls[0]["origin"], "entry 4 of support.har");
    // the second: expired only by the server's clock
    assert_eq!(calls[1]["outcome"], "rejected");
    assert_eq!(calls[1]["times"]["clock_offset_seconds"], 600);
    let first = &calls[1]["diagnosis"][0];
    assert_eq!(first["claim"], "exp", "{:#}", calls[1]);
    assert!(
        ["server.clock_skew", "claim.exp_expired"].contains(&first["code"].as_str().unwrap()),
        "{first:#}"
    );
    assert!(
        first["evidence"].to_string().contains("server's"),
        "{first:#}"
    );
    // the third: aud names another server
    assert_eq!(
        calls[2]["diagnosis"][0]["code"], "claim.aud_mismatch",
        "{:#}",
        calls[2]
    );
    assert_eq!(doc["summary"]["refusals"][1]["code"], "claim.aud_mismatch");

    // for people: each call with its time line, then the summary
    let o = jwtgrant().args(["triage", &path]).output().unwrap();
    let out = text(&o.stdout);
    assert!(
        out.starts_with(
            "support.har: a HAR file from WebInspector 537.36, 6 exchanges, 3 token calls"
        ),
        "{out}"
    );
    assert!(
        out.contains("Call 2 of 3 (entry 5 of support.har)"),
        "{out}"
    );
    assert!(out.contains("the server 10 min ahead"), "{out}");
    // a capture's times are on the recorder's clock, not on the machine running triage
    assert!(
        out.contains("10 min ahead of the recorder's clock") && !out.contains("this machine's"),
        "{out}"
    );
    assert!(out.contains("timeline   2025-11-25 iat 14:00:55 · recorder 14:01:00 · exp 14:05:55 · server 14:11:00 (the server saw it 5 min after exp)"), "{out}");
    assert!(
        out.contains("Summary: 3 token calls: 1 accepted, 2 refused"),
        "{out}"
    );
}

#[test]
fn a_firefox_har_with_params_only_and_a_resent_assertion() {
    let dir = tempfile::tempdir().unwrap();
    let a = assertion(ISSUER, T0 - 5, "j-same");
    let body = form(&a);
    let entry = |at: i64, status: u16, answer: &str| {
        let mut e = chrome("POST", TOKEN_ENDPOINT, at, Some(&body), status, at, answer);
        // Firefox: a local offset, params without text, a plain-text body, its own members
        e["startedDateTime"] = json!(
            rfc3339(at)
                .replace("T14:", "T15:")
                .replace(".250Z", ".250+01:00")
        );
        e["request"]["postData"]
            .as_object_mut()
            .unwrap()
            .remove("text");
        e["response"]["content"] =
            json!({"mimeType": "application/json", "size": answer.len(), "text": answer});
        e.as_object_mut().unwrap().remove("cache");
        e["_securityState"] = json!("secure");
        e
    };
    let doc = har(
        "Firefox",
        vec![entry(T0, 200, TOKEN), entry(T0 + 30, 401, GENERIC_401)],
    );
    let path = write(dir.path(), "firefox.har", &doc);
    let (status, doc, stderr) = triage(&[&path]);
    assert_eq!(status, Some(1), "{stderr}");
    let calls = doc["calls"].as_array().unwrap();
    assert_eq!(calls[0]["outcome"], "accepted");
    assert_eq!(calls[0]["times"]["judged_at"], T0);
    assert_eq!(
        calls[0]["request"]["form"]["client_assertion_type"],
        CLIENT_URN
    );
    let first = &calls[1]["diagnosis"][0];
    assert_eq!(first["code"], "claim.jti_reused", "{:#}", calls[1]);
    assert_eq!(
        first["evidence"][0],
        "entry 1 of firefox.har sent an assertion with the same iss and jti"
    );
    assert!(!first["evidence"].to_string().contains("history"));
}

/// Secrets planted in a HAR, and where: none may reach the bundle, the redacted HAR or
/// what triage prints.
const CLIENT_SECRET: &str = "cs-har-canary-Z81q";
const BASIC_PASSWORD: &str = "basic-har-canary-4Kp";
const COOKIE: &str = "cookie-har-canary-Qw2";
const SET_COOKIE: &str = "setcookie-har-canary-9Lm";
const ACCESS: &str = "access-har-canary-7Tt";
const REFRESH: &str = "refresh-har-canary-3Vx";
const URL_PASSWORD: &str = "urlpw-har-canary-6Yh";
const BEARER: &str = "bearer-har-canary-2Nn";

fn planted() -> (Value, Vec<String>) {
    let a1 = assertion(ISSUER, T0 - 5, "j-leak-1");
    let a2 = assertion(ISSUER, T0 + 25, "j-leak-2");
    let mut entries = discovery_and_keys();
    // client_secret_post beside a grant, and an issued refresh token
    let grant_body = format!(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={a1}&client_id=app&client_secret={CLIENT_SECRET}"
    );
    let issued = json!({"access_token": ACCESS, "refresh_token": REFRESH, "token_type": "Bearer",
        "id_token": assertion("app", T0, "id-1")})
    .to_string();
    let mut e = chrome(
        "POST",
        TOKEN_ENDPOINT,
        T0,
        Some(&grant_body),
        200,
        T0,
        &issued,
    );
    e["request"]["headers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Cookie", "value": format!("sid={COOKIE}; theme=dark")}));
    e["request"]["cookies"] = json!([{"name": "sid", "value": COOKIE}]);
    e["response"]["headers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "set-cookie", "value": format!("sess={SET_COOKIE}; Path=/; Secure")}));
    e["response"]["cookies"] = json!([{"name": "sess", "value": SET_COOKIE}]);
    e["_initiator"]["stack"] = json!(format!("fetch(body: {grant_body})"));
    e["comment"] = json!(format!("client_secret was {CLIENT_SECRET}"));
    entries.push(e);
    // client_secret_basic, a URL with a password, a bearer header, the answer echoing the secret
    let basic = data_encoding::BASE64.encode(format!("app:{BASIC_PASSWORD}").as_bytes());
    let body = form(&a2);
    let echo = json!({"error": "invalid_client", "error_description": format!("bad secret {BASIC_PASSWORD}")}).to_string();
    let url = format!("https://app:{URL_PASSWORD}@as.example.com/oauth2/token");
    let mut e = chrome("POST", &url, T0 + 30, Some(&body), 401, T0 + 30, &echo);
    e["request"]["headers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Authorization", "value": format!("Basic {basic}")}));
    e["request"]["headers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "X-Api-Key", "value": BEARER}));
    entries.push(e);
    let canaries = vec![
        CLIENT_SECRET.to_string(),
        BASIC_PASSWORD.to_string(),
        basic,
        COOKIE.to_string(),
        SET_COOKIE.to_string(),
        ACCESS.to_string(),
        REFRESH.to_string(),
        URL_PASSWORD.to_string(),
        BEARER.to_string(),
        signature_of(&a1).to_string(),
        signature_of(&a2).to_string(),
        signature_of(&assertion("app", T0, "id-1")).to_string(),
    ];
    (har("WebInspector", entries), canaries)
}

/// Every member path (`log.entries[].request.headers[].name`), to compare structure.
fn paths(v: &Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{at}.{k}");
                out.insert(p.clone());
                paths(v, &p, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| paths(i, &format!("{at}[]"), out)),
        _ => {}
    }
}

/// What HAR 1.2 requires of each entry, with its type.
fn assert_valid_har(doc: &Value) {
    assert_eq!(doc["log"]["version"], "1.2");
    assert!(doc["log"]["creator"]["name"].is_string());
    for e in doc["log"]["entries"].as_array().unwrap() {
        assert!(
            e["startedDateTime"].is_string() && e["time"].is_number(),
            "{e:#}"
        );
        let r = &e["request"];
        for m in ["method", "url", "httpVersion"] {
            assert!(r[m].is_string(), "request.{m}");
        }
        for m in ["cookies", "headers", "queryString"] {
            assert!(r[m].is_array(), "request.{m}");
        }
        assert!(r["headersSize"].is_i64() && r["bodySize"].is_i64());
        if let Some(text) = r["postData"]["text"].as_str() {
            assert_eq!(
                r["bodySize"],
                text.len(),
                "bodySize follows the redacted text"
            );
        }
        let s = &e["response"];
        assert!(
            s["status"].is_u64() && s["statusText"].is_string() && s["redirectURL"].is_string()
        );
        assert!(s["content"]["size"].is_i64() && s["content"]["mimeType"].is_string());
        let body = match s["content"]["encoding"].as_str() {
            Some("base64") => data_encoding::BASE64
                .decode(s["content"]["text"].as_str().unwrap().as_bytes())
                .expect("base64 content stays base64"),
            _ => s["content"]["text"]
                .as_str()
                .unwrap_or("")
                .as_bytes()
                .to_vec(),
        };
        assert_eq!(
            s["content"]["size"],
            body.len(),
            "content.size follows the body"
        );
        assert!(e["cache"].is_object() && e["timings"].is_object());
    }
}

#[test]
fn the_bundle_and_the_redacted_har_hold_nothing_reusable() {
    let dir = tempfile::tempdir().unwrap();
    let (doc, canaries) = planted();
    let input = write(dir.path(), "ticket.har", &doc);
    let bundle = dir.path().join("bundle.json");
    let redacted = dir.path().join("ticket.redacted.har");
    let run = |extra: &[&str]| {
        jwtgrant()
            .args(["triage", &input, "--bundle"])
            .arg(&bundle)
            .arg("--redact-har")
            .arg(&redacted)
            .args(extra)
            .output()
            .unwrap()
    };
    for extra in [&["--json"][..], &["--force"][..], &["--force", "-vv"][..]] {
        let o = run(extra);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        let shown = format!("{}{}", text(&o.stdout), text(&o.stderr));
        let written = format!(
            "{}{}",
            std::fs::read_to_string(&bundle).unwrap(),
            std::fs::read_to_string(&redacted).unwrap()
        );
        for canary in &canaries {
            assert!(
                !shown.contains(canary.as_str()),
                "{extra:?}: {canary} printed:\n{shown}"
            );
            assert!(!written.contains(canary.as_str()), "{canary} written");
        }
    }
    // what the bundle keeps: headers, claims, keys, the server's answer and clock
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    assert_eq!(b["version"], 1);
    assert_eq!(b["server"]["metadata"][0]["token_endpoint"], TOKEN_ENDPOINT);
    let call = &b["calls"][1];
    assert_eq!(call["request"]["client_id"], "app");
    assert_eq!(call["request"]["client_authentication"], "private_key_jwt");
    assert_eq!(call["assertions"][0]["header"]["kid"], "k1");
    assert_eq!(call["assertions"][0]["claims"]["jti"], "j-leak-2");
    assert_eq!(call["answer"]["error"], "invalid_client");
    assert!(call["clock"]["server_date"].is_string());
    assert!(call["diagnosis"].as_array().is_some_and(|d| !d.is_empty()));
    assert_eq!(
        b["calls"][0]["request"]["client_authentication"],
        "client_secret_post"
    );
    assert!(b["server"]["jwks"][1]["keys"][0]["thumbprint"].is_string());

    // the redacted HAR: the same structure, still HAR 1.2, and triage reads it alike
    let out: Value = serde_json::from_str(&std::fs::read_to_string(&redacted).unwrap()).unwrap();
    assert_valid_har(&out);
    let (mut before, mut after) = (Default::default(), Default::default());
    paths(&doc, "", &mut before);
    paths(&out, "", &mut after);
    assert_eq!(before, after, "the redacted HAR keeps every member");
    let post = out["log"]["entries"][3]["request"]["postData"]["text"]
        .as_str()
        .unwrap();
    assert!(post.contains("client_secret=REDACTED"), "{post}");
    assert!(post.contains(".REDACTED-SIGNATURE"), "{post}");
    let (status, again, _) = triage(&[redacted.to_str().unwrap()]);
    assert_eq!(status, Some(1));
    assert_eq!(again["summary"]["calls"], 2);
    assert_eq!(again["calls"][0]["outcome"], "accepted");
    for call in again["calls"].as_array().unwrap() {
        // a redacted signature is not blamed
        assert!(
            !codes(call).iter().any(|c| c.starts_with("signature.")),
            "{call:#}"
        );
    }
}

#[test]
fn outputs_are_never_written_over_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "support.har", &three_calls());
    let bundle = dir.path().join("bundle.json");
    std::fs::write(&bundle, "keep me").unwrap();
    let o = jwtgrant()
        .args(["triage", &input, "--bundle"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("already exists"),
        "{}",
        text(&o.stderr)
    );
    assert!(o.stdout.is_empty(), "nothing printed before the refusal");
    assert_eq!(std::fs::read_to_string(&bundle).unwrap(), "keep me");
    // --redact-har needs a HAR
    let dump = dir.path().join("dump.txt");
    std::fs::write(&dump, format!("POST /oauth2/token HTTP/1.1\nHost: as.example.com\n\n{}\n\nHTTP/1.1 401 Unauthorized\n\n{GENERIC_401}\n", form(&assertion(ISSUER, T0, "j")))).unwrap();
    let o = jwtgrant()
        .arg("triage")
        .arg(&dump)
        .arg("--redact-har")
        .arg(dir.path().join("out.har"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("--redact-har needs a HAR file"),
        "{}",
        text(&o.stderr)
    );
    assert!(!dir.path().join("out.har").exists());
}

/// A browser export carries the page's every response body: a HAR far over the 16 MiB cap
/// of a token or a pasted error is still triaged (its own, larger cap).
#[test]
fn a_large_har_with_page_content_is_triaged() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = three_calls();
    let bundle = "x".repeat(20 * 1024 * 1024);
    doc["log"]["entries"].as_array_mut().unwrap().insert(
        0,
        json!({"startedDateTime": rfc3339(T0 - 30), "time": 5,
            "request": {"method": "GET", "url": "https://app.example.com/app.js", "httpVersion": "HTTP/1.1",
                "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [],
                "cookies": [], "content": {"size": bundle.len(), "mimeType": "text/javascript", "text": bundle},
                "redirectURL": "", "headersSize": -1, "bodySize": bundle.len()},
            "cache": {}, "timings": {"send": 0, "wait": 5, "receive": 0}}),
    );
    let path = write(dir.path(), "big.har", &doc);
    let (status, out, stderr) = triage(&[&path]);
    assert_eq!(status, Some(1), "{stderr}");
    assert_eq!(out["calls"].as_array().unwrap().len(), 3, "{stderr}");
    // the same size given to explain is refused, naming the cap and the command
    let o = jwtgrant()
        .args(["explain", &format!("@{path}")])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("at most 16 MiB from a file for explain"),
        "{}",
        text(&o.stderr)
    );
}
