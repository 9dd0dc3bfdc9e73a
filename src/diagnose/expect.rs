//! Checks of the assertion against what the request itself shows: the URL it was sent to,
//! the issuer, and the client_id that went with it. The diagnosis runs these next to
//! `lint::run`; a code that lint already reported for the token is not repeated.

use crate::findings::{Finding, Severity};
use crate::jose::Token;
use crate::lint::{Ctx, Role, RoleGuess};
use serde_json::Value;

pub fn check(
    token: &Token,
    role: &RoleGuess,
    ctx: &Ctx,
    client_id_sent: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if role.role.is_assertion() {
        audience(token, ctx, &mut out);
    }
    if role.role == Role::ClientAssertion {
        client_id(token, ctx, client_id_sent, &mut out);
    }
    out
}

fn audience(token: &Token, ctx: &Ctx, out: &mut Vec<Finding>) {
    let values: Vec<&str> = match token.claim("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    if values.is_empty() {
        return;
    }
    let e = &ctx.expect;
    let mut accepted: Vec<&str> = e.audiences.iter().map(String::as_str).collect();
    accepted.extend(e.token_endpoint.as_deref());
    accepted.extend(e.issuer.as_deref());
    if accepted.is_empty() || values.iter().any(|v| accepted.contains(v)) {
        return;
    }
    let actual = token.claim("aud").map(Value::to_string).unwrap_or_default();
    let expected = accepted.join(" or ");
    let near = values.iter().find_map(|v| {
        accepted
            .iter()
            .find_map(|a| near_miss(v, a).map(|why| (*v, *a, why)))
    });
    let (message, severity) = if let Some((v, a, why)) = near {
        (
            format!("aud {v:?} differs from {a:?} only by {why}; servers compare aud exactly"),
            Severity::Error,
        )
    } else {
        let mut named = Vec::new();
        if let Some(t) = &e.token_endpoint {
            named.push(format!("the token endpoint {t:?}"));
        }
        if let Some(i) = &e.issuer {
            named.push(format!("the issuer {i:?}"));
        }
        if !e.audiences.is_empty() {
            named.push(format!("--aud {}", e.audiences.join(", ")));
        }
        // Without the issuer, an aud on the endpoint's own host may still be the issuer.
        let maybe_issuer = e.issuer.is_none()
            && e.audiences.is_empty()
            && e.token_endpoint
                .as_deref()
                .is_some_and(|t| values.iter().any(|v| same_origin(v, t)));
        let mut message = format!("aud {actual} names none of {}", named.join(", "));
        let severity = if maybe_issuer {
            message.push_str("; if it is the server's issuer, pass --issuer to be sure");
            Severity::Warning
        } else {
            Severity::Error
        };
        (message, severity)
    };
    out.push(
        Finding::new("claim.aud_mismatch", message)
            .severity(severity)
            .claim("aud")
            .expected(expected)
            .actual(actual),
    );
}

fn near_miss(value: &str, wanted: &str) -> Option<&'static str> {
    if value.trim_end_matches('/') == wanted.trim_end_matches('/') {
        return Some("a trailing slash");
    }
    if value.eq_ignore_ascii_case(wanted) {
        return Some("letter case");
    }
    let strip = |s: &str| s.split_once("://").map(|(_, rest)| rest.to_string());
    if strip(value).is_some() && strip(value) == strip(wanted) {
        return Some("the scheme (http vs https)");
    }
    if value.trim() == wanted {
        return Some("white space");
    }
    None
}

fn same_origin(a: &str, b: &str) -> bool {
    match (url::Url::parse(a), url::Url::parse(b)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

fn client_id(token: &Token, ctx: &Ctx, sent: Option<&str>, out: &mut Vec<Finding>) {
    let Some(id) = sent.or(ctx.expect.client_id.as_deref()) else {
        return;
    };
    let Some(sub) = token.claim_str("sub") else {
        return;
    };
    if sub != id {
        let with = if sent.is_some() {
            "sent with the request"
        } else {
            "given with --client-id"
        };
        out.push(
            Finding::new(
                "claim.sub_client_id_mismatch",
                format!("sub {sub:?} is not the client_id {id:?} {with}"),
            )
            .claim("sub")
            .expected(id)
            .actual(sub),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;

    fn token(claims: &str) -> Token {
        Token::parse(&format!(
            "{}.{}.c2ln",
            b64url(br#"{"alg":"ES256"}"#),
            b64url(claims.as_bytes())
        ))
    }

    fn ctx(endpoint: &str, issuer: Option<&str>) -> Ctx {
        let mut c = Ctx::new(0, 60);
        c.expect.token_endpoint = Some(endpoint.into());
        c.expect.issuer = issuer.map(str::to_string);
        c
    }

    fn client() -> RoleGuess {
        RoleGuess::forced(Role::ClientAssertion, "test")
    }

    #[test]
    fn aud_on_another_host_is_an_error() {
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://other.example/token"}"#);
        let f = check(&t, &client(), &ctx("https://as.example/token", None), None);
        assert_eq!(f[0].code, "claim.aud_mismatch");
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn aud_on_the_same_host_may_be_the_issuer() {
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://as.example"}"#);
        let f = check(&t, &client(), &ctx("https://as.example/token", None), None);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            check(
                &t,
                &client(),
                &ctx("https://as.example/token", Some("https://as.example")),
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn near_misses_are_named() {
        let t = token(r#"{"iss":"c","sub":"c","aud":"https://as.example/token/"}"#);
        let f = check(&t, &client(), &ctx("https://as.example/token", None), None);
        assert!(f[0].message.contains("trailing slash"), "{}", f[0].message);
    }

    #[test]
    fn sub_must_be_the_client_id_sent() {
        let t = token(r#"{"iss":"a","sub":"a","aud":"https://as.example/token"}"#);
        let f = check(
            &t,
            &client(),
            &ctx("https://as.example/token", None),
            Some("b"),
        );
        assert_eq!(f[0].code, "claim.sub_client_id_mismatch");
        assert!(
            check(
                &t,
                &client(),
                &ctx("https://as.example/token", None),
                Some("a")
            )
            .is_empty()
        );
    }
}
