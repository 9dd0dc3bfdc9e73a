
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'jwtgrant' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'jwtgrant'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'jwtgrant' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header, claims, times and signature summary')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check many assertions at once, for people and CI: every reason a server would reject them')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Make and sign an assertion: a JWT bearer grant or a client assertion')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature (key file, secret, JWKS or issuer) and every claim check')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send an assertion to a token endpoint and explain the answer')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a token endpoint''s error (AADSTS code, JSON body, log line) offline')
            [CompletionResult]::new('triage', 'triage', [CompletionResultType]::ParameterValue, 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a local token endpoint, replay built-in assertions, show each diagnosis')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;decode' {
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema in docs/json.md)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;inspect' {
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile to judge by [default: the token''s own (typ oauth-id-jag+jwt: id-jag, at+jwt: rfc9068, an ID token: oidc-id-token), else rfc7523]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema in docs/json.md)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;lint' {
            [CompletionResult]::new('--scan', '--scan', [CompletionResultType]::ParameterName, 'Find every JWT anywhere in a log or text file, with its line number (''-'' for stdin; repeat for several files)')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Which flow the token is for; guessed (and the guess printed) when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client assertions: must equal iss and sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'An acceptable aud value (repeat for several)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'The iss claim the token must carry (e.g. the trusted issuer of a grant)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The sub claim the token must carry')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the authentication request sent; the token must carry it back')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The authorization server''s issuer identifier (RFC 8414 issuer)')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'The token endpoint URL the assertion is sent to')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (e.g. 10s, 1m)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the CA certificates in this PEM file (private CAs, test servers)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human (grouped by token, then a summary), json (one document), sarif (SARIF 2.1.0), github (workflow-command annotations)')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Make warnings fail the run (exit 1) too')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Threads that find and lint tokens in large inputs (blocks of a file, several files); output stays in input order. 1 reads and lints on one thread [default: the cores]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http to hosts other than loopback')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Same as --format json')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary (totals and counts per code), not each token')
            [CompletionResult]::new('--list-rules', '--list-rules', [CompletionResultType]::ParameterName, 'List every rule (code, severity, summary, spec) and exit')
            [CompletionResult]::new('--list-profiles', '--list-profiles', [CompletionResultType]::ParameterName, 'List every profile with its sources and exit')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;sign' {
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'client: client authentication (iss = sub = --client-id); grant: JWT bearer grant (--iss, --sub). Default: client when --client-id is given, else grant')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client flow: becomes iss and sub)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'Issuer claim (grant flow: who vouches for the subject)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'Subject claim (grant flow: the user or service the token is for)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'Audience: the authorization server''s issuer or token endpoint (repeat for several)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'The resource claim: the resource server''s URI (RFC 8707; repeat for an array)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope claim: space-separated scopes (repeat to add more)')
            [CompletionResult]::new('--exp', '--exp', [CompletionResultType]::ParameterName, 'Lifetime: exp = now + this (s, m, h; e.g. 90s, 5m, 1h)')
            [CompletionResult]::new('--typ', '--typ', [CompletionResultType]::ParameterName, 'The typ header, e.g. client-authentication+jwt (RFC 10070) or JWT')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'Add or override a claim: k=v, v parsed as JSON when it is JSON, else a string; k=null removes a computed claim (repeatable)')
            [CompletionResult]::new('--claims-file', '--claims-file', [CompletionResultType]::ParameterName, 'Claims from a JSON object file, ''-'' for stdin (computed claims < this file < --claim)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header parameter: k=v, v parsed like --claim (repeatable)')
            [CompletionResult]::new('--x5c', '--x5c', [CompletionResultType]::ParameterName, 'Put the certificate chain in CERT (PEM, leaf first, or DER) into the x5c header; the leaf must hold the signing key')
            [CompletionResult]::new('--x5t', '--x5t', [CompletionResultType]::ParameterName, 'Put the certificate''s thumbprints into the header: x5t (SHA-1, what Entra ID looks keys up by) and x5t#S256 (SHA-256); the certificate must hold the signing key')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Signing algorithm; default: the key''s own (RS256, ES256/384/512 by curve, EdDSA, HS256 for secrets)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile to lint the new token against: rfc7523, rfc10070, oidc, fapi2, or a vendor; id-jag makes an ID-JAG (typ oauth-id-jag+jwt; needs --iss, --sub, one --aud and --client-id) [default: google for a Google service-account key, else rfc7523]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; ''-'' reads stdin')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; ''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Shared secret from this environment variable')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id for the header, and the key to use in a JWKS; default: the JWK''s kid, else the RFC 7638 thumbprint (none for secrets)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--no-nbf', '--no-nbf', [CompletionResultType]::ParameterName, 'Leave out nbf (it defaults to now)')
            [CompletionResult]::new('--no-kid', '--no-kid', [CompletionResultType]::ParameterName, 'No kid header')
            [CompletionResult]::new('--form', '--form', [CompletionResultType]::ParameterName, 'Print the urlencoded token request body instead of the bare token')
            [CompletionResult]::new('--allow-weak-key', '--allow-weak-key', [CompletionResultType]::ParameterName, 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;verify' {
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Which flow the token is for; guessed (and the guess printed) when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client assertions: must equal iss and sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'An acceptable aud value (repeat for several)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'The iss claim the token must carry (e.g. the trusted issuer of a grant)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The sub claim the token must carry')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the authentication request sent; the token must carry it back')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A key file: PEM, DER, JWK or JWKS (''-'' reads stdin); a private key is used through its public half (repeat to trust several)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Shared secret for HS256/384/512 from a file (''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key the token''s kid names; a private or public key file is refused')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Shared secret from this environment variable')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'The signer''s public keys as a JWKS file or URL')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The signer''s issuer: its metadata (RFC 8414, then OIDC discovery) gives jwks_uri')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'The signer''s metadata document (URL or file); its jwks_uri holds the keys')
            [CompletionResult]::new('--jwks-from-issuer', '--jwks-from-issuer', [CompletionResultType]::ParameterName, 'The token is an ID token from this OpenID provider: keys from its discovery document''s jwks_uri (as --issuer), and judged by the oidc-id-token rules (iss = ISSUER, aud holds --client-id, azp, --nonce) unless --profile says otherwise')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (e.g. 10s, 1m)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the CA certificates in this PEM file (private CAs, test servers)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--allow-weak-key', '--allow-weak-key', [CompletionResultType]::ParameterName, 'Accept a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http to hosts other than loopback')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document: inspect''s schema plus "verification"')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;key' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public JWKS of key files (never private members)')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;key;new' {
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'The algorithm the key is for, written as the JWKS "alg": RS256…PS512, ES256, ES384, ES512, EdDSA or Ed25519 (one Ed25519 key; EdDSA is the name more libraries read)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Directory for the files (created when missing)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'File name stem: NAME.pem and NAME.jwks.json (default: the alg in lower case)')
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA modulus size')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;key;jwks' {
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'kid for the key (one key only); default: its own kid, else the RFC 7638 thumbprint')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Add "alg" to every key (the server then accepts only that algorithm from it)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;key;thumbprint' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: kid, thumbprint, key type; for a certificate also x5t, x5t#S256 and x5t_hex')
            [CompletionResult]::new('--x5t', '--x5t', [CompletionResultType]::ParameterName, 'Print a certificate''s SHA-1 thumbprint in upper-case hex without colons, as Entra ID''s portal shows it (the base64url x5t header is the same digest)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;key;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public JWKS of key files (never private members)')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;key;help;new' {
            break
        }
        'jwtgrant;key;help;jwks' {
            break
        }
        'jwtgrant;key;help;thumbprint' {
            break
        }
        'jwtgrant;key;help;help' {
            break
        }
        'jwtgrant;replay' {
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The authorization server''s issuer identifier (RFC 8414 issuer)')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'The token endpoint URL the assertion is sent to')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Which flow the token is for; guessed (and the guess printed) when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client assertions: must equal iss and sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'An acceptable aud value (repeat for several)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'The iss claim the token must carry (e.g. the trusted issuer of a grant)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The sub claim the token must carry')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the authentication request sent; the token must carry it back')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to request')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'A resource indicator (RFC 8707); repeat for several')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'An extra form field (repeat); replaces a field of the same name')
            [CompletionResult]::new('--secret-param', '--secret-param', [CompletionResultType]::ParameterName, 'An extra form field whose value is a secret, read from FILE (one trailing newline is ignored); like --param, but never shown, and redacted wherever the server echoes it (repeat)')
            [CompletionResult]::new('--secret-param-env', '--secret-param-env', [CompletionResultType]::ParameterName, 'The same, with the value from the environment variable VAR (repeat)')
            [CompletionResult]::new('--grant-type', '--grant-type', [CompletionResultType]::ParameterName, 'The grant_type sent with a client assertion (client flow) [default: client_credentials, or the one in --from''s request]')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Send the token request in FILE again as it was: a HAR, a curl -v / --trace-ascii transcript, HTTP messages or a curl command (''-'' reads stdin). Its URL, assertion, grant_type, scope, client_id, resource and other fields are used; flags given here override them. Secrets in the file are never reused')
            [CompletionResult]::new('--call', '--call', [CompletionResultType]::ParameterName, 'With --from: which token call in FILE, numbered from 1 as `triage` lists them [default: the only one]')
            [CompletionResult]::new('--client-assertion', '--client-assertion', [CompletionResultType]::ParameterName, 'Grant flow: authenticate the client with this client assertion (TOKEN or @FILE)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Grant flow: authenticate the client with the secret in this file')
            [CompletionResult]::new('--client-secret-env', '--client-secret-env', [CompletionResultType]::ParameterName, 'Grant flow: authenticate the client with the secret in this environment variable')
            [CompletionResult]::new('--client-auth', '--client-auth', [CompletionResultType]::ParameterName, 'How the client secret is sent')
            [CompletionResult]::new('--jwks', '--jwks', [CompletionResultType]::ParameterName, 'The keys the server has registered for the assertion''s signer: a JWKS file or URL, or a PEM/DER public key, certificate or JWK file; kid, alg and signature are checked against them')
            [CompletionResult]::new('--jwks-from-issuer', '--jwks-from-issuer', [CompletionResultType]::ParameterName, 'The grant is an ID token from this OpenID provider: its signature is checked with the keys at the provider''s jwks_uri (discovery), and it is judged by the oidc-id-token rules (iss = ISSUER, aud holds the client, --nonce)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up on a request after this long (e.g. 10s, 1m)')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Also trust the CA certificates in this PEM file (private CAs, test servers)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; ''-'' reads stdin')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; ''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Shared secret from this environment variable')
            [CompletionResult]::new('--kid', '--kid', [CompletionResultType]::ParameterName, 'Key id for the header, and the key to use in a JWKS; default: the JWK''s kid, else the RFC 7638 thumbprint (none for secrets)')
            [CompletionResult]::new('--subject-token', '--subject-token', [CompletionResultType]::ParameterName, 'The subject_token (TOKEN or @FILE), instead of the TOKEN argument')
            [CompletionResult]::new('--subject-token-type', '--subject-token-type', [CompletionResultType]::ParameterName, 'subject_token_type: a URI, or id_token, id-jag, access_token, refresh_token, jwt, saml2')
            [CompletionResult]::new('--requested-token-type', '--requested-token-type', [CompletionResultType]::ParameterName, 'requested_token_type: a URI or a short name as --subject-token-type')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'audience: for an ID-JAG, the resource authorization server''s issuer (repeat)')
            [CompletionResult]::new('--then-grant', '--then-grant', [CompletionResultType]::ParameterName, 'Then present the issued token as a jwt-bearer grant (RFC 7523 §2.1) at this token endpoint, or at the one this issuer''s metadata names')
            [CompletionResult]::new('--grant-client-id', '--grant-client-id', [CompletionResultType]::ParameterName, 'The client_id at the second hop [default: the issued token''s client_id claim]')
            [CompletionResult]::new('--grant-key', '--grant-key', [CompletionResultType]::ParameterName, 'Second hop: authenticate with a fresh client assertion signed with this private key (private_key_jwt; aud = the resource authorization server''s issuer)')
            [CompletionResult]::new('--grant-client-assertion', '--grant-client-assertion', [CompletionResultType]::ParameterName, 'Second hop: authenticate with this client assertion (TOKEN or @FILE)')
            [CompletionResult]::new('--grant-client-secret-file', '--grant-client-secret-file', [CompletionResultType]::ParameterName, 'Second hop: authenticate with the client secret in this file (sent as --client-auth says)')
            [CompletionResult]::new('--grant-client-secret-env', '--grant-client-secret-env', [CompletionResultType]::ParameterName, 'Second hop: the same, from this environment variable')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--allow-http', '--allow-http', [CompletionResultType]::ParameterName, 'Allow plain http to hosts other than loopback')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the request and an equivalent curl command; send nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (request, response, accepted, server_clock, diagnosis)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Resend an assertion jwtgrant already sent without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Resend an assertion jwtgrant already sent without asking')
            [CompletionResult]::new('--no-history', '--no-history', [CompletionResultType]::ParameterName, 'Do not read or write the history of sent assertions')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Send a fresh copy of the assertion instead of the one given, signed with --key (or --secret-file / --secret-env for HS256/384/512): new random jti, iat = now, exp = now + its original lifetime (default 5m), nbf = now if it had one; every other claim and header member kept, kid from the key unless it had one. This is how to replay a captured single-use assertion without reusing it')
            [CompletionResult]::new('--allow-weak-key', '--allow-weak-key', [CompletionResultType]::ParameterName, 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)')
            [CompletionResult]::new('--token-exchange', '--token-exchange', [CompletionResultType]::ParameterName, 'Send an RFC 8693 token exchange instead of an RFC 7523 request: the token (TOKEN or --subject-token) is the subject_token; client authentication as for a grant')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;explain' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The authorization server''s issuer identifier (RFC 8414 issuer)')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'The token endpoint URL the assertion is sent to')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Which flow the token is for; guessed (and the guess printed) when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client assertions: must equal iss and sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'An acceptable aud value (repeat for several)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'The iss claim the token must carry (e.g. the trusted issuer of a grant)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The sub claim the token must carry')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the authentication request sent; the token must carry it back')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;triage' {
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The authorization server''s issuer identifier (RFC 8414 issuer)')
            [CompletionResult]::new('--token-endpoint', '--token-endpoint', [CompletionResultType]::ParameterName, 'The token endpoint URL the assertion is sent to')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here')
            [CompletionResult]::new('--flow', '--flow', [CompletionResultType]::ParameterName, 'Which flow the token is for; guessed (and the guess printed) when absent')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The OAuth client_id (client assertions: must equal iss and sub)')
            [CompletionResult]::new('--aud', '--aud', [CompletionResultType]::ParameterName, 'An acceptable aud value (repeat for several)')
            [CompletionResult]::new('--iss', '--iss', [CompletionResultType]::ParameterName, 'The iss claim the token must carry (e.g. the trusted issuer of a grant)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The sub claim the token must carry')
            [CompletionResult]::new('--nonce', '--nonce', [CompletionResultType]::ParameterName, 'ID tokens: the nonce the authentication request sent; the token must carry it back')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Write a redacted evidence bundle for the ticket (JSON: server metadata, each assertion''s header and claims, the keys, the answers, the diagnosis; nothing reusable)')
            [CompletionResult]::new('--redact-har', '--redact-har', [CompletionResultType]::ParameterName, 'Write the input HAR with signatures, secrets, cookies, Authorization values and issued tokens replaced: still a HAR 1.2 file that browsers import')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (the exchanges, their diagnoses and a summary)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing --bundle or --redact-har file')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;serve' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port on 127.0.0.1 (0 picks a free one)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'A JSON configuration: issuer, clients, trusted grant issuers (schema in docs/guide/local-server.md; an unknown or misspelled key is an error)')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'The issuer identifier (default: http://127.0.0.1:PORT)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Register a private_key_jwt client with its public keys: a JWKS, or a PEM/DER public key, certificate or JWK file (repeat)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'Register a client_secret_jwt / client_secret_basic / client_secret_post client (repeat)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Accept jwt-bearer grants signed by this issuer''s keys (any key file, as --client) (repeat)')
            [CompletionResult]::new('--trust-id-jag', '--trust-id-jag', [CompletionResultType]::ParameterName, 'Accept only ID-JAGs (typ oauth-id-jag+jwt, client_id bound to the authenticated client, aud = this issuer) signed by this IdP''s keys (repeat)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'A resource this server protects (RFC 8707): an ID-JAG''s resource must be one of them (repeat; none: any)')
            [CompletionResult]::new('--id-jag-key', '--id-jag-key', [CompletionResultType]::ParameterName, 'The private key that signs ID-JAGs [default: an ES256 key generated at start-up]')
            [CompletionResult]::new('--id-jag-audience', '--id-jag-audience', [CompletionResultType]::ParameterName, 'A resource authorization server (its issuer) this IdP issues ID-JAGs for: the token exchange''s audience must be one of them (repeat)')
            [CompletionResult]::new('--id-jag-lifetime', '--id-jag-lifetime', [CompletionResultType]::ParameterName, 'The lifetime of each ID-JAG [default: 5m]')
            [CompletionResult]::new('--refusal', '--refusal', [CompletionResultType]::ParameterName, 'How a refused request is answered: the wire conventions real servers use, to test a client''s error handling against each (the log always has the reason)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew tolerated when judging exp, nbf and iat [default: 30s]')
            [CompletionResult]::new('--max-lifetime', '--max-lifetime', [CompletionResultType]::ParameterName, 'The longest assertion lifetime accepted, exp minus iat [default: 1h]')
            [CompletionResult]::new('--clock-offset', '--clock-offset', [CompletionResultType]::ParameterName, 'Run the server''s clock this far ahead (e.g. 2h) or behind (e.g. -5m)')
            [CompletionResult]::new('--max-requests', '--max-requests', [CompletionResultType]::ParameterName, 'Stop after answering N requests (requests in flight are answered first; exit 0)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; more get 503 and are closed [default: 256]')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'The longest wait for a request''s head (request line and headers), also the keep-alive idle time; the connection is then closed [default: 10s]')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'The longest wait for a request''s body; then 408 [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--id-jag-issuer', '--id-jag-issuer', [CompletionResultType]::ParameterName, 'Act as an IdP too: answer RFC 8693 token exchange of ID tokens from a --trust''ed issuer with ID-JAGs signed by --id-jag-key (published at /jwks)')
            [CompletionResult]::new('--opaque', '--opaque', [CompletionResultType]::ParameterName, 'Answer errors without error_description, like servers that hide the reason (the same as --refusal opaque)')
            [CompletionResult]::new('--legacy-aud', '--legacy-aud', [CompletionResultType]::ParameterName, 'Also accept the token endpoint URL as a client assertion''s aud (pre-RFC 10070)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;demo' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR; a page that differs from what jwtgrant would write is left alone (and nothing written) unless --force')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --dir: replace pages that differ (edited, or from another version)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;help' {
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Show a JWT''s header, claims, times and signature summary')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check many assertions at once, for people and CI: every reason a server would reject them')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Make and sign an assertion: a JWT bearer grant or a client assertion')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a token''s signature (key file, secret, JWKS or issuer) and every claim check')
            [CompletionResult]::new('key', 'key', [CompletionResultType]::ParameterValue, 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send an assertion to a token endpoint and explain the answer')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a token endpoint''s error (AADSTS code, JSON body, log line) offline')
            [CompletionResult]::new('triage', 'triage', [CompletionResultType]::ParameterValue, 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Start a local token endpoint, replay built-in assertions, show each diagnosis')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;help;decode' {
            break
        }
        'jwtgrant;help;inspect' {
            break
        }
        'jwtgrant;help;lint' {
            break
        }
        'jwtgrant;help;sign' {
            break
        }
        'jwtgrant;help;verify' {
            break
        }
        'jwtgrant;help;key' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public JWKS of key files (never private members)')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;help;key;new' {
            break
        }
        'jwtgrant;help;key;jwks' {
            break
        }
        'jwtgrant;help;key;thumbprint' {
            break
        }
        'jwtgrant;help;key;help' {
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS')
            [CompletionResult]::new('jwks', 'jwks', [CompletionResultType]::ParameterValue, 'Print the public JWKS of key files (never private members)')
            [CompletionResult]::new('thumbprint', 'thumbprint', [CompletionResultType]::ParameterValue, 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;help;key;help;new' {
            break
        }
        'jwtgrant;help;key;help;jwks' {
            break
        }
        'jwtgrant;help;key;help;thumbprint' {
            break
        }
        'jwtgrant;help;key;help;help' {
            break
        }
        'jwtgrant;help;replay' {
            break
        }
        'jwtgrant;help;explain' {
            break
        }
        'jwtgrant;help;triage' {
            break
        }
        'jwtgrant;help;serve' {
            break
        }
        'jwtgrant;help;demo' {
            break
        }
        'jwtgrant;help;completions' {
            break
        }
        'jwtgrant;help;man' {
            break
        }
        'jwtgrant;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
