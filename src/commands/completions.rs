//! `completions SHELL`: print the completion script `generate` makes from the clap
//! definition (bash, zsh, fish, powershell, elvish).

use crate::cli::CompletionsArgs;
use crate::exit::Status;
use crate::generate;
use crate::output::Output;
use anyhow::Result;

pub fn run(args: &CompletionsArgs, out: &Output) -> Result<Status> {
    out.artifact(&generate::completion(args.shell))?;
    Ok(Status::Clean)
}
