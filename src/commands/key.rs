//! `key new | jwks | thumbprint`.

use crate::cli::{KeyCommand, KeyJwksArgs, KeyNewArgs, KeyThumbprintArgs};
use crate::exit::Status;
use crate::jose::Alg;
use crate::keys::{self, Key, Op};
use crate::output::Output;
use anyhow::{Result, bail};
use serde_json::{Value, json};

pub fn run(command: &KeyCommand, out: &Output) -> Result<Status> {
    match command {
        KeyCommand::New(args) => new(args, out),
        KeyCommand::Jwks(args) => jwks(args, out),
        KeyCommand::Thumbprint(args) => thumbprint(args, out),
    }
}

fn new(args: &KeyNewArgs, out: &Output) -> Result<Status> {
    let alg = keys::parse_alg(&args.alg)?;
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| alg.name().to_ascii_lowercase());
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        bail!("--name {name:?}: give a plain file name stem, e.g. client-2025");
    }
    let made = keys::write_new(alg, &args.out, &name, args.bits)?;
    out.note(&format!(
        "wrote {} ({}, PKCS#8, mode 0600: keep it private)",
        made.private_path.display(),
        made.description
    ));
    out.note(&format!(
        "wrote {} (public JWKS with kid = RFC 7638 thumbprint: register it with the server)",
        made.jwks_path.display()
    ));
    if let Some(note) = alg_name_note(alg, &made.private_path) {
        out.note(&note);
    }
    out.print(&made.kid)?;
    Ok(Status::Clean)
}

/// Ed25519 keys have two algorithm names, and servers that honour a JWK's "alg" match it
/// exactly: say which one the JWKS names, who uses which, and how to get the other.
fn alg_name_note(alg: Alg, private: &std::path::Path) -> Option<String> {
    let without = format!(
        "or publish it without alg (either name then works): jwtgrant key jwks {}",
        private.display()
    );
    match alg {
        Alg::EdDSA => Some(format!(
            "the JWKS says \"alg\": \"EdDSA\", the name every JOSE library reads (PyJWT reads no other); a client that signs with the RFC 9864 name Ed25519 (openid-client 6 / oauth4webapi) needs --alg Ed25519, {without}"
        )),
        Alg::Ed25519 => Some(format!(
            "the JWKS says \"alg\": \"Ed25519\" (RFC 9864); servers on PyJWT and older JOSE libraries read only EdDSA and need --alg EdDSA, {without}"
        )),
        _ => None,
    }
}

fn all_keys(files: &[std::path::PathBuf], out: &Output) -> Result<Vec<Key>> {
    let mut keys = Vec::new();
    for path in files {
        let set = keys::read_file(path)?;
        for note in &set.notes {
            out.note(&format!("{}: {note}", set.source));
        }
        keys.extend(set.keys);
    }
    Ok(keys)
}

fn jwks(args: &KeyJwksArgs, out: &Output) -> Result<Status> {
    let alg = args.alg.as_deref().map(keys::parse_alg).transpose()?;
    let mut keys = all_keys(&args.files, out)?;
    // The same key given twice (private and public file, or a cert) is published once.
    let mut seen = std::collections::HashSet::new();
    keys.retain(|k| seen.insert(k.thumbprint()));
    if args.kid.is_some() && keys.len() > 1 {
        bail!(
            "--kid names one key, but the files hold {} different keys; give one KEYFILE per run",
            keys.len()
        );
    }
    let mut list = Vec::new();
    for key in &keys {
        // A published key checks signatures: one its JWK reserves for encryption or for
        // other operations is not published as "use": "sig".
        if let Err(why) = key.intent.permits_op(Op::Verify, key.private.is_some()) {
            bail!("{} {why}; key jwks publishes signature keys", key.label());
        }
        // --alg replaces the key's own alg member; it must still fit the key type.
        if let Some(alg) = alg {
            if alg.family() != key.public.family() {
                bail!(
                    "--alg {alg}: {} is {}, which can make {}",
                    key.label(),
                    key.public.describe(),
                    crate::jose::alg_names(&key.public.algs())
                );
            }
        }
        let kid = args
            .kid
            .clone()
            .or_else(|| key.kid.clone())
            .unwrap_or_else(|| key.thumbprint());
        let alg_name = alg
            .map(|a| a.name().to_string())
            .or_else(|| key.intent.alg.clone());
        let mut jwk = keys::public_jwk(&key.public, &kid, alg_name.as_deref());
        if let (Some(cert), Some(obj)) = (&key.cert, jwk.as_object_mut()) {
            obj.insert("x5t".into(), json!(cert.x5t()));
            obj.insert("x5t#S256".into(), json!(cert.x5t_s256()));
        }
        list.push(jwk);
    }
    out.json(json!({ "keys": list }))?;
    Ok(Status::Clean)
}

fn thumbprint(args: &KeyThumbprintArgs, out: &Output) -> Result<Status> {
    let keys = all_keys(std::slice::from_ref(&args.file), out)?;
    if args.x5t {
        let hex: Vec<String> = keys
            .iter()
            .filter_map(|k| k.cert.as_ref())
            .map(|c| c.sha1_hex())
            .collect();
        if hex.is_empty() {
            bail!(
                "{} holds no certificate: --x5t is a certificate's SHA-1 thumbprint (a key alone has only its RFC 7638 thumbprint)",
                args.file.display()
            );
        }
        out.print(&format!("{}\n", hex.join("\n")))?;
        return Ok(Status::Clean);
    }
    if args.json {
        let list: Vec<Value> = keys
            .iter()
            .map(|k| {
                let mut v = k.summary_json();
                if let (Some(cert), Some(obj)) = (&k.cert, v.as_object_mut()) {
                    obj.insert("x5t_hex".into(), json!(cert.sha1_hex()));
                    obj.insert("subject".into(), json!(cert.subject));
                    obj.insert("not_before".into(), json!(cert.not_before));
                    obj.insert("not_after".into(), json!(cert.not_after));
                }
                v
            })
            .collect();
        out.json(json!({ "keys": list }))?;
        return Ok(Status::Clean);
    }
    let single = keys.len() == 1;
    let mut text = String::new();
    for key in &keys {
        if single {
            text.push_str(&format!("{}\n", key.thumbprint()));
        } else {
            let kid = key
                .kid
                .as_deref()
                .map_or("(no kid)".to_string(), |k| format!("kid {k:?}"));
            text.push_str(&format!(
                "{}  {kid}, {}\n",
                key.thumbprint(),
                key.public.describe()
            ));
        }
        if let Some(cert) = &key.cert {
            text.push_str(&format!("x5t      {}\n", cert.x5t()));
            text.push_str(&format!("x5t#S256 {}\n", cert.x5t_s256()));
        }
    }
    out.print(&text)?;
    Ok(Status::Clean)
}
