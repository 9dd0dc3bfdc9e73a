//! `replay`: send an assertion to a token endpoint the way a client would, then diagnose.

use super::{check, load, sign::secret_from};
use crate::cli::{ClientAuthArg, ReplayArgs, ServerArgs, TokenInput};
use crate::clock::span;
use crate::diagnose::{self, Assertion, Outcome};
use crate::exchange::without_userinfo;
use crate::exit::{Hint, Status, Transport};
use crate::history::{self, History};
use crate::http::{self, HttpOptions};
use crate::input::capture;
use crate::input::{self, is_stdin};
use crate::jose::Token;
use crate::keys::{self, SecretFrom, SignatureState, SigningSource, Verification};
use crate::lint::profile::ProfileFrom;
use crate::lint::times;
use crate::lint::{Ctx, Flow, Role, RoleGuess};
use crate::output::Output;
use crate::redact::Secret;
use crate::replay::from::{self, Captured};
use crate::replay::{self, ClientAuth, SecretVia, render, resign};
use anyhow::{Context, Result};
use std::io::IsTerminal;

/// The flow a role implies; an assertion of unknown kind needs --flow.
pub fn flow_for(role: &RoleGuess) -> Result<Flow> {
    match role.role {
        Role::ClientAssertion => Ok(Flow::Client),
        Role::Grant => Ok(Flow::Grant),
        other => Err(Hint::new(
            format!(
                "cannot tell how to send this token: it looks like {} ({})",
                other.describe(),
                role.reason
            ),
            "say which it is: --flow grant (assertion=) or --flow client (client_assertion=)",
        )),
    }
}

/// How a client secret goes, as --client-auth says.
pub(super) fn secret_via(arg: ClientAuthArg) -> SecretVia {
    match arg {
        ClientAuthArg::Basic => SecretVia::Basic,
        ClientAuthArg::Post => SecretVia::Post,
    }
}

/// Where `what` is sent: --token-endpoint, else the token_endpoint of --metadata or of the
/// --issuer's discovered metadata. The judging context expects that endpoint without any
/// credentials in its URL (the HTTP client sends those as Basic; no aud names them).
pub(super) fn token_endpoint(
    args: &ReplayArgs,
    mut server: ServerArgs,
    http: &HttpOptions,
    what: &str,
    out: &Output,
) -> Result<(Ctx, Option<crate::metadata::Metadata>, String)> {
    if server.token_endpoint.is_none() && server.metadata.is_none() {
        match &server.issuer {
            // metadata::load discovers an issuer URL (RFC 8414, then OIDC)
            Some(issuer) => server.metadata = Some(issuer.clone()),
            None => {
                return Err(Hint::new(
                    format!("where should {what} go? no token endpoint given"),
                    "add --token-endpoint URL, or --issuer URL / --metadata URL|FILE to discover it",
                ));
            }
        }
    }
    let (mut ctx, meta) = check::ctx(&args.check, Some(&server), http)?;
    let Some(endpoint) = ctx.expect.token_endpoint.clone() else {
        let source = meta.map_or_else(String::new, |m| format!(" ({})", m.source));
        return Err(Hint::new(
            format!("the server metadata has no token_endpoint{source}"),
            "give --token-endpoint URL",
        ));
    };
    if let Some(m) = &meta {
        out.verbose(1, &format!("token endpoint {endpoint} from {}", m.source));
    }
    ctx.expect.token_endpoint = Some(without_userinfo(&endpoint));
    Ok((ctx, meta, endpoint))
}

/// Before a request goes out: the output layer learns every secret it carries (so an echo
/// is redacted), and the URL passes the plain-http rule.
pub(super) fn announce(plan: &replay::Plan, http: &HttpOptions, out: &Output) -> Result<()> {
    for name in &plan.secret_fields {
        out.secret_field(name);
    }
    for secret in plan.secrets() {
        out.sending_secret(secret.expose());
    }
    http::check_url(&plan.endpoint, http.allow_http)?;
    Ok(())
}

/// `--jwks-from-issuer ISSUER`: the grant is an ID token, so it goes as `assertion=`.
fn id_token_grant(args: &ReplayArgs) -> Result<Option<String>> {
    let Some(issuer) = &args.jwks_from_issuer else {
        return Ok(None);
    };
    if args.check.flow == Some(Flow::Client) {
        return Err(Hint::new(
            "--jwks-from-issuer is for a grant that is an ID token, not a client assertion",
            "drop --flow client, or use --jwks for the keys registered for a client",
        ));
    }
    Ok(Some(issuer.clone()))
}

/// The provider's discovery document names where its signing keys are.
fn issuer_jwks_uri(issuer: &str, http: &HttpOptions) -> Result<String> {
    let meta = crate::metadata::discover(issuer, http)
        .with_context(|| format!("--jwks-from-issuer {issuer}"))?;
    meta.jwks_uri.ok_or_else(|| {
        anyhow::anyhow!(
            "{}: the metadata has no jwks_uri, so the ID token's keys cannot be found",
            meta.source
        )
    })
}

/// A token given as TOKEN or @FILE (or text holding one): the first JWT found.
pub(super) fn read_token(spec: &str, what: &str) -> Result<Token> {
    let input = input::read(spec, "replay").with_context(|| what.to_string())?;
    let selection = input::select(&input, None, None).with_context(|| what.to_string())?;
    Ok(Token::parse(&selection.candidate().token))
}

/// `--secret-param NAME=FILE` and `--secret-param-env NAME=VAR`, read like a client secret.
pub(super) fn secret_params(args: &ReplayArgs) -> Result<Vec<(String, Secret)>> {
    let files = args
        .secret_params
        .iter()
        .map(|(name, path)| (name, SecretFrom::File(path.into())));
    let envs = args
        .secret_params_env
        .iter()
        .map(|(name, var)| (name, SecretFrom::Env(var.clone())));
    files
        .chain(envs)
        .map(|(name, from)| {
            let secret =
                keys::read_secret(&from).with_context(|| format!("--secret-param {name}"))?;
            Ok((name.clone(), secret))
        })
        .collect()
}

pub(super) fn read_secret(args: &ReplayArgs) -> Result<Option<Secret>> {
    match secret_from(&args.client_secret_file, &args.client_secret_env) {
        Some(from) => keys::read_secret(&from)
            .map(Some)
            .context("the client secret (--client-secret-file / --client-secret-env)"),
        None => Ok(None),
    }
}

/// `--jwks FILE|URL`: the keys the server registered, through the same loader and
/// verifier as `verify` (JWKS, JWK, PEM, DER, certificates; every algorithm).
fn key_check(spec: &str, token: &Token, http: &HttpOptions, out: &Output) -> Result<Verification> {
    let set = keys::load_jwks(spec, http).context("--jwks")?;
    for note in &set.notes {
        out.note(&format!("{}: {note}", set.source));
    }
    let checked = keys::check_keys_of(token, &set);
    match checked.signature {
        SignatureState::Valid => out.verbose(1, &checked.describe()),
        SignatureState::Unchecked if checked.findings.is_empty() => {
            out.warn(&format!("registered keys: {}", checked.describe()))
        }
        _ => {}
    }
    Ok(checked)
}

/// `--resign`: sign a fresh copy of the assertion (new jti, iat, exp) with --key or a secret.
fn resigned(args: &ReplayArgs, original: &Token, now: i64, out: &Output) -> Result<Option<Token>> {
    let k = &args.resign_key;
    if !args.resign {
        // without --resign a secret checks the assertion (registered_secret); a key or kid
        // has nothing to do
        let secret = k.secret_file.is_some() || k.secret_env.is_some();
        if k.key.is_some() || k.kid.is_some() || (k.allow_weak_key && !secret) {
            return Err(Hint::new(
                "--key, --kid and --allow-weak-key sign a fresh copy of the assertion, which only --resign does",
                "add --resign to send a re-signed copy (new jti, iat, exp), or drop them to send the assertion as it is (--jwks FILE checks it against the registered keys)",
            ));
        }
        return Ok(None);
    }
    let key = keys::load_signing(&SigningSource {
        key: k.key.as_deref(),
        secret: secret_from(&k.secret_file, &k.secret_env),
        kid: k.kid.as_deref(),
        alg: None,
        prefer_alg: original.alg(),
        allow_weak_key: k.allow_weak_key,
    })
    .context("--resign")?;
    for f in &key.findings {
        out.warn(&format!("{} [{}]", f.message, f.code));
    }
    let fresh = resign::resign(original, &key, now, k.kid.as_deref())?;
    let alg = key.alg();
    let was = original.alg().unwrap_or("none");
    let alg_note = if alg.name() == was {
        String::new()
    } else {
        format!(" (the original used {was}, which this key cannot make)")
    };
    out.note(&format!(
        "re-signed a fresh copy with {} as {alg}{alg_note}: new jti, iat now, exp in {}{}; the original is not sent",
        key.description,
        span(fresh.lifetime),
        if fresh.kept_lifetime {
            " (its original lifetime)"
        } else {
            " (the default: the original's exp − iat cannot be read)"
        }
    ));
    Ok(Some(Token::parse(&fresh.token)))
}

/// `--secret-file` / `--secret-env` without `--resign`: the client secret the server holds
/// for client_secret_jwt; the assertion's HMAC is checked with it, by the same verifier as
/// `verify`, and nothing is re-signed.
fn registered_secret(args: &ReplayArgs, token: &Token) -> Result<Option<Verification>> {
    let k = &args.resign_key;
    let Some(from) = secret_from(&k.secret_file, &k.secret_env).filter(|_| !args.resign) else {
        return Ok(None);
    };
    if args.jwks.is_some() {
        return Err(Hint::new(
            "--jwks and --secret-file both say what the server registered; a client has one or the other",
            "keep --secret-file for a client_secret_jwt client (HS256/384/512), --jwks for private_key_jwt",
        ));
    }
    // In a JWKS of oct keys, the token's kid names the one to check with.
    let shared = keys::read_shared(&from, token.header_str("kid")).context("--secret-file")?;
    let trusted = keys::Trusted::Secret {
        secret: shared.secret,
        source: from.to_string(),
        intent: shared.intent,
    };
    let options = keys::CheckOptions {
        allow_weak_key: k.allow_weak_key,
    };
    let mut checked = keys::check(token, &trusted, &options);
    for f in checked
        .findings
        .iter_mut()
        .filter(|f| f.code == "signature.invalid")
    {
        f.hint = Some("sign with the client secret the server registered for this client (its current value); --resign --secret-file FILE sends a copy signed with it".into());
    }
    Ok(Some(checked))
}

/// No --profile: a token endpoint on a known vendor's host picks that vendor's profile
/// for the checks (and for the flow a vendor supports); the diagnosis says so.
fn infer_profile(ctx: &mut Ctx, endpoint: &str) {
    if ctx.profile_from != ProfileFrom::Default {
        return;
    }
    if let Some(inferred) = diagnose::vendor::from_endpoint(endpoint) {
        ctx.profile = inferred.profile;
        ctx.profile_from = ProfileFrom::Inferred(inferred.because);
    }
}

/// (history key, exp) for an assertion with a jti.
fn history_entry(token: &Token) -> Option<(String, Option<i64>)> {
    let jti = token.claim_str("jti")?;
    let iss = token.claim_str("iss").unwrap_or("");
    let exp = times::read(token, "exp").and_then(|c| c.as_server_sees_it());
    Some((history::key(iss, jti), exp))
}

fn open_history(args: &ReplayArgs, now: i64, out: &Output) -> Option<History> {
    if args.no_history {
        return None;
    }
    let Some(dir) = history::dir() else {
        out.warn("no state directory (HOME and XDG_STATE_HOME are unset): sent assertions are not remembered");
        return None;
    };
    match History::open(&dir, now) {
        Ok(h) => {
            out.verbose(
                2,
                &format!(
                    "history: {} unexpired assertions in {}",
                    h.len(),
                    dir.display()
                ),
            );
            Some(h)
        }
        Err(e) => {
            out.warn(&format!(
                "cannot use the history of sent assertions ({e:#}); continuing without it"
            ));
            None
        }
    }
}

/// A resent assertion: warn, and on a terminal ask first (unless --yes).
fn confirm_resend(args: &ReplayArgs, fields: &[&str], out: &Output) -> Result<()> {
    out.warn(&format!(
        "jwtgrant sent this {} before (same iss and jti); servers that keep assertions single-use will refuse it (--resign --key KEY sends a fresh copy)",
        fields.join(" and ")
    ));
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if args.yes || !interactive || args.dry_run {
        return Ok(());
    }
    let again = dialoguer::Confirm::new()
        .with_prompt("Send it again anyway?")
        .default(false)
        .interact()
        .context("asking whether to resend")?;
    if !again {
        return Err(Hint::new(
            "not sent: the assertion was sent before",
            "send a fresh copy with --resign --key KEY (new jti, iat, exp), or pass --yes to resend it as it is",
        ));
    }
    Ok(())
}

/// `--from FILE`: the token request the file holds, read offline. Secrets it carried are
/// registered for redaction (never shown) and never reused.
fn captured(args: &ReplayArgs, out: &Output) -> Result<Option<Captured>> {
    let Some(spec) = &args.from else {
        return Ok(None);
    };
    let input = if spec == "-" {
        input::read("-", "replay --from")?
    } else {
        let path = spec.strip_prefix('@').unwrap_or(spec);
        input::read_file(std::path::Path::new(path), "replay --from")?
    };
    let name = input.origin.to_string();
    let capture = capture::read(&input.text, &name);
    for secret in &capture.secrets {
        out.sending_secret(secret.expose());
    }
    let c = from::pick(&capture, args.call, &name)?;
    out.note(&format!("sending the request of {} again", c.origin));
    Ok(Some(c))
}

/// Does the token come from stdin? (`-`, or no TOKEN, no --example and no --from.)
fn token_reads_stdin(args: &ReplayArgs) -> bool {
    match args.input.token.as_deref() {
        Some(t) => t == "-",
        None => !args.input.example && args.from.is_none(),
    }
}

/// The captured request's URL is the endpoint unless a flag names one.
fn captured_endpoint(server: &mut ServerArgs, c: Option<&Captured>) {
    let named =
        server.token_endpoint.is_some() || server.metadata.is_some() || server.issuer.is_some();
    if let (false, Some(c)) = (named, c) {
        server.token_endpoint = Some(c.url.clone());
    }
}

/// TOKEN wins; without one, the captured assertion (in the role its field gave it).
fn captured_token(args: &ReplayArgs, c: Option<&Captured>) -> (TokenInput, Option<RoleGuess>) {
    match c {
        Some(c) if args.input.token.is_none() && !args.input.example => {
            let role = match c.flow {
                Flow::Grant => Role::Grant,
                Flow::Client => Role::ClientAssertion,
            };
            let field = if c.flow == Flow::Grant {
                "assertion"
            } else {
                "client_assertion"
            };
            let guess = RoleGuess {
                role,
                reason: format!("it was the {field} of {}", c.origin).into(),
                forced: false,
            };
            let input = TokenInput {
                token: Some(c.assertion.clone()),
                ..args.input.clone()
            };
            (input, Some(guess))
        }
        _ => (args.input.clone(), None),
    }
}

/// A captured client secret is not reused: without one given here, say so and stop
/// (sent without it, the request would only prove that the secret is missing).
fn refuse_missing_secret(
    c: Option<&Captured>,
    has_secret: bool,
    has_assertion: bool,
) -> Result<()> {
    match c.and_then(|c| c.secret_auth.map(|how| (how, &c.origin))) {
        Some((how, origin)) if !has_secret && !has_assertion => Err(Hint::new(
            format!(
                "the request of {origin} authenticated the client with a client secret ({how}); jwtgrant never takes secrets from a file"
            ),
            format!(
                "pass --client-secret-file FILE or --client-secret-env VAR{}",
                if how == "client_secret_post" {
                    " with --client-auth post"
                } else {
                    ""
                }
            ),
        )),
        _ => Ok(()),
    }
}

pub fn run(args: &ReplayArgs, out: &Output) -> Result<Status> {
    if args.exchange.token_exchange {
        return super::token_exchange::run(args, out);
    }
    let http = check::http_options(&args.http)?;
    let k = &args.resign_key;
    input::one_stdin_reader(&[
        ("the token", token_reads_stdin(args)),
        ("--from -", args.from.as_deref() == Some("-")),
        ("--key -", k.key.as_deref().is_some_and(is_stdin)),
        (
            "--secret-file -",
            k.secret_file.as_deref().is_some_and(is_stdin),
        ),
        ("--jwks -", args.jwks.as_deref() == Some("-")),
        (
            "--client-assertion -",
            args.client_assertion.as_deref() == Some("-"),
        ),
        (
            "--client-secret-file -",
            args.client_secret_file.as_deref().is_some_and(is_stdin),
        ),
    ])?;
    let captured = captured(args, out)?;
    let captured = captured.as_ref();
    let mut server: ServerArgs = args.server.clone();
    captured_endpoint(&mut server, captured);
    let (mut ctx, meta, endpoint) = token_endpoint(args, server, &http, "the assertion", out)?;
    let audience_url = ctx.expect.token_endpoint.clone().unwrap_or_default();
    infer_profile(&mut ctx, &audience_url);
    let k = &args.resign_key;
    input::one_stdin_reader(&[
        ("the token", load::reads_stdin(&args.input)),
        ("--key -", k.key.as_deref().is_some_and(is_stdin)),
        (
            "--secret-file -",
            k.secret_file.as_deref().is_some_and(is_stdin),
        ),
        ("--jwks -", args.jwks.as_deref() == Some("-")),
        (
            "--client-assertion -",
            args.client_assertion.as_deref() == Some("-"),
        ),
        (
            "--client-secret-file -",
            args.client_secret_file.as_deref().is_some_and(is_stdin),
        ),
    ])?;
    let (token_input, captured_role) = captured_token(args, captured);
    let mut loaded = load::load(&token_input, ctx.now, "replay", out)?;
    let guessed = captured_role.unwrap_or_else(|| loaded.role.clone());
    let role = match args.check.flow {
        None => crate::lint::profile::apply_flow(ctx.profile, guessed),
        Some(_) => check::role(&args.check, guessed),
    };
    if let Some(fresh) = resigned(args, &loaded.token, ctx.now, out)? {
        loaded.token = fresh;
    }
    let id_token_grant = id_token_grant(args)?;
    let role = match &id_token_grant {
        Some(_) => RoleGuess::forced(Role::IdToken, "--jwks-from-issuer: an ID token as a grant"),
        None => role,
    };
    let flow = match &id_token_grant {
        Some(_) => Flow::Grant,
        None => flow_for(&role)?,
    };
    if !role.forced {
        out.note(&format!(
            "treated as {} because {}; --flow grant|client says otherwise",
            role.role.describe(),
            role.reason
        ));
    }
    let client_assertion = match (&args.client_assertion, captured) {
        (Some(spec), _) => Some(read_token(spec, "--client-assertion")?),
        (
            None,
            Some(Captured {
                client_assertion: Some(raw),
                ..
            }),
        ) => Some(Token::parse(raw)),
        (None, _) => None,
    };
    let secret = read_secret(args)?;
    refuse_missing_secret(captured, secret.is_some(), client_assertion.is_some())?;
    let client_auth = match (&client_assertion, secret) {
        (Some(t), _) => ClientAuth::Assertion(t.raw.clone()),
        (None, Some(secret)) => ClientAuth::Secret(secret, secret_via(args.client_auth)),
        (None, None) => ClientAuth::None,
    };
    // flags override what the captured request sent
    let from = |f: fn(&Captured) -> Option<&str>| captured.and_then(f);
    let resources = match captured {
        Some(c) if args.resource.is_empty() => c.resources.clone(),
        _ => args.resource.clone(),
    };
    let mut params: Vec<(String, String)> = captured.map(|c| c.params.clone()).unwrap_or_default();
    params.extend(args.params.iter().cloned());
    let plan = replay::plan(replay::Request {
        endpoint: &endpoint,
        flow,
        assertion: &loaded.token.raw,
        client_id: args
            .check
            .client_id
            .as_deref()
            .or(from(|c| c.client_id.as_deref())),
        client_auth,
        grant_type: args
            .grant_type
            .as_deref()
            .or(from(|c| c.grant_type.as_deref()))
            .unwrap_or("client_credentials"),
        scope: args.scope.as_deref().or(from(|c| c.scope.as_deref())),
        resources: &resources,
        params: &params,
        secret_params: secret_params(args)?,
    })?;
    announce(&plan, &http, out)?;

    let main_field = match flow {
        Flow::Grant => "assertion",
        Flow::Client => "client_assertion",
    };
    // A dry run reads the history (to warn about a resend) but records nothing.
    let mut history = open_history(args, ctx.now, out);
    let mut tracked: Vec<(&'static str, &Token)> = vec![(main_field, &loaded.token)];
    if let Some(t) = &client_assertion {
        tracked.push(("client_assertion", t));
    }
    let mut resent = Vec::new();
    if let Some(h) = &history {
        for (field, token) in &tracked {
            match history_entry(token) {
                Some((key, _)) if h.contains(&key) => resent.push(*field),
                Some(_) => {}
                None => out.verbose(
                    1,
                    &format!("the {field} has no jti: not tracked in the history"),
                ),
            }
        }
    }
    if !resent.is_empty() {
        let names: Vec<&str> = resent
            .iter()
            .map(|f| {
                if *f == "assertion" {
                    "assertion"
                } else {
                    "client assertion"
                }
            })
            .collect();
        confirm_resend(args, &names, out)?;
    }

    if args.dry_run {
        if args.json {
            out.json(render::dry_run_json(&plan))?;
        } else {
            out.print(&render::dry_run(out, &plan))?;
        }
        return Ok(Status::Clean);
    }

    let keys = match (&args.jwks, &id_token_grant) {
        (Some(spec), _) => Some(key_check(spec, &loaded.token, &http, out)?),
        (None, Some(issuer)) => Some(key_check(
            &issuer_jwks_uri(issuer, &http)?,
            &loaded.token,
            &http,
            out,
        )?),
        (None, None) => registered_secret(args, &loaded.token)?,
    };
    // An ID token is judged as its relying party would: iss is the provider, aud holds the
    // client; the token endpoint's own expectations are for the client assertion beside it.
    let id_token_expect = id_token_grant.as_ref().map(|issuer| crate::lint::Expect {
        issuer: Some(issuer.clone()),
        client_id: plan.client_id_sent.clone(),
        nonce: ctx.expect.nonce.clone(),
        ..crate::lint::Expect::default()
    });

    out.verbose(1, &format!("POST {endpoint} ({})", plan.auth_method));
    let sent = replay::send(&plan, &http);
    if let Some(h) = history.as_mut() {
        // A timeout or a broken answer may have reached the server; a refused connection
        // or a failed TLS handshake did not.
        let reached = match &sent {
            Ok(_) => true,
            Err(e) => Transport::find(e).is_some_and(|t| t.kind.may_have_arrived()),
        };
        if reached {
            for (_, token) in &tracked {
                if let Some((key, exp)) = history_entry(token) {
                    h.record(key, exp, ctx.now);
                }
            }
            if let Err(e) = h.save() {
                out.warn(&format!(
                    "cannot update the history of sent assertions: {e:#}"
                ));
            }
        }
    }
    let mut exchange = sent?;
    exchange.metadata = meta;

    let client_role = RoleGuess::forced(Role::ClientAssertion, "--client-assertion");
    let mut assertions = vec![Assertion {
        token: &loaded.token,
        role: &role,
        field: main_field,
        sent_before: resent.contains(&main_field),
        keys: keys.as_ref(),
        judged_as: id_token_expect
            .as_ref()
            .map(|e| (crate::lint::Profile::OidcIdToken, e)),
    }];
    if let Some(t) = &client_assertion {
        assertions.push(Assertion {
            token: t,
            role: &client_role,
            field: "client_assertion",
            sent_before: resent.contains(&"client_assertion"),
            keys: None,
            judged_as: None,
        });
    }
    let diagnosis = diagnose::diagnose(&diagnose::Input {
        assertions,
        ctx: &ctx,
        exchange: &exchange,
        client_id: plan.client_id_sent.as_deref(),
    });
    if args.json {
        out.json(render::json(
            &plan,
            &exchange,
            &diagnosis,
            !resent.is_empty(),
            args.resign,
        ))?;
    } else {
        out.print(&render::human(out, &plan, &exchange, &diagnosis))?;
    }
    Ok(match diagnosis.outcome {
        Outcome::Accepted => Status::Clean,
        _ => Status::Findings,
    })
}
