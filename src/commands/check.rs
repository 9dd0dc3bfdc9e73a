//! Turn `CheckArgs` (profile, flow, expectations, metadata) into a lint `Ctx`.
//! Shared by lint, verify and replay so all three judge a token the same way.

use super::load;
use crate::cli::{CheckArgs, HttpArgs, ServerArgs};
use crate::clock;
use crate::http::HttpOptions;
use crate::lint::profile::ProfileFrom;
use crate::lint::{Ctx, Flow, Role, RoleGuess};
use crate::metadata::{self, Metadata};
use anyhow::{Context, Result, bail};

/// `--timeout`, `--cacert`, `--allow-http`: how every URL a command fetches is fetched.
pub fn http_options(args: &HttpArgs) -> Result<HttpOptions> {
    let secs = clock::parse_duration(&args.timeout).context("--timeout")?;
    if secs <= 0 {
        bail!("--timeout must be at least 1s");
    }
    Ok(HttpOptions {
        timeout: std::time::Duration::from_secs(secs as u64),
        cacert: args.cacert.clone(),
        allow_http: args.allow_http,
    })
}

/// The role to use: the one `--flow` forces, else the guess (which gives way to a
/// profile that knows only one flow, e.g. google: grants).
pub fn role(args: &CheckArgs, guess: RoleGuess) -> RoleGuess {
    match args.flow {
        Some(Flow::Client) => RoleGuess::forced(Role::ClientAssertion, "--flow client"),
        Some(Flow::Grant) => RoleGuess::forced(Role::Grant, "--flow grant"),
        None => crate::lint::profile::apply_flow(args.profile.unwrap_or_default(), guess),
    }
}

/// Build the context. `server` (lint, replay) names the authorization server; its
/// `--metadata` is read or fetched here, and explicit flags win over metadata.
pub fn ctx(
    args: &CheckArgs,
    server: Option<&ServerArgs>,
    http: &HttpOptions,
) -> Result<(Ctx, Option<Metadata>)> {
    let now = load::now(&args.clock)?;
    let skew = clock::parse_duration(&args.skew).context("--skew")?;
    let mut ctx = Ctx::new(now, skew);
    if args.clock.now.is_some() {
        ctx.now_from = clock::NowFrom::Given;
    }
    if let Some(profile) = args.profile {
        ctx.profile = profile;
        ctx.profile_from = ProfileFrom::Given;
    }
    let meta = match server.and_then(|s| s.metadata.as_deref()) {
        Some(spec) => Some(metadata::load(spec, http)?),
        None => None,
    };
    let from_meta = |f: fn(&Metadata) -> Option<String>| meta.as_ref().and_then(f);
    let e = &mut ctx.expect;
    // Metadata discovered from the issuer names the server's own issuer (RFC 8414 §3.3;
    // discovery refuses one that differs by more than a trailing slash): aud is judged by
    // it, also when --issuer spelled it with a slash. Another --issuer still wins.
    let flag = server.and_then(|s| s.issuer.clone());
    let discovered = meta
        .as_ref()
        .filter(|m| m.asked_for.is_some())
        .and_then(|m| m.issuer.clone())
        .filter(|named| {
            flag.as_deref()
                .is_none_or(|f| f.trim_end_matches('/') == named.trim_end_matches('/'))
        });
    e.issuer = discovered
        .or(flag)
        .or_else(|| from_meta(|m| m.issuer.clone()));
    e.token_endpoint = server
        .and_then(|s| s.token_endpoint.clone())
        .or_else(|| from_meta(|m| m.token_endpoint.clone()));
    e.client_id = args.client_id.clone();
    e.iss = args.iss.clone();
    e.sub = args.sub.clone();
    e.nonce = args.nonce.clone();
    e.audiences = args.audiences.clone();
    e.algs = if args.algs.is_empty() {
        meta.as_ref().and_then(|m| m.signing_algs.clone())
    } else {
        Some(args.algs.clone())
    };
    e.max_lifetime = args
        .max_lifetime
        .as_deref()
        .map(clock::parse_duration)
        .transpose()
        .context("--max-lifetime")?;
    Ok((ctx, meta))
}
