//! `decode`: show a token's header, claims, times and signature summary, with the findings
//! about its form only (structure and request rules); claims are never judged here.

use super::load;
use crate::cli::DecodeArgs;
use crate::exit::Status;
use crate::lint::{self, Ctx, Subject};
use crate::output::Output;
use crate::report::{self, TokenReport};
use anyhow::Result;

/// Decode never judges times or claims; it exits 1 only when the token cannot be decoded.
pub fn run(args: &DecodeArgs, out: &Output) -> Result<Status> {
    let now = load::now(&args.clock)?;
    let loaded = load::load(&args.input, now, "decode", out)?;
    let subject = Subject {
        token: &loaded.token,
        role: &loaded.role,
        request: loaded.request.as_ref(),
    };
    let findings = lint::run(&subject, &Ctx::new(now, 0), lint::structure);
    let report = TokenReport {
        origin: &loaded.input.origin,
        selection: &loaded.selection,
        token: &loaded.token,
        role: &loaded.role,
        now,
        findings: &findings,
        verdict: None,
        profile: None,
    };
    if args.json {
        out.json(report::json(&report, out.show_secrets()))?;
    } else {
        out.print(&report::human(out, &report))?;
    }
    Ok(Status::from_errors(!loaded.token.is_readable()))
}
