//! Words that name a cause. A server the vendor catalog does not know still names the cause
//! when its description speaks of a claim, a header member or the signature ("Token
//! expired", "invalid audience", "no matching key"), whoever wrote it. This vocabulary is
//! data: the words of JOSE and RFC 7523, grouped by the finding family they name. A
//! description with none of them ("Authorization failed", "Bad Request", "client
//! authentication failed") names no cause: it is vague.
//!
//! Words are compared whole (lower-cased, split at anything that is not a letter, a digit
//! or `_`), so `exp` never matches inside `unexpected`.

/// One family: every group must be present (any one phrase of a group), none of `unless`.
struct Family {
    code: &'static str,
    all: &'static [&'static [&'static str]],
    unless: &'static [&'static str],
}

/// Phrases that say a value is absent.
const ABSENT: &[&str] = &[
    "missing",
    "required",
    "absent",
    "must be set",
    "must be provided",
    "must be present",
    "must contain",
    "not present",
    "no value",
];

/// Other credentials than the assertion: their expiry or mismatch is not the token's.
const OTHER_CREDENTIALS: &[&str] = &[
    "secret",
    "password",
    "certificate",
    "refresh",
    "code",
    "consent",
    "session",
];

/// Most specific first: the first family that matches is the cause the server names.
const FAMILIES: &[Family] = &[
    Family {
        code: "claim.jti_reused",
        all: &[&[
            "reuse",
            "reused",
            "replay",
            "replayed",
            "already used",
            "already been used",
            "used before",
            "used once",
            "only once",
            "seen before",
            "single use",
        ]],
        unless: &[],
    },
    Family {
        code: "claim.jti_missing",
        all: &[&["jti", "jwt id"], ABSENT],
        unless: &[],
    },
    Family {
        code: "claim.missing",
        all: &[
            &[
                "iss",
                "sub",
                "aud",
                "exp",
                "claim",
                "issuer",
                "subject",
                "audience",
                "expiration",
            ],
            ABSENT,
        ],
        unless: &[],
    },
    Family {
        code: "header.alg_none",
        all: &[&[
            "alg none",
            "none algorithm",
            "algorithm none",
            "unsigned",
            "not signed",
        ]],
        unless: &[],
    },
    Family {
        code: "claim.aud_multiple",
        all: &[&[
            "multiple audiences",
            "more than one audience",
            "single audience",
            "one audience",
            "audience array",
            "aud array",
        ]],
        unless: &[],
    },
    Family {
        code: "claim.aud_mismatch",
        all: &[&["aud", "audience", "audiences"]],
        unless: &[],
    },
    Family {
        code: "claim.iss_sub_mismatch",
        all: &[&["iss", "issuer"], &["sub", "subject"]],
        unless: &[],
    },
    Family {
        code: "claim.sub_client_id_mismatch",
        all: &[&["sub", "subject"], &["client_id", "client id"]],
        unless: &[],
    },
    Family {
        code: "claim.nbf_future",
        all: &[&[
            "nbf",
            "not before",
            "not yet valid",
            "not valid yet",
            "not active",
            "not yet active",
            "before which",
        ]],
        unless: &[],
    },
    Family {
        code: "claim.iat_future",
        all: &[&["iat", "issued at", "issued"], &["future", "ahead"]],
        unless: &[],
    },
    Family {
        code: "claim.exp_lifetime",
        all: &[
            &["exp", "expiration", "expiry", "expires", "lifetime"],
            &["too far", "too long", "exceeds", "maximum", "too late"],
        ],
        unless: OTHER_CREDENTIALS,
    },
    Family {
        code: "claim.exp_expired",
        all: &[&["expired", "exp", "expiration", "expiry", "too old"]],
        unless: OTHER_CREDENTIALS,
    },
    Family {
        code: "header.kid_unknown",
        all: &[&[
            "kid",
            "key id",
            "no matching key",
            "unknown key",
            "key not found",
            "no key",
            "no keys",
            "jwks",
        ]],
        unless: &[],
    },
    Family {
        code: "header.alg_unexpected",
        all: &[&["alg", "algorithm", "algorithms"]],
        unless: &[],
    },
    Family {
        code: "signature.invalid",
        all: &[&["signature", "signatures", "signed with"]],
        unless: &[],
    },
    Family {
        code: "token.malformed",
        all: &[&[
            "malformed",
            "not a valid jwt",
            "not a jwt",
            "could not parse",
            "cannot parse",
            "unable to parse",
            "failed to parse",
            "could not decode",
            "unable to decode",
            "failed to decode",
            "not well formed",
        ]],
        unless: &[],
    },
    Family {
        code: "server.clock_skew",
        all: &[&["clock", "skew"]],
        unless: &[],
    },
    Family {
        code: "server.issuer_untrusted",
        all: &[
            &["issuer", "identity provider"],
            &[
                "untrusted",
                "not trusted",
                "unknown",
                "not registered",
                "not allowed",
            ],
        ],
        unless: &[],
    },
    Family {
        code: "server.client_unknown",
        all: &[
            &["client"],
            &["not found", "unknown", "does not exist", "not registered"],
        ],
        unless: &[],
    },
    Family {
        code: "server.request_invalid",
        all: &[
            &[
                "parameter",
                "grant_type",
                "client_assertion_type",
                "content type",
                "form",
            ],
            &[
                "missing",
                "required",
                "unsupported",
                "invalid",
                "repeated",
                "duplicate",
            ],
        ],
        unless: &[],
    },
];

/// The description as whole words: lower-case, separated by single spaces, with spaces at
/// both ends so that a phrase is found as ` phrase `.
fn normalize(text: &str) -> String {
    let mut out = String::from(" ");
    for word in text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
    {
        out.push_str(&word.to_lowercase());
        out.push(' ');
    }
    out
}

fn has(words: &str, phrase: &str) -> bool {
    words.contains(&format!(" {} ", normalize(phrase).trim()))
}

/// The finding codes a description names, most specific first; empty when it names none.
pub fn named(description: &str) -> Vec<&'static str> {
    let words = normalize(description);
    FAMILIES
        .iter()
        .filter(|f| {
            f.all
                .iter()
                .all(|group| group.iter().any(|p| has(&words, p)))
                && !f.unless.iter().any(|p| has(&words, p))
        })
        .map(|f| f.code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_that_name_no_cause_are_vague() {
        for vague in [
            "Authorization failed",
            "Bad Request",
            "client authentication failed",
            "Invalid client or Invalid client credentials",
            "invalid_client",
            "Unauthorized",
            "An error occurred",
            "",
            "<html><body>Internal Server Error</body></html>",
            "The request was denied",
            "unexpected error",
        ] {
            assert!(named(vague).is_empty(), "{vague:?}: {:?}", named(vague));
        }
    }

    #[test]
    fn words_of_any_server_name_their_family() {
        for (text, code) in [
            ("Token expired", "claim.exp_expired"),
            (
                "JWT has expired at 2025-11-25T13:45:00Z",
                "claim.exp_expired",
            ),
            ("invalid audience", "claim.aud_mismatch"),
            ("Audience validation failed", "claim.aud_mismatch"),
            ("aud claim must be a single audience", "claim.aud_multiple"),
            ("JWT signature verification failed", "signature.invalid"),
            ("no matching key found in JWKS", "header.kid_unknown"),
            ("Unknown kid", "header.kid_unknown"),
            ("algorithm RS256 not allowed", "header.alg_unexpected"),
            ("The token is not valid yet", "claim.nbf_future"),
            ("token issued in the future", "claim.iat_future"),
            ("jti already used", "claim.jti_reused"),
            ("Token reuse detected", "claim.jti_reused"),
            ("jti claim is required", "claim.jti_missing"),
            ("missing claim: sub", "claim.missing"),
            ("Issuer and Subject MUST match", "claim.iss_sub_mismatch"),
            (
                "sub must equal the client_id",
                "claim.sub_client_id_mismatch",
            ),
            ("Malformed JWT", "token.malformed"),
            ("expiration too far in the future", "claim.exp_lifetime"),
            ("unsigned tokens are not accepted", "header.alg_none"),
            (
                "Missing parameter: client_assertion_type",
                "server.request_invalid",
            ),
        ] {
            assert_eq!(
                named(text).first(),
                Some(&code),
                "{text:?}: {:?}",
                named(text)
            );
        }
    }

    #[test]
    fn every_family_is_a_known_code() {
        for f in FAMILIES {
            assert!(crate::lint::rules::rule(f.code).is_some(), "{}", f.code);
        }
    }

    #[test]
    fn other_credentials_expiring_are_not_the_assertion() {
        assert!(named("The client secret has expired").is_empty());
        assert!(named("refresh token expired").is_empty());
        // whole words only
        assert!(named("unexpected token").is_empty());
        assert!(named("subscription inactive").is_empty());
    }
}
