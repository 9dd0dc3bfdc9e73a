//! The rule table: every stable finding code, with its default severity, fix hint, spec
//! reference and (for rules that need only the token) the check that emits it.
//! Adding a rule is adding a row here plus a test. Codes are stable: extend, never rename.

use super::checks::{claims, header, request, signature, structure, time, tokens};
use super::{Ctx, Subject};
use crate::findings::{Finding, Severity};

/// When a rule can run: what it needs besides the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The compact serialization itself (decode runs these and the request rules).
    Structure,
    /// The request envelope around the token (form body, URL, HTTP request, curl line):
    /// runs only when the input was such a request.
    Request,
    /// Header and claims, offline (inspect and lint).
    Claims,
    /// Needs keys (verify).
    Keys,
    /// Needs several tokens (lint over a batch).
    Batch,
    /// Needs a server's answer (replay, explain).
    Server,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Structure => "structure",
            Stage::Request => "request",
            Stage::Claims => "claims",
            Stage::Keys => "keys",
            Stage::Batch => "batch",
            Stage::Server => "server",
        }
    }
}

pub type Check = fn(&Subject, &Ctx, &mut Vec<Finding>);

pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub hint: &'static str,
    pub spec: &'static str,
    pub stage: Stage,
    pub check: Option<Check>,
}

use Severity::{Error, Info, Warning};
use Stage::{Batch, Claims, Keys, Request, Server, Structure};

pub const RULES: &[Rule] = &[
    Rule {
        code: "token.malformed",
        severity: Error,
        summary: "not a well-formed compact JWS: wrong segment count, bad base64url, or a header/claims segment that is not a JSON object",
        hint: "send exactly one compact JWS: base64url(header).base64url(claims).base64url(signature)",
        spec: "RFC 7515 §7.1; RFC 7519 §7.2",
        stage: Structure,
        check: Some(structure::malformed),
    },
    Rule {
        code: "token.encoding",
        severity: Error,
        summary: "standard base64 (+ / =), whitespace, or punctuation glued to its end where compact serialization requires unpadded base64url",
        hint: "encode with base64url and strip '=' padding; remove line breaks, spaces and trailing punctuation from the token",
        spec: "RFC 7515 §2, §7.1",
        stage: Structure,
        check: Some(structure::encoding),
    },
    Rule {
        code: "token.duplicate_member",
        severity: Error,
        summary: "a member name appears twice in the header or claims; servers disagree on which value wins",
        hint: "emit each header parameter and claim once",
        spec: "RFC 7519 §4; RFC 7515 §4",
        stage: Structure,
        check: Some(structure::duplicates),
    },
    Rule {
        code: "token.encrypted",
        severity: Warning,
        summary: "a JWE (encrypted token): its claims cannot be read or checked without the decryption key",
        hint: "RFC 7523 assertions are normally signed JWS; send a JWE only if the server asks for encrypted assertions",
        spec: "RFC 7516 §7.1; RFC 7523 §3",
        stage: Structure,
        check: Some(structure::encrypted),
    },
    Rule {
        code: "token.oversized",
        severity: Info,
        summary: "the token is over 4 KB: form parsers, proxies and log pipelines may cut it",
        hint: "drop what the server does not need (x5c chains, extra claims)",
        spec: "RFC 7523 §2; RFC 7515 §4.1.6",
        stage: Structure,
        check: Some(structure::oversized),
    },
    Rule {
        code: "token.not_assertion",
        severity: Warning,
        summary: "the token looks like an access token or ID token, not an assertion, and is sent or judged as one",
        hint: "an assertion is a JWT the client makes and signs itself for the token endpoint; to judge the token as what it is, use --profile rfc9068 (access tokens) or oidc-id-token",
        spec: "RFC 7523 §2; RFC 8725 §3.11",
        stage: Claims,
        check: Some(claims::not_assertion),
    },
    Rule {
        code: "request.grant_type",
        severity: Error,
        summary: "a JWT sent as assertion without grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer (misspelt, without the URN prefix, or the client-assertion URN swapped in), or a grant_type that does not fit where the JWT is",
        hint: "send grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with the JWT in assertion; for client authentication send client_assertion and client_assertion_type instead",
        spec: "RFC 7523 §2.1",
        stage: Request,
        check: Some(request::grant_type),
    },
    Rule {
        code: "request.assertion_type",
        severity: Error,
        summary: "client_assertion without client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer (missing, misspelt, or the grant-type URN swapped in)",
        hint: "send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer next to client_assertion",
        spec: "RFC 7523 §2.2",
        stage: Request,
        check: Some(request::assertion_type),
    },
    Rule {
        code: "request.param_repeated",
        severity: Error,
        summary: "a request parameter is sent more than once (two assertions, two grant_types)",
        hint: "send each parameter once; assertion and client_assertion hold a single JWT",
        spec: "RFC 7523 §2.1-2.2; RFC 6749 §3.2",
        stage: Request,
        check: Some(request::param_repeated),
    },
    Rule {
        code: "request.assertion_quoted",
        severity: Error,
        summary: "the assertion form value is the JWT in quotes or with a \"Bearer \" prefix, not the bare JWT",
        hint: "put the bare compact JWT in the field (eyJ…), form-urlencoded, with no quotes or scheme",
        spec: "RFC 7523 §2.1-2.2; RFC 7515 §7.1",
        stage: Request,
        check: Some(request::assertion_quoted),
    },
    Rule {
        code: "request.client_id_mismatch",
        severity: Error,
        summary: "the client_id parameter names another client than the client assertion's sub (and iss)",
        hint: "send the client_id that is the assertion's iss and sub, or leave client_id out",
        spec: "RFC 7521 §4.2; RFC 7523 §3 item 2.B",
        stage: Request,
        check: Some(request::client_id_mismatch),
    },
    Rule {
        code: "request.multiple_auth",
        severity: Error,
        summary: "the request authenticates the client more than one way (client_assertion with client_secret or HTTP Basic)",
        hint: "use one method: with client_assertion, send no client_secret and no HTTP Basic credentials (Authorization header, curl -u)",
        spec: "RFC 6749 §2.3",
        stage: Request,
        check: Some(request::multiple_auth),
    },
    Rule {
        code: "request.assertion_in_query",
        severity: Error,
        summary: "the JWT is in the URL query string, which access logs and proxies record",
        hint: "POST the parameters as an application/x-www-form-urlencoded body",
        spec: "RFC 6749 §3.2; RFC 6750 §5.3",
        stage: Request,
        check: Some(request::assertion_in_query),
    },
    Rule {
        code: "request.transport",
        severity: Warning,
        summary: "the request is not a POST of an application/x-www-form-urlencoded body over HTTPS (a JSON body, another method or content type, plain http)",
        hint: "POST to the https token endpoint with Content-Type: application/x-www-form-urlencoded",
        spec: "RFC 6749 §3.2, Appendix B",
        stage: Request,
        check: Some(request::transport),
    },
    Rule {
        code: "header.alg_none",
        severity: Error,
        summary: "alg none: the token is not signed",
        hint: "sign the assertion (RS256, PS256, ES256, EdDSA, or HS256 for client_secret_jwt)",
        spec: "RFC 7523 §3 item 9; RFC 8725 §3.1",
        stage: Structure,
        check: Some(header::alg_none),
    },
    Rule {
        code: "header.alg_unexpected",
        severity: Error,
        summary: "alg is not a registered JWS algorithm, is not allowed, or does not fit the key",
        hint: "use an algorithm the server lists in token_endpoint_auth_signing_alg_values_supported",
        spec: "RFC 7518 §3.1; RFC 8725 §3.1-3.2",
        stage: Claims,
        check: Some(header::alg_unexpected),
    },
    Rule {
        code: "header.kid_missing",
        severity: Info,
        summary: "no kid: a server with several keys for this client cannot tell which one signed",
        hint: "set kid to the key's id in the registered JWKS (jwtgrant uses the RFC 7638 thumbprint)",
        spec: "RFC 7515 §4.1.4",
        stage: Claims,
        check: Some(header::kid_missing),
    },
    Rule {
        code: "header.kid_unknown",
        severity: Error,
        summary: "the kid matches no key the server has registered for the client",
        hint: "register the public key (jwtgrant key jwks KEYFILE) or sign with a registered key",
        spec: "RFC 7515 §4.1.4; RFC 7638",
        stage: Keys,
        check: None,
    },
    Rule {
        code: "header.typ",
        severity: Warning,
        summary: "the typ header names another kind of JWT, or is missing where the profile wants it",
        hint: "client assertions: typ client-authentication+jwt (RFC 10070); ID-JAGs: oauth-id-jag+jwt; access tokens: at+jwt (RFC 9068); other grants: omit typ or use JWT",
        spec: "RFC 10070; RFC 8725 §3.11; RFC 9068 §2.1; draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1",
        stage: Claims,
        check: Some(header::typ),
    },
    Rule {
        code: "header.risky",
        severity: Warning,
        summary: "jku, x5u, an embedded jwk, crit, zip or b64 in the header: parameters servers distrust or reject",
        hint: "remove them; the server already holds the client's keys",
        spec: "RFC 8725 §3.10; RFC 7515 §4.1.2-4.1.3, §4.1.5, §4.1.11; RFC 7797",
        stage: Claims,
        check: Some(header::risky),
    },
    Rule {
        code: "header.kid_unsafe",
        severity: Warning,
        summary: "kid looks like a path, SQL, LDAP or shell fragment: an injection vector at careless servers",
        hint: "use an opaque kid such as the key's RFC 7638 thumbprint",
        spec: "RFC 8725 §3.10; RFC 7515 §4.1.4",
        stage: Claims,
        check: Some(header::kid_unsafe),
    },
    Rule {
        code: "header.cty_nested",
        severity: Warning,
        summary: "cty JWT announces a nested JWT; assertions are not nested, and cty is not recommended otherwise",
        hint: "remove cty and sign the claims directly",
        spec: "RFC 7519 §5.2",
        stage: Claims,
        check: Some(header::cty_nested),
    },
    Rule {
        code: "header.unregistered",
        severity: Info,
        summary: "header parameters outside the IANA JOSE registry",
        hint: "drop private header parameters; servers ignore or log them",
        spec: "RFC 7515 §4.2-4.3",
        stage: Claims,
        check: Some(header::unregistered),
    },
    Rule {
        code: "header.thumbprint_mismatch",
        severity: Warning,
        summary: "x5t#S256 or x5t is not the thumbprint of the x5c[0] certificate (or x5c is not base64 DER)",
        hint: "compute x5t#S256 as base64url(SHA-256(DER of the leaf certificate))",
        spec: "RFC 7515 §4.1.6-4.1.8",
        stage: Claims,
        check: Some(header::thumbprint_mismatch),
    },
    Rule {
        code: "header.cert_mismatch",
        severity: Error,
        summary: "x5c, x5t or x5t#S256 names another certificate than the key that verified the signature",
        hint: "put the certificate of the signing key in the header: jwtgrant sign --x5t CERT (or --x5c CERT)",
        spec: "RFC 7515 §4.1.6-4.1.8",
        stage: Keys,
        check: None,
    },
    Rule {
        code: "claim.missing",
        severity: Error,
        summary: "a claim the assertion must carry is absent",
        hint: "add the claim; RFC 7523 requires iss, sub, aud and exp",
        spec: "RFC 7523 §3",
        stage: Claims,
        check: Some(claims::missing),
    },
    Rule {
        code: "claim.aud_mismatch",
        severity: Error,
        summary: "aud does not name the authorization server the assertion is meant for",
        hint: "set aud to the AS issuer identifier (RFC 10070) or the token endpoint URL the server documents",
        spec: "RFC 7523 §3 item 3; RFC 10070",
        stage: Claims,
        check: Some(claims::aud_mismatch),
    },
    Rule {
        code: "claim.aud_multiple",
        severity: Warning,
        summary: "aud holds several values; strict servers and RFC 10070 want the issuer as the only value",
        hint: "send one audience: the AS issuer identifier, as a string",
        spec: "RFC 10070; FAPI 2.0 SP §5.3.2.1",
        stage: Claims,
        check: Some(claims::aud_multiple),
    },
    Rule {
        code: "claim.exp_expired",
        severity: Error,
        summary: "exp is in the past (beyond the allowed clock skew)",
        hint: "make a fresh assertion right before sending it; check the client's clock",
        spec: "RFC 7523 §3 item 4; RFC 7519 §4.1.4",
        stage: Claims,
        check: Some(time::exp_expired),
    },
    Rule {
        code: "claim.exp_lifetime",
        severity: Warning,
        summary: "the assertion lives longer than servers accept (exp too far after iat or now)",
        hint: "keep assertions short-lived: 5 minutes or less (Okta, Google, PingOne: at most 1 hour)",
        spec: "RFC 7523 §3 item 4; RFC 7521 §5.2",
        stage: Claims,
        check: Some(time::exp_lifetime),
    },
    Rule {
        code: "claim.nbf_future",
        severity: Error,
        summary: "nbf is in the future: the token is not valid yet",
        hint: "set nbf to now (or omit it); check the client's clock",
        spec: "RFC 7523 §3 item 5; RFC 7519 §4.1.5",
        stage: Claims,
        check: Some(time::nbf_future),
    },
    Rule {
        code: "claim.iat_future",
        severity: Error,
        summary: "iat is in the future: the client's clock is probably ahead",
        hint: "sync the client clock (NTP); set iat to the current time",
        spec: "RFC 7523 §3 item 6; FAPI 2.0 SP",
        stage: Claims,
        check: Some(time::iat_future),
    },
    Rule {
        code: "claim.iat_stale",
        severity: Warning,
        summary: "iat is so far in the past that servers refuse the assertion (IBM Verify: 24 h; Keycloak: the client's max age)",
        hint: "make the assertion right before sending it instead of caching it",
        spec: "RFC 7523 §3 item 6",
        stage: Claims,
        check: Some(time::iat_stale),
    },
    Rule {
        code: "claim.time_units",
        severity: Error,
        summary: "exp, nbf or iat is not a NumericDate in seconds (milliseconds, a string, or a fraction)",
        hint: "use integer seconds since 1970 (JavaScript: Math.floor(Date.now() / 1000))",
        spec: "RFC 7519 §2 (NumericDate), §4.1.4-4.1.6",
        stage: Structure,
        check: Some(time::units),
    },
    Rule {
        code: "claim.time_range",
        severity: Warning,
        summary: "exp, nbf or iat is above 2^53 (JavaScript loses precision) or after 2038-01-19 (32-bit time overflows)",
        hint: "use integer seconds since 1970 within a few minutes of now",
        spec: "RFC 7519 §2 (NumericDate); OpenID FAPI issue 211",
        stage: Claims,
        check: Some(time::time_range),
    },
    Rule {
        code: "claim.time_order",
        severity: Info,
        summary: "iat is later than nbf by more than the skew: the token says it was valid before it was issued",
        hint: "set iat and nbf from the same clock, nbf = iat (or omit nbf)",
        spec: "RFC 7519 §4.1.5-4.1.6",
        stage: Claims,
        check: Some(time::time_order),
    },
    Rule {
        code: "claim.iss_sub_mismatch",
        severity: Error,
        summary: "client assertion with iss different from sub; both must be the client_id",
        hint: "set iss and sub to the client_id",
        spec: "RFC 7523 §3 item 2.B; OIDC Core §9",
        stage: Claims,
        check: Some(claims::iss_sub_mismatch),
    },
    Rule {
        code: "claim.sub_client_id_mismatch",
        severity: Error,
        summary: "sub (and iss) differ from the client_id the request or registration uses",
        hint: "use the exact client_id as iss and sub, and send the same client_id form field",
        spec: "RFC 7521 §4.2; RFC 7523 §3 item 2.B",
        stage: Claims,
        check: Some(claims::sub_client_id_mismatch),
    },
    Rule {
        code: "claim.iss_mismatch",
        severity: Error,
        summary: "iss is not the expected issuer (--iss), or not the form the profile's server wants",
        hint: "set iss to the exact value the server has registered (client_id, service account email, consumer key)",
        spec: "RFC 7523 §3 item 1; RFC 8725 §3.8",
        stage: Claims,
        check: Some(claims::iss_mismatch),
    },
    Rule {
        code: "claim.sub_mismatch",
        severity: Error,
        summary: "sub is not the expected subject (--sub)",
        hint: "set sub to the exact value the server expects (client_id for client assertions, the user for grants)",
        spec: "RFC 7523 §3 item 2; RFC 8725 §3.8",
        stage: Claims,
        check: Some(claims::sub_mismatch),
    },
    Rule {
        code: "claim.sub_not_user",
        severity: Warning,
        summary: "a grant whose sub is its iss, at a server that reads sub as the user the client acts for",
        hint: "set sub to the user (Salesforce: the username; Google: the Workspace user, or no sub at all)",
        spec: "RFC 7523 §3 item 2.A",
        stage: Claims,
        check: Some(claims::sub_not_user),
    },
    Rule {
        code: "claim.prn_legacy",
        severity: Warning,
        summary: "prn, the pre-RFC 7519 name of sub: servers ignore it",
        hint: "rename prn to sub",
        spec: "RFC 7519 §4.1.2; RFC 7523 §3 item 2",
        stage: Claims,
        check: Some(claims::prn_legacy),
    },
    Rule {
        code: "claim.value_hygiene",
        severity: Error,
        summary: "iss, sub or aud carries whitespace, invisible characters or percent-encoding, so exact comparison fails",
        hint: "send the value exactly as registered: no surrounding spaces, zero-width characters or %-escapes",
        spec: "RFC 7523 §3; RFC 3986 §6.2.1",
        stage: Claims,
        check: Some(claims::value_hygiene),
    },
    Rule {
        code: "claim.unexpected",
        severity: Info,
        summary: "ID-token or access-token claims (nonce, at_hash, cnf, scope, …) in a client assertion",
        hint: "a client assertion needs iss, sub, aud, exp, jti (iat optional); drop the rest",
        spec: "RFC 8725 §2.8; OIDC Core §9",
        stage: Claims,
        check: Some(claims::unexpected),
    },
    Rule {
        code: "claim.client_id_mismatch",
        severity: Error,
        summary: "the client_id claim names another client than the one expected (--client-id): an ID-JAG for another client, or an access token issued to another client",
        hint: "ask the IdP for an ID-JAG with the client_id this client has at the resource AS, or authenticate as the client the token names",
        spec: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1, §4.4.1; RFC 9068 §2.2, §4",
        stage: Claims,
        check: Some(tokens::client_id_claim),
    },
    Rule {
        code: "claim.value_shape",
        severity: Error,
        summary: "a claim has the wrong JSON type or form for the profile: scope not one space-separated string, resource not absolute URIs, authorization_details not an array of objects, amr not an array, at_hash not the left half of the alg's hash",
        hint: "send scope as \"a b\", resource as a URI (or an array of URIs), authorization_details as [{\"type\": …}], amr as [\"pwd\"]",
        spec: "RFC 6749 §3.3; RFC 8707 §2; RFC 9396 §2; OIDC Core §2, §3.1.3.6",
        stage: Claims,
        check: Some(tokens::value_shape),
    },
    Rule {
        code: "claim.nonce_mismatch",
        severity: Error,
        summary: "the ID token's nonce is not the one the authentication request sent (--nonce): replayed, or from another session",
        hint: "start a new sign-in; use the ID token from the response to the request that sent this nonce",
        spec: "OIDC Core §3.1.3.7 item 11, §15.5.2",
        stage: Claims,
        check: Some(tokens::id_token),
    },
    Rule {
        code: "claim.azp_mismatch",
        severity: Warning,
        summary: "the ID token's azp names another client than --client-id: it was issued to another party",
        hint: "use an ID token issued to this client (its azp and aud name this client_id)",
        spec: "OIDC Core §2, §3.1.3.7",
        stage: Claims,
        check: None,
    },
    Rule {
        code: "claim.personal_data",
        severity: Info,
        summary: "personal data (an email address, a name, a phone number) in the claims, readable by anyone who sees the token",
        hint: "identify users by an opaque ID where the server allows it, and keep assertions out of logs",
        spec: "RFC 7519 §12",
        stage: Claims,
        check: Some(claims::personal_data),
    },
    Rule {
        code: "claim.jti_missing",
        severity: Warning,
        summary: "no jti: servers that enforce single use (OIDC Core §9) reject the assertion",
        hint: "add a random jti (128 bits or a UUID) to every assertion",
        spec: "RFC 7523 §3 item 7; OIDC Core §9",
        stage: Claims,
        check: Some(claims::jti_missing),
    },
    Rule {
        code: "claim.jti_quality",
        severity: Warning,
        summary: "jti is guessable or likely to repeat: a counter, a timestamp, a template placeholder, a repeated pattern, or under 11 characters",
        hint: "use a random UUID (v4) or 128 random bits, new for every assertion",
        spec: "RFC 7519 §4.1.7; RFC 7521 §8.2",
        stage: Claims,
        check: Some(claims::jti_quality),
    },
    Rule {
        code: "claim.jti_reused",
        severity: Error,
        summary: "the same (iss, jti) was already seen: servers reject replayed assertions",
        hint: "make a new assertion with a fresh jti for every request",
        spec: "RFC 7521 §8.2; OIDC Core §9",
        stage: Batch,
        check: None,
    },
    Rule {
        code: "signature.ecdsa_format",
        severity: Error,
        summary: "an ECDSA signature that is DER-encoded or has r or s equal to zero; JWS wants raw R‖S",
        hint: "convert the DER signature to fixed-size R‖S (64 bytes for ES256, 96 for ES384, 132 for ES512)",
        spec: "RFC 7518 §3.4; CVE-2022-21449",
        stage: Claims,
        check: Some(signature::ecdsa_format),
    },
    Rule {
        code: "signature.length",
        severity: Error,
        summary: "the signature's length does not fit the alg (HS256 32 bytes, ES256 64, RS256 the key's modulus, 256 for 2048 bits): cut, padded, another alg, or an RSA key under 2048 bits",
        hint: "sign with the alg named in the header and send the whole signature, base64url-encoded without padding",
        spec: "RFC 7518 §3.2-3.5; RFC 8017 §8.1-8.2; RFC 8037 §3.1",
        stage: Claims,
        check: Some(signature::length),
    },
    Rule {
        code: "signature.invalid",
        severity: Error,
        summary: "the signature does not verify with the key",
        hint: "sign with the private key whose public half the server holds, with the alg it expects",
        spec: "RFC 7515 §5.2",
        stage: Keys,
        check: None,
    },
    Rule {
        code: "key.weak",
        severity: Warning,
        summary: "the key is weaker than the algorithm requires",
        hint: "HMAC secrets need at least as many bytes as the hash (32 for HS256); RSA keys 2048 bits",
        spec: "RFC 7518 §3.2, §3.3",
        stage: Keys,
        check: None,
    },
    Rule {
        code: "server.clock_skew",
        severity: Warning,
        summary: "the server's clock differs from the local clock enough to change the verdict",
        hint: "sync the client clock (NTP) or give the assertion a little more lifetime",
        spec: "RFC 9110 §6.6.1; RFC 7519 §4.1.4",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.redirected",
        severity: Error,
        summary: "the token endpoint answered with a redirect; jwtgrant does not follow it with the assertion",
        hint: "POST to the final token endpoint URL (from the server's metadata), not to a URL that redirects",
        spec: "RFC 6749 §3.2; RFC 9110 §15.4",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.unexpected_answer",
        severity: Error,
        summary: "a 2xx that is not a token response (a login page, a proxy's page, invalid or cut-off JSON): not the token endpoint answering",
        hint: "check the token endpoint URL and any proxy or login gateway in between",
        spec: "RFC 6749 §5.1-5.2",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.endpoint_not_found",
        severity: Error,
        summary: "the URL answered 404 or 410: there is no token endpoint there, so nothing judged the assertion",
        hint: "POST to the token_endpoint the server's metadata names (--issuer URL discovers it)",
        spec: "RFC 8414 §2 (token_endpoint); RFC 9110 §15.5.5",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.endpoint_method",
        severity: Error,
        summary: "the URL answered 405: it does not take a POST, so it is not the token endpoint",
        hint: "POST to the token_endpoint the server's metadata names (--issuer URL discovers it)",
        spec: "RFC 6749 §3.2; RFC 9110 §15.5.6",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.endpoint_issuer_mismatch",
        severity: Warning,
        summary: "the server's metadata names another issuer than the one asked for (RFC 8414 §3.3 requires them identical)",
        hint: "use the issuer the metadata names: aud is judged by it; metadata naming another server is refused",
        spec: "RFC 8414 §3.3",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.endpoint_metadata_missing",
        severity: Error,
        summary: "no metadata at the issuer's well-known URLs: the URL is not an issuer with discovery",
        hint: "check the issuer URL (the issuer identifier, not the token endpoint), or give --token-endpoint URL",
        spec: "RFC 8414 §3; OpenID Connect Discovery §4",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.client_unknown",
        severity: Error,
        summary: "the server does not know the client (wrong client_id or tenant, deleted or disabled client)",
        hint: "check the client_id (iss and sub of a client assertion) and the token endpoint's tenant",
        spec: "RFC 6749 §5.2 (invalid_client)",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.issuer_untrusted",
        severity: Error,
        summary: "the grant's issuer (or federated credential) is not registered as trusted for this client",
        hint: "register the issuer and its public key with the server, matching iss exactly",
        spec: "RFC 7523 §3 item 1; RFC 7521 §5.2",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.subject_unknown",
        severity: Error,
        summary: "sub names no user the server knows, or one the issuer may not assert",
        hint: "set sub to the identifier the server uses for the user (GUID, email, username)",
        spec: "RFC 7523 §3 item 2.A",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.not_allowed",
        severity: Error,
        summary: "the client is not allowed this grant type, authentication method, scope or user (no consent or delegation)",
        hint: "enable the grant type or method for the client, or grant the consent or delegation the server asks for",
        spec: "RFC 6749 §5.2 (unauthorized_client, invalid_scope)",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.request_invalid",
        severity: Error,
        summary: "the request envelope is wrong: a parameter missing or misspelled, a wrong type URN, or two authentication methods",
        hint: "send grant_type/assertion (RFC 7523 §2.1) or client_assertion_type/client_assertion (§2.2) as form fields, one auth method only",
        spec: "RFC 7523 §2.1-2.2; RFC 6749 §2.3, §5.2",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.credential_invalid",
        severity: Error,
        summary: "a client credential other than the assertion (secret or certificate) is wrong, expired or revoked",
        hint: "send the current secret's value, or upload a current certificate",
        spec: "RFC 6749 §2.3.1, §5.2",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.token_type_unsupported",
        severity: Error,
        summary: "token exchange: the subject_token_type or requested_token_type is one this server does not take or issue",
        hint: "send subject_token_type urn:ietf:params:oauth:token-type:id_token and requested_token_type urn:ietf:params:oauth:token-type:id-jag (or the types the server documents)",
        spec: "RFC 8693 §2.1, §2.2.2, §3; draft-ietf-oauth-identity-assertion-authz-grant-04",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.audience_unknown",
        severity: Error,
        summary: "token exchange: the audience (or resource) names no authorization server this IdP issues ID-JAGs for",
        hint: "set audience to the resource authorization server's issuer identifier exactly, as registered at the IdP",
        spec: "RFC 8693 §2.1, §2.2.2 (invalid_target); draft-ietf-oauth-identity-assertion-authz-grant-04",
        stage: Server,
        check: None,
    },
    Rule {
        code: "claim.resource_mismatch",
        severity: Error,
        summary: "the ID-JAG's resource names no resource this authorization server protects",
        hint: "request the ID-JAG with resource = a resource server this authorization server issues tokens for (RFC 8707)",
        spec: "RFC 8707 §2; draft-ietf-oauth-identity-assertion-authz-grant-04",
        stage: Server,
        check: None,
    },
    Rule {
        code: "server.rejected",
        severity: Error,
        summary: "the token endpoint refused the request",
        hint: "read the diagnosis: each cause lists its evidence",
        spec: "RFC 6749 §5.2; RFC 7523 §3.1-3.2",
        stage: Server,
        check: None,
    },
];

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            let (family, name) = r.code.split_once('.').expect("family.name");
            assert!(
                [
                    "token",
                    "request",
                    "header",
                    "claim",
                    "signature",
                    "key",
                    "server"
                ]
                .contains(&family),
                "{}",
                r.code
            );
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                r.code
            );
            assert!(
                !r.summary.is_empty() && !r.hint.is_empty() && !r.spec.is_empty(),
                "{}",
                r.code
            );
        }
    }

    #[test]
    fn every_code_in_design_md_is_in_the_table() {
        for code in [
            "token.malformed",
            "token.encoding",
            "header.alg_none",
            "header.alg_unexpected",
            "header.kid_missing",
            "header.kid_unknown",
            "claim.missing",
            "claim.aud_mismatch",
            "claim.aud_multiple",
            "claim.exp_expired",
            "claim.exp_lifetime",
            "claim.nbf_future",
            "claim.iat_future",
            "claim.time_units",
            "claim.iss_sub_mismatch",
            "claim.sub_client_id_mismatch",
            "claim.jti_missing",
            "claim.jti_reused",
            "header.typ",
            "header.risky",
            "signature.invalid",
            "key.weak",
            "server.clock_skew",
            "server.rejected",
        ] {
            assert!(rule(code).is_some(), "{code} missing from RULES");
        }
    }

    #[test]
    fn server_codes_are_server_stage_rows_without_a_check() {
        for r in RULES.iter().filter(|r| r.code.starts_with("server.")) {
            assert_eq!(r.stage, Stage::Server, "{}", r.code);
            assert!(r.check.is_none(), "{}", r.code);
        }
        for code in [
            "server.redirected",
            "server.unexpected_answer",
            "server.endpoint_not_found",
            "server.endpoint_method",
            "server.endpoint_issuer_mismatch",
            "server.endpoint_metadata_missing",
            "server.client_unknown",
            "server.issuer_untrusted",
            "server.subject_unknown",
            "server.not_allowed",
            "server.request_invalid",
            "server.credential_invalid",
        ] {
            assert!(rule(code).is_some(), "{code}");
        }
    }

    #[test]
    fn only_structure_and_claims_rules_run_without_keys_or_servers() {
        for r in RULES {
            if matches!(r.stage, Stage::Keys | Stage::Batch | Stage::Server) {
                assert!(r.check.is_none(), "{} runs elsewhere", r.code);
            }
        }
    }
}
