//! Which vendor's server this is, when nothing said which profile to judge by: the token
//! endpoint's host (login.microsoftonline.com is Entra ID) or the vendor catalog row the
//! answer matched (an AADSTS code). Both are data; the profile then drives the local
//! checks, and the output says it was inferred.

use super::catalog::Row;
use crate::lint::Profile;

/// A vendor profile, and why jwtgrant thinks the server is that vendor's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inferred {
    pub profile: Profile,
    pub because: String,
}

/// How a host (and path) is recognised.
enum Match {
    Host(&'static str),
    /// The host ends with this (a tenant's subdomain).
    Suffix(&'static str),
    /// The host starts with this (regional domains).
    Prefix(&'static str),
    /// The path contains this (self-hosted servers with a telling URL layout).
    Path(&'static str),
}

const HOSTS: &[(Profile, Match)] = &[
    (Profile::Entra, Match::Host("login.microsoftonline.com")),
    (Profile::Entra, Match::Host("login.microsoftonline.us")),
    (
        Profile::Entra,
        Match::Host("login.partner.microsoftonline.cn"),
    ),
    (Profile::Entra, Match::Host("login.windows.net")),
    (Profile::Okta, Match::Suffix(".okta.com")),
    (Profile::Okta, Match::Suffix(".oktapreview.com")),
    (Profile::Okta, Match::Suffix(".okta-emea.com")),
    (Profile::Google, Match::Host("oauth2.googleapis.com")),
    (Profile::Google, Match::Host("accounts.google.com")),
    (Profile::Salesforce, Match::Host("login.salesforce.com")),
    (Profile::Salesforce, Match::Host("test.salesforce.com")),
    (Profile::Salesforce, Match::Suffix(".my.salesforce.com")),
    (Profile::Auth0, Match::Suffix(".auth0.com")),
    (Profile::PingOne, Match::Prefix("auth.pingone.")),
    (Profile::Keycloak, Match::Path("/realms/")),
];

/// The catalog's vendor names, for the vendors that have a profile.
const CATALOG: &[(&str, Profile)] = &[
    ("Microsoft Entra ID", Profile::Entra),
    ("Google", Profile::Google),
    ("Salesforce", Profile::Salesforce),
    ("Okta", Profile::Okta),
    ("Keycloak", Profile::Keycloak),
];

/// The vendor a token endpoint URL belongs to.
pub fn from_endpoint(url: &str) -> Option<Inferred> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let path = parsed.path();
    HOSTS.iter().find_map(|(profile, m)| {
        let (hit, what) = match m {
            Match::Host(h) => (host == *h, format!("the token endpoint is on {host}")),
            Match::Suffix(s) => (
                host.ends_with(s),
                format!("the token endpoint is on {host}"),
            ),
            Match::Prefix(p) => (
                host.starts_with(p),
                format!("the token endpoint is on {host}"),
            ),
            Match::Path(p) => (
                path.contains(p),
                format!("the token endpoint's path has {}", p.trim_end_matches('/')),
            ),
        };
        hit.then_some(Inferred {
            profile: *profile,
            because: what,
        })
    })
}

/// The vendor of the first catalog row the answer matched, when it has a profile.
pub fn from_catalog(rows: &[&'static Row]) -> Option<Inferred> {
    rows.iter().find_map(|row| {
        CATALOG
            .iter()
            .find(|(vendor, _)| *vendor == row.vendor)
            .map(|(_, profile)| Inferred {
                profile: *profile,
                because: format!("the answer matches {} {}", row.vendor, row.id),
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnose::catalog::{self, Query};

    #[test]
    fn token_endpoints_of_known_vendors() {
        for (url, profile) in [
            (
                "https://login.microsoftonline.com/contoso/oauth2/v2.0/token",
                Profile::Entra,
            ),
            ("https://dev-123.okta.com/oauth2/v1/token", Profile::Okta),
            ("https://oauth2.googleapis.com/token", Profile::Google),
            (
                "https://login.salesforce.com/services/oauth2/token",
                Profile::Salesforce,
            ),
            (
                "https://acme.my.salesforce.com/services/oauth2/token",
                Profile::Salesforce,
            ),
            ("https://tenant.eu.auth0.com/oauth/token", Profile::Auth0),
            ("https://auth.pingone.eu/env-id/as/token", Profile::PingOne),
            (
                "https://sso.example.org/realms/acme/protocol/openid-connect/token",
                Profile::Keycloak,
            ),
        ] {
            assert_eq!(
                from_endpoint(url).map(|i| i.profile),
                Some(profile),
                "{url}"
            );
        }
        for url in [
            "https://as.example.com/token",
            "https://evil-okta.com.example/token",
            "http://127.0.0.1:8787/token",
            "not a url",
        ] {
            assert_eq!(from_endpoint(url), None, "{url}");
        }
        let why = from_endpoint("https://LOGIN.microsoftonline.com/t/oauth2/v2.0/token").unwrap();
        assert!(
            why.because.contains("login.microsoftonline.com"),
            "{}",
            why.because
        );
    }

    #[test]
    fn an_aadsts_code_means_entra() {
        let rows = catalog::find(&Query {
            status: Some(401),
            error: Some("invalid_client"),
            description: Some("AADSTS700027: Client assertion contains an invalid signature."),
        });
        let inferred = from_catalog(&rows).unwrap();
        assert_eq!(inferred.profile, Profile::Entra);
        assert!(inferred.because.contains("E1"), "{}", inferred.because);
        // an RFC 6749 row names no vendor
        let rows = catalog::find(&Query {
            status: Some(401),
            error: Some("invalid_client"),
            description: None,
        });
        assert_eq!(from_catalog(&rows), None);
    }
}
