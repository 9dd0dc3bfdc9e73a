//! serve's two ID-JAG roles (draft-ietf-oauth-identity-assertion-authz-grant-04). As an
//! IdP (`--id-jag-issuer`): RFC 8693 token exchange of an ID token from a trusted issuer,
//! for a client that the ID token was issued to, into a short-lived ID-JAG signed with the
//! IdP's own key. As the resource authorization server: the ID-JAG's rules on top of RFC
//! 7523's (aud = this issuer, client_id = the client presenting it, resource, lifetime).
//! Refusals follow RFC 8693 §2.2.2: a bad subject token or token type is `invalid_request`,
//! an audience the IdP does not serve `invalid_target`; each names its finding code.

use super::config::{Client, Config};
use super::refusal::Refusal;
use super::token::{
    Fields, claims, get, grant_error, parse, random_bytes, refuse, request_error, same_alg,
    verify_with,
};
use crate::findings::{Finding, Severity};
use crate::idjag::{ID_JAG_TYP, ID_JAG_TYPE, ID_TOKEN_TYPE, NOT_APPLICABLE};
use crate::jose::Token;
use crate::lint::{self, Ctx, Profile, Role, RoleGuess, Subject};
use serde_json::{Map, Value, json};

/// The first error lint's `profile` finds in `token` (the id-jag or oidc-id-token rules,
/// with the same clock and skew as serve): what the explicit checks here do not cover
/// (claim shapes, iat, several audiences).
fn profile_error(
    token: &Token,
    profile: Profile,
    expect: lint::Expect,
    role: Role,
    config: &Config,
    now: i64,
) -> Option<Finding> {
    let mut ctx = Ctx::new(now, config.skew);
    ctx.profile = profile;
    ctx.profile_from = lint::profile::ProfileFrom::Given;
    ctx.expect = expect;
    ctx.expect.max_lifetime = Some(config.max_lifetime);
    let role = RoleGuess::forced(role, "serve");
    let subject = Subject {
        token,
        role: &role,
        request: None,
    };
    lint::run(&subject, &ctx, lint::offline)
        .into_iter()
        .find(|f| f.severity == Severity::Error)
}

/// RFC 8693 §2.2.2: a subject token that is invalid for any reason is `invalid_request`.
fn subject_error(code: &'static str, detail: String) -> Refusal {
    refuse(400, "invalid_request", code, detail)
}

fn all<'a>(form: Fields<'a>, name: &str) -> Vec<&'a str> {
    form.iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// One string, or the array of them (a claim with several values).
fn one_or_many(values: &[&str]) -> Value {
    match values {
        [one] => json!(one),
        many => json!(many),
    }
}

/// A claim read as strings: one string, or an array of them.
fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The token exchange request's types: what this IdP takes and issues.
fn token_types(form: Fields) -> Result<(), Refusal> {
    match get(form, "requested_token_type") {
        Some(ID_JAG_TYPE) => {}
        Some(other) => {
            return Err(refuse(
                400,
                "invalid_request",
                "server.token_type_unsupported",
                format!(
                    "requested_token_type {other:?} is not issued here; this IdP issues {ID_JAG_TYPE} (RFC 8693 section 2.1)"
                ),
            ));
        }
        None => {
            return Err(refuse(
                400,
                "invalid_request",
                "server.token_type_unsupported",
                format!("requested_token_type is missing; an ID-JAG is requested as {ID_JAG_TYPE}"),
            ));
        }
    }
    match get(form, "subject_token_type") {
        Some(ID_TOKEN_TYPE) => Ok(()),
        Some(other) => Err(refuse(
            400,
            "invalid_request",
            "server.token_type_unsupported",
            format!(
                "subject_token_type {other:?} is not taken here; the subject_token must be an ID token ({ID_TOKEN_TYPE})"
            ),
        )),
        None => Err(request_error(
            "subject_token_type is missing (RFC 8693 section 2.1)",
        )),
    }
}

/// The audience: exactly one, a resource authorization server this IdP serves.
fn audience<'a>(config: &Config, form: Fields<'a>) -> Result<&'a str, Refusal> {
    let audiences = all(form, "audience");
    let [aud] = audiences[..] else {
        return Err(request_error(if audiences.is_empty() {
            "audience is missing: name the resource authorization server by its issuer identifier"
        } else {
            "give one audience: the resource authorization server's issuer identifier"
        }));
    };
    let known = config
        .id_jag
        .as_ref()
        .is_some_and(|idp| idp.audiences.iter().any(|a| a == aud));
    if !known {
        return Err(refuse(
            400,
            "invalid_target",
            "server.audience_unknown",
            format!("audience {aud:?} is not an authorization server this IdP issues ID-JAGs for"),
        ));
    }
    Ok(aud)
}

/// The ID token: from a trusted issuer, signed by its keys, issued to `client`, unexpired.
fn subject(config: &Config, now: i64, form: Fields, client: &Client) -> Result<Token, Refusal> {
    let Some(text) = get(form, "subject_token") else {
        return Err(request_error(
            "subject_token is missing (RFC 8693 section 2.1)",
        ));
    };
    let token = parse(text, "subject_token", subject_error)?;
    let Some(iss) = token.claim_str("iss") else {
        return Err(subject_error(
            "claim.missing",
            "iss is missing from the ID token".into(),
        ));
    };
    let Some(trusted) = config.trusted(iss) else {
        return Err(subject_error(
            "server.issuer_untrusted",
            format!("ID tokens from issuer {iss:?} are not trusted here"),
        ));
    };
    let alg = token.alg().unwrap_or("");
    if alg.eq_ignore_ascii_case("none") || alg.is_empty() {
        return Err(subject_error(
            "header.alg_none",
            "the ID token is not signed (alg none)".into(),
        ));
    }
    if let Some(registered) = trusted.alg.as_deref().filter(|r| !same_alg(r, alg)) {
        return Err(subject_error(
            "header.alg_unexpected",
            format!("issuer {iss} is registered for {registered}, the ID token uses {alg}"),
        ));
    }
    verify_with(&token, &trusted.jwks, subject_error)?;
    let Some(sub) = token.claim_str("sub") else {
        return Err(subject_error(
            "claim.missing",
            "sub is missing from the ID token".into(),
        ));
    };
    if let Some(subjects) = &trusted.subjects {
        if !subjects.iter().any(|s| s == sub) {
            return Err(subject_error(
                "server.subject_unknown",
                format!("issuer {iss} may not assert subject {sub:?}"),
            ));
        }
    }
    let aud = strings(token.claim("aud"));
    if !aud.is_empty() && !aud.contains(&client.id.as_str()) {
        return Err(subject_error(
            "claim.aud_mismatch",
            format!(
                "the ID token's aud {} does not name client {}: only the client an ID token was issued to may exchange it",
                token.claim("aud").map(Value::to_string).unwrap_or_default(),
                client.id
            ),
        ));
    }
    claims(
        &token,
        config,
        now,
        &[client.id.as_str()],
        false,
        subject_error,
    )?;
    let expect = lint::Expect {
        issuer: Some(iss.to_string()),
        client_id: Some(client.id.clone()),
        ..lint::Expect::default()
    };
    if let Some(f) = profile_error(
        &token,
        Profile::OidcIdToken,
        expect,
        Role::IdToken,
        config,
        now,
    ) {
        return Err(subject_error(f.code, f.message));
    }
    Ok(token)
}

/// The IdP's answer to a token exchange: the token response holding a new ID-JAG.
pub fn exchange(
    config: &Config,
    now: i64,
    form: Fields,
    client: Option<&Client>,
) -> Result<Value, Refusal> {
    let Some(idp) = &config.id_jag else {
        return Err(request_error("this server does not exchange tokens"));
    };
    let Some(client) = client else {
        return Err(refuse(
            401,
            "invalid_client",
            "server.request_invalid",
            "token exchange needs the client: authenticate it, or send client_id for a public client",
        ));
    };
    token_types(form)?;
    let aud = audience(config, form)?;
    let id_token = subject(config, now, form, client)?;
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(config.issuer));
    claims.insert("sub".into(), json!(id_token.claim_str("sub")));
    claims.insert("aud".into(), json!(aud));
    claims.insert("client_id".into(), json!(client.id));
    claims.insert(
        "jti".into(),
        json!(crate::jose::b64url(&random_bytes()[..16])),
    );
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + idp.lifetime));
    let resources = all(form, "resource");
    if !resources.is_empty() {
        claims.insert("resource".into(), one_or_many(&resources));
    }
    let scope = get(form, "scope");
    if let Some(scope) = scope {
        claims.insert("scope".into(), json!(scope));
    }
    // what the user's authentication was, as the ID token says it
    for name in ["auth_time", "acr", "amr"] {
        if let Some(v) = id_token.claim(name) {
            claims.insert(name.into(), v.clone());
        }
    }
    let mut header = Map::new();
    header.insert("typ".into(), json!(ID_JAG_TYP));
    if let Some(kid) = &idp.key.kid {
        header.insert("kid".into(), json!(kid));
    }
    let jag = idp.key.sign(&header, &claims).map_err(|e| {
        refuse(
            500,
            "server_error",
            "server.rejected",
            format!("signing the ID-JAG failed: {e}"),
        )
    })?;
    let mut body = json!({
        "access_token": jag,
        "issued_token_type": ID_JAG_TYPE,
        "token_type": NOT_APPLICABLE,
        "expires_in": idp.lifetime,
    });
    if let Some(scope) = scope {
        body["scope"] = json!(scope);
    }
    Ok(body)
}

/// The ID-JAG's rules at the resource authorization server, after the trusted IdP's
/// signature was verified: aud = this issuer, client_id = the client presenting it,
/// resource one this server protects, and the lifetime limits.
pub fn grant_rules(
    token: &Token,
    config: &Config,
    now: i64,
    client: Option<&Client>,
) -> Result<(), Refusal> {
    let aud = strings(token.claim("aud"));
    if !aud.is_empty() && !aud.contains(&config.issuer.as_str()) {
        return Err(grant_error(
            "claim.aud_mismatch",
            format!(
                "the ID-JAG's aud {} is not this server's issuer {:?}: an ID-JAG names the resource authorization server by its issuer identifier",
                token.claim("aud").map(Value::to_string).unwrap_or_default(),
                config.issuer
            ),
        ));
    }
    claims(
        token,
        config,
        now,
        &[config.issuer.as_str()],
        false,
        grant_error,
    )?;
    let Some(bound) = token.claim_str("client_id") else {
        return Err(grant_error(
            "claim.missing",
            "client_id is missing from the ID-JAG",
        ));
    };
    match client {
        None => {
            return Err(grant_error(
                "claim.client_id_mismatch",
                format!(
                    "the ID-JAG was issued to client {bound:?}; this request identifies no client"
                ),
            ));
        }
        Some(c) if c.id != bound => {
            return Err(grant_error(
                "claim.client_id_mismatch",
                format!(
                    "the ID-JAG was issued to client {bound:?}, but client {:?} presents it",
                    c.id
                ),
            ));
        }
        Some(_) => {}
    }
    if !config.resources.is_empty() {
        let resources = strings(token.claim("resource"));
        if let Some(r) = resources
            .iter()
            .find(|r| !config.resources.iter().any(|p| p == *r))
        {
            return Err(grant_error(
                "claim.resource_mismatch",
                format!(
                    "the ID-JAG's resource {r:?} is not a resource this server protects ({})",
                    config.resources.join(", ")
                ),
            ));
        }
    }
    let expect = lint::Expect {
        issuer: Some(config.issuer.clone()),
        client_id: client.map(|c| c.id.clone()),
        ..lint::Expect::default()
    };
    match profile_error(token, Profile::IdJag, expect, Role::Grant, config, now) {
        Some(f) => Err(grant_error(f.code, f.message)),
        None => Ok(()),
    }
}
