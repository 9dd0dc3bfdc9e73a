//! Every refusal the token logic can produce, driven one by one, parsed with RFC 6749 §5.2's
//! grammar: `error` and `error_description` keep to %x20-21 / %x23-5B / %x5D-7E, and the
//! description ends in the bracketed finding code. A guard checks that every finding code
//! written in token.rs was produced by some case, so a new refusal needs a case here.

use super::*;
use crate::jose::{Signer, b64url, sign_compact, sign_es256_pkcs8};
use crate::redact::Secret;
use crate::serve::refusal::is_wire_safe;
use serde_json::Map;

const DEMO: &[u8] = include_bytes!("../example/demo-key-es256.pk8");
const NOW: i64 = 1_764_079_200;
const ISSUER: &str = "http://127.0.0.1:9";
const IDP: &str = "https://idp.example";
const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

fn demo_keys() -> KeySet {
    let mut set = keys::parse_bytes(DEMO, "demo key").expect("the demo key loads");
    set.keys[0].kid = Some("k1".into());
    set.keys[0].private = None;
    set
}

fn client(id: &str) -> Client {
    Client {
        id: id.into(),
        jwks: None,
        secret: None,
        secret_intent: crate::keys::Intent::default(),
        method: None,
        alg: None,
        grant_types: Vec::new(),
    }
}

fn config() -> Config {
    let mut c = Config::new(ISSUER);
    c.clients.push(Client {
        jwks: Some(demo_keys()),
        ..client("app")
    });
    c.clients.push(Client {
        secret: Some(Secret::new(SECRET.to_vec())),
        secret_intent: crate::keys::Intent::default(),
        ..client("sec")
    });
    c.clients.push(Client {
        secret: Some(Secret::new(SECRET.to_vec())),
        secret_intent: crate::keys::Intent::default(),
        method: Some("client_secret_basic".into()),
        ..client("basic-only")
    });
    c.clients.push(client("public"));
    c.clients.push(Client {
        jwks: Some(demo_keys()),
        grant_types: vec![JWT_BEARER_GRANT.into()],
        ..client("grants-only")
    });
    c.clients.push(Client {
        jwks: Some(demo_keys()),
        alg: Some("RS256".into()),
        ..client("rs256-only")
    });
    c.issuers.push(super::super::config::TrustedIssuer {
        issuer: IDP.into(),
        jwks: demo_keys(),
        alg: None,
        subjects: Some(vec!["alice".into()]),
        id_jag_only: false,
    });
    c.issuers.push(super::super::config::TrustedIssuer {
        issuer: "https://strict.example".into(),
        jwks: demo_keys(),
        alg: Some("PS256".into()),
        subjects: None,
        id_jag_only: false,
    });
    c.issuers.push(super::super::config::TrustedIssuer {
        issuer: JAG_IDP.into(),
        jwks: demo_keys(),
        alg: None,
        subjects: None,
        id_jag_only: true,
    });
    let mut idp = super::super::config::IdJagIssuer::generated().expect("a generated key");
    idp.audiences = vec![RESOURCE_AS.into()];
    c.id_jag = Some(idp);
    c.resources = vec!["https://api.example/".into()];
    c
}

/// The IdP whose ID-JAGs this server takes (`--trust-id-jag`), and the audience it issues for.
const JAG_IDP: &str = "https://jag-idp.example";
const RESOURCE_AS: &str = "https://as.example";

fn id_token_claims(changes: Value) -> Map<String, Value> {
    let base = json!({"iss": IDP, "sub": "alice", "aud": "public", "iat": NOW, "exp": NOW + 600, "nonce": "n"});
    claims(base, &changes)
}

fn id_jag_claims(changes: Value) -> Map<String, Value> {
    let base = json!({"iss": JAG_IDP, "sub": "alice", "aud": ISSUER, "client_id": "public",
        "iat": NOW, "exp": NOW + 300, "jti": "jag1", "resource": "https://api.example/", "scope": "read"});
    claims(base, &changes)
}

fn id_jag(typ: &str, claims: &Map<String, Value>) -> String {
    let mut header = Map::new();
    header.insert("kid".into(), "k1".into());
    header.insert("typ".into(), typ.into());
    sign_es256_pkcs8(&header, claims, DEMO).expect("the demo key signs")
}

/// A token exchange by the public client `public`, with `changes` to its fields (an empty
/// value drops the field).
fn exchange_form(subject: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = pairs(&[
        ("grant_type", crate::idjag::TOKEN_EXCHANGE_GRANT),
        ("client_id", "public"),
        ("subject_token", subject),
        ("subject_token_type", crate::idjag::ID_TOKEN_TYPE),
        ("requested_token_type", crate::idjag::ID_JAG_TYPE),
        ("audience", RESOURCE_AS),
        ("resource", "https://api.example/"),
        ("scope", "read"),
    ]);
    for (name, value) in changes {
        form.retain(|(n, _)| n != name);
        if !value.is_empty() {
            form.push((name.to_string(), value.to_string()));
        }
    }
    form
}

fn claims(base: Value, changes: &Value) -> Map<String, Value> {
    let mut claims = base.as_object().expect("claims are an object").clone();
    for (k, v) in changes.as_object().expect("changes are an object") {
        if v.is_null() {
            claims.remove(k);
        } else {
            claims.insert(k.clone(), v.clone());
        }
    }
    claims
}

fn client_claims(id: &str, changes: Value) -> Map<String, Value> {
    let base =
        json!({"iss": id, "sub": id, "aud": ISSUER, "iat": NOW, "exp": NOW + 60, "jti": "j1"});
    claims(base, &changes)
}

fn grant_claims(changes: Value) -> Map<String, Value> {
    let base = json!({"iss": IDP, "sub": "alice", "aud": ISSUER, "iat": NOW, "exp": NOW + 60, "jti": "g1"});
    claims(base, &changes)
}

fn es256(kid: &str, claims: &Map<String, Value>) -> String {
    let mut header = Map::new();
    header.insert("kid".into(), kid.into());
    sign_es256_pkcs8(&header, claims, DEMO).expect("the demo key signs")
}

fn hs256(secret: &[u8], claims: &Map<String, Value>) -> String {
    let signer = Signer::hmac(Alg::HS256, &Secret::new(secret.to_vec())).expect("an HMAC signer");
    sign_compact(&Map::new(), claims, &signer).expect("HMAC signs")
}

/// A token with any header (alg none, an unknown alg), signature "AAAA".
fn raw(header: Value, claims: &Map<String, Value>) -> String {
    format!(
        "{}.{}.AAAA",
        b64url(header.to_string().as_bytes()),
        b64url(Value::Object(claims.clone()).to_string().as_bytes())
    )
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn client_form(token: &str) -> Vec<(String, String)> {
    pairs(&[
        ("grant_type", "client_credentials"),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", token),
    ])
}

fn grant_form(token: &str) -> Vec<(String, String)> {
    pairs(&[("grant_type", JWT_BEARER_GRANT), ("assertion", token)])
}

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        data_encoding::BASE64.encode(format!("{id}:{secret}").as_bytes())
    )
}

struct Case {
    what: &'static str,
    form: Vec<(String, String)>,
    authorization: Option<String>,
    code: &'static str,
}

fn case(what: &'static str, form: Vec<(String, String)>, code: &'static str) -> Case {
    Case {
        what,
        form,
        authorization: None,
        code,
    }
}

fn cases() -> Vec<Case> {
    let cc = |changes: Value| client_form(&es256("k1", &client_claims("app", changes)));
    let grant = |changes: Value| grant_form(&es256("k1", &grant_claims(changes)));
    let mut repeated = cc(json!({}));
    repeated.push(("grant_type".into(), "client_credentials".into()));
    let mut two_methods = cc(json!({}));
    two_methods.push(("client_secret".into(), "x".into()));
    let mut id_differs = cc(json!({}));
    id_differs.push(("client_id".into(), "someone \"else\" §".into()));
    let mut used = vec![
        case("repeated parameter", repeated, "server.request_invalid"),
        case(
            "no grant_type",
            pairs(&[("scope", "x")]),
            "server.request_invalid",
        ),
        case(
            "client_credentials without authentication",
            pairs(&[("grant_type", "client_credentials")]),
            "server.request_invalid",
        ),
        case(
            "unsupported grant_type",
            pairs(&[("grant_type", "pass\"word\\ é")]),
            "server.request_invalid",
        ),
        case(
            "grant_type not registered for the client",
            client_form(&es256("k1", &client_claims("grants-only", json!({})))),
            "server.not_allowed",
        ),
        case(
            "method not registered for the client",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_id", "basic-only"),
                (
                    "client_secret",
                    std::str::from_utf8(SECRET).expect("the secret is ASCII"),
                ),
            ]),
            "server.not_allowed",
        ),
        case(
            "two client authentication methods",
            two_methods,
            "server.request_invalid",
        ),
        case(
            "client_secret without client_id",
            pairs(&[("grant_type", "client_credentials"), ("client_secret", "x")]),
            "server.request_invalid",
        ),
        case(
            "unknown client_id",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_id", "gh\"ost"),
            ]),
            "server.client_unknown",
        ),
        case(
            "confidential client without credentials",
            pairs(&[("grant_type", "client_credentials"), ("client_id", "app")]),
            "server.request_invalid",
        ),
        case(
            "secret for an unknown client",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_id", "nobody"),
                ("client_secret", "x"),
            ]),
            "server.client_unknown",
        ),
        case(
            "secret for a key client",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_id", "app"),
                ("client_secret", "x"),
            ]),
            "server.not_allowed",
        ),
        case(
            "wrong secret",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_id", "sec"),
                ("client_secret", "wrong"),
            ]),
            "server.credential_invalid",
        ),
        case(
            "client assertion that is no JWS",
            client_form("not.a.jws"),
            "token.malformed",
        ),
        case(
            "wrong client_assertion_type",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:\"other\""),
                ("client_assertion", "x"),
            ]),
            "server.request_invalid",
        ),
        case(
            "client_assertion_type missing",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_assertion", "x"),
            ]),
            "server.request_invalid",
        ),
        case(
            "client_assertion missing",
            pairs(&[
                ("grant_type", "client_credentials"),
                ("client_assertion_type", CLIENT_ASSERTION_TYPE),
            ]),
            "server.request_invalid",
        ),
        case("sub missing", cc(json!({"sub": null})), "claim.missing"),
        case(
            "sub names no client",
            client_form(&es256("k1", &client_claims("gh\"ost§", json!({})))),
            "server.client_unknown",
        ),
        case(
            "client_id differs from sub",
            id_differs,
            "claim.sub_client_id_mismatch",
        ),
        case("iss missing", cc(json!({"iss": null})), "claim.missing"),
        case(
            "iss differs from sub",
            cc(json!({"iss": "o\"ther"})),
            "claim.iss_sub_mismatch",
        ),
        case(
            "alg none",
            client_form(&raw(
                json!({"alg": "none"}),
                &client_claims("app", json!({})),
            )),
            "header.alg_none",
        ),
        case(
            "alg not the registered one",
            client_form(&es256("k1", &client_claims("rs256-only", json!({})))),
            "header.alg_unexpected",
        ),
        case(
            "HS256 for a client without a secret",
            client_form(&hs256(SECRET, &client_claims("app", json!({})))),
            "header.alg_unexpected",
        ),
        case(
            "ES256 for a client with only a secret",
            client_form(&es256("k1", &client_claims("sec", json!({})))),
            "header.alg_unexpected",
        ),
        case(
            "unknown kid",
            client_form(&es256("k\"2", &client_claims("app", json!({})))),
            "header.kid_unknown",
        ),
        case(
            "wrong client secret",
            client_form(&hs256(
                b"another secret, 32 bytes long!!!",
                &client_claims("sec", json!({})),
            )),
            "signature.invalid",
        ),
        case(
            "an alg jwtgrant does not verify",
            client_form(&raw(
                json!({"alg": "PS999", "kid": "k1"}),
                &client_claims("app", json!({})),
            )),
            "header.alg_unexpected",
        ),
        case(
            "assertion missing",
            pairs(&[("grant_type", JWT_BEARER_GRANT)]),
            "server.request_invalid",
        ),
        case("grant that is no JWS", grant_form("x.y"), "token.malformed"),
        case(
            "grant iss missing",
            grant(json!({"iss": null})),
            "claim.missing",
        ),
        case(
            "grant issuer untrusted",
            grant(json!({"iss": "https://evil.example/\"§"})),
            "server.issuer_untrusted",
        ),
        case(
            "grant alg none",
            grant_form(&raw(json!({"alg": "none"}), &grant_claims(json!({})))),
            "header.alg_none",
        ),
        case(
            "grant alg not the registered one",
            grant(json!({"iss": "https://strict.example"})),
            "header.alg_unexpected",
        ),
        case(
            "grant with a bad signature",
            grant_form(&raw(
                json!({"alg": "ES256", "kid": "k1"}),
                &grant_claims(json!({})),
            )),
            "signature.invalid",
        ),
        case(
            "grant sub missing",
            grant(json!({"sub": null})),
            "claim.missing",
        ),
        case(
            "grant subject not allowed",
            grant(json!({"sub": "mallory \"§\""})),
            "server.subject_unknown",
        ),
        case(
            "exp not a number",
            cc(json!({"exp": "so\"on"})),
            "claim.time_units",
        ),
        case("aud missing", cc(json!({"aud": null})), "claim.missing"),
        case("aud not a string", cc(json!({"aud": 5})), "claim.missing"),
        case(
            "aud with several values",
            cc(json!({"aud": [ISSUER, "x"]})),
            "claim.aud_multiple",
        ),
        case(
            "aud the token endpoint",
            cc(json!({"aud": format!("{ISSUER}/token")})),
            "claim.aud_mismatch",
        ),
        case(
            "grant aud elsewhere",
            grant(json!({"aud": "https://other.example/\"é"})),
            "claim.aud_mismatch",
        ),
        case("exp missing", cc(json!({"exp": null})), "claim.missing"),
        case(
            "expired",
            cc(json!({"exp": NOW - 600, "iat": NOW - 700})),
            "claim.exp_expired",
        ),
        case(
            "not yet valid",
            cc(json!({"nbf": NOW + 600, "exp": NOW + 900})),
            "claim.nbf_future",
        ),
        case(
            "issued in the future",
            cc(json!({"iat": NOW + 600, "exp": NOW + 900})),
            "claim.iat_future",
        ),
        case(
            "lives too long",
            cc(json!({"exp": NOW + 7200})),
            "claim.exp_lifetime",
        ),
        case("jti missing", cc(json!({"jti": null})), "claim.jti_missing"),
    ];
    used.push(Case {
        what: "Basic credentials that do not decode",
        form: pairs(&[("grant_type", "client_credentials")]),
        authorization: Some("Basic %%%".into()),
        code: "server.request_invalid",
    });
    let good_id = es256("k1", &id_token_claims(json!({})));
    let tx = |changes: &[(&str, &str)]| exchange_form(&good_id, changes);
    let subject = |changes: Value| exchange_form(&es256("k1", &id_token_claims(changes)), &[]);
    used.extend([
        case(
            "token exchange: another requested_token_type",
            tx(&[(
                "requested_token_type",
                "urn:ietf:params:oauth:token-type:access_token",
            )]),
            "server.token_type_unsupported",
        ),
        case(
            "token exchange: no requested_token_type",
            tx(&[("requested_token_type", "")]),
            "server.token_type_unsupported",
        ),
        case(
            "token exchange: a subject_token_type other than id_token",
            tx(&[("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")]),
            "server.token_type_unsupported",
        ),
        case(
            "token exchange: no subject_token_type",
            tx(&[("subject_token_type", "")]),
            "server.request_invalid",
        ),
        case(
            "token exchange: no audience",
            tx(&[("audience", "")]),
            "server.request_invalid",
        ),
        case(
            "token exchange: an audience the IdP does not serve",
            tx(&[("audience", "https://other \"as\" §")]),
            "server.audience_unknown",
        ),
        case(
            "token exchange: no subject_token",
            tx(&[("subject_token", "")]),
            "server.request_invalid",
        ),
        case(
            "token exchange: no client",
            tx(&[("client_id", "")]),
            "server.request_invalid",
        ),
        case(
            "token exchange: a malformed subject_token",
            tx(&[("subject_token", "not.a.jwt")]),
            "token.malformed",
        ),
        case(
            "token exchange: an ID token from an untrusted issuer",
            subject(json!({"iss": "https://evil.example"})),
            "server.issuer_untrusted",
        ),
        case(
            "token exchange: an ID token of another client",
            subject(json!({"aud": "someone-else"})),
            "claim.aud_mismatch",
        ),
        case(
            "token exchange: an expired ID token",
            subject(json!({"iat": NOW - 7200, "exp": NOW - 3600})),
            "claim.exp_expired",
        ),
        case(
            "token exchange: a subject the issuer may not assert",
            subject(json!({"sub": "mallory"})),
            "server.subject_unknown",
        ),
        case(
            "token exchange: an ID token without sub",
            subject(json!({"sub": null})),
            "claim.missing",
        ),
        case(
            "token exchange: an ID token without iat (the oidc-id-token profile requires it)",
            subject(json!({"iat": null})),
            "claim.missing",
        ),
        case(
            "token exchange: an ID token without iss",
            subject(json!({"iss": null})),
            "claim.missing",
        ),
        case(
            "token exchange: an unsigned ID token",
            exchange_form(
                &raw(json!({"alg": "none"}), &id_token_claims(json!({}))),
                &[],
            ),
            "header.alg_none",
        ),
        case(
            "token exchange: an ID token in an alg its issuer is not registered for",
            subject(json!({"iss": "https://strict.example"})),
            "header.alg_unexpected",
        ),
        case(
            "token exchange: an ID token with an unknown kid",
            exchange_form(&es256("k9", &id_token_claims(json!({}))), &[]),
            "header.kid_unknown",
        ),
    ]);
    let jag = |typ: &str, changes: Value, auth: &[(&str, &str)]| {
        let mut form = grant_form(&id_jag(typ, &id_jag_claims(changes)));
        form.extend(pairs(auth));
        form
    };
    let public = [("client_id", "public")];
    let typ = crate::idjag::ID_JAG_TYP;
    used.extend([
        case(
            "ID-JAG: a plain JWT from an IdP trusted for ID-JAGs only",
            jag("JWT", json!({}), &public),
            "header.typ",
        ),
        case(
            "ID-JAG: aud is the token endpoint, not the issuer",
            jag(typ, json!({"aud": format!("{ISSUER}/token")}), &public),
            "claim.aud_mismatch",
        ),
        case(
            "ID-JAG: no client_id claim",
            jag(typ, json!({"client_id": null}), &public),
            "claim.missing",
        ),
        case(
            "ID-JAG: presented without a client",
            jag(typ, json!({}), &[]),
            "claim.client_id_mismatch",
        ),
        case(
            "ID-JAG: presented by another client",
            jag(
                typ,
                json!({}),
                &[
                    ("client_id", "sec"),
                    ("client_secret", "0123456789abcdef0123456789abcdef"),
                ],
            ),
            "claim.client_id_mismatch",
        ),
        case(
            "ID-JAG: a resource this server does not protect",
            jag(
                typ,
                json!({"resource": "https://elsewhere.example/"}),
                &public,
            ),
            "claim.resource_mismatch",
        ),
        case(
            "ID-JAG: scope as a JSON array (the id-jag profile's shape rule)",
            jag(typ, json!({"scope": ["read", "write"]}), &public),
            "claim.value_shape",
        ),
        case(
            "ID-JAG: without iat (the id-jag profile requires it)",
            jag(typ, json!({"iat": null}), &public),
            "claim.missing",
        ),
        case(
            "ID-JAG: expired",
            jag(typ, json!({"iat": NOW - 900, "exp": NOW - 600}), &public),
            "claim.exp_expired",
        ),
    ]);
    used.push(Case {
        what: "wrong Basic secret",
        form: pairs(&[("grant_type", "client_credentials")]),
        authorization: Some(basic("basic-only", "w\"rong")),
        code: "server.credential_invalid",
    });
    used
}

/// RFC 6749 §5.2: error and error_description in the allowed characters, the code last.
fn assert_conforms(what: &str, answer: &Answer, code: &str) {
    let error = answer.body["error"].as_str().unwrap_or_default();
    assert!(
        !error.is_empty() && is_wire_safe(error),
        "{what}: error {error:?}"
    );
    let description = answer.body["error_description"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no error_description: {}", answer.body));
    assert!(
        is_wire_safe(description),
        "{what}: error_description has characters RFC 6749 section 5.2 forbids: {description:?}"
    );
    assert!(
        description.ends_with(&format!(" [{code}]")),
        "{what}: expected [{code}] at the end of {description:?} ({})",
        answer.log
    );
    assert!(answer.status >= 400, "{what}");
}

#[test]
fn every_refusal_conforms_to_rfc6749_section_5_2() {
    let config = config();
    let mut produced = std::collections::BTreeSet::new();
    for case in cases() {
        let answer = handle(
            &config,
            &mut Seen::new(),
            NOW,
            &case.form,
            case.authorization.as_deref(),
        );
        assert_conforms(case.what, &answer, case.code);
        produced.insert(case.code);
    }
    // A replayed jti needs the same server state twice.
    let mut seen = Seen::new();
    let form = client_form(&es256("k1", &client_claims("app", json!({"jti": "once"}))));
    assert_eq!(handle(&config, &mut seen, NOW, &form, None).status, 200);
    let again = handle(&config, &mut seen, NOW, &form, None);
    assert_conforms("replayed jti", &again, "claim.jti_reused");
    produced.insert("claim.jti_reused");

    // Every finding code token.rs and id_jag.rs write must have been produced by some case
    // above (server.rejected: only when signing fails).
    for source in [include_str!("token.rs"), include_str!("id_jag.rs")] {
        let body = &source[..source.find("#[cfg(test)]").unwrap_or(source.len())];
        for code in crate::lint::rules::RULES.iter().map(|r| r.code) {
            if body.contains(&format!("\"{code}\"")) && code != "server.rejected" {
                assert!(
                    produced.contains(code),
                    "serve can refuse with {code}, but no case here drives it"
                );
            }
        }
    }
}

#[test]
fn an_exchanged_id_jag_is_accepted_once_as_a_grant_by_its_audience() {
    let idp = config();
    let subject = es256("k1", &id_token_claims(json!({})));
    let answer = handle(
        &idp,
        &mut Seen::new(),
        NOW,
        &exchange_form(&subject, &[]),
        None,
    );
    assert_eq!(answer.status, 200, "{}", answer.log);
    assert_eq!(answer.body["issued_token_type"], crate::idjag::ID_JAG_TYPE);
    assert_eq!(answer.body["token_type"], "N_A");
    let jag = answer.body["access_token"].as_str().expect("the ID-JAG");
    let token = Token::parse(jag);
    assert!(crate::idjag::is_id_jag(&token));
    for (claim, want) in [
        ("iss", json!(ISSUER)),
        ("sub", json!("alice")),
        ("aud", json!(RESOURCE_AS)),
        ("client_id", json!("public")),
        ("resource", json!("https://api.example/")),
        ("scope", json!("read")),
        ("exp", json!(NOW + 300)),
    ] {
        assert_eq!(token.claim(claim), Some(&want), "{claim}");
    }
    // the resource AS trusts the IdP's published key for ID-JAGs only
    let mut resource_as = Config::new(RESOURCE_AS);
    resource_as.clients.push(client("public"));
    let jwks = idp.id_jag.as_ref().expect("an IdP").jwks();
    resource_as
        .issuers
        .push(super::super::config::TrustedIssuer {
            issuer: ISSUER.into(),
            jwks: keys::from_value(&jwks, "the IdP's jwks_uri").expect("a JWKS"),
            alg: None,
            subjects: None,
            id_jag_only: true,
        });
    let mut form = grant_form(jag);
    form.extend(pairs(&[("client_id", "public")]));
    let mut seen = Seen::new();
    let granted = handle(&resource_as, &mut seen, NOW + 5, &form, None);
    assert_eq!(granted.status, 200, "{}", granted.log);
    assert_eq!(granted.body["token_type"], "Bearer");
    let again = handle(&resource_as, &mut seen, NOW + 6, &form, None);
    assert_conforms("the same ID-JAG again", &again, "claim.jti_reused");
    // another IdP key: not the trusted one
    resource_as.issuers[0].jwks = demo_keys();
    let refused = handle(&resource_as, &mut Seen::new(), NOW + 5, &form, None);
    assert_eq!(refused.status, 400, "{}", refused.log);
}

#[test]
fn opaque_refusals_carry_only_a_conforming_error() {
    let config = config();
    for case in cases() {
        let answer = handle(
            &config,
            &mut Seen::new(),
            NOW,
            &case.form,
            case.authorization.as_deref(),
        );
        let wire = answer
            .refusal
            .expect("a refusal")
            .wire(super::super::refusal::Style::Opaque);
        let body: Value = serde_json::from_str(&wire.body).expect("a JSON body");
        let body = body.as_object().expect("a JSON object body");
        assert_eq!(body.len(), 1, "{}: {:?}", case.what, body);
        assert!(
            is_wire_safe(body["error"].as_str().expect("a string error")),
            "{}",
            case.what
        );
    }
}
