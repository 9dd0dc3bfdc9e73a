//! jwtgrant: make, read, check, send and explain OAuth 2.0 JWT assertions.

mod cli;
mod clock;
mod commands;
mod diagnose;
mod example;
mod exit;
mod findings;
mod generate;
mod history;
mod http;
mod input;
mod jose;
mod keys;
mod lint;
mod metadata;
mod output;
mod redact;
mod replay;
mod report;
mod serve;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        // --help and --version land here too; clap swallows a broken pipe itself.
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(err.exit_code().clamp(0, 255) as u8);
        }
    };
    let out = output::Output::new(&cli.output_settings());
    let result = commands::run(cli, &out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
        Ok(status) => status.into(),
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            exit::code_for(&err)
        }
    }
}
