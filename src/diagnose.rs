//! Diagnosis: why a token endpoint refused (or accepted) an assertion, as ranked causes,
//! each a finding with its evidence. Pure: everything comes in through `Input` (the
//! assertions, the lint context, the server's answer, the clock offset, registered keys,
//! what the history knows); nothing is read, fetched or printed here.
//!
//! Evidence, strongest first: the server naming the cause (vendor catalog), jwtgrant's own
//! history (a resent jti), the server's clock, the registered keys, the local lint of each
//! assertion. When the server gives no reason the causes are inferred, and say so.

pub mod answer;
pub mod catalog;
pub mod request;

pub use answer::Answer;
pub use request::Sent;

use crate::clock::span;
use crate::exchange::{Exchange, without_userinfo};
use crate::findings::{Finding, Severity};
use crate::jose::Token;
use crate::keys::{SignatureState, Verification};
use crate::lint::{self, Ctx, RoleGuess, Subject};
use catalog::{Row, Says};
use serde_json::{Value, json};

/// An assertion that was (or would be) sent.
pub struct Assertion<'a> {
    pub token: &'a Token,
    pub role: &'a RoleGuess,
    /// The form field it travels in: `assertion` or `client_assertion`.
    pub field: &'static str,
    /// jwtgrant's history holds its (iss, jti): it was sent before.
    pub sent_before: bool,
    /// The assertion checked against the keys the server registered (`--jwks`), by
    /// `keys::check_keys_of`: the same verifier as `verify` and `serve`.
    pub keys: Option<&'a Verification>,
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
    ctx: &'a Ctx,
    answer: Option<&'a Answer>,
    /// Server clock minus the recorder's, in seconds (from the Date header).
    clock_offset: Option<i64>,
    /// The request the assertions went out in; None when it is not known (explain).
    request: Option<Sent<'a>>,
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
    score: i32,
    /// A clock cause stands for this time code (what the server's clock makes of exp/nbf/iat).
    stands_for: Option<&'static str>,
}

impl Cause {
    fn new(finding: Finding, source: Source, field: Option<&'static str>, score: i32) -> Cause {
        Cause {
            finding,
            source,
            field,
            evidence: Vec::new(),
            score,
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

    /// The shared finding object plus `source`, `evidence` and (when known) `field`.
    pub fn to_json(&self) -> Value {
        let mut v = self.finding.to_json();
        if let Value::Object(obj) = &mut v {
            obj.insert("source".into(), json!(self.source.as_str()));
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
    /// A 2xx answer that is not a token response (a login page, a proxy, cut-off JSON):
    /// a statement about the URL, not about the assertion.
    NotTokenResponse,
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
    /// Most likely first; `server.rejected` last when the request was refused.
    pub causes: Vec<Cause>,
    /// What an accepted request got ("the server issued a Bearer token …"), no token.
    pub issued: Option<String>,
    /// What the server answered, as the diagnosis read it; None when nothing came back.
    pub answer: Option<Answer>,
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
}

const TIME_CODES: [&str; 3] = ["claim.exp_expired", "claim.nbf_future", "claim.iat_future"];

// Ranking: larger is more likely. The server's own words beat everything local.
const SERVER_SAYS: i32 = 1000;
const RESENT: i32 = 900;
const CLOCK_FLIP: i32 = 850;
const KEYS: i32 = 800;
const LOCAL_ERROR: i32 = 600;
const LOCAL_WARNING: i32 = 300;
const LOCAL_INFO: i32 = 100;
const IMPLICATED: i32 = 60;
const VAGUE_HINT: i32 = 50;

fn local_score(severity: Severity) -> i32 {
    match severity {
        Severity::Error => LOCAL_ERROR,
        Severity::Warning => LOCAL_WARNING,
        Severity::Info => LOCAL_INFO,
    }
}

pub fn diagnose(input: &Input) -> Diagnosis {
    let answer = Answer::from_exchange(input.exchange);
    let request = input.exchange.request.as_ref();
    // Credentials in the URL are no part of the endpoint an aud names.
    let url = request.map(|r| without_userinfo(&r.url));
    let facts = Facts {
        assertions: &input.assertions,
        ctx: input.ctx,
        answer: answer.as_ref(),
        clock_offset: input.exchange.clock_offset(),
        request: url.as_deref().map(|url| Sent {
            url,
            client_id: input
                .client_id
                .or_else(|| request.and_then(|r| r.field("client_id"))),
        }),
    };
    let mut diagnosis = diagnose_facts(&facts);
    diagnosis.answer = answer;
    diagnosis
}

fn diagnose_facts(input: &Facts) -> Diagnosis {
    let answer = input.answer;
    let outcome = match answer {
        Some(a) if a.is_token_response() => Outcome::Accepted,
        // a 2xx carrying an OAuth error is a refusal with the wrong status
        Some(a) if a.is_success() && a.error.is_none() => Outcome::NotTokenResponse,
        Some(_) => Outcome::Rejected,
        None => Outcome::Unknown,
    };
    let rejected = outcome == Outcome::Rejected;
    let bracketed = answer
        .and_then(|a| a.description.as_deref())
        .map(catalog::bracketed_codes)
        .unwrap_or_default();
    let mut rows = answer.map(|a| catalog::find(&query(a))).unwrap_or_default();
    if !bracketed.is_empty() {
        rows.retain(|r| !r.id.starts_with('R'));
    }
    let names_cause = !bracketed.is_empty() || rows.iter().any(|r| r.says == Says::Cause);
    let inferred = rejected && !names_cause;

    let mut causes = Vec::new();
    for a in input.assertions {
        collect(a, input, outcome, &mut causes);
    }
    clock_note(input, rejected, &mut causes);
    let url = input.request.as_ref().map(|r| r.url);
    if let Some(a) = answer {
        match outcome {
            Outcome::NotTokenResponse => causes.push(not_a_token_response(a, url)),
            Outcome::Accepted => token_response_gaps(a, &mut causes),
            _ => {}
        }
    }
    if let Some(a) = answer.filter(|_| rejected) {
        server_statements(a, &rows, &bracketed, &mut causes);
        let implicated = match a.error.as_deref() {
            Some("invalid_client") => Some("client_assertion"),
            Some("invalid_grant") => Some("assertion"),
            _ => None,
        };
        for c in causes
            .iter_mut()
            .filter(|c| c.field.is_some() && c.field == implicated)
        {
            c.score += IMPLICATED;
        }
        for row in rows.iter().filter(|r| r.says == Says::Vague) {
            for c in causes
                .iter_mut()
                .filter(|c| row.codes.contains(&c.finding.code))
            {
                c.score += VAGUE_HINT;
            }
        }
        envelope_problems(a, url, &mut causes);
    }
    if inferred {
        for c in causes.iter_mut() {
            c.add_evidence("inferred: the server gave no reason");
        }
    }
    keep_relevant(&mut causes, rejected);
    causes.sort_by_key(|c| std::cmp::Reverse(c.score));
    if let Some(a) = answer.filter(|_| rejected) {
        let found_any = !causes.is_empty();
        causes.push(rejection(
            a,
            &rows,
            inferred,
            !bracketed.is_empty(),
            found_any,
        ));
    }
    Diagnosis {
        outcome,
        inferred,
        catalog: rows,
        causes,
        issued: answer.and_then(Answer::issued_summary),
        answer: None,
    }
}

fn query(a: &Answer) -> catalog::Query<'_> {
    catalog::Query {
        status: a.status,
        error: a.error.as_deref(),
        description: a.description.as_deref().or(a.context.as_deref()),
    }
}

/// What the server said, for evidence: its description, or the catalog pattern found in
/// the pasted text.
fn quote(a: &Answer, row: Option<&Row>) -> String {
    if let Some(said) = a.said().filter(|_| a.description.is_some()) {
        return format!("{said:?}");
    }
    let text = a.context.as_deref().unwrap_or("").to_lowercase();
    row.and_then(|r| r.patterns.iter().find(|p| text.contains(&p.to_lowercase())))
        .map(|p| format!("the text says {p:?}"))
        .or_else(|| a.said().map(|s| format!("{s:?}")))
        .unwrap_or_default()
}

/// Everything known about one assertion: history, registered keys, lint, the request.
fn collect(a: &Assertion, input: &Facts, outcome: Outcome, causes: &mut Vec<Cause>) {
    let rejected = outcome == Outcome::Rejected;
    let ctx = input.ctx;
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
        let mut message = "this assertion (same iss and jti) was sent before; servers that keep assertions single-use refuse it".to_string();
        if outcome == Outcome::Accepted {
            message.push_str(" (this server accepted it anyway: it does not enforce single use)");
        }
        causes.push(
            Cause::new(
                Finding::new("claim.jti_reused", message)
                    .severity(severity)
                    .claim("jti")
                    .hint("make a fresh assertion for each request; to replay this one, jwtgrant replay --resign --key KEY sends a copy with a new jti, iat and exp"),
                Source::History,
                field,
                if rejected { RESENT } else { LOCAL_WARNING },
            )
            .with("jwtgrant's history of sent assertions (a SHA-256 of iss + jti) holds it"),
        );
    }
    if let Some(keys) = a.keys {
        key_causes(keys, field, causes);
    }
    let mut local = lint::run(&subject, ctx, lint::offline);
    let request = input
        .request
        .map(|sent| request::check(a.token, a.role, ctx, &sent, &mut local))
        .unwrap_or_default();
    let server_view = input.clock_offset.filter(|o| *o != 0).map(|offset| {
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
    for (f, source) in found {
        let mut score = local_score(f.severity);
        let mut cause = Cause::new(f.clone(), source, field, 0);
        cause.add_evidence(&format!("local check of {what}"));
        for (_, e) in request.evidence.iter().filter(|(code, _)| *code == f.code) {
            cause.add_evidence(e);
        }
        if let (true, Some(view)) = (TIME_CODES.contains(&f.code), &server_view) {
            let holds_there = view
                .iter()
                .any(|g| g.code == f.code && g.severity >= f.severity);
            if holds_there {
                cause.add_evidence("also by the server's clock (Date header)");
            } else if f.severity == Severity::Error {
                score = LOCAL_WARNING - 100;
                cause.add_evidence(
                    "but not by the server's clock (Date header): the local clock is off",
                );
            }
        }
        cause.score = score;
        causes.push(cause);
    }
    // Valid by the local clock, invalid by the server's: the clocks disagree.
    if let (Some(view), Some(offset)) = (&server_view, input.clock_offset) {
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
                    "the server's clock is {} {} this machine's; by the server's clock: {}",
                    span(offset),
                    if offset > 0 { "ahead of" } else { "behind" },
                    g.message
                ),
            )
            .severity(Severity::Error);
            finding.claim = g.claim.clone();
            finding.expected = g.expected.clone();
            finding.actual = g.actual.clone();
            let mut cause = Cause::new(finding, Source::Clock, field, CLOCK_FLIP)
                .with(format!(
                    "the server's Date header differs from the local clock by {offset} s"
                ))
                .with(format!(
                    "by this machine's clock {what} is within its validity window"
                ));
            cause.stands_for = Some(g.code);
            causes.push(cause);
        }
    }
}

/// The assertion against the registered keys. An unknown kid also explains a signature
/// that no registered key verifies: a server that finds no key by kid reports a bad
/// signature, so the kid cause stands for that too and is not listed twice.
fn key_causes(v: &Verification, field: Option<&'static str>, causes: &mut Vec<Cause>) {
    let kid_unknown = v.findings.iter().any(|f| f.code == "header.kid_unknown");
    for f in &v.findings {
        if kid_unknown && f.code == "signature.invalid" {
            continue;
        }
        let score = if f.severity == Severity::Error {
            KEYS
        } else {
            local_score(f.severity)
        };
        let mut cause = Cause::new(f.clone(), Source::Keys, field, score).with(format!(
            "checked against the registered keys from {}",
            v.source
        ));
        if f.code == "header.kid_unknown" && v.signature != SignatureState::Valid {
            cause.stands_for = Some("signature.invalid");
            cause.add_evidence("no registered key verifies the signature either");
        }
        causes.push(cause);
    }
}

/// A large clock difference is worth a line even when it changes no verdict.
fn clock_note(input: &Facts, rejected: bool, causes: &mut Vec<Cause>) {
    let Some(offset) = input.clock_offset else {
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
                    "the server's clock is {} {} this machine's; assertions made here look {} there",
                    span(offset),
                    if offset > 0 { "ahead of" } else { "behind" },
                    if offset > 0 { "older" } else { "younger (maybe not yet valid)" }
                ),
            ),
            Source::Clock,
            None,
            if rejected { LOCAL_WARNING - 50 } else { LOCAL_INFO },
        )
        .with(format!("the server's Date header differs from the local clock by {offset} s")),
    );
}

/// The server named a cause: confirm the local finding with that code, or add it.
fn server_statements(
    a: &Answer,
    rows: &[&'static Row],
    bracketed: &[&'static str],
    causes: &mut Vec<Cause>,
) {
    let said = a.said().unwrap_or_default();
    let mut statements: Vec<(Vec<&'static str>, String, Option<&'static Row>)> = Vec::new();
    if !bracketed.is_empty() {
        statements.push((
            bracketed.to_vec(),
            format!("the server says so: {}", quote(a, None)),
            None,
        ));
    }
    if let Some(row) = rows.iter().find(|r| r.says == Says::Cause) {
        statements.push((
            row.codes.to_vec(),
            format!(
                "the server says so ({} {}): {}",
                row.vendor,
                row.id,
                quote(a, Some(row))
            ),
            Some(*row),
        ));
    }
    for (codes, evidence, row) in statements {
        let mut confirmed = false;
        for code in &codes {
            for c in causes.iter_mut().filter(|c| c.is(code)) {
                if c.score < SERVER_SAYS {
                    c.score += SERVER_SAYS;
                }
                c.add_evidence(&evidence);
                confirmed = true;
            }
        }
        if confirmed || codes.is_empty() {
            continue;
        }
        let mut finding = match row {
            Some(r) => Finding::new(codes[0], r.explanation).hint(r.fix),
            None => Finding::new(
                codes[0],
                strip_codes(a.description.as_deref().unwrap_or(&said)),
            ),
        };
        finding = finding.severity(Severity::Error);
        let field = match a.error.as_deref() {
            Some("invalid_client") => Some("client_assertion"),
            Some("invalid_grant") => Some("assertion"),
            _ => None,
        };
        causes.push(
            Cause::new(finding, Source::Server, field, SERVER_SAYS + LOCAL_ERROR).with(evidence),
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

/// "from https://as.example/token" when the URL is known.
fn from_url(url: Option<&str>) -> String {
    url.map_or(String::new(), |u| format!(" from {u}"))
}

/// A 2xx that is no token response says the URL (or something in front of it) is not the
/// token endpoint; it says nothing about the assertion, so it comes first.
fn not_a_token_response(a: &Answer, url: Option<&str>) -> Cause {
    let status = a.status.unwrap_or(0);
    let received = a.received().map_or(String::new(), |r| format!(": {r}"));
    Cause::new(
        Finding::new(
            "server.unexpected_answer",
            format!(
                "HTTP {status}{} is not a token response (RFC 6749 §5.1: a JSON object with access_token and token_type){received}",
                from_url(url),
            ),
        )
        .hint("check the token endpoint URL (the server's metadata names it) and any proxy or login gateway in front of it; this answer says nothing about the assertion"),
        Source::Server,
        None,
        3 * SERVER_SAYS,
    )
    .with(format!("HTTP {status} without an access_token"))
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
        LOCAL_WARNING,
    ));
}

/// Answers that never reached the token logic: a redirect, or no OAuth answer at all.
fn envelope_problems(a: &Answer, url: Option<&str>, causes: &mut Vec<Cause>) {
    let status = a.status.unwrap_or(0);
    if a.is_redirect() {
        let to = a
            .location
            .as_deref()
            .map_or(String::new(), |l| format!(" to {l}"));
        causes.push(
            Cause::new(
                Finding::new(
                    "server.redirected",
                    format!("the endpoint answered {status} and redirects{to}; the assertion was not sent on"),
                ),
                Source::Server,
                None,
                2 * SERVER_SAYS + LOCAL_ERROR,
            )
            .with(format!("HTTP {status}")),
        );
    } else if a.status.is_some() && a.error.is_none() {
        let received = a.received().unwrap_or_else(|| {
            if a.json {
                "a JSON body without an OAuth error member".to_string()
            } else {
                "a body that is not JSON".to_string()
            }
        });
        causes.push(
            Cause::new(
                Finding::new(
                    "server.unexpected_answer",
                    format!("HTTP {status}{} with {received}: probably not the token endpoint, or a proxy answered", from_url(url)),
                ),
                Source::Server,
                None,
                2 * SERVER_SAYS,
            )
            .with(format!("HTTP {status}")),
        );
    }
}

/// Drop what does not help: info-level findings, unless nothing stronger is left or the
/// server pointed at them.
fn keep_relevant(causes: &mut Vec<Cause>, rejected: bool) {
    let strong = causes.iter().any(|c| c.finding.severity > Severity::Info);
    causes.retain(|c| {
        c.finding.severity > Severity::Info || c.score >= SERVER_SAYS || (rejected && !strong)
    });
}

fn rejection(
    a: &Answer,
    rows: &[&'static Row],
    inferred: bool,
    coded: bool,
    found_any: bool,
) -> Cause {
    let status = a.status.map_or(String::new(), |s| format!("HTTP {s}"));
    let said = a.said().map(|s| format!("{s:?}")).unwrap_or_default();
    let message = match (status.is_empty(), said.is_empty()) {
        (false, false) => format!("the token endpoint refused the request: {status} {said}"),
        (false, true) => format!("the token endpoint refused the request: {status}"),
        (true, false) => format!("the token endpoint refused the request: {said}"),
        (true, true) => "the token endpoint refused the request".to_string(),
    };
    let mut cause = Cause::new(
        Finding::new("server.rejected", message),
        Source::Server,
        None,
        0,
    );
    if inferred {
        let why = rows
            .iter()
            .find(|r| r.says == Says::Vague)
            .map_or("the answer names no cause", |r| r.explanation);
        cause.add_evidence(&format!("the server gave no reason: {why}"));
        if found_any {
            cause.add_evidence("the causes above are inferred from local checks");
        } else {
            cause.add_evidence("no local check found a cause: the assertion looks right, so look at what only the server knows (the client's registration, its registered keys and allowed algorithms, grant types, the trusted issuer); --jwks FILE|URL checks the registered keys");
        }
    } else if coded {
        cause
            .add_evidence("the server names the cause (the finding code in its error_description)");
    } else if let Some(row) = rows.first() {
        cause.add_evidence(&format!("matches {} {}", row.vendor, row.id));
    }
    cause
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64url;
    use crate::lint::Role;

    const NOW: i64 = 1_764_079_200;

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
        json!({"iss": "app", "sub": "app", "aud": "https://as.example/token",
               "iat": NOW - 10, "exp": NOW + 120, "jti": "5f0c1e8a-93d4-4c1e-b0a7-2d6f4e9b1c3a"})
    }

    fn ctx() -> Ctx {
        let mut c = Ctx::new(NOW, 15);
        c.expect.token_endpoint = Some("https://as.example/token".into());
        c.expect.issuer = Some("https://as.example".into());
        c
    }

    fn answer(status: u16, body: Value) -> Answer {
        Answer::from_response(status, |_| None, &body.to_string())
    }

    fn run(
        claims: Value,
        answer: Option<&Answer>,
        offset: Option<i64>,
        sent_before: bool,
    ) -> Diagnosis {
        let t = token(claims);
        let role = RoleGuess::forced(Role::ClientAssertion, "test");
        let ctx = ctx();
        diagnose_facts(&Facts {
            assertions: &[Assertion {
                token: &t,
                role: &role,
                field: "client_assertion",
                sent_before,
                keys: None,
            }],
            ctx: &ctx,
            answer,
            clock_offset: offset,
            request: Some(Sent {
                url: "https://as.example/token",
                client_id: None,
            }),
        })
    }

    fn codes(d: &Diagnosis) -> Vec<&str> {
        d.causes.iter().map(|c| c.finding.code).collect()
    }

    #[test]
    fn a_generic_401_is_explained_by_local_checks() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 600);
        let a = answer(
            401,
            json!({"error": "invalid_client", "error_description": "client authentication failed"}),
        );
        let d = run(claims, Some(&a), None, false);
        assert_eq!(d.outcome, Outcome::Rejected);
        assert!(d.inferred);
        assert_eq!(codes(&d)[0], "claim.exp_expired");
        assert_eq!(*codes(&d).last().unwrap(), "server.rejected");
        assert!(d.causes[0].evidence.iter().any(|e| e.contains("inferred")));
    }

    #[test]
    fn the_server_naming_a_cause_wins_and_is_not_inferred() {
        let a = answer(
            400,
            json!({"error": "invalid_client", "error_description": "Token reuse detected"}),
        );
        let mut claims = good();
        claims.as_object_mut().unwrap().remove("jti");
        let d = run(claims, Some(&a), None, false);
        assert!(!d.inferred);
        assert_eq!(codes(&d)[0], "claim.jti_reused");
        assert_eq!(d.causes[0].source, Source::Server);
        assert!(codes(&d).contains(&"claim.jti_missing"));
    }

    #[test]
    fn a_resent_assertion_leads() {
        let a = answer(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(&a), None, true);
        assert_eq!(codes(&d)[0], "claim.jti_reused");
        assert_eq!(d.causes[0].source, Source::History);
    }

    #[test]
    fn the_server_clock_decides_expiry() {
        let a = answer(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(&a), Some(3 * 3600), false);
        assert_eq!(codes(&d)[0], "server.clock_skew");
        assert_eq!(d.causes[0].finding.severity, Severity::Error);
        assert!(
            d.causes[0].finding.message.contains("3 h ahead"),
            "{}",
            d.causes[0].finding.message
        );
    }

    #[test]
    fn wrong_aud_is_found_from_the_request() {
        let mut claims = good();
        claims["aud"] = json!("https://other.example/token");
        let a = answer(401, json!({"error": "invalid_client"}));
        let d = run(claims, Some(&a), None, false);
        assert_eq!(codes(&d)[0], "claim.aud_mismatch");
    }

    #[test]
    fn accepted_keeps_only_warnings_and_errors() {
        let a = answer(200, json!({"access_token": "x", "token_type": "Bearer"}));
        let d = run(good(), Some(&a), None, false);
        assert_eq!(d.outcome, Outcome::Accepted);
        assert!(d.causes.iter().all(|c| c.finding.severity > Severity::Info));
        assert!(!codes(&d).contains(&"server.rejected"));
    }

    #[test]
    fn a_2xx_without_a_token_blames_the_url_not_the_assertion() {
        let mut claims = good();
        claims["exp"] = json!(NOW - 600);
        let page = Answer::from_response(
            200,
            |h| (h == "content-type").then(|| "text/html".into()),
            "<html>Sign in</html>",
        );
        let d = run(claims.clone(), Some(&page), None, false);
        assert_eq!(d.outcome, Outcome::NotTokenResponse);
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
        let refusal = answer(200, json!({"error": "invalid_client"}));
        let d = run(claims, Some(&refusal), None, false);
        assert_eq!(d.outcome, Outcome::Rejected);
        assert_eq!(*codes(&d).last().unwrap(), "server.rejected");
    }

    #[test]
    fn a_redirect_is_the_cause() {
        let a = Answer::from_response(
            302,
            |h| (h == "location").then(|| "https://x/login".into()),
            "",
        );
        let d = run(good(), Some(&a), None, false);
        assert_eq!(codes(&d)[0], "server.redirected");
        assert!(d.causes[0].finding.message.contains("https://x/login"));
    }

    #[test]
    fn nothing_local_and_no_reason_says_where_to_look() {
        let a = answer(401, json!({"error": "invalid_client"}));
        let d = run(good(), Some(&a), None, false);
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
        let role = RoleGuess::forced(Role::ClientAssertion, "test");
        let ctx = ctx();
        // the server (Google G2) says only that the signature is invalid
        let a = answer(
            400,
            json!({"error": "invalid_grant", "error_description": "Invalid JWT Signature."}),
        );
        let d = diagnose_facts(&Facts {
            assertions: &[Assertion {
                token: &t,
                role: &role,
                field: "client_assertion",
                sent_before: false,
                keys: Some(&checked),
            }],
            ctx: &ctx,
            answer: Some(&a),
            clock_offset: None,
            request: None,
        });
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
