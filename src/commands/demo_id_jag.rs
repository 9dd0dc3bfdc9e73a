//! `demo`'s two-hop story (ID-JAG, draft-ietf-oauth-identity-assertion-authz-grant-04): an
//! IdP and a resource authorization server, both `serve` in-process on 127.0.0.1. Hop 1
//! trades the user's ID token for an ID-JAG (RFC 8693), hop 2 presents it as a jwt-bearer
//! grant (RFC 7523). One planted failure per hop, each diagnosed, then the fixed run. Built
//! from the same plan, send, diagnose and render code as `replay --token-exchange`.

use crate::clock;
use crate::diagnose::{self, Assertion, Diagnosis, Outcome};
use crate::exchange::Exchange;
use crate::http::HttpOptions;
use crate::idjag;
use crate::jose::{self, Token};
use crate::keys::{self, KeySet};
use crate::lint::{self, Ctx, Flow, Profile, Role, RoleGuess};
use crate::output::{Output, Stream, Style};
use crate::replay::{self, ClientAuth, render};
use crate::serve::{self, Config, config};
use anyhow::{Context, Result};
use serde_json::{Map, Value, json};
use std::fmt::Write;

const DEMO_KEY: &[u8] = include_bytes!("../example/demo-key-es256.pk8");
const KID: &str = "demo-key-1";
const CLIENT_ID: &str = "demo-client";
/// Registered at the resource AS too: the client an ID-JAG was not issued to.
const OTHER_CLIENT: &str = "other-client";

/// How many stories `run` tells (demo numbers them after its own).
pub const STORIES: usize = 3;

struct Story {
    title: &'static str,
    audience_of: fn(&Servers) -> String,
    grant_client: &'static str,
    /// None: both hops accepted; Some((hop, code)): the cause named first at that hop.
    expect: Option<(u8, &'static str)>,
}

struct Servers {
    idp_issuer: String,
    idp_endpoint: String,
    ras_issuer: String,
    ras_endpoint: String,
}

fn stories() -> Vec<Story> {
    vec![
        Story {
            title: "ID-JAG hop 1: the audience is the resource AS's token endpoint, not its issuer",
            audience_of: |s| s.ras_endpoint.clone(),
            grant_client: CLIENT_ID,
            expect: Some((1, "server.audience_unknown")),
        },
        Story {
            title: "ID-JAG hop 2: another client presents the ID-JAG issued to demo-client",
            audience_of: |s| s.ras_issuer.clone(),
            grant_client: OTHER_CLIENT,
            expect: Some((2, "claim.client_id_mismatch")),
        },
        Story {
            title: "ID-JAG, fixed: audience = the resource AS's issuer, presented by demo-client",
            audience_of: |s| s.ras_issuer.clone(),
            grant_client: CLIENT_ID,
            expect: None,
        },
    ]
}

/// The demo key's public half under its kid: the demo client's keys, and the key the IdP
/// checks its own ID tokens with.
fn demo_keys(source: &str) -> Result<KeySet> {
    let mut set = keys::parse_bytes(DEMO_KEY, "the demo key")?;
    set.source = source.into();
    for key in &mut set.keys {
        key.private = None;
        key.kid = Some(KID.into());
    }
    Ok(set)
}

fn client(id: &str) -> Result<config::Client> {
    Ok(config::Client {
        id: id.into(),
        jwks: Some(demo_keys(&format!("client {id}'s registered keys"))?),
        secret: None,
        secret_intent: keys::Intent::default(),
        method: Some("private_key_jwt".into()),
        alg: Some("ES256".into()),
        grant_types: Vec::new(),
    })
}

fn sign(claims: Value) -> Result<String> {
    let mut header = Map::new();
    header.insert("kid".into(), KID.into());
    jose::sign_es256_pkcs8(&header, claims.as_object().context("claims")?, DEMO_KEY)
}

/// A client assertion for `client` at the server whose issuer is `aud`.
fn client_assertion(client: &str, aud: &str, now: i64) -> Result<String> {
    sign(
        json!({"iss": client, "sub": client, "aud": aud, "iat": now - 5, "exp": now + 120,
        "jti": keys::random_jti()?}),
    )
}

/// Start both servers; the resource AS trusts the IdP's ID-JAG key (its jwks_uri's JWKS).
fn start(stories: usize) -> Result<Servers> {
    let idp_bound = serve::bind(0)?;
    let ras_bound = serve::bind(0)?;
    let mut idp = Config::new(&idp_bound.base_url());
    let mut ras = Config::new(&ras_bound.base_url());
    let mut issuer = config::IdJagIssuer::generated()?;
    issuer.audiences = vec![ras.issuer.clone()];
    let published = keys::from_value(&issuer.jwks(), "the IdP's jwks_uri")?;
    idp.id_jag = Some(issuer);
    idp.clients.push(client(CLIENT_ID)?);
    idp.issuers.push(config::TrustedIssuer {
        issuer: idp.issuer.clone(),
        jwks: demo_keys("the IdP's ID token keys")?,
        alg: None,
        subjects: None,
        id_jag_only: false,
    });
    ras.clients.push(client(CLIENT_ID)?);
    ras.clients.push(client(OTHER_CLIENT)?);
    ras.issuers.push(config::TrustedIssuer {
        issuer: idp.issuer.clone(),
        jwks: published,
        alg: None,
        subjects: None,
        id_jag_only: true,
    });
    let servers = Servers {
        idp_issuer: idp.issuer.clone(),
        idp_endpoint: idp.token_endpoint.clone(),
        ras_issuer: ras.issuer.clone(),
        ras_endpoint: ras.token_endpoint.clone(),
    };
    let options = |n: usize| serve::Options {
        max_requests: Some(n as u64),
        ..serve::Options::default()
    };
    // every story reaches the IdP; all but the first reach the resource AS
    let (idp_options, ras_options) = (options(stories), options(stories - 1));
    std::thread::spawn(move || idp_bound.serve(idp, idp_options, &mut |_| {}));
    std::thread::spawn(move || ras_bound.serve(ras, ras_options, &mut |_| {}));
    Ok(servers)
}

struct Hop {
    exchange: Exchange,
    diagnosis: Diagnosis,
}

fn diagnosed(
    exchange: Exchange,
    token: (&Token, &'static str, Role, Profile),
    client: &Token,
    ctx: &Ctx,
    client_id: &str,
) -> Hop {
    let (main, field, role, profile) = token;
    let main_role = RoleGuess::forced(role, "demo");
    let client_role = RoleGuess::forced(Role::ClientAssertion, "demo");
    let expect = lint::Expect {
        client_id: Some(client_id.into()),
        issuer: (profile == Profile::IdJag)
            .then(|| ctx.expect.issuer.clone())
            .flatten(),
        ..lint::Expect::default()
    };
    let diagnosis = diagnose::diagnose(&diagnose::Input {
        assertions: vec![
            Assertion {
                token: main,
                role: &main_role,
                field,
                sent_before: false,
                keys: None,
                judged_as: Some((profile, &expect)),
            },
            Assertion {
                token: client,
                role: &client_role,
                field: "client_assertion",
                sent_before: false,
                keys: None,
                judged_as: None,
            },
        ],
        ctx,
        exchange: &exchange,
        client_id: Some(client_id),
    });
    Hop {
        exchange,
        diagnosis,
    }
}

fn ctx_for(now: i64, issuer: &str, endpoint: &str, client_id: &str) -> Ctx {
    let mut ctx = Ctx::new(now, 60);
    ctx.expect.issuer = Some(issuer.into());
    ctx.expect.token_endpoint = Some(endpoint.into());
    ctx.expect.client_id = Some(client_id.into());
    ctx
}

fn shown(out: &Output, s: &mut String, what: &str, hop: &Hop) {
    let _ = writeln!(s, "{what}");
    s.push_str(&render::response(out, &hop.exchange));
    let _ = writeln!(s, "\n{}\n", render::verdict(out, &hop.diagnosis));
    s.push_str(&render::diagnosis(out, &hop.diagnosis));
}

/// Run the stories after the RFC 7523 ones; `first` numbers them on. Returns how many did
/// not end as expected.
pub fn run(out: &Output, first: usize, total: usize) -> Result<usize> {
    let now = clock::system_now();
    let all = stories();
    let servers = start(all.len())?;
    let http = HttpOptions {
        timeout: std::time::Duration::from_secs(5),
        ..HttpOptions::default()
    };
    let id_token = Token::parse(&sign(json!({"iss": servers.idp_issuer, "sub": "alice",
        "aud": CLIENT_ID, "iat": now - 5, "exp": now + 600, "nonce": keys::random_jti()?}))?);
    let mut surprises = 0;
    for (n, story) in all.iter().enumerate() {
        let mut s = String::new();
        let heading = format!("── {}/{total}  {}", first + n, story.title);
        let _ = writeln!(s, "{}", out.paint(Stream::Stdout, &heading, Style::Heading));
        let audience = (story.audience_of)(&servers);
        let at_idp = Token::parse(&client_assertion(CLIENT_ID, &servers.idp_issuer, now)?);
        let plan = replay::plan_exchange(replay::ExchangeRequest {
            endpoint: &servers.idp_endpoint,
            subject_token: &id_token.raw,
            subject_token_type: idjag::ID_TOKEN_TYPE,
            requested_token_type: idjag::ID_JAG_TYPE,
            audiences: std::slice::from_ref(&audience),
            resources: &[],
            scope: Some("read"),
            client_id: Some(CLIENT_ID),
            client_auth: ClientAuth::Assertion(at_idp.raw.clone()),
            params: &[],
            secret_params: Vec::new(),
        })?;
        let ctx = ctx_for(now, &servers.idp_issuer, &servers.idp_endpoint, CLIENT_ID);
        let one = diagnosed(
            replay::send(&plan, &http)?,
            (
                &id_token,
                "subject_token",
                Role::IdToken,
                Profile::OidcIdToken,
            ),
            &at_idp,
            &ctx,
            CLIENT_ID,
        );
        shown(
            out,
            &mut s,
            &format!(
                "hop 1  POST {}  (token exchange: ID token → ID-JAG, audience {audience})",
                servers.idp_endpoint
            ),
            &one,
        );
        let accepted = one.diagnosis.outcome == Outcome::Accepted;
        let jag = one
            .exchange
            .response
            .as_ref()
            .filter(|_| accepted)
            .and_then(|r| serde_json::from_str::<Value>(&r.body).ok())
            .and_then(|b| b["access_token"].as_str().map(Token::parse));
        let two = match &jag {
            Some(jag) => {
                out.sending_secret(jag.raw.as_bytes());
                let at_ras = Token::parse(&client_assertion(
                    story.grant_client,
                    &servers.ras_issuer,
                    now,
                )?);
                let plan = replay::plan(replay::Request {
                    endpoint: &servers.ras_endpoint,
                    flow: Flow::Grant,
                    assertion: &jag.raw,
                    client_id: Some(story.grant_client),
                    client_auth: ClientAuth::Assertion(at_ras.raw.clone()),
                    grant_type: "",
                    scope: None,
                    resources: &[],
                    params: &[],
                    secret_params: Vec::new(),
                })?;
                let ctx = ctx_for(
                    now,
                    &servers.ras_issuer,
                    &servers.ras_endpoint,
                    story.grant_client,
                );
                let hop = diagnosed(
                    replay::send(&plan, &http)?,
                    (jag, "assertion", Role::Grant, Profile::IdJag),
                    &at_ras,
                    &ctx,
                    story.grant_client,
                );
                let _ = writeln!(s);
                shown(
                    out,
                    &mut s,
                    &format!(
                        "hop 2  POST {}  (the ID-JAG as a jwt-bearer grant, client {})",
                        servers.ras_endpoint, story.grant_client
                    ),
                    &hop,
                );
                Some(hop)
            }
            None => None,
        };
        let as_expected = match (story.expect, &two) {
            (None, Some(two)) => {
                one.diagnosis.outcome == Outcome::Accepted
                    && two.diagnosis.outcome == Outcome::Accepted
            }
            (Some((1, code)), None) => one
                .diagnosis
                .first()
                .is_some_and(|c| c.finding.code == code),
            (Some((2, code)), Some(two)) => two
                .diagnosis
                .first()
                .is_some_and(|c| c.finding.code == code),
            _ => false,
        };
        if !as_expected {
            surprises += 1;
        }
        out.print(&s)?;
        out.print("")?;
    }
    Ok(surprises)
}
