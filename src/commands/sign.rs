//! `sign`: make a grant or client assertion, sign it, lint it, print it (the one
//! unredacted artifact) or the ready request body.

use super::load;
use crate::cli::SignArgs;
use crate::clock;
use crate::exit::{Hint, Status};
use crate::findings::{Finding, Severity};
use crate::input;
use crate::jose::Token;
use crate::keys::{self, SecretFrom, ServiceAccount, SigningSource};
use crate::lint::profile::id_jag;
use crate::lint::{self, Ctx, Flow, Profile, Role, RoleGuess, Subject};
use crate::output::Output;
use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Map, Value};

const GRANT_TYPE_JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

pub fn run(args: &SignArgs, out: &Output) -> Result<Status> {
    let now = load::now(&args.clock)?;
    let stdin = |p: &Option<std::path::PathBuf>| p.as_deref().is_some_and(input::is_stdin);
    input::one_stdin_reader(&[
        ("--key -", stdin(&args.key.key)),
        ("--secret-file -", stdin(&args.key.secret_file)),
        ("--claims-file -", stdin(&args.claims_file)),
        ("--x5c -", stdin(&args.x5c)),
        ("--x5t -", stdin(&args.x5t)),
    ])?;
    if args.key.key.is_none() {
        // Only a key file can settle the flow: say what is missing before any secret prompt.
        flow(args, None)?;
    }
    let key = keys::load_signing(&SigningSource {
        key: args.key.key.as_deref(),
        secret: secret_from(&args.key.secret_file, &args.key.secret_env),
        kid: args.key.kid.as_deref(),
        alg: args.alg.as_deref(),
        prefer_alg: None,
        allow_weak_key: args.key.allow_weak_key,
    })?;
    let flow = flow(args, key.account.as_ref())?;
    // A service-account file describes a JWT bearer grant to Google; a client assertion
    // signed with its key takes nothing else from it.
    let account = key.account.as_ref().filter(|_| flow == Flow::Grant);
    let profile = args.profile.unwrap_or(if account.is_some() {
        Profile::Google
    } else {
        Profile::Rfc7523
    });
    let claims = claims(args, flow, profile, now, account)?;
    if let Some(account) = account {
        explain_account(args, account, &claims, profile, out);
    }
    let mut header = Map::new();
    if let Some(typ) = &args.typ {
        header.insert("typ".into(), Value::from(typ.as_str()));
    } else if profile == Profile::IdJag {
        header.insert("typ".into(), Value::from(id_jag::TYP));
    }
    if let Some(kid) = key.kid.as_ref().filter(|_| !args.no_kid) {
        header.insert("kid".into(), Value::from(kid.as_str()));
    }
    certificate_headers(args, &key, &mut header)?;
    for pair in &args.headers {
        let (name, value) = key_value(pair, "--header")?;
        if name == "alg" {
            bail!("--header alg=…: the algorithm is set with --alg");
        }
        set(&mut header, name, value);
    }
    let token = key.sign(&header, &claims)?;
    out.verbose(
        1,
        &format!("signed with {} as {}", key.description, key.alg()),
    );
    report_lint(args, flow, profile, &token, now, key.findings.clone(), out);
    let body = if args.form {
        form(flow, args.client_id.as_deref(), &token)
    } else {
        token
    };
    out.artifact(format!("{body}\n").as_bytes())?;
    Ok(Status::Clean)
}

/// Say on stderr which claims came from the service-account file (flags override them).
fn explain_account(
    args: &SignArgs,
    account: &ServiceAccount,
    claims: &Map<String, Value>,
    profile: Profile,
    out: &Output,
) {
    let mut taken = Vec::new();
    if args.iss.is_none() {
        if let Some(email) = &account.client_email {
            taken.push(format!("iss {email} (client_email)"));
        }
    }
    if args.audiences.is_empty() {
        if let Some(uri) = &account.token_uri {
            taken.push(format!("aud {uri} (token_uri)"));
        }
    }
    if args.key.kid.is_none() && !args.no_kid {
        if let Some(id) = &account.key_id {
            taken.push(format!("kid {id} (private_key_id)"));
        }
    }
    if !taken.is_empty() {
        out.note(&format!(
            "from the service-account file: {}",
            taken.join(", ")
        ));
    }
    if args.profile.is_none() {
        out.verbose(
            1,
            "linting against the google profile (a Google service-account key; --profile chooses another)",
        );
    }
    if profile == Profile::Google && !claims.contains_key("scope") {
        out.note(
            "Google's token endpoint needs a scope claim: add --claim scope=URL (space-separated for several, e.g. https://www.googleapis.com/auth/cloud-platform)",
        );
    }
}

/// --x5c / --x5t: the chain or thumbprints of the certificate that holds the signing key.
fn certificate_headers(
    args: &SignArgs,
    key: &keys::SigningKey,
    header: &mut Map<String, Value>,
) -> Result<()> {
    for (path, thumbprints) in [(&args.x5c, false), (&args.x5t, true)] {
        let Some(path) = path else { continue };
        let flag = if thumbprints { "--x5t" } else { "--x5c" };
        let Some(public) = &key.public else {
            return Err(Hint::new(
                format!(
                    "{flag}: a certificate names a public key, and this token is signed with a shared secret"
                ),
                "certificates go with private_key_jwt: sign with --key FILE",
            ));
        };
        let chain = keys::read_chain(path)
            .and_then(|chain| chain.check_leaf_holds(public).map(|()| chain))
            .map_err(|e| anyhow!("{flag}: {e:#}"))?;
        if thumbprints {
            header.insert("x5t".into(), Value::from(chain.leaf().x5t()));
            header.insert("x5t#S256".into(), Value::from(chain.leaf().x5t_s256()));
        } else {
            header.insert("x5c".into(), chain.x5c());
        }
    }
    Ok(())
}

pub fn secret_from(file: &Option<std::path::PathBuf>, env: &Option<String>) -> Option<SecretFrom> {
    file.clone()
        .map(SecretFrom::File)
        .or_else(|| env.clone().map(SecretFrom::Env))
}

fn flow(args: &SignArgs, account: Option<&ServiceAccount>) -> Result<Flow> {
    if args.profile == Some(Profile::IdJag) {
        // An ID-JAG is a jwt-bearer grant; its client_id is a claim, not iss and sub.
        return match args.flow {
            Some(Flow::Client) => Err(Hint::new(
                "--profile id-jag makes a jwt-bearer grant, not a client assertion",
                "leave out --flow client: the ID-JAG's client_id claim names the client (--client-id)",
            )),
            _ => Ok(Flow::Grant),
        };
    }
    match args.flow {
        Some(flow) => Ok(flow),
        None if args.client_id.is_some() && args.iss.is_none() => Ok(Flow::Client),
        None if args.iss.is_some() || args.sub.is_some() => Ok(Flow::Grant),
        // Google's service accounts make JWT bearer grants.
        None if account.is_some() => Ok(Flow::Grant),
        None => Err(Hint::new(
            "say what the assertion is for",
            "--flow client --client-id ID --aud URL (client authentication), or --flow grant --iss ISS --sub SUB --aud URL (authorization grant)",
        )),
    }
}

/// Computed claims, then --claims-file, then --claim (null removes). A grant signed with
/// a service-account key takes iss and aud from the file unless the flags say otherwise,
/// and needs no sub (Google wants one only for domain-wide delegation).
fn claims(
    args: &SignArgs,
    flow: Flow,
    profile: Profile,
    now: i64,
    account: Option<&ServiceAccount>,
) -> Result<Map<String, Value>> {
    if profile == Profile::IdJag {
        id_jag_flags(args)?;
    }
    let lifetime = clock::parse_duration(&args.exp).context("--exp")?;
    if lifetime <= 0 {
        bail!("--exp {}: the lifetime must be positive", args.exp);
    }
    let mut claims = Map::new();
    match flow {
        Flow::Client => {
            let Some(id) = &args.client_id else {
                return Err(Hint::new(
                    "--flow client needs --client-id",
                    "a client assertion's iss and sub are the client_id (RFC 7523 §3)",
                ));
            };
            if args.iss.as_ref().is_some_and(|i| i != id)
                || args.sub.as_ref().is_some_and(|s| s != id)
            {
                bail!(
                    "--flow client: iss and sub are the client_id; leave out --iss/--sub (or use --claim to force other values)"
                );
            }
            claims.insert("iss".into(), Value::from(id.as_str()));
            claims.insert("sub".into(), Value::from(id.as_str()));
        }
        Flow::Grant => {
            let needs = || {
                Hint::new(
                    "--flow grant needs --iss and --sub",
                    "iss: who vouches for the subject (your IdP or service); sub: the user or service the token is for",
                )
            };
            let iss = args
                .iss
                .as_ref()
                .or(account.and_then(|a| a.client_email.as_ref()));
            let Some(iss) = iss else {
                return Err(match account {
                    Some(_) => Hint::new(
                        "--flow grant needs --iss: the service-account file has no client_email",
                        "pass --iss with the service account's email address",
                    ),
                    None => needs(),
                });
            };
            if args.sub.is_none() && account.is_none() {
                return Err(needs());
            }
            claims.insert("iss".into(), Value::from(iss.as_str()));
            if let Some(sub) = &args.sub {
                claims.insert("sub".into(), Value::from(sub.as_str()));
            }
        }
    }
    let file_aud = account.and_then(|a| a.token_uri.as_ref());
    match args.audiences.as_slice() {
        [] => {
            if let Some(uri) = file_aud {
                claims.insert("aud".into(), Value::from(uri.as_str()));
            }
        }
        [one] => {
            claims.insert("aud".into(), Value::from(one.as_str()));
        }
        many => {
            claims.insert("aud".into(), Value::from(many.to_vec()));
        }
    }
    claims.insert("iat".into(), Value::from(now));
    if !args.no_nbf {
        claims.insert("nbf".into(), Value::from(now));
    }
    claims.insert("exp".into(), Value::from(now + lifetime));
    claims.insert("jti".into(), Value::from(keys::random_jti()?));
    if let (Profile::IdJag, Some(id)) = (profile, &args.client_id) {
        claims.insert("client_id".into(), Value::from(id.as_str()));
    }
    match args.resources.as_slice() {
        [] => {}
        [one] => {
            claims.insert("resource".into(), Value::from(one.as_str()));
        }
        many => {
            claims.insert("resource".into(), Value::from(many.to_vec()));
        }
    }
    if !args.scopes.is_empty() {
        claims.insert("scope".into(), Value::from(args.scopes.join(" ")));
    }
    let mut removed = Vec::new();
    if let Some(path) = &args.claims_file {
        let (text, name) = if input::is_stdin(path) {
            let bytes = input::read_capped(
                std::io::stdin().lock(),
                &input::Origin::Stdin,
                "sign --claims-file",
            )?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow!("--claims-file -: stdin is not UTF-8 text"))?;
            (text, "stdin".to_string())
        } else {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --claims-file {}", path.display()))?;
            (text, path.display().to_string())
        };
        let extra: Value = serde_json::from_str(&text)
            .map_err(|e| anyhow!("--claims-file {name}: not JSON ({e})"))?;
        let Value::Object(extra) = extra else {
            bail!("--claims-file {name}: must hold a JSON object");
        };
        for (name, value) in extra {
            if value.is_null() {
                removed.push(name.clone());
            }
            set(&mut claims, &name, value);
        }
    }
    for pair in &args.claims {
        let (name, value) = key_value(pair, "--claim")?;
        if value.is_null() {
            removed.push(name.to_string());
        }
        set(&mut claims, name, value);
    }
    if !claims.contains_key("aud") && !removed.iter().any(|r| r == "aud") {
        return Err(Hint::new(
            "no audience: an assertion must name the authorization server it is for (RFC 7523 §3)",
            "pass --aud URL: the server's issuer identifier (RFC 10070) or its token endpoint",
        ));
    }
    Ok(claims)
}

/// What an ID-JAG cannot be made without (draft-ietf-oauth-identity-assertion-authz-grant
/// §3.1: iss, sub, aud and client_id; jti, iat and exp are computed).
fn id_jag_flags(args: &SignArgs) -> Result<()> {
    let mut missing = Vec::new();
    if args.iss.is_none() {
        missing.push("--iss (the IdP's issuer)");
    }
    if args.sub.is_none() {
        missing.push("--sub (the user)");
    }
    if args.audiences.is_empty() {
        missing.push("--aud (the resource AS's issuer)");
    }
    if args.client_id.is_none() {
        missing.push("--client-id (the client's id at the resource AS)");
    }
    if !missing.is_empty() {
        return Err(Hint::new(
            format!("--profile id-jag needs {}", missing.join(", ")),
            format!(
                "an ID-JAG carries iss, sub, aud, client_id, jti, iat and exp ({} §3.1); --resource and --scope are optional",
                id_jag::DRAFT
            ),
        ));
    }
    if args.audiences.len() > 1 {
        return Err(Hint::new(
            "--profile id-jag takes one --aud",
            "an ID-JAG's aud is the resource AS's issuer identifier, as its only value (§4.4.1)",
        ));
    }
    Ok(())
}

fn set(map: &mut Map<String, Value>, name: &str, value: Value) {
    if value.is_null() {
        map.remove(name);
    } else {
        map.insert(name.to_string(), value);
    }
}

/// `k=v`: v is JSON when it parses as JSON (numbers, true, arrays, objects, "quoted"),
/// else the text itself.
fn key_value<'a>(pair: &'a str, flag: &str) -> Result<(&'a str, Value)> {
    let Some((name, raw)) = pair.split_once('=') else {
        bail!("{flag} {pair:?}: expected NAME=VALUE");
    };
    if name.is_empty() {
        bail!("{flag} {pair:?}: the name is empty");
    }
    let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::from(raw));
    Ok((name, value))
}

fn form(flow: Flow, client_id: Option<&str>, token: &str) -> String {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    match flow {
        Flow::Grant => {
            body.append_pair("grant_type", GRANT_TYPE_JWT_BEARER);
            body.append_pair("assertion", token);
        }
        Flow::Client => {
            body.append_pair("grant_type", "client_credentials");
            if let Some(id) = client_id {
                body.append_pair("client_id", id);
            }
            body.append_pair("client_assertion_type", CLIENT_ASSERTION_TYPE);
            body.append_pair("client_assertion", token);
        }
    }
    body.finish()
}

/// Lint the new token with the same rules as `lint` and say on stderr what they found.
fn report_lint(
    args: &SignArgs,
    flow: Flow,
    profile: Profile,
    token: &str,
    now: i64,
    mut findings: Vec<Finding>,
    out: &Output,
) {
    let parsed = Token::parse(token);
    let role = match flow {
        Flow::Client => RoleGuess::forced(Role::ClientAssertion, "--flow client"),
        Flow::Grant => RoleGuess::forced(Role::Grant, "--flow grant"),
    };
    let mut ctx = Ctx::new(now, 60);
    ctx.profile = profile;
    if flow == Flow::Client || profile == Profile::IdJag {
        ctx.expect.client_id = args.client_id.clone();
    }
    let subject = Subject {
        token: &parsed,
        role: &role,
        request: None,
    };
    findings.extend(lint::run(&subject, &ctx, lint::offline));
    for f in &findings {
        let text = format!("{} [{}]", f.message, f.code);
        match f.severity {
            Severity::Error => out.warn(&format!("the new token has an error: {text}")),
            Severity::Warning => out.warn(&text),
            Severity::Info => out.verbose(1, &text),
        }
    }
}
