//! `replay --from FILE`: the token request a capture holds (a HAR, a curl transcript, HTTP
//! messages, a curl command), taken apart into what replay sends: the endpoint, the flow,
//! the assertion, and every other field as it was. Secrets are never taken from the file:
//! a request that authenticated with a client secret says so, and replay asks for it.

use super::{CLIENT_ASSERTION_TYPE, JWT_BEARER_GRANT};
use crate::exit::Hint;
use crate::input::capture::Capture;
use crate::lint::Flow;
use crate::triage;
use anyhow::Result;

/// Fields replay builds itself; every other field is sent again as a `--param`.
const BUILT: &[&str] = &[
    "grant_type",
    "assertion",
    "client_assertion",
    "client_assertion_type",
    "client_id",
    "client_secret",
    "scope",
    "resource",
];

pub struct Captured {
    /// "entry 4 of support.har".
    pub origin: String,
    pub url: String,
    pub flow: Flow,
    /// The assertion under test: the grant, or the client assertion.
    pub assertion: String,
    /// Grant flow: the client assertion that authenticated the client beside the grant.
    pub client_assertion: Option<String>,
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub scope: Option<String>,
    pub resources: Vec<String>,
    pub params: Vec<(String, String)>,
    /// The captured request authenticated with a client secret ("client_secret_basic",
    /// "client_secret_post"), which is not in what replay takes from the file.
    pub secret_auth: Option<&'static str>,
}

/// The token call to send again: the only one, or the `call`-th (as triage numbers them).
pub fn pick(capture: &Capture, call: Option<u64>, name: &str) -> Result<Captured> {
    let evidence = triage::evidence(&capture.exchanges);
    let calls = triage::token_calls(&capture.exchanges, &evidence);
    let origins: Vec<String> = calls
        .iter()
        .map(|(e, _)| e.origin.clone().unwrap_or_default())
        .collect();
    let chosen = match (call, calls.len()) {
        (_, 0) => {
            return Err(Hint::new(
                format!(
                    "{name} holds no token request to send again: {}",
                    triage::describe_contents(&capture.exchanges, &evidence)
                ),
                "give the assertion as TOKEN and the endpoint with --token-endpoint",
            ));
        }
        (None, 1) => 0,
        (None, n) => {
            return Err(Hint::new(
                format!("{name} holds {n} token calls ({})", origins.join(", ")),
                "choose one with --call N (1 is the first; `jwtgrant triage FILE` lists them)",
            ));
        }
        (Some(n), total) => match usize::try_from(n).ok().and_then(|n| n.checked_sub(1)) {
            Some(i) if i < total => i,
            _ => {
                return Err(Hint::new(
                    format!("--call {n}, but {name} holds {total} token call(s)"),
                    "calls are numbered from 1, as `jwtgrant triage FILE` lists them",
                ));
            }
        },
    };
    let (exchange, _) = calls
        .get(chosen)
        .ok_or_else(|| anyhow::anyhow!("no token call {}", chosen + 1))?;
    let origin = exchange.origin.clone().unwrap_or_else(|| name.to_string());
    let Some(request) = &exchange.request else {
        return Err(Hint::new(
            format!("{origin}: the request is not in the file"),
            "give the assertion as TOKEN and the endpoint with --token-endpoint",
        ));
    };
    let field = |n: &str| request.field(n).map(str::to_string);
    let grant_type = field("grant_type");
    let is_grant = grant_type.as_deref() == Some(JWT_BEARER_GRANT) || field("assertion").is_some();
    let (flow, assertion, client_assertion) = match (
        is_grant,
        field("assertion"),
        field("client_assertion"),
    ) {
        (true, Some(grant), client) => (Flow::Grant, grant, client),
        (_, _, Some(client)) => (Flow::Client, client, None),
        _ => {
            return Err(Hint::new(
                format!("{origin}: the request carries no assertion jwtgrant can read"),
                "curl -v does not show the request body: paste the curl command above the transcript, use curl --trace-ascii, or give the assertion as TOKEN",
            ));
        }
    };
    let secret_auth = if request.basic_user.is_some() {
        Some("client_secret_basic")
    } else if field("client_secret").is_some() {
        Some("client_secret_post")
    } else {
        None
    };
    let params = request
        .form
        .iter()
        .filter(|(n, _)| !BUILT.contains(&n.as_str()))
        .cloned()
        .collect();
    let resources = request
        .form
        .iter()
        .filter(|(n, _)| n == "resource")
        .map(|(_, v)| v.clone())
        .collect();
    let captured_type = field("client_assertion_type");
    let mut extra: Vec<(String, String)> = params;
    // a non-standard client_assertion_type is part of what was sent, and of what failed
    if let Some(t) = captured_type.filter(|t| t != CLIENT_ASSERTION_TYPE) {
        extra.push(("client_assertion_type".to_string(), t));
    }
    Ok(Captured {
        origin,
        url: crate::exchange::without_userinfo(&request.url),
        flow,
        assertion,
        client_assertion,
        grant_type: grant_type.filter(|_| flow == Flow::Client),
        client_id: request.client_id().map(str::to_string),
        scope: field("scope"),
        resources,
        params: extra,
        secret_auth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::capture;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";

    #[test]
    fn a_curl_command_is_taken_apart() {
        let cmd = format!(
            "curl https://as.example.com/token -d grant_type=client_credentials -d client_id=app -d scope=read -d resource=https://api -d audience=x --data-urlencode client_assertion={T}"
        );
        let c = pick(&capture::read(&cmd, "cmd.txt"), None, "cmd.txt").unwrap();
        assert_eq!(c.flow, Flow::Client);
        assert_eq!(c.url, "https://as.example.com/token");
        assert_eq!(c.assertion, T);
        assert_eq!(c.grant_type.as_deref(), Some("client_credentials"));
        assert_eq!(c.client_id.as_deref(), Some("app"));
        assert_eq!(c.scope.as_deref(), Some("read"));
        assert_eq!(c.resources, ["https://api"]);
        assert_eq!(c.params, [("audience".to_string(), "x".to_string())]);
        assert!(c.secret_auth.is_none());
    }

    #[test]
    fn grants_secrets_and_several_calls() {
        let cmd = format!(
            "curl -u app:pw https://as.example.com/token -d grant_type={JWT_BEARER_GRANT} -d assertion={T}"
        );
        let c = pick(&capture::read(&cmd, "x"), None, "x").unwrap();
        assert_eq!(c.flow, Flow::Grant);
        assert_eq!(c.client_id.as_deref(), Some("app"));
        assert_eq!(c.secret_auth, Some("client_secret_basic"));
        let two = format!(
            "POST /t HTTP/1.1\nHost: a\n\nclient_assertion={T}&grant_type=x\n\nHTTP/1.1 401 Unauthorized\n\n{{}}\n\nPOST /t HTTP/1.1\nHost: a\n\nclient_assertion={T}&grant_type=x\n"
        );
        // (no Debug for Captured: it holds a whole assertion)
        let Err(err) = pick(&capture::read(&two, "d"), None, "d") else {
            panic!("two calls need --call");
        };
        assert!(err.to_string().contains("holds 2 token calls"), "{err}");
        assert!(pick(&capture::read(&two, "d"), Some(2), "d").is_ok());
        assert!(pick(&capture::read(&two, "d"), Some(3), "d").is_err());
    }
}
