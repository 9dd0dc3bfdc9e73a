//! Lint: pure rules over a parsed token. No I/O; every input comes in through `Ctx`.

pub mod batch;
mod checks;
mod memo;
mod plan;
pub mod profile;
pub mod role;
pub mod rules;
pub mod times;

pub use memo::HeaderMemo;
pub use plan::Plan;
pub use profile::{Flow, Profile};
pub use role::{Role, RoleGuess};
pub use rules::Stage;

use crate::findings::{self, Finding};
use crate::input::request::Request;
use crate::jose::Token;

/// What the checks know besides the token: the clock and what the caller expects.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub now: i64,
    /// Whether `now` is this machine's clock or the user's `--now`.
    pub now_from: crate::clock::NowFrom,
    /// Clock skew tolerated when judging exp, nbf and iat.
    pub skew: i64,
    pub profile: Profile,
    /// Whether `profile` was asked for, is the default, or was inferred from the server.
    pub profile_from: profile::ProfileFrom,
    pub expect: Expect,
}

/// Expectations from flags or server metadata; empty means "not known".
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// The authorization server's issuer identifier (RFC 8414).
    pub issuer: Option<String>,
    pub token_endpoint: Option<String>,
    pub client_id: Option<String>,
    /// Expected `iss` / `sub` claim values (verify --iss / --sub).
    pub iss: Option<String>,
    pub sub: Option<String>,
    /// Acceptable `aud` values given explicitly (--aud).
    pub audiences: Vec<String>,
    pub algs: Option<Vec<String>>,
    pub max_lifetime: Option<i64>,
    /// The nonce the relying party sent in its authentication request (ID tokens, --nonce).
    pub nonce: Option<String>,
}

impl Ctx {
    pub fn new(now: i64, skew: i64) -> Ctx {
        Ctx {
            now,
            now_from: crate::clock::NowFrom::default(),
            skew,
            profile: Profile::default(),
            profile_from: profile::ProfileFrom::default(),
            expect: Expect::default(),
        }
    }
}

impl Ctx {
    /// When nothing chose the profile (no --profile, no vendor), let the token choose it:
    /// its typ (oauth-id-jag+jwt, at+jwt) or an ID token's claims. Returns the role to
    /// judge by, moved to the profile's token where it has one.
    #[allow(dead_code)] // for callers that know no place (serve, replay); tests use it
    pub fn pick_profile(&mut self, token: &Token, role: RoleGuess) -> RoleGuess {
        self.pick_profile_at(token, role, None)
    }

    /// `pick_profile`, knowing where the token was found: a token sent as `assertion` or
    /// `client_assertion` is being used as an assertion, so only the id-jag profile (a
    /// grant) may be picked; an access token or ID token there stays token.not_assertion.
    pub fn pick_profile_at(
        &mut self,
        token: &Token,
        role: RoleGuess,
        place: Option<&crate::input::Place>,
    ) -> RoleGuess {
        if self.profile_from != profile::ProfileFrom::Default {
            return role;
        }
        match profile::from_token_at(token, &role, place) {
            Some((picked, because)) => {
                self.profile = picked;
                self.profile_from = profile::ProfileFrom::Token(because);
                profile::apply_flow(picked, role)
            }
            None => role,
        }
    }
}

/// The token under check, what it is believed to be, and the request it came in when the
/// input was one (a form body, URL, HTTP request or curl line; see `input::request`).
pub struct Subject<'a> {
    pub token: &'a Token,
    pub role: &'a RoleGuess,
    pub request: Option<&'a Request>,
}

/// Run every table rule whose stage `wanted` accepts; errors first.
pub fn run(subject: &Subject, ctx: &Ctx, wanted: impl Fn(Stage) -> bool) -> Vec<Finding> {
    run_with(subject, ctx, wanted, &mut HeaderMemo::default())
}

/// `run`, taking the findings of the header rules from `memo` when the token before had
/// the same header, form, role and context (the tokens of one client share one header).
/// The memo must not outlive the context it was filled under (its lifetime says so).
pub fn run_with<'c>(
    subject: &Subject,
    ctx: &'c Ctx,
    wanted: impl Fn(Stage) -> bool,
    memo: &mut HeaderMemo<'c>,
) -> Vec<Finding> {
    run_planned(subject, ctx, Plan::of(wanted), memo)
}

/// `run_with`, with the rows to visit worked out beforehand (`Plan`): for a caller that
/// lints many tokens with the same stages.
pub fn run_planned<'c>(
    subject: &Subject,
    ctx: &'c Ctx,
    plan: &Plan,
    memo: &mut HeaderMemo<'c>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for step in plan.steps(subject.request.is_some()) {
        match *step {
            plan::Step::Headers => memo.header_findings(subject, ctx, plan, &mut out),
            plan::Step::Check(check) => check(subject, ctx, &mut out),
        }
    }
    findings::sort(&mut out);
    out
}

/// The token's form and the request envelope around it: what decode reports.
pub fn structure(stage: Stage) -> bool {
    matches!(stage, Stage::Structure | Stage::Request)
}

/// Everything that needs no key, batch or server: what inspect reports.
pub fn offline(stage: Stage) -> bool {
    matches!(stage, Stage::Structure | Stage::Request | Stage::Claims)
}
