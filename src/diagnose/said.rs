//! What a refusal says about its cause, read by content, never by which server sent it.
//! An answer names a cause when it carries finding codes in brackets (serve does), when it
//! matches a vendor catalog row that says so, or when its description's words name a
//! finding family (words.rs). Anything else is vague: any status, any RFC 6749 `error`
//! code on its own, a description that names nothing, an empty or HTML body. A vague
//! answer still hints: its `error` code implicates one form field, and a vague catalog
//! row lists the usual suspects.

use super::answer::Answer;
use super::catalog::{self, Row, Says};
use super::words;

/// How much of a server's text a finding quotes; the whole text is in the answer shown
/// above the diagnosis (or in the JSON document's response).
const QUOTE_CHARS: usize = 120;

/// One way the answer names a cause.
pub struct Statement {
    /// The finding codes it points to, most likely first.
    pub codes: Vec<&'static str>,
    /// For the confirmed cause's evidence: "the server says so (…): "…"".
    pub evidence: String,
    /// The catalog row, when a row said it.
    pub row: Option<&'static Row>,
    /// How it named the cause, for the closing `server.rejected`.
    pub how: String,
}

/// Everything the diagnosis reads from a refusal.
pub struct Reading {
    /// The catalog rows the answer matched, most specific first.
    pub rows: Vec<&'static Row>,
    /// Empty: the answer is vague.
    pub statements: Vec<Statement>,
    /// Codes a vague catalog row lists as the usual suspects.
    pub suspects: Vec<&'static str>,
    /// The form field an RFC 7523 `error` code points at (§3.1 invalid_grant: the grant,
    /// §3.2 invalid_client: the client assertion).
    pub implicated: Option<&'static str>,
}

impl Reading {
    pub fn names_cause(&self) -> bool {
        !self.statements.is_empty()
    }

    /// The first vague row's explanation, for the summary of a vague answer.
    pub fn vague_meaning(&self) -> Option<&'static str> {
        self.rows
            .iter()
            .find(|r| r.says == Says::Vague)
            .map(|r| r.explanation)
    }
}

/// `text` cut at QUOTE_CHARS characters, quoted.
pub fn short(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return format!("{text:?}");
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    format!("{:?}", format!("{}…", cut.trim_end()))
}

fn query(a: &Answer) -> catalog::Query<'_> {
    catalog::Query {
        status: a.status,
        error: a.error.as_deref(),
        description: a.description.as_deref().or(a.context.as_deref()),
    }
}

/// What the server said, for evidence: its description, or the catalog pattern found in
/// the pasted text.
pub fn quote(a: &Answer, row: Option<&Row>) -> String {
    if let Some(said) = a.said().filter(|_| a.description.is_some()) {
        return short(&said);
    }
    let text = a.context.as_deref().unwrap_or("").to_lowercase();
    row.and_then(|r| r.patterns.iter().find(|p| text.contains(&p.to_lowercase())))
        .map(|p| format!("the text says {p:?}"))
        .or_else(|| a.said().map(|s| short(&s)))
        .unwrap_or_default()
}

pub fn read(a: &Answer) -> Reading {
    let bracketed = a
        .description
        .as_deref()
        .map(catalog::bracketed_codes)
        .unwrap_or_default();
    let mut rows = catalog::find(&query(a));
    if !bracketed.is_empty() {
        rows.retain(|r| !r.id.starts_with('R'));
    }
    let mut statements = Vec::new();
    if !bracketed.is_empty() {
        statements.push(Statement {
            codes: bracketed,
            evidence: format!("the server says so: {}", quote(a, None)),
            row: None,
            how: "the server names the cause (the finding code in its error_description)".into(),
        });
    }
    if let Some(row) = rows.iter().find(|r| r.says == Says::Cause) {
        statements.push(Statement {
            codes: row.codes.to_vec(),
            evidence: format!(
                "the server says so ({} {}): {}",
                row.vendor,
                row.id,
                quote(a, Some(row))
            ),
            row: Some(*row),
            how: format!("matches {} {}", row.vendor, row.id),
        });
    }
    // A wording the catalog knows to be vague stays vague, whatever words it uses.
    let known_vague = rows
        .iter()
        .any(|r| r.says == Says::Vague && !r.patterns.is_empty());
    if statements.is_empty() && !known_vague {
        if let Some(description) = a.description.as_deref() {
            let codes = words::named(description);
            if !codes.is_empty() {
                statements.push(Statement {
                    codes,
                    evidence: format!("the server says so: {}", quote(a, None)),
                    row: None,
                    how: "the server's description names the cause".into(),
                });
            }
        }
    }
    let suspects = rows
        .iter()
        .filter(|r| r.says == Says::Vague)
        .flat_map(|r| r.codes.iter().copied())
        .collect();
    let implicated = match a.error.as_deref() {
        Some("invalid_client") => Some("client_assertion"),
        Some("invalid_grant") => Some("assertion"),
        _ => None,
    };
    Reading {
        rows,
        statements,
        suspects,
        implicated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(status: u16, body: serde_json::Value) -> Answer {
        Answer::from_response(status, |_| None, &body.to_string())
    }

    #[test]
    fn an_error_code_alone_is_vague_whatever_it_is() {
        for (status, error) in [
            (401, "invalid_client"),
            (400, "invalid_client"),
            (400, "invalid_request"),
            (400, "invalid_grant"),
            (403, "unauthorized_client"),
            (400, "access_denied"),
            (400, "unsupported_grant_type"),
            (400, "invalid_scope"),
            (500, "server_error"),
        ] {
            let r = read(&answer(status, json!({"error": error})));
            assert!(!r.names_cause(), "{status} {error}");
            for description in [
                "Authorization failed",
                "Bad Request",
                "client authentication failed",
            ] {
                let r = read(&answer(
                    status,
                    json!({"error": error, "error_description": description}),
                ));
                assert!(!r.names_cause(), "{status} {error} {description:?}");
            }
        }
    }

    #[test]
    fn codes_catalog_rows_and_words_name_causes() {
        let r = read(&answer(
            400,
            json!({"error": "invalid_grant", "error_description": "exp is past [claim.exp_expired]"}),
        ));
        assert_eq!(r.statements[0].codes, ["claim.exp_expired"]);
        let r = read(&answer(
            400,
            json!({"error": "invalid_client", "error_description": "Token reuse detected"}),
        ));
        assert_eq!(r.statements[0].row.map(|row| row.id), Some("K19"));
        let r = read(&answer(
            401,
            json!({"error": "invalid_client", "error_description": "Token has expired"}),
        ));
        assert_eq!(r.statements[0].codes[0], "claim.exp_expired");
        assert_eq!(r.implicated, Some("client_assertion"));
        // a catch-all the catalog knows stays vague, though its words name a family
        let r = read(&answer(
            400,
            json!({"error": "invalid_grant", "error_description": "no_valid_keys_or_signatures"}),
        ));
        assert!(!r.names_cause());
        assert!(r.suspects.contains(&"signature.invalid"));
    }

    #[test]
    fn long_texts_are_quoted_short() {
        let long = "x".repeat(600);
        let q = short(&long);
        assert!(q.chars().count() < 130 && q.ends_with("…\""), "{q}");
        assert_eq!(short("ok"), "\"ok\"");
    }
}
