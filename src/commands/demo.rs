//! `demo`: start the local token endpoint in-process, replay a few built-in assertions
//! (one good, the rest with a classic mistake each) and show each diagnosis. It uses the
//! same serve, replay and diagnose code as the real commands.

use crate::cli::DemoArgs;
use crate::clock;
use crate::diagnose::{self, Assertion, Outcome};
use crate::exit::Status;
use crate::http::HttpOptions;
use crate::jose::{self, Token};
use crate::keys::{self, KeySet};
use crate::lint::{Ctx, Role, RoleGuess};
use crate::output::{Output, Stream, Style};
use crate::replay::{self, ClientAuth, render};
use crate::serve::{self, Config};
use anyhow::{Context, Result};
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// The example's P-256 key: it signs demo assertions and nothing else.
const DEMO_KEY: &[u8] = include_bytes!("../example/demo-key-es256.pk8");
const CLIENT_ID: &str = "demo-client";
const KID: &str = "demo-key-1";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Server {
    /// Descriptive errors (ends each error_description with the finding code).
    Strict,
    /// No error_description at all, like Spring or Duende.
    Opaque,
    /// Strict, with its clock two hours ahead.
    Skewed,
}

struct Scenario {
    title: &'static str,
    server: Server,
    claims: Value,
    kid: &'static str,
    /// Send the previous scenario's assertion again.
    resend: bool,
    /// None: accepted; Some(code): the cause the diagnosis should name first.
    expect: Option<&'static str>,
}

fn scenarios(now: i64) -> Vec<Scenario> {
    vec![
        Scenario {
            title: "a correct client assertion (aud = the issuer, as RFC 10070 wants)",
            server: Server::Strict,
            claims: json!({}),
            kid: KID,
            resend: false,
            expect: None,
        },
        Scenario {
            title: "the same assertion again: servers keep a jti single-use",
            server: Server::Strict,
            claims: json!({}),
            kid: KID,
            resend: true,
            expect: Some("claim.jti_reused"),
        },
        Scenario {
            title: "aud names another server",
            server: Server::Strict,
            claims: json!({"aud": "https://as.example.com/oauth2/token"}),
            kid: KID,
            resend: false,
            expect: Some("claim.aud_mismatch"),
        },
        Scenario {
            title: "expired ten minutes ago (a cached assertion)",
            server: Server::Strict,
            claims: json!({"iat": now - 900, "exp": now - 600}),
            kid: KID,
            resend: false,
            expect: Some("claim.exp_expired"),
        },
        Scenario {
            title: "a kid the server does not have, to a server that gives no reason",
            server: Server::Opaque,
            claims: json!({}),
            kid: "old-key-2024",
            resend: false,
            expect: Some("header.kid_unknown"),
        },
        Scenario {
            title: "a fresh assertion, but the server's clock runs two hours ahead",
            server: Server::Skewed,
            claims: json!({}),
            kid: KID,
            resend: false,
            expect: Some("server.clock_skew"),
        },
    ]
}

/// The demo client's registered key: the public half of the demo key, with its kid.
fn registered_keys() -> Result<KeySet> {
    let mut set = keys::parse_bytes(DEMO_KEY, "the demo key")?;
    set.source = "the demo client's JWKS".into();
    for key in &mut set.keys {
        key.private = None;
        key.kid = Some(KID.into());
        key.intent.alg = Some("ES256".into());
    }
    Ok(set)
}

fn config(bound: &serve::Bound, kind: Server) -> Result<Config> {
    let mut config = Config::new(&bound.base_url());
    config.clients.push(serve::config::Client {
        id: CLIENT_ID.into(),
        jwks: Some(registered_keys()?),
        secret: None,
        secret_intent: crate::keys::Intent::default(),
        method: Some("private_key_jwt".into()),
        alg: Some("ES256".into()),
        grant_types: Vec::new(),
    });
    if kind == Server::Opaque {
        config.refusal = serve::refusal::Style::Opaque;
    }
    if kind == Server::Skewed {
        config.clock_offset = 2 * 3600;
    }
    Ok(config)
}

fn sign(now: i64, issuer: &str, changes: &Value, kid: &str, n: usize) -> Result<String> {
    let mut claims = json!({
        "iss": CLIENT_ID,
        "sub": CLIENT_ID,
        "aud": issuer,
        "iat": now - 5,
        "exp": now + 120,
        "jti": format!("demo-{now:x}-{n}"),
    });
    for (k, v) in changes.as_object().into_iter().flatten() {
        if !v.is_null() {
            claims[k] = v.clone();
        }
    }
    let mut header = Map::new();
    header.insert("typ".into(), "client-authentication+jwt".into());
    header.insert("kid".into(), kid.into());
    let claims = claims.as_object().cloned().unwrap_or_default();
    jose::sign_es256_pkcs8(&header, &claims, DEMO_KEY)
}

pub fn run(_args: &DemoArgs, out: &Output) -> Result<Status> {
    let now = clock::system_now();
    let registered = registered_keys()?;
    let kinds = [Server::Strict, Server::Opaque, Server::Skewed];
    let mut endpoints = Vec::new();
    let all = scenarios(now);
    let total = all.len() + super::demo_id_jag::STORIES;
    for kind in kinds {
        let bound = serve::bind(0)?;
        let config = config(&bound, kind)?;
        endpoints.push((kind, config.issuer.clone(), config.token_endpoint.clone()));
        let requests = all.iter().filter(|s| s.server == kind).count() as u64;
        let options = serve::Options {
            max_requests: Some(requests),
            ..serve::Options::default()
        };
        std::thread::spawn(move || bound.serve(config, options, &mut |_| {}));
    }
    let http = HttpOptions {
        timeout: std::time::Duration::from_secs(5),
        ..HttpOptions::default()
    };
    let mut intro = String::new();
    let _ = writeln!(
        intro,
        "{}",
        out.paint(
            Stream::Stdout,
            "jwtgrant demo: three local token endpoints (strict, opaque, clock two hours ahead), one client; then an IdP and a resource AS (ID-JAG)",
            Style::Heading
        )
    );
    let _ = writeln!(
        intro,
        "client {CLIENT_ID}, registered ES256 key {KID}; each assertion is signed now and sent with `replay`'s code\n"
    );
    out.print(&intro)?;
    let mut previous: Option<String> = None;
    let mut sent = std::collections::HashSet::new();
    let mut surprises = 0;
    for (n, scenario) in all.iter().enumerate() {
        let (_, issuer, endpoint) = endpoints
            .iter()
            .find(|(k, _, _)| *k == scenario.server)
            .context("demo server")?;
        let text = match (&previous, scenario.resend) {
            (Some(p), true) => p.clone(),
            _ => sign(now, issuer, &scenario.claims, scenario.kid, n)?,
        };
        previous = Some(text.clone());
        let token = Token::parse(&text);
        let role = RoleGuess::forced(Role::ClientAssertion, "demo");
        let plan = replay::plan(replay::Request {
            endpoint,
            flow: crate::lint::Flow::Client,
            assertion: &text,
            client_id: Some(CLIENT_ID),
            client_auth: ClientAuth::None,
            grant_type: "client_credentials",
            scope: None,
            resources: &[],
            params: &[],
            secret_params: Vec::new(),
        })?;
        let exchange = replay::send(&plan, &http)?;
        let jti = token.claim_str("jti").unwrap_or("").to_string();
        let sent_before = !sent.insert(jti);
        let keys = keys::check_keys_of(&token, &registered);
        let mut ctx = Ctx::new(now, 60);
        ctx.expect.issuer = Some(issuer.clone());
        ctx.expect.token_endpoint = Some(endpoint.clone());
        ctx.expect.client_id = Some(CLIENT_ID.into());
        let d = diagnose::diagnose(&diagnose::Input {
            assertions: vec![Assertion {
                token: &token,
                role: &role,
                field: "client_assertion",
                sent_before,
                keys: Some(&keys),
                judged_as: None,
            }],
            ctx: &ctx,
            exchange: &exchange,
            client_id: Some(CLIENT_ID),
        });
        let as_expected = match scenario.expect {
            None => d.outcome == Outcome::Accepted,
            Some(code) => d.first().is_some_and(|c| c.finding.code == code),
        };
        if !as_expected {
            surprises += 1;
        }
        let mut s = String::new();
        let heading = format!("── {}/{}  {}", n + 1, total, scenario.title);
        let _ = writeln!(s, "{}", out.paint(Stream::Stdout, &heading, Style::Heading));
        let _ = writeln!(
            s,
            "POST {endpoint}  (client_assertion for {CLIENT_ID}, kid {})",
            scenario.kid
        );
        s.push_str(&render::response(out, &exchange));
        let _ = writeln!(s, "\n{}\n", render::verdict(out, &d));
        s.push_str(&render::diagnosis(out, &d));
        out.print(&s)?;
        out.print("")?;
    }
    surprises += super::demo_id_jag::run(out, all.len() + 1, total)?;
    if surprises > 0 {
        out.warn(&format!(
            "{surprises} scenario(s) did not end as the demo expects"
        ));
        return Ok(Status::Findings);
    }
    out.print("Every answer above was diagnosed from the server's words, its clock, the registered keys\nand a local lint. Try it on your own endpoint: jwtgrant replay --help (ID-JAG: --token-exchange)")?;
    Ok(Status::Clean)
}
