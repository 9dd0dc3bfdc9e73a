//! The generalisation matrix (test only): every planted mistake, sent to `serve` answering
//! in every refusal style it knows, must be diagnosed with the planted cause first. Serve
//! runs in-process on 127.0.0.1, the request goes through replay's plan and HTTP client,
//! and the context is what `replay --issuer` builds: the server's issuer, token endpoint
//! and algorithms from its metadata, the registered keys (`--jwks`), the history.
//! A diagnosis that holds only for serve's own descriptive answers fails here.

use super::{Assertion, Input, Outcome, diagnose};
use crate::exchange::Exchange;
use crate::http::HttpOptions;
use crate::jose::{Alg, Signer, Token, b64url, sign_compact};
use crate::keys::{self, KeySet, SigningSource};
use crate::lint::{Ctx, Flow, Role, RoleGuess};
use crate::metadata::Metadata;
use crate::redact::Secret;
use crate::replay::{self, ClientAuth};
use crate::serve::refusal::Style;
use crate::serve::{self, Config};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

const CLIENT: &str = "app";
/// Every serve here names this issuer (`serve --issuer`), so one set of tokens fits all.
const ISSUER: &str = "https://as.example";
/// The registered key's kid (docs/examples/keys/client.jwks.json).
const KID: &str = "p7XH9J1N6x-zAYsVOFmlfgICp-TJKgqYWwTnR7r0PtQ";

fn key_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples/keys")
        .join(name)
}

fn signing(name: &str) -> keys::SigningKey {
    let path = key_file(name);
    keys::load_signing(&SigningSource {
        key: Some(&path),
        secret: None,
        kid: None,
        alg: None,
        prefer_alg: None,
        allow_weak_key: false,
    })
    .unwrap()
}

fn registered() -> KeySet {
    keys::read_file(&key_file("client.jwks.json")).unwrap()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Server {
    InStep,
    /// Its clock two hours behind this machine's.
    Behind,
}

struct Planted {
    what: &'static str,
    /// The cause that must come first.
    code: &'static str,
    token: String,
    client_id: Option<&'static str>,
    /// Sent once (accepted), then again.
    resend: bool,
    server: Server,
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// Every planted mistake, signed once for all styles.
fn planted(issuer: &str, token_endpoint: &str, now: i64) -> Vec<Planted> {
    let rsa = signing("client.pem");
    let rogue_rsa = signing("idp.pem");
    let ec = signing("other.pem");
    let claims = |changes: Value, n: usize| {
        let mut c = json!({"iss": CLIENT, "sub": CLIENT, "aud": issuer,
                           "iat": now - 5, "exp": now + 120, "jti": format!("m-{now}-{n}")});
        for (k, v) in changes.as_object().into_iter().flatten() {
            if v.is_null() {
                c.as_object_mut().map(|o| o.remove(k));
            } else {
                c[k] = v.clone();
            }
        }
        obj(c)
    };
    let header = |kid: &str| obj(json!({"kid": kid}));
    let signed = |key: &keys::SigningKey, changes: Value, kid: &str, n: usize| {
        key.sign(&header(kid), &claims(changes, n)).unwrap()
    };
    // HMAC keyed with public material: the registered key's modulus
    let public = registered().keys[0].summary_json().to_string();
    let hmac = Signer::hmac(Alg::HS256, &Secret::new(public.into_bytes())).unwrap();
    let unsigned = format!(
        "{}.{}.",
        b64url(br#"{"alg":"none"}"#),
        b64url(json!(claims(json!({}), 90)).to_string().as_bytes())
    );
    let malformed = format!(
        "{}.{}.{}",
        b64url(format!(r#"{{"alg":"RS256","kid":"{KID}"}}"#).as_bytes()),
        b64url(br#"{"iss":"app","sub":"#),
        b64url(&[1u8; 256])
    );
    let case = |what, code, token| Planted {
        what,
        code,
        token,
        client_id: None,
        resend: false,
        server: Server::InStep,
    };
    vec![
        case(
            "wrong aud",
            "claim.aud_mismatch",
            signed(&rsa, json!({"aud": "https://wrong.example/token"}), KID, 1),
        ),
        case(
            "aud an array where one value is required",
            "claim.aud_multiple",
            signed(&rsa, json!({"aud": [issuer, token_endpoint]}), KID, 2),
        ),
        case(
            "expired",
            "claim.exp_expired",
            signed(&rsa, json!({"iat": now - 900, "exp": now - 600}), KID, 3),
        ),
        case(
            "nbf in the future",
            "claim.nbf_future",
            signed(&rsa, json!({"nbf": now + 600, "exp": now + 900}), KID, 4),
        ),
        case(
            "iat in the future",
            "claim.iat_future",
            signed(&rsa, json!({"iat": now + 600, "exp": now + 900}), KID, 5),
        ),
        case(
            "no exp",
            "claim.missing",
            signed(&rsa, json!({"exp": null}), KID, 6),
        ),
        case(
            "no iss",
            "claim.missing",
            signed(&rsa, json!({"iss": null}), KID, 7),
        ),
        case(
            "no sub",
            "claim.missing",
            signed(&rsa, json!({"sub": null}), KID, 8),
        ),
        case(
            "no jti",
            "claim.jti_missing",
            signed(&rsa, json!({"jti": null}), KID, 9),
        ),
        case(
            "iss is not sub",
            "claim.iss_sub_mismatch",
            signed(&rsa, json!({"iss": "someone-else"}), KID, 10),
        ),
        Planted {
            client_id: Some("another-client"),
            ..case(
                "sub is not the client_id sent",
                "claim.sub_client_id_mismatch",
                signed(&rsa, json!({}), KID, 11),
            )
        },
        case(
            "unknown kid",
            "header.kid_unknown",
            signed(&rsa, json!({}), "retired-2024", 12),
        ),
        case(
            "an alg the registered key cannot make",
            "header.alg_unexpected",
            signed(&ec, json!({}), KID, 13),
        ),
        case("alg none", "header.alg_none", unsigned),
        case(
            "HMAC keyed with the public key",
            "header.alg_unexpected",
            sign_compact(&header(KID), &claims(json!({}), 15), &hmac).unwrap(),
        ),
        case(
            "bad signature",
            "signature.invalid",
            signed(&rogue_rsa, json!({}), KID, 16),
        ),
        Planted {
            resend: true,
            ..case(
                "reused jti",
                "claim.jti_reused",
                signed(&rsa, json!({}), KID, 17),
            )
        },
        case("malformed token", "token.malformed", malformed),
        Planted {
            server: Server::Behind,
            ..case(
                "clock skew",
                "server.clock_skew",
                signed(&rsa, json!({}), KID, 19),
            )
        },
    ]
}

/// One in-process serve answering in `style`, stopping after `requests` requests.
fn start(style: Style, server: Server, requests: u64) -> Config {
    let bound = serve::bind(0).unwrap();
    let mut config = Config::new(&bound.base_url());
    config.issuer = ISSUER.into();
    config.clients.push(serve::config::Client {
        id: CLIENT.into(),
        jwks: Some(registered()),
        secret: None,
        secret_intent: crate::keys::Intent::default(),
        method: None,
        alg: None,
        grant_types: Vec::new(),
    });
    config.refusal = style;
    if server == Server::Behind {
        config.clock_offset = -2 * 3600;
    }
    let (issuer, token_endpoint) = (config.issuer.clone(), config.token_endpoint.clone());
    let options = serve::Options {
        max_requests: Some(requests),
        ..serve::Options::default()
    };
    std::thread::spawn(move || bound.serve(config, options, &mut |_| {}));
    // What the caller needs to know of it; the running config moved into the thread.
    let mut known = Config::new("http://127.0.0.1:0");
    known.issuer = issuer;
    known.token_endpoint = token_endpoint;
    known
}

/// What `replay --issuer` knows of serve before sending: its metadata.
fn metadata(server: &Config) -> Metadata {
    let mut m = Metadata::from_value(
        json!({"issuer": server.issuer, "token_endpoint": server.token_endpoint}),
        format!("{}/.well-known/oauth-authorization-server", server.issuer),
    )
    .unwrap();
    m.signing_algs = Some(Alg::ALL.iter().map(|a| a.name().to_string()).collect());
    m.asked_for = Some(server.issuer.clone());
    m
}

fn send(
    http: &crate::http::Client,
    server: &Config,
    token: &str,
    client_id: Option<&str>,
) -> Exchange {
    let plan = replay::plan(replay::Request {
        endpoint: &server.token_endpoint,
        flow: Flow::Client,
        assertion: token,
        client_id,
        client_auth: ClientAuth::None,
        grant_type: "client_credentials",
        scope: None,
        resources: &[],
        params: &[],
        secret_params: Vec::new(),
    })
    .unwrap();
    let post = crate::http::FormPost {
        url: &plan.endpoint,
        fields: &plan.fields,
        basic: None,
    };
    let mut exchange = crate::http::post_form_with(http, &post, &options()).unwrap();
    exchange.metadata = Some(metadata(server));
    exchange
}

fn options() -> HttpOptions {
    HttpOptions {
        timeout: std::time::Duration::from_secs(10),
        ..HttpOptions::default()
    }
}

/// The first cause's code, and the whole list for a failure message.
fn first_cause(
    p: &Planted,
    server: &Config,
    exchange: &Exchange,
    sent_before: bool,
) -> (Outcome, bool, String, Vec<String>) {
    let token = Token::parse(&p.token);
    let role = RoleGuess::forced(Role::ClientAssertion, "--flow client");
    let checked = keys::check_keys_of(&token, &registered());
    let mut ctx = Ctx::new(crate::clock::system_now(), 60);
    let m = metadata(server);
    ctx.expect.issuer = m.issuer.clone();
    ctx.expect.token_endpoint = m.token_endpoint.clone();
    ctx.expect.algs = m.signing_algs.clone();
    ctx.expect.client_id = p.client_id.map(str::to_string);
    let d = diagnose(&Input {
        assertions: vec![Assertion {
            token: &token,
            role: &role,
            field: "client_assertion",
            sent_before,
            keys: Some(&checked),
            judged_as: None,
        }],
        ctx: &ctx,
        exchange,
        client_id: p.client_id,
    });
    let codes: Vec<String> = d
        .causes
        .iter()
        .map(|c| format!("{} ({})", c.finding.code, c.strength.as_str()))
        .collect();
    let first = d.first().map_or("", |c| c.finding.code).to_string();
    (d.outcome, d.inferred, first, codes)
}

#[test]
fn every_planted_cause_is_first_under_every_refusal_style() {
    let mut failures = Vec::new();
    let mut cells = 0;
    let http = crate::http::client(&options(), false).unwrap();
    let planted = planted(
        ISSUER,
        &format!("{ISSUER}/token"),
        crate::clock::system_now(),
    );
    let requests = |which: Server| -> u64 {
        planted
            .iter()
            .filter(|p| p.server == which)
            .map(|p| if p.resend { 2 } else { 1 })
            .sum()
    };
    for style in Style::ALL {
        let in_step = start(style, Server::InStep, requests(Server::InStep));
        let behind = start(style, Server::Behind, requests(Server::Behind));
        for p in &planted {
            let server = match p.server {
                Server::InStep => &in_step,
                Server::Behind => &behind,
            };
            let mut exchange = send(&http, server, &p.token, p.client_id);
            if p.resend {
                let (outcome, _, _, codes) = first_cause(p, server, &exchange, false);
                if outcome != Outcome::Accepted {
                    failures.push(format!(
                        "{} × {}: the first send was refused: {codes:?}",
                        p.what,
                        style.name()
                    ));
                }
                exchange = send(&http, server, &p.token, p.client_id);
            }
            let (outcome, inferred, first, codes) = first_cause(p, server, &exchange, p.resend);
            cells += 1;
            // only serve's own descriptions name the cause; every other style is vague
            let vague = style != Style::Described;
            if outcome != Outcome::Rejected || first != p.code || inferred != vague {
                failures.push(format!(
                    "{} × {}: expected {} first, got {outcome:?} (inferred: {inferred}) {codes:?}",
                    p.what,
                    style.name(),
                    p.code
                ));
            }
        }
    }
    assert!(cells >= 19 * 10, "{cells} cells");
    assert!(
        failures.is_empty(),
        "{} of {cells} cells:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
