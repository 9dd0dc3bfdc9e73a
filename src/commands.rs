//! One thin module per subcommand: read input, call the domain modules, hand a report to
//! the output layer, return a `Status`.

mod bench;
pub mod check;
mod completions;
mod decode;
mod demo;
mod demo_id_jag;
mod explain;
mod inspect;
mod key;
mod lint;
pub mod load;
mod man;
mod replay;
mod serve;
mod sign;
mod token_exchange;
mod triage;
mod verify;

use crate::cli::{Cli, Command};
use crate::exit::Status;
use crate::output::Output;
use anyhow::Result;

pub fn run(cli: Cli, out: &Output) -> Result<Status> {
    match cli.command {
        Command::Decode(args) => decode::run(&args, out),
        Command::Inspect(args) => inspect::run(&args, out),
        Command::Replay(args) => replay::run(&args, out),
        Command::Explain(args) => explain::run(&args, out),
        Command::Triage(args) => triage::run(&args, out),
        Command::Serve(args) => serve::run(&args, out),
        Command::Demo(args) => demo::run(&args, out),
        Command::Sign(args) => sign::run(&args, out),
        Command::Verify(args) => verify::run(&args, out),
        Command::Key(args) => key::run(&args.command, out),
        Command::Lint(args) => lint::run(&args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man(args) => man::run(&args, out),
        Command::Bench(args) => bench::run(&args, out),
    }
}
