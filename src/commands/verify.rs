//! `verify`: check a token's signature against the signer's keys, plus every claim check
//! lint makes, and report all of it at once.

use super::{check, load, sign::secret_from};
use crate::cli::VerifyArgs;
use crate::exit::{Hint, Status};
use crate::findings::{self, Finding, Severity, worst};
use crate::http::HttpOptions;
use crate::input::{self, is_stdin};
use crate::jose::Token;
use crate::keys::{self, CheckOptions, KeySet, SignatureState, Trusted};
use crate::lint::{self, Subject};
use crate::metadata;
use crate::output::{Output, Stream, Style, escape_untrusted};
use crate::report::{self, TokenReport};
use anyhow::{Result, anyhow};

pub fn run(args: &VerifyArgs, out: &Output) -> Result<Status> {
    let http = check::http_options(&args.http)?;
    let (mut ctx, _) = check::ctx(&args.check, None, &http)?;
    let mut readers = vec![("the token", load::reads_stdin(&args.input))];
    readers.extend(args.key.iter().map(|k| ("--key -", is_stdin(k))));
    readers.push(("--jwks -", args.jwks.as_deref() == Some("-")));
    readers.push((
        "--secret-file -",
        args.secret_file.as_deref().is_some_and(is_stdin),
    ));
    input::one_stdin_reader(&readers)?;
    let loaded = load::load(&args.input, ctx.now, "verify", out)?;
    let role = check::role(&args.check, loaded.role.clone());
    let role = ctx.pick_profile(&loaded.token, role);
    let trusted = trusted(args, &loaded.token, &http, out)?;
    let subject = Subject {
        token: &loaded.token,
        role: &role,
        request: loaded.request.as_ref(),
    };
    let mut findings = lint::run(&subject, &ctx, lint::offline);
    let verification = keys::check(
        &loaded.token,
        &trusted,
        &CheckOptions {
            allow_weak_key: args.allow_weak_key,
        },
    );
    findings.extend(verification.findings.iter().cloned());
    let has_error = worst(&findings) == Some(Severity::Error);
    if verification.signature != SignatureState::Valid && !has_error {
        // Never a clean verdict on a signature that was not checked.
        findings.push(Finding::new(
            "signature.invalid",
            "the signature could not be checked with the given keys",
        ));
    }
    findings::sort(&mut findings);
    let mut verdict = report::verdict(&loaded.token, &role, &findings, ctx.now);
    if verdict.status != report::Status::Fail {
        verdict.reason = format!("signature valid; {}", verdict.reason);
    }
    if args.json {
        let report = TokenReport {
            origin: &loaded.input.origin,
            selection: &loaded.selection,
            token: &loaded.token,
            role: &role,
            now: ctx.now,
            findings: &findings,
            verdict: Some(verdict),
            profile: Some((ctx.profile, &ctx.profile_from)),
        };
        let mut doc = report::json(&report, out.show_secrets());
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("verification".into(), verification.to_json());
        }
        out.json(doc)?;
    } else {
        let style = match verdict.status {
            report::Status::Ok => Style::Good,
            report::Status::Warn => Style::Warn,
            report::Status::Fail => Style::Bad,
        };
        let status = out.paint(
            Stream::Stdout,
            &format!("{:<5}", verdict.status.as_str()),
            style,
        );
        let label = out.paint(Stream::Stdout, &format!("{:<11}", "Verify"), Style::Heading);
        out.print(&format!(
            "{status} {}\n\n{label}{}",
            escape_untrusted(&verdict.reason),
            escape_untrusted(&verification.describe())
        ))?;
        let report = TokenReport {
            origin: &loaded.input.origin,
            selection: &loaded.selection,
            token: &loaded.token,
            role: &role,
            now: ctx.now,
            findings: &findings,
            verdict: None,
            profile: Some((ctx.profile, &ctx.profile_from)),
        };
        out.print(&report::human(out, &report))?;
    }
    Ok(Status::from_errors(
        worst(&findings) == Some(Severity::Error),
    ))
}

/// The keys (or secret) the token is checked against.
fn trusted(args: &VerifyArgs, token: &Token, http: &HttpOptions, out: &Output) -> Result<Trusted> {
    if let Some(from) = secret_from(&args.secret_file, &args.secret_env) {
        // In a JWKS of oct keys, the token's kid names the one to check with.
        let shared = keys::read_shared(&from, token.header_str("kid"))?;
        return Ok(Trusted::Secret {
            secret: shared.secret,
            source: from.to_string(),
            intent: shared.intent,
        });
    }
    let set = if !args.key.is_empty() {
        let mut all: Option<KeySet> = None;
        for path in &args.key {
            let set = keys::read_file(path)?;
            match &mut all {
                None => all = Some(set),
                Some(all) => {
                    all.source = format!("{}, {}", all.source, set.source);
                    all.keys.extend(set.keys);
                    all.notes.extend(set.notes);
                }
            }
        }
        all
    } else if let Some(spec) = &args.jwks {
        Some(keys::load_jwks(spec, http)?)
    } else if args.issuer.is_some() || args.metadata.is_some() {
        let meta = match (&args.issuer, &args.metadata) {
            (_, Some(spec)) => metadata::load(spec, http)?,
            (Some(issuer), None) => metadata::discover(issuer, http)?,
            (None, None) => unreachable!("checked above"),
        };
        let jwks_uri = meta.jwks_uri.clone().ok_or_else(|| {
            anyhow!(
                "{}: the metadata has no jwks_uri, so the signer's keys cannot be found",
                meta.source
            )
        })?;
        out.verbose(
            1,
            &format!("keys from {jwks_uri} (jwks_uri of {})", meta.source),
        );
        Some(keys::load_jwks(&jwks_uri, http)?)
    } else {
        None
    };
    if let Some(set) = set {
        for note in &set.notes {
            out.note(&format!("{}: {note}", set.source));
        }
        return Ok(Trusted::Keys(set));
    }
    let hmac = token.alg().is_some_and(|a| a.starts_with("HS"));
    if hmac && keys::interactive() {
        let secret = keys::prompt_secret("shared secret (client_secret) to verify with")?;
        return Ok(Trusted::Secret {
            secret,
            source: "the prompt".into(),
            intent: keys::Intent::default(),
        });
    }
    Err(Hint::new(
        "no key to verify with",
        "pass --key FILE, --jwks FILE|URL, --issuer URL or --metadata URL|FILE (the signer's published keys), or --secret-file FILE / --secret-env NAME for HS256/384/512",
    ))
}
