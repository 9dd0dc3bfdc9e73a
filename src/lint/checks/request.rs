//! Checks of the request envelope (RFC 7523 §2, RFC 6749 §2.3, §3.2): the parameters a
//! form body, URL, HTTP request or curl line sends with the token. They run only when the
//! input was such a request (`Subject::request`); a bare token has no envelope to judge.
//!
//! Each finding is reported once per request, on the token it concerns: the grant and
//! assertion-type rules on the token in `assertion` / `client_assertion`, request-wide
//! rules on the request's primary token (`Request::primary`).

use super::values::{near_miss, shown};
use crate::findings::Finding;
use crate::input::request::{
    CLIENT_ASSERTION_TYPE_JWT_BEARER as CLIENT_URN, Carrier, GRANT_TYPE_JWT_BEARER as GRANT_URN,
    Param, Request,
};
use crate::lint::{Ctx, Subject};

/// The request and the parameter that carries this token, for requests that carry an
/// assertion at all.
fn context<'a>(s: &Subject<'a>) -> Option<(&'a Request, &'a Param)> {
    let request = s.request?;
    request.primary()?;
    let carrier = request.carrier_of(&s.token.raw)?;
    Some((request, carrier))
}

/// This token is carried by the first parameter of that name (reports once per request).
fn first_of(request: &Request, carrier: &Param, name: &str) -> bool {
    carrier.name == name && request.get(name).is_some_and(|p| std::ptr::eq(p, carrier))
}

fn is_primary(request: &Request, carrier: &Param) -> bool {
    request.primary().is_some_and(|p| std::ptr::eq(p, carrier))
}

/// "jwt-bearer", "JWT_Bearer", "urn:…:grant_type:jwt-bearer": someone meant the JWT bearer URN.
fn mentions_jwt_bearer(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    v.contains("jwt") && v.contains("bearer")
}

/// Lower case, '-' for '_': the forms people mix up.
fn loose(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('_', "-")
}

/// Why `value` is not the URN `wanted` (the other URN being `swapped`).
fn why_not(value: &str, wanted: &str, swapped: &str, swapped_name: &str) -> String {
    if value == swapped {
        return format!("is the {swapped_name} URN: the two URNs are swapped");
    }
    if let Some(near) = near_miss(value, wanted) {
        return format!("{near}; servers compare it exactly");
    }
    if value.is_empty() {
        return "is empty".to_string();
    }
    let (v, w) = (loose(value), loose(wanted));
    let mut also = Vec::new();
    if value.trim().contains('_') {
        also.push("'_' where the URN has '-'");
    }
    if value.trim().to_ascii_lowercase() != value.trim() {
        also.push("upper-case letters");
    }
    if v == w || (w.ends_with(&v) && v.len() < w.len()) {
        let prefix = &wanted[..wanted.len() - v.len()];
        let mut why = if prefix.is_empty() {
            "has".to_string()
        } else {
            format!("lacks the {prefix} prefix")
        };
        if !also.is_empty() {
            if !prefix.is_empty() {
                why.push_str(" and has");
            }
            why.push(' ');
            why.push_str(&also.join(" and "));
        }
        return format!("{why}; servers compare the whole URN exactly");
    }
    if mentions_jwt_bearer(value) {
        return "is not the registered URN; servers compare it exactly".to_string();
    }
    "names something else".to_string()
}

/// A parameter name that differs from `name` only in case (servers treat it as absent).
fn case_variant<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .params
        .iter()
        .find(|p| p.name != name && p.name.eq_ignore_ascii_case(name))
        .map(|p| p.name.as_str())
}

fn missing_note(request: &Request, name: &str) -> String {
    case_variant(request, name)
        .map(|v| format!(" ({v} is sent, but parameter names are case-sensitive)"))
        .unwrap_or_default()
}

/// REQ-01: grant_type exactly urn:ietf:params:oauth:grant-type:jwt-bearer with `assertion`.
pub fn grant_type(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    let grant_type = request.get("grant_type").map(|p| p.value.as_str());
    let message = if first_of(request, carrier, "assertion") {
        match grant_type {
            Some(GRANT_URN) => return,
            None => format!(
                "the JWT is sent as assertion, but the request has no grant_type{}; a JWT bearer grant needs grant_type={GRANT_URN}",
                missing_note(request, "grant_type")
            ),
            Some(v) if v == CLIENT_URN || v.trim() == GRANT_URN || mentions_jwt_bearer(v) => {
                format!(
                    "grant_type {:?} {}",
                    shown(v),
                    why_not(v, GRANT_URN, CLIENT_URN, "client_assertion_type")
                )
            }
            Some(v) => format!(
                "grant_type is {:?}, but the JWT is sent as assertion, the parameter of the JWT bearer grant; to authenticate the client with a JWT, send it as client_assertion with client_assertion_type",
                shown(v)
            ),
        }
    } else if first_of(request, carrier, "client_assertion") && request.get("assertion").is_none() {
        // With an assertion in the request, grant_type is judged on that token.
        match grant_type {
            Some(GRANT_URN) => "grant_type is the JWT bearer grant, but there is no assertion parameter: the JWT is sent as client_assertion (client authentication); the grant reads its JWT from assertion".to_string(),
            Some(v) if v == CLIENT_URN || (v != GRANT_URN && mentions_jwt_bearer(v)) => format!(
                "grant_type {:?} {}; with a client assertion, grant_type names the grant the client wants (client_credentials, authorization_code, …)",
                shown(v),
                why_not(v, GRANT_URN, CLIENT_URN, "client_assertion_type")
            ),
            _ => return,
        }
    } else {
        return;
    };
    let mut f = Finding::new("request.grant_type", message).expected(GRANT_URN);
    if let Some(v) = grant_type {
        f = f.actual(shown(v));
    }
    out.push(f);
}

/// REQ-02: client_assertion_type exactly urn:ietf:params:oauth:client-assertion-type:jwt-bearer.
pub fn assertion_type(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    let assertion_type = request
        .get("client_assertion_type")
        .map(|p| p.value.as_str());
    let message = if first_of(request, carrier, "client_assertion") {
        match assertion_type {
            Some(CLIENT_URN) => return,
            None => format!(
                "client_assertion is sent without client_assertion_type{}; servers need client_assertion_type={CLIENT_URN} to read it",
                missing_note(request, "client_assertion_type")
            ),
            Some(v) => format!(
                "client_assertion_type {:?} {}",
                shown(v),
                why_not(v, CLIENT_URN, GRANT_URN, "grant_type")
            ),
        }
    } else if first_of(request, carrier, "assertion")
        && assertion_type.is_some()
        && request.get("client_assertion").is_none()
    {
        "client_assertion_type is sent, but the JWT is in assertion; client authentication reads the JWT from client_assertion".to_string()
    } else {
        return;
    };
    let mut f = Finding::new("request.assertion_type", message).expected(CLIENT_URN);
    if let Some(v) = assertion_type {
        f = f.actual(shown(v));
    }
    out.push(f);
}

/// REQ-03: one value per parameter; assertion and client_assertion hold a single JWT.
pub fn param_repeated(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    if !is_primary(request, carrier) {
        return;
    }
    let repeated = request.repeated();
    let Some(&(first, _)) = repeated.first() else {
        return;
    };
    let list: Vec<String> = repeated
        .iter()
        .map(|(name, n)| format!("{name} {n} times"))
        .collect();
    let assertion_note = if repeated
        .iter()
        .any(|(n, _)| matches!(*n, "assertion" | "client_assertion"))
    {
        "; RFC 7523: the assertion parameter MUST contain a single JWT"
    } else {
        ""
    };
    out.push(
        Finding::new(
            "request.param_repeated",
            format!(
                "the request sends {}; parameters must not be repeated (servers reject the request or read either value){assertion_note}",
                list.join(", ")
            ),
        )
        .expected(format!("{first} once"))
        .actual(list.join(", ")),
    );
}

/// REQ-03: the form value is the bare JWT, not "JWT", 'JWT' or "Bearer JWT".
pub fn assertion_quoted(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((_, carrier)) = context(s) else {
        return;
    };
    if !carrier.name.ends_with("assertion") {
        return;
    }
    let value = carrier.value.trim_start();
    let prefix = if value.starts_with(['"', '\'']) {
        "in quotes"
    } else if value
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    {
        "with a \"Bearer \" prefix"
    } else {
        return;
    };
    let at = value.find("eyJ").or_else(|| value.find("ewo")).unwrap_or(0);
    let start: String = value[..at].chars().take(12).collect();
    out.push(
        Finding::new(
            "request.assertion_quoted",
            format!(
                "the {} value is the JWT {prefix}; the server reads the whole value as the token and cannot parse it",
                carrier.name
            ),
        )
        .expected("the bare JWT: eyJ…")
        .actual(format!("{start}eyJ…")),
    );
}

/// REQ-05: client_id, when sent with a client assertion, names the same client as sub/iss.
pub fn client_id_mismatch(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    if !first_of(request, carrier, "client_assertion") {
        return;
    }
    let Some(client_id) = request.get("client_id").map(|p| p.value.as_str()) else {
        return;
    };
    let differing: Vec<(&str, &str)> = ["sub", "iss"]
        .into_iter()
        .filter_map(|name| s.token.claim_str(name).map(|v| (name, v)))
        .filter(|(_, v)| *v != client_id)
        .collect();
    let Some(&(first, value)) = differing.first() else {
        return;
    };
    let claims: Vec<String> = differing
        .iter()
        .map(|(n, v)| format!("{n} {:?}", shown(v)))
        .collect();
    let mut message = format!(
        "client_id {:?} in the request is not the assertion's {}; both must name the same client",
        shown(client_id),
        claims.join(" and ")
    );
    if let Some(near) = near_miss(value, client_id) {
        message.push_str(&format!(" ({first} {near})"));
    }
    out.push(
        Finding::new("request.client_id_mismatch", message)
            .claim(first)
            .expected(shown(client_id))
            .actual(shown(value)),
    );
}

/// REQ-06: one client authentication method per request. Reported on the client
/// assertion when there is one, else on the primary token.
pub fn multiple_auth(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    let anchored = if request.get("client_assertion").is_some() {
        first_of(request, carrier, "client_assertion")
    } else {
        is_primary(request, carrier)
    };
    if !anchored {
        return;
    }
    let mut methods: Vec<&str> = Vec::new();
    if request.get("client_assertion").is_some() {
        methods.push("client_assertion (private_key_jwt / client_secret_jwt)");
    }
    if request.get("client_secret").is_some() {
        methods.push("client_secret in the body (client_secret_post)");
    }
    methods.extend(request.http_auth);
    if methods.len() < 2 {
        return;
    }
    out.push(
        Finding::new(
            "request.multiple_auth",
            format!(
                "the request authenticates the client {} ways: {}; servers reject more than one method",
                methods.len(),
                methods.join(", ")
            ),
        )
        .expected("one client authentication method")
        .actual(methods.join(", ")),
    );
}

/// REQ-07: a JWT in the URL's query string.
pub fn assertion_in_query(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((_, carrier)) = context(s) else {
        return;
    };
    if carrier.carrier != Carrier::Query || !carrier.name.ends_with("assertion") {
        return;
    }
    out.push(
        Finding::new(
            "request.assertion_in_query",
            format!(
                "the JWT is sent in the URL query string (parameter {}): URLs are written to access logs and proxies, where anyone can replay it until it expires",
                carrier.name
            ),
        )
        .expected("the JWT in the POST body")
        .actual(format!("{} in the query string", carrier.name)),
    );
}

fn loopback(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| &h[1..]).unwrap_or("")
    } else {
        host.split(':').next().unwrap_or("")
    };
    name == "localhost" || name.ends_with(".localhost") || name.starts_with("127.") || name == "::1"
}

/// REQ-07: POST, application/x-www-form-urlencoded, HTTPS.
pub fn transport(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some((request, carrier)) = context(s) else {
        return;
    };
    if !is_primary(request, carrier) {
        return;
    }
    let mut problems: Vec<String> = Vec::new();
    if request.json_body {
        problems.push(
            "the body is JSON; token endpoints read application/x-www-form-urlencoded form fields"
                .to_string(),
        );
    } else if let Some(ct) = request.content_type.as_deref().filter(|ct| {
        !ct.to_ascii_lowercase()
            .starts_with("application/x-www-form-urlencoded")
    }) {
        problems.push(format!(
            "Content-Type is {:?}; token endpoints read application/x-www-form-urlencoded",
            shown(ct)
        ));
    }
    let query_jwt = request
        .params
        .iter()
        .any(|p| p.carrier == Carrier::Query && p.holds_jwt());
    if let Some(method) = request.method.as_deref() {
        // A JWT in the query is request.assertion_in_query, which says to POST it.
        if !method.eq_ignore_ascii_case("POST") && !query_jwt {
            problems.push(format!(
                "the method is {}; the token endpoint takes POST",
                shown(method)
            ));
        }
    }
    if let Some(url) = request.url.as_deref() {
        if url.starts_with("http://") && !loopback(url) {
            problems.push(
                "the URL is plain http://: the assertion crosses the network unencrypted, and token endpoints require TLS"
                    .to_string(),
            );
        }
    }
    if problems.is_empty() {
        return;
    }
    out.push(Finding::new("request.transport", problems.join("; ")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(loopback("http://localhost:8080/token"));
        assert!(loopback("http://127.0.0.1/token"));
        assert!(loopback("http://[::1]:9000/token"));
        assert!(loopback("http://user@localhost/token"));
        assert!(!loopback("http://as.example.com/token"));
        assert!(!loopback("http://localhost.evil.example/token"));
    }

    #[test]
    fn jwt_bearer_lookalikes() {
        assert!(mentions_jwt_bearer("jwt-bearer"));
        assert!(mentions_jwt_bearer(
            "urn:ietf:params:oauth:grant-type:JWT_Bearer"
        ));
        assert!(!mentions_jwt_bearer("client_credentials"));
        assert!(why_not(CLIENT_URN, GRANT_URN, CLIENT_URN, "x").contains("swapped"));
        assert!(why_not(&GRANT_URN.to_uppercase(), GRANT_URN, CLIENT_URN, "x").contains("case"));
        assert!(
            why_not(&format!("{GRANT_URN} "), GRANT_URN, CLIENT_URN, "x").contains("whitespace")
        );
        assert!(
            why_not("jwt-bearer", GRANT_URN, CLIENT_URN, "x")
                .contains("lacks the urn:ietf:params:oauth:grant-type: prefix")
        );
        assert!(
            why_not(
                "urn:ietf:params:oauth:grant_type:jwt_bearer",
                GRANT_URN,
                CLIENT_URN,
                "x"
            )
            .contains("'_'")
        );
    }
}
