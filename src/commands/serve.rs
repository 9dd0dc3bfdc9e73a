//! `serve`: run the strict local token endpoint in the foreground.

use crate::cli::ServeArgs;
use crate::clock;
use crate::exit::Status;
use crate::output::{Output, escape_untrusted};
use crate::serve::{self, config};
use anyhow::{Context, Result};

/// A duration that may be negative ("-5m").
pub fn signed_duration(text: &str) -> Result<i64> {
    match text.trim().strip_prefix('-') {
        Some(rest) => Ok(-clock::parse_duration(rest)?),
        None => clock::parse_duration(text.trim().trim_start_matches('+')),
    }
}

pub fn run(args: &ServeArgs, out: &Output) -> Result<Status> {
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
        config::add_trusted(&mut config, spec)?;
    }
    config.opaque |= args.opaque;
    config.legacy_aud |= args.legacy_aud;
    if let Some(skew) = &args.skew {
        config.skew = clock::parse_duration(skew).context("--skew")?;
    }
    if let Some(max) = &args.max_lifetime {
        config.max_lifetime = clock::parse_duration(max).context("--max-lifetime")?;
    }
    if let Some(offset) = &args.clock_offset {
        config.clock_offset = signed_duration(offset).context("--clock-offset")?;
    }
    if config.clients.is_empty() && config.issuers.is_empty() {
        out.warn("no clients and no trusted issuers: every request will be refused (see --client, --client-secret-file, --trust, --config)");
    }
    out.print(&format!(
        "jwtgrant serve: listening on {base}\n  issuer          {}\n  token endpoint  {}\n  metadata        {base}/.well-known/oauth-authorization-server\n  clients         {}\n  trusted issuers {}",
        config.issuer,
        config.token_endpoint,
        config.clients.len(),
        config.issuers.len()
    ))?;
    out.flush()?;
    bound.serve(config, args.max_requests, &mut |e| {
        out.note(&format!(
            "{} {} → {} {}",
            escape_untrusted(&e.method),
            escape_untrusted(&e.path),
            e.status,
            escape_untrusted(&e.summary)
        ));
    })?;
    Ok(Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_durations() {
        assert_eq!(signed_duration("-5m").unwrap(), -300);
        assert_eq!(signed_duration("2h").unwrap(), 7200);
        assert_eq!(signed_duration("+30s").unwrap(), 30);
        assert!(signed_duration("-x").is_err());
    }
}
