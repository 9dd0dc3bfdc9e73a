//! Rule profiles: which spec or vendor the assertion is judged against.
//! The rules read `ctx.profile` to adjust expectations and severities.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// RFC 7523 as published: aud may be the issuer or the token endpoint URL.
    #[default]
    Rfc7523,
    /// RFC 10070: client assertion aud is the issuer, as the only value.
    Rfc10070,
    /// OpenID Connect Core §9: iss = sub = client_id, jti required.
    Oidc,
    /// FAPI 2.0 Security Profile.
    Fapi2,
    Okta,
    Entra,
    Google,
    Salesforce,
    Keycloak,
    Auth0,
    PingOne,
}

impl Profile {
    pub const ALL: [Profile; 11] = [
        Profile::Rfc7523,
        Profile::Rfc10070,
        Profile::Oidc,
        Profile::Fapi2,
        Profile::Okta,
        Profile::Entra,
        Profile::Google,
        Profile::Salesforce,
        Profile::Keycloak,
        Profile::Auth0,
        Profile::PingOne,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Rfc7523 => "rfc7523",
            Profile::Rfc10070 => "rfc10070",
            Profile::Oidc => "oidc",
            Profile::Fapi2 => "fapi2",
            Profile::Okta => "okta",
            Profile::Entra => "entra",
            Profile::Google => "google",
            Profile::Salesforce => "salesforce",
            Profile::Keycloak => "keycloak",
            Profile::Auth0 => "auth0",
            Profile::PingOne => "pingone",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The two ways a JWT reaches a token endpoint (RFC 7523 §2.1 and §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT
    Grant,
    /// client_assertion_type=…:jwt-bearer&client_assertion=JWT
    Client,
}
