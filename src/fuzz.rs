//! Property tests over hostile input, run by `cargo test` on the stable toolchain: the token
//! locator, the request and response parsers (form bodies, URLs, HTTP dumps, curl lines,
//! pasted errors) and the key loaders. Generators build what people paste and what an
//! attacker would: tokens inside forms, JSON, headers and log lines, percent-encoding,
//! multi-byte UTF-8 next to `%`, many tokens per line, long lines, mutated PEM and JSON keys.
//! Each property asserts no panic and an invariant.
//!
//! The case counts keep the whole set to a few seconds in a debug build. For a longer run:
//! `JWTGRANT_FUZZ_CASES=20000 cargo test --release fuzz::` (cases per property).
//! A failure prints the smallest input found; proptest's seed is in the message.
#![allow(clippy::indexing_slicing, clippy::string_slice)]

use crate::diagnose::Answer;
use crate::input::{Place, capture, locate, percent, request};
use crate::jose::Token;
use crate::keys;
use data_encoding::BASE64URL_NOPAD;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Every text made of at most `most` of `pieces` (with repeats), the empty one first: for
/// the tests that check a fast path against a plain one on every short input.
pub fn every_join(pieces: &[&[u8]], most: usize) -> Vec<Vec<u8>> {
    let mut all = vec![Vec::new()];
    let mut longest = all.clone();
    for _ in 0..most {
        longest = longest
            .iter()
            .flat_map(|text| {
                pieces
                    .iter()
                    .map(move |piece| [text.as_slice(), piece].concat())
            })
            .collect();
        all.extend(longest.iter().cloned());
    }
    all
}

/// `every_join` over single bytes.
pub fn every_text(alphabet: &[u8], most: usize) -> Vec<Vec<u8>> {
    let pieces: Vec<&[u8]> = alphabet.chunks(1).collect();
    every_join(&pieces, most)
}

fn config(cases: u32) -> Config {
    let cases = std::env::var("JWTGRANT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------- generators

/// Characters that break naive parsers: `%` and escapes, separators, quotes, multi-byte
/// characters (2, 3 and 4 bytes), control characters, and pieces of tokens.
fn hostile_char() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<char>().prop_map(String::from),
        3 => prop::sample::select(vec![
            "%", "%a", "%2", "%2E", "%2e", "%3D", "%20", "%22", "%FF", "%C3", "%\u{e9}",
            "\u{e9}", "\u{1F600}", "\u{2713}", "&", "=", "?", ":", ";", ",", "\"", "'", " ",
            "\t", "\r", "+", "/", ".", "{", "}", "[", "]", "\\", "\0", "eyJ", "ewo", "eyJ.",
            "Bearer ", "Authorization: ", "assertion=", "HTTP/", "curl ", "-----BEGIN ",
        ])
        .prop_map(String::from),
        3 => "[a-zA-Z0-9_-]{1,6}",
    ]
}

fn noise(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..max).prop_map(|parts| parts.concat())
}

fn b64(bytes: &[u8]) -> String {
    BASE64URL_NOPAD.encode(bytes)
}

/// A compact JWS (or an unsecured token, or a JWE) with random JSON inside.
fn jwt() -> impl Strategy<Value = String> {
    let alg = prop::sample::select(vec!["RS256", "ES256", "PS384", "EdDSA", "HS256", "none"]);
    // cheap to generate: the locator sees only base64url, whatever the JSON says
    let claims = prop::collection::btree_map("[a-z]{1,8}", "[ -~\u{e9}\u{1F600}]{0,16}", 0..6);
    // signature bytes from a seed: a vector strategy per byte is slow to generate
    let sig = (0..300usize, any::<u64>()).prop_map(|(len, seed)| pseudo_random_bytes(len, seed));
    (alg, claims, sig, 0..10u8).prop_map(|(alg, claims, sig, shape)| {
        let header = b64(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#).as_bytes());
        let claims = b64(serde_json::to_string(&claims)
            .unwrap_or_default()
            .as_bytes());
        match shape {
            // JWE: header, encrypted key (empty for "dir"), iv, ciphertext, tag
            0 => format!(
                "{header}..{}.{claims}.{}",
                b64(&sig[..sig.len().min(12)]),
                b64(b"tag")
            ),
            1 => format!(
                "{header}.{}.{}.{claims}.{}",
                b64(&sig),
                b64(b"iv"),
                b64(b"tag")
            ),
            _ if alg == "none" => format!("{header}.{claims}."),
            _ => format!("{header}.{claims}.{}", b64(&sig)),
        }
    })
}

fn pseudo_random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            // xorshift64
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect()
}

/// A field, member or header name.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "assertion",
            "client_assertion",
            "id_token",
            "jwt",
            "x-token"
        ])
        .prop_map(String::from),
        "[a-z][a-z0-9_]{0,15}",
    ]
}

/// Where a token sits, and the place the locator should name.
#[derive(Debug, Clone)]
enum Ctx {
    Form(String),
    Json(String),
    Header(String),
    Bearer,
    Text,
}

fn ctx() -> impl Strategy<Value = Ctx> {
    prop_oneof![
        name().prop_map(Ctx::Form),
        name().prop_map(Ctx::Json),
        "[A-Z][a-zA-Z-]{0,15}".prop_map(Ctx::Header),
        Just(Ctx::Bearer),
        Just(Ctx::Text),
    ]
}

fn embed(ctx: &Ctx, token: &str) -> String {
    match ctx {
        Ctx::Form(n) => format!("a=1&{n}={token}&b=2"),
        Ctx::Json(n) => format!("{{\"{n}\": \"{token}\"}}"),
        Ctx::Header(n) => format!("{n}: {token}"),
        Ctx::Bearer => format!("-H 'Authorization: Bearer {token}'"),
        Ctx::Text => format!("got {token} ok"),
    }
}

fn expected_place(ctx: &Ctx) -> Place {
    match ctx {
        Ctx::Form(n) => Place::Form(n.clone()),
        Ctx::Json(n) => Place::Json(n.clone()),
        Ctx::Header(n) => Place::Header {
            name: n.clone(),
            scheme: None,
        },
        Ctx::Bearer => Place::Header {
            name: "Authorization".into(),
            scheme: Some("Bearer".into()),
        },
        Ctx::Text => Place::Text,
    }
}

/// Percent-encode the dots of a token, and with `all`, every byte (`%65%79%4A…`).
fn percent_encoded(token: &str, all: bool, lower: bool) -> String {
    token
        .bytes()
        .map(|b| match (b, all, lower) {
            (b'.', _, true) => "%2e".to_string(),
            (b'.', _, false) | (_, true, _) => format!("%{b:02X}"),
            _ => char::from(b).to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------- the token locator

/// Every candidate of a line is a token the line holds (after percent-decoding, when the
/// locator says it decoded), made of token bytes only; parsing it never panics.
fn check_candidates(text: &str) -> Result<(), TestCaseError> {
    for c in locate::find(text) {
        let _ = Token::parse(&c.token);
        if c.place == Place::Whole {
            prop_assert_eq!(c.token.as_str(), text.trim());
            continue;
        }
        let line = text.lines().nth(c.line - 1).unwrap_or_default();
        let line = if c.percent_decoded {
            percent::decode(line).into_owned()
        } else {
            line.to_string()
        };
        prop_assert!(
            line.contains(&c.token),
            "{:?} not in line {}",
            c.token,
            c.line
        );
        prop_assert!(c.token.starts_with("eyJ") || c.token.starts_with("ewo"));
        prop_assert!(
            c.token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.+/=".contains(&b))
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn locator_survives_any_text(text in noise(200)) {
        check_candidates(&text)?;
    }

    #[test]
    fn locator_survives_any_unicode(text in any::<String>()) {
        check_candidates(&text)?;
    }

    #[test]
    fn an_embedded_token_is_found_and_named(
        token in jwt(), ctx in ctx(), before in noise(30), after in noise(30),
    ) {
        let line = format!("{before} {} {after}", embed(&ctx, &token));
        check_candidates(&line)?;
        let found = locate::find(&line);
        let c = found.iter().find(|c| c.token == token);
        prop_assert!(c.is_some(), "{token} not found in {line:?}: {found:?}");
        // The noise may hold a `?` or `&` (making a field a form field) or decode to a
        // quote; the name itself must still be read.
        let place = &c.map(|c| c.place.clone()).unwrap_or(Place::Text);
        match (&ctx, place) {
            (Ctx::Form(n), Place::Form(m) | Place::KeyValue(m)) => prop_assert_eq!(n, m),
            _ => prop_assert_eq!(place, &expected_place(&ctx)),
        }
    }

    #[test]
    fn a_percent_encoded_token_decodes_to_the_same_token(
        token in jwt(), all in any::<bool>(), lower in any::<bool>(),
        before in noise(30), after in noise(30),
    ) {
        let line = format!("{before} assertion={} {after}", percent_encoded(&token, all, lower));
        check_candidates(&line)?;
        let found = locate::find(&line);
        prop_assert!(
            found.iter().any(|c| c.token == token && c.percent_decoded),
            "{token} not found in {line:?}: {found:?}"
        );
    }

}

proptest! {
    // lines of up to 120 tokens, and long lines: fewer cases, each one large
    #![proptest_config(config(24))]

    #[test]
    fn many_tokens_on_one_line_are_each_found_once(
        tokens in prop::collection::vec(jwt(), 1..120),
        sep in prop::sample::select(vec![" ", "&a=", ", ", "\t", "\" \"", " Bearer ", "\u{e9} "]),
    ) {
        let line = tokens.join(sep);
        let found: Vec<String> = locate::find(&line).into_iter().map(|c| c.token).collect();
        prop_assert_eq!(found, tokens);
    }


    #[test]
    fn long_lines_of_hostile_text(piece in noise(40), n in 1_000..20_000usize, token in jwt()) {
        let line = format!("{}{token} {}", piece.repeat(n / (piece.len() + 1) + 1), piece.repeat(50));
        check_candidates(&line)?;
    }
}

// ---------------------------------------------------------------- request parsers

fn form_text(pairs: &[(String, String)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (n, v) in pairs {
        s.append_pair(n, v);
    }
    s.finish()
}

/// A request in one of the shapes people paste, with hostile values.
fn request_text() -> impl Strategy<Value = String> {
    let pairs = prop::collection::vec((name(), noise(20)), 0..6);
    (pairs, noise(20), jwt(), 0..6u8).prop_map(|(pairs, junk, token, shape)| {
        let form = format!("{}&assertion={token}", form_text(&pairs));
        match shape {
            0 => form,
            1 => format!("https://as.example/token?{form}#{junk}"),
            2 => format!(
                "POST /token?{junk} HTTP/1.1\r\nHost: as\r\n{junk}: {junk}\r\n\r\n{form}\r\n\r\nHTTP/1.1 400 {junk}"
            ),
            3 => format!("curl -sSX POST -d '{form}' -H \"{junk}\" --data-urlencode 'client_assertion={token}' -u {junk} https://as/token"),
            4 => format!("curl {junk} \\\n  --json '{{\"assertion\":\"{token}\",\"{junk}\":1}}' -G \"x\\\"{junk}"),
            _ => format!("POST / HTTP/1.1\nContent-Type: application/json\n\n{{\"assertion\": \"{token}\", \"k\": \"{junk}\"}}"),
        }
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn request_parser_survives_any_text(text in noise(200)) {
        let _ = request::parse(&text);
    }

    #[test]
    fn request_parser_survives_hostile_requests(text in request_text(), cut in any::<prop::sample::Index>()) {
        if let Some(r) = request::parse(&text) {
            // every token the locator finds in a request maps to a carrier or to none, and
            // the lookups agree with the parameters
            for c in locate::find(&text) {
                if let Some(p) = r.carrier_of(&c.token) {
                    prop_assert!(p.value.contains(&c.token[..c.token.len().min(8)]));
                }
            }
            for p in &r.params {
                prop_assert!(r.get(&p.name).is_some());
            }
        }
        // and any cut of it, on a character boundary or not (as bytes made lossy)
        let at = cut.index(text.len() + 1);
        let _ = request::parse(&String::from_utf8_lossy(&text.as_bytes()[..at]));
    }

    #[test]
    fn form_bodies_decode_to_what_was_encoded(
        pairs in prop::collection::vec(("[a-z_][a-z0-9_.-]{0,10}", any::<String>()), 2..8),
        token in jwt(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut pairs = pairs;
        let i = at.index(pairs.len());
        pairs[i].1 = token.clone();
        let text = form_text(&pairs);
        let Some(r) = request::parse(&text) else {
            return Err(TestCaseError::fail(format!("not read as a form: {text:?}")));
        };
        let got: Vec<(String, String)> =
            r.params.iter().map(|p| (p.name.clone(), p.value.clone())).collect();
        prop_assert_eq!(&got, &pairs);
        prop_assert_eq!(
            r.carrier_of(&token).map(|p| p.value.as_str()),
            Some(token.as_str())
        );
    }
}

// ---------------------------------------------------------------- captures

/// The start of each capture format, so that every reader sees hostile text.
const CAPTURE_STARTS: &[&str] = &[
    "{\"log\": {\"version\": \"1.2\", \"entries\": [",
    "== Info: Connected to x (1.2.3.4) port 443\n=> Send header, 40 bytes (0x28)\n0000: ",
    "=> Send data, 16 bytes (0x10)\n0000: 61 3d ",
    "$ curl -v https://as/token -d grant_type=x \\\n  -d ",
    "> POST /token HTTP/2\n> Host: as\n>\n< HTTP/2 401\n<\n",
    "POST /token HTTP/1.1\nHost: as\n\ngrant_type=x&client_assertion=",
    "HTTP/1.1 401 Unauthorized\nDate: ",
    "{\"body\": \"grant_type=x\\u0026assertion=",
];

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn capture_readers_survive_any_text(
        start in prop::sample::select(CAPTURE_STARTS),
        text in noise(300),
        token in jwt(),
    ) {
        let _ = capture::read(&format!("{start}{text}"), "x");
        let c = capture::read(&format!("{start}{token}{text}"), "x");
        // every exchange says where it came from
        for e in &c.exchanges {
            prop_assert!(e.origin.is_some());
        }
    }
}

// ---------------------------------------------------------------- pasted answers

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn answer_parser_survives_any_text(text in noise(300)) {
        let _ = Answer::from_text(&text);
    }

    #[test]
    fn answer_dumps_are_read_back(
        status in 100..600u16,
        error in "[a-z_]{1,20}",
        description in any::<String>(),
        before in noise(40),
        nesting in 0..4usize,
    ) {
        // text before the answer: anything but a status line or a JSON object of its own
        let mut before = before.replace('{', "(");
        while before.contains("HTTP/") {
            before = before.replace("HTTP/", "");
        }
        let body = serde_json::json!({"error": error, "error_description": description}).to_string();
        let body = format!("{}{body}{}", "{\"wrapped\":".repeat(nesting), "}".repeat(nesting));
        let text = format!("{before}\nHTTP/1.1 {status} Whatever\r\nDate: Tue, 25 Nov 2025 14:00:03 GMT\r\n\r\n{body}");
        let a = Answer::from_text(&text);
        prop_assert_eq!(a.status, Some(status));
        prop_assert_eq!(a.error.as_deref(), Some(error.as_str()));
        prop_assert_eq!(a.date, Some(1_764_079_203));
    }
}

// ---------------------------------------------------------------- key loaders

/// Valid key files to start from: PEM (PKCS#8) private keys, the JWKS `key new` writes,
/// and a cloud service-account JSON file holding the PEM.
fn seed_keys() -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let mut seeds = Vec::new();
    for alg in ["ES256", "EdDSA", "RS256"] {
        let alg_id = keys::parse_alg(alg).unwrap_or_else(|e| panic!("{e}"));
        let new = keys::write_new(alg_id, dir.path(), alg, 2048).unwrap_or_else(|e| panic!("{e}"));
        let pem = std::fs::read(&new.private_path).unwrap_or_default();
        let jwks = std::fs::read(&new.jwks_path).unwrap_or_default();
        let sa = serde_json::json!({
            "type": "service_account",
            "private_key_id": "k1",
            "private_key": String::from_utf8_lossy(&pem),
            "client_email": "svc@project.iam.example",
            "token_uri": "https://oauth2.example/token",
        });
        seeds.push((format!("{alg} PEM"), pem));
        seeds.push((format!("{alg} JWKS"), jwks));
        seeds.push((
            format!("{alg} service account"),
            sa.to_string().into_bytes(),
        ));
    }
    seeds
}

/// The base64 body of the private key in a seed (a PEM file, or the PEM inside a JSON
/// key file), in 24-character windows: none of them may appear in an error message.
fn secret_windows(seed: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(seed).into_owned();
    let pem = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => v["private_key"].as_str().unwrap_or_default().to_string(),
        Err(_) => text,
    };
    if !pem.contains("PRIVATE KEY") {
        return Vec::new();
    }
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    (0..body.len().saturating_sub(24))
        .step_by(12)
        .map(|i| body[i..i + 24].to_string())
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(prop::sample::Index, u8),
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, String),
    Duplicate(prop::sample::Index, usize),
    Truncate(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        (at(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (at(), 1..64usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (
            at(),
            prop_oneof![
                noise(8),
                prop::sample::select(vec![
                    "\\n",
                    "\n",
                    "\r\n",
                    "-----END PRIVATE KEY-----\n",
                    "-----BEGIN PRIVATE KEY-----\n",
                    "=",
                    "{",
                    "}",
                    "\"kty\":\"RSA\"",
                    "\"n\":\"\"",
                    "\"keys\":[{}]",
                    "MII",
                    "\0"
                ])
                .prop_map(String::from),
            ]
        )
            .prop_map(|(i, s)| Mutation::Insert(i, s)),
        (at(), 1..200usize).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        at().prop_map(Mutation::Truncate),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Flip(i, b) if len > 0 => bytes[i.index(len)] ^= b | 1,
            Mutation::Delete(i, n) if len > 0 => {
                let at = i.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Insert(i, s) => {
                let at = i.index(len + 1);
                bytes.splice(at..at, s.bytes());
            }
            Mutation::Duplicate(i, n) if len > 0 => {
                let at = i.index(len);
                let piece = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, piece);
            }
            Mutation::Truncate(i) => bytes.truncate(i.index(len + 1)),
            _ => {}
        }
    }
    bytes
}

#[test]
fn key_loaders_survive_mutated_key_files() {
    let seeds = seed_keys();
    for (what, seed) in &seeds {
        // the seeds themselves load (or are refused with a message, never a panic)
        let _ = keys::parse_bytes(seed, what);
    }
    let mut runner = proptest::test_runner::TestRunner::new(config(64));
    let strategy = (
        prop::sample::select((0..seeds.len()).collect::<Vec<_>>()),
        prop::collection::vec(mutation(), 1..6),
    );
    let result = runner.run(&strategy, |(seed, mutations)| {
        let (what, base) = &seeds[seed];
        let bytes = mutate(base.clone(), &mutations);
        if let Err(err) = keys::parse_bytes(&bytes, "key.file") {
            let message = format!("{err:#}");
            for window in secret_windows(base) {
                prop_assert!(
                    !message.contains(&window),
                    "the error for a mutated {what} quotes the key: {message}"
                );
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
