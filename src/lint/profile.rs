//! Rule profiles: which spec or vendor the assertion is judged against.
//!
//! A profile is data: one `Spec` row per profile in `SPECS`, read by the checks through
//! `ctx.profile.spec()`. Adding a vendor is adding a row (and a test); the checks stay the same.

use crate::findings::Severity;
use crate::jose::Token;
use crate::lint::role::{self, Role, RoleGuess};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// RFC 7523 as published: aud may be the issuer or the token endpoint URL.
    #[default]
    Rfc7523,
    /// RFC 10070: client assertion aud is the issuer, as the only value.
    Rfc10070,
    /// OpenID Connect Core §9: iss = sub = client_id, jti required.
    Oidc,
    /// The Identity Assertion JWT Authorization Grant (ID-JAG), a jwt-bearer grant.
    IdJag,
    /// An OpenID Connect ID token, as a relying party validates it (OIDC Core §3.1.3.7).
    OidcIdToken,
    /// A JWT access token (RFC 9068, typ at+jwt).
    Rfc9068,
    /// FAPI 2.0 Security Profile.
    Fapi2,
    Okta,
    Entra,
    Google,
    Salesforce,
    Keycloak,
    Auth0,
    PingOne,
}

impl Profile {
    pub const ALL: [Profile; 14] = [
        Profile::Rfc7523,
        Profile::Rfc10070,
        Profile::Oidc,
        Profile::IdJag,
        Profile::OidcIdToken,
        Profile::Rfc9068,
        Profile::Fapi2,
        Profile::Okta,
        Profile::Entra,
        Profile::Google,
        Profile::Salesforce,
        Profile::Keycloak,
        Profile::Auth0,
        Profile::PingOne,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Rfc7523 => "rfc7523",
            Profile::Rfc10070 => "rfc10070",
            Profile::Oidc => "oidc",
            Profile::IdJag => "id-jag",
            Profile::OidcIdToken => "oidc-id-token",
            Profile::Rfc9068 => "rfc9068",
            Profile::Fapi2 => "fapi2",
            Profile::Okta => "okta",
            Profile::Entra => "entra",
            Profile::Google => "google",
            Profile::Salesforce => "salesforce",
            Profile::Keycloak => "keycloak",
            Profile::Auth0 => "auth0",
            Profile::PingOne => "pingone",
        }
    }

    /// This profile's row in `SPECS`.
    pub fn spec(self) -> &'static Spec {
        SPECS
            .iter()
            .find(|s| s.profile == self)
            .unwrap_or(&SPECS[0])
    }
}

impl Spec {
    /// Whether this profile's own token rules (typ, required claims, claim shapes, the
    /// client_id claim) are for a token in `role`. A token profile judges its own token
    /// only: the client assertion next to an ID-JAG grant is judged by the default rules.
    /// Other profiles judge every role, as they always have.
    pub fn judges(&self, role: Role) -> bool {
        if self.typ.is_none() && self.token_role.is_none() {
            return true;
        }
        match (self.only_flow, self.token_role) {
            (Some(Flow::Grant), _) => matches!(role, Role::Grant | Role::Unknown),
            (Some(Flow::Client), _) => matches!(role, Role::ClientAssertion | Role::Unknown),
            // Grants that are ID tokens are judged as ID tokens.
            (None, Some(Role::IdToken)) => {
                matches!(role, Role::IdToken | Role::Grant | Role::Unknown)
            }
            (None, Some(r)) => role == r || role == Role::Unknown,
            (None, None) => true,
        }
    }

    /// The claims a token in `role` must carry: the profile's, or RFC 7523's for a token
    /// this (token) profile does not judge.
    pub fn required_for(&self, role: Role) -> &'static [&'static str] {
        if self.judges(role) {
            self.required
        } else {
            RFC7523_REQUIRED
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the profile a token is judged by was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProfileFrom {
    /// Nothing said which: the default (rfc7523), which a known vendor may replace.
    #[default]
    Default,
    /// `--profile`.
    Given,
    /// The server is a known vendor's, and why jwtgrant thinks so.
    Inferred(String),
    /// The token says what it is (its typ, or the claims of an ID token), and how:
    /// e.g. "typ oauth-id-jag+jwt". A vendor inferred from the server does not replace it.
    Token(String),
}

impl ProfileFrom {
    /// "from typ oauth-id-jag+jwt", "asked for with --profile", …: the words after the name.
    pub fn describe(&self) -> String {
        match self {
            ProfileFrom::Default => "the default".into(),
            ProfileFrom::Given => "asked for".into(),
            ProfileFrom::Inferred(because) => format!("inferred: {because}"),
            ProfileFrom::Token(because) => format!("from {because}"),
        }
    }
}

/// ID-JAG names shared by lint, sign, replay and serve
/// (draft-ietf-oauth-identity-assertion-authz-grant). Some are for the token exchange
/// (replay --token-exchange, serve --id-jag-issuer) only.
#[allow(dead_code)]
pub mod id_jag {
    /// The draft revision the `id-jag` profile follows.
    pub const DRAFT: &str = "draft-ietf-oauth-identity-assertion-authz-grant-04";
    /// The JOSE typ an ID-JAG MUST carry (§3.1).
    pub const TYP: &str = "oauth-id-jag+jwt";
    /// RFC 8693 requested_token_type / issued_token_type of an ID-JAG (§4.3, §9.2).
    pub const TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id-jag";
    /// RFC 8693 subject_token_type of an OpenID Connect ID token (RFC 8693 §3).
    pub const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
    /// RFC 8693 token exchange grant type.
    pub const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
    /// `sign --profile id-jag`'s lifetime when --exp is not given: the draft's example
    /// token exchange response says expires_in 300.
    pub const DEFAULT_LIFETIME: i64 = 300;
    /// Lifetime above which the id-jag profile warns (the draft sets no number; ID-JAGs are
    /// short-lived grants, and a resource AS may take one again until it expires, §4.4.3).
    pub const MAX_LIFETIME: i64 = 3600;
}

/// The JOSE typ of an RFC 9068 JWT access token (§2.1).
pub const AT_JWT_TYP: &str = "at+jwt";

/// typ compared as RFC 7515 §4.1.9 says: case-insensitively, with or without the
/// "application/" prefix. Allocation-free: lint runs it per token.
pub fn typ_is(typ: &str, wanted: &str) -> bool {
    typ.eq_ignore_ascii_case(wanted)
        || typ
            .get(..12)
            .is_some_and(|p| p.eq_ignore_ascii_case("application/"))
            && typ[12..].eq_ignore_ascii_case(wanted)
}

/// `from_token`, knowing where the token was found: a token sent as `assertion` or
/// `client_assertion` is being used as an assertion, so only the id-jag profile (a grant)
/// may be picked; an access token or ID token there stays token.not_assertion.
pub fn from_token_at(
    token: &Token,
    role: &RoleGuess,
    place: Option<&crate::input::Place>,
) -> Option<(Profile, String)> {
    let as_assertion = place.and_then(crate::input::Place::field).is_some_and(|f| {
        f.eq_ignore_ascii_case("assertion") || f.eq_ignore_ascii_case("client_assertion")
    });
    from_token(token, role).filter(|(p, _)| !as_assertion || p.spec().token_role.is_none())
}

/// The profile a token asks to be judged by, when nothing else chose one: its typ (an
/// ID-JAG, an RFC 9068 access token) or, for ID tokens (which are seldom typed), the role
/// guess. Access tokens without typ at+jwt keep the default: RFC 9068 would fault every
/// vendor access token that never claimed to follow it.
pub fn from_token(token: &Token, role: &RoleGuess) -> Option<(Profile, String)> {
    if let Some(typ) = token.header_str("typ") {
        if typ_is(typ, id_jag::TYP) {
            return Some((Profile::IdJag, format!("typ {typ}")));
        }
        if typ_is(typ, AT_JWT_TYP) {
            return Some((Profile::Rfc9068, format!("typ {typ}")));
        }
    }
    match role.role {
        Role::IdToken if !role.forced => Some((
            Profile::OidcIdToken,
            format!("the role guess: {}", role.reason),
        )),
        Role::Grant if role.reason == role::IDJAG_PATTERN => {
            Some((Profile::IdJag, format!("the role guess: {}", role.reason)))
        }
        _ => None,
    }
}

/// The two ways a JWT reaches a token endpoint (RFC 7523 §2.1 and §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT
    Grant,
    /// client_assertion_type=…:jwt-bearer&client_assertion=JWT
    Client,
}

impl Flow {
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Grant => "grant",
            Flow::Client => "client",
        }
    }
}

/// What `aud` must name, once the server's issuer / token endpoint are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudRule {
    /// RFC 7523: the issuer or the token endpoint URL (one of the values suffices).
    IssuerOrTokenEndpoint,
    /// RFC 10070 client authentication: the issuer identifier; never the token endpoint URL.
    IssuerOnly,
    /// The token endpoint URL; the issuer instead gets `issuer` severity.
    TokenEndpoint { issuer: Severity },
    /// The relying party's client_id (`--client-id`) among the values: ID tokens.
    ClientId,
    /// Only what `--aud` says (an access token's resource server): nothing to infer.
    Given,
}

/// The typ header a profile's tokens must carry.
#[derive(Debug, Clone, Copy)]
pub struct TypRule {
    /// Accepted values (compared by `typ_is`); the first is the one to send.
    pub wanted: &'static [&'static str],
    pub severity: Severity,
    /// Where the rule is written, for the message.
    pub spec: &'static str,
}

/// What a claim's value must look like when it is present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string of space-separated scope tokens (RFC 6749 §3.3).
    ScopeString,
    /// A JSON array of objects, each with a string `type` (RFC 9396 §2).
    AuthorizationDetails,
    /// An absolute URI without fragment, or an array of them (RFC 8707 §2).
    ResourceUris,
    /// An array of strings (amr, OIDC Core §2).
    StringArray,
    /// A string (acr, tenant, azp, nonce).
    String,
    /// A NumericDate (auth_time).
    NumericDate,
    /// base64url of the left half of the hash the alg names (OIDC Core §3.1.3.6, §3.2.2.9).
    LeftHalfHash,
}

/// One claim's shape rule, and where it is written.
#[derive(Debug, Clone, Copy)]
pub struct ClaimShape {
    pub claim: &'static str,
    pub kind: ValueKind,
    pub spec: &'static str,
}

/// A shape a value must have when no exact expectation is known (vendor conventions).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub accepts: fn(&str) -> bool,
    /// What is wanted, for the message and `expected`.
    pub wanted: &'static str,
    pub severity: Severity,
}

/// Where a lifetime is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// exp − iat (exp − now when there is no iat).
    Iat,
    /// exp − now: how far ahead exp is when the server sees it.
    Now,
}

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub seconds: i64,
    pub since: Since,
    pub severity: Severity,
}

/// What a grant's sub must name at a server that expects a user (RFC 7523 §3 item 2.A).
#[derive(Debug, Clone, Copy)]
pub struct SubUser {
    pub wanted: &'static str,
    pub severity: Severity,
}

/// One profile, as data.
pub struct Spec {
    pub profile: Profile,
    pub summary: &'static str,
    pub sources: &'static str,
    /// The only flow the server supports; a guessed role gives way to it.
    pub only_flow: Option<Flow>,
    pub client_aud: AudRule,
    pub grant_aud: AudRule,
    /// Why the profile wants that aud, for messages.
    pub aud_note: &'static str,
    /// Checked when neither --aud, --issuer, --token-endpoint nor metadata say what aud is.
    pub aud_shape: Option<Shape>,
    /// A client assertion with several aud values.
    pub aud_multiple: Severity,
    /// A client assertion whose aud is an array at all (FAPI 2: send a string).
    pub aud_array: Option<Severity>,
    pub iss_shape: Option<Shape>,
    pub algs: Option<&'static [&'static str]>,
    pub lifetime: Option<Limit>,
    /// How old iat may be when the server sees the assertion.
    pub iat_max_age: Limit,
    /// Severity of a missing jti: client assertions, grants.
    pub jti_client: Severity,
    pub jti_grant: Severity,
    /// Missing or generic typ on a client assertion (RFC 10070 SHOULD).
    pub typ_client_auth: Option<Severity>,
    /// iat / nbf ahead of now: fine up to the first number, error from the second
    /// (FAPI 2: 10 s and 60 s). None: the --skew rule.
    pub future_window: Option<(i64, i64)>,
    /// nbf must never be ahead of now, whatever the skew (PingOne).
    pub nbf_strict: bool,
    pub required: &'static [&'static str],
    /// A grant whose sub equals iss, at a server that wants sub to name a user.
    pub grant_sub_user: Option<SubUser>,
    /// Header parameters that identify the signing key to this server.
    pub key_id_params: &'static [&'static str],
    /// Severity when none of them is present (asymmetric algs).
    pub key_id_missing: Severity,
    /// The token that is not an assertion which this profile judges (ID tokens, access
    /// tokens): the claim checks run for that role too, and token.not_assertion is quiet.
    pub token_role: Option<Role>,
    /// The typ every token of this profile must carry.
    pub typ: Option<TypRule>,
    /// A grant whose aud holds several values (ID-JAG: exactly one element).
    pub aud_multiple_grant: Severity,
    /// A missing jti on the profile's `token_role` (None: not judged).
    pub jti_token: Option<Severity>,
    /// Shapes of claims, checked when present.
    pub claim_shapes: &'static [ClaimShape],
    /// iss is the server's own issuer (`--issuer`): tokens the server issues, not assertions.
    pub iss_is_issuer: bool,
}

const RFC7523_REQUIRED: &[&str] = &["iss", "sub", "aud", "exp"];
const KEY_IDS: &[&str] = &["kid", "x5t#S256", "x5t"];
const DAY: i64 = 86_400;
const DEFAULT_IAT_AGE: Limit = Limit {
    seconds: DAY,
    since: Since::Now,
    severity: Severity::Warning,
};

fn ends_with_v1_token(a: &str) -> bool {
    a.starts_with("https://") && a.ends_with("/v1/token")
}

fn entra_token_endpoint(a: &str) -> bool {
    a.starts_with("https://login.microsoftonline.com/") && a.ends_with("/oauth2/v2.0/token")
}

fn google_token_endpoint(a: &str) -> bool {
    matches!(
        a,
        "https://oauth2.googleapis.com/token" | "https://accounts.google.com/o/oauth2/token"
    )
}

fn salesforce_audience(a: &str) -> bool {
    matches!(
        a,
        "https://login.salesforce.com" | "https://test.salesforce.com"
    )
}

/// `https://host/` and nothing after the slash.
fn auth0_tenant_url(a: &str) -> bool {
    a.strip_prefix("https://")
        .and_then(|rest| rest.strip_suffix('/'))
        .is_some_and(|host| !host.is_empty() && !host.contains('/'))
}

fn keycloak_realm_url(a: &str) -> bool {
    a.contains("/realms/")
}

fn pingone_url(a: &str) -> bool {
    a.starts_with("https://") && (a.ends_with("/as/token") || a.ends_with("/as"))
}

fn is_email(a: &str) -> bool {
    a.split_once('@')
        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
}

/// 8-4-4-4-12 hex digits, the form of Entra application (client) IDs.
fn is_guid(a: &str) -> bool {
    let groups: Vec<&str> = a.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

const BASE: Spec = Spec {
    profile: Profile::Rfc7523,
    summary: "RFC 7523 as published: aud is the AS issuer or its token endpoint URL (or an array holding one); iss, sub, aud, exp required",
    sources: "RFC 7523 §3; RFC 7521 §5.2",
    only_flow: None,
    client_aud: AudRule::IssuerOrTokenEndpoint,
    grant_aud: AudRule::IssuerOrTokenEndpoint,
    aud_note: "RFC 7523 §3: aud must identify the authorization server (its issuer or token endpoint URL)",
    aud_shape: None,
    aud_multiple: Severity::Warning,
    aud_array: None,
    iss_shape: None,
    algs: None,
    lifetime: None,
    iat_max_age: DEFAULT_IAT_AGE,
    jti_client: Severity::Warning,
    jti_grant: Severity::Info,
    typ_client_auth: None,
    future_window: None,
    nbf_strict: false,
    required: RFC7523_REQUIRED,
    grant_sub_user: None,
    key_id_params: KEY_IDS,
    key_id_missing: Severity::Info,
    token_role: None,
    typ: None,
    aud_multiple_grant: Severity::Info,
    jti_token: None,
    claim_shapes: &[],
    iss_is_issuer: false,
};

const ID_JAG_CLAIMS: &str = "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1";
const ID_TOKEN_CLAIMS: &str = "OpenID Connect Core 1.0 §2";

const ID_JAG_SHAPES: &[ClaimShape] = &[
    ClaimShape {
        claim: "client_id",
        kind: ValueKind::String,
        spec: ID_JAG_CLAIMS,
    },
    ClaimShape {
        claim: "scope",
        kind: ValueKind::ScopeString,
        spec: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1; RFC 6749 §3.3",
    },
    ClaimShape {
        claim: "resource",
        kind: ValueKind::ResourceUris,
        spec: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1; RFC 8707 §2",
    },
    ClaimShape {
        claim: "authorization_details",
        kind: ValueKind::AuthorizationDetails,
        spec: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1; RFC 9396 §2",
    },
    ClaimShape {
        claim: "tenant",
        kind: ValueKind::String,
        spec: ID_JAG_CLAIMS,
    },
    ClaimShape {
        claim: "auth_time",
        kind: ValueKind::NumericDate,
        spec: ID_JAG_CLAIMS,
    },
    ClaimShape {
        claim: "acr",
        kind: ValueKind::String,
        spec: ID_JAG_CLAIMS,
    },
    ClaimShape {
        claim: "amr",
        kind: ValueKind::StringArray,
        spec: ID_JAG_CLAIMS,
    },
];

const ID_TOKEN_SHAPES: &[ClaimShape] = &[
    ClaimShape {
        claim: "nonce",
        kind: ValueKind::String,
        spec: ID_TOKEN_CLAIMS,
    },
    ClaimShape {
        claim: "azp",
        kind: ValueKind::String,
        spec: ID_TOKEN_CLAIMS,
    },
    ClaimShape {
        claim: "auth_time",
        kind: ValueKind::NumericDate,
        spec: ID_TOKEN_CLAIMS,
    },
    ClaimShape {
        claim: "acr",
        kind: ValueKind::String,
        spec: ID_TOKEN_CLAIMS,
    },
    ClaimShape {
        claim: "amr",
        kind: ValueKind::StringArray,
        spec: ID_TOKEN_CLAIMS,
    },
    ClaimShape {
        claim: "at_hash",
        kind: ValueKind::LeftHalfHash,
        spec: "OpenID Connect Core 1.0 §3.1.3.6, §3.2.2.9",
    },
    ClaimShape {
        claim: "c_hash",
        kind: ValueKind::LeftHalfHash,
        spec: "OpenID Connect Core 1.0 §3.3.2.11",
    },
];

const RFC9068_SHAPES: &[ClaimShape] = &[
    ClaimShape {
        claim: "client_id",
        kind: ValueKind::String,
        spec: "RFC 9068 §2.2; RFC 8693 §4.3",
    },
    ClaimShape {
        claim: "scope",
        kind: ValueKind::ScopeString,
        spec: "RFC 9068 §2.2.3; RFC 8693 §4.2",
    },
    ClaimShape {
        claim: "authorization_details",
        kind: ValueKind::AuthorizationDetails,
        spec: "RFC 9068 §2.2.3.1; RFC 9396 §9.1",
    },
    ClaimShape {
        claim: "auth_time",
        kind: ValueKind::NumericDate,
        spec: "RFC 9068 §2.2.1",
    },
    ClaimShape {
        claim: "acr",
        kind: ValueKind::String,
        spec: "RFC 9068 §2.2.1",
    },
    ClaimShape {
        claim: "amr",
        kind: ValueKind::StringArray,
        spec: "RFC 9068 §2.2.1",
    },
];

/// Every profile. The first row is the default.
pub const SPECS: &[Spec] = &[
    BASE,
    Spec {
        profile: Profile::Rfc10070,
        summary: "RFC 10070: a client assertion's aud is the AS issuer identifier as its only value, never the token endpoint URL; typ client-authentication+jwt SHOULD be set (a missing typ is a warning, never an error); grants may name the issuer or the token endpoint",
        sources: "RFC 10070 (draft-ietf-oauth-rfc7523bis); RFC 8414 §2 (issuer)",
        client_aud: AudRule::IssuerOnly,
        aud_note: "RFC 10070 requires the AS issuer identifier as the only aud value and forbids the token endpoint URL",
        aud_multiple: Severity::Error,
        typ_client_auth: Some(Severity::Warning),
        ..BASE
    },
    Spec {
        profile: Profile::Oidc,
        summary: "OpenID Connect Core §9 client authentication: iss = sub = client_id, jti required (single use), aud SHOULD be the token endpoint URL",
        sources: "OpenID Connect Core 1.0 §9",
        only_flow: Some(Flow::Client),
        client_aud: AudRule::TokenEndpoint {
            issuer: Severity::Warning,
        },
        aud_note: "OIDC Core §9: aud SHOULD be the URL of the token endpoint",
        jti_client: Severity::Error,
        ..BASE
    },
    Spec {
        profile: Profile::IdJag,
        summary: "Identity Assertion JWT Authorization Grant (ID-JAG, Cross App Access), draft -04: a jwt-bearer grant typed oauth-id-jag+jwt; iss the IdP, aud the resource AS issuer as the only value, client_id the client authenticating at the resource AS; iss, sub, aud, client_id, jti, exp, iat required; scope a space-separated string, resource URIs, authorization_details an array; short-lived (jwtgrant warns above 1 h)",
        sources: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1, §4.4.1; RFC 7523 §3; RFC 8725 §3.11",
        only_flow: Some(Flow::Grant),
        grant_aud: AudRule::IssuerOnly,
        aud_note: "draft-ietf-oauth-identity-assertion-authz-grant-04 §4.4.1: aud MUST be the resource AS issuer identifier (a string, or an array of exactly that one value)",
        lifetime: Some(Limit {
            seconds: id_jag::MAX_LIFETIME,
            since: Since::Iat,
            severity: Severity::Warning,
        }),
        jti_grant: Severity::Error,
        required: &["iss", "sub", "aud", "exp", "iat", "client_id"],
        typ: Some(TypRule {
            wanted: &[id_jag::TYP],
            severity: Severity::Error,
            spec: "draft-ietf-oauth-identity-assertion-authz-grant-04 §3.1, §4.4.1",
        }),
        aud_multiple_grant: Severity::Error,
        claim_shapes: ID_JAG_SHAPES,
        ..BASE
    },
    Spec {
        profile: Profile::OidcIdToken,
        summary: "OpenID Connect ID token, validated as its relying party does: iss the OP's issuer (--issuer), aud contains the client (--client-id), azp when there are several audiences, iss, sub, aud, exp, iat required, nonce when one was sent (--nonce), at_hash / c_hash the left half of the alg's hash; also for grants that are ID tokens",
        sources: "OpenID Connect Core 1.0 §2, §3.1.3.7, §3.1.3.6; OpenID Connect Discovery 1.0 §4",
        client_aud: AudRule::ClientId,
        grant_aud: AudRule::ClientId,
        aud_note: "OIDC Core §3.1.3.7: aud must contain the client_id of the relying party",
        required: &["iss", "sub", "aud", "exp", "iat"],
        token_role: Some(Role::IdToken),
        claim_shapes: ID_TOKEN_SHAPES,
        iss_is_issuer: true,
        ..BASE
    },
    Spec {
        profile: Profile::Rfc9068,
        summary: "JWT access token (RFC 9068): typ at+jwt; iss the AS issuer (--issuer), aud the resource server (--aud); iss, exp, aud, sub, client_id, iat, jti required; scope a space-separated string, authorization_details an array of objects; not an assertion",
        sources: "RFC 9068 §2.1, §2.2, §2.2.3, §4",
        client_aud: AudRule::Given,
        grant_aud: AudRule::Given,
        aud_note: "RFC 9068 §4: aud must name the resource server",
        required: &["iss", "exp", "aud", "sub", "client_id", "iat"],
        token_role: Some(Role::AccessToken),
        typ: Some(TypRule {
            wanted: &[AT_JWT_TYP],
            severity: Severity::Error,
            spec: "RFC 9068 §2.1, §4",
        }),
        jti_token: Some(Severity::Error),
        claim_shapes: RFC9068_SHAPES,
        iss_is_issuer: true,
        ..BASE
    },
    Spec {
        profile: Profile::Fapi2,
        summary: "FAPI 2.0 Security Profile: PS256, ES256 or EdDSA/Ed25519 only; aud the AS issuer as a string (RFC 10070); jti required; short-lived (jwtgrant warns above 5 min); iat/nbf at most 10 s ahead (60 s or more is an error)",
        sources: "FAPI 2.0 Security Profile (Final, Feb 2025) §5.3.2.1, §5.4; RFC 10070; RFC 8725 §3.2",
        only_flow: Some(Flow::Client),
        client_aud: AudRule::IssuerOnly,
        aud_note: "FAPI 2.0 requires the AS issuer identifier, sent as a string",
        aud_multiple: Severity::Error,
        aud_array: Some(Severity::Warning),
        algs: Some(&["PS256", "ES256", "EdDSA", "Ed25519"]),
        lifetime: Some(Limit {
            seconds: 300,
            since: Since::Iat,
            severity: Severity::Warning,
        }),
        jti_client: Severity::Error,
        typ_client_auth: Some(Severity::Info),
        future_window: Some((10, 60)),
        ..BASE
    },
    Spec {
        profile: Profile::Okta,
        summary: "Okta (client assertions): aud the full URL of the token endpoint called (…/oauth2/v1/token or …/oauth2/{authServerId}/v1/token); exp at most 1 h ahead; iss = sub = client_id; kid names the key when the app has several",
        sources: "Okta developer docs: create and sign a JWT (private_key_jwt); error catalog O1-O5",
        only_flow: Some(Flow::Client),
        client_aud: AudRule::TokenEndpoint {
            issuer: Severity::Error,
        },
        aud_note: "Okta: \"The audience claim for client_assertion must be the endpoint invoked for the request.\"",
        aud_shape: Some(Shape {
            accepts: ends_with_v1_token,
            wanted: "the full token endpoint URL, https://{org}.okta.com/oauth2[/{authServerId}]/v1/token",
            severity: Severity::Error,
        }),
        lifetime: Some(Limit {
            seconds: 3600,
            since: Since::Now,
            severity: Severity::Error,
        }),
        key_id_missing: Severity::Warning,
        ..BASE
    },
    Spec {
        profile: Profile::Entra,
        summary: "Microsoft Entra ID (client assertions): aud the v2.0 token endpoint https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token, one value; iss = sub = the application (client) ID; the certificate named by x5t#S256 (or x5t); PS256 (RS256 in older docs); 5-10 min lifetime recommended",
        sources: "MicrosoftDocs/entra-docs certificate-credentials.md; error catalog E1-E7",
        only_flow: Some(Flow::Client),
        client_aud: AudRule::TokenEndpoint {
            issuer: Severity::Error,
        },
        aud_note: "Entra ID wants its v2.0 token endpoint URL as aud",
        aud_shape: Some(Shape {
            accepts: entra_token_endpoint,
            wanted: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
            severity: Severity::Warning,
        }),
        aud_multiple: Severity::Error,
        iss_shape: Some(Shape {
            accepts: is_guid,
            wanted: "the application (client) ID, a GUID",
            severity: Severity::Warning,
        }),
        algs: Some(&["PS256", "RS256"]),
        lifetime: Some(Limit {
            seconds: 600,
            since: Since::Iat,
            severity: Severity::Warning,
        }),
        key_id_params: &["x5t#S256", "x5t"],
        key_id_missing: Severity::Warning,
        ..BASE
    },
    Spec {
        profile: Profile::Google,
        summary: "Google service accounts (JWT bearer grant): aud https://oauth2.googleapis.com/token; iss the service account's client_email; scope and iat required, sub only for domain-wide delegation; exp at most 1 h after iat; RS256",
        sources: "developers.google.com/identity/protocols/oauth2/service-account; error catalog G1-G9",
        only_flow: Some(Flow::Grant),
        grant_aud: AudRule::TokenEndpoint {
            issuer: Severity::Error,
        },
        aud_note: "Google wants https://oauth2.googleapis.com/token (\"Invalid JWT: Failed audience check\")",
        aud_shape: Some(Shape {
            accepts: google_token_endpoint,
            wanted: "https://oauth2.googleapis.com/token",
            severity: Severity::Error,
        }),
        iss_shape: Some(Shape {
            accepts: is_email,
            wanted: "the service account's client_email (…@….iam.gserviceaccount.com)",
            severity: Severity::Error,
        }),
        algs: Some(&["RS256"]),
        lifetime: Some(Limit {
            seconds: 3600,
            since: Since::Iat,
            severity: Severity::Error,
        }),
        required: &["iss", "aud", "exp", "iat", "scope"],
        grant_sub_user: Some(SubUser {
            wanted: "the email of the Workspace user to act for (domain-wide delegation); leave sub out to act as the service account itself",
            severity: Severity::Warning,
        }),
        ..BASE
    },
    Spec {
        profile: Profile::Salesforce,
        summary: "Salesforce (JWT bearer grant): aud https://login.salesforce.com, https://test.salesforce.com or an Experience Cloud site URL (no trailing slash); iss the consumer key; sub the username; exp within 3 min; RS256",
        sources: "Salesforce help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration; error catalog S1-S5",
        only_flow: Some(Flow::Grant),
        aud_note: "Salesforce wants https://login.salesforce.com, https://test.salesforce.com or the Experience Cloud site URL",
        aud_shape: Some(Shape {
            accepts: salesforce_audience,
            wanted: "https://login.salesforce.com or https://test.salesforce.com (or your Experience Cloud site URL)",
            severity: Severity::Warning,
        }),
        algs: Some(&["RS256"]),
        lifetime: Some(Limit {
            seconds: 180,
            since: Since::Now,
            severity: Severity::Error,
        }),
        grant_sub_user: Some(SubUser {
            wanted: "the username of the Salesforce user the app acts for",
            severity: Severity::Error,
        }),
        ..BASE
    },
    Spec {
        profile: Profile::Keycloak,
        summary: "Keycloak: aud the realm issuer or a realm endpoint (token, introspection, PAR, CIBA), one value; jti required and single-use; an assertion older than the client's max age (60 s by default, unconfirmed) is refused",
        sources: "keycloak/keycloak AbstractBaseJWTValidator, JWTClientValidator; error catalog K11-K19",
        aud_note: "Keycloak accepts the realm issuer or one of the realm's endpoints, as a single value",
        aud_shape: Some(Shape {
            accepts: keycloak_realm_url,
            wanted: "the realm issuer https://{host}/realms/{realm} or its token endpoint",
            severity: Severity::Warning,
        }),
        aud_multiple: Severity::Error,
        iat_max_age: Limit {
            seconds: 60,
            since: Since::Now,
            severity: Severity::Warning,
        },
        jti_client: Severity::Error,
        jti_grant: Severity::Error,
        ..BASE
    },
    Spec {
        profile: Profile::Auth0,
        summary: "Auth0 (client assertions): aud the tenant URL with its trailing slash (https://{tenant}.auth0.com/) or the custom domain; exp at most 5 min ahead (1 min recommended); jti required",
        sources: "auth0.com docs: Authenticate with Private Key JWT",
        only_flow: Some(Flow::Client),
        client_aud: AudRule::IssuerOnly,
        aud_note: "Auth0 wants the tenant URL (its issuer, with the trailing slash)",
        aud_shape: Some(Shape {
            accepts: auth0_tenant_url,
            wanted: "https://{tenant}.auth0.com/ (with the trailing slash) or your custom domain",
            severity: Severity::Error,
        }),
        lifetime: Some(Limit {
            seconds: 300,
            since: Since::Now,
            severity: Severity::Error,
        }),
        jti_client: Severity::Error,
        ..BASE
    },
    Spec {
        profile: Profile::PingOne,
        summary: "PingOne (client assertions): aud the token endpoint (…/as/token), the issuer (…/as) or the endpoint called, as a full URL; exp at most 1 h ahead; nbf never in the future",
        sources: "developer.pingidentity.com: create a client secret JWT; error catalog PO1",
        only_flow: Some(Flow::Client),
        aud_note: "PingOne wants the full URL of its token endpoint, issuer or the endpoint called",
        aud_shape: Some(Shape {
            accepts: pingone_url,
            wanted: "https://auth.pingone.{region}/{envId}/as/token (or …/as)",
            severity: Severity::Warning,
        }),
        lifetime: Some(Limit {
            seconds: 3600,
            since: Since::Now,
            severity: Severity::Error,
        }),
        nbf_strict: true,
        ..BASE
    },
];

/// The role to judge by: a guessed assertion role gives way to the profile's only flow
/// (Google and Salesforce take grants; Okta, Entra, … client assertions), or to the token
/// a token profile judges (oidc-id-token: ID tokens; rfc9068: access tokens). `--flow` wins.
pub fn apply_flow(profile: Profile, guess: RoleGuess) -> RoleGuess {
    let spec = profile.spec();
    let (wanted, what) = match (spec.only_flow, spec.token_role) {
        (Some(Flow::Client), _) => (Role::ClientAssertion, "client assertions"),
        (Some(Flow::Grant), _) => (Role::Grant, "JWT bearer grants"),
        (None, Some(Role::IdToken)) => (Role::IdToken, "ID tokens"),
        (None, Some(Role::AccessToken)) => (Role::AccessToken, "access tokens"),
        _ => return guess,
    };
    // A vendor profile leaves an access token or ID token to token.not_assertion; a token
    // profile (id-jag, oidc-id-token, rfc9068) says what the token must be, and its typ
    // rule then names a token of another kind.
    let token_profile = spec.typ.is_some() || spec.token_role.is_some();
    let movable = token_profile
        || matches!(
            guess.role,
            Role::ClientAssertion | Role::Grant | Role::Unknown
        );
    if guess.forced || !movable || guess.role == wanted {
        return guess;
    }
    RoleGuess {
        role: wanted,
        reason: format!("the {} profile is for {what} only", profile.name()).into(),
        forced: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_has_exactly_one_row_with_a_source() {
        for p in Profile::ALL {
            let rows = SPECS.iter().filter(|s| s.profile == p).count();
            assert_eq!(rows, 1, "{p}");
            let spec = p.spec();
            assert!(!spec.summary.is_empty() && !spec.sources.is_empty(), "{p}");
            assert!(!spec.aud_note.is_empty(), "{p}");
        }
        assert_eq!(SPECS.len(), Profile::ALL.len());
        assert_eq!(SPECS[0].profile, Profile::default());
    }

    #[test]
    fn vendor_shapes() {
        assert!(ends_with_v1_token("https://dev-1.okta.com/oauth2/v1/token"));
        assert!(!ends_with_v1_token("https://dev-1.okta.com/oauth2/default"));
        assert!(entra_token_endpoint(
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        ));
        assert!(auth0_tenant_url("https://acme.auth0.com/"));
        assert!(!auth0_tenant_url("https://acme.auth0.com"));
        assert!(!auth0_tenant_url("https://acme.auth0.com/oauth/token"));
        assert!(is_guid("6731de76-14a6-49ae-97bc-6eba6914391e"));
        assert!(!is_guid("my-app"));
        assert!(is_email("svc@project.iam.gserviceaccount.com"));
        assert!(!is_email("1234567890"));
        assert!(pingone_url("https://auth.pingone.com/env/as/token"));
    }

    #[test]
    fn only_flow_moves_guesses_but_not_forced_roles_or_access_tokens() {
        let guess = |role| RoleGuess {
            role,
            reason: "x".into(),
            forced: false,
        };
        let moved = apply_flow(Profile::Google, guess(Role::ClientAssertion));
        assert_eq!(moved.role, Role::Grant);
        assert!(moved.reason.contains("google"));
        let forced = RoleGuess::forced(Role::ClientAssertion, "--flow client");
        assert_eq!(
            apply_flow(Profile::Google, forced).role,
            Role::ClientAssertion
        );
        assert_eq!(
            apply_flow(Profile::Okta, guess(Role::AccessToken)).role,
            Role::AccessToken
        );
        assert_eq!(
            apply_flow(Profile::Rfc7523, guess(Role::Unknown)).role,
            Role::Unknown
        );
    }
}
