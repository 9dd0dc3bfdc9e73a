//! How serve words a refusal on the wire. Every error body the server sends is built here,
//! so another wire convention is a change in one place: an RFC 6749 §5.2 error response
//! whose `error_description` keeps to the characters that section allows (%x20-21 /
//! %x23-5B / %x5D-7E: printable ASCII without `"` and `\`), ending in the finding code in
//! brackets (`… [claim.aud_mismatch]`) that replay and people read the cause from.

use serde_json::{Value, json};

/// One refusal: what the server answers, and why, in words and as a finding code.
pub struct Refusal {
    pub status: u16,
    /// The RFC 6749 §5.2 `error` code.
    pub error: &'static str,
    /// The reason, as written for people (any text; made wire-safe when sent).
    pub detail: String,
    pub code: &'static str,
    /// Add `WWW-Authenticate: Basic` (the client tried HTTP Basic).
    pub basic: bool,
}

impl Refusal {
    pub fn new(
        status: u16,
        error: &'static str,
        code: &'static str,
        detail: impl Into<String>,
    ) -> Refusal {
        Refusal {
            status,
            error,
            detail: detail.into(),
            code,
            basic: false,
        }
    }

    /// A request that never reached the token logic (wrong method, media type, framing).
    pub fn request(status: u16, detail: impl Into<String>) -> Refusal {
        Refusal::new(status, "invalid_request", "server.request_invalid", detail)
    }

    /// The JSON body: `error`, and unless `opaque` a wire-safe `error_description`.
    pub fn body(&self, opaque: bool) -> Value {
        let mut body = json!({"error": self.error});
        if !opaque {
            body["error_description"] = json!(self.description());
        }
        body
    }

    /// `error_description`: the detail made wire-safe, then ` [code]`.
    pub fn description(&self) -> String {
        let text = format!("{} [{}]", wire_safe(&self.detail), self.code);
        debug_assert!(is_wire_safe(&text), "{text:?}");
        text
    }

    /// The server log's line: the detail as written (the log is not the wire).
    pub fn log_line(&self) -> String {
        format!("{}: {} [{}]", self.error, self.detail, self.code)
    }
}

/// Text made to fit RFC 6749 §5.2's error_description grammar, staying readable:
/// `§` becomes `section`, double quotes become single, a backslash a slash, common
/// typographic signs their ASCII spelling, line breaks spaces, anything else non-ASCII `?`.
pub fn wire_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '§' => {
                out.push_str("section");
                if chars.peek().is_some_and(|n| !n.is_whitespace()) {
                    out.push(' ');
                }
            }
            // Rust's {:?} escapes: \" is a quote, \\ a backslash.
            '\\' if chars.peek() == Some(&'"') => {
                chars.next();
                out.push('\'');
            }
            '\\' if chars.peek() == Some(&'\\') => {
                chars.next();
                out.push('/');
            }
            '"' | '“' | '”' | '‘' | '’' => out.push('\''),
            '\\' => out.push('/'),
            '‖' => out.push_str("||"),
            '—' | '–' | '‐' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            '≥' => out.push_str(">="),
            '≤' => out.push_str("<="),
            '≠' => out.push_str("!="),
            '→' => out.push_str("->"),
            '×' => out.push('x'),
            '\n' | '\r' | '\t' => out.push(' '),
            ' ' | '!' | '#'..='[' | ']'..='~' => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// Does `text` match RFC 6749 §5.2's error_description (and error) grammar?
pub fn is_wire_safe(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, 0x20..=0x21 | 0x23..=0x5B | 0x5D..=0x7E))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_safe_text_keeps_its_meaning() {
        assert_eq!(
            wire_safe("grant_type is repeated (RFC 6749 §3.2)"),
            "grant_type is repeated (RFC 6749 section 3.2)"
        );
        assert_eq!(
            wire_safe(r#"no client "app\"x" — see § 2…"#),
            "no client 'app'x' - see section 2..."
        );
        assert_eq!(wire_safe("a\\b\nc"), "a/b c");
        assert_eq!(wire_safe("R‖S ≥ 32 bytes, café"), "R||S >= 32 bytes, caf?");
    }

    #[test]
    fn anything_at_all_becomes_wire_safe_and_the_code_stays_at_the_end() {
        // Every char class: ASCII controls, the two forbidden ASCII signs, Latin-1, BMP,
        // astral, and the typographic signs with ASCII spellings.
        let samples: Vec<String> = (0u32..0x300)
            .chain([0x2014, 0x2026, 0x2016, 0x2265, 0xfeff, 0x1f600])
            .filter_map(char::from_u32)
            .map(|c| format!("x{c}y\"\\{c}"))
            .collect();
        for sample in &samples {
            let r = Refusal::new(400, "invalid_request", "claim.missing", sample.clone());
            let description = r.description();
            assert!(is_wire_safe(&description), "{sample:?} -> {description:?}");
            assert!(description.ends_with(" [claim.missing]"), "{description}");
        }
    }

    #[test]
    fn opaque_bodies_carry_only_the_error() {
        let r = Refusal::new(401, "invalid_client", "claim.missing", "why");
        assert_eq!(r.body(true), json!({"error": "invalid_client"}));
        assert_eq!(
            r.body(false)["error_description"],
            json!("why [claim.missing]")
        );
        assert!(r.log_line().contains("why [claim.missing]"));
    }

    #[test]
    fn the_grammar_is_rfc_6749_section_5_2() {
        assert!(is_wire_safe("a !#[]~ z"));
        for bad in ["\"", "\\", "\u{7f}", "\n", "é", "§"] {
            assert!(!is_wire_safe(bad), "{bad:?}");
        }
    }
}
