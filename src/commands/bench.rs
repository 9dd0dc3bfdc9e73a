//! Hidden: in-process timing for benches/ (parse + lint, sign, verify) without process
//! start-up.

use crate::cli::BenchArgs;
use crate::exit::Status;
use crate::input::locate;
use crate::jose::Token;
use crate::jose::Verifier;
use crate::keys::{self, CheckOptions, SecretFrom, SigningSource, Trusted};
use crate::lint::{self, Ctx, Subject, role};
use crate::output::Output;
use crate::{clock, example};
use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};
use std::time::Instant;

pub fn run(args: &BenchArgs, out: &Output) -> Result<Status> {
    if matches!(args.what.as_str(), "sign" | "verify") {
        return crypto(args, out);
    }
    let now = clock::system_now();
    let token = example::client_assertion(now)?;
    let ctx = Ctx::new(now, 60);
    let start = Instant::now();
    let mut findings = 0usize;
    for _ in 0..args.iterations {
        let found = locate::find(&token);
        let parsed = Token::parse(&found[0].token);
        let guess = role::guess(&parsed, Some(&found[0].place));
        let subject = Subject {
            token: &parsed,
            role: &guess,
            request: None,
        };
        let wanted = if args.what == "decode" {
            lint::structure
        } else {
            lint::offline
        };
        findings += lint::run(&subject, &ctx, wanted).len();
    }
    let elapsed = start.elapsed();
    let per_sec = args.iterations as f64 / elapsed.as_secs_f64();
    out.print(&format!(
        "{}: {} iterations in {:.1} ms: {per_sec:.0} per second ({findings} findings)",
        args.what,
        args.iterations,
        elapsed.as_secs_f64() * 1000.0
    ))?;
    Ok(Status::Clean)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn rate(iterations: u64, start: Instant) -> f64 {
    iterations as f64 / start.elapsed().as_secs_f64()
}

/// Sign or verify one client assertion `--iterations` times: the whole token (JSON,
/// base64url, signature; or parse, key checks, signature) and the signature alone.
fn crypto(args: &BenchArgs, out: &Output) -> Result<Status> {
    let alg = args
        .alg
        .as_deref()
        .context("bench sign/verify needs --alg")?;
    let secret = args.secret_file.clone().map(SecretFrom::File);
    let signing = keys::load_signing(&SigningSource {
        key: args.key.as_deref(),
        secret: secret.clone(),
        kid: None,
        alg: Some(alg),
        prefer_alg: None,
        allow_weak_key: true,
    })?;
    let now = clock::system_now();
    let mut header = object(json!({"typ": "JWT"}));
    if let Some(kid) = &signing.kid {
        header.insert("kid".into(), json!(kid));
    }
    let claims = object(json!({
        "iss": "client-123", "sub": "client-123", "aud": "https://as.example.com/token",
        "iat": now, "exp": now + 300, "jti": "2f7c1f0e-4b7e-4a51-9f7e-7d1c2b8a9e11",
    }));
    let token = signing.sign(&header, &claims)?;
    let (input, _) = token.rsplit_once('.').context("token")?;
    let n = args.iterations;
    let (whole, raw) = if args.what == "sign" {
        let start = Instant::now();
        for _ in 0..n {
            std::hint::black_box(signing.sign(&header, &claims)?);
        }
        let whole = rate(n, start);
        let start = Instant::now();
        for _ in 0..n {
            std::hint::black_box(signing.signer.sign(input.as_bytes())?);
        }
        (whole, rate(n, start))
    } else {
        let (trusted, verifier) = match (&secret, &args.key) {
            (Some(from), _) => {
                let s = keys::read_secret(from)?;
                let v = Verifier::hmac(signing.alg(), &s)?;
                let source = from.to_string();
                (
                    Trusted::Secret {
                        secret: s,
                        source,
                        intent: keys::Intent::default(),
                    },
                    v,
                )
            }
            (None, Some(path)) => {
                let set = keys::read_file(path)?;
                let v = Verifier::public(signing.alg(), &set.keys[0].public)?;
                (Trusted::Keys(set), v)
            }
            (None, None) => bail!("bench verify needs --key or --secret-file"),
        };
        let opts = CheckOptions {
            allow_weak_key: true,
        };
        let start = Instant::now();
        for _ in 0..n {
            let parsed = Token::parse(&token);
            let checked = keys::check(&parsed, &trusted, &opts);
            if checked.signature != keys::SignatureState::Valid {
                bail!("the benchmark token did not verify");
            }
        }
        let whole = rate(n, start);
        let parsed = Token::parse(&token);
        let start = Instant::now();
        for _ in 0..n {
            if verifier
                .verify(input.as_bytes(), parsed.signature())
                .is_err()
            {
                bail!("the benchmark signature did not verify");
            }
        }
        (whole, rate(n, start))
    };
    out.print(&format!(
        "{} {}: {n} iterations: token {whole:.0}/s, signature only {raw:.0}/s",
        args.what,
        signing.alg()
    ))?;
    Ok(Status::Clean)
}
