//! The rows of the rule table one kind of run visits, worked out once: lint runs the same
//! stages over every token of a batch, and filtering the whole table again for each token
//! was a tenth of the rules' cost. A plan is made once per choice of stages and kept for
//! the process (`Plan::of`), so callers that lint one token (serve, replay) do not pay
//! for it each time either.

use super::rules::{self, Check, Reads, Stage};
use std::sync::OnceLock;

/// Every stage, in the order of their bits in a choice of stages (`bit`).
const STAGES: [Stage; 6] = [
    Stage::Structure,
    Stage::Request,
    Stage::Claims,
    Stage::Keys,
    Stage::Batch,
    Stage::Server,
];

/// A stage's bit in a choice of stages; a `match`, so a new stage cannot be forgotten.
fn bit(stage: Stage) -> usize {
    1 << match stage {
        Stage::Structure => 0,
        Stage::Request => 1,
        Stage::Claims => 2,
        Stage::Keys => 3,
        Stage::Batch => 4,
        Stage::Server => 5,
    }
}

/// What `run_with` does, row by row, for one choice of stages.
pub struct Plan {
    /// For a token without a request around it (the request rows would only return), and
    /// for one with.
    steps: [Vec<Step>; 2],
    /// The header rows' checks in table order (run as one group, `HeaderMemo`).
    pub(super) header_checks: Vec<Check>,
    /// `wanted` for each stage a header rule has: part of what a memo entry is kept under.
    pub(super) header_stages: [bool; 2],
}

#[derive(Clone, Copy)]
pub(super) enum Step {
    /// The header rows, as one group: no other row with a check sits between them (a
    /// test in memo.rs says so), so their findings keep their place in the table's order.
    Headers,
    Check(Check),
}

impl Plan {
    /// The plan for the stages `wanted` accepts, made on first use and kept.
    pub fn of(wanted: impl Fn(Stage) -> bool) -> &'static Plan {
        static PLANS: [OnceLock<Plan>; 1 << STAGES.len()] =
            [const { OnceLock::new() }; 1 << STAGES.len()];
        let chosen = STAGES
            .iter()
            .filter(|s| wanted(**s))
            .fold(0, |chosen, s| chosen | bit(*s));
        PLANS[chosen].get_or_init(|| Plan::new(|stage| chosen & bit(stage) != 0))
    }

    /// The plan for the table rows whose stage `wanted` accepts.
    fn new(wanted: impl Fn(Stage) -> bool) -> Plan {
        let steps = [false, true].map(|with_request| {
            let mut steps = Vec::new();
            for rule in rules::RULES {
                if rule.stage == Stage::Request && !with_request {
                    continue;
                }
                if rule.reads == Reads::Header {
                    if !steps.iter().any(|s| matches!(s, Step::Headers)) {
                        steps.push(Step::Headers);
                    }
                    continue;
                }
                if let Some(check) = rule.check.filter(|_| wanted(rule.stage)) {
                    steps.push(Step::Check(check));
                }
            }
            steps
        });
        let header_checks = rules::RULES
            .iter()
            .filter(|r| r.reads == Reads::Header)
            .filter_map(|r| r.check.filter(|_| wanted(r.stage)))
            .collect();
        Plan {
            steps,
            header_checks,
            header_stages: [wanted(Stage::Structure), wanted(Stage::Claims)],
        }
    }

    pub(super) fn steps(&self, with_request: bool) -> &[Step] {
        &self.steps[usize::from(with_request)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{self, Finding};
    use crate::input::request;
    use crate::jose::{Token, b64url};
    use crate::lint::{Ctx, HeaderMemo, Role, RoleGuess, Subject, run_planned};

    /// Every row of the table in order, each on its own: what a plan must come to.
    fn by_table(subject: &Subject, ctx: &Ctx, wanted: impl Fn(Stage) -> bool) -> Vec<Finding> {
        let mut out = Vec::new();
        for rule in rules::RULES {
            if rule.stage == Stage::Request && subject.request.is_none() {
                continue;
            }
            if let Some(check) = rule.check.filter(|_| wanted(rule.stage)) {
                check(subject, ctx, &mut out);
            }
        }
        findings::sort(&mut out);
        out
    }

    #[test]
    fn a_plan_finds_what_the_whole_table_finds_for_every_choice_of_stages() {
        let seg = |json: &str| b64url(json.as_bytes());
        let tokens: Vec<String> = [
            (
                r#"{"alg":"RS256","typ":"JWT"}"#,
                r#"{"iss":"c","sub":"c","aud":"https://as/t","exp":2000000000,"jti":"a"}"#,
            ),
            (
                r#"{"alg":"none"}"#,
                r#"{"iss":"https://idp","sub":"alice","exp":1}"#,
            ),
            (r#"{"alg":"HS256","jku":"https://x/jwks"}"#, r#"{}"#),
        ]
        .iter()
        .map(|(h, c)| format!("{}.{}.c2ln", seg(h), seg(c)))
        .collect();
        let stages = STAGES;
        let bits: std::collections::BTreeSet<usize> = stages.iter().map(|s| bit(*s)).collect();
        assert_eq!(bits.len(), stages.len(), "one bit a stage");
        let ctx = Ctx::new(1_764_079_200, 60);
        let role = RoleGuess::forced(Role::Grant, "test");
        let mut found = 0;
        for chosen in 0..1u32 << stages.len() {
            let wanted = |stage: Stage| {
                let i = stages.iter().position(|s| *s == stage).unwrap_or(0);
                chosen & (1 << i) != 0
            };
            let plan = Plan::of(wanted);
            assert!(std::ptr::eq(plan, Plan::of(wanted)), "kept, not made again");
            for text in &tokens {
                let token = Token::parse(text);
                let form = format!("grant_type=password&assertion={text}&assertion={text}");
                let with_request = request::parse(&form);
                assert!(with_request.is_some());
                for request in [None, with_request.as_ref()] {
                    let subject = Subject {
                        token: &token,
                        role: &role,
                        request,
                    };
                    let planned = run_planned(&subject, &ctx, plan, &mut HeaderMemo::default());
                    assert_eq!(planned, by_table(&subject, &ctx, wanted), "{chosen:#b}");
                    found += planned.len();
                }
            }
        }
        assert!(found > 500, "{found}");
    }
}
