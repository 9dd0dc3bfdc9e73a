//! What a token is for: client assertion, authorization grant, or something else.

use crate::input::Place;
use crate::jose::Token;
use crate::lint::profile::{AT_JWT_TYP, id_jag, typ_is};
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    ClientAssertion,
    Grant,
    AccessToken,
    IdToken,
    Unknown,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ClientAssertion => "client_assertion",
            Role::Grant => "authorization_grant",
            Role::AccessToken => "access_token",
            Role::IdToken => "id_token",
            Role::Unknown => "unknown",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::ClientAssertion => "client assertion (private_key_jwt / client_secret_jwt)",
            Role::Grant => "authorization grant (jwt-bearer)",
            Role::AccessToken => "access token (RFC 9068), not an assertion",
            Role::IdToken => "ID token (OpenID Connect)",
            Role::Unknown => "unknown role",
        }
    }

    pub fn is_assertion(self) -> bool {
        matches!(self, Role::ClientAssertion | Role::Grant)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGuess {
    pub role: Role,
    /// Mostly a fixed phrase: lint guesses once per token and need not copy it.
    pub reason: Cow<'static, str>,
    /// Set by the user (`--flow`), not guessed.
    pub forced: bool,
}

impl RoleGuess {
    pub fn forced(role: Role, reason: impl Into<Cow<'static, str>>) -> RoleGuess {
        RoleGuess {
            role,
            reason: reason.into(),
            forced: true,
        }
    }
}

fn guessed(role: Role, reason: impl Into<Cow<'static, str>>) -> RoleGuess {
    RoleGuess {
        role,
        reason: reason.into(),
        forced: false,
    }
}

/// The reason of an ID-JAG guessed from its typ.
pub const IDJAG_TYP: &str = "typ is oauth-id-jag+jwt (an ID-JAG: a jwt-bearer grant)";
/// The reason of an ID-JAG guessed without its typ; `profile::from_token` reads it.
pub const IDJAG_PATTERN: &str = "has client_id and resource claims, like an ID-JAG";
const ID_TOKEN_AUD: &str =
    "iss is a URL and aud names a client, not a server (no URL): like an ID token";

/// An https issuer, and an aud whose values are all bare identifiers (client_ids), with
/// iat and exp: an ID token's shape. A grant's aud names a server by URL.
fn aud_names_a_client(token: &Token) -> bool {
    let url = |v: &str| v.contains("://");
    let iss_url = token.claim_str("iss").is_some_and(url);
    let aud = token.claim_lean("aud");
    let aud_bare = match (aud.and_then(|a| a.as_str()), aud.and_then(|a| a.strings())) {
        (Some(a), _) => !a.is_empty() && !url(a),
        (None, Some(items)) => !items.is_empty() && items.iter().all(|a| !url(a)),
        _ => false,
    };
    iss_url
        && aud_bare
        && token.has_claim("iat")
        && token.has_claim("exp")
        && !token.has_claim("scope")
}

/// Guess from the strongest evidence first: explicit typ, then where the token was sent,
/// then claim patterns.
pub fn guess(token: &Token, place: Option<&Place>) -> RoleGuess {
    if let Some(typ) = token.header_str("typ") {
        // typ is compared case-insensitively (RFC 7515 §4.1.9), without allocating: lint
        // guesses once per token of a batch.
        let is = |a: &str| typ_is(typ, a);
        if is("client-authentication+jwt") {
            return guessed(Role::ClientAssertion, "typ is client-authentication+jwt");
        }
        if is(id_jag::TYP) {
            return guessed(Role::Grant, IDJAG_TYP);
        }
        if is(AT_JWT_TYP) {
            return guessed(Role::AccessToken, "typ is at+jwt (RFC 9068)");
        }
    }
    if let Some(field) = place.and_then(Place::field) {
        let role = match field.to_ascii_lowercase().as_str() {
            "client_assertion" => Some(Role::ClientAssertion),
            "assertion" => Some(Role::Grant),
            "access_token" => Some(Role::AccessToken),
            "id_token" => Some(Role::IdToken),
            _ => None,
        };
        if let Some(role) = role {
            return guessed(
                role,
                format!(
                    "found in {}",
                    place.map(ToString::to_string).unwrap_or_default()
                ),
            );
        }
    }
    let has = |name: &str| token.has_claim(name);
    // resource is the ID-JAG's own claim (the draft registers it); ID-JAGs also carry
    // auth_time, so this comes before the ID token pattern.
    if has("client_id") && has("resource") && !has("nonce") {
        return guessed(Role::Grant, IDJAG_PATTERN);
    }
    if has("nonce") || has("at_hash") || has("auth_time") {
        return guessed(
            Role::IdToken,
            "has ID token claims (nonce, at_hash or auth_time)",
        );
    }
    let iss = token.claim_str("iss");
    let sub = token.claim_str("sub");
    match (iss, sub) {
        (Some(i), Some(s)) if i == s => {
            return guessed(
                Role::ClientAssertion,
                "iss = sub: a client identifying itself",
            );
        }
        _ => {}
    }
    if let Some(Place::Header {
        scheme: Some(_), ..
    }) = place
    {
        return guessed(Role::AccessToken, "sent as a bearer token in a header");
    }
    if has("scope") && has("client_id") {
        return guessed(
            Role::AccessToken,
            "has scope and client_id, like an access token",
        );
    }
    if let (Some(_), Some(_), true) = (iss, sub, aud_names_a_client(token)) {
        return guessed(Role::IdToken, ID_TOKEN_AUD);
    }
    if let (Some(_), Some(_)) = (iss, sub) {
        return guessed(Role::Grant, "iss ≠ sub: an issuer asserting a subject");
    }
    guessed(
        Role::Unknown,
        "no typ, form field or claim pattern to go on",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;

    fn token(header: &str, claims: &str) -> Token {
        Token::parse(&format!(
            "{}.{}.c2ln",
            b64url(header.as_bytes()),
            b64url(claims.as_bytes())
        ))
    }

    #[test]
    fn typ_wins_over_everything() {
        let t = token(
            r#"{"alg":"ES256","typ":"client-authentication+jwt"}"#,
            r#"{"iss":"a","sub":"b"}"#,
        );
        let g = guess(&t, Some(&Place::Form("assertion".into())));
        assert_eq!(g.role, Role::ClientAssertion);
        let t = token(r#"{"alg":"ES256","typ":"at+jwt"}"#, "{}");
        assert_eq!(guess(&t, None).role, Role::AccessToken);
    }

    #[test]
    fn the_form_field_names_the_flow() {
        let t = token(r#"{"alg":"RS256"}"#, r#"{"iss":"a","sub":"a"}"#);
        let g = guess(&t, Some(&Place::Form("assertion".into())));
        assert_eq!(g.role, Role::Grant);
        assert_eq!(g.reason, "found in form field assertion");
        let g = guess(&t, Some(&Place::Form("client_assertion".into())));
        assert_eq!(g.role, Role::ClientAssertion);
    }

    #[test]
    fn claim_patterns() {
        let t = token(r#"{"alg":"RS256"}"#, r#"{"iss":"c","sub":"c"}"#);
        assert_eq!(guess(&t, None).role, Role::ClientAssertion);
        let t = token(r#"{"alg":"RS256"}"#, r#"{"iss":"idp","sub":"alice"}"#);
        assert_eq!(guess(&t, None).role, Role::Grant);
        let t = token(
            r#"{"alg":"RS256"}"#,
            r#"{"iss":"op","sub":"alice","nonce":"n"}"#,
        );
        assert_eq!(guess(&t, None).role, Role::IdToken);
        let t = token(r#"{"alg":"RS256"}"#, r#"{"exp":1}"#);
        assert_eq!(guess(&t, None).role, Role::Unknown);
    }
}
