//! What the network half of ID-JAG (replay --token-exchange, serve's two roles, demo)
//! needs besides lint's id-jag profile, whose names it re-exports: RFC 8693 token type
//! short names for flags, token_type N_A, and "is this an ID-JAG" by its typ.

use crate::jose::Token;

pub use crate::lint::profile::id_jag::{
    DRAFT, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, TOKEN_TYPE as ID_JAG_TYPE, TYP as ID_JAG_TYP,
};
/// The token_type of a token exchange response that issued an ID-JAG (not an access token).
pub const NOT_APPLICABLE: &str = "N_A";

/// RFC 8693 §3 token type identifiers by their short names, for flags.
const TOKEN_TYPES: &[(&str, &str)] = &[
    ("id_token", ID_TOKEN_TYPE),
    ("id-jag", ID_JAG_TYPE),
    (
        "access_token",
        "urn:ietf:params:oauth:token-type:access_token",
    ),
    (
        "refresh_token",
        "urn:ietf:params:oauth:token-type:refresh_token",
    ),
    ("jwt", "urn:ietf:params:oauth:token-type:jwt"),
    ("saml2", "urn:ietf:params:oauth:token-type:saml2"),
];

/// A token type as given on the command line: a short name (`id_token`, `id-jag`, …) or
/// any URI as it is.
pub fn token_type(text: &str) -> String {
    TOKEN_TYPES
        .iter()
        .find(|(short, _)| *short == text)
        .map_or_else(|| text.to_string(), |(_, urn)| urn.to_string())
}

/// Does the header say ID-JAG? `typ` compares case-insensitively and may carry the
/// `application/` prefix (RFC 7515 §4.1.9).
pub fn is_id_jag(token: &Token) -> bool {
    token
        .header_str("typ")
        .is_some_and(|typ| crate::lint::profile::typ_is(typ, ID_JAG_TYP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_expand_and_uris_stay() {
        assert_eq!(token_type("id-jag"), ID_JAG_TYPE);
        assert_eq!(token_type("id_token"), ID_TOKEN_TYPE);
        assert_eq!(token_type("urn:x:y"), "urn:x:y");
    }

    #[test]
    fn typ_is_read_as_rfc_7515_says() {
        let with = |typ: &str| {
            let header =
                crate::jose::b64url(format!(r#"{{"alg":"ES256","typ":"{typ}"}}"#).as_bytes());
            Token::parse(&format!("{header}.e30.c2ln"))
        };
        assert!(is_id_jag(&with("oauth-id-jag+jwt")));
        assert!(is_id_jag(&with("application/OAuth-ID-JAG+JWT")));
        assert!(!is_id_jag(&with("JWT")));
    }
}
