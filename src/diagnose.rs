//! Diagnosis: why a token endpoint refused (or accepted) an assertion, as ranked causes,
//! each a finding with its evidence. Pure: everything comes in through `Input` (the
//! assertions, the lint context, the exchange with the server, registered keys, what the
//! history knows); nothing is read, fetched or printed here.
//!
//! Causes are ranked by the strength of their evidence, for any server (rank.rs): the
//! answer being about the URL, then the server naming the cause, then definite local
//! findings, then hints; a vague answer is the summary, last. Times are judged by the
//! clock judge.rs picks (the server's when known), and by the vendor's profile when the
//! server is a known vendor's (vendor.rs).

pub mod answer;
pub mod catalog;
pub mod judge;
#[cfg(test)]
mod matrix;
pub mod place;
pub mod rank;
pub mod request;
pub mod said;
pub mod vendor;
pub mod words;

pub use answer::Answer;
pub use judge::Judged;
pub use rank::Evidence;
pub use request::Sent;

use crate::clock::span;
use crate::exchange::{Exchange, without_userinfo};
use crate::findings::{Finding, Severity};
use crate::jose::Token;
use crate::keys::{SignatureState, Verification};
use crate::lint::profile::ProfileFrom;
use crate::lint::{self, Ctx, Profile, RoleGuess, Subject};
use crate::metadata::Metadata;
use catalog::{Row, Says};
use said::Reading;
use serde_json::{Value, json};

/// An assertion that was (or would be) sent.
pub struct Assertion<'a> {
    pub token: &'a Token,
    pub role: &'a RoleGuess,
    /// The form field it travels in: `assertion` or `client_assertion`.
    pub field: &'static str,
    /// jwtgrant's history holds its (iss, jti): it was sent before.
    pub sent_before: bool,
    /// The assertion checked against the keys the server registered (`--jwks`, or the
    /// client secret of client_secret_jwt), by `keys::check`: the same verifier as
    /// `verify` and `serve`.
    pub keys: Option<&'a Verification>,
    /// The profile and expectations this assertion is judged by when they are not the
    /// request's: the ID token of a token exchange (oidc-id-token, its own issuer and
    /// client) beside a client assertion judged as usual.
    pub judged_as: Option<(lint::Profile, &'a lint::Expect)>,
}

pub struct Input<'a> {
    /// The main assertion first.
    pub assertions: Vec<Assertion<'a>>,
    /// Expectations and the local clock, as lint uses them.
    pub ctx: &'a Ctx,
    /// What was sent and what came back, from wherever it is known (the network, a
    /// capture, pasted text). An exchange with neither request nor response: nothing sent.
    pub exchange: &'a Exchange,
    /// The client_id that went with the request when the record cannot show it (an HTTP
    /// Basic user is stored redacted); otherwise the form's client_id field is used.
    pub client_id: Option<&'a str>,
}

/// What the diagnosis reads of an exchange.
struct Facts<'a> {
    assertions: &'a [Assertion<'a>],
    /// The context as this exchange is judged: its clock, its profile, its expectations.
    ctx: Ctx,
    answer: Option<&'a Answer>,
    judged: Judged,
    /// The request the assertions went out in; None when it is not known (explain).
    request: Option<Sent<'a>>,
    /// The URL the request went to, when known.
    url: Option<&'a str>,
    metadata: Option<&'a Metadata>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The server's own words, matched against the vendor catalog.
    Server,
    /// jwtgrant's history of sent assertions.
    History,
    /// The server's Date header against the local clock.
    Clock,
    /// The keys the server registered (`--jwks`).
    Keys,
    /// The server's metadata (RFC 8414).
    Metadata,
    /// Local lint of the assertion.
    Lint,
    /// The assertion against the request (endpoint, issuer, client_id).
    Request,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Server => "server",
            Source::History => "history",
            Source::Clock => "clock",
            Source::Keys => "keys",
            Source::Metadata => "metadata",
            Source::Lint => "lint",
            Source::Request => "request",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cause {
    pub finding: Finding,
    pub source: Source,
    /// The form field of the assertion the cause is about, when it is about one.
    pub field: Option<&'static str>,
    pub evidence: Vec<String>,
    /// How strong the evidence is: what the ranking goes by (rank.rs).
    pub strength: Evidence,
    /// How many vague hints point at it: the field the server's error code implicates, a
    /// vague catalog row listing its code. Breaks ties within one strength.
    pointed: u8,
    /// A clock cause stands for this time code (what the server's clock makes of exp/nbf/iat).
    stands_for: Option<&'static str>,
}

impl Cause {
    fn new(
        finding: Finding,
        source: Source,
        field: Option<&'static str>,
        strength: Evidence,
    ) -> Cause {
        Cause {
            finding,
            source,
            field,
            evidence: Vec::new(),
            strength,
            pointed: 0,
            stands_for: None,
        }
    }

    fn is(&self, code: &str) -> bool {
        self.finding.code == code || self.stands_for == Some(code)
    }

    fn with(mut self, evidence: impl Into<String>) -> Cause {
        self.evidence.push(evidence.into());
        self
    }

    fn add_evidence(&mut self, evidence: &str) {
        if !self.evidence.iter().any(|e| e == evidence) {
            self.evidence.push(evidence.to_string());
        }
    }

    /// The shared finding object plus `source`, `strength`, `evidence` and (when known)
    /// `field`.
    pub fn to_json(&self) -> Value {
        let mut v = self.finding.to_json();
        if let Value::Object(obj) = &mut v {
            obj.insert("source".into(), json!(self.source.as_str()));
            obj.insert("strength".into(), json!(self.strength.as_str()));
            obj.insert("evidence".into(), json!(self.evidence));
            if let Some(field) = self.field {
                obj.insert("field".into(), json!(field));
            }
        }
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A token response (`Answer::is_token_response`).
    Accepted,
    Rejected,
    /// The answer did not come from a token endpoint judging the assertion: a 404 or 405,
    /// a redirect, a 2xx that is not a token response (a login page, a proxy, cut-off
    /// JSON). A statement about the URL, not about the assertion.
    WrongPlace,
    /// Nothing was sent, or no answer is known.
    Unknown,
}

#[derive(Debug)]
pub struct Diagnosis {
    pub outcome: Outcome,
    /// Rejected without a reason that names a cause: the causes are inferred locally.
    pub inferred: bool,
    /// The catalog rows the answer matched, most specific first.
    pub catalog: Vec<&'static Row>,
    /// Strongest evidence first; `server.rejected` last when the request was refused.
    pub causes: Vec<Cause>,
    /// What an accepted request got ("the server issued a Bearer token …"), no token.
    pub issued: Option<String>,
    /// What the server answered, as the diagnosis read it; None when nothing came back.
    pub answer: Option<Answer>,
    /// The clock the assertions' times were judged by.
    pub judged: Judged,
    /// The vendor profile the assertions were judged by, when it was inferred.
    pub profile: Option<vendor::Inferred>,
    /// How many assertions were checked locally (none: only the answer was known).
    pub checked: usize,
}

impl Diagnosis {
    pub fn first(&self) -> Option<&Cause> {
        self.causes.first()
    }

    pub fn catalog_json(&self) -> Value {
        Value::Array(
            self.catalog
                .iter()
                .map(|r| {
                    json!({
                        "id": r.id,
                        "vendor": r.vendor,
                        "names_cause": r.says == Says::Cause,
                        "codes": r.codes,
                        "explanation": r.explanation,
                        "fix": r.fix,
                    })
                })
                .collect(),
        )
    }

    pub fn causes_json(&self) -> Value {
        Value::Array(self.causes.iter().map(Cause::to_json).collect())
    }

    /// `{"name": "entra", "inferred": "the token endpoint is on …"}`, or null when the
    /// profile was given or is the default.
    pub fn profile_json(&self) -> Value {
        match &self.profile {
            Some(p) => json!({"name": p.profile.name(), "inferred": p.because}),
            None => Value::Null,
        }
    }
}

const TIME_CODES: [&str; 3] = ["claim.exp_expired", "claim.nbf_future", "claim.iat_future"];

/// The fix of every local finding when the server accepted: the value worked.
const NOTHING_TO_CHANGE: &str = "nothing to change for this server, which accepted it as it is; a stricter server may refuse it";

pub fn diagnose(input: &Input) -> Diagnosis {
    let answer = Answer::from_exchange(input.exchange);
    let request = input.exchange.request.as_ref();
    // Credentials in the URL are no part of the endpoint an aud names.
    let url = request.map(|r| without_userinfo(&r.url));
    let metadata = input.exchange.metadata.as_ref();
    let judged = Judged::of(
        input.ctx,
        input.exchange,
        answer.as_ref().and_then(|a| a.date),
    );
    let reading = answer.as_ref().map(said::read);
    let mut ctx = input.ctx.clone();
    ctx.now = judged.at;
    id_jag_grant(&mut ctx, &input.assertions);
    let rows = reading.as_ref().map_or(&[][..], |r| &r.rows[..]);
    let profile = infer_profile(&mut ctx, url.as_deref(), rows);
    let wrong_place = answer.as_ref().is_some_and(place::is_wrong_place);
    if wrong_place && ctx.expect.token_endpoint.as_deref() == url.as_deref() {
        // The URL tried is not the token endpoint: no aud is judged by it.
        ctx.expect.token_endpoint = metadata
            .and_then(|m| m.token_endpoint.clone())
            .filter(|t| Some(t.as_str()) != url.as_deref());
    }
    let facts = Facts {
        assertions: &input.assertions,
        ctx,
        answer: answer.as_ref(),
        judged,
        request: url.as_deref().map(|u| Sent {
            url: (!wrong_place).then_some(u),
            client_id: input
                .client_id
                .or_else(|| request.and_then(|r| r.field("client_id"))),
        }),
        url: url.as_deref(),
        metadata,
    };
    let mut diagnosis = diagnose_facts(&facts, reading.as_ref());
    diagnosis.profile = profile;
    diagnosis.answer = answer;
    diagnosis
}

/// A grant typed oauth-id-jag+jwt is judged by the id-jag rules when nothing chose a
/// profile: a vendor inferred from the endpoint (most are client-assertion profiles) would
/// judge it by the wrong ones.
fn id_jag_grant(ctx: &mut Ctx, assertions: &[Assertion]) {
    if ctx.profile_from != ProfileFrom::Default {
        return;
    }
    let Some(grant) = assertions.iter().find(|a| a.field == "assertion") else {
        return;
    };
    if let Some((Profile::IdJag, because)) =
        crate::lint::profile::from_token(grant.token, grant.role)
    {
        ctx.profile = Profile::IdJag;
        ctx.profile_from = ProfileFrom::Token(because);
    }
}

/// The profile to judge by: the one asked for, or a known vendor's when nothing was.
fn infer_profile(
    ctx: &mut Ctx,
    url: Option<&str>,
    rows: &[&'static Row],
) -> Option<vendor::Inferred> {
    match &ctx.profile_from {
        ProfileFrom::Given => None,
        // The token's own typ (an ID-JAG) outranks a vendor guess, and is said like one.
        ProfileFrom::Token(because) => Some(vendor::Inferred {
            profile: ctx.profile,
            because: because.clone(),
        }),
        ProfileFrom::Inferred(because) => Some(vendor::Inferred {
            profile: ctx.profile,
            because: because.clone(),
        }),
        ProfileFrom::Default => {
            let inferred =
                vendor::from_catalog(rows).or_else(|| url.and_then(vendor::from_endpoint))?;
            ctx.profile = inferred.profile;
            ctx.profile_from = ProfileFrom::Inferred(inferred.because.clone());
            Some(inferred)
        }
    }
}

fn diagnose_facts(f: &Facts, reading: Option<&Reading>) -> Diagnosis {
    let answer = f.answer;
    let outcome = match answer {
        Some(a) if a.is_token_response() => Outcome::Accepted,
        Some(a) if place::is_wrong_place(a) => Outcome::WrongPlace,
        Some(_) => Outcome::Rejected,
        None => Outcome::Unknown,
    };
    let rejected = outcome == Outcome::Rejected;
    let inferred = rejected && !reading.is_some_and(Reading::names_cause);

    let mut causes = Vec::new();
    for a in f.assertions {
        collect(a, f, outcome, &mut causes);
    }
    clock_note(f, &mut causes);
    causes.extend(place::issuer_mismatch(f.metadata));
    if let Some(a) = answer {
        causes.extend(place::cause(a, f.url, f.metadata));
        if outcome == Outcome::Accepted {
            token_response_gaps(a, &mut causes);
        }
    }
    if let (Some(a), Some(r), true) = (answer, reading, rejected) {
        server_statements(a, r, &mut causes);
        for c in causes.iter_mut() {
            let implicated = c.field.is_some() && c.field == r.implicated;
            let suspected = r.suspects.contains(&c.finding.code);
            c.pointed += u8::from(implicated) + u8::from(suspected);
        }
    }
    if inferred {
        for c in causes.iter_mut() {
            c.add_evidence("inferred: the server gave no reason");
        }
    }
    if outcome == Outcome::Accepted {
        accepted(&mut causes);
    }
    keep_relevant(&mut causes, rejected);
    rank::sort(&mut causes);
    if let (Some(a), true) = (answer, rejected) {
        let found_any = !causes.is_empty();
        causes.push(rejection(
            a,
            reading,
            inferred,
            found_any,
            Checked {
                any: !f.assertions.is_empty(),
                keys: f.assertions.iter().any(|a| a.keys.is_some()),
            },
        ));
    }
    Diagnosis {
        outcome,
        inferred,
        catalog: reading.map(|r| r.rows.clone()).unwrap_or_default(),
        causes,
        issued: answer.and_then(Answer::issued_summary),
        answer: None,
        judged: f.judged,
        profile: None,
        checked: f.assertions.len(),
    }
}

/// Accepted means accepted: the server just proved every value in the assertion good
/// enough for it, so no local finding about the assertion is an error, and no fix proposes
/// a new value for one that worked. What a stricter server or profile wants stays as a
/// warning that says the server accepted it anyway.
fn accepted(causes: &mut [Cause]) {
    for c in causes.iter_mut().filter(|c| c.field.is_some()) {
        let f = &mut c.finding;
        if f.severity == Severity::Error {
            f.severity = Severity::Warning;
        }
        f.message.push_str("; the server accepted it anyway");
        f.hint = Some(NOTHING_TO_CHANGE.to_string());
        f.expected = None;
        c.strength = c.strength.min(Evidence::Hint);
    }
}

/// Everything known about one assertion: history, registered keys, lint, the request.
fn collect(a: &Assertion, f: &Facts, outcome: Outcome, causes: &mut Vec<Cause>) {
    let rejected = outcome == Outcome::Rejected;
    let own;
    let ctx = match a.judged_as {
        Some((profile, expect)) => {
            let mut c = f.ctx.clone();
            c.profile = profile;
            c.profile_from = ProfileFrom::Given;
            c.expect = expect.clone();
            own = c;
            &own
        }
        None => &f.ctx,
    };
    let field = Some(a.field);
    let subject = Subject {
        token: a.token,
        role: a.role,
        request: None,
    };
    if a.sent_before {
        let severity = if rejected {
            Severity::Error
        } else {
            Severity::Warning
        };
        causes.push(
            Cause::new(
                Finding::new(
                    "claim.jti_reused",
                    "this assertion (same iss and jti) was sent before; servers that keep assertions single-use refuse it",
                )
                    .severity(severity)
                    .claim("jti")
                    .hint("make a fresh assertion for each request; to replay this one, jwtgrant replay --resign --key KEY sends a copy with a new jti, iat and exp"),
                Source::History,
                field,
                Evidence::of_local(severity),
            )
            .with("jwtgrant's history of sent assertions (a SHA-256 of iss + jti) holds it"),
        );
    }
    let mut local = lint::run(&subject, ctx, lint::offline);
    // A token no server can read fails there, before any key is tried.
    let unreadable = local.iter().any(|f| {
        f.severity == Severity::Error
            && lint::rules::rule(f.code).is_some_and(|r| r.stage == lint::Stage::Structure)
    });
    if let Some(keys) = a.keys {
        key_causes(keys, field, unreadable, causes);
    }
    let request = f
        .request
        .map(|sent| request::check(a.token, a.role, ctx, &sent, &mut local))
        .unwrap_or_default();
    let offset = f.judged.server_offset.filter(|o| *o != 0);
    let server_view = offset.map(|offset| {
        let mut at_server = ctx.clone();
        at_server.now += offset;
        lint::run(&subject, &at_server, lint::offline)
    });
    let mut found: Vec<(Finding, Source)> =
        local.iter().map(|f| (f.clone(), Source::Lint)).collect();
    found.extend(request.added.into_iter().map(|f| (f, Source::Request)));
    let what = match a.field {
        "client_assertion" => "the client assertion",
        _ => "the assertion",
    };
    for (mut finding, source) in found {
        let mut evidence = vec![format!("local check of {what}")];
        for (_, e) in request
            .evidence
            .iter()
            .filter(|(code, _)| *code == finding.code)
        {
            evidence.push(e.clone());
        }
        if let (true, Some(view)) = (TIME_CODES.contains(&finding.code), &server_view) {
            let holds_there = view
                .iter()
                .any(|g| g.code == finding.code && g.severity >= finding.severity);
            if holds_there {
                evidence.push("also by the server's clock (Date header)".into());
            } else if finding.severity == Severity::Error {
                finding.severity = Severity::Warning;
                evidence.push(
                    "but not by the server's clock (Date header): the local clock is off".into(),
                );
            }
        }
        let strength = Evidence::of_local(finding.severity);
        let mut cause = Cause::new(finding, source, field, strength);
        for e in &evidence {
            cause.add_evidence(e);
        }
        causes.push(cause);
    }
    // Valid by the local clock, invalid by the server's: the clocks disagree.
    if let (Some(view), Some(offset)) = (&server_view, offset) {
        for g in view.iter().filter(|g| {
            TIME_CODES.contains(&g.code)
                && g.severity == Severity::Error
                && !local
                    .iter()
                    .any(|l| l.code == g.code && l.severity == Severity::Error)
        }) {
            let mut finding = Finding::new(
                "server.clock_skew",
                format!(
                    "the server's clock is {} {} {} clock; by the server's clock: {}",
                    span(offset),
                    if offset > 0 { "ahead of" } else { "behind" },
                    f.judged.local,
                    g.message
                ),
            )
            .severity(Severity::Error);
            finding.claim = g.claim.clone();
            finding.expected = g.expected.clone();
            finding.actual = g.actual.clone();
            let mut cause = Cause::new(finding, Source::Clock, field, Evidence::Definite)
                .with(format!(
                    "the server's Date header differs from {} clock by {offset} s",
                    f.judged.local
                ))
                .with(format!(
                    "by {} clock {what} is within its validity window",
                    f.judged.local
                ));
            cause.stands_for = Some(g.code);
            causes.push(cause);
        }
    }
}

/// The assertion against the registered keys. An unknown kid also explains a signature
/// that no registered key verifies: a server that finds no key by kid reports a bad
/// signature, so the kid cause stands for that too and is not listed twice. A token that
/// is `unreadable` (malformed) is refused before its signature matters: what the keys say
/// of it is only a hint.
fn key_causes(
    v: &Verification,
    field: Option<&'static str>,
    unreadable: bool,
    causes: &mut Vec<Cause>,
) {
    let kid_unknown = v.findings.iter().any(|f| f.code == "header.kid_unknown");
    for f in &v.findings {
        if kid_unknown && f.code == "signature.invalid" {
            continue;
        }
        let strength = if unreadable {
            Evidence::Hint
        } else {
            Evidence::of_local(f.severity)
        };
        let registered = match &v.key {
            Some(k) if k["kty"] == "oct" => "the client secret",
            _ => "the registered keys",
        };
        let mut cause = Cause::new(f.clone(), Source::Keys, field, strength)
            .with(format!("checked against {registered} from {}", v.source));
        if unreadable {
            cause.add_evidence(
                "the token is malformed: a server refuses it before any key is tried",
            );
        }
        if f.code == "header.kid_unknown" && v.signature != SignatureState::Valid {
            cause.stands_for = Some("signature.invalid");
            cause.add_evidence("no registered key verifies the signature either");
        }
        causes.push(cause);
    }
}

/// A large clock difference is worth a line even when it changes no verdict.
fn clock_note(f: &Facts, causes: &mut Vec<Cause>) {
    let Some(offset) = f.judged.server_offset else {
        return;
    };
    if offset.abs() < 30 || causes.iter().any(|c| c.finding.code == "server.clock_skew") {
        return;
    }
    causes.push(
        Cause::new(
            Finding::new(
                "server.clock_skew",
                format!(
                    "the server's clock is {} {} {} clock; assertions made there look {} to the server",
                    span(offset),
                    if offset > 0 { "ahead of" } else { "behind" },
                    f.judged.local,
                    if offset > 0 { "older" } else { "younger (maybe not yet valid)" }
                ),
            ),
            Source::Clock,
            None,
            Evidence::Hint,
        )
        .with(format!(
            "the server's Date header differs from {} clock by {offset} s",
            f.judged.local
        )),
    );
}

/// The server named a cause: confirm the local finding with that code, or add it.
fn server_statements(a: &Answer, reading: &Reading, causes: &mut Vec<Cause>) {
    for st in &reading.statements {
        let mut confirmed = false;
        for code in &st.codes {
            for c in causes.iter_mut().filter(|c| c.is(code)) {
                c.strength = c.strength.max(Evidence::ServerNamesCause);
                // the cause of this refusal, whatever a profile thought of it
                c.finding.severity = Severity::Error;
                c.add_evidence(&st.evidence);
                confirmed = true;
            }
        }
        let Some(code) = st.codes.first().filter(|_| !confirmed) else {
            continue;
        };
        let finding = match st.row {
            Some(r) => Finding::new(code, r.explanation).hint(r.fix),
            None => Finding::new(
                code,
                strip_codes(
                    &a.description
                        .clone()
                        .or_else(|| a.said())
                        .unwrap_or_default(),
                ),
            ),
        };
        causes.push(
            Cause::new(
                finding.severity(Severity::Error),
                Source::Server,
                reading.implicated,
                Evidence::ServerNamesCause,
            )
            .with(st.evidence.clone()),
        );
    }
}

/// A description without its bracketed finding codes.
fn strip_codes(text: &str) -> String {
    let mut out = text.to_string();
    for code in catalog::bracketed_codes(text) {
        out = out.replace(&format!("[{code}]"), "");
    }
    out.trim().to_string()
}

/// A token was issued, but the response lacks what RFC 6749 §5.1 requires.
fn token_response_gaps(a: &Answer, causes: &mut Vec<Cause>) {
    let gaps = a.token_response_gaps();
    if gaps.is_empty() {
        return;
    }
    causes.push(Cause::new(
        Finding::new(
            "server.unexpected_answer",
            format!(
                "the server issued a token, but the token response does not follow RFC 6749 §5.1: {}; strict client libraries may refuse it",
                gaps.join(", ")
            ),
        )
        .severity(Severity::Warning)
        .hint("nothing to change in the assertion; the server's token response is non-standard"),
        Source::Server,
        None,
        Evidence::Hint,
    ));
}

/// Drop what does not help: info-level findings, unless nothing stronger is left or the
/// server pointed at them.
fn keep_relevant(causes: &mut Vec<Cause>, rejected: bool) {
    let strong = causes.iter().any(|c| c.finding.severity > Severity::Info);
    causes.retain(|c| {
        c.finding.severity > Severity::Info
            || c.strength >= Evidence::ServerNamesCause
            || (rejected && !strong)
    });
}

/// What was checked locally: any assertion at all, and the signer's keys.
struct Checked {
    any: bool,
    keys: bool,
}

/// The closing summary of a refusal: what the server said, and how much that says.
fn rejection(
    a: &Answer,
    reading: Option<&Reading>,
    inferred: bool,
    found_any: bool,
    checked: Checked,
) -> Cause {
    let status = a.status.map_or(String::new(), |s| format!("HTTP {s}"));
    // a body that is no OAuth error was shown with the answer: named here, not quoted again
    let said = match a.said() {
        Some(s) => said::short(&s),
        None => a.body_kind().map_or(String::new(), |k| format!("with {k}")),
    };
    let message = match (status.is_empty(), said.is_empty()) {
        (false, false) => format!("the token endpoint refused the request: {status} {said}"),
        (false, true) => format!("the token endpoint refused the request: {status}"),
        (true, false) => format!("the token endpoint refused the request: {said}"),
        (true, true) => "the token endpoint refused the request".to_string(),
    };
    let strength = if inferred {
        Evidence::Vague
    } else {
        Evidence::ServerNamesCause
    };
    let mut cause = Cause::new(
        Finding::new("server.rejected", message),
        Source::Server,
        None,
        strength,
    );
    if !inferred {
        if let Some(st) = reading.and_then(|r| r.statements.first()) {
            cause.add_evidence(&st.how);
        }
        return cause;
    }
    let why = reading
        .and_then(Reading::vague_meaning)
        .unwrap_or("the answer names no cause");
    cause.add_evidence(&format!("the server gave no reason: {why}"));
    let status = a.status.unwrap_or(0);
    if status >= 500 {
        cause.add_evidence(&format!(
            "HTTP {status}: the server failed, or hides its reason behind a server error; its log has it"
        ));
    }
    if a.status.is_some() && a.error.is_none() {
        cause.add_evidence(
            "the body is no OAuth error (RFC 6749 §5.2): a proxy or gateway in front of the server may have answered",
        );
    }
    let next = if !checked.any {
        "no assertion in the evidence, so nothing was checked locally: give the request or the assertion too"
    } else if found_any {
        "the causes above are inferred from local checks"
    } else if checked.keys {
        "no local check found a cause, the signer's keys included: the assertion looks right, so look at what only the server knows (the client's registration, its allowed algorithms, grant types, the trusted issuer)"
    } else {
        "no local check found a cause: the assertion looks right, so look at what only the server knows (the client's registration, its registered keys and allowed algorithms, grant types, the trusted issuer); --jwks FILE|URL checks the registered keys"
    };
    cause.add_evidence(next);
    cause
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{Request, Response};
    use crate::jose::b64url;
    use crate::lint::Role;

    const NOW: i64 = 1_764_079_200;
    const URL: &str = "https://as.example/token";

    fn token(claims: Value) -> Token {
        // an ES256 signature is 64 bytes (R || S)
        Token::parse(&format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"ES256","kid":"k1"}"#),
            b64url(claims.to_string().as_bytes()),
            b64url(&[7u8; 64])
        ))
    }

    fn good() -> Value {
        json!({"iss": "app", "sub": "app", "aud": "https://as.example",
               "iat": NOW - 10, "exp": NOW + 120, "jti": "5f0c1e8a-93d4-4c1e-b0a7-2d6f4e9b1c3a"})
    }

    fn ctx() -> Ctx {
        let mut c = Ctx::new(NOW, 15);
        c.expect.token_endpoint = Some(URL.into());
        c.expect.issuer = Some("https://as.example".into());
        c
    }

    fn response(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            ..Response::default()
        }
    }

    fn json_response(status: u16, body: Value) -> Response {
        response(status, "application/json", &body.to_string())
    }

    /// A live exchange: sent now from this machine to URL; `offset` is the server's clock.
    fn exchange(response: Option<Response>, offset: Option<i64>) -> Exchange {
        let mut e = Exchange {
            request: Some(Request {
                method: "POST".into(),
                url: URL.into(),
                ..Request::default()
            }),
            ..Exchange::default()
        };
        e.times.sent = Some(NOW as f64);
        e.times.received = Some(NOW as f64);
        e.times.server_date = offset.map(|o| NOW + o);
        e.response = response;
        e
    }

    fn diagnose_with(
        claims: Value,
        e: &Exchange,
        ctx: &Ctx,
        sent_before: bool,
        keys: Option<&Verification>,
    ) -> Diagnosis {
        let t = token(claims);
        let role = RoleGuess::forced(Role::ClientAssertion, "test");
        diagnose(&Input {
            assertions: vec![Assertion {
                token: &t,
                role: &role,
                field: "client_assertion",
                sent_before,
                keys,
                judged_as: None,
            }],
            ctx,
            exchange: e,
            client_id: None,
        })
    }

    fn run(
        claims: Value,
        r: Option<Response>,
        offset: Option<i64>,
        sent_before: bool,
    ) -> Diagnosis {
        diagnose_with(claims, &exchange(r, offset), &ctx(), sent_before, None)
    }

    fn codes(d: &Diagnosis) -> Vec<&str> {
        d.causes.iter().map(|c| c.finding.code).collect()
    }

    #[test]
    fn an_id_jag_grant_keeps_its_profile_at_a_vendors_endpoint() {
        let t = Token::parse(&format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"ES256","kid":"k1","typ":"oauth-id-jag+jwt"}"#),
            b64url(
                json!({"iss": "https://idp.example", "sub": "alice", "aud": "https://as.example",
                       "client_id": "app", "iat": NOW - 10, "exp": NOW + 120,
                       "jti": "5f0c1e8a-93d4-4c1e-b0a7-2d6f4e9b1c3a"})
                .to_string()
                .as_bytes()
            ),
            b64url(&[7u8; 64])
        ));
        let role = crate::lint::role::guess(&t, None);
        let mut e = exchange(
            Some(json_response(400, json!({"error": "invalid_grant"}))),
            None,
        );
        let okta = "https://dev-1.okta.com/oauth2/v1/token";
        e.request.as_mut().unwrap().url = okta.into();
        let mut c = ctx();
        c.expect.token_endpoint = Some(okta.into());
        let d = diagnose(&Input {
            assertions: vec![Assertion {
                token: &t,
                role: &role,
                field: "assertion",
                sent_before: false,
                keys: None,
                judged_as: None,
            }],
            ctx: &c,
            exchange: &e,
            client_id: None,
        });
        let p = d.profile.expect("a profile");
        assert_eq!(p.profile, Profile::IdJag);
        assert_eq!(p.because, "typ oauth-id-jag+jwt");
    }

    #[test]
    fn a_generic_401_is_explained_by_local_checks() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 600);
        let r = json_response(
            401,
            json!({"error": "invalid_client", "error_description": "client authentication failed"}),
        );
        let d = run(claims, Some(r), None, false);
        assert_eq!(d.outcome, Outcome::Rejected);
        assert!(d.inferred);
        assert_eq!(codes(&d)[0], "claim.exp_expired");
        assert_eq!(*codes(&d).last().unwrap(), "server.rejected");
        assert!(d.causes[0].evidence.iter().any(|e| e.contains("inferred")));
    }

    #[test]
    fn the_server_naming_a_cause_wins_and_is_not_inferred() {
        let r = json_response(
            400,
            json!({"error": "invalid_client", "error_description": "Token reuse detected"}),
        );
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("jti");
        let d = run(claims, Some(r), None, false);
        assert!(!d.inferred);
        assert_eq!(codes(&d)[0], "claim.jti_reused");
        assert_eq!(d.causes[0].source, Source::Server);
        assert_eq!(d.causes[0].strength, Evidence::ServerNamesCause);
        assert!(codes(&d).contains(&"claim.jti_missing"));
    }

    #[test]
    fn an_error_code_alone_never_outranks_a_definite_local_finding() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 600);
        for body in [
            json!({"error": "invalid_request", "error_description": "Authorization failed"}),
            json!({"error": "unauthorized_client"}),
            json!({"error": "access_denied"}),
            json!({"error": "invalid_grant"}),
            json!({"error": "unsupported_grant_type"}),
        ] {
            for status in [400, 401, 403] {
                let d = run(
                    claims.clone(),
                    Some(json_response(status, body.clone())),
                    None,
                    false,
                );
                assert_eq!(
                    codes(&d)[0],
                    "claim.exp_expired",
                    "{status} {body}: {:?}",
                    codes(&d)
                );
                assert!(d.inferred, "{body}");
                assert_eq!(*codes(&d).last().unwrap(), "server.rejected");
            }
        }
    }

    #[test]
    fn a_refusal_without_an_oauth_body_is_vague_not_a_wrong_url() {
        let mut claims = good();
        claims["aud"] = json!("https://other.example/token");
        for r in [
            response(
                500,
                "text/html",
                "<html><body>Internal Server Error</body></html>",
            ),
            response(400, "text/plain", "Bad Request"),
            response(401, "", ""),
            response(503, "text/html", "<html>Service Unavailable</html>"),
        ] {
            let status = r.status;
            let d = run(claims.clone(), Some(r), None, false);
            assert_eq!(d.outcome, Outcome::Rejected, "{status}");
            assert_eq!(
                codes(&d)[0],
                "claim.aud_mismatch",
                "{status}: {:?}",
                codes(&d)
            );
            let summary = d.causes.last().unwrap();
            assert_eq!(summary.finding.code, "server.rejected");
            let evidence = summary.evidence.join(" | ");
            assert!(evidence.contains("no OAuth error"), "{evidence}");
        }
    }

    #[test]
    fn a_resent_assertion_leads() {
        let r = json_response(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(r), None, true);
        assert_eq!(codes(&d)[0], "claim.jti_reused");
        assert_eq!(d.causes[0].source, Source::History);
    }

    #[test]
    fn the_server_clock_decides_expiry() {
        let r = json_response(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(r), Some(3 * 3600), false);
        assert_eq!(codes(&d)[0], "server.clock_skew");
        assert_eq!(d.causes[0].finding.severity, Severity::Error);
        assert!(
            d.causes[0].finding.message.contains("3 h ahead"),
            "{}",
            d.causes[0].finding.message
        );
        let offset = d.judged.server_offset.unwrap();
        assert!((offset - 3 * 3600).abs() <= 1, "{offset}");
    }

    #[test]
    fn a_pasted_answer_is_judged_at_its_date_header() {
        // the assertion was 10 s old when the server answered, six days ago
        let mut claims = good();
        claims["iat"] = json!(NOW - 6 * 86_400 - 10);
        claims["exp"] = json!(NOW - 6 * 86_400 + 120);
        let e = Exchange {
            text: Some(
                "HTTP/1.1 401 Unauthorized\r\n< date: Wed, 19 Nov 2025 14:00:00 GMT\r\n\r\n{\"error\":\"invalid_client\"}"
                    .into(),
            ),
            ..Exchange::default()
        };
        let d = diagnose_with(claims.clone(), &e, &ctx(), false, None);
        assert_eq!(d.judged.clock, judge::Clock::ServerDate);
        assert_eq!(d.judged.at, NOW - 6 * 86_400);
        assert!(!codes(&d).contains(&"claim.exp_expired"), "{:?}", codes(&d));
        // --now wins over the Date header
        let mut given = ctx();
        given.now_from = crate::clock::NowFrom::Given;
        let d = diagnose_with(claims, &e, &given, false, None);
        assert_eq!(d.judged.clock, judge::Clock::Given);
        assert_eq!(codes(&d)[0], "claim.exp_expired");
    }

    #[test]
    fn wrong_aud_is_found_from_the_request() {
        let mut claims = good();
        claims["aud"] = json!("https://other.example/token");
        let r = json_response(401, json!({"error": "invalid_client"}));
        let d = run(claims, Some(r), None, false);
        assert_eq!(codes(&d)[0], "claim.aud_mismatch");
    }

    #[test]
    fn accepted_keeps_only_warnings_and_errors() {
        let r = json_response(200, json!({"access_token": "x", "token_type": "Bearer"}));
        let d = run(good(), Some(r), None, false);
        assert_eq!(d.outcome, Outcome::Accepted);
        assert!(d.causes.iter().all(|c| c.finding.severity > Severity::Info));
        assert!(!codes(&d).contains(&"server.rejected"));
    }

    /// Every way an assertion can be wrong, as lint or the keys see it.
    fn planted() -> Vec<(&'static str, Value)> {
        let g = good();
        let with = |k: &str, v: Value| {
            let mut c = g.clone();
            if v.is_null() {
                c.as_object_mut().unwrap().remove(k);
            } else {
                c[k] = v;
            }
            c
        };
        vec![
            (
                "wrong aud",
                with("aud", json!("https://other.example/token")),
            ),
            ("trailing slash", with("aud", json!("https://as.example/"))),
            ("aud array", with("aud", json!(["https://as.example", URL]))),
            ("expired", with("exp", json!(NOW - 600))),
            ("nbf future", with("nbf", json!(NOW + 600))),
            ("iat future", with("iat", json!(NOW + 600))),
            ("no exp", with("exp", Value::Null)),
            ("no iss", with("iss", Value::Null)),
            ("no sub", with("sub", Value::Null)),
            ("no jti", with("jti", Value::Null)),
            ("iss != sub", with("iss", json!("other"))),
            ("exp in ms", with("exp", json!((NOW + 120) * 1000))),
            ("long life", with("exp", json!(NOW + 30 * 86_400))),
        ]
    }

    #[test]
    fn accepted_means_accepted_for_every_planted_mistake() {
        let token_response =
            || json_response(200, json!({"access_token": "x", "token_type": "Bearer"}));
        for profile in crate::lint::Profile::ALL {
            let mut c = ctx();
            c.profile = profile;
            c.profile_from = ProfileFrom::Given;
            for (what, claims) in planted() {
                for sent_before in [false, true] {
                    let d = diagnose_with(
                        claims.clone(),
                        &exchange(Some(token_response()), Some(5)),
                        &c,
                        sent_before,
                        None,
                    );
                    assert_eq!(d.outcome, Outcome::Accepted);
                    for cause in &d.causes {
                        let f = &cause.finding;
                        assert!(
                            f.severity < Severity::Error,
                            "{profile}/{what}: {} is an error though the server accepted",
                            f.code
                        );
                        if cause.field.is_some() {
                            assert_eq!(
                                f.hint.as_deref(),
                                Some(NOTHING_TO_CHANGE),
                                "{profile}/{what}"
                            );
                            assert!(f.expected.is_none(), "{profile}/{what}: {:?}", f.expected);
                        }
                        let hint = f.hint.as_deref().unwrap_or("");
                        assert!(
                            !hint.contains("set aud") && !hint.contains("set iss"),
                            "{profile}/{what}: {hint}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_2xx_without_a_token_blames_the_url_not_the_assertion() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 600);
        let page = response(200, "text/html", "<html>Sign in</html>");
        let d = run(claims.clone(), Some(page), None, false);
        assert_eq!(d.outcome, Outcome::WrongPlace);
        assert!(!d.inferred && d.issued.is_none());
        assert_eq!(codes(&d)[0], "server.unexpected_answer");
        let message = &d.causes[0].finding.message;
        assert!(
            message.contains("from https://as.example/token"),
            "{message}"
        );
        assert!(message.contains("an HTML page"), "{message}");
        assert!(!codes(&d).contains(&"server.rejected"));
        // the local finding is still listed, after it
        assert!(codes(&d).contains(&"claim.exp_expired"));
        // an OAuth error with a 2xx status is a refusal
        let refusal = json_response(200, json!({"error": "invalid_client"}));
        let d = run(claims, Some(refusal), None, false);
        assert_eq!(d.outcome, Outcome::Rejected);
        assert_eq!(codes(&d)[0], "claim.exp_expired");
        assert_eq!(*codes(&d).last().unwrap(), "server.rejected");
    }

    #[test]
    fn a_redirect_is_the_cause() {
        let mut r = response(302, "", "");
        r.headers
            .push(("location".into(), "https://x/login".into()));
        let d = run(good(), Some(r), None, false);
        assert_eq!(codes(&d)[0], "server.redirected");
        assert_eq!(d.outcome, Outcome::WrongPlace);
        assert!(d.causes[0].finding.message.contains("https://x/login"));
    }

    #[test]
    fn a_404_is_about_the_url_and_no_aud_is_judged_by_it() {
        // aud names the issuer; the request went to a mistyped URL
        let mut c = ctx();
        c.expect.issuer = None;
        c.expect.token_endpoint = Some(URL.into());
        let r = json_response(404, json!({"error": "not_found"}));
        let d = diagnose_with(good(), &exchange(Some(r), None), &c, false, None);
        assert_eq!(d.outcome, Outcome::WrongPlace);
        assert_eq!(codes(&d)[0], "server.endpoint_not_found");
        for cause in &d.causes {
            let hint = cause.finding.hint.as_deref().unwrap_or("");
            assert!(!hint.contains("set aud"), "{}: {hint}", cause.finding.code);
        }
        assert!(!codes(&d).contains(&"server.rejected"));
    }

    #[test]
    fn nothing_local_and_no_reason_says_where_to_look() {
        let r = json_response(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(r), None, false);
        assert!(d.inferred);
        assert_eq!(codes(&d), ["server.rejected"]);
        let evidence = d.causes[0].evidence.join(" | ");
        assert!(
            evidence.contains("no local check found a cause"),
            "{evidence}"
        );
        assert!(!evidence.contains("causes above"), "{evidence}");
    }

    #[test]
    fn no_assertion_is_never_said_to_look_right() {
        let e = Exchange {
            text: Some(
                "{\"error\":\"invalid_request\",\"error_description\":\"Authorization failed\"}"
                    .into(),
            ),
            ..Exchange::default()
        };
        let d = diagnose(&Input {
            assertions: Vec::new(),
            ctx: &ctx(),
            exchange: &e,
            client_id: None,
        });
        let evidence = d.causes.last().unwrap().evidence.join(" | ");
        assert!(!evidence.contains("looks right"), "{evidence}");
        assert!(evidence.contains("no assertion"), "{evidence}");
    }

    #[test]
    fn an_aadsts_code_selects_the_entra_profile() {
        let mut claims = good();
        claims["aud"] = json!("https://login.microsoftonline.com/t/oauth2/v2.0/token");
        let r = json_response(
            401,
            json!({"error": "invalid_client", "error_description": format!("AADSTS700027: Client assertion failed signature validation. {}", "x ".repeat(300))}),
        );
        let d = run(claims, Some(r), None, false);
        assert_eq!(
            d.profile.as_ref().map(|p| p.profile),
            Some(crate::lint::Profile::Entra)
        );
        // no x5t#S256 / x5t: the local cause the AADSTS code names
        assert_eq!(codes(&d)[0], "header.kid_missing", "{:?}", codes(&d));
        // the long text is quoted short
        for cause in &d.causes {
            for e in &cause.evidence {
                assert!(e.chars().count() < 250, "{e}");
            }
            assert!(
                cause.finding.message.chars().count() < 300,
                "{}",
                cause.finding.message
            );
        }
    }

    #[test]
    fn an_unknown_kid_stands_for_the_bad_signature_it_causes() {
        // registered: one P-256 key with another kid, which does not verify the token
        let set = crate::keys::from_value(
            &json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k2",
                "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}),
            "jwks.json",
        )
        .unwrap();
        let t = token(good());
        let checked = crate::keys::check_keys_of(&t, &set);
        let found: Vec<&str> = checked.findings.iter().map(|f| f.code).collect();
        assert_eq!(found, ["header.kid_unknown", "signature.invalid"]);
        // the server (Google G2) says only that the signature is invalid
        let r = json_response(
            400,
            json!({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}),
        );
        let e = Exchange {
            response: Some(r),
            ..Exchange::default()
        };
        let d = diagnose_with(good(), &e, &ctx(), false, Some(&checked));
        assert_eq!(codes(&d)[0], "header.kid_unknown");
        assert!(!codes(&d).contains(&"signature.invalid"), "{:?}", codes(&d));
        assert!(
            d.causes[0]
                .evidence
                .iter()
                .any(|e| e.contains("the server says so"))
        );
    }
}
