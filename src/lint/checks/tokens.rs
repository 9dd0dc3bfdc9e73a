//! Checks the token profiles add: claim shapes (scope, resource, authorization_details,
//! at_hash, …), the client a token names (ID-JAG, RFC 9068), and an ID token's nonce and azp.

use super::claims::kind;
use super::values::{aud_values, near_miss, shown};
use crate::findings::Finding;
use crate::lint::profile::{ClaimShape, ValueKind};
use crate::lint::{Ctx, Role, Subject};
use serde_json::Value;

/// What is wrong with a present claim's value, if anything.
fn shape_problem(shape: &ClaimShape, value: &Value, alg: Option<&str>) -> Option<String> {
    match (shape.kind, value) {
        (ValueKind::String, Value::String(v)) if !v.is_empty() => None,
        (ValueKind::String, other) => {
            Some(format!("must be a non-empty string, found {}", kind(other)))
        }
        (ValueKind::ScopeString, Value::String(v)) => scope_problem(v),
        (ValueKind::ScopeString, Value::Array(_)) => Some(
            "is an array; scope is one string of space-separated values (\"a b\"), not a list"
                .into(),
        ),
        (ValueKind::ScopeString, other) => Some(format!("must be a string, found {}", kind(other))),
        (ValueKind::ResourceUris, Value::String(v)) => resource_problem(v),
        (ValueKind::ResourceUris, Value::Array(items)) if !items.is_empty() => {
            items.iter().find_map(|item| match item {
                Value::String(v) => resource_problem(v),
                other => Some(format!("holds {}; each value is a URI string", kind(other))),
            })
        }
        (ValueKind::ResourceUris, other) => Some(format!(
            "must be a URI or a non-empty array of URIs, found {}",
            kind(other)
        )),
        (ValueKind::AuthorizationDetails, Value::Array(items)) => {
            items.iter().enumerate().find_map(|(i, item)| match item {
                Value::Object(o) if o.get("type").is_some_and(Value::is_string) => None,
                Value::Object(_) => Some(format!("[{i}] has no string type member")),
                other => Some(format!(
                    "[{i}] is {}; each entry is a JSON object",
                    kind(other)
                )),
            })
        }
        (ValueKind::AuthorizationDetails, other) => Some(format!(
            "must be a JSON array of objects, found {}",
            kind(other)
        )),
        (ValueKind::StringArray, Value::Array(items)) if items.iter().all(Value::is_string) => None,
        (ValueKind::StringArray, Value::String(_)) => {
            Some("is a string; it must be an array of strings ([\"pwd\"])".into())
        }
        (ValueKind::StringArray, other) => Some(format!(
            "must be an array of strings, found {}",
            kind(other)
        )),
        (ValueKind::NumericDate, Value::Number(n)) if n.is_i64() || n.is_u64() => None,
        (ValueKind::NumericDate, other) => Some(format!(
            "must be a NumericDate (integer seconds), found {}",
            kind(other)
        )),
        (ValueKind::LeftHalfHash, Value::String(v)) => hash_problem(v, alg),
        (ValueKind::LeftHalfHash, other) => {
            Some(format!("must be a string, found {}", kind(other)))
        }
    }
}

fn scope_problem(v: &str) -> Option<String> {
    if v.trim().is_empty() {
        return Some("is empty".into());
    }
    if v.contains(',') && !v.contains(' ') {
        return Some("holds commas; scope values are separated by single spaces".into());
    }
    // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), joined by one space.
    let bad = v.split(' ').any(|t| {
        t.is_empty()
            || t.bytes()
                .any(|b| !(b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b)))
    });
    bad.then(|| {
        "is not space-separated scope tokens (RFC 6749 §3.3: single spaces, no quotes, backslashes or control characters)".into()
    })
}

/// RFC 8707 §2: an absolute URI, without a fragment.
fn resource_problem(v: &str) -> Option<String> {
    match url::Url::parse(v) {
        Err(_) => Some(format!("{:?} is not an absolute URI", shown(v))),
        Ok(u) if u.fragment().is_some() => Some(format!(
            "{:?} has a fragment, which RFC 8707 §2 forbids",
            shown(v)
        )),
        Ok(_) => None,
    }
}

/// base64url of the left half of the hash the alg names: 22 characters for the SHA-256
/// algs, 32 for SHA-384, 43 for SHA-512 (and EdDSA/Ed25519, which hash with SHA-512).
fn hash_problem(v: &str, alg: Option<&str>) -> Option<String> {
    if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Some("is not unpadded base64url".into());
    }
    let bits: usize = match alg? {
        a if a.ends_with("256") => 256,
        a if a.ends_with("384") => 384,
        a if a.ends_with("512") || a == "EdDSA" || a == "Ed25519" => 512,
        _ => return None,
    };
    let bytes = bits / 16;
    let chars = (bytes * 4).div_ceil(3);
    (v.len() != chars).then(|| {
        format!(
            "has {} characters; the left half of a {bits}-bit hash ({bytes} bytes) is {chars} in base64url",
            v.len()
        )
    })
}

/// Each claim the profile gives a shape, when present.
pub fn value_shape(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let spec = ctx.profile.spec();
    if spec.claim_shapes.is_empty() || !spec.judges(s.role.role) {
        return;
    }
    for shape in spec.claim_shapes {
        let Some(value) = s.token.claim(shape.claim) else {
            continue;
        };
        if let Some(problem) = shape_problem(shape, value, s.token.alg()) {
            let mut f = Finding::new(
                "claim.value_shape",
                format!("{} {problem} (the {} profile)", shape.claim, spec.profile),
            )
            .claim(shape.claim)
            .actual(shown(&value.to_string()));
            f.spec = Some(shape.spec);
            out.push(f);
        }
    }
}

/// The client a token names in its client_id claim (ID-JAG: the client authenticating at
/// the resource AS; RFC 9068: the client the token was issued to) against --client-id.
pub fn client_id_claim(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let spec = ctx.profile.spec();
    if !spec.required.contains(&"client_id") || !spec.judges(s.role.role) {
        return;
    }
    let (Some(expected), Some(actual)) = (
        ctx.expect.client_id.as_deref(),
        s.token.claim_str("client_id"),
    ) else {
        return;
    };
    if actual == expected {
        return;
    }
    let mut message = format!(
        "client_id {:?} is not the client {:?} (--client-id)",
        shown(actual),
        shown(expected)
    );
    if let Some(near) = near_miss(actual, expected) {
        message.push_str(&format!(" ({near})"));
    }
    message.push_str(&format!(
        "; the {} profile binds the token to that client",
        spec.profile
    ));
    out.push(
        Finding::new("claim.client_id_mismatch", message)
            .claim("client_id")
            .expected(shown(expected))
            .actual(shown(actual)),
    );
}

/// OIDC Core §3.1.3.7: nonce when the relying party sent one; azp with several audiences
/// (and then naming the client).
pub fn id_token(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    if ctx.profile.spec().token_role != Some(Role::IdToken) || s.token.claims.is_none() {
        return;
    }
    if let Some(sent) = ctx.expect.nonce.as_deref() {
        match s.token.claim_str("nonce") {
            None => out.push(
                Finding::new(
                    "claim.missing",
                    "nonce is missing; the authentication request sent one (--nonce), so OIDC Core §3.1.3.7 requires it back",
                )
                .claim("nonce")
                .expected(shown(sent)),
            ),
            Some(got) if got != sent => out.push(
                Finding::new(
                    "claim.nonce_mismatch",
                    format!(
                        "nonce {:?} is not the one the authentication request sent ({:?}, --nonce): a replayed or another session's ID token",
                        shown(got),
                        shown(sent)
                    ),
                )
                .claim("nonce")
                .expected(shown(sent))
                .actual(shown(got)),
            ),
            Some(_) => {}
        }
    }
    let audiences = s
        .token
        .claim("aud")
        .and_then(aud_values)
        .unwrap_or_default();
    let azp = s.token.claim_str("azp");
    if audiences.len() >= 2 && azp.is_none() {
        out.push(
            Finding::new(
                "claim.missing",
                format!(
                    "azp is missing; aud holds {} values, and OIDC Core §3.1.3.7 wants azp to name the client the ID token was issued to",
                    audiences.len()
                ),
            )
            .severity(crate::findings::Severity::Warning)
            .claim("azp"),
        );
    }
    if let (Some(azp), Some(client_id)) = (azp, ctx.expect.client_id.as_deref()) {
        if azp != client_id {
            out.push(
                Finding::new(
                    "claim.azp_mismatch",
                    format!(
                        "azp {:?} is not the client_id {:?} (--client-id): the ID token was issued to another client",
                        shown(azp),
                        shown(client_id)
                    ),
                )
                .claim("azp")
                .expected(shown(client_id))
                .actual(shown(azp)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Severity;
    use crate::jose::{Token, b64url};
    use crate::lint::profile::{Profile, ProfileFrom, from_token};
    use crate::lint::{self, RoleGuess, role};
    use serde_json::json;

    /// HS256 with a signature of the right length: only the claims and typ are judged.
    fn token(header: Value, claims: Value) -> Token {
        Token::parse(&format!(
            "{}.{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(claims.to_string().as_bytes()),
            b64url(&[7u8; 32])
        ))
    }

    fn with(mut base: Value, changes: Value) -> Value {
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                base.as_object_mut().unwrap().remove(k);
            } else {
                base[k] = v.clone();
            }
        }
        base
    }

    /// Judge as inspect does: guess the role, let the token pick its profile.
    fn judge(t: &Token, ctx: &mut Ctx) -> Vec<Finding> {
        let guess = crate::lint::profile::apply_flow(ctx.profile, role::guess(t, None));
        let role = ctx.pick_profile(t, guess);
        let subject = Subject {
            token: t,
            role: &role,
            request: None,
        };
        lint::run(&subject, ctx, lint::offline)
    }

    /// code, severity and claim of a finding.
    type Problem = (&'static str, Severity, Option<String>);
    /// name, header, claims, the problem planted.
    type Case<N> = (N, Value, Value, Problem);

    fn problems(findings: &[Finding]) -> Vec<Problem> {
        findings
            .iter()
            .filter(|f| f.severity > Severity::Info)
            .map(|f| (f.code, f.severity, f.claim.clone()))
            .collect()
    }

    /// The draft's §3.1 example ID-JAG (alg added; its signature is a placeholder).
    fn id_jag_example() -> (Value, Value) {
        (
            json!({"typ": "oauth-id-jag+jwt", "alg": "HS256"}),
            json!({
                "jti": "9e43f81b64a33f20116179",
                "iss": "https://acme.idp.example",
                "sub": "U019488227",
                "aud": "https://acme.chat.example/",
                "client_id": "f53f191f9311af35",
                "exp": 1311281970,
                "iat": 1311280970,
                "resource": "https://acme.chat.example/api",
                "scope": "chat.read chat.history",
                "auth_time": 1311280970,
                "amr": ["mfa", "phrh", "hwk", "user"]
            }),
        )
    }

    fn resource_as() -> Ctx {
        let mut ctx = Ctx::new(1311281000, 60);
        ctx.expect.issuer = Some("https://acme.chat.example/".into());
        ctx.expect.client_id = Some("f53f191f9311af35".into());
        ctx
    }

    #[test]
    fn the_drafts_example_id_jag_is_clean_under_its_own_profile() {
        let (h, c) = id_jag_example();
        let t = token(h, c);
        let mut ctx = resource_as();
        let found = judge(&t, &mut ctx);
        assert_eq!(ctx.profile, Profile::IdJag);
        assert_eq!(
            ctx.profile_from,
            ProfileFrom::Token("typ oauth-id-jag+jwt".into())
        );
        assert_eq!(problems(&found), vec![], "{found:#?}");
    }

    #[test]
    fn every_broken_id_jag_is_named() {
        let (h, c) = id_jag_example();
        let e = Severity::Error;
        let w = Severity::Warning;
        let claim = |n: &str| Some(n.to_string());
        let cases: Vec<Case<&str>> = vec![
            (
                "no iss",
                h.clone(),
                with(c.clone(), json!({"iss": null})),
                ("claim.missing", e, claim("iss")),
            ),
            (
                "no sub",
                h.clone(),
                with(c.clone(), json!({"sub": null})),
                ("claim.missing", e, claim("sub")),
            ),
            (
                "no aud",
                h.clone(),
                with(c.clone(), json!({"aud": null})),
                ("claim.missing", e, claim("aud")),
            ),
            (
                "no client_id",
                h.clone(),
                with(c.clone(), json!({"client_id": null})),
                ("claim.missing", e, claim("client_id")),
            ),
            (
                "no exp",
                h.clone(),
                with(c.clone(), json!({"exp": null})),
                ("claim.missing", e, claim("exp")),
            ),
            (
                "no iat",
                h.clone(),
                with(c.clone(), json!({"iat": null})),
                ("claim.missing", e, claim("iat")),
            ),
            (
                "no jti",
                h.clone(),
                with(c.clone(), json!({"jti": null})),
                ("claim.jti_missing", e, claim("jti")),
            ),
            (
                "typ JWT",
                json!({"typ": "JWT", "alg": "HS256"}),
                c.clone(),
                ("header.typ", e, claim("typ")),
            ),
            (
                "typ at+jwt",
                json!({"typ": "at+jwt", "alg": "HS256"}),
                c.clone(),
                ("header.typ", e, claim("typ")),
            ),
            (
                "wrong aud",
                h.clone(),
                with(c.clone(), json!({"aud": "https://acme.wiki.example/"})),
                ("claim.aud_mismatch", e, claim("aud")),
            ),
            (
                "token endpoint aud",
                h.clone(),
                with(
                    c.clone(),
                    json!({"aud": "https://acme.chat.example/oauth2/token"}),
                ),
                ("claim.aud_mismatch", e, claim("aud")),
            ),
            (
                "two auds",
                h.clone(),
                with(
                    c.clone(),
                    json!({"aud": ["https://acme.chat.example/", "https://other.example/"]}),
                ),
                ("claim.aud_multiple", e, claim("aud")),
            ),
            (
                "another client",
                h.clone(),
                with(c.clone(), json!({"client_id": "someone-else"})),
                ("claim.client_id_mismatch", e, claim("client_id")),
            ),
            (
                "a day long",
                h.clone(),
                with(c.clone(), json!({"exp": 1311280970 + 86_400})),
                ("claim.exp_lifetime", w, claim("exp")),
            ),
            (
                "scope array",
                h.clone(),
                with(c.clone(), json!({"scope": ["chat.read"]})),
                ("claim.value_shape", e, claim("scope")),
            ),
            (
                "resource host",
                h.clone(),
                with(c.clone(), json!({"resource": "acme.chat.example"})),
                ("claim.value_shape", e, claim("resource")),
            ),
            (
                "details object",
                h.clone(),
                with(
                    c.clone(),
                    json!({"authorization_details": {"type": "chat"}}),
                ),
                ("claim.value_shape", e, claim("authorization_details")),
            ),
            (
                "amr string",
                h.clone(),
                with(c.clone(), json!({"amr": "mfa"})),
                ("claim.value_shape", e, claim("amr")),
            ),
        ];
        for (name, header, claims, wanted) in cases {
            let t = token(header, claims);
            let mut ctx = resource_as();
            // The typ variants lose the typ that picks the profile: --profile says it.
            ctx.profile = Profile::IdJag;
            ctx.profile_from = ProfileFrom::Given;
            let found = judge(&t, &mut ctx);
            let got = problems(&found);
            assert!(
                got.contains(&wanted),
                "{name}: wanted {wanted:?}, got {got:?}"
            );
            assert_eq!(got.len(), 1, "{name}: one problem planted, got {got:?}");
        }
        // An array of exactly the issuer is allowed (§4.4.1).
        let t = token(h, with(c, json!({"aud": ["https://acme.chat.example/"]})));
        assert_eq!(problems(&judge(&t, &mut resource_as())), vec![]);
    }

    #[test]
    fn the_client_assertion_next_to_an_id_jag_is_judged_as_a_client_assertion() {
        // At the resource AS, the client authenticates with private_key_jwt next to the grant;
        // one context (profile id-jag) judges both tokens.
        let assertion = token(
            json!({"alg": "HS256", "typ": "client-authentication+jwt"}),
            json!({"iss": "f53f191f9311af35", "sub": "f53f191f9311af35", "aud": "https://acme.chat.example/",
                   "exp": 1311281100, "jti": "5e8f1a2b-9c3d-4e7f-8a1b-2c3d4e5f6a7b"}),
        );
        let mut ctx = resource_as();
        ctx.profile = Profile::IdJag;
        ctx.profile_from = ProfileFrom::Given;
        let role = RoleGuess::forced(crate::lint::Role::ClientAssertion, "client_assertion");
        let subject = Subject {
            token: &assertion,
            role: &role,
            request: None,
        };
        let found = lint::run(&subject, &ctx, lint::offline);
        assert_eq!(problems(&found), vec![], "{found:#?}");
    }

    #[test]
    fn an_untyped_id_jag_is_still_recognised_and_its_typ_named() {
        let (_, c) = id_jag_example();
        let t = token(json!({"alg": "HS256"}), c);
        let mut ctx = resource_as();
        let found = judge(&t, &mut ctx);
        assert_eq!(ctx.profile, Profile::IdJag);
        assert_eq!(
            problems(&found),
            vec![("header.typ", Severity::Error, Some("typ".into()))]
        );
    }

    /// OpenID Connect Core §2's example ID token claims.
    fn id_token_example() -> Value {
        json!({
            "iss": "https://server.example.com",
            "sub": "24400320",
            "aud": "s6BhdRkqt3",
            "nonce": "n-0S6_WzA2Mj",
            "exp": 1311281970,
            "iat": 1311280970,
            "auth_time": 1311280969,
            "acr": "urn:mace:incommon:iap:silver"
        })
    }

    fn relying_party() -> Ctx {
        let mut ctx = Ctx::new(1311281000, 60);
        ctx.expect.issuer = Some("https://server.example.com".into());
        ctx.expect.client_id = Some("s6BhdRkqt3".into());
        ctx.expect.nonce = Some("n-0S6_WzA2Mj".into());
        ctx
    }

    #[test]
    fn the_oidc_example_id_token_is_clean_and_not_called_a_non_assertion() {
        let t = token(json!({"alg": "HS256"}), id_token_example());
        let mut ctx = relying_party();
        let found = judge(&t, &mut ctx);
        assert_eq!(ctx.profile, Profile::OidcIdToken);
        assert_eq!(problems(&found), vec![], "{found:#?}");
        assert!(!found.iter().any(|f| f.code == "token.not_assertion"));
    }

    #[test]
    fn every_broken_id_token_is_named() {
        let c = id_token_example();
        let claim = |n: &str| Some(n.to_string());
        let e = Severity::Error;
        let w = Severity::Warning;
        let cases: Vec<Case<&str>> = vec![
            (
                "no iss",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"iss": null})),
                ("claim.missing", e, claim("iss")),
            ),
            (
                "no sub",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"sub": null})),
                ("claim.missing", e, claim("sub")),
            ),
            (
                "no exp",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"exp": null})),
                ("claim.missing", e, claim("exp")),
            ),
            (
                "no iat",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"iat": null})),
                ("claim.missing", e, claim("iat")),
            ),
            (
                "no nonce",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"nonce": null})),
                ("claim.missing", e, claim("nonce")),
            ),
            (
                "other nonce",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"nonce": "replayed"})),
                ("claim.nonce_mismatch", e, claim("nonce")),
            ),
            (
                "other issuer",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"iss": "https://server.example.com/"})),
                ("claim.iss_mismatch", e, claim("iss")),
            ),
            (
                "another client's",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"aud": "someone-else"})),
                ("claim.aud_mismatch", e, claim("aud")),
            ),
            (
                "two auds, no azp",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"aud": ["s6BhdRkqt3", "api"]})),
                ("claim.missing", w, claim("azp")),
            ),
            (
                "azp another",
                json!({"alg": "HS256"}),
                with(
                    c.clone(),
                    json!({"aud": ["s6BhdRkqt3", "api"], "azp": "api"}),
                ),
                ("claim.azp_mismatch", w, claim("azp")),
            ),
            (
                "at_hash short",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"at_hash": "77QmUPtjPfzWtF2A"})),
                ("claim.value_shape", e, claim("at_hash")),
            ),
            (
                "typ at+jwt",
                json!({"alg": "HS256", "typ": "at+jwt"}),
                c.clone(),
                ("header.typ", e, claim("typ")),
            ),
            (
                "expired",
                json!({"alg": "HS256"}),
                with(c.clone(), json!({"iat": 1311280000, "exp": 1311280900})),
                ("claim.exp_expired", e, claim("exp")),
            ),
        ];
        for (name, header, claims, wanted) in cases {
            let t = token(header, claims);
            let mut ctx = relying_party();
            ctx.profile = Profile::OidcIdToken;
            ctx.profile_from = ProfileFrom::Given;
            let found = judge(&t, &mut ctx);
            let got = problems(&found);
            assert!(
                got.contains(&wanted),
                "{name}: wanted {wanted:?}, got {got:?}"
            );
            assert_eq!(got.len(), 1, "{name}: one problem planted, got {got:?}");
        }
        // at_hash of the right length for RS256 (OIDC Core §A.3's value).
        let t = token(
            json!({"alg": "HS256"}),
            with(c, json!({"at_hash": "77QmUPtjPfzWtF2AnpK9RQ"})),
        );
        assert_eq!(problems(&judge(&t, &mut relying_party())), vec![]);
    }

    /// RFC 9068 §3's example access token (header and claims).
    fn access_token_example() -> (Value, Value) {
        (
            json!({"typ": "at+jwt", "alg": "HS256", "kid": "RjEwOwOA"}),
            json!({
                "iss": "https://authorization-server.example.com/",
                "sub": "5ba552d67",
                "aud": "https://rs.example.com/",
                "exp": 1639528912,
                "iat": 1618354090,
                "jti": "dbe39bf3a3ba4238a513f51d6e1691c4",
                "client_id": "s6BhdRkqt3",
                "scope": "openid profile reademail"
            }),
        )
    }

    fn resource_server() -> Ctx {
        let mut ctx = Ctx::new(1618354100, 60);
        ctx.expect.issuer = Some("https://authorization-server.example.com/".into());
        ctx.expect.audiences = vec!["https://rs.example.com/".into()];
        ctx
    }

    #[test]
    fn the_rfc9068_example_is_clean_under_its_own_profile() {
        let (h, c) = access_token_example();
        let t = token(h, c);
        let mut ctx = resource_server();
        let found = judge(&t, &mut ctx);
        assert_eq!(ctx.profile, Profile::Rfc9068);
        assert_eq!(problems(&found), vec![], "{found:#?}");
    }

    #[test]
    fn every_broken_access_token_is_named() {
        let (h, c) = access_token_example();
        let claim = |n: &str| Some(n.to_string());
        let e = Severity::Error;
        let mut cases: Vec<Case<String>> = Vec::new();
        for name in ["iss", "exp", "aud", "sub", "client_id", "iat"] {
            cases.push((
                format!("no {name}"),
                h.clone(),
                with(c.clone(), json!({ name: null })),
                ("claim.missing", e, claim(name)),
            ));
        }
        cases.extend([
            (
                "no jti".to_string(),
                h.clone(),
                with(c.clone(), json!({"jti": null})),
                ("claim.jti_missing", e, claim("jti")),
            ),
            (
                "no typ".to_string(),
                json!({"alg": "HS256"}),
                c.clone(),
                ("header.typ", e, claim("typ")),
            ),
            (
                "typ JWT".to_string(),
                json!({"alg": "HS256", "typ": "JWT"}),
                c.clone(),
                ("header.typ", e, claim("typ")),
            ),
            (
                "another issuer".to_string(),
                h.clone(),
                with(c.clone(), json!({"iss": "https://other.example.com/"})),
                ("claim.iss_mismatch", e, claim("iss")),
            ),
            (
                "another audience".to_string(),
                h.clone(),
                with(c.clone(), json!({"aud": "https://other-rs.example.com/"})),
                ("claim.aud_mismatch", e, claim("aud")),
            ),
            (
                "scope list".to_string(),
                h.clone(),
                with(c.clone(), json!({"scope": ["openid", "profile"]})),
                ("claim.value_shape", e, claim("scope")),
            ),
            (
                "details string".to_string(),
                h.clone(),
                with(c.clone(), json!({"authorization_details": "payment"})),
                ("claim.value_shape", e, claim("authorization_details")),
            ),
            (
                "details untyped".to_string(),
                h.clone(),
                with(
                    c.clone(),
                    json!({"authorization_details": [{"actions": ["read"]}]}),
                ),
                ("claim.value_shape", e, claim("authorization_details")),
            ),
        ]);
        for (name, header, claims, wanted) in cases {
            let t = token(header, claims);
            let mut ctx = resource_server();
            ctx.profile = Profile::Rfc9068;
            ctx.profile_from = ProfileFrom::Given;
            let found = judge(&t, &mut ctx);
            let got = problems(&found);
            assert!(
                got.contains(&wanted),
                "{name}: wanted {wanted:?}, got {got:?}"
            );
            assert_eq!(got.len(), 1, "{name}: one problem planted, got {got:?}");
        }
    }

    #[test]
    fn only_typ_or_an_id_token_guess_picks_a_profile() {
        let plain = token(json!({"alg": "HS256"}), json!({"iss": "a", "sub": "b"}));
        let guess = role::guess(&plain, None);
        assert_eq!(from_token(&plain, &guess), None);
        // An access token by its claims alone keeps the default: not every vendor token is RFC 9068.
        let vendor = token(
            json!({"alg": "HS256", "typ": "JWT"}),
            json!({"iss": "https://as", "sub": "u", "scope": "a", "client_id": "c"}),
        );
        let guess = role::guess(&vendor, None);
        assert_eq!(guess.role, crate::lint::Role::AccessToken);
        assert_eq!(from_token(&vendor, &guess), None);
        // A forced role is the user's word: no profile from a guess.
        let id = token(json!({"alg": "HS256"}), id_token_example());
        let forced = RoleGuess::forced(crate::lint::Role::IdToken, "--flow");
        assert_eq!(from_token(&id, &forced), None);
        // --profile wins over the token's typ.
        let (h, c) = id_jag_example();
        let t = token(h, c);
        let mut ctx = resource_as();
        ctx.profile = Profile::Rfc7523;
        ctx.profile_from = ProfileFrom::Given;
        judge(&t, &mut ctx);
        assert_eq!(ctx.profile, Profile::Rfc7523);
    }

    #[test]
    fn scope_strings() {
        assert_eq!(scope_problem("chat.read chat.history"), None);
        assert!(scope_problem("a,b").is_some());
        assert!(scope_problem("a  b").is_some());
        assert!(scope_problem(" ").is_some());
        assert!(scope_problem("a\"b").is_some());
    }

    #[test]
    fn resources() {
        assert_eq!(resource_problem("https://acme.chat.example/api"), None);
        assert_eq!(resource_problem("urn:example:api"), None);
        assert!(resource_problem("acme.chat.example").is_some());
        assert!(resource_problem("https://api.example/#x").is_some());
    }

    #[test]
    fn left_half_hashes() {
        // OIDC Core §A.3's at_hash for RS256: 22 characters.
        assert_eq!(hash_problem("77QmUPtjPfzWtF2AnpK9RQ", Some("RS256")), None);
        assert!(hash_problem("77QmUPtjPfzWtF2AnpK9RQ", Some("ES384")).is_some());
        assert!(hash_problem("77QmUPtjPfzWtF2AnpK9RQ==", Some("RS256")).is_some());
        assert_eq!(hash_problem("anything_goes", Some("none")), None);
    }
}
