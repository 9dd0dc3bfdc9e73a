//! Hidden: in-process timing for benches/ (parse + lint without process start-up).

use crate::cli::BenchArgs;
use crate::exit::Status;
use crate::input::locate;
use crate::jose::Token;
use crate::lint::{self, Ctx, Subject, role};
use crate::output::Output;
use crate::{clock, example};
use anyhow::Result;
use std::time::Instant;

pub fn run(args: &BenchArgs, out: &Output) -> Result<Status> {
    let now = clock::system_now();
    let token = example::client_assertion(now)?;
    let ctx = Ctx::new(now, 60);
    let start = Instant::now();
    let mut findings = 0usize;
    for _ in 0..args.iterations {
        let found = locate::find(&token);
        let parsed = Token::parse(&found[0].token);
        let guess = role::guess(&parsed, Some(&found[0].place));
        let subject = Subject {
            token: &parsed,
            role: &guess,
        };
        let wanted = if args.what == "decode" {
            lint::structure
        } else {
            lint::offline
        };
        findings += lint::run(&subject, &ctx, wanted).len();
    }
    let elapsed = start.elapsed();
    let per_sec = args.iterations as f64 / elapsed.as_secs_f64();
    out.print(&format!(
        "{}: {} iterations in {:.1} ms: {per_sec:.0} per second ({findings} findings)",
        args.what,
        args.iterations,
        elapsed.as_secs_f64() * 1000.0
    ))?;
    Ok(Status::Clean)
}
