//! One thin module per subcommand: read input, call the domain modules, hand a report to
//! the output layer, return a `Status`.

mod bench;
pub mod check;
mod completions;
mod decode;
mod inspect;
mod lint;
pub mod load;
mod man;

use crate::cli::{Cli, Command};
use crate::exit::Status;
use crate::output::Output;
use anyhow::Result;

pub fn run(cli: Cli, out: &Output) -> Result<Status> {
    match cli.command {
        Command::Decode(args) => decode::run(&args, out),
        Command::Inspect(args) => inspect::run(&args, out),
        Command::Lint(args) => lint::run(&args, out),
        Command::Completions(args) => completions::run(&args, out),
        Command::Man(args) => man::run(&args, out),
        Command::Bench(args) => bench::run(&args, out),
    }
}
