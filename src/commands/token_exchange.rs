//! `replay --token-exchange`: the two hops of an ID-JAG
//! (draft-ietf-oauth-identity-assertion-authz-grant-04). Hop 1 sends an RFC 8693 token
//! exchange to the IdP (the ID token as subject_token) and checks what it issued; with
//! `--then-grant`, hop 2 presents the issued ID-JAG at the resource authorization server as
//! an RFC 7523 jwt-bearer grant. Each hop is sent, diagnosed and shown on its own, with
//! replay's request building, HTTP client, diagnosis and rendering.

use super::replay::{announce, read_secret, read_token, secret_params, secret_via, token_endpoint};
use super::sign::secret_from;
use super::{check, load};
use crate::cli::ReplayArgs;
use crate::diagnose::{self, Assertion, Diagnosis, Outcome};
use crate::exchange::{Exchange, without_userinfo};
use crate::exit::{Hint, Status};
use crate::findings::{Finding, Severity};
use crate::http::HttpOptions;
use crate::idjag;
use crate::input::{self, is_stdin};
use crate::jose::Token;
use crate::keys;
use crate::lint::{self, Ctx, Flow, Profile, Role, RoleGuess, Subject};
use crate::metadata::{self, Metadata};
use crate::output::{Output, Stream, Style};
use crate::replay::{self, ClientAuth, Plan, render};
use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::fmt::Write;

/// What hop 1 issued, read from the token response (the token itself stays redacted).
struct Issued {
    token: Option<Token>,
    issued_token_type: Option<String>,
    token_type: Option<String>,
    /// Checks of the response and of the issued token; warnings at most (hop 2, or the
    /// resource server, is the judge of the token).
    findings: Vec<Finding>,
}

/// One hop, sent and diagnosed.
struct Hop {
    plan: Plan,
    exchange: Exchange,
    diagnosis: Diagnosis,
}

impl Hop {
    fn accepted(&self) -> bool {
        self.diagnosis.outcome == Outcome::Accepted
    }
}

/// The first hop's server: the judging context, its metadata, its token endpoint.
struct Idp {
    ctx: Ctx,
    meta: Option<Metadata>,
    endpoint: String,
}

/// The IdP's token endpoint, as replay finds it: a flag, or the issuer's metadata.
fn idp_endpoint(args: &ReplayArgs, http: &HttpOptions, out: &Output) -> Result<Idp> {
    let (ctx, meta, endpoint) =
        token_endpoint(args, args.server.clone(), http, "the token exchange", out)?;
    Ok(Idp {
        ctx,
        meta,
        endpoint,
    })
}

/// The subject token: --subject-token, else the TOKEN argument (or stdin).
fn subject_token(args: &ReplayArgs, now: i64, out: &Output) -> Result<Token> {
    match &args.exchange.subject_token {
        Some(spec) => read_token(spec, "--subject-token"),
        None => Ok(load::load(&args.input, now, "replay", out)?.token),
    }
}

fn send(plan: &Plan, http: &HttpOptions, out: &Output) -> Result<Exchange> {
    announce(plan, http, out)?;
    out.verbose(1, &format!("POST {} ({})", plan.endpoint, plan.auth_method));
    replay::send(plan, http)
}

/// Hop 1: the token exchange at the IdP.
fn hop_one(
    args: &ReplayArgs,
    idp: &mut Idp,
    subject: &Token,
    client_assertion: Option<&Token>,
    http: &HttpOptions,
    out: &Output,
) -> Result<Option<Hop>> {
    let ctx = &idp.ctx;
    let endpoint = idp.endpoint.as_str();
    let x = &args.exchange;
    let client_auth = match (client_assertion, read_secret(args)?) {
        (Some(t), _) => ClientAuth::Assertion(t.raw.clone()),
        (None, Some(secret)) => ClientAuth::Secret(secret, secret_via(args.client_auth)),
        (None, None) => ClientAuth::None,
    };
    let plan = replay::plan_exchange(replay::ExchangeRequest {
        endpoint,
        subject_token: &subject.raw,
        subject_token_type: &idjag::token_type(&x.subject_token_type),
        requested_token_type: &idjag::token_type(&x.requested_token_type),
        audiences: &x.audience,
        resources: &args.resource,
        scope: args.scope.as_deref(),
        client_id: args.check.client_id.as_deref(),
        client_auth,
        params: &args.params,
        secret_params: secret_params(args)?,
    })?;
    if args.dry_run {
        for name in &plan.secret_fields {
            out.secret_field(name);
        }
        if args.json {
            out.json(render::dry_run_json(&plan))?;
        } else {
            out.print(&render::dry_run(out, &plan))?;
        }
        return Ok(None);
    }
    let mut exchange = send(&plan, http, out)?;
    exchange.metadata = idp.meta.take();
    let subject_role = RoleGuess::forced(Role::IdToken, "the subject_token of a token exchange");
    // The ID token is judged as an ID token for the client that exchanges it; its issuer
    // need not be the IdP's (serve --trust takes others).
    let subject_expect = lint::Expect {
        client_id: plan.client_id_sent.clone(),
        ..lint::Expect::default()
    };
    let sent = Assertion {
        token: subject,
        role: &subject_role,
        field: "subject_token",
        sent_before: false,
        keys: None,
        judged_as: Some((Profile::OidcIdToken, &subject_expect)),
    };
    let diagnosis = diagnose_hop(
        sent,
        client_assertion,
        "--client-assertion",
        ctx,
        &exchange,
        &plan,
    );
    Ok(Some(Hop {
        plan,
        exchange,
        diagnosis,
    }))
}

/// What an accepted token exchange issued, checked against what was requested (RFC 8693
/// §2.2.1; for an ID-JAG the draft's token_type N_A and typ oauth-id-jag+jwt).
fn issued(hop: &Hop, requested: &str, ctx: &Ctx, out: &Output) -> Issued {
    let body: Value = hop
        .exchange
        .response
        .as_ref()
        .and_then(|r| serde_json::from_str(r.body.trim()).ok())
        .unwrap_or(Value::Null);
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let raw = text("access_token");
    if let Some(raw) = &raw {
        // a reusable token: never printed unless --show-secrets
        out.sending_secret(raw.as_bytes());
    }
    let token = raw.as_deref().map(Token::parse).filter(Token::is_readable);
    let issued_token_type = text("issued_token_type");
    let token_type = text("token_type");
    let mut findings = Vec::new();
    let warn = |code: &'static str, message: String, hint: &str| {
        Finding::new(code, message)
            .severity(Severity::Warning)
            .hint(hint)
    };
    match issued_token_type.as_deref() {
        None => findings.push(warn(
            "server.unexpected_answer",
            "the token exchange response has no issued_token_type (RFC 8693 §2.2.1 requires it)"
                .into(),
            "nothing to change in the request; the IdP's response is non-standard",
        )),
        Some(t) if t != requested => findings.push(warn(
            "server.unexpected_answer",
            format!("the IdP issued a {t}, not the requested {requested}"),
            "check requested_token_type and what the IdP is configured to issue",
        )),
        Some(_) => {}
    }
    if requested == idjag::ID_JAG_TYPE {
        if token_type.as_deref() != Some(idjag::NOT_APPLICABLE) {
            findings.push(warn(
                "server.unexpected_answer",
                format!(
                    "token_type is {}, not N_A: an ID-JAG is a grant, not an access token ({})",
                    token_type
                        .as_deref()
                        .map_or("missing".into(), |t| format!("{t:?}")),
                    idjag::DRAFT
                ),
                "nothing to change in the request; do not use the issued token as an access token",
            ));
        }
        match &token {
            None => findings.push(warn(
                "token.malformed",
                "the issued token is not a JWT; an ID-JAG is a signed JWT".into(),
                "check what the IdP issues for requested_token_type id-jag",
            )),
            Some(t) if !idjag::is_id_jag(t) => findings.push(warn(
                "header.typ",
                format!(
                    "the issued token's typ is {}, not {}: a resource authorization server that checks typ refuses it",
                    t.header_str("typ").map_or("missing".into(), |v| format!("{v:?}")),
                    idjag::ID_JAG_TYP
                ),
                "have the IdP issue ID-JAGs with typ oauth-id-jag+jwt",
            )),
            Some(_) => {}
        }
    }
    if let Some(t) = &token {
        let mut ctx = ctx.clone();
        if requested == idjag::ID_JAG_TYPE {
            ctx.profile = Profile::IdJag;
            ctx.profile_from = lint::profile::ProfileFrom::Given;
        }
        let ctx = &ctx;
        let role = RoleGuess::forced(Role::Grant, "issued by the token exchange");
        let subject = Subject {
            token: t,
            role: &role,
            request: None,
        };
        for mut f in lint::run(&subject, ctx, lint::offline) {
            if f.severity == Severity::Info {
                continue;
            }
            f.severity = Severity::Warning;
            findings.push(f);
        }
    }
    Issued {
        token,
        issued_token_type,
        token_type,
        findings,
    }
}

/// `--then-grant URL`: the resource authorization server's metadata when URL is its issuer,
/// else URL is the token endpoint. (issuer, token endpoint, metadata)
fn resource_as(
    url: &str,
    http: &HttpOptions,
    out: &Output,
) -> (Option<String>, String, Option<Metadata>) {
    match metadata::discover(url, http) {
        Ok(meta) if meta.token_endpoint.is_some() => {
            let endpoint = meta.token_endpoint.clone().unwrap_or_default();
            out.verbose(
                1,
                &format!("second hop: token endpoint {endpoint} from {}", meta.source),
            );
            (
                meta.issuer.clone().or_else(|| Some(url.to_string())),
                endpoint,
                Some(meta),
            )
        }
        _ => {
            out.verbose(
                1,
                &format!("second hop: no metadata at {url}; using it as the token endpoint"),
            );
            (None, url.to_string(), None)
        }
    }
}

/// Hop 2's client authentication.
fn grant_auth(
    args: &ReplayArgs,
    client_id: &str,
    aud: &str,
    now: i64,
) -> Result<(ClientAuth, Option<Token>)> {
    let x = &args.exchange;
    if let Some(path) = &x.grant_key {
        let key = keys::load_signing(&keys::SigningSource {
            key: Some(path),
            ..keys::SigningSource::default()
        })
        .context("--grant-key")?;
        let mut header = serde_json::Map::new();
        if let Some(kid) = &key.kid {
            header.insert("kid".into(), json!(kid));
        }
        let claims = json!({"iss": client_id, "sub": client_id, "aud": aud, "iat": now,
            "exp": now + 300, "jti": keys::random_jti()?});
        let token = key.sign(&header, claims.as_object().expect("claims are an object"))?;
        let parsed = Token::parse(&token);
        return Ok((ClientAuth::Assertion(token), Some(parsed)));
    }
    if let Some(spec) = &x.grant_client_assertion {
        let t = read_token(spec, "--grant-client-assertion")?;
        return Ok((ClientAuth::Assertion(t.raw.clone()), Some(t)));
    }
    match secret_from(&x.grant_client_secret_file, &x.grant_client_secret_env) {
        Some(from) => {
            let secret = keys::read_secret(&from)
                .context("--grant-client-secret-file / --grant-client-secret-env")?;
            Ok((
                ClientAuth::Secret(secret, secret_via(args.client_auth)),
                None,
            ))
        }
        None => Ok((ClientAuth::None, None)),
    }
}

/// Hop 2: the ID-JAG as a jwt-bearer grant at the resource authorization server.
fn hop_two(
    args: &ReplayArgs,
    url: &str,
    jag: &Token,
    ctx: &Ctx,
    http: &HttpOptions,
    out: &Output,
) -> Result<Hop> {
    let (issuer, endpoint, meta) = resource_as(url, http, out);
    // Undiscovered, the resource AS's issuer is the audience the ID-JAG was requested for
    // (the draft: the audience of the token exchange is that issuer).
    let issuer = issuer.or_else(|| match &args.exchange.audience[..] {
        [one] => Some(one.clone()),
        _ => None,
    });
    let client_id = match (&args.exchange.grant_client_id, jag.claim_str("client_id")) {
        (Some(id), _) => id.clone(),
        (None, Some(id)) => {
            out.note(&format!("second hop: client_id {id} (the ID-JAG's client_id claim; --grant-client-id says otherwise)"));
            id.to_string()
        }
        (None, None) => {
            return Err(Hint::new(
                "the issued token has no client_id claim to present it as",
                "add --grant-client-id ID (the client's id at the resource authorization server)",
            ));
        }
    };
    let aud = issuer
        .clone()
        .unwrap_or_else(|| without_userinfo(&endpoint));
    let (client_auth, client_assertion) = grant_auth(args, &client_id, &aud, ctx.now)?;
    let plan = replay::plan(replay::Request {
        endpoint: &endpoint,
        flow: Flow::Grant,
        assertion: &jag.raw,
        client_id: Some(&client_id),
        client_auth,
        grant_type: "",
        scope: None,
        resources: &[],
        params: &[],
        secret_params: Vec::new(),
    })?;
    let mut exchange = send(&plan, http, out)?;
    exchange.metadata = meta;
    let mut ctx = ctx.clone();
    ctx.expect = lint::Expect {
        issuer,
        token_endpoint: Some(without_userinfo(&endpoint)),
        client_id: Some(client_id.clone()),
        ..lint::Expect::default()
    };
    let role = RoleGuess::forced(Role::Grant, "the ID-JAG the token exchange issued");
    let sent = Assertion {
        token: jag,
        role: &role,
        field: "assertion",
        sent_before: false,
        keys: None,
        judged_as: Some((Profile::IdJag, &ctx.expect)),
    };
    let diagnosis = diagnose_hop(
        sent,
        client_assertion.as_ref(),
        "the second hop's client assertion",
        &ctx,
        &exchange,
        &plan,
    );
    Ok(Hop {
        plan,
        exchange,
        diagnosis,
    })
}

/// One hop's diagnosis: the token it sent and, when one authenticated the client, its
/// client assertion (judged as one, whatever it looks like).
fn diagnose_hop(
    sent: Assertion,
    client_assertion: Option<&Token>,
    client_assertion_is: &str,
    ctx: &Ctx,
    exchange: &Exchange,
    plan: &Plan,
) -> Diagnosis {
    let client_role = RoleGuess::forced(Role::ClientAssertion, client_assertion_is.to_string());
    let mut assertions = vec![sent];
    if let Some(token) = client_assertion {
        assertions.push(Assertion {
            token,
            role: &client_role,
            field: "client_assertion",
            sent_before: false,
            keys: None,
            judged_as: None,
        });
    }
    diagnose::diagnose(&diagnose::Input {
        assertions,
        ctx,
        exchange,
        client_id: plan.client_id_sent.as_deref(),
    })
}

fn heading(out: &Output, text: &str) -> String {
    out.paint(Stream::Stdout, text, Style::Heading)
}

/// The issued token, for people: its types, header and claims (never the token).
fn issued_human(out: &Output, i: &Issued) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} issued_token_type {}, token_type {}",
        heading(out, "issued:"),
        i.issued_token_type.as_deref().unwrap_or("(none)"),
        i.token_type.as_deref().unwrap_or("(none)")
    );
    if let Some(t) = &i.token {
        let show = |m: &Option<serde_json::Map<String, Value>>| {
            m.as_ref()
                .map_or("{}".to_string(), |m| Value::Object(m.clone()).to_string())
        };
        let _ = writeln!(
            s,
            "  header {}",
            crate::output::escape_untrusted(&show(&t.header.as_deref().cloned()))
        );
        let _ = writeln!(
            s,
            "  claims {}",
            crate::output::escape_untrusted(&show(&t.claims.as_ref().map(|c| c.map().clone())))
        );
    }
    for f in &i.findings {
        let _ = writeln!(s, "  {} {}  {}", f.severity.as_str(), f.code, f.message);
    }
    s
}

fn issued_json(i: &Issued) -> Value {
    json!({
        "issued_token_type": i.issued_token_type,
        "token_type": i.token_type,
        "header": i.token.as_ref().and_then(|t| t.header.as_deref().cloned()),
        "claims": i.token.as_ref().and_then(|t| t.claims.clone()),
        "findings": i.findings.iter().map(Finding::to_json).collect::<Vec<_>>(),
    })
}

pub fn run(args: &ReplayArgs, out: &Output) -> Result<Status> {
    let http = check::http_options(&args.http)?;
    let x = &args.exchange;
    input::one_stdin_reader(&[
        (
            "the token",
            x.subject_token.is_none() && load::reads_stdin(&args.input),
        ),
        ("--subject-token -", x.subject_token.as_deref() == Some("-")),
        (
            "--client-assertion -",
            args.client_assertion.as_deref() == Some("-"),
        ),
        (
            "--client-secret-file -",
            args.client_secret_file.as_deref().is_some_and(is_stdin),
        ),
    ])?;
    if args.resign || args.from.is_some() {
        return Err(Hint::new(
            "--token-exchange sends the subject token as it is; --resign and --from are for RFC 7523 requests",
            "drop --resign / --from",
        ));
    }
    let mut idp = idp_endpoint(args, &http, out)?;
    let subject = subject_token(args, idp.ctx.now, out)?;
    let client_assertion = match &args.client_assertion {
        Some(spec) => Some(read_token(spec, "--client-assertion")?),
        None => None,
    };
    let Some(one) = hop_one(
        args,
        &mut idp,
        &subject,
        client_assertion.as_ref(),
        &http,
        out,
    )?
    else {
        return Ok(Status::Clean);
    };
    let ctx = idp.ctx;
    let requested = idjag::token_type(&x.requested_token_type);
    // the issued ID-JAG names the requested audience (the resource AS's issuer)
    let expect = lint::Expect {
        issuer: match &x.audience[..] {
            [one] => Some(one.clone()),
            _ => None,
        },
        ..lint::Expect::default()
    };
    let issued = one.accepted().then(|| {
        issued(
            &one,
            &requested,
            &Ctx {
                expect,
                ..ctx.clone()
            },
            out,
        )
    });
    // hop 1 is shown before hop 2 is sent, so that notes about hop 2 follow it
    if !args.json {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{}",
            heading(out, "── hop 1: token exchange at the IdP (RFC 8693)")
        );
        s.push_str(render::human(out, &one.plan, &one.exchange, &one.diagnosis).trim_end());
        if let Some(i) = &issued {
            s.push_str("\n\n");
            s.push_str(&issued_human(out, i));
        }
        out.print(&s)?;
    }
    let two = match (
        &x.then_grant,
        issued.as_ref().and_then(|i| i.token.as_ref()),
    ) {
        (Some(url), Some(jag)) => Some(hop_two(args, url, jag, &ctx, &http, out)?),
        (Some(_), None) if one.accepted() => {
            out.warn("the token exchange issued no JWT: nothing to present at the second hop");
            None
        }
        _ => None,
    };
    let accepted = one.accepted()
        && two.as_ref().is_none_or(Hop::accepted)
        && (x.then_grant.is_none() || two.is_some());
    if args.json {
        let mut first = render::json(&one.plan, &one.exchange, &one.diagnosis, false, false);
        first["issued"] = issued.as_ref().map_or(Value::Null, issued_json);
        out.json(json!({
            "version": render::SCHEMA_VERSION,
            "accepted": accepted,
            "token_exchange": first,
            "grant": two.as_ref().map(|h| render::json(&h.plan, &h.exchange, &h.diagnosis, false, false)),
        }))?;
    } else if let Some(h) = &two {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "\n{}",
            heading(
                out,
                "── hop 2: the ID-JAG as a jwt-bearer grant (RFC 7523 §2.1)"
            )
        );
        s.push_str(render::human(out, &h.plan, &h.exchange, &h.diagnosis).trim_end());
        out.print(&s)?;
    }
    Ok(if accepted {
        Status::Clean
    } else {
        Status::Findings
    })
}
