//! The evidence bundle (`triage --bundle FILE`): what a ticket needs and nothing reusable.
//! The server's metadata, each call's endpoint and client, each assertion's header and
//! claims (never the token: without its signature it proves nothing, and it is not kept),
//! the keys the capture holds (kids, thumbprints, algs), the server's answer and clock, and
//! the diagnosis. The whole document then goes through the redactor, as output does.

use super::render::{self, Source};
use super::{Carried, Evidence, Judged};
use crate::clock::utc;
use crate::exchange::Request;
use crate::input::capture::Format;
use crate::redact::{Redactor, Secret};
use serde_json::{Map, Value, json};

const HEADER_MEMBERS: &[&str] = &["alg", "kid", "typ", "x5t", "x5t#S256"];
const CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "iat", "nbf", "jti"];

fn picked(obj: Option<&Map<String, Value>>, names: &[&str]) -> Value {
    let Some(obj) = obj else {
        return Value::Null;
    };
    let mut out = Map::new();
    for name in names {
        if let Some(v) = obj.get(*name) {
            out.insert((*name).to_string(), v.clone());
        }
    }
    Value::Object(out)
}

fn assertion(a: &Carried) -> Value {
    json!({
        "field": a.field,
        "role": a.role.role.as_str(),
        "header": picked(a.token.header.as_deref(), HEADER_MEMBERS),
        "claims": picked(a.token.claims.as_ref().map(|c| c.map()), CLAIMS),
        "length": a.token.raw.len(),
    })
}

/// How the request authenticated the client, as far as it shows.
fn client_authentication(r: &Request, assertions: &[Carried]) -> &'static str {
    if let Some(a) = assertions.iter().find(|a| a.field == "client_assertion") {
        return if a.token.alg().is_some_and(|alg| alg.starts_with("HS")) {
            "client_secret_jwt"
        } else {
            "private_key_jwt"
        };
    }
    if r.basic_user.is_some() {
        "client_secret_basic"
    } else if r.field("client_secret").is_some() {
        "client_secret_post"
    } else {
        "none shown"
    }
}

fn request(r: &Request, assertions: &[Carried]) -> Value {
    let fields: Vec<&str> = r.form.iter().map(|(n, _)| n.as_str()).collect();
    json!({
        "method": r.method,
        "url": crate::exchange::without_userinfo(&r.url),
        "client_id": r.client_id(),
        "grant_type": r.field("grant_type"),
        "scope": r.field("scope"),
        "client_authentication": client_authentication(r, assertions),
        "fields": fields,
    })
}

fn call(j: &Judged) -> Value {
    let e = j.exchange;
    let answer = j.diagnosis.answer.as_ref().map(|a| {
        json!({
            "status": a.status,
            "error": a.error,
            "error_description": a.description,
            "issued_a_token": a.is_token_response(),
        })
    });
    json!({
        "number": j.number,
        "origin": e.origin,
        "request": e.request.as_ref().map(|r| request(r, &j.assertions)),
        "assertions": j.assertions.iter().map(assertion).collect::<Vec<_>>(),
        "keys": j.keys.iter().map(|(field, v)| {
            let mut doc = v.to_json();
            doc["field"] = json!(field);
            doc
        }).collect::<Vec<_>>(),
        "answer": answer,
        "clock": {
            "server_date": e.times.server_date.map(utc),
            "sent": e.recorded_at().map(utc),
            "clock_offset_seconds": e.clock_offset(),
            "judged_at": utc(j.ctx.now),
            "judged_by": j.diagnosis.judged.clock.as_str(),
        },
        "outcome": render::call_json(j)["outcome"],
        "inferred": j.diagnosis.inferred,
        "diagnosis": j.diagnosis.causes_json(),
    })
}

/// The bundle, redacted: `secrets` are the capture's own (client secrets, Basic
/// credentials), scrubbed wherever a server echoed them.
pub fn bundle(
    source: &Source,
    evidence: &Evidence,
    judged: &[Judged],
    secrets: &[Secret],
) -> Value {
    let mut input = Map::new();
    input.insert("name".into(), json!(source.name));
    input.insert("format".into(), json!(source.format.as_str()));
    if let Format::Har(Some(creator)) = source.format {
        input.insert("creator".into(), json!(creator));
    }
    let mut doc = json!({
        "version": render::SCHEMA_VERSION,
        "bundle": "jwtgrant triage",
        "made_by": concat!("jwtgrant ", env!("CARGO_PKG_VERSION")),
        "input": input,
        "server": render::evidence_json(evidence),
        "calls": judged.iter().map(call).collect::<Vec<_>>(),
        "summary": render::summary_json(judged),
    });
    let mut redactor = Redactor::default();
    for s in secrets {
        redactor.add_secret(s.expose());
    }
    redactor.json(&mut doc);
    doc
}
