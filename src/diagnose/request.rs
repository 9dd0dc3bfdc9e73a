//! What only the request shows, next to lint's checks of the token: the URL the assertion
//! was posted to (security-checks AUD-06: aud must name the server the request actually
//! goes to) and the client_id form field sent beside a client assertion (RFC 7521 §4.2:
//! it identifies the same client as sub). Everything else about aud, iss and sub is lint's,
//! with what replay knows (issuer, token endpoint, client id) filled into its `Ctx`.

use crate::findings::{Finding, Severity};
use crate::jose::Token;
use crate::lint::profile::AudRule;
use crate::lint::{Ctx, Role, RoleGuess};
use serde_json::Value;

/// The request an assertion went out in.
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    /// The URL the form was posted to; None when the answer shows it is not the token
    /// endpoint (a 404, a redirect), so that no aud is judged by it.
    pub url: Option<&'a str>,
    /// The client_id that went with it (form field or HTTP Basic user).
    pub client_id: Option<&'a str>,
}

/// New findings, and evidence for findings lint already made (by code).
#[derive(Debug, Default)]
pub struct Checked {
    pub added: Vec<Finding>,
    pub evidence: Vec<(&'static str, String)>,
}

/// Check the token against the request; `lint` holds lint's findings for the same token,
/// which this may qualify (an aud that may well be the issuer is a warning, not an error).
pub fn check(
    token: &Token,
    role: &RoleGuess,
    ctx: &Ctx,
    sent: &Sent,
    lint: &mut [Finding],
) -> Checked {
    let mut out = Checked::default();
    if let (true, Some(url)) = (role.role.is_assertion(), sent.url) {
        audience(token, role.role, ctx, url, lint, &mut out);
    }
    if role.role == Role::ClientAssertion {
        client_id(token, sent.client_id, lint, &mut out);
    }
    out
}

fn host(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
}

fn audience(
    token: &Token,
    role: Role,
    ctx: &Ctx,
    url: &str,
    lint: &mut [Finding],
    out: &mut Checked,
) {
    let values: Vec<&str> = match token.claim("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    let Some(posted) = host(url).filter(|_| !values.is_empty()) else {
        return;
    };
    let e = &ctx.expect;
    let names_url = values.contains(&url);
    let on_host = values
        .iter()
        .any(|v| host(v).as_deref() == Some(posted.as_str()));
    if let Some(f) = lint.iter_mut().find(|f| f.code == "claim.aud_mismatch") {
        let spec = ctx.profile.spec();
        let rule = if role == Role::ClientAssertion {
            spec.client_aud
        } else {
            spec.grant_aud
        };
        // Lint knew only the token endpoint; an aud on its host that is not its URL may
        // well be the issuer, which this profile accepts.
        let maybe_issuer = e.issuer.is_none()
            && e.audiences.is_empty()
            && matches!(rule, AudRule::IssuerOrTokenEndpoint)
            && f.severity == Severity::Error
            && !names_url
            && on_host;
        if maybe_issuer {
            f.severity = Severity::Warning;
            f.message.push_str(
                "; it is on the host the request went to, so it may be the server's issuer: pass --issuer to be sure",
            );
        } else if !on_host {
            out.evidence.push((
                "claim.aud_mismatch",
                format!("the request went to {url}, a host no aud value names"),
            ));
        }
        return;
    }
    let named = names_url
        || on_host
        || e.issuer.as_deref().is_some_and(|i| values.contains(&i))
        || e.audiences.iter().any(|a| values.contains(&a.as_str()));
    if named {
        return;
    }
    // Lint found nothing to compare with; the request decides (AUD-06).
    let actual = token.claim("aud").map(Value::to_string).unwrap_or_default();
    out.added.push(
        Finding::new(
            "claim.aud_mismatch",
            format!(
                "aud {actual} names another server than the one the request went to ({posted}); a server accepts only an aud that identifies it (RFC 7523 §3)"
            ),
        )
        .claim("aud")
        .expected(url)
        .actual(actual),
    );
}

fn client_id(token: &Token, sent: Option<&str>, lint: &[Finding], out: &mut Checked) {
    let (Some(id), Some(sub)) = (sent, token.claim_str("sub")) else {
        return;
    };
    if sub == id {
        return;
    }
    let evidence = format!(
        "the request's client_id is {id:?} (RFC 7521 §4.2: it must name the client the assertion's sub names)"
    );
    if !lint
        .iter()
        .any(|f| f.code == "claim.sub_client_id_mismatch")
    {
        out.added.push(
            Finding::new(
                "claim.sub_client_id_mismatch",
                format!("sub {sub:?} is not the client_id {id:?} sent with the request"),
            )
            .claim("sub")
            .expected(id)
            .actual(sub),
        );
    }
    out.evidence
        .push(("claim.sub_client_id_mismatch", evidence));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;
    use crate::lint::{self, Subject};

    const URL: &str = "https://as.example/token";

    fn token(claims: &str) -> Token {
        Token::parse(&format!(
            "{}.{}.c2ln",
            b64url(br#"{"alg":"ES256"}"#),
            b64url(claims.as_bytes())
        ))
    }

    fn ctx(issuer: Option<&str>) -> Ctx {
        let mut c = Ctx::new(0, 60);
        c.expect.token_endpoint = Some(URL.into());
        c.expect.issuer = issuer.map(str::to_string);
        c
    }

    fn client() -> RoleGuess {
        RoleGuess::forced(Role::ClientAssertion, "test")
    }

    /// Lint's findings, then the request's, as the diagnosis runs them.
    fn run(t: &Token, ctx: &Ctx, client_id: Option<&str>) -> (Vec<Finding>, Checked) {
        let role = client();
        let mut found = lint::run(
            &Subject {
                token: t,
                role: &role,
                request: None,
            },
            ctx,
            lint::offline,
        );
        let sent = Sent {
            url: Some(URL),
            client_id,
        };
        let checked = check(t, &role, ctx, &sent, &mut found);
        (found, checked)
    }

    fn aud(found: &[Finding]) -> Option<&Finding> {
        found.iter().find(|f| f.code == "claim.aud_mismatch")
    }

    #[test]
    fn aud_on_another_host_stays_an_error_with_the_url_as_evidence() {
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://other.example/token"}"#);
        let (found, checked) = run(&t, &ctx(None), None);
        assert_eq!(aud(&found).unwrap().severity, Severity::Error);
        assert!(checked.evidence[0].1.contains(URL));
    }

    #[test]
    fn aud_on_the_posted_host_may_be_the_issuer() {
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://as.example"}"#);
        let (found, _) = run(&t, &ctx(None), None);
        let f = aud(&found).unwrap();
        assert_eq!(f.severity, Severity::Warning, "{}", f.message);
        assert!(f.message.contains("--issuer"));
        // with the issuer known, lint decides alone
        let (found, _) = run(&t, &ctx(Some("https://as.example")), None);
        assert!(aud(&found).is_none());
    }

    #[test]
    fn aud_06_the_request_goes_to_another_host_than_aud_names() {
        // RFC 10070 with the issuer unknown: lint has nothing to compare this aud with
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://other.example"}"#);
        let mut c = ctx(None);
        c.profile = crate::lint::Profile::Rfc10070;
        let (found, checked) = run(&t, &c, None);
        assert!(aud(&found).is_none());
        assert_eq!(checked.added[0].code, "claim.aud_mismatch");
        assert_eq!(checked.added[0].severity, Severity::Error);
        assert!(checked.added[0].message.contains("(as.example)"));
        // an aud on the host the request went to is left to lint
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://as.example"}"#);
        assert!(run(&t, &c, None).1.added.is_empty());
    }

    #[test]
    fn sub_must_be_the_client_id_sent() {
        let t = token(r#"{"iss":"a","sub":"a","aud":"https://as.example/token"}"#);
        let (_, checked) = run(&t, &ctx(None), Some("b"));
        assert_eq!(checked.added[0].code, "claim.sub_client_id_mismatch");
        let (_, checked) = run(&t, &ctx(None), Some("a"));
        assert!(checked.added.is_empty() && checked.evidence.is_empty());
        // lint already knows (--client-id b): evidence only
        let mut c = ctx(None);
        c.expect.client_id = Some("b".into());
        let (found, checked) = run(&t, &c, Some("b"));
        assert!(
            found
                .iter()
                .any(|f| f.code == "claim.sub_client_id_mismatch")
        );
        assert!(checked.added.is_empty());
        assert!(checked.evidence[0].1.contains("RFC 7521"));
    }
}
