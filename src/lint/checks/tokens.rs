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
    let Some((scheme, rest)) = v.split_once(':') else {
        return Some(format!("{:?} is not an absolute URI", shown(v)));
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() {
        return Some(format!("{:?} is not an absolute URI", shown(v)));
    }
    if v.contains('#') {
        return Some(format!(
            "{:?} has a fragment, which RFC 8707 §2 forbids",
            shown(v)
        ));
    }
    None
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
    if spec.claim_shapes.is_empty() {
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
    if !spec.required.contains(&"client_id") {
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
