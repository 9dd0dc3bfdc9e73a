//! jwtgrant: make, read, check, send and explain OAuth 2.0 JWT assertions.
//!
//! Start-up time is a feature (a decode is mostly process start-up), so the binary has its
//! own C `main`: std's runtime set-up finds the main thread's stack guard by parsing
//! /proc/self/maps, which cost about a seventh of a whole `decode`. What we lose is only the
//! "stack overflow" message (a plain SIGSEGV instead); SIGPIPE is ignored here as std would,
//! so a closed pipe surfaces as an error that `run` turns into a quiet exit.
#![cfg_attr(not(test), no_main)]

mod cli;
mod clock;
mod commands;
mod crash;
mod diagnose;
mod example;
mod exchange;
mod exit;
mod files;
mod findings;
#[cfg(test)]
mod fuzz;
mod generate;
mod history;
mod http;
mod idjag;
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
mod triage;

#[cfg(not(test))]
#[unsafe(no_mangle)]
pub extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    ignore_sigpipe();
    crash::install_hook();
    // std reads the arguments itself (glibc hands them to its init function).
    run().into()
}

#[cfg(all(unix, not(test)))]
fn ignore_sigpipe() {
    const SIGPIPE: std::ffi::c_int = 13;
    const SIG_IGN: usize = 1;
    unsafe extern "C" {
        fn signal(signum: std::ffi::c_int, handler: usize) -> usize;
    }
    // SAFETY: installing SIG_IGN for SIGPIPE is what std's runtime does on unix.
    unsafe { signal(SIGPIPE, SIG_IGN) };
}

#[cfg(all(not(unix), not(test)))]
fn ignore_sigpipe() {}

// In test builds the harness owns `main`; `run` is still the entry point of the binary.
#[cfg_attr(test, allow(dead_code))]
fn run() -> u8 {
    // Debug builds only, for the integration test of the panic hook: a panic whose message
    // carries the variable's text (which the hook must not print).
    #[cfg(debug_assertions)]
    if let Some(text) = std::env::var_os("JWTGRANT_DEBUG_PANIC") {
        panic!("debug panic with input {}", text.to_string_lossy());
    }
    let cli = match cli::parse() {
        Ok(cli) => cli,
        // --help and --version land here too; clap swallows a broken pipe itself.
        Err(err) => {
            let _ = err.print();
            return err.exit_code().clamp(0, 255) as u8;
        }
    };
    let out = output::Output::new(&cli.output_settings());
    let result = commands::run(cli, &out).and_then(|status| {
        out.flush()?;
        Ok(status)
    });
    match result {
        Ok(status) => status.code(),
        Err(err) if output::is_broken_pipe(&err) => 0,
        Err(err) => {
            out.error(&err);
            exit::code_for(&err)
        }
    }
}
