//! Wrong place, not wrong token: answers that are statements about the URL. A 404 or 410,
//! a 405, a redirect, a 2xx that is not a token response: nothing there judged the
//! assertion, so the URL comes first, with the right one when the server's metadata names
//! it. A refusal status (400, 401, 403, 5xx) is not one of these, whatever its body: an
//! empty, HTML or plain-text refusal is a vague answer, and local evidence comes first.

use super::answer::Answer;
use super::rank::Evidence;
use super::{Cause, Source};
use crate::findings::{Finding, Severity};
use crate::metadata::Metadata;

/// "from https://as.example/token" when the URL is known.
fn from_url(url: Option<&str>) -> String {
    url.map_or(String::new(), |u| format!(" from {u}"))
}

/// The token endpoint the metadata names, when it is not the URL tried.
fn right_url<'m>(url: Option<&str>, metadata: Option<&'m Metadata>) -> Option<&'m str> {
    let right = metadata?.token_endpoint.as_deref()?;
    (Some(right) != url).then_some(right)
}

/// What to do about the URL: POST to the metadata's token endpoint, or find it.
fn url_hint(url: Option<&str>, metadata: Option<&Metadata>, fallback: &str) -> String {
    match (right_url(url, metadata), metadata) {
        (Some(right), Some(m)) => format!(
            "POST to {right}, the token_endpoint in the server's metadata ({})",
            m.source
        ),
        _ => fallback.to_string(),
    }
}

fn with_right(message: String, url: Option<&str>, metadata: Option<&Metadata>) -> String {
    match right_url(url, metadata) {
        Some(right) => format!("{message}; the server's metadata names {right}"),
        None => message,
    }
}

/// Is this answer a statement about the URL rather than about the assertion?
pub fn is_wrong_place(a: &Answer) -> bool {
    let status = a.status.unwrap_or(0);
    let not_a_token = a.is_success() && a.error.is_none() && !a.is_token_response();
    not_a_token || a.is_redirect() || matches!(status, 404 | 405 | 410)
}

/// The cause an answer from the wrong place stands for; None for any other answer.
pub fn cause(a: &Answer, url: Option<&str>, metadata: Option<&Metadata>) -> Option<Cause> {
    if !is_wrong_place(a) {
        return None;
    }
    let status = a.status.unwrap_or(0);
    let find_it = "check the token endpoint URL: the server's metadata (/.well-known/oauth-authorization-server, or --issuer URL to discover it) names it";
    let (code, message, hint) = if a.is_success() {
        let received = a.received().map_or(String::new(), |r| format!(": {r}"));
        (
            "server.unexpected_answer",
            format!(
                "HTTP {status}{} is not a token response (RFC 6749 §5.1: a JSON object with access_token and token_type){received}",
                from_url(url),
            ),
            url_hint(
                url,
                metadata,
                "check the token endpoint URL (the server's metadata names it) and any proxy or login gateway in front of it; this answer says nothing about the assertion",
            ),
        )
    } else if a.is_redirect() {
        let to = a
            .location
            .as_deref()
            .map_or(String::new(), |l| format!(" to {l}"));
        (
            "server.redirected",
            format!(
                "HTTP {status}{} redirects{to}; the assertion was not sent on",
                from_url(url)
            ),
            url_hint(
                url,
                metadata,
                "POST to the final token endpoint URL (from the server's metadata), not to a URL that redirects",
            ),
        )
    } else if status == 405 {
        let allow = a
            .allow
            .as_deref()
            .map_or(String::new(), |m| format!(" (it allows {m})"));
        (
            "server.endpoint_method",
            with_right(
                format!(
                    "HTTP 405{}: this URL does not take a POST{allow}, so it is not the token endpoint (RFC 6749 §3.2)",
                    from_url(url)
                ),
                url,
                metadata,
            ),
            url_hint(url, metadata, find_it),
        )
    } else {
        (
            "server.endpoint_not_found",
            with_right(
                format!(
                    "HTTP {status}{}: there is no token endpoint at this URL",
                    from_url(url)
                ),
                url,
                metadata,
            ),
            url_hint(url, metadata, find_it),
        )
    };
    let mut finding = Finding::new(code, message)
        .severity(Severity::Error)
        .hint(hint);
    if let Some(right) = right_url(url, metadata) {
        finding = finding.expected(right);
        if let Some(url) = url {
            finding = finding.actual(url);
        }
    }
    Some(
        Cause::new(finding, Source::Server, None, Evidence::WrongPlace).with(format!(
            "HTTP {status}: a statement about the URL; it says nothing about the assertion"
        )),
    )
}

/// RFC 8414 §3.3: the issuer in the metadata must be the one asked for. Discovery refuses
/// metadata naming another server; one differing only in a trailing slash is used, and
/// aud is judged by the issuer the metadata names, which is the server's own.
pub fn issuer_mismatch(metadata: Option<&Metadata>) -> Option<Cause> {
    let m = metadata?;
    let (Some(named), Some(asked)) = (m.issuer.as_deref(), m.asked_for.as_deref()) else {
        return None;
    };
    if named == asked {
        return None;
    }
    Some(
        Cause::new(
            Finding::new(
                "server.endpoint_issuer_mismatch",
                format!(
                    "the metadata at {} names issuer {named:?}, not {asked:?} as asked; RFC 8414 §3.3 requires them to be identical, so aud is judged by {named:?}, the server's own",
                    m.source
                ),
            )
            .severity(Severity::Warning)
            .expected(named)
            .actual(asked),
            Source::Metadata,
            None,
            Evidence::Hint,
        )
        .with(format!("{} was read for {asked}", m.source)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta() -> Metadata {
        Metadata::from_value(
            json!({"issuer": "https://as.example", "token_endpoint": "https://as.example/token"}),
            "https://as.example/.well-known/oauth-authorization-server",
        )
        .unwrap()
    }

    #[test]
    fn a_404_names_the_url_and_the_right_one() {
        let a = Answer::from_response(404, |_| None, r#"{"error":"not_found"}"#);
        let m = meta();
        let c = cause(&a, Some("https://as.example/tokn"), Some(&m)).unwrap();
        assert_eq!(c.finding.code, "server.endpoint_not_found");
        assert_eq!(c.strength, Evidence::WrongPlace);
        assert!(c.finding.message.contains("https://as.example/tokn"));
        assert!(c.finding.message.contains("names https://as.example/token"));
        assert_eq!(
            c.finding.expected.as_deref(),
            Some("https://as.example/token")
        );
        assert!(
            c.finding
                .hint
                .unwrap()
                .contains("POST to https://as.example/token")
        );
        // unknown metadata: the URL alone, and how to find the right one
        let c = cause(&a, Some("https://as.example/tokn"), None).unwrap();
        assert!(c.finding.hint.unwrap().contains("--issuer"));
    }

    #[test]
    fn a_405_says_the_url_takes_no_post() {
        let a = Answer::from_response(405, |h| (h == "allow").then(|| "GET, HEAD".to_string()), "");
        let c = cause(&a, Some("https://as.example/"), None).unwrap();
        assert_eq!(c.finding.code, "server.endpoint_method");
        assert!(
            c.finding.message.contains("GET, HEAD"),
            "{}",
            c.finding.message
        );
    }

    #[test]
    fn refusal_statuses_are_never_the_wrong_place_whatever_the_body() {
        for status in [400, 401, 403, 500, 502, 503] {
            for body in ["", "<html>Error</html>", "Bad Request", r#"{"error":"x"}"#] {
                let a = Answer::from_response(status, |_| None, body);
                assert!(cause(&a, None, None).is_none(), "{status} {body:?}");
            }
        }
        let ok = Answer::from_response(200, |_| None, r#"{"access_token":"t"}"#);
        assert!(cause(&ok, None, None).is_none());
        let error_200 = Answer::from_response(200, |_| None, r#"{"error":"invalid_client"}"#);
        assert!(cause(&error_200, None, None).is_none());
    }

    #[test]
    fn metadata_for_another_issuer_spelling_is_said() {
        let mut m = meta();
        assert!(issuer_mismatch(Some(&m)).is_none());
        m.asked_for = Some("https://as.example/".into());
        let c = issuer_mismatch(Some(&m)).unwrap();
        assert_eq!(c.finding.code, "server.endpoint_issuer_mismatch");
        assert!(c.finding.message.contains("RFC 8414 §3.3"));
        m.asked_for = Some("https://as.example".into());
        assert!(issuer_mismatch(Some(&m)).is_none());
    }
}
