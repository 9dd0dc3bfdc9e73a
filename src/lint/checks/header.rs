//! Checks of the JOSE header.

use crate::findings::{Finding, Severity};
use crate::jose::{Alg, Form, is_registered_alg, registered_alg_names};
use crate::lint::profile::{id_jag, typ_is};
use crate::lint::{Ctx, Role, Subject};
use serde_json::Value;

/// Header objects are small: a scan beats hashing the name (lint runs this per token).
fn has(header: &serde_json::Map<String, Value>, name: &str) -> bool {
    header.keys().any(|k| k == name)
}

pub fn is_hmac(alg: &str) -> bool {
    alg.starts_with("HS")
}

pub fn alg_none(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    if let Some(alg) = s.token.alg() {
        if alg.trim().eq_ignore_ascii_case("none") {
            let note = if alg == "none" {
                String::new()
            } else {
                format!(" (written {alg:?})")
            };
            out.push(
                Finding::new(
                    "header.alg_none",
                    format!("alg is none{note}: the token carries no signature"),
                )
                .claim("alg")
                .actual(alg),
            );
        }
    }
}

pub fn alg_unexpected(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(alg) = s.token.alg() else { return };
    if s.token.form != Form::Jws || alg.trim().eq_ignore_ascii_case("none") {
        return;
    }
    if !is_registered_alg(alg) {
        let near = registered_alg_names()
            .find(|r| r.eq_ignore_ascii_case(alg.trim()))
            .map(|r| format!("; did you mean {r}? alg is case-sensitive"))
            .unwrap_or_default();
        out.push(
            Finding::new(
                "header.alg_unexpected",
                format!("alg {alg:?} is not a registered JWS algorithm{near}"),
            )
            .claim("alg")
            .actual(alg),
        );
        return;
    }
    let spec = ctx.profile.spec();
    let explicit = ctx.expect.algs.as_ref().map(|list| {
        let list: Vec<&str> = list.iter().map(String::as_str).collect();
        (
            list,
            "the allowed algorithms (--alg or server metadata)".to_string(),
        )
    });
    let profile = spec.algs.map(|list| {
        (
            list.to_vec(),
            format!("what the {} profile allows", spec.profile),
        )
    });
    for (allowed, source) in [explicit, profile].into_iter().flatten() {
        if !allowed.contains(&alg) {
            // EdDSA and Ed25519 are one signature, but servers match the name exactly.
            let alias = Alg::from_name(alg)
                .and_then(Alg::alias)
                .filter(|other| allowed.contains(&other.name()))
                .map(|other| {
                    format!(
                        " ({other} is listed: the same signature under its other name, but servers match alg names exactly; sign with --alg {other})"
                    )
                })
                .unwrap_or_default();
            out.push(
                Finding::new(
                    "header.alg_unexpected",
                    format!("alg {alg} is not among {source}{alias}"),
                )
                .claim("alg")
                .actual(alg)
                .expected(allowed.join(", ")),
            );
            break;
        }
    }
    let header = s.token.header.as_ref();
    let public_key_hints: Vec<&str> = ["x5t", "x5t#S256", "x5c", "jwk"]
        .into_iter()
        .filter(|p| header.is_some_and(|h| has(h, p)))
        .collect();
    let kid_is_thumbprint = s.token.header_str("kid").is_some_and(looks_like_thumbprint);
    if is_hmac(alg) && (!public_key_hints.is_empty() || kid_is_thumbprint) {
        let why = if public_key_hints.is_empty() {
            "a kid shaped like a public-key thumbprint".to_string()
        } else {
            format!(
                "public-key header parameters ({})",
                public_key_hints.join(", ")
            )
        };
        out.push(
            Finding::new(
                "header.alg_unexpected",
                format!("alg {alg} (an HMAC) with {why}: algorithm confusion, or a private_key_jwt client signing with a secret?"),
            )
            .severity(Severity::Warning)
            .claim("alg")
            .actual(alg),
        );
    }
}

/// 43 base64url characters: a SHA-256 RFC 7638 thumbprint.
fn looks_like_thumbprint(kid: &str) -> bool {
    kid.len() == 43
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn kid_missing(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(alg) = s.token.alg() else { return };
    let header = s.token.header.as_ref();
    let spec = ctx.profile.spec();
    let identified = spec
        .key_id_params
        .iter()
        .any(|p| header.is_some_and(|h| has(h, p)));
    // HMAC (client_secret_jwt): the secret is the key; kid is at most a hint.
    let asymmetric = is_registered_alg(alg) && !is_hmac(alg);
    if asymmetric && !identified && s.token.form == Form::Jws {
        let names = spec.key_id_params.join(" or ");
        let message = if spec.key_id_missing > Severity::Info {
            format!(
                "no {names}: the {} profile needs it to find the signing key",
                spec.profile
            )
        } else {
            format!("no {names}: a server with several keys for this client cannot pick one")
        };
        let mut finding = Finding::new("header.kid_missing", message)
            .severity(spec.key_id_missing)
            .claim(spec.key_id_params[0]);
        if !spec.key_id_params.contains(&"kid") {
            // a server that finds keys by certificate thumbprint (Entra ID)
            finding = finding.hint(format!(
                "put the signing certificate's SHA-256 thumbprint in {} (jwtgrant key thumbprint CERT --json prints it)",
                spec.key_id_params[0]
            ));
        }
        out.push(finding);
    }
}

/// kid values that look like path traversal, SQL/LDAP or shell metacharacters: harmless
/// to a careful server, an injection to a careless one (RFC 8725 §3.10).
pub fn kid_unsafe(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(kid) = s.token.header_str("kid") else {
        return;
    };
    // A kid of letters, digits and `-_.:=+` (nearly all of them) is looked at once, byte by
    // byte; only one with other characters is looked at closely.
    let plain = kid.len() <= 256
        && !kid.contains("..")
        && kid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:=+".contains(&b));
    if plain {
        return;
    }
    let problem = if kid.contains("..") || kid.contains('\\') || kid.starts_with('/') {
        "looks like a file path (.., \\ or a leading /)"
    } else if kid.chars().any(char::is_control) {
        "contains control characters (NUL, line breaks)"
    } else if kid.contains(['\'', '"', ';', '*', '(', ')', '|', '`', '$']) {
        "contains SQL, LDAP or shell metacharacters"
    } else if kid.len() > 256 {
        "is unusually long"
    } else {
        return;
    };
    out.push(
        Finding::new(
            "header.kid_unsafe",
            format!(
                "kid {:?} {problem}; servers that use kid as a path or a query key can be attacked through it",
                crate::lint::checks::values::shown(kid)
            ),
        )
        .claim("kid")
        .actual(crate::lint::checks::values::shown(kid)),
    );
}

/// typ values that belong to other kinds of JWT (RFC 8725 §3.11 explicit typing).
const OTHER_KINDS: &[&str] = &[
    "at+jwt",
    "dpop+jwt",
    "oauth-authz-req+jwt",
    "logout+jwt",
    "secevent+jwt",
    "token-introspection+jwt",
    "txn+jwt",
    "kb+jwt",
    "vc+jwt",
    "jwk-set+jwt",
];

const CLIENT_AUTH_TYP: &str = "client-authentication+jwt";

pub fn typ(s: &Subject, ctx: &Ctx, out: &mut Vec<Finding>) {
    let spec = ctx.profile.spec();
    let explicit = s.token.header_str("typ").is_some_and(|t| {
        t.eq_ignore_ascii_case(CLIENT_AUTH_TYP)
            || t.eq_ignore_ascii_case("application/client-authentication+jwt")
    });
    if let (Role::ClientAssertion, Some(severity), false) =
        (s.role.role, spec.typ_client_auth, explicit)
    {
        if s.token.form == Form::Jws && s.token.header.is_some() {
            let found = s
                .token
                .header_str("typ")
                .map_or("no typ".to_string(), |t| format!("typ {t}"));
            out.push(
                Finding::new(
                    "header.typ",
                    format!(
                        "{found}; the {} profile wants client assertions typed client-authentication+jwt (RFC 10070 SHOULD; servers must not require it)",
                        spec.profile
                    ),
                )
                .severity(severity)
                .claim("typ")
                .expected(CLIENT_AUTH_TYP),
            );
        }
    }
    if let Some(rule) = spec.typ.filter(|_| spec.judges(s.role.role)) {
        if s.token.form == Form::Jws && s.token.header.is_some() {
            let typ = s.token.header_str("typ");
            if !typ.is_some_and(|t| rule.wanted.iter().any(|w| typ_is(t, w))) {
                let found = typ.map_or("no typ".to_string(), |t| format!("typ {t}"));
                let mut f = Finding::new(
                    "header.typ",
                    format!(
                        "{found}; the {} profile requires typ {} ({})",
                        spec.profile, rule.wanted[0], rule.spec
                    ),
                )
                .severity(rule.severity)
                .claim("typ")
                .expected(rule.wanted[0])
                .hint(format!("set the typ header to {}", rule.wanted[0]));
                if let Some(t) = typ {
                    f = f.actual(t);
                }
                f.spec = Some(rule.spec);
                out.push(f);
            }
        }
        // The profile's own rule says all there is to say about typ.
        return;
    }
    let Some(typ) = s.token.header_str("typ") else {
        return;
    };
    let lower = typ.to_ascii_lowercase();
    let lower = lower.strip_prefix("application/").unwrap_or(&lower);
    match s.role.role {
        Role::ClientAssertion if OTHER_KINDS.contains(&lower) || lower == id_jag::TYP => out.push(
            Finding::new("header.typ", format!("typ {typ} belongs to another kind of JWT, not a client assertion"))
                .severity(Severity::Error)
                .claim("typ")
                .actual(typ)
                .expected(CLIENT_AUTH_TYP),
        ),
        Role::Grant if lower == CLIENT_AUTH_TYP => out.push(
            Finding::new("header.typ", "typ client-authentication+jwt on an authorization grant; that type is for client authentication only")
                .claim("typ")
                .actual(typ),
        ),
        Role::Grant if OTHER_KINDS.contains(&lower) => out.push(
            Finding::new("header.typ", format!("typ {typ} belongs to another kind of JWT, not an assertion"))
                .claim("typ")
                .actual(typ),
        ),
        // An access token, an ID-JAG or a client assertion passed off as an ID token: the
        // cross-JWT confusion explicit typing exists to stop (RFC 8725 §3.11).
        Role::IdToken
            if spec.token_role == Some(Role::IdToken)
                && (OTHER_KINDS.contains(&lower)
                    || lower == id_jag::TYP
                    || lower == CLIENT_AUTH_TYP) =>
        {
            out.push(
                Finding::new("header.typ", format!("typ {typ} belongs to another kind of JWT, not an ID token"))
                    .severity(Severity::Error)
                    .claim("typ")
                    .actual(typ),
            )
        }
        _ => {}
    }
}

pub fn risky(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(header) = s.token.header.as_deref() else {
        return;
    };
    for (name, value) in header {
        let finding = match name.as_str() {
            "jku" | "x5u" => Some(
                Finding::new("header.risky", format!("{name} points at a remote key URL; servers must not fetch keys named by the token"))
                    .actual(value_text(value)),
            ),
            "jwk" => Some(
                Finding::new("header.risky", "an embedded jwk: a key the token brings itself proves nothing, and servers that trusted it were forgeable")
                    .severity(Severity::Error),
            ),
            "crit" => Some(crit(header, value)),
            "zip" => Some(Finding::new("header.risky", "zip is defined only for JWE; in a JWS it signals a crafted or broken token")),
            "b64" if value == &Value::Bool(false) => Some(
                Finding::new("header.risky", "b64 false (RFC 7797 unencoded payload) cannot form a JWT assertion")
                    .severity(Severity::Error),
            ),
            _ => None,
        };
        if let Some(f) = finding {
            out.push(f.claim(name.as_str()));
        }
    }
}

fn crit(header: &serde_json::Map<String, Value>, value: &Value) -> Finding {
    let names: Option<Vec<&str>> = value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect());
    match names {
        Some(names) if !names.is_empty() && names.iter().all(|n| header.contains_key(*n)) => Finding::new(
            "header.risky",
            format!("crit lists {}: a server that does not understand them must reject the token", names.join(", ")),
        ),
        _ => Finding::new("header.risky", "crit is malformed: it must be a non-empty array naming header parameters that are present")
            .severity(Severity::Error),
    }
}

fn value_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// `cty: JWT` announces a nested JWT; assertions are never nested (RFC 7519 §5.2).
pub fn cty_nested(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(cty) = s.token.header_str("cty") else {
        return;
    };
    let nested = cty.eq_ignore_ascii_case("JWT") || cty.eq_ignore_ascii_case("application/jwt");
    let message = if nested {
        format!("cty {cty}: the payload is a nested JWT, which assertion servers do not unwrap")
    } else {
        format!("cty {cty:?} on a JWT: RFC 7519 does not recommend cty unless the JWT is nested")
    };
    out.push(
        Finding::new("header.cty_nested", message)
            .severity(if nested {
                Severity::Warning
            } else {
                Severity::Info
            })
            .claim("cty")
            .actual(crate::lint::checks::values::shown(cty)),
    );
}

/// JOSE header parameters registered with IANA (RFC 7515, 7516, 7797, 8555, 9278 and the
/// JWT/JWE additions); anything else is private to some implementation.
const REGISTERED_HEADER_PARAMS: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64", "ppt", "url", "nonce", "svt",
    "iss", "sub", "aud",
];

pub fn unregistered(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(header) = s.token.header.as_ref() else {
        return;
    };
    let private: Vec<&str> = header
        .keys()
        .map(String::as_str)
        .filter(|k| !REGISTERED_HEADER_PARAMS.contains(k))
        .collect();
    if private.is_empty() {
        return;
    }
    let names = crate::lint::checks::values::shown(&private.join(", ")).into_owned();
    out.push(
        Finding::new(
            "header.unregistered",
            format!(
                "header parameters outside the IANA registry: {names}; servers ignore or log them"
            ),
        )
        .claim(private[0])
        .actual(names),
    );
}

/// x5t#S256 / x5t must be the SHA-256 / SHA-1 of the first x5c certificate (RFC 7515 §4.1.6-8).
pub fn thumbprint_mismatch(s: &Subject, _: &Ctx, out: &mut Vec<Finding>) {
    let Some(header) = s.token.header.as_ref() else {
        return;
    };
    let Some(leaf) = header
        .get("x5c")
        .and_then(Value::as_array)
        .and_then(|chain| chain.first())
        .and_then(Value::as_str)
    else {
        return;
    };
    let Ok(der) = data_encoding::BASE64.decode(leaf.as_bytes()) else {
        out.push(
            Finding::new(
                "header.thumbprint_mismatch",
                "x5c[0] is not standard base64 DER (x5c uses base64, not base64url)",
            )
            .claim("x5c"),
        );
        return;
    };
    for (name, algorithm) in [
        ("x5t#S256", &ring::digest::SHA256),
        ("x5t", &ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
    ] {
        let Some(stated) = s.token.header_str(name) else {
            continue;
        };
        let actual = crate::jose::b64url(ring::digest::digest(algorithm, &der).as_ref());
        if stated != actual {
            out.push(
                Finding::new(
                    "header.thumbprint_mismatch",
                    format!("{name} is not the thumbprint of the x5c[0] certificate; servers that look the key up by thumbprint will not find it"),
                )
                .claim(name)
                .expected(actual)
                .actual(crate::lint::checks::values::shown(stated)),
            );
        }
    }
}
