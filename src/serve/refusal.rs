//! How serve words a refusal on the wire. Every error body the server sends is built here,
//! so another wire convention is a change in one place. By default an RFC 6749 §5.2 error
//! response whose `error_description` keeps to the characters that section allows
//! (%x20-21 / %x23-5B / %x5D-7E: printable ASCII without `"` and `\`), ending in the
//! finding code in brackets (`… [claim.aud_mismatch]`) that replay and people read the
//! cause from. `Style` is the other conventions real servers use to hide the reason, so that
//! a client's error handling (and jwtgrant's diagnosis) can be tested against each.

use serde_json::{Value, json};

/// How serve answers a refused token request (`serve --refusal STYLE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// RFC 6749 §5.2 with the reason and its finding code in brackets.
    #[default]
    Described,
    /// The refusal's own status and `error`, no description.
    Opaque,
    InvalidClient,
    AuthenticationFailed,
    AuthorizationFailed,
    InvalidGrant,
    UnauthorizedClient,
    AccessDenied,
    PlainText,
    Challenge,
    Html500,
    ServerError,
    Error200,
    Problem,
}

/// The page the `html-500` style sends, as a web server's default error page looks.
const HTML_500: &str = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n<body><h1>Internal Server Error</h1><p>The server encountered an internal error and was unable to complete your request.</p></body></html>\n";

impl Style {
    pub const ALL: [Style; 14] = [
        Style::Described,
        Style::Opaque,
        Style::InvalidClient,
        Style::AuthenticationFailed,
        Style::AuthorizationFailed,
        Style::InvalidGrant,
        Style::UnauthorizedClient,
        Style::AccessDenied,
        Style::PlainText,
        Style::Challenge,
        Style::Html500,
        Style::ServerError,
        Style::Error200,
        Style::Problem,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Described => "described",
            Style::Opaque => "opaque",
            Style::InvalidClient => "invalid-client",
            Style::AuthenticationFailed => "authentication-failed",
            Style::AuthorizationFailed => "authorization-failed",
            Style::InvalidGrant => "invalid-grant",
            Style::UnauthorizedClient => "unauthorized-client",
            Style::AccessDenied => "access-denied",
            Style::PlainText => "plain-text",
            Style::Challenge => "challenge",
            Style::Html500 => "html-500",
            Style::ServerError => "server-error",
            Style::Error200 => "error-200",
            Style::Problem => "problem",
        }
    }

    /// What the style answers, in one line (for --help and the docs).
    pub fn about(self) -> &'static str {
        match self {
            Style::Described => {
                "the refusal's status and error, error_description with the reason and [finding.code] (default)"
            }
            Style::Opaque => {
                "the refusal's status and error, no description (Duende, Spring); also --opaque"
            }
            Style::InvalidClient => "401 {\"error\":\"invalid_client\"} for every refusal",
            Style::AuthenticationFailed => {
                "401 invalid_client \"client authentication failed\" (node oidc-provider)"
            }
            Style::AuthorizationFailed => "400 invalid_request \"Authorization failed\"",
            Style::InvalidGrant => "400 {\"error\":\"invalid_grant\"}",
            Style::UnauthorizedClient => "403 {\"error\":\"unauthorized_client\"}",
            Style::AccessDenied => "400 {\"error\":\"access_denied\"}",
            Style::PlainText => "400 text/plain \"Bad Request\"",
            Style::Challenge => {
                "401 with an empty body and only WWW-Authenticate: Basic realm=\"jwtgrant serve\""
            }
            Style::Html500 => "500 with an HTML error page",
            Style::ServerError => "500 {\"error\":\"server_error\"}",
            Style::Error200 => "200 with the refusal's {\"error\": …} body (a gateway's habit)",
            Style::Problem => {
                "400 application/problem+json (RFC 9457) with a title and no OAuth error"
            }
        }
    }

    pub fn from_name(name: &str) -> Option<Style> {
        Style::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// One answer as it goes on the wire (the transport adds Date and framing).
pub struct Wire {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// A body with the RFC 6749 §5.1 cache headers (they apply to refusals too).
fn wire(status: u16, content_type: Option<&str>, body: String) -> Wire {
    let mut headers = Vec::new();
    if let Some(ct) = content_type {
        headers.push(("Content-Type", ct.to_string()));
    }
    headers.push(("Cache-Control", "no-store".into()));
    headers.push(("Pragma", "no-cache".into()));
    Wire {
        status,
        headers,
        body,
    }
}

fn json_wire(status: u16, body: Value) -> Wire {
    wire(status, Some("application/json"), body.to_string())
}

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

    /// The refusal in `style`: status, headers and body. Every style but `described`
    /// hides the reason; the log (`log_line`) always has it.
    pub fn wire(&self, style: Style) -> Wire {
        let mut w = match style {
            Style::Described => json_wire(self.status, self.body(false)),
            Style::Opaque => json_wire(self.status, self.body(true)),
            Style::InvalidClient => json_wire(401, json!({"error": "invalid_client"})),
            Style::AuthenticationFailed => json_wire(
                401,
                json!({"error": "invalid_client", "error_description": "client authentication failed"}),
            ),
            Style::AuthorizationFailed => json_wire(
                400,
                json!({"error": "invalid_request", "error_description": "Authorization failed"}),
            ),
            Style::InvalidGrant => json_wire(400, json!({"error": "invalid_grant"})),
            Style::UnauthorizedClient => json_wire(403, json!({"error": "unauthorized_client"})),
            Style::AccessDenied => json_wire(400, json!({"error": "access_denied"})),
            Style::PlainText => wire(
                400,
                Some("text/plain; charset=utf-8"),
                "Bad Request\n".into(),
            ),
            Style::Challenge => {
                let mut w = wire(401, None, String::new());
                w.headers
                    .push(("WWW-Authenticate", "Basic realm=\"jwtgrant serve\"".into()));
                return w;
            }
            Style::Html500 => wire(500, Some("text/html; charset=utf-8"), HTML_500.into()),
            Style::ServerError => json_wire(500, json!({"error": "server_error"})),
            Style::Error200 => json_wire(200, self.body(true)),
            Style::Problem => wire(
                400,
                Some("application/problem+json"),
                json!({"type": "about:blank", "title": "Bad Request", "status": 400,
                       "detail": "The request could not be processed."})
                .to_string(),
            ),
        };
        // RFC 6749 §5.2: a client that tried HTTP Basic is told so, whatever the style
        if self.basic && matches!(style, Style::Described | Style::Opaque) {
            w.headers
                .push(("WWW-Authenticate", "Basic realm=\"jwtgrant serve\"".into()));
        }
        w
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
    fn every_style_hides_the_reason_except_described() {
        let mut r = Refusal::new(400, "invalid_grant", "claim.exp_expired", "exp is past");
        for style in Style::ALL {
            assert_eq!(Style::from_name(style.name()), Some(style));
            let w = r.wire(style);
            let leaks = w.body.contains("exp is past") || w.body.contains("claim.exp_expired");
            assert_eq!(
                leaks,
                style == Style::Described,
                "{}: {}",
                style.name(),
                w.body
            );
            assert!(
                w.headers
                    .iter()
                    .any(|(n, v)| *n == "Cache-Control" && v == "no-store")
            );
        }
        assert_eq!(r.wire(Style::Challenge).body, "");
        assert_eq!(r.wire(Style::Error200).status, 200);
        assert_eq!(r.wire(Style::Html500).status, 500);
        r.basic = true;
        let w = r.wire(Style::Opaque);
        assert!(w.headers.iter().any(|(n, _)| *n == "WWW-Authenticate"));
        assert_eq!(Style::from_name("nope"), None);
    }

    #[test]
    fn the_grammar_is_rfc_6749_section_5_2() {
        assert!(is_wire_safe("a !#[]~ z"));
        for bad in ["\"", "\\", "\u{7f}", "\n", "é", "§"] {
            assert!(!is_wire_safe(bad), "{bad:?}");
        }
    }
}
