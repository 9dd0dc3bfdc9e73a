//! `serve`: run the strict local token endpoint in the foreground.

use crate::cli::ServeArgs;
use crate::clock;
use crate::exit::Status;
use crate::output::{Output, escape_untrusted};
use crate::serve::{self, Event, config};
use anyhow::{Context, Result, bail};
use std::time::Duration;

/// The defaults, with what the flags change.
fn limits(args: &ServeArgs) -> Result<serve::Limits> {
    let mut limits = serve::Limits::default();
    let timeout = |flag: &str, text: &str| -> Result<Duration> {
        let secs = clock::parse_duration(text).with_context(|| flag.to_string())?;
        if secs < 1 {
            bail!("{flag} {text:?}: must be at least 1s");
        }
        Ok(Duration::from_secs(secs.unsigned_abs()))
    };
    if let Some(text) = &args.header_timeout {
        limits.header_timeout = timeout("--header-timeout", text)?;
    }
    if let Some(text) = &args.body_timeout {
        limits.body_timeout = timeout("--body-timeout", text)?;
    }
    if let Some(n) = args.max_connections {
        limits.max_connections = n as usize;
    }
    Ok(limits)
}

/// One line on stderr per event; everything a client sent is escaped.
fn log(out: &Output, event: &Event) {
    match event {
        Event::Answered(e) => out.note(&format!(
            "{} {} → {} {}",
            escape_untrusted(&e.method),
            escape_untrusted(&e.path),
            e.status,
            escape_untrusted(&e.summary)
        )),
        Event::Closed(why) => out.note(&escape_untrusted(why)),
        Event::Stopping(why) => out.note(&format!("stopping: {}", escape_untrusted(why))),
    }
}

/// `--id-jag-issuer` and its settings, on top of the file's `id_jag_issuer`.
fn id_jag_issuer(args: &ServeArgs, config: &mut serve::Config) -> Result<()> {
    if !args.id_jag_issuer {
        return Ok(());
    }
    let mut idp = match (&args.id_jag_key, config.id_jag.take()) {
        (Some(path), previous) => {
            let mut idp = config::IdJagIssuer::from_file(path).context("--id-jag-key")?;
            if let Some(p) = previous {
                idp.audiences = p.audiences;
                idp.lifetime = p.lifetime;
            }
            idp
        }
        (None, Some(idp)) => idp,
        (None, None) => config::IdJagIssuer::generated()?,
    };
    idp.audiences.extend(args.id_jag_audience.iter().cloned());
    if let Some(text) = &args.id_jag_lifetime {
        idp.lifetime = clock::parse_duration(text).context("--id-jag-lifetime")?;
    }
    config.id_jag = Some(idp);
    Ok(())
}

pub fn run(args: &ServeArgs, out: &Output) -> Result<Status> {
    let options = serve::Options {
        max_requests: args.max_requests,
        limits: limits(args)?,
        stop_on_signals: true,
    };
    let bound = serve::bind(args.port)?;
    let base = bound.base_url();
    let mut config = serve::Config::new(&base);
    if let Some(path) = &args.config {
        config::apply_file(&mut config, path)
            .with_context(|| format!("--config {}", path.display()))?;
    }
    if let Some(issuer) = &args.issuer {
        config.issuer = issuer.clone();
    }
    for spec in &args.clients {
        config::add_key_client(&mut config, spec)?;
    }
    for spec in &args.secret_clients {
        config::add_secret_client(&mut config, spec)?;
    }
    for spec in &args.trusted {
        config::add_trusted(&mut config, spec, false)?;
    }
    for spec in &args.trusted_id_jag {
        config::add_trusted(&mut config, spec, true)?;
    }
    config.resources.extend(args.resources.iter().cloned());
    id_jag_issuer(args, &mut config)?;
    if args.opaque {
        config.refusal = serve::refusal::Style::Opaque;
    }
    if let Some(style) = args.refusal {
        config.refusal = style;
    }
    config.legacy_aud |= args.legacy_aud;
    if let Some(skew) = &args.skew {
        config.skew = clock::parse_duration(skew).context("--skew")?;
    }
    if let Some(max) = &args.max_lifetime {
        config.max_lifetime = clock::parse_duration(max).context("--max-lifetime")?;
    }
    if let Some(offset) = &args.clock_offset {
        config.clock_offset = clock::parse_signed_duration(offset).context("--clock-offset")?;
    }
    if config.refusal != serve::refusal::Style::default() {
        out.note(&format!(
            "refusals: {}: {}",
            config.refusal.name(),
            config.refusal.about()
        ));
    }
    if let Some(idp) = &config.id_jag {
        out.note(&format!(
            "token exchange (RFC 8693): ID tokens from a trusted issuer → ID-JAGs signed with {}, kid {}",
            idp.key.description,
            idp.key.kid.as_deref().unwrap_or("-")
        ));
        if idp.audiences.is_empty() {
            out.warn("no --id-jag-audience: every token exchange is refused (invalid_target)");
        }
    }
    if config.clients.is_empty() && config.issuers.is_empty() {
        out.warn("no clients and no trusted issuers: every request will be refused (see --client, --client-secret-file, --trust, --config)");
    }
    out.print(&format!(
        "jwtgrant serve: listening on {base}\n  issuer          {}\n  token endpoint  {}\n  metadata        {base}/.well-known/oauth-authorization-server\n  clients         {}\n  trusted issuers {}{}",
        config.issuer,
        config.token_endpoint,
        config.clients.len(),
        config.issuers.len(),
        match &config.id_jag {
            Some(idp) => format!(
                "\n  jwks_uri        {}\n  ID-JAGs for     {}",
                config.jwks_uri,
                if idp.audiences.is_empty() {
                    "(none)".to_string()
                } else {
                    idp.audiences.join(", ")
                }
            ),
            None => String::new(),
        }
    ))?;
    out.flush()?;
    bound.serve(config, options, &mut |event| log(out, event))?;
    Ok(Status::Clean)
}
