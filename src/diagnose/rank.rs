//! The ranking rule, for any server: causes are listed by the strength of their evidence,
//! and only within one strength by what points at them. No scores to tune: every piece of
//! evidence falls into one class of `Evidence`, decided by what it is, never by which
//! server said it.
//!
//! 1. The answer is about the URL (`WrongPlace`): a 404 or 405, a redirect, a 2xx that is
//!    not a token response. Nothing in it judged the assertion.
//! 2. The server names the cause (`ServerNamesCause`): a catalog row that says so, a
//!    finding code in brackets, a description whose words name a finding family.
//! 3. A definite local finding (`Definite`) under what is known of this server: its issuer
//!    and token endpoint, its algorithms, the keys it registered, its clock, jwtgrant's
//!    history of what was sent.
//! 4. A vague answer (`Vague`): any status, any `error` code, a description that names no
//!    cause, an empty body, an HTML page. It is never a cause of its own: it is the summary
//!    of what the server said (`server.rejected`, last), and it breaks ties below.
//! 5. A local hint (`Hint`): a warning or note no server confirmed.
//!
//! Vague never outranks definite. When the server accepted, nothing it just proved wrong is
//! an error (see `accepted` in diagnose.rs).

use super::{Cause, Source};
use crate::findings::Severity;
use std::cmp::Reverse;

/// How strongly the evidence supports a cause; the derive orders them weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// A local warning or note that no server confirmed.
    Hint,
    /// A server answer that names no cause.
    Vague,
    /// A local finding that is certain under what is known of this server.
    Definite,
    /// The server's own words name the cause.
    ServerNamesCause,
    /// The answer is a statement about the URL, not about the assertion.
    WrongPlace,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Hint => "hint",
            Evidence::Vague => "vague",
            Evidence::Definite => "definite",
            Evidence::ServerNamesCause => "server_names_cause",
            Evidence::WrongPlace => "wrong_place",
        }
    }

    /// A local finding: an error is definite, a warning or a note only a hint.
    pub fn of_local(severity: Severity) -> Evidence {
        match severity {
            Severity::Error => Evidence::Definite,
            Severity::Warning | Severity::Info => Evidence::Hint,
        }
    }
}

/// Within one strength, what was seen before what was inferred: the server's words, what
/// jwtgrant sent before, the server's clock, the registered keys, then the checks of the
/// request and the token.
const SOURCE_ORDER: [Source; 7] = [
    Source::Server,
    Source::History,
    Source::Clock,
    Source::Keys,
    Source::Metadata,
    Source::Request,
    Source::Lint,
];

fn source_rank(source: Source) -> usize {
    SOURCE_ORDER
        .iter()
        .position(|s| *s == source)
        .unwrap_or(SOURCE_ORDER.len())
}

/// Strongest evidence first; within a strength, the causes vague answers point at (the
/// form field an `error` code implicates, a vague catalog row's usual suspects), then by
/// source. Stable: equal causes keep the order they were found in (lint's, errors first).
pub fn sort(causes: &mut [Cause]) {
    causes.sort_by_key(|c| {
        (
            Reverse(c.strength),
            Reverse(c.pointed),
            source_rank(c.source),
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Finding;

    fn cause(code: &'static str, source: Source, strength: Evidence, pointed: u8) -> Cause {
        let mut c = Cause::new(Finding::new(code, "x"), source, None, strength);
        c.pointed = pointed;
        c
    }

    #[test]
    fn strength_decides_then_pointers_then_source() {
        let mut causes = vec![
            cause("header.typ", Source::Lint, Evidence::Hint, 3),
            cause("claim.exp_expired", Source::Lint, Evidence::Definite, 0),
            cause("claim.aud_mismatch", Source::Lint, Evidence::Definite, 1),
            cause("claim.jti_reused", Source::History, Evidence::Definite, 0),
            cause(
                "signature.invalid",
                Source::Server,
                Evidence::ServerNamesCause,
                0,
            ),
            cause("server.redirected", Source::Server, Evidence::WrongPlace, 0),
        ];
        sort(&mut causes);
        let codes: Vec<&str> = causes.iter().map(|c| c.finding.code).collect();
        assert_eq!(
            codes,
            [
                "server.redirected",
                "signature.invalid",
                "claim.aud_mismatch",
                "claim.jti_reused",
                "claim.exp_expired",
                "header.typ",
            ]
        );
    }

    #[test]
    fn every_source_has_a_place() {
        for s in [
            Source::Server,
            Source::History,
            Source::Clock,
            Source::Keys,
            Source::Metadata,
            Source::Request,
            Source::Lint,
        ] {
            assert!(source_rank(s) < SOURCE_ORDER.len(), "{s:?}");
        }
    }
}
