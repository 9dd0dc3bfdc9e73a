//! Triage: the token calls in a capture (a HAR file, a curl transcript, HTTP messages, a
//! log), what the same capture says about the server (discovery documents, JWKS), and each
//! call diagnosed by `diagnose` exactly as replay diagnoses a live answer. Explain is triage
//! of an exchange that has only an answer. Pure: exchanges in, judgements out.

pub mod bundle;
pub mod redact_har;
pub mod render;

use crate::diagnose::judge::Clock;
use crate::diagnose::{self, Answer, Assertion, Diagnosis, Outcome, Source};
use crate::exchange::{Exchange, Request, without_userinfo};
use crate::input::Place;
use crate::jose::Token;
use crate::keys::{self, KeySet, Verification};
use crate::lint::{Ctx, RoleGuess, role};
use crate::metadata::Metadata;
use serde_json::Value;

/// A discovery document found in the capture.
pub struct FoundMetadata {
    pub origin: String,
    pub url: String,
    pub metadata: Metadata,
}

/// A JWKS found in the capture.
pub struct FoundKeys {
    pub origin: String,
    pub url: String,
    pub set: KeySet,
    /// The authorization server's own keys (its discovery document's `jwks_uri`): they
    /// sign what the server issues, not the assertions sent to it.
    pub servers_own: bool,
}

/// What the capture says about the server, besides the token calls.
#[derive(Default)]
pub struct Evidence {
    pub metadata: Vec<FoundMetadata>,
    pub keys: Vec<FoundKeys>,
    /// Responses that looked like a JWKS or discovery document but could not be read.
    pub notes: Vec<String>,
}

fn json_object(exchange: &Exchange) -> Option<(&str, Value)> {
    let response = exchange
        .response
        .as_ref()
        .filter(|r| (200..300).contains(&r.status))?;
    let body = response.body.trim();
    if !body.starts_with('{') {
        return None;
    }
    let value: Value = serde_json::from_str(body).ok()?;
    let url = exchange.request.as_ref().map_or("", |r| r.url.as_str());
    Some((url, value))
}

/// Discovery documents and JWKS, recognised by what the response holds.
pub fn evidence(exchanges: &[Exchange]) -> Evidence {
    let mut found = Evidence::default();
    for e in exchanges {
        let Some((url, value)) = json_object(e) else {
            continue;
        };
        let origin = e.origin.clone().unwrap_or_default();
        let is_discovery = value.get("token_endpoint").is_some_and(Value::is_string)
            || (url.contains("/.well-known/") && value.get("issuer").is_some_and(Value::is_string));
        if is_discovery {
            if let Ok(metadata) = Metadata::from_value(value, url) {
                found.metadata.push(FoundMetadata {
                    origin,
                    url: url.to_string(),
                    metadata,
                });
            }
        } else if value.get("keys").is_some_and(Value::is_array) {
            match keys::from_value(&value, url) {
                Ok(set) => found.keys.push(FoundKeys {
                    origin,
                    url: url.to_string(),
                    set,
                    servers_own: false,
                }),
                Err(err) => found
                    .notes
                    .push(format!("{origin}: a JWKS jwtgrant cannot read: {err:#}")),
            }
        }
    }
    let own: Vec<String> = found
        .metadata
        .iter()
        .filter_map(|m| m.metadata.jwks_uri.clone())
        .collect();
    for k in &mut found.keys {
        k.servers_own = own.iter().any(|u| same_url(u, &k.url));
    }
    found
}

fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

fn same_url(a: &str, b: &str) -> bool {
    without_query(a).trim_end_matches('/') == without_query(b).trim_end_matches('/')
}

impl Evidence {
    /// The discovery document whose token_endpoint is where this request went.
    pub fn metadata_for(&self, url: &str) -> Option<&FoundMetadata> {
        self.metadata.iter().find(|m| {
            m.metadata
                .token_endpoint
                .as_deref()
                .is_some_and(|t| same_url(t, &without_userinfo(url)))
        })
    }

    /// The keys that should verify this assertion, as far as the capture shows: a JWKS
    /// holding its kid, else one served from the host its iss names. The server's own
    /// keys (jwks_uri) sign what it issues; judging an assertion by them would blame a
    /// key that was never meant to verify it, so they count only when they hold the kid.
    pub fn signer_keys(&self, token: &Token) -> Option<&FoundKeys> {
        let kid = token.header_str("kid");
        let holds_kid = |k: &&FoundKeys| {
            kid.is_some_and(|kid| k.set.keys.iter().any(|key| key.kid.as_deref() == Some(kid)))
        };
        if let Some(k) = self.keys.iter().find(holds_kid) {
            return Some(k);
        }
        let iss_host = token.claim_str("iss").and_then(host);
        self.keys
            .iter()
            .filter(|k| !k.servers_own)
            .find(|k| iss_host.is_some() && host(&k.url) == iss_host)
    }
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

/// An assertion a request carried.
pub struct Carried {
    pub token: Token,
    pub role: RoleGuess,
    pub field: &'static str,
}

impl Carried {
    /// Its signature was replaced by `triage --redact-har`: nothing about it can be judged.
    pub fn signature_redacted(&self) -> bool {
        self.token.raw.ends_with(redact_har::SIGNATURE_MARK)
    }
}

/// The assertions in a request's form: the grant first, then the client assertion.
pub fn carried(request: &Request) -> Vec<Carried> {
    let mut out = Vec::new();
    for field in ["assertion", "client_assertion"] {
        let Some(value) = request
            .field(field)
            .filter(|v| v.trim_start().starts_with("ey"))
        else {
            continue;
        };
        let token = Token::parse(value.trim());
        let role = role::guess(&token, Some(&Place::Form(field.to_string())));
        out.push(Carried { token, role, field });
    }
    out
}

/// A call to a token endpoint: a form with grant_type, assertion or client_assertion; a
/// POST to a token_endpoint a discovery document in the capture names; or a POST answered
/// the way only a token endpoint answers (a token response, an OAuth error object), whose
/// body the capture does not show (curl -v).
pub fn is_token_call(exchange: &Exchange, evidence: &Evidence) -> bool {
    let Some(request) = &exchange.request else {
        return false;
    };
    let has = |f: &str| request.field(f).is_some();
    if has("grant_type") || has("assertion") || has("client_assertion") {
        return true;
    }
    if !request.method.eq_ignore_ascii_case("POST") {
        return false;
    }
    if evidence.metadata_for(&request.url).is_some() {
        return true;
    }
    // a form body the capture does not show, answered as only a token endpoint answers
    let unseen_form = request.form.is_empty()
        && request
            .header("content-type")
            .is_some_and(|c| c.contains("x-www-form-urlencoded"));
    unseen_form
        && exchange.response.as_ref().is_some_and(|r| {
            let a = Answer::from_received(r);
            a.is_token_response() || a.error.as_deref().is_some_and(is_token_endpoint_error)
        })
}

/// The error codes of RFC 6749 §5.2: a token endpoint's, not a resource server's
/// (`invalid_token`, RFC 6750).
fn is_token_endpoint_error(code: &str) -> bool {
    matches!(
        code,
        "invalid_request"
            | "invalid_client"
            | "invalid_grant"
            | "unauthorized_client"
            | "unsupported_grant_type"
            | "invalid_scope"
    )
}

/// One token call, judged.
pub struct Judged<'a> {
    /// 1-based, among the token calls.
    pub number: usize,
    pub exchange: &'a Exchange,
    pub assertions: Vec<Carried>,
    /// Each assertion checked against the keys the capture holds for it (by field).
    pub keys: Vec<(&'static str, Verification)>,
    /// The lint context the call was judged with; `now` is the instant the diagnosis
    /// judged its times at (`diagnosis.judged` says by which clock).
    pub ctx: Ctx,
    pub diagnosis: Diagnosis,
}

impl Judged<'_> {
    /// The capture says nothing of when this call happened: its times were judged now.
    pub fn undated(&self) -> bool {
        self.diagnosis.judged.clock == Clock::ThisMachine
            && self.exchange.recorded_at().is_none()
            && self.exchange.times.server_date.is_none()
    }

    pub fn refused(&self) -> bool {
        matches!(
            self.diagnosis.outcome,
            Outcome::Rejected | Outcome::WrongPlace
        )
    }
}

/// The lint context for one call: the flags' expectations, then the capture's discovery
/// document, then where the request went (as replay takes the endpoint it posts to).
pub fn call_ctx(base: &Ctx, request: Option<&Request>, evidence: &Evidence) -> Ctx {
    let mut ctx = base.clone();
    let Some(request) = request else {
        return ctx;
    };
    let e = &mut ctx.expect;
    if let Some(found) = evidence.metadata_for(&request.url) {
        let m = &found.metadata;
        e.issuer = e.issuer.take().or_else(|| m.issuer.clone());
        e.token_endpoint = e.token_endpoint.take().or_else(|| m.token_endpoint.clone());
        e.algs = e.algs.take().or_else(|| m.signing_algs.clone());
    }
    if e.token_endpoint.is_none() && request.url.starts_with("http") {
        e.token_endpoint = Some(without_query(&without_userinfo(&request.url)).to_string());
    }
    ctx
}

/// (iss, jti) of an assertion, the identity a server keeps to refuse a replay.
fn identity(token: &Token) -> Option<(String, String)> {
    Some((
        token.claim_str("iss").unwrap_or("").to_string(),
        token.claim_str("jti")?.to_string(),
    ))
}

/// Judge each call in order, each at the instant the diagnosis picks for it (`--now`, else
/// when the capture says it happened, else the server's Date).
pub fn judge<'a>(
    calls: Vec<(&'a Exchange, Vec<Carried>)>,
    base: &Ctx,
    evidence: &Evidence,
) -> Vec<Judged<'a>> {
    let mut seen: Vec<((String, String), String)> = Vec::new();
    let mut out = Vec::new();
    for (i, (exchange, assertions)) in calls.into_iter().enumerate() {
        let mut ctx = call_ctx(base, exchange.request.as_ref(), evidence);
        let keys: Vec<(&'static str, Verification)> = assertions
            .iter()
            .filter(|a| !a.signature_redacted())
            .filter_map(|a| {
                let found = evidence.signer_keys(&a.token)?;
                Some((a.field, keys::check_keys_of(&a.token, &found.set)))
            })
            .collect();
        let origin = exchange.origin.clone().unwrap_or_default();
        let resent: Vec<(&'static str, String)> = assertions
            .iter()
            .filter_map(|a| {
                let id = identity(&a.token)?;
                let (_, first) = seen.iter().find(|(s, _)| *s == id)?;
                Some((a.field, first.clone()))
            })
            .collect();
        if exchange.response.is_some() {
            for a in &assertions {
                if let Some(id) = identity(&a.token) {
                    seen.push((id, origin.clone()));
                }
            }
        }
        let list: Vec<Assertion> = assertions
            .iter()
            .map(|a| Assertion {
                token: &a.token,
                role: &a.role,
                field: a.field,
                sent_before: resent.iter().any(|(f, _)| *f == a.field),
                keys: keys.iter().find(|(f, _)| *f == a.field).map(|(_, v)| v),
                judged_as: None,
            })
            .collect();
        let mut diagnosis = diagnose::diagnose(&diagnose::Input {
            assertions: list,
            ctx: &ctx,
            exchange,
            client_id: exchange.request.as_ref().and_then(Request::client_id),
        });
        name_earlier_sending(&mut diagnosis, &resent);
        unjudged_signatures(&mut diagnosis, &assertions);
        ctx.now = diagnosis.judged.at;
        out.push(Judged {
            number: i + 1,
            exchange,
            assertions,
            keys,
            ctx,
            diagnosis,
        });
    }
    out
}

/// A resent assertion is known here from an earlier call in the same capture, not from
/// replay's history: say which call, in place of the history's evidence.
fn name_earlier_sending(diagnosis: &mut Diagnosis, resent: &[(&'static str, String)]) {
    for cause in diagnosis
        .causes
        .iter_mut()
        .filter(|c| c.source == Source::History)
    {
        let Some((_, first)) = resent.iter().find(|(f, _)| Some(*f) == cause.field) else {
            continue;
        };
        cause.evidence.retain(|e| !e.contains("history"));
        cause.evidence.insert(
            0,
            format!("{first} sent an assertion with the same iss and jti"),
        );
    }
}

/// A signature `--redact-har` replaced is not the one that was sent: findings about it
/// (its length, its encoding) would blame the redaction.
fn unjudged_signatures(diagnosis: &mut Diagnosis, assertions: &[Carried]) {
    let redacted: Vec<&'static str> = assertions
        .iter()
        .filter(|a| a.signature_redacted())
        .map(|a| a.field)
        .collect();
    diagnosis.causes.retain(|c| {
        !(c.finding.code.starts_with("signature.")
            && c.field.is_some_and(|f| redacted.contains(&f)))
    });
}

/// The token calls among the exchanges, each with the assertions it carried.
pub fn token_calls<'a>(
    exchanges: &'a [Exchange],
    evidence: &Evidence,
) -> Vec<(&'a Exchange, Vec<Carried>)> {
    exchanges
        .iter()
        .filter(|e| is_token_call(e, evidence))
        .map(|e| (e, e.request.as_ref().map(carried).unwrap_or_default()))
        .collect()
}

/// What a capture holds when it holds no token call, for the error that says so:
/// "7 requests (GET /.well-known/openid-configuration, …), none a token request".
pub fn describe_contents(exchanges: &[Exchange], evidence: &Evidence) -> String {
    let requests: Vec<&Request> = exchanges
        .iter()
        .filter_map(|e| e.request.as_ref())
        .collect();
    let answers = exchanges
        .iter()
        .filter(|e| e.request.is_none() && e.response.is_some())
        .count();
    let mut parts = Vec::new();
    if !requests.is_empty() {
        let listed: Vec<String> = requests
            .iter()
            .take(3)
            .map(|r| format!("{} {}", r.method, without_query(&r.url)))
            .collect();
        let more = if requests.len() > 3 { ", …" } else { "" };
        parts.push(format!(
            "{} request{} ({}{more}), none a token request",
            requests.len(),
            if requests.len() == 1 { "" } else { "s" },
            listed.join(", ")
        ));
    }
    if answers > 0 {
        parts.push(format!(
            "{answers} answer{} without the request",
            if answers == 1 { "" } else { "s" }
        ));
    }
    if !evidence.metadata.is_empty() {
        parts.push(format!("{} discovery document(s)", evidence.metadata.len()));
    }
    if !evidence.keys.is_empty() {
        parts.push(format!("{} JWKS", evidence.keys.len()));
    }
    if parts.is_empty() {
        return "no HTTP exchange".to_string();
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Response;

    fn post(form: &[(&str, &str)], content_type: &str, status: u16, body: &str) -> Exchange {
        Exchange {
            request: Some(Request {
                method: "POST".into(),
                url: "https://as.example.com/token".into(),
                headers: vec![("Content-Type".into(), content_type.into())],
                form: form
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                basic_user: None,
            }),
            response: Some(Response {
                status,
                body: body.into(),
                ..Response::default()
            }),
            ..Exchange::default()
        }
    }

    #[test]
    fn token_calls_are_told_by_their_form_or_their_answer() {
        let none = Evidence::default();
        let form = "application/x-www-form-urlencoded";
        assert!(is_token_call(
            &post(&[("grant_type", "x")], form, 400, "{}"),
            &none
        ));
        // curl -v: the form is not shown, the answer is a token endpoint's
        let unseen = post(&[], form, 401, r#"{"error":"invalid_client"}"#);
        assert!(is_token_call(&unseen, &none));
        // a resource server's refusal, or a JSON API call, is not a token call
        let api = post(&[], "application/json", 401, r#"{"error":"invalid_token"}"#);
        assert!(!is_token_call(&api, &none));
        let resource = post(&[], form, 401, r#"{"error":"invalid_token"}"#);
        assert!(!is_token_call(&resource, &none));
    }
}
