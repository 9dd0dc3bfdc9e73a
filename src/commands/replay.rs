//! `replay`: send an assertion to a token endpoint the way a client would, then diagnose.

use super::{check, load};
use crate::cli::{ClientAuthArg, HttpArgs, ReplayArgs, ServerArgs};
use crate::clock;
use crate::diagnose::{self, Answer, Assertion, KeyCheck, Outcome};
use crate::exit::{Hint, Status, Transport};
use crate::history::{self, History};
use crate::http::{self, HttpOptions};
use crate::input;
use crate::jose::Token;
use crate::lint::times;
use crate::lint::{Flow, Role, RoleGuess};
use crate::output::Output;
use crate::redact::Secret;
use crate::replay::{self, ClientAuth, SecretVia, render};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::io::IsTerminal;

pub fn http_options(args: &HttpArgs) -> Result<HttpOptions> {
    let secs = clock::parse_duration(&args.timeout).context("--timeout")?;
    if secs == 0 {
        bail!("--timeout must be at least 1s");
    }
    Ok(HttpOptions {
        timeout: std::time::Duration::from_secs(secs as u64),
        cacert: args.cacert.clone(),
        allow_http: args.allow_http,
    })
}

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

/// A token given as TOKEN or @FILE (or text holding one): the first JWT found.
fn read_token(spec: &str, what: &str) -> Result<Token> {
    let input = input::read(spec).with_context(|| what.to_string())?;
    let selection = input::select(&input, None, None).with_context(|| what.to_string())?;
    Ok(Token::parse(&selection.candidate().token))
}

fn read_secret(args: &ReplayArgs) -> Result<Option<Secret>> {
    let bytes = if let Some(path) = &args.client_secret_file {
        let mut bytes = std::fs::read(path)
            .with_context(|| format!("cannot read --client-secret-file {}", path.display()))?;
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
        bytes
    } else if let Some(name) = &args.client_secret_env {
        std::env::var_os(name)
            .ok_or_else(|| anyhow::anyhow!("--client-secret-env {name}: the variable is not set"))?
            .into_encoded_bytes()
    } else {
        return Ok(None);
    };
    let secret = Secret::new(bytes);
    if secret.is_empty() {
        bail!("the client secret is empty");
    }
    Ok(Some(secret))
}

/// `--jwks FILE|URL`: the registered keys, checked against the assertion.
fn key_check(spec: &str, token: &Token, http: &HttpOptions) -> Result<KeyCheck> {
    let jwks: Value = if spec.starts_with("https://") || spec.starts_with("http://") {
        http::get_json(spec, http).context("--jwks")?
    } else {
        let path = spec.strip_prefix('@').unwrap_or(spec);
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read --jwks {path}"))?;
        serde_json::from_str(&text).with_context(|| format!("--jwks {path}: not JSON"))?
    };
    Ok(diagnose::keys::check(token, &jwks, spec))
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
        "jwtgrant sent this {} before (same iss and jti); servers that keep assertions single-use will refuse it",
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
            "make a fresh assertion (new jti), or pass --yes to resend it",
        ));
    }
    Ok(())
}

pub fn run(args: &ReplayArgs, out: &Output) -> Result<Status> {
    let http = http_options(&args.http)?;
    let mut server: ServerArgs = args.server.clone();
    if server.token_endpoint.is_none() && server.metadata.is_none() {
        match &server.issuer {
            // metadata::load discovers an issuer URL (RFC 8414, then OIDC)
            Some(issuer) => server.metadata = Some(issuer.clone()),
            None => {
                return Err(Hint::new(
                    "where should the assertion go? no token endpoint given",
                    "add --token-endpoint URL, or --issuer URL / --metadata URL|FILE to discover it",
                ));
            }
        }
    }
    let (ctx, meta) = check::ctx(&args.check, Some(&server), &http)?;
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
    let loaded = load::load(&args.input, ctx.now, out)?;
    let role = check::role(&args.check, loaded.role.clone());
    let flow = flow_for(&role)?;
    if !role.forced {
        out.note(&format!(
            "treated as {} because {}; --flow grant|client says otherwise",
            role.role.describe(),
            role.reason
        ));
    }
    let client_assertion = match &args.client_assertion {
        Some(spec) => Some(read_token(spec, "--client-assertion")?),
        None => None,
    };
    let client_auth = match (&client_assertion, read_secret(args)?) {
        (Some(t), _) => ClientAuth::Assertion(t.raw.clone()),
        (None, Some(secret)) => ClientAuth::Secret(
            secret,
            match args.client_auth {
                ClientAuthArg::Basic => SecretVia::Basic,
                ClientAuthArg::Post => SecretVia::Post,
            },
        ),
        (None, None) => ClientAuth::None,
    };
    let plan = replay::plan(replay::Request {
        endpoint: &endpoint,
        flow,
        assertion: &loaded.token.raw,
        client_id: args.check.client_id.as_deref(),
        client_auth,
        grant_type: &args.grant_type,
        scope: args.scope.as_deref(),
        resources: &args.resource,
        params: &args.params,
    })?;
    http::check_url(&endpoint, http.allow_http)?;

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

    let keys = match &args.jwks {
        Some(spec) => Some(key_check(spec, &loaded.token, &http)?),
        None => None,
    };
    if let Some(k) = &keys {
        if let Some(why) = &k.unchecked {
            out.warn(&format!("registered keys: signature not checked: {why}"));
        } else if let Some(by) = &k.verified_by {
            out.verbose(
                1,
                &format!("the signature verifies with the registered {by}"),
            );
        }
    }

    out.verbose(1, &format!("POST {endpoint} ({})", plan.auth_method));
    let sent = replay::send(&plan, &http);
    if let Some(h) = history.as_mut() {
        // A timeout may still have reached the server; a refused connection did not.
        let reached = match &sent {
            Ok(_) => true,
            Err(e) => e
                .chain()
                .filter_map(|c| c.downcast_ref::<Transport>())
                .any(|t| t.0.contains("timed out")),
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
    let exchange = sent?;

    let r = &exchange.response;
    let answer = Answer::from_response(r.status, |h| r.header(h).map(str::to_string), &r.body);
    let client_role = RoleGuess::forced(Role::ClientAssertion, "--client-assertion");
    let mut assertions = vec![Assertion {
        token: &loaded.token,
        role: &role,
        field: main_field,
        sent_before: resent.contains(&main_field),
        keys: keys.as_ref(),
    }];
    if let Some(t) = &client_assertion {
        assertions.push(Assertion {
            token: t,
            role: &client_role,
            field: "client_assertion",
            sent_before: resent.contains(&"client_assertion"),
            keys: None,
        });
    }
    let diagnosis = diagnose::diagnose(&diagnose::Input {
        assertions,
        ctx: &ctx,
        answer: Some(&answer),
        clock_offset: exchange.clock_offset(),
        client_id_sent: plan.client_id_sent.as_deref(),
    });
    if args.json {
        out.json(render::json(
            &plan,
            &exchange,
            &diagnosis,
            !resent.is_empty(),
        ))?;
    } else {
        out.print(&render::human(out, &plan, &exchange, &diagnosis))?;
    }
    Ok(match diagnosis.outcome {
        Outcome::Accepted => Status::Clean,
        _ => Status::Findings,
    })
}
