//! The findings of the header rules, kept across the tokens of one block: the tokens of
//! one client carry one header (parsed once and shared, `jose::parse`), and the rules
//! that read only the header (`Reads::Header`) would find the same for every one of them.

use super::{Ctx, Plan, Role, Subject};
use crate::findings::Finding;
use crate::jose::{Form, Header};
use std::sync::Arc;

/// The findings of the header rules (`Reads::Header`) for the last few headers seen: a
/// log alternates between a few (one client's token as a bearer token and as a grant).
#[derive(Default)]
pub struct HeaderMemo<'c> {
    kept: Vec<(HeaderKey<'c>, Vec<Finding>)>,
    /// Lookups answered from `kept`: the tests check that the memo is used at all.
    #[cfg(test)]
    hits: usize,
}

/// Headers a memo keeps findings for.
const HEADER_MEMO_KEPT: usize = 4;

/// Everything a header rule reads. The context is compared by address: the memo cannot
/// outlive it, so an equal address is the same context.
struct HeaderKey<'c> {
    header: Header,
    form: Form,
    role: Role,
    ctx: &'c Ctx,
    /// `wanted` for each stage a header rule has.
    stages: [bool; 2],
}

impl<'c> HeaderMemo<'c> {
    pub(super) fn header_findings(
        &mut self,
        subject: &Subject,
        ctx: &'c Ctx,
        plan: &Plan,
        out: &mut Vec<Finding>,
    ) {
        let stages = plan.header_stages;
        let key = subject.token.header.as_ref().map(|header| HeaderKey {
            header: Arc::clone(header),
            form: subject.token.form,
            role: subject.role.role,
            ctx,
            stages,
        });
        if let Some(key) = &key {
            if let Some((_, found)) = self.kept.iter().find(|(kept, _)| key.same_as(kept)) {
                out.extend(found.iter().cloned());
                #[cfg(test)]
                {
                    self.hits += 1;
                }
                return;
            }
        }
        let before = out.len();
        for check in &plan.header_checks {
            check(subject, ctx, out);
        }
        if let Some(key) = key {
            self.kept.truncate(HEADER_MEMO_KEPT - 1);
            let found = out.get(before..).unwrap_or_default().to_vec();
            self.kept.insert(0, (key, found));
        }
    }
}

impl HeaderKey<'_> {
    fn same_as(&self, other: &HeaderKey) -> bool {
        Arc::ptr_eq(&self.header, &other.header)
            && self.form == other.form
            && self.role == other.role
            && std::ptr::eq(self.ctx, other.ctx)
            && self.stages == other.stages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::{Token, b64url};
    use crate::lint::rules::{self, Reads, Stage};
    use crate::lint::{Profile, RoleGuess, offline, run, run_with, structure};

    fn token(header: &str, claims: &str) -> Token {
        let seg = |json: &str| b64url(json.as_bytes());
        Token::parse(&format!("{}.{}.c2ln", seg(header), seg(claims)))
    }

    #[test]
    fn no_row_with_a_check_sits_between_the_header_rows() {
        let with_check: Vec<_> = rules::RULES.iter().filter(|r| r.check.is_some()).collect();
        let header: Vec<usize> = (0..with_check.len())
            .filter(|&i| with_check[i].reads == Reads::Header)
            .collect();
        assert!(header.len() > 1, "the header rows are marked");
        assert_eq!(header.last().unwrap() - header[0] + 1, header.len());
        // the memo's key holds `wanted` for exactly these stages
        for r in rules::RULES.iter().filter(|r| r.reads == Reads::Header) {
            assert!(
                matches!(r.stage, Stage::Structure | Stage::Claims),
                "{}",
                r.code
            );
        }
    }

    /// Every header rule fires somewhere in this matrix, every role and profile is met,
    /// and one memo serves the whole run: what it answers must be what the rules find.
    #[test]
    fn a_memo_finds_what_the_rules_find_across_headers_claims_roles_and_profiles() {
        let headers = [
            r#"{"alg":"RS256","typ":"JWT","kid":"key-1"}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"HS256","typ":"client-authentication+jwt"}"#,
            r#"{"alg":"RS256","jku":"https://attacker.example/jwks","kid":"../../etc/passwd"}"#,
            r#"{"alg":"ES256","typ":"at+jwt","cty":"JWT","x-private":1}"#,
            r#"{"alg":"PS256","typ":"oauth-id-jag+jwt"}"#,
            r#"{"alg":"RS256","x5t#S256":"AAAA","x5c":["MIIB"],"crit":["exp"]}"#,
            r#"{"alg":"foo","kid":"' OR 1=1 --"}"#,
        ];
        let claims = [
            r#"{"iss":"c1","sub":"c1","aud":"https://as.example/token","exp":2000000000,"jti":"a"}"#,
            r#"{"iss":"https://idp.example","sub":"alice","aud":"https://as.example","exp":2000000000,"client_id":"c2"}"#,
            r#"{"iss":"https://idp.example","sub":"alice","aud":"c1","nonce":"n","azp":"c1","exp":1}"#,
            r#"{}"#,
        ];
        let roles = [
            Role::ClientAssertion,
            Role::Grant,
            Role::AccessToken,
            Role::IdToken,
            Role::Unknown,
        ];
        let mut ctxs = Vec::new();
        for profile in Profile::ALL {
            for algs in [None, Some(vec!["ES256".to_string()])] {
                let mut ctx = Ctx::new(1_764_079_200, 60);
                ctx.profile = profile;
                ctx.expect.algs = algs;
                ctxs.push(ctx);
            }
        }
        let tokens: Vec<Token> = headers
            .iter()
            .flat_map(|h| claims.iter().map(|c| token(h, c)))
            .collect();
        let mut codes = std::collections::BTreeSet::new();
        let mut memo = HeaderMemo::default();
        let mut runs = 0;
        // Three nestings: tokens innermost (the claims change under one header: the memo
        // answers), roles innermost and contexts innermost (the key changes every run).
        let sizes = [ctxs.len(), tokens.len(), roles.len()];
        for inner_to_outer in [[1, 2, 0], [2, 1, 0], [0, 2, 1]] {
            for i in 0..sizes.iter().product::<usize>() {
                let mut at = [0; 3];
                let mut rest = i;
                for dim in inner_to_outer {
                    at[dim] = rest % sizes[dim];
                    rest /= sizes[dim];
                }
                let [c, t, r] = at;
                let role = RoleGuess::forced(roles[r], "test");
                let subject = Subject {
                    token: &tokens[t],
                    role: &role,
                    request: None,
                };
                let ctx = &ctxs[c];
                let wanted = if i % 7 == 0 { structure } else { offline };
                let expected = run(&subject, ctx, wanted);
                let memoised = run_with(&subject, ctx, wanted, &mut memo);
                assert_eq!(memoised, expected, "token {t} role {r} ctx {c}");
                codes.extend(expected.iter().map(|f| f.code));
                runs += 1;
            }
        }
        for r in rules::RULES.iter().filter(|r| r.reads == Reads::Header) {
            assert!(codes.contains(r.code), "{} never fired", r.code);
        }
        // about 3 of the 4 claims sets under each header in the first nesting
        assert!(memo.hits > runs / 6, "{} hits in {runs} runs", memo.hits);
    }
}
