//! Command-line definitions only (clap derive). Behaviour lives in `commands`.
//!
//! Conventions: doc comments are the help text; every option that takes a value has an
//! uppercase value_name; argument groups shared by subcommands are flattened structs;
//! secrets never come from argv.

use crate::output::Settings;
use clap::{ArgAction, Args, ColorChoice, Parser, Subcommand};
use std::path::PathBuf;

const ROOT_EXAMPLES: &str = "\
Examples:
  jwtgrant inspect --example                 see what inspect shows, on a built-in assertion
  jwtgrant inspect 'grant_type=…&assertion=eyJ…'   find the JWT in a pasted form body
  pbpaste | jwtgrant decode -                read the token (or a log line) from stdin
  jwtgrant decode @request.txt --json        one JSON document for scripts";

const EXIT_CODES: &str = "\
Exit codes:
  0  success; no error findings (warnings allowed)
  1  the check ran and found errors (lint error, bad signature, server rejected)
  2  jwtgrant could not do what was asked (usage, unreadable input, unparsable key)
  3  network or transport failure";

#[derive(Parser, Debug)]
#[command(
    name = "jwtgrant",
    version,
    about = "Make, read, check, send and explain OAuth 2.0 JWT assertions (RFC 7523, RFC 10070)",
    long_about = "Make, read, check, send and explain OAuth 2.0 JWT assertions: JWT bearer \
                  grants and private_key_jwt / client_secret_jwt client authentication \
                  (RFC 7521, RFC 7523, RFC 10070). Secrets, private keys and reusable tokens \
                  are redacted from all output unless --show-secrets.",
    after_help = ROOT_EXAMPLES,
    after_long_help = format!("{ROOT_EXAMPLES}\n\n{EXIT_CODES}"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug)]
pub struct GlobalArgs {
    /// When to use color: auto (terminals only, honours NO_COLOR), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print signatures, secrets and issued tokens instead of redacting them
    #[arg(long, global = true)]
    pub show_secrets: bool,
    /// Explain how the input was parsed (-vv for more); never prints secrets
    #[arg(short, long, action = ArgAction::Count, global = true)]
    pub verbose: u8,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Show a JWT's header, claims, times and signature summary
    #[command(after_help = DECODE_EXAMPLES)]
    Decode(DecodeArgs),
    /// Decode plus every offline check, with a verdict first (OK, WARN or FAIL)
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Check many assertions at once, for people and CI: every reason a server would reject them
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// Print a shell completion script
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per subcommand into a directory
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
    /// Measure in-process speed (for benches/; not a user command)
    #[command(hide = true)]
    Bench(BenchArgs),
}

const DECODE_EXAMPLES: &str = "\
Examples:
  jwtgrant decode eyJhbGciOi…                      a bare token
  jwtgrant decode 'client_assertion_type=…&client_assertion=eyJ…'   a pasted form body
  jwtgrant decode @curl.txt --field assertion --json   pick one of several tokens in a file";

const INSPECT_EXAMPLES: &str = "\
Examples:
  jwtgrant inspect --example                      a built-in sample client assertion
  jwtgrant inspect - < request.log                the first JWT found in a log
  jwtgrant inspect eyJ… --now 2026-11-25T14:00:00Z --skew 30s   judge times at another instant";

const LINT_EXAMPLES: &str = "\
Examples:
  jwtgrant lint eyJ… --issuer https://as.example.com --profile rfc10070   one assertion, strictly
  jwtgrant lint --scan app.log --format github --deny warnings    every JWT in a log, as CI annotations
  jwtgrant lint - --summary < assertions.txt                     one token per line; totals only
  jwtgrant lint --list-rules                                     every finding code with its source";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  jwtgrant completions bash > ~/.local/share/bash-completion/completions/jwtgrant
  jwtgrant completions zsh > ~/.zfunc/_jwtgrant
  jwtgrant completions fish > ~/.config/fish/completions/jwtgrant.fish";

const MAN_EXAMPLES: &str = "\
Examples:
  jwtgrant man | man -l -                 read the main page now
  jwtgrant man --dir /usr/local/share/man/man1   install every page";

/// Where the token comes from. Shared by every command that reads a token.
#[derive(Args, Debug, Clone)]
pub struct TokenInput {
    /// The JWT, or text that contains one (form body, header, curl command, JSON, log
    /// line); '-' reads stdin, @FILE reads a file
    #[arg(value_name = "TOKEN", required_unless_present = "example")]
    pub token: Option<String>,
    /// When the input holds several JWTs, use the one in this form field, JSON member or header
    #[arg(long, value_name = "NAME", conflicts_with = "index")]
    pub field: Option<String>,
    /// When the input holds several JWTs, use the Nth (1-based)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub index: Option<u64>,
    /// Use a built-in sample client assertion instead of TOKEN
    #[arg(long, conflicts_with = "token")]
    pub example: bool,
}

/// The instant at which times are judged.
#[derive(Args, Debug, Clone)]
pub struct ClockArgs {
    /// Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// What the assertion is checked against: profile, flow and expected claim values.
/// Shared by lint, verify and replay so all three judge a token alike.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Which flow the token is for; guessed (and the guess printed) when absent
    #[arg(long, value_enum, value_name = "FLOW")]
    pub flow: Option<FlowArg>,
    /// Rule profile: rfc7523, rfc10070, oidc, fapi2, or a vendor (okta, entra, google,
    /// salesforce, keycloak, auth0, pingone)
    #[arg(long, value_enum, value_name = "PROFILE", default_value_t = ProfileArg::Rfc7523)]
    pub profile: ProfileArg,
    /// The OAuth client_id (client assertions: must equal iss and sub)
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// An acceptable aud value (repeat for several)
    #[arg(long = "aud", value_name = "VALUE")]
    pub audiences: Vec<String>,
    /// The iss claim the token must carry (e.g. the trusted issuer of a grant)
    #[arg(long, value_name = "VALUE")]
    pub iss: Option<String>,
    /// The sub claim the token must carry
    #[arg(long, value_name = "VALUE")]
    pub sub: Option<String>,
    /// Allowed signing algorithms, comma-separated (e.g. PS256,ES256)
    #[arg(long = "alg", value_name = "LIST", value_delimiter = ',')]
    pub algs: Vec<String>,
    /// Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)
    #[arg(long, value_name = "DURATION")]
    pub max_lifetime: Option<String>,
    /// Clock skew to tolerate when judging exp, nbf and iat
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub skew: String,
    #[command(flatten)]
    pub clock: ClockArgs,
}

/// The authorization server the assertion is for (lint and replay).
#[derive(Args, Debug, Clone)]
pub struct ServerArgs {
    /// The authorization server's issuer identifier (RFC 8414 issuer)
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// The token endpoint URL the assertion is sent to
    #[arg(long, value_name = "URL")]
    pub token_endpoint: Option<String>,
    /// Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer,
    /// token endpoint and allowed algs; a URL is fetched only when given here
    #[arg(long, value_name = "URL|FILE")]
    pub metadata: Option<String>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowArg {
    /// JWT bearer authorization grant (assertion=)
    Grant,
    /// Client authentication (client_assertion=)
    Client,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileArg {
    Rfc7523,
    Rfc10070,
    Oidc,
    Fapi2,
    Okta,
    Entra,
    Google,
    Salesforce,
    Keycloak,
    Auth0,
    #[value(name = "pingone")]
    PingOne,
}

#[derive(Args, Debug)]
pub struct DecodeArgs {
    #[command(flatten)]
    pub input: TokenInput,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Print one JSON document (schema in the README)
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: TokenInput,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub skew: String,
    /// Print one JSON document (schema in the README)
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    /// Tokens, or text holding them (form body, header, log line); '-' reads stdin one token
    /// or pasted line per line, @FILE reads a file the same way
    #[arg(value_name = "TOKEN", required_unless_present_any = ["scan", "list_rules", "list_profiles"])]
    pub tokens: Vec<String>,
    /// Find every JWT anywhere in a log or text file, with its line number ('-' for stdin;
    /// repeat for several files)
    #[arg(long, value_name = "FILE")]
    pub scan: Vec<String>,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub server: ServerArgs,
    /// Output format: human (grouped by token, then a summary), json (one document), sarif
    /// (SARIF 2.1.0), github (workflow-command annotations)
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Make warnings fail the run (exit 1) too
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<DenyArg>,
    /// Print only the summary (totals and counts per code), not each token
    #[arg(long)]
    pub summary: bool,
    /// List every rule (code, severity, summary, spec) and exit
    #[arg(long, conflicts_with = "list_profiles")]
    pub list_rules: bool,
    /// List every profile with its sources and exit
    #[arg(long)]
    pub list_profiles: bool,
}

impl LintArgs {
    pub fn output_format(&self) -> LintFormat {
        if self.json {
            LintFormat::Json
        } else {
            self.format
        }
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintFormat {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenyArg {
    /// Warnings fail the run like errors
    Warnings,
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to generate for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// What to measure
    #[arg(value_name = "WHAT", value_parser = ["decode", "inspect"])]
    pub what: String,
    /// How many iterations
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub iterations: u64,
}

impl Cli {
    pub fn output_settings(&self) -> Settings {
        let json = match &self.command {
            Command::Decode(a) => a.json,
            Command::Inspect(a) => a.json,
            Command::Lint(a) => a.output_format() != LintFormat::Human,
            _ => false,
        };
        Settings {
            color: self.global.color,
            show_secrets: self.global.show_secrets,
            verbose: self.global.verbose,
            json,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_visible_subcommand_has_examples() {
        for sub in Cli::command()
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
        {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("Examples:") && help.matches("jwtgrant ").count() >= 2,
                "{} needs two or three examples in after_help",
                sub.get_name()
            );
        }
    }
}
