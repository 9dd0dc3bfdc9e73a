//! The token endpoint's decisions, strict by design: RFC 7523 §3 claims, RFC 10070
//! audience for client assertions, single-use jti, one client authentication method.
//! Every refusal carries its finding code in brackets at the end of error_description,
//! so that `replay` (and people) can read the cause directly; `refusal` words it.

use super::config::{Client, Config};
use super::refusal::Refusal;
use crate::clock::{describe_exp, describe_iat, describe_nbf, span, utc};
use crate::findings::Severity;
use crate::idjag::TOKEN_EXCHANGE_GRANT;
use crate::jose::{Alg, Form, Token, secrets_equal};
use crate::keys::{self, CheckOptions, KeySet, SignatureState, Verification};
use crate::replay::{CLIENT_ASSERTION_TYPE, JWT_BEARER_GRANT};
use serde_json::{Value, json};
use std::collections::HashMap;

/// (iss, jti) of every assertion accepted, until it expires.
pub type Seen = HashMap<(String, String), i64>;

pub struct Answer {
    pub status: u16,
    pub body: Value,
    /// What happened, for the server's log (the reason, whatever the refusal style).
    pub log: String,
    /// The refusal, when it is one: `Refusal::wire` words it in the configured style.
    pub refusal: Option<Refusal>,
}

pub(super) fn refuse(
    status: u16,
    error: &'static str,
    code: &'static str,
    detail: impl Into<String>,
) -> Refusal {
    Refusal::new(status, error, code, detail)
}

fn client_error(code: &'static str, detail: impl Into<String>) -> Refusal {
    refuse(401, "invalid_client", code, detail)
}

pub(super) fn grant_error(code: &'static str, detail: impl Into<String>) -> Refusal {
    refuse(400, "invalid_grant", code, detail)
}

pub(super) fn request_error(detail: impl Into<String>) -> Refusal {
    refuse(400, "invalid_request", "server.request_invalid", detail)
}

/// Every algorithm this server verifies, for its metadata: the one algorithm table.
pub fn signing_algs() -> Vec<&'static str> {
    Alg::ALL.iter().map(|a| a.name()).collect()
}

/// A registered alg and the one an assertion uses name the same signature (EdDSA and
/// RFC 9864's Ed25519 do, for the Ed25519 keys this server verifies).
pub(super) fn same_alg(registered: &str, used: &str) -> bool {
    match (Alg::from_name(registered), Alg::from_name(used)) {
        (Some(r), Some(u)) => r.same_signature(u),
        _ => registered == used,
    }
}

pub(super) type Fields<'a> = &'a [(String, String)];

pub(super) fn get<'a>(form: Fields<'a>, name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Decide one token request.
pub fn handle(
    config: &Config,
    seen: &mut Seen,
    now: i64,
    form: Fields,
    authorization: Option<&str>,
) -> Answer {
    seen.retain(|_, until| *until >= now);
    match decide(config, seen, now, form, authorization) {
        Ok((client, grant_type, issued)) => {
            let (body, what) = match issued {
                Some(body) => (body, "an ID-JAG"),
                None => {
                    let token = crate::jose::b64url(&random_bytes());
                    let mut body =
                        json!({"access_token": token, "token_type": "Bearer", "expires_in": 300});
                    if let Some(scope) = get(form, "scope") {
                        body["scope"] = json!(scope);
                    }
                    (body, "a token")
                }
            };
            Answer {
                status: 200,
                body,
                log: format!(
                    "issued {what} ({grant_type}, client {})",
                    client.unwrap_or_else(|| "none".into())
                ),
                refusal: None,
            }
        }
        Err(r) => Answer {
            status: r.status,
            body: r.body(false),
            log: r.log_line(),
            refusal: Some(r),
        },
    }
}

pub(super) fn random_bytes() -> [u8; 32] {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 32];
    // SystemRandom fails only without an OS random source; a fixed value is still opaque.
    let _ = ring::rand::SystemRandom::new().fill(&mut bytes);
    bytes
}

/// What a granted request issues: the client, the grant type, and the whole body when it
/// is not a plain access token (a token exchange's ID-JAG).
type Granted = (Option<String>, String, Option<Value>);

fn decide(
    config: &Config,
    seen: &mut Seen,
    now: i64,
    form: Fields,
    authorization: Option<&str>,
) -> Result<Granted, Refusal> {
    for name in [
        "grant_type",
        "assertion",
        "client_assertion",
        "client_assertion_type",
        "client_id",
        "client_secret",
        "scope",
        "subject_token",
        "subject_token_type",
        "requested_token_type",
    ] {
        if form.iter().filter(|(n, _)| n == name).count() > 1 {
            return Err(request_error(format!("{name} is repeated (RFC 6749 §3.2)")));
        }
    }
    let Some(grant_type) = get(form, "grant_type") else {
        return Err(request_error("grant_type is missing"));
    };
    let client = authenticate(config, seen, now, form, authorization)?;
    let mut issued = None;
    match grant_type {
        JWT_BEARER_GRANT => grant(config, seen, now, form, client)?,
        TOKEN_EXCHANGE_GRANT if config.id_jag.is_some() => {
            issued = Some(super::id_jag::exchange(config, now, form, client)?);
        }
        "client_credentials" => {
            if !client.is_some_and(confidential) {
                return Err(client_error(
                    "server.request_invalid",
                    "client_credentials needs client authentication",
                ));
            }
        }
        other => {
            return Err(refuse(
                400,
                "unsupported_grant_type",
                "server.request_invalid",
                format!(
                    "grant_type {other:?} is not supported here (jwt-bearer, client_credentials{})",
                    if other == TOKEN_EXCHANGE_GRANT {
                        "; token exchange needs serve --id-jag-issuer"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    if let Some(c) = client {
        if !c.grant_types.is_empty() && !c.grant_types.iter().any(|g| g == grant_type) {
            return Err(refuse(
                400,
                "unauthorized_client",
                "server.not_allowed",
                format!("client {} may not use grant_type {grant_type}", c.id),
            ));
        }
    }
    Ok((client.map(|c| c.id.clone()), grant_type.to_string(), issued))
}

fn confidential(c: &Client) -> bool {
    c.jwks.is_some() || c.secret.is_some()
}

fn method_allowed(c: &Client, method: &str) -> Result<(), Refusal> {
    match &c.method {
        Some(m) if m != method => Err(client_error(
            "server.not_allowed",
            format!("client {} is registered for {m}, not {method}", c.id),
        )),
        _ => Ok(()),
    }
}

fn authenticate<'c>(
    config: &'c Config,
    seen: &mut Seen,
    now: i64,
    form: Fields,
    authorization: Option<&str>,
) -> Result<Option<&'c Client>, Refusal> {
    let basic = authorization.and_then(|h| {
        h.strip_prefix("Basic ")
            .or_else(|| h.strip_prefix("basic "))
    });
    let post = get(form, "client_secret");
    let assertion = get(form, "client_assertion").or(get(form, "client_assertion_type"));
    let methods = [basic.is_some(), post.is_some(), assertion.is_some()]
        .iter()
        .filter(|m| **m)
        .count();
    if methods > 1 {
        return Err(request_error(
            "client authentication must use exactly one method (RFC 6749 §2.3)",
        ));
    }
    if let Some(encoded) = basic {
        let pair = data_encoding::BASE64
            .decode(encoded.trim().as_bytes())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let Some((id, secret)) = pair.as_deref().and_then(|p| p.split_once(':')) else {
            let mut r = client_error(
                "server.request_invalid",
                "the Basic credentials do not decode",
            );
            r.basic = true;
            return Err(r);
        };
        // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
        let decode = |s: &str| crate::input::percent::form_component(s).into_owned();
        return secret_client(
            config,
            &decode(id),
            decode(secret).as_bytes(),
            "client_secret_basic",
        )
        .map(Some)
        .map_err(|mut r| {
            r.basic = true;
            r
        });
    }
    if let Some(secret) = post {
        let Some(id) = get(form, "client_id") else {
            return Err(request_error("client_secret without client_id"));
        };
        return secret_client(config, id, secret.as_bytes(), "client_secret_post").map(Some);
    }
    if assertion.is_some() {
        return client_assertion(config, seen, now, form).map(Some);
    }
    match get(form, "client_id") {
        None => Ok(None),
        Some(id) => match config.client(id) {
            None => Err(client_error(
                "server.client_unknown",
                format!("no client {id:?} is registered"),
            )),
            Some(c) if confidential(c) => Err(client_error(
                "server.request_invalid",
                format!("client {id} must authenticate (no client credential in the request)"),
            )),
            Some(c) => Ok(Some(c)),
        },
    }
}

fn secret_client<'c>(
    config: &'c Config,
    id: &str,
    given: &[u8],
    method: &str,
) -> Result<&'c Client, Refusal> {
    let Some(c) = config.client(id) else {
        return Err(client_error(
            "server.client_unknown",
            format!("no client {id:?} is registered"),
        ));
    };
    let Some(secret) = &c.secret else {
        return Err(client_error(
            "server.not_allowed",
            format!("client {id} has no secret; it authenticates with private_key_jwt"),
        ));
    };
    method_allowed(c, method)?;
    if !secrets_equal(given, secret.expose()) {
        return Err(client_error(
            "server.credential_invalid",
            format!("wrong client secret for {id}"),
        ));
    }
    Ok(c)
}

pub(super) fn parse(
    text: &str,
    what: &str,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<Token, Refusal> {
    let token = Token::parse(text);
    if token.form != Form::Jws
        || token.claims.is_none()
        || token.header.is_none()
        || !token.facts.malformed.is_empty()
    {
        return Err(fail(
            "token.malformed",
            format!("{what} is not a compact JWS with JSON header and claims"),
        ));
    }
    Ok(token)
}

fn client_assertion<'c>(
    config: &'c Config,
    seen: &mut Seen,
    now: i64,
    form: Fields,
) -> Result<&'c Client, Refusal> {
    match get(form, "client_assertion_type") {
        Some(CLIENT_ASSERTION_TYPE) => {}
        Some(other) => {
            return Err(request_error(format!(
                "client_assertion_type must be {CLIENT_ASSERTION_TYPE}, not {other:?}"
            )));
        }
        None => return Err(request_error("client_assertion_type is missing")),
    }
    let Some(text) = get(form, "client_assertion") else {
        return Err(request_error("client_assertion is missing"));
    };
    let token = parse(text, "client_assertion", client_error)?;
    let Some(sub) = token.claim_str("sub") else {
        return Err(client_error(
            "claim.missing",
            "sub is missing from the client assertion",
        ));
    };
    let Some(client) = config.client(sub) else {
        return Err(client_error(
            "server.client_unknown",
            format!("no client {sub:?} is registered (sub names the client)"),
        ));
    };
    if let Some(id) = get(form, "client_id").filter(|id| *id != sub) {
        return Err(client_error(
            "claim.sub_client_id_mismatch",
            format!("client_id {id:?} differs from the assertion's sub {sub:?}"),
        ));
    }
    match token.claim_str("iss") {
        None => {
            return Err(client_error(
                "claim.missing",
                "iss is missing from the client assertion",
            ));
        }
        Some(iss) if iss != sub => {
            return Err(client_error(
                "claim.iss_sub_mismatch",
                format!("iss {iss:?} is not sub {sub:?}; both must be the client_id"),
            ));
        }
        _ => {}
    }
    let alg = token.alg().unwrap_or("");
    if alg.eq_ignore_ascii_case("none") || alg.is_empty() {
        return Err(client_error(
            "header.alg_none",
            "the client assertion is not signed (alg none)",
        ));
    }
    let hmac = alg.starts_with("HS");
    method_allowed(
        client,
        if hmac {
            "client_secret_jwt"
        } else {
            "private_key_jwt"
        },
    )?;
    if let Some(registered) = client.alg.as_deref().filter(|r| !same_alg(r, alg)) {
        return Err(client_error(
            "header.alg_unexpected",
            format!("client {sub} is registered for {registered}, the assertion uses {alg}"),
        ));
    }
    if hmac {
        let Some(secret) = &client.secret else {
            return Err(client_error(
                "header.alg_unexpected",
                format!(
                    "client {sub} has no secret; {alg} (client_secret_jwt) cannot work, sign with its private key"
                ),
            ));
        };
        // The server holds what it registered: a short secret is its operator's choice.
        let checked = keys::check_secret(
            &token,
            secret,
            &client.secret_intent,
            &format!("client {sub}'s secret"),
            &CheckOptions {
                allow_weak_key: true,
            },
        );
        verified(&checked, client_error)?;
    } else {
        let Some(jwks) = &client.jwks else {
            return Err(client_error(
                "header.alg_unexpected",
                format!("client {sub} has no public keys; it authenticates with a secret (HS256)"),
            ));
        };
        verify_with(&token, jwks, client_error)?;
    }
    let mut audiences = vec![config.issuer.as_str()];
    if config.legacy_aud {
        audiences.push(config.token_endpoint.as_str());
    }
    claims(
        &token,
        config,
        now,
        &audiences,
        !config.legacy_aud,
        client_error,
    )?;
    single_use(&token, seen, now, config, client_error)?;
    Ok(client)
}

/// A valid signature and no key-stage error, or the refusal that names the first error.
fn verified(
    check: &Verification,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<(), Refusal> {
    // An unknown kid is refused even when another registered key would verify: a
    // server finds the key by kid.
    match check
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
    {
        Some(f) => Err(fail(f.code, f.message.clone())),
        None if check.signature == SignatureState::Valid => Ok(()),
        None => Err(fail(
            "header.alg_unexpected",
            format!(
                "cannot verify a {} signature with {}",
                check.alg.as_deref().unwrap_or("(no alg)"),
                check.source
            ),
        )),
    }
}

pub(super) fn verify_with(
    token: &Token,
    set: &KeySet,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<(), Refusal> {
    verified(&keys::check_keys_of(token, set), fail)
}

fn grant(
    config: &Config,
    seen: &mut Seen,
    now: i64,
    form: Fields,
    client: Option<&Client>,
) -> Result<(), Refusal> {
    let Some(text) = get(form, "assertion") else {
        return Err(request_error("assertion is missing (RFC 7523 §2.1)"));
    };
    let token = parse(text, "assertion", grant_error)?;
    let Some(iss) = token.claim_str("iss") else {
        return Err(grant_error(
            "claim.missing",
            "iss is missing from the assertion",
        ));
    };
    let Some(trusted) = config.trusted(iss) else {
        return Err(grant_error(
            "server.issuer_untrusted",
            format!("grants from issuer {iss:?} are not trusted here"),
        ));
    };
    let alg = token.alg().unwrap_or("");
    if alg.eq_ignore_ascii_case("none") || alg.is_empty() {
        return Err(grant_error(
            "header.alg_none",
            "the assertion is not signed (alg none)",
        ));
    }
    if let Some(registered) = trusted.alg.as_deref().filter(|r| !same_alg(r, alg)) {
        return Err(grant_error(
            "header.alg_unexpected",
            format!("issuer {iss} is registered for {registered}, the assertion uses {alg}"),
        ));
    }
    verify_with(&token, &trusted.jwks, grant_error)?;
    let id_jag = crate::idjag::is_id_jag(&token);
    if trusted.id_jag_only && !id_jag {
        return Err(grant_error(
            "header.typ",
            format!(
                "issuer {iss} is trusted for ID-JAGs only; this grant's typ is {}, not {}",
                token
                    .header_str("typ")
                    .map_or("missing".to_string(), |t| format!("{t:?}")),
                crate::idjag::ID_JAG_TYP
            ),
        ));
    }
    let Some(sub) = token.claim_str("sub") else {
        return Err(grant_error(
            "claim.missing",
            "sub is missing from the assertion",
        ));
    };
    if let Some(subjects) = &trusted.subjects {
        if !subjects.iter().any(|s| s == sub) {
            return Err(grant_error(
                "server.subject_unknown",
                format!("issuer {iss} may not assert subject {sub:?}"),
            ));
        }
    }
    if id_jag {
        super::id_jag::grant_rules(&token, config, now, client)?;
    } else {
        let audiences = [config.issuer.as_str(), config.token_endpoint.as_str()];
        claims(&token, config, now, &audiences, false, grant_error)?;
    }
    single_use(&token, seen, now, config, grant_error)
}

fn number(
    token: &Token,
    name: &str,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<Option<i64>, Refusal> {
    match token.claim(name) {
        None => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(other) => Err(fail(
            "claim.time_units",
            format!("{name} {other} is not a NumericDate in integer seconds"),
        )),
    }
}

pub(super) fn claims(
    token: &Token,
    config: &Config,
    now: i64,
    audiences: &[&str],
    single: bool,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<(), Refusal> {
    let values: Vec<&str> = match token.claim("aud") {
        None => return Err(fail("claim.missing", "aud is missing".into())),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(other) => {
            return Err(fail(
                "claim.missing",
                format!("aud must be a string, found {other}"),
            ));
        }
    };
    let wanted = audiences
        .iter()
        .map(|a| format!("{a:?}"))
        .collect::<Vec<_>>()
        .join(" or ");
    if single && values.len() > 1 {
        return Err(fail(
            "claim.aud_multiple",
            format!("aud must be the issuer {wanted} as the only value (RFC 10070)"),
        ));
    }
    if !values.iter().any(|v| audiences.contains(v)) {
        let sent = token.claim("aud").map(Value::to_string).unwrap_or_default();
        let why = if single && values.contains(&config.token_endpoint.as_str()) {
            " (RFC 10070: a client assertion's aud is the issuer, not the token endpoint)"
        } else {
            ""
        };
        return Err(fail(
            "claim.aud_mismatch",
            format!("aud {sent} is not {wanted}{why}"),
        ));
    }
    let Some(exp) = number(token, "exp", fail)? else {
        return Err(fail("claim.missing", "exp is missing".into()));
    };
    let nbf = number(token, "nbf", fail)?;
    let iat = number(token, "iat", fail)?;
    let at = format!("server time {}, skew {}", utc(now), span(config.skew));
    if exp + config.skew < now {
        return Err(fail(
            "claim.exp_expired",
            format!("{} ({at})", describe_exp(exp, now)),
        ));
    }
    if let Some(nbf) = nbf.filter(|n| *n > now + config.skew) {
        return Err(fail(
            "claim.nbf_future",
            format!("{} ({at})", describe_nbf(nbf, now)),
        ));
    }
    if let Some(iat) = iat.filter(|i| *i > now + config.skew) {
        return Err(fail(
            "claim.iat_future",
            format!("{} ({at})", describe_iat(iat, now)),
        ));
    }
    let lifetime = exp - iat.unwrap_or(now);
    if lifetime > config.max_lifetime {
        return Err(fail(
            "claim.exp_lifetime",
            format!(
                "the assertion lives {}; at most {} is accepted",
                span(lifetime),
                span(config.max_lifetime)
            ),
        ));
    }
    Ok(())
}

fn single_use(
    token: &Token,
    seen: &mut Seen,
    now: i64,
    config: &Config,
    fail: fn(&'static str, String) -> Refusal,
) -> Result<(), Refusal> {
    let Some(jti) = token.claim_str("jti").filter(|j| !j.is_empty()) else {
        return Err(fail(
            "claim.jti_missing",
            "jti is missing; assertions here are single-use".into(),
        ));
    };
    let key = (
        token.claim_str("iss").unwrap_or("").to_string(),
        jti.to_string(),
    );
    if seen.contains_key(&key) {
        return Err(fail(
            "claim.jti_reused",
            format!("jti {jti:?} was already used"),
        ));
    }
    let exp = token.claim("exp").and_then(Value::as_i64).unwrap_or(now);
    seen.insert(key, exp.max(now) + config.skew);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::sign_es256_pkcs8;
    use serde_json::Map;

    const DEMO: &[u8] = include_bytes!("../example/demo-key-es256.pk8");
    const NOW: i64 = 1_764_079_200;

    fn config() -> Config {
        let mut c = Config::new("http://127.0.0.1:9");
        let mut set = keys::parse_bytes(DEMO, "demo key").unwrap();
        set.keys[0].kid = Some("k1".into());
        c.clients.push(Client {
            id: "app".into(),
            jwks: Some(set),
            secret: None,
            secret_intent: crate::keys::Intent::default(),
            method: None,
            alg: None,
            grant_types: Vec::new(),
        });
        c
    }

    fn assertion(changes: Value) -> String {
        let mut claims = json!({"iss": "app", "sub": "app", "aud": "http://127.0.0.1:9",
            "iat": NOW, "exp": NOW + 60, "jti": "j1"});
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                claims.as_object_mut().unwrap().remove(k);
            } else {
                claims[k] = v.clone();
            }
        }
        let mut header = Map::new();
        header.insert("kid".into(), "k1".into());
        sign_es256_pkcs8(&header, claims.as_object().unwrap(), DEMO).unwrap()
    }

    fn form(token: &str) -> Vec<(String, String)> {
        vec![
            ("grant_type".into(), "client_credentials".into()),
            ("client_assertion_type".into(), CLIENT_ASSERTION_TYPE.into()),
            ("client_assertion".into(), token.into()),
        ]
    }

    fn code(a: &Answer) -> String {
        let d = a.body["error_description"].as_str().unwrap_or("");
        d.rsplit_once('[')
            .map(|(_, c)| c.trim_end_matches(']').to_string())
            .unwrap_or_default()
    }

    #[test]
    fn accepts_once_then_sees_the_replay() {
        let c = config();
        let mut seen = Seen::new();
        let f = form(&assertion(json!({})));
        let a = handle(&c, &mut seen, NOW, &f, None);
        assert_eq!(a.status, 200, "{}", a.log);
        assert!(a.body["access_token"].is_string());
        let again = handle(&c, &mut seen, NOW, &f, None);
        assert_eq!(
            (again.status, code(&again).as_str()),
            (401, "claim.jti_reused")
        );
    }

    #[test]
    fn each_defect_gets_its_code() {
        let c = config();
        for (changes, want) in [
            (
                json!({"aud": "http://127.0.0.1:9/token"}),
                "claim.aud_mismatch",
            ),
            (
                json!({"aud": ["http://127.0.0.1:9", "x"]}),
                "claim.aud_multiple",
            ),
            (
                json!({"exp": NOW - 600, "iat": NOW - 700}),
                "claim.exp_expired",
            ),
            (
                json!({"nbf": NOW + 600, "exp": NOW + 900}),
                "claim.nbf_future",
            ),
            (json!({"jti": null}), "claim.jti_missing"),
            (json!({"iss": "other"}), "claim.iss_sub_mismatch"),
            (
                json!({"sub": "ghost", "iss": "ghost"}),
                "server.client_unknown",
            ),
            (json!({"exp": NOW + 7200}), "claim.exp_lifetime"),
            (json!({"exp": "soon"}), "claim.time_units"),
        ] {
            let a = handle(
                &c,
                &mut Seen::new(),
                NOW,
                &form(&assertion(changes.clone())),
                None,
            );
            assert_eq!(code(&a), want, "{changes}: {}", a.log);
        }
    }

    #[test]
    fn opaque_hides_the_reason_but_logs_it() {
        let a = handle(
            &config(),
            &mut Seen::new(),
            NOW,
            &form(&assertion(json!({"jti": null}))),
            None,
        );
        let wire = a
            .refusal
            .unwrap()
            .wire(super::super::refusal::Style::Opaque);
        assert_eq!(wire.body, json!({"error": "invalid_client"}).to_string());
        assert!(a.log.contains("claim.jti_missing"));
    }

    #[test]
    fn two_authentication_methods_are_refused() {
        let mut f = form(&assertion(json!({})));
        f.push(("client_secret".into(), "x".into()));
        let a = handle(&config(), &mut Seen::new(), NOW, &f, None);
        assert_eq!(
            (a.status, a.body["error"].as_str()),
            (400, Some("invalid_request"))
        );
    }
}

#[cfg(test)]
#[path = "token_conformance.rs"]
mod conformance;
