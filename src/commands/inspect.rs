//! `inspect`: decode plus every offline check (structure, request and claims rules), with
//! a verdict line first.

use super::load;
use crate::cli::InspectArgs;
use crate::clock;
use crate::exit::Status;
use crate::findings::{Severity, worst};
use crate::lint::profile::{self, ProfileFrom};
use crate::lint::{self, Ctx, Subject};
use crate::output::Output;
use crate::report::{self, TokenReport};
use anyhow::{Context, Result};

/// A pasted transcript's response Date: the instant the server judged the token (unless
/// --now says when).
fn server_date(args: &InspectArgs, text: &str) -> Option<i64> {
    if args.clock.now.is_some() || args.input.example {
        return None;
    }
    crate::diagnose::Answer::server_date_in(text)
}

/// Decode plus every offline check; exit 1 when any finding is an error.
pub fn run(args: &InspectArgs, out: &Output) -> Result<Status> {
    let mut now = load::now(&args.clock)?;
    let skew = clock::parse_duration(&args.skew).context("--skew")?;
    let loaded = load::load(&args.input, now, "inspect", out)?;
    if let Some(date) = server_date(args, &loaded.input.text) {
        now = date;
        out.note(&format!(
            "times judged at the response's Date header ({}), the server's clock; --now says otherwise",
            clock::utc(date)
        ));
    }
    let mut ctx = Ctx::new(now, skew);
    if let Some(profile) = args.profile {
        ctx.profile = profile;
        ctx.profile_from = ProfileFrom::Given;
    }
    let role = profile::apply_flow(ctx.profile, loaded.role.clone());
    let role = ctx.pick_profile(&loaded.token, role);
    let subject = Subject {
        token: &loaded.token,
        role: &role,
        request: loaded.request.as_ref(),
    };
    let findings = lint::run(&subject, &ctx, lint::offline);
    let verdict = report::verdict(&loaded.token, &role, &findings, now);
    let report = TokenReport {
        origin: &loaded.input.origin,
        selection: &loaded.selection,
        token: &loaded.token,
        role: &role,
        now,
        findings: &findings,
        verdict: Some(verdict),
        profile: Some((ctx.profile, &ctx.profile_from)),
    };
    if args.json {
        out.json(report::json(&report, out.show_secrets()))?;
    } else {
        out.print(&report::human(out, &report))?;
    }
    Ok(Status::from_errors(
        worst(&findings) == Some(Severity::Error),
    ))
}
