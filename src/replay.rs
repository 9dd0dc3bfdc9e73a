//! Replay: build the token request a client would send (RFC 7523 §2.1 grant or §2.2
//! client authentication), send it through `http`, and hand the exchange to `diagnose`.
//! This module decides what goes in the form; `render` shows the result.

pub mod from;
pub mod render;
pub mod resign;

use crate::exchange::Exchange;
use crate::exit::Hint;
use crate::http::{self, FormPost, HttpOptions};
use crate::lint::Flow;
use crate::redact::{self, Secret};
use anyhow::{Result, bail};
use serde_json::{Map, Value, json};

pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
pub const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// How a client secret travels (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretVia {
    /// `Authorization: Basic` (client_secret_basic).
    Basic,
    /// `client_id` and `client_secret` form fields (client_secret_post).
    Post,
}

/// How the client authenticates a grant request.
pub enum ClientAuth {
    /// A client assertion (private_key_jwt / client_secret_jwt) next to the grant.
    Assertion(String),
    Secret(Secret, SecretVia),
    /// A public client: only `client_id`, when given.
    None,
}

/// What the user asked to send.
pub struct Request<'a> {
    pub endpoint: &'a str,
    pub flow: Flow,
    /// The assertion under test (the grant, or the client assertion).
    pub assertion: &'a str,
    pub client_id: Option<&'a str>,
    /// Grant flow only.
    pub client_auth: ClientAuth,
    /// Client flow only: the grant_type sent with the client assertion.
    pub grant_type: &'a str,
    pub scope: Option<&'a str>,
    pub resources: &'a [String],
    /// `--param NAME=VALUE`: replaces a field of the same name, or is added.
    pub params: &'a [(String, String)],
    /// `--secret-param`: the same, with values that are secrets.
    pub secret_params: Vec<(String, Secret)>,
}

/// The request, ready to send or to show.
pub struct Plan {
    pub endpoint: String,
    pub flow: Flow,
    pub fields: Vec<(String, String)>,
    /// client_secret_basic credentials; the secret never enters `fields`' display.
    pub basic: Option<(String, Secret)>,
    /// "private_key_jwt", "client_secret_basic", "none (public client)", …
    pub auth_method: &'static str,
    pub client_id_sent: Option<String>,
    /// Fields whose values are secrets: client_secret, --secret-param fields, and any field
    /// named like a credential (a `--param password=…`).
    pub secret_fields: Vec<String>,
    /// An RFC 8693 token exchange (`replay --token-exchange`), not an RFC 7523 request.
    pub token_exchange: bool,
}

impl Plan {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_secret_field(&self, name: &str) -> bool {
        self.secret_fields.iter().any(|n| n == name)
    }

    /// Every secret this request carries, as sent: the output layer redacts each one
    /// wherever it shows up (a server echoing the client_secret in its answer).
    pub fn secrets(&self) -> Vec<Secret> {
        let mut all: Vec<Secret> = self
            .fields
            .iter()
            .filter(|(n, _)| self.is_secret_field(n))
            .map(|(_, v)| Secret::new(v.clone().into_bytes()))
            .collect();
        if let Some((id, secret)) = &self.basic {
            all.push(Secret::new(secret.expose().to_vec()));
            let header = http::basic_credentials(id, secret);
            all.push(Secret::new(
                header.trim_start_matches("Basic ").as_bytes().to_vec(),
            ));
        }
        all.extend(
            http::url_secrets(&self.endpoint)
                .into_iter()
                .map(Secret::new),
        );
        all
    }
}

fn push(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.push((name.to_string(), value.to_string()));
}

/// Replace the field of that name, or add it.
fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(existing) => existing.1 = value.to_string(),
        None => push(fields, name, value),
    }
}

pub fn plan(req: Request) -> Result<Plan> {
    let mut fields = Vec::new();
    let mut basic = None;
    let auth_method;
    match req.flow {
        Flow::Grant => {
            push(&mut fields, "grant_type", JWT_BEARER_GRANT);
            push(&mut fields, "assertion", req.assertion);
            match req.client_auth {
                ClientAuth::Assertion(token) => {
                    if let Some(id) = req.client_id {
                        push(&mut fields, "client_id", id);
                    }
                    push(&mut fields, "client_assertion_type", CLIENT_ASSERTION_TYPE);
                    push(&mut fields, "client_assertion", &token);
                    auth_method = "client assertion (private_key_jwt / client_secret_jwt)";
                }
                ClientAuth::Secret(secret, via) => {
                    let Some(id) = req.client_id else {
                        return Err(Hint::new(
                            "a client secret needs the client's id",
                            "add --client-id ID",
                        ));
                    };
                    match via {
                        SecretVia::Basic => {
                            basic = Some((id.to_string(), secret));
                            auth_method = "client_secret_basic";
                        }
                        SecretVia::Post => {
                            push(&mut fields, "client_id", id);
                            let value = String::from_utf8(secret.expose().to_vec()).map_err(|_| {
                                anyhow::anyhow!("the client secret is not UTF-8 text; client_secret_post needs text (use --client-auth basic)")
                            })?;
                            push(&mut fields, "client_secret", &value);
                            auth_method = "client_secret_post";
                        }
                    }
                }
                ClientAuth::None => {
                    if let Some(id) = req.client_id {
                        push(&mut fields, "client_id", id);
                    }
                    auth_method = "none (public client)";
                }
            }
        }
        Flow::Client => {
            if !matches!(req.client_auth, ClientAuth::None) {
                return Err(Hint::new(
                    "the client flow authenticates with the assertion itself; a second client credential is not allowed (RFC 6749 §2.3)",
                    "drop --client-assertion / --client-secret-*, or use --flow grant",
                ));
            }
            push(&mut fields, "grant_type", req.grant_type);
            if let Some(id) = req.client_id {
                push(&mut fields, "client_id", id);
            }
            push(&mut fields, "client_assertion_type", CLIENT_ASSERTION_TYPE);
            push(&mut fields, "client_assertion", req.assertion);
            auth_method = "client assertion (private_key_jwt / client_secret_jwt)";
        }
    }
    if let Some(scope) = req.scope {
        push(&mut fields, "scope", scope);
    }
    for r in req.resources {
        push(&mut fields, "resource", r);
    }
    for (name, value) in req.params {
        set(&mut fields, name, value);
    }
    let mut secret_fields: Vec<String> = Vec::new();
    for (name, secret) in &req.secret_params {
        let value = String::from_utf8(secret.expose().to_vec())
            .map_err(|_| anyhow::anyhow!("--secret-param {name}: the value is not UTF-8 text"))?;
        set(&mut fields, name, &value);
        secret_fields.push(name.clone());
    }
    // the assertions are JWTs: the output layer shows them without their signatures
    for (name, _) in &fields {
        let is_assertion = matches!(name.as_str(), "assertion" | "client_assertion");
        if redact::is_secret_field(name) && !is_assertion && !secret_fields.contains(name) {
            secret_fields.push(name.clone());
        }
    }
    let client_id_sent = fields
        .iter()
        .find(|(n, _)| n == "client_id")
        .map(|(_, v)| v.clone())
        .or_else(|| basic.as_ref().map(|(id, _)| id.clone()));
    Ok(Plan {
        endpoint: req.endpoint.to_string(),
        flow: req.flow,
        fields,
        basic,
        auth_method,
        client_id_sent,
        secret_fields,
        token_exchange: false,
    })
}

/// What `replay --token-exchange` sends (RFC 8693 §2.1).
pub struct ExchangeRequest<'a> {
    pub endpoint: &'a str,
    /// The token given in exchange (an ID token for an ID-JAG).
    pub subject_token: &'a str,
    pub subject_token_type: &'a str,
    pub requested_token_type: &'a str,
    pub audiences: &'a [String],
    pub resources: &'a [String],
    pub scope: Option<&'a str>,
    pub client_id: Option<&'a str>,
    pub client_auth: ClientAuth,
    pub params: &'a [(String, String)],
    pub secret_params: Vec<(String, Secret)>,
}

/// The token exchange request: the grant flow's envelope (client authentication, scope,
/// resource, extra fields) around RFC 8693's fields instead of an assertion.
pub fn plan_exchange(req: ExchangeRequest) -> Result<Plan> {
    let mut plan = plan(Request {
        endpoint: req.endpoint,
        flow: Flow::Grant,
        assertion: "",
        client_id: req.client_id,
        client_auth: req.client_auth,
        grant_type: "",
        scope: req.scope,
        resources: req.resources,
        params: &[],
        secret_params: Vec::new(),
    })?;
    plan.fields
        .retain(|(n, _)| n != "grant_type" && n != "assertion");
    let mut head = vec![
        (
            "grant_type".to_string(),
            crate::idjag::TOKEN_EXCHANGE_GRANT.to_string(),
        ),
        ("subject_token".to_string(), req.subject_token.to_string()),
        (
            "subject_token_type".to_string(),
            req.subject_token_type.to_string(),
        ),
        (
            "requested_token_type".to_string(),
            req.requested_token_type.to_string(),
        ),
    ];
    for aud in req.audiences {
        head.push(("audience".to_string(), aud.clone()));
    }
    head.append(&mut plan.fields);
    plan.fields = head;
    for (name, value) in req.params {
        set(&mut plan.fields, name, value);
    }
    for (name, secret) in &req.secret_params {
        let value = String::from_utf8(secret.expose().to_vec())
            .map_err(|_| anyhow::anyhow!("--secret-param {name}: the value is not UTF-8 text"))?;
        set(&mut plan.fields, name, &value);
        plan.secret_fields.push(name.clone());
    }
    // the subject token is a JWT: shown without its signature, like an assertion
    plan.secret_fields.retain(|n| n != "subject_token");
    plan.token_exchange = true;
    Ok(plan)
}

/// Parse `--param NAME=VALUE`.
pub fn parse_param(text: &str) -> Result<(String, String)> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => bail!("{text:?}: expected NAME=VALUE"),
    }
}

pub fn send(plan: &Plan, opts: &HttpOptions) -> Result<Exchange> {
    http::post_form(
        &FormPost {
            url: &plan.endpoint,
            fields: &plan.fields,
            basic: plan.basic.as_ref().map(|(id, s)| (id.as_str(), s)),
        },
        opts,
    )
}

/// Form fields as a JSON object (repeated names become arrays), so that the output
/// layer's structural redaction sees each field by name.
pub fn form_json(fields: &[(String, String)]) -> Value {
    let mut obj = Map::new();
    for (name, value) in fields {
        match obj.get_mut(name) {
            Some(Value::Array(items)) => items.push(json!(value)),
            Some(existing) => *existing = json!([existing.clone(), value]),
            None => {
                obj.insert(name.clone(), json!(value));
            }
        }
    }
    Value::Object(obj)
}

/// The request as one JSON object (values redacted later by the output layer).
pub fn request_json(plan: &Plan) -> Value {
    let mut headers = Map::new();
    headers.insert(
        "content-type".into(),
        json!("application/x-www-form-urlencoded"),
    );
    headers.insert("accept".into(), json!("application/json"));
    if plan.basic.is_some() {
        headers.insert(
            "authorization".into(),
            json!(format!("Basic {}", redact::REDACTED)),
        );
    }
    json!({
        "method": "POST",
        "url": plan.endpoint,
        "client_authentication": plan.auth_method,
        "headers": headers,
        "form": form_json(&plan.fields),
    })
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Files a curl command reads secrets from, so that nothing reusable is printed.
pub const ASSERTION_FILE: &str = "assertion.jwt";
pub const CLIENT_ASSERTION_FILE: &str = "client_assertion.jwt";
pub const SECRET_FILE: &str = "client_secret.txt";
pub const SUBJECT_TOKEN_FILE: &str = "subject_token.jwt";

/// An equivalent curl command. Assertions and secrets are read from files named as
/// placeholders (`--data-urlencode name@file`); write them without a trailing newline.
pub fn curl(plan: &Plan) -> String {
    let mut lines = vec![format!(
        "curl -sS -X POST {} -H 'Accept: application/json'",
        shell_quote(&plan.endpoint)
    )];
    if let Some((id, _)) = &plan.basic {
        lines.push(format!(
            "  -u {}\"$(cat {SECRET_FILE})\"",
            shell_quote(&format!("{id}:"))
        ));
    }
    for (name, value) in &plan.fields {
        let line = match name.as_str() {
            "assertion" => format!("  --data-urlencode 'assertion@{ASSERTION_FILE}'"),
            "client_assertion" => {
                format!("  --data-urlencode 'client_assertion@{CLIENT_ASSERTION_FILE}'")
            }
            "client_secret" => format!("  --data-urlencode 'client_secret@{SECRET_FILE}'"),
            "subject_token" => {
                format!("  --data-urlencode 'subject_token@{SUBJECT_TOKEN_FILE}'")
            }
            other if plan.is_secret_field(other) => format!(
                "  --data-urlencode {}",
                shell_quote(&format!("{name}@{}", secret_param_file(name)))
            ),
            _ => format!(
                "  --data-urlencode {}",
                shell_quote(&format!("{name}={value}"))
            ),
        };
        lines.push(line);
    }
    lines.join(" \\\n")
}

/// The file a dry run's curl command reads a secret field from.
pub fn secret_param_file(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.secret")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(flow: Flow, auth: ClientAuth) -> Request<'static> {
        Request {
            endpoint: "https://as.example/token",
            flow,
            assertion: "eyJ.a.b",
            client_id: Some("app"),
            client_auth: auth,
            grant_type: "client_credentials",
            scope: Some("read"),
            resources: &[],
            params: &[],
            secret_params: Vec::new(),
        }
    }

    #[test]
    fn client_flow_sends_client_credentials_and_client_id() {
        let p = plan(request(Flow::Client, ClientAuth::None)).unwrap();
        let names: Vec<&str> = p.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "grant_type",
                "client_id",
                "client_assertion_type",
                "client_assertion",
                "scope"
            ]
        );
        assert_eq!(p.field("grant_type"), Some("client_credentials"));
        assert!(plan(request(Flow::Client, ClientAuth::Assertion("x".into()))).is_err());
    }

    #[test]
    fn grant_flow_with_each_client_authentication() {
        let p = plan(request(Flow::Grant, ClientAuth::None)).unwrap();
        assert_eq!(p.field("grant_type"), Some(JWT_BEARER_GRANT));
        assert_eq!(p.field("client_id"), Some("app"));
        let p = plan(request(
            Flow::Grant,
            ClientAuth::Secret(Secret::new(b"s".to_vec()), SecretVia::Basic),
        ))
        .unwrap();
        assert!(p.basic.is_some() && p.field("client_secret").is_none());
        assert_eq!(p.client_id_sent.as_deref(), Some("app"));
        let p = plan(request(
            Flow::Grant,
            ClientAuth::Secret(Secret::new(b"s".to_vec()), SecretVia::Post),
        ))
        .unwrap();
        assert_eq!(p.field("client_secret"), Some("s"));
        let p = plan(request(
            Flow::Grant,
            ClientAuth::Assertion("eyJ.c.d".into()),
        ))
        .unwrap();
        assert_eq!(p.field("client_assertion"), Some("eyJ.c.d"));
    }

    #[test]
    fn params_replace_or_add() {
        let params = vec![
            ("grant_type".to_string(), "custom".to_string()),
            ("audience".to_string(), "api".to_string()),
        ];
        let mut r = request(Flow::Client, ClientAuth::None);
        r.params = Box::leak(params.into_boxed_slice());
        let p = plan(r).unwrap();
        assert_eq!(p.field("grant_type"), Some("custom"));
        assert_eq!(p.field("audience"), Some("api"));
        assert!(parse_param("novalue").is_err());
        assert_eq!(parse_param("a=b=c").unwrap(), ("a".into(), "b=c".into()));
    }

    #[test]
    fn a_token_exchange_sends_rfc_8693_fields_and_client_authentication() {
        let audiences = vec!["https://as.example".to_string()];
        let p = plan_exchange(ExchangeRequest {
            endpoint: "https://idp.example/token",
            subject_token: "eyJ.id.token",
            subject_token_type: crate::idjag::ID_TOKEN_TYPE,
            requested_token_type: crate::idjag::ID_JAG_TYPE,
            audiences: &audiences,
            resources: &[],
            scope: Some("read"),
            client_id: Some("app"),
            client_auth: ClientAuth::Secret(Secret::new(b"s".to_vec()), SecretVia::Post),
            params: &[],
            secret_params: Vec::new(),
        })
        .unwrap();
        let names: Vec<&str> = p.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "grant_type",
                "subject_token",
                "subject_token_type",
                "requested_token_type",
                "audience",
                "client_id",
                "client_secret",
                "scope"
            ]
        );
        assert!(p.token_exchange && p.is_secret_field("client_secret"));
        assert!(!p.is_secret_field("subject_token"));
        let c = curl(&p);
        assert!(
            c.contains("subject_token@subject_token.jwt") && !c.contains("eyJ.id.token"),
            "{c}"
        );
    }

    #[test]
    fn curl_reads_assertions_and_secrets_from_files() {
        let p = plan(request(
            Flow::Grant,
            ClientAuth::Secret(Secret::new(b"hunter2".to_vec()), SecretVia::Basic),
        ))
        .unwrap();
        let c = curl(&p);
        assert!(c.contains("assertion@assertion.jwt"), "{c}");
        assert!(!c.contains("eyJ.a.b") && !c.contains("hunter2"), "{c}");
        assert!(c.contains("-u 'app:'\"$(cat client_secret.txt)\""), "{c}");
    }
}
