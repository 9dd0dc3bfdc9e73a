//! Command-line definitions only (clap derive). Behaviour lives in `commands`.
//!
//! Conventions: doc comments are the help text; every option that takes a value has an
//! uppercase value_name; argument groups shared by subcommands are flattened structs;
//! secrets never come from argv.

use crate::lint::{Flow, Profile};
use crate::output::Settings;
use clap::{ArgAction, Args, ColorChoice, Parser, Subcommand};
use std::path::PathBuf;

const ROOT_EXAMPLES: &str = "\
Examples:
  jwtgrant demo                              replay built-in assertions against a local server
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

// The options every command takes, before or after the subcommand name. They are not
// clap `global` args: clap copies global args into every subcommand at each start-up
// (about an eighth of a `decode`), so the root and each subcommand flatten them instead,
// and `Cli::global` merges the two.
#[derive(Args, Debug, Clone, Default)]
pub struct GlobalArgs {
    /// When to use color: auto (terminals only, honours NO_COLOR), always, never
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print signatures, secrets and issued tokens instead of redacting them
    #[arg(long)]
    pub show_secrets: bool,
    /// Explain how the input was parsed (-vv for more); never prints secrets
    #[arg(short, long, action = ArgAction::Count)]
    pub verbose: u8,
}

impl GlobalArgs {
    /// Options given after the subcommand win over those given before it.
    fn merge(&self, later: &GlobalArgs) -> GlobalArgs {
        GlobalArgs {
            color: if later.color == ColorChoice::Auto {
                self.color
            } else {
                later.color
            },
            show_secrets: self.show_secrets || later.show_secrets,
            verbose: self.verbose.saturating_add(later.verbose),
        }
    }
}

#[derive(Subcommand, Debug)]
// Subcommands' arguments are built only for the subcommand being run: start-up is a feature.
#[command(defer = true)]
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
    /// Make and sign an assertion: a JWT bearer grant or a client assertion
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Check a token's signature (key file, secret, JWKS or issuer) and every claim check
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Key tools: make a key pair, print the public JWKS to register, compute thumbprints
    #[command(after_help = KEY_EXAMPLES)]
    Key(KeyArgs),
    /// Send an assertion to a token endpoint and explain the answer
    #[command(after_help = REPLAY_EXAMPLES)]
    Replay(Box<ReplayArgs>),
    /// Explain a token endpoint's error (AADSTS code, JSON body, log line) offline
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump
    #[command(after_help = TRIAGE_EXAMPLES)]
    Triage(Box<TriageArgs>),
    /// Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Start a local token endpoint, replay built-in assertions, show each diagnosis
    #[command(after_help = DEMO_EXAMPLES)]
    Demo(DemoArgs),
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
const REPLAY_EXAMPLES: &str = "\
Examples:
  jwtgrant replay @assertion.jwt --token-endpoint https://as.example.com/oauth2/token --client-id app
  jwtgrant replay @captured.jwt --issuer https://as.example.com --resign --key client.pem
  jwtgrant replay @grant.jwt --issuer https://as.example.com --client-assertion @client.jwt --json
  jwtgrant replay @assertion.jwt --issuer https://as.example.com --jwks registered-jwks.json
  jwtgrant replay @hs256.jwt --issuer https://as.example.com --secret-file client-secret.txt
      (client_secret_jwt: the HMAC is checked with the registered secret; nothing is re-signed)
  jwtgrant replay --from support.har --call 2 --resign --key client.pem
  jwtgrant replay --token-exchange @id_token.jwt --issuer https://idp.example --client-id app \\
      --client-secret-file idp-secret.txt --audience https://as.example --then-grant https://as.example
      (ID-JAG: trade the ID token at the IdP, then present the ID-JAG at the resource AS)
  jwtgrant replay @id_token.jwt --jwks-from-issuer https://idp.example --client-id app \
      --issuer https://as.example --grant-type urn:ietf:params:oauth:grant-type:jwt-bearer
      (a grant that is an ID token: judged by the provider's keys and the ID token rules)

Assertions are single-use: a server refuses a jti it has seen (claim.jti_reused). To replay
a captured assertion, --resign --key KEY sends a fresh copy (new jti, iat, exp; the original
is neither sent nor printed).
Causes are ranked by evidence: the answer being about the URL (404, 405, a redirect), then
the server naming the cause, then definite local findings; an error code alone is vague.
Without --profile, a known vendor's token endpoint (or AADSTS code) picks its profile.
Exit codes: 0 accepted (both hops with --then-grant), 1 rejected, 2 the request could not be
built, 3 transport failure.
History: $XDG_STATE_HOME/jwtgrant (else ~/.local/state/jwtgrant) keeps SHA-256(iss, jti)
and exp of each assertion sent, never the token; --no-history skips it.
Proxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY from the environment are used.";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  jwtgrant explain 'AADSTS700024: Client assertion is not within its valid time range.'
  pbpaste | jwtgrant explain -                 an HTTP response or log line, with or without the assertion
  jwtgrant explain @error.txt --token-endpoint https://as.example.com/token --json";

const TRIAGE_EXAMPLES: &str = "\
Examples:
  jwtgrant triage support.har                 every token call in a browser's HAR export
  curl -v … 2>&1 | jwtgrant triage -          a curl -v transcript (or --trace-ascii FILE's file)
  jwtgrant triage support.har --bundle ticket.json --redact-har support.redacted.har
      (redacted evidence for the ticket, and a HAR safe to attach)

Read by content: HAR 1.2 (Chrome, Firefox, Safari, mitmproxy), curl -v, curl --trace and
--trace-ascii, HTTP requests followed by their responses, JSON log lines. Times are judged
when each call happened (the recorder's clock and the server's Date), not now. Discovery
documents and JWKS in the same file fill the issuer, token endpoint, algs and keys.
Exit codes: 0 every call accepted, 1 a call was refused (or got no answer), 2 no token call.";

const SERVE_EXAMPLES: &str = "\
Examples:
  jwtgrant serve --client app=app-jwks.json          private_key_jwt client; prints the URLs
  jwtgrant serve --port 0 --trust https://idp.example=idp-jwks.json --client-secret-file app=secret.txt
  jwtgrant serve --config server.json --opaque --clock-offset 2h   hide reasons, skew the clock
  jwtgrant serve --client app=app-jwks.json --refusal html-500     refuse the way a broken proxy does
  jwtgrant serve --client app=app-jwks.json --max-requests 1      answer one request, then exit 0
  jwtgrant serve --config server.json --header-timeout 2s --max-connections 64
  jwtgrant serve --port 8787 --id-jag-issuer --issuer https://idp.example --trust https://idp.example=idp-jwks.json \\
      --id-jag-key idp.pem --id-jag-audience http://127.0.0.1:8788 --client-secret-file app=secret.txt
      (an IdP: ID tokens of https://idp.example exchanged for ID-JAGs, RFC 8693)
  jwtgrant serve --port 8788 --trust-id-jag https://idp.example=idp-jwks.json --client-secret-file app=secret.txt
      (the resource authorization server that takes those ID-JAGs as jwt-bearer grants)

Client assertions must carry aud = the issuer (RFC 10070; --legacy-aud also accepts the
token endpoint), iss = sub = client_id, exp, and a jti that is used only once.
HTTP/1.1 with keep-alive and chunked bodies; bodies over 64 KiB get 413, heads over 16 KiB
get 431. SIGINT or SIGTERM stops it gracefully: requests in flight are answered, exit 0.";

const DEMO_EXAMPLES: &str = "\
Examples:
  jwtgrant demo                   six assertions, six answers, six diagnoses
  jwtgrant demo --color never | less";
const SIGN_EXAMPLES: &str = "\
Examples:
  jwtgrant sign --flow client --client-id s6BhdRkqt3 --aud https://as.example.com --key key.pem
  jwtgrant sign --flow grant --iss https://idp.example.com --sub alice --aud https://as.example.com \\
      --key idp.jwks.json --kid 2024-01 --exp 2m
  jwtgrant sign --profile id-jag --iss https://idp.example --sub alice --aud https://as.example/ \\
      --client-id app --resource https://api.example/ --scope 'read write' --key idp.pem
      (an ID-JAG, as an IdP issues it after a token exchange)
  jwtgrant sign --key sa.json --claim scope=https://www.googleapis.com/auth/cloud-platform
      (a Google service-account key: iss, kid and aud come from the file)
  jwtgrant sign --flow client --client-id app --aud https://as.example.com/token \\
      --secret-env CLIENT_SECRET --alg HS256 --form | curl -d @- https://as.example.com/token";

const VERIFY_EXAMPLES: &str = "\
Examples:
  jwtgrant verify eyJ… --key public.pem --aud https://as.example.com
  jwtgrant verify @assertion.txt --jwks https://client.example.com/jwks.json --client-id s6BhdRkqt3
  jwtgrant verify - --issuer https://idp.example.com --flow grant --json < grant.jwt
  jwtgrant verify @id_token.jwt --jwks-from-issuer https://op.example.com --client-id s6BhdRkqt3";

const KEY_EXAMPLES: &str = "\
Examples:
  jwtgrant key new --alg ES256 --out keys/     write keys/es256.pem and keys/es256.jwks.json
  jwtgrant key jwks cert.pem other.pem        the public JWKS to register with a server
  jwtgrant key thumbprint key.pem             the RFC 7638 thumbprint (jwtgrant's default kid)";

const KEY_NEW_EXAMPLES: &str = "\
Examples:
  jwtgrant key new --alg ES256 --out keys/
  jwtgrant key new --alg PS256 --bits 3072 --out keys/ --name client-2025";

const KEY_JWKS_EXAMPLES: &str = "\
Examples:
  jwtgrant key jwks key.pem > jwks.json
  jwtgrant key jwks old.pem new.pem --alg PS256    several keys during a rotation";

const KEY_THUMBPRINT_EXAMPLES: &str = "\
Examples:
  jwtgrant key thumbprint key.pem
  jwtgrant key thumbprint cert.pem --x5t      the SHA-1 thumbprint Entra ID's portal shows
  jwtgrant key thumbprint cert.pem --json     thumbprint, x5t and x5t#S256 of a certificate";

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  jwtgrant completions bash > ~/.local/share/bash-completion/completions/jwtgrant
  jwtgrant completions zsh > ~/.zfunc/_jwtgrant
  jwtgrant completions fish > ~/.config/fish/completions/jwtgrant.fish";

const MAN_EXAMPLES: &str = "\
Examples:
  jwtgrant man | man -l -                 read the main page now
  jwtgrant man --dir /usr/local/share/man/man1   install every page";

// Where the token comes from. Shared by every command that reads a token.
// (Flattened argument groups use // comments: a doc comment would become the about text
// of every subcommand that flattens them.)
#[derive(Args, Debug, Clone)]
pub struct TokenInput {
    /// The JWT, or text that contains one (form body, header, curl command, JSON, log
    /// line); '-' reads stdin, @FILE reads a file [default: - when stdin is piped]
    #[arg(value_name = "TOKEN")]
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

// The instant at which times are judged.
#[derive(Args, Debug, Clone)]
pub struct ClockArgs {
    /// Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339
    /// (2025-11-25T14:00:00Z) or an HTTP date ('Tue, 25 Nov 2025 14:00:00 GMT')
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

// What the assertion is checked against: profile, flow and expected claim values.
// Shared by lint, verify and replay so all three judge a token alike.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Which flow the token is for; guessed (and the guess printed) when absent
    #[arg(long, value_enum, value_name = "FLOW")]
    pub flow: Option<Flow>,
    /// Rule profile: rfc7523, rfc10070, oidc, fapi2, a token's (id-jag, oidc-id-token,
    /// rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone)
    /// [default: the token's own when its typ (or an ID token's claims) names one, else
    /// rfc7523; replay and explain use the vendor's when the token endpoint or error names one]
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<Profile>,
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
    /// ID tokens: the nonce the authentication request sent; the token must carry it back
    #[arg(long, value_name = "VALUE")]
    pub nonce: Option<String>,
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

// The authorization server the assertion is for (lint and replay).
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

// How HTTP requests are made (replay, and fetching metadata or keys).
#[derive(Args, Debug, Clone)]
pub struct HttpArgs {
    /// Give up on a request after this long (e.g. 10s, 1m)
    #[arg(long, value_name = "DURATION", default_value = "10s")]
    pub timeout: String,
    /// Also trust the CA certificates in this PEM file (private CAs, test servers)
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Allow plain http to hosts other than loopback
    #[arg(long)]
    pub allow_http: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuthArg {
    /// Authorization: Basic (client_secret_basic)
    Basic,
    /// client_id and client_secret form fields (client_secret_post)
    Post,
}

/// `serve --refusal`: serve's own type, with its names and descriptions.
pub type RefusalStyle = crate::serve::refusal::Style;

impl clap::ValueEnum for RefusalStyle {
    fn value_variants<'a>() -> &'a [Self] {
        &RefusalStyle::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.about()))
    }
}

// --flow and --profile take lint's own types: the names users type are the ones lint uses.
impl clap::ValueEnum for Flow {
    fn value_variants<'a>() -> &'a [Self] {
        &[Flow::Grant, Flow::Client]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let value = match self {
            Flow::Grant => clap::builder::PossibleValue::new("grant")
                .help("JWT bearer authorization grant (assertion=)"),
            Flow::Client => clap::builder::PossibleValue::new("client")
                .help("Client authentication (client_assertion=)"),
        };
        Some(value)
    }
}

impl clap::ValueEnum for Profile {
    fn value_variants<'a>() -> &'a [Self] {
        &Profile::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

#[derive(Args, Debug)]
pub struct DecodeArgs {
    #[command(flatten)]
    pub input: TokenInput,
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Print one JSON document (schema in docs/json.md)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
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
    /// Rule profile to judge by [default: the token's own (typ oauth-id-jag+jwt: id-jag, at+jwt:
    /// rfc9068, an ID token: oidc-id-token), else rfc7523]
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    /// Print one JSON document (schema in docs/json.md)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

// Where a signing key comes from (sign; replay --resign). Shared secrets never come from argv.
// The algorithm is not here: replay's --alg lists the algorithms a server allows.
#[derive(Args, Debug, Clone)]
pub struct SigningKeyArgs {
    /// Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account
    /// JSON; the format is recognised by content; '-' reads stdin
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline
    /// is ignored; '-' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid
    /// names; a private or public key file is refused
    #[arg(long, value_name = "FILE", conflicts_with_all = ["key", "secret_env"])]
    pub secret_file: Option<PathBuf>,
    /// Shared secret from this environment variable
    #[arg(long, value_name = "NAME", conflicts_with = "key")]
    pub secret_env: Option<String>,
    /// Key id for the header, and the key to use in a JWKS; default: the JWK's kid, else the
    /// RFC 7638 thumbprint (none for secrets)
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,
    /// Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)
    #[arg(long)]
    pub allow_weak_key: bool,
}

#[derive(Args, Debug)]
pub struct SignArgs {
    /// client: client authentication (iss = sub = --client-id); grant: JWT bearer grant
    /// (--iss, --sub). Default: client when --client-id is given, else grant
    #[arg(long, value_enum, value_name = "FLOW")]
    pub flow: Option<Flow>,
    /// The OAuth client_id (client flow: becomes iss and sub)
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    /// Issuer claim (grant flow: who vouches for the subject)
    #[arg(long, value_name = "ISS")]
    pub iss: Option<String>,
    /// Subject claim (grant flow: the user or service the token is for)
    #[arg(long, value_name = "SUB")]
    pub sub: Option<String>,
    /// Audience: the authorization server's issuer or token endpoint (repeat for several)
    #[arg(long = "aud", value_name = "URL")]
    pub audiences: Vec<String>,
    /// The resource claim: the resource server's URI (RFC 8707; repeat for an array)
    #[arg(long = "resource", value_name = "URI")]
    pub resources: Vec<String>,
    /// The scope claim: space-separated scopes (repeat to add more)
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
    /// Lifetime: exp = now + this (s, m, h; e.g. 90s, 5m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub exp: String,
    /// Leave out nbf (it defaults to now)
    #[arg(long)]
    pub no_nbf: bool,
    /// The typ header, e.g. client-authentication+jwt (RFC 10070) or JWT
    #[arg(long, value_name = "TYP")]
    pub typ: Option<String>,
    /// No kid header
    #[arg(long, conflicts_with = "kid")]
    pub no_kid: bool,
    /// Add or override a claim: k=v, v parsed as JSON when it is JSON, else a string;
    /// k=null removes a computed claim (repeatable)
    #[arg(long = "claim", value_name = "K=V")]
    pub claims: Vec<String>,
    /// Claims from a JSON object file, '-' for stdin (computed claims < this file < --claim)
    #[arg(long, value_name = "FILE")]
    pub claims_file: Option<PathBuf>,
    /// Add a header parameter: k=v, v parsed like --claim (repeatable)
    #[arg(long = "header", value_name = "K=V")]
    pub headers: Vec<String>,
    /// Put the certificate chain in CERT (PEM, leaf first, or DER) into the x5c header; the
    /// leaf must hold the signing key
    #[arg(long, value_name = "CERT")]
    pub x5c: Option<PathBuf>,
    /// Put the certificate's thumbprints into the header: x5t (SHA-1, what Entra ID looks
    /// keys up by) and x5t#S256 (SHA-256); the certificate must hold the signing key
    #[arg(long, value_name = "CERT")]
    pub x5t: Option<PathBuf>,
    /// Print the urlencoded token request body instead of the bare token
    #[arg(long)]
    pub form: bool,
    /// Signing algorithm; default: the key's own (RS256, ES256/384/512 by curve, EdDSA,
    /// HS256 for secrets)
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,
    /// Rule profile to lint the new token against: rfc7523, rfc10070, oidc, fapi2, or a vendor;
    /// id-jag makes an ID-JAG (typ oauth-id-jag+jwt; needs --iss, --sub, one --aud and
    /// --client-id) [default: google for a Google service-account key, else rfc7523]
    #[arg(long, value_enum, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    #[command(flatten)]
    pub key: SigningKeyArgs,
    #[command(flatten)]
    pub clock: ClockArgs,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub input: TokenInput,
    #[command(flatten)]
    pub check: CheckArgs,
    /// A key file: PEM, DER, JWK or JWKS ('-' reads stdin); a private key is used through
    /// its public half (repeat to trust several)
    #[arg(long, value_name = "FILE")]
    pub key: Vec<PathBuf>,
    /// Shared secret for HS256/384/512 from a file ('-' reads stdin); an oct JWK gives its
    /// "k", a JWKS the oct key the token's kid names; a private or public key file is refused
    #[arg(long, value_name = "FILE", conflicts_with_all = ["key", "secret_env", "jwks", "issuer", "metadata"])]
    pub secret_file: Option<PathBuf>,
    /// Shared secret from this environment variable
    #[arg(long, value_name = "NAME", conflicts_with_all = ["key", "jwks", "issuer", "metadata"])]
    pub secret_env: Option<String>,
    /// The signer's public keys as a JWKS file or URL
    #[arg(long, value_name = "FILE|URL", conflicts_with_all = ["issuer", "metadata"])]
    pub jwks: Option<String>,
    /// The signer's issuer: its metadata (RFC 8414, then OIDC discovery) gives jwks_uri
    #[arg(long, value_name = "URL", conflicts_with = "metadata")]
    pub issuer: Option<String>,
    /// The signer's metadata document (URL or file); its jwks_uri holds the keys
    #[arg(long, value_name = "URL|FILE")]
    pub metadata: Option<String>,
    /// The token is an ID token from this OpenID provider: keys from its discovery document's
    /// jwks_uri (as --issuer), and judged by the oidc-id-token rules (iss = ISSUER, aud holds
    /// --client-id, azp, --nonce) unless --profile says otherwise
    #[arg(long, value_name = "ISSUER", conflicts_with_all = ["issuer", "metadata", "jwks", "key", "secret_file", "secret_env"])]
    pub jwks_from_issuer: Option<String>,
    /// Accept a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)
    #[arg(long)]
    pub allow_weak_key: bool,
    #[command(flatten)]
    pub http: HttpArgs,
    /// Print one JSON document: inspect's schema plus "verification"
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct KeyArgs {
    #[command(subcommand)]
    pub command: KeyCommand,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Subcommand, Debug)]
pub enum KeyCommand {
    /// Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS
    #[command(after_help = KEY_NEW_EXAMPLES)]
    New(KeyNewArgs),
    /// Print the public JWKS of key files (never private members)
    #[command(after_help = KEY_JWKS_EXAMPLES)]
    Jwks(KeyJwksArgs),
    /// Print a key's RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)
    #[command(after_help = KEY_THUMBPRINT_EXAMPLES)]
    Thumbprint(KeyThumbprintArgs),
}

#[derive(Args, Debug)]
pub struct KeyNewArgs {
    /// The algorithm the key is for, written as the JWKS "alg": RS256…PS512, ES256, ES384,
    /// ES512, EdDSA or Ed25519 (one Ed25519 key; EdDSA is the name more libraries read)
    #[arg(long, value_name = "ALG")]
    pub alg: String,
    /// Directory for the files (created when missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// File name stem: NAME.pem and NAME.jwks.json (default: the alg in lower case)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// RSA modulus size
    #[arg(long, value_name = "BITS", default_value_t = 2048)]
    pub bits: usize,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct KeyJwksArgs {
    /// Key files (private or public; PEM, DER, JWK, JWKS, certificates)
    #[arg(value_name = "KEYFILE", required = true)]
    pub files: Vec<PathBuf>,
    /// kid for the key (one key only); default: its own kid, else the RFC 7638 thumbprint
    #[arg(long, value_name = "KID", allow_hyphen_values = true)]
    pub kid: Option<String>,
    /// Add "alg" to every key (the server then accepts only that algorithm from it)
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct KeyThumbprintArgs {
    /// Key file (private or public; PEM, DER, JWK, JWKS, certificate)
    #[arg(value_name = "KEYFILE")]
    pub file: PathBuf,
    /// Print JSON: kid, thumbprint, key type; for a certificate also x5t, x5t#S256 and
    /// x5t_hex
    #[arg(long)]
    pub json: bool,
    /// Print a certificate's SHA-1 thumbprint in upper-case hex without colons, as Entra
    /// ID's portal shows it (the base64url x5t header is the same digest)
    #[arg(long, conflicts_with = "json")]
    pub x5t: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub input: TokenInput,
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(flatten)]
    pub check: CheckArgs,
    /// The scope to request
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,
    /// A resource indicator (RFC 8707); repeat for several
    #[arg(long, value_name = "URI")]
    pub resource: Vec<String>,
    /// An extra form field (repeat); replaces a field of the same name
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::replay::parse_param)]
    pub params: Vec<(String, String)>,
    /// An extra form field whose value is a secret, read from FILE (one trailing newline is
    /// ignored); like --param, but never shown, and redacted wherever the server echoes it
    /// (repeat)
    #[arg(long = "secret-param", value_name = "NAME=FILE", value_parser = crate::replay::parse_param)]
    pub secret_params: Vec<(String, String)>,
    /// The same, with the value from the environment variable VAR (repeat)
    #[arg(long = "secret-param-env", value_name = "NAME=VAR", value_parser = crate::replay::parse_param)]
    pub secret_params_env: Vec<(String, String)>,
    /// The grant_type sent with a client assertion (client flow) [default: client_credentials,
    /// or the one in --from's request]
    #[arg(long, value_name = "TYPE")]
    pub grant_type: Option<String>,
    /// Send the token request in FILE again as it was: a HAR, a curl -v / --trace-ascii
    /// transcript, HTTP messages or a curl command ('-' reads stdin). Its URL, assertion,
    /// grant_type, scope, client_id, resource and other fields are used; flags given here
    /// override them. Secrets in the file are never reused
    #[arg(long, value_name = "FILE")]
    pub from: Option<String>,
    /// With --from: which token call in FILE, numbered from 1 as `triage` lists them
    /// [default: the only one]
    #[arg(long, value_name = "N", requires = "from", value_parser = clap::value_parser!(u64).range(1..))]
    pub call: Option<u64>,
    /// Grant flow: authenticate the client with this client assertion (TOKEN or @FILE)
    #[arg(long, value_name = "TOKEN|@FILE")]
    pub client_assertion: Option<String>,
    /// Grant flow: authenticate the client with the secret in this file
    #[arg(long, value_name = "FILE", conflicts_with_all = ["client_secret_env", "client_assertion"])]
    pub client_secret_file: Option<PathBuf>,
    /// Grant flow: authenticate the client with the secret in this environment variable
    #[arg(long, value_name = "NAME", conflicts_with = "client_assertion")]
    pub client_secret_env: Option<String>,
    /// How the client secret is sent
    #[arg(long, value_enum, value_name = "HOW", default_value_t = ClientAuthArg::Basic)]
    pub client_auth: ClientAuthArg,
    /// The keys the server has registered for the assertion's signer: a JWKS file or URL,
    /// or a PEM/DER public key, certificate or JWK file; kid, alg and signature are checked
    /// against them
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,
    /// The grant is an ID token from this OpenID provider: its signature is checked with
    /// the keys at the provider's jwks_uri (discovery), and it is judged by the
    /// oidc-id-token rules (iss = ISSUER, aud holds the client, --nonce)
    #[arg(long, value_name = "ISSUER", conflicts_with = "jwks")]
    pub jwks_from_issuer: Option<String>,
    #[command(flatten)]
    pub http: HttpArgs,
    /// Print the request and an equivalent curl command; send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Print one JSON document (request, response, accepted, server_clock, diagnosis)
    #[arg(long)]
    pub json: bool,
    /// Resend an assertion jwtgrant already sent without asking
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Do not read or write the history of sent assertions
    #[arg(long)]
    pub no_history: bool,
    /// Send a fresh copy of the assertion instead of the one given, signed with --key (or
    /// --secret-file / --secret-env for HS256/384/512): new random jti, iat = now,
    /// exp = now + its original lifetime (default 5m), nbf = now if it had one; every
    /// other claim and header member kept, kid from the key unless it had one. This is
    /// how to replay a captured single-use assertion without reusing it
    #[arg(long, help_heading = "Re-signing")]
    pub resign: bool,
    #[command(flatten, next_help_heading = "Re-signing")]
    pub resign_key: SigningKeyArgs,
    #[command(flatten, next_help_heading = "Token exchange (RFC 8693) and ID-JAG")]
    pub exchange: ExchangeArgs,
    #[command(flatten)]
    pub global: GlobalArgs,
}

// `replay --token-exchange`: the first hop of an ID-JAG (at the IdP), and with
// `--then-grant` the second (at the resource authorization server).
#[derive(Args, Debug, Clone)]
pub struct ExchangeArgs {
    /// Send an RFC 8693 token exchange instead of an RFC 7523 request: the token (TOKEN or
    /// --subject-token) is the subject_token; client authentication as for a grant
    #[arg(long)]
    pub token_exchange: bool,
    /// The subject_token (TOKEN or @FILE), instead of the TOKEN argument
    #[arg(long, value_name = "TOKEN|@FILE", requires = "token_exchange")]
    pub subject_token: Option<String>,
    /// subject_token_type: a URI, or id_token, id-jag, access_token, refresh_token, jwt, saml2
    #[arg(
        long,
        value_name = "TYPE",
        default_value = "id_token",
        requires = "token_exchange"
    )]
    pub subject_token_type: String,
    /// requested_token_type: a URI or a short name as --subject-token-type
    #[arg(
        long,
        value_name = "TYPE",
        default_value = "id-jag",
        requires = "token_exchange"
    )]
    pub requested_token_type: String,
    /// audience: for an ID-JAG, the resource authorization server's issuer (repeat)
    #[arg(long, value_name = "URI", requires = "token_exchange")]
    pub audience: Vec<String>,
    /// Then present the issued token as a jwt-bearer grant (RFC 7523 §2.1) at this token
    /// endpoint, or at the one this issuer's metadata names
    #[arg(long, value_name = "URL", requires = "token_exchange")]
    pub then_grant: Option<String>,
    /// The client_id at the second hop [default: the issued token's client_id claim]
    #[arg(long, value_name = "ID", requires = "then_grant")]
    pub grant_client_id: Option<String>,
    /// Second hop: authenticate with a fresh client assertion signed with this private key
    /// (private_key_jwt; aud = the resource authorization server's issuer)
    #[arg(long, value_name = "FILE", requires = "then_grant", conflicts_with_all = ["grant_client_assertion", "grant_client_secret_file", "grant_client_secret_env"])]
    pub grant_key: Option<PathBuf>,
    /// Second hop: authenticate with this client assertion (TOKEN or @FILE)
    #[arg(long, value_name = "TOKEN|@FILE", requires = "then_grant", conflicts_with_all = ["grant_client_secret_file", "grant_client_secret_env"])]
    pub grant_client_assertion: Option<String>,
    /// Second hop: authenticate with the client secret in this file (sent as --client-auth says)
    #[arg(
        long,
        value_name = "FILE",
        requires = "then_grant",
        conflicts_with = "grant_client_secret_env"
    )]
    pub grant_client_secret_file: Option<PathBuf>,
    /// Second hop: the same, from this environment variable
    #[arg(long, value_name = "NAME", requires = "then_grant")]
    pub grant_client_secret_env: Option<String>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The error: an AADSTS message, an error JSON body, a log line or an HTTP response,
    /// with or without the assertion; '-' reads stdin, @FILE reads a file [default: - when
    /// stdin is piped]
    #[arg(value_name = "TEXT")]
    pub text: Option<String>,
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(flatten)]
    pub check: CheckArgs,
    /// Print one JSON document
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct TriageArgs {
    /// What the ticket came with: a HAR file, a curl -v / --trace / --trace-ascii
    /// transcript, HTTP messages or JSON log lines; '-' reads stdin [default: - when stdin
    /// is piped]
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(flatten)]
    pub check: CheckArgs,
    /// Print one JSON document (the exchanges, their diagnoses and a summary)
    #[arg(long)]
    pub json: bool,
    /// Write a redacted evidence bundle for the ticket (JSON: server metadata, each
    /// assertion's header and claims, the keys, the answers, the diagnosis; nothing reusable)
    #[arg(long, value_name = "FILE")]
    pub bundle: Option<PathBuf>,
    /// Write the input HAR with signatures, secrets, cookies, Authorization values and issued
    /// tokens replaced: still a HAR 1.2 file that browsers import
    #[arg(long, value_name = "OUT.har")]
    pub redact_har: Option<PathBuf>,
    /// Replace an existing --bundle or --redact-har file
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (0 picks a free one)
    #[arg(long, value_name = "PORT", default_value_t = 8787)]
    pub port: u16,
    /// A JSON configuration: issuer, clients, trusted grant issuers (schema in
    /// docs/guide/local-server.md; an unknown or misspelled key is an error)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The issuer identifier (default: http://127.0.0.1:PORT)
    #[arg(long, value_name = "URL")]
    pub issuer: Option<String>,
    /// Register a private_key_jwt client with its public keys: a JWKS, or a PEM/DER public
    /// key, certificate or JWK file (repeat)
    #[arg(long = "client", value_name = "ID=JWKS_FILE")]
    pub clients: Vec<String>,
    /// Register a client_secret_jwt / client_secret_basic / client_secret_post client (repeat)
    #[arg(long = "client-secret-file", value_name = "ID=FILE")]
    pub secret_clients: Vec<String>,
    /// Accept jwt-bearer grants signed by this issuer's keys (any key file, as --client)
    /// (repeat)
    #[arg(long = "trust", value_name = "ISSUER=JWKS_FILE")]
    pub trusted: Vec<String>,
    /// Accept only ID-JAGs (typ oauth-id-jag+jwt, client_id bound to the authenticated
    /// client, aud = this issuer) signed by this IdP's keys (repeat)
    #[arg(long = "trust-id-jag", value_name = "ISSUER=JWKS_FILE")]
    pub trusted_id_jag: Vec<String>,
    /// A resource this server protects (RFC 8707): an ID-JAG's resource must be one of
    /// them (repeat; none: any)
    #[arg(long = "resource", value_name = "URI")]
    pub resources: Vec<String>,
    /// Act as an IdP too: answer RFC 8693 token exchange of ID tokens from a --trust'ed
    /// issuer with ID-JAGs signed by --id-jag-key (published at /jwks)
    #[arg(long, help_heading = "IdP (token exchange)")]
    pub id_jag_issuer: bool,
    /// The private key that signs ID-JAGs [default: an ES256 key generated at start-up]
    #[arg(
        long,
        value_name = "FILE",
        requires = "id_jag_issuer",
        help_heading = "IdP (token exchange)"
    )]
    pub id_jag_key: Option<PathBuf>,
    /// A resource authorization server (its issuer) this IdP issues ID-JAGs for: the
    /// token exchange's audience must be one of them (repeat)
    #[arg(
        long,
        value_name = "ISSUER",
        requires = "id_jag_issuer",
        help_heading = "IdP (token exchange)"
    )]
    pub id_jag_audience: Vec<String>,
    /// The lifetime of each ID-JAG [default: 5m]
    #[arg(
        long,
        value_name = "DURATION",
        requires = "id_jag_issuer",
        help_heading = "IdP (token exchange)"
    )]
    pub id_jag_lifetime: Option<String>,
    /// How a refused request is answered: the wire conventions real servers use, to test a
    /// client's error handling against each (the log always has the reason)
    #[arg(long, value_enum, value_name = "STYLE", conflicts_with = "opaque")]
    pub refusal: Option<RefusalStyle>,
    /// Answer errors without error_description, like servers that hide the reason (the
    /// same as --refusal opaque)
    #[arg(long)]
    pub opaque: bool,
    /// Also accept the token endpoint URL as a client assertion's aud (pre-RFC 10070)
    #[arg(long)]
    pub legacy_aud: bool,
    /// Clock skew tolerated when judging exp, nbf and iat [default: 30s]
    #[arg(long, value_name = "DURATION")]
    pub skew: Option<String>,
    /// The longest assertion lifetime accepted, exp minus iat [default: 1h]
    #[arg(long, value_name = "DURATION")]
    pub max_lifetime: Option<String>,
    /// Run the server's clock this far ahead (e.g. 2h) or behind (e.g. -5m)
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub clock_offset: Option<String>,
    /// Stop after answering N requests (requests in flight are answered first; exit 0)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_requests: Option<u64>,
    /// Connections served at once; more get 503 and are closed [default: 256]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub max_connections: Option<u32>,
    /// The longest wait for a request's head (request line and headers), also the
    /// keep-alive idle time; the connection is then closed [default: 10s]
    #[arg(long, value_name = "DURATION")]
    pub header_timeout: Option<String>,
    /// The longest wait for a request's body; then 408 [default: 10s]
    #[arg(long, value_name = "DURATION")]
    pub body_timeout: Option<String>,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
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
    #[command(flatten)]
    pub http: HttpArgs,
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
    /// Threads that find and lint tokens in large inputs (blocks of a file, several files);
    /// output stays in input order. 1 reads and lints on one thread [default: the cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// List every rule (code, severity, summary, spec) and exit
    #[arg(long, conflicts_with = "list_profiles")]
    pub list_rules: bool,
    /// List every profile with its sources and exit
    #[arg(long)]
    pub list_profiles: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
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
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR; a page that
    /// differs from what jwtgrant would write is left alone (and nothing written) unless --force
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// With --dir: replace pages that differ (edited, or from another version)
    #[arg(long, requires = "dir")]
    pub force: bool,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// What to measure
    #[arg(value_name = "WHAT", value_parser = ["decode", "inspect", "sign", "verify"])]
    pub what: String,
    /// sign/verify: the algorithm
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,
    /// sign/verify: the key file (the public half verifies)
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// sign/verify: a shared-secret file for HS*
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
    /// How many iterations
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub iterations: u64,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Parse the command line. The clap `Command` tree is deliberately leaked: it is needed
/// until the process exits anyway, and freeing it cost about a tenth of a `decode` run.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let command = Box::leak(Box::new(Cli::command()));
    let matches = command.try_get_matches_from_mut(std::env::args_os())?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(command));
    std::mem::forget(matches);
    cli
}

impl Cli {
    /// The global options, from before and after the subcommand name.
    pub fn global(&self) -> GlobalArgs {
        let sub = match &self.command {
            Command::Decode(a) => &a.global,
            Command::Inspect(a) => &a.global,
            Command::Lint(a) => &a.global,
            Command::Sign(a) => &a.global,
            Command::Verify(a) => &a.global,
            Command::Key(k) => {
                let leaf = match &k.command {
                    KeyCommand::New(a) => &a.global,
                    KeyCommand::Jwks(a) => &a.global,
                    KeyCommand::Thumbprint(a) => &a.global,
                };
                return self.global.merge(&k.global).merge(leaf);
            }
            Command::Replay(a) => &a.global,
            Command::Explain(a) => &a.global,
            Command::Triage(a) => &a.global,
            Command::Serve(a) => &a.global,
            Command::Demo(a) => &a.global,
            Command::Completions(a) => &a.global,
            Command::Man(a) => &a.global,
            Command::Bench(a) => &a.global,
        };
        self.global.merge(sub)
    }

    pub fn output_settings(&self) -> Settings {
        let global = self.global();
        let json = match &self.command {
            Command::Decode(a) => a.json,
            Command::Inspect(a) => a.json,
            Command::Replay(a) => a.json,
            Command::Explain(a) => a.json,
            Command::Triage(a) => a.json,
            Command::Verify(a) => a.json,
            Command::Key(KeyArgs {
                command: KeyCommand::Thumbprint(a),
                ..
            }) => a.json,
            Command::Lint(a) => a.output_format() != LintFormat::Human,
            _ => false,
        };
        Settings {
            color: global.color,
            show_secrets: global.show_secrets,
            verbose: global.verbose,
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
    fn deferred_arguments_do_not_replace_a_subcommand_about() {
        // With `defer`, a doc comment on a flattened Args struct would overwrite the
        // subcommand's about text once its arguments are built.
        let before: Vec<(String, String)> = Cli::command()
            .get_subcommands()
            .map(|s| {
                (
                    s.get_name().to_string(),
                    s.get_about().map(|a| a.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        let mut built = Cli::command();
        built.build();
        for (name, about) in before {
            let after = built
                .find_subcommand(&name)
                .unwrap()
                .get_about()
                .map(|a| a.to_string());
            assert_eq!(
                after.unwrap_or_default(),
                about,
                "{name}: about changed by its arguments"
            );
        }
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
