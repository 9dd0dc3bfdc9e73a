# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_jwtgrant_global_optspecs
    string join \n color= show-secrets v/verbose h/help V/version
end

function __fish_jwtgrant_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_jwtgrant_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_jwtgrant_using_subcommand
    set -l cmd (__fish_jwtgrant_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "decode" -d 'Show a JWT\'s header, claims, times and signature summary'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "inspect" -d 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "lint" -d 'Check many assertions at once, for people and CI: every reason a server would reject them'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "sign" -d 'Make and sign an assertion: a JWT bearer grant or a client assertion'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "verify" -d 'Check a token\'s signature (key file, secret, JWKS or issuer) and every claim check'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "key" -d 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "replay" -d 'Send an assertion to a token endpoint and explain the answer'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "explain" -d 'Explain a token endpoint\'s error (AADSTS code, JSON body, log line) offline'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "triage" -d 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "serve" -d 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "demo" -d 'Start a local token endpoint, replay built-in assertions, show each diagnosis'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "man" -d 'Print the man page, or write one page per subcommand into a directory'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l json -d 'Print one JSON document (schema in docs/json.md)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l profile -d 'Rule profile to judge by [default: the token\'s own (typ oauth-id-jag+jwt: id-jag, at+jwt: rfc9068, an ID token: oidc-id-token), else rfc7523]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l json -d 'Print one JSON document (schema in docs/json.md)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l scan -d 'Find every JWT anywhere in a log or text file, with its line number (\'-\' for stdin; repeat for several files)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l flow -d 'Which flow the token is for; guessed (and the guess printed) when absent' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l profile -d 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token\'s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token\'s own when its typ (or an ID token\'s claims) names one, else rfc7523; replay and explain use the vendor\'s when the token endpoint or error names one]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l client-id -d 'The OAuth client_id (client assertions: must equal iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l aud -d 'An acceptable aud value (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l iss -d 'The iss claim the token must carry (e.g. the trusted issuer of a grant)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l sub -d 'The sub claim the token must carry' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l nonce -d 'ID tokens: the nonce the authentication request sent; the token must carry it back' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l alg -d 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l max-lifetime -d 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l issuer -d 'The authorization server\'s issuer identifier (RFC 8414 issuer)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l token-endpoint -d 'The token endpoint URL the assertion is sent to' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l metadata -d 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l timeout -d 'Give up on a request after this long (e.g. 10s, 1m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l cacert -d 'Also trust the CA certificates in this PEM file (private CAs, test servers)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l format -d 'Output format: human (grouped by token, then a summary), json (one document), sarif (SARIF 2.1.0), github (workflow-command annotations)' -r -f -a "human\t''
json\t''
sarif\t''
github\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l deny -d 'Make warnings fail the run (exit 1) too' -r -f -a "warnings\t'Warnings fail the run like errors'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l threads -d 'Threads that find and lint tokens in large inputs (blocks of a file, several files); output stays in input order. 1 reads and lints on one thread [default: the cores]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l allow-http -d 'Allow plain http to hosts other than loopback'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l json -d 'Same as --format json'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l summary -d 'Print only the summary (totals and counts per code), not each token'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l list-rules -d 'List every rule (code, severity, summary, spec) and exit'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l list-profiles -d 'List every profile with its sources and exit'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand lint" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l flow -d 'client: client authentication (iss = sub = --client-id); grant: JWT bearer grant (--iss, --sub). Default: client when --client-id is given, else grant' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l client-id -d 'The OAuth client_id (client flow: becomes iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l iss -d 'Issuer claim (grant flow: who vouches for the subject)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l sub -d 'Subject claim (grant flow: the user or service the token is for)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l aud -d 'Audience: the authorization server\'s issuer or token endpoint (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l resource -d 'The resource claim: the resource server\'s URI (RFC 8707; repeat for an array)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l scope -d 'The scope claim: space-separated scopes (repeat to add more)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l exp -d 'Lifetime: exp = now + this (s, m, h; e.g. 90s, 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l typ -d 'The typ header, e.g. client-authentication+jwt (RFC 10070) or JWT' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l claim -d 'Add or override a claim: k=v, v parsed as JSON when it is JSON, else a string; k=null removes a computed claim (repeatable)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l claims-file -d 'Claims from a JSON object file, \'-\' for stdin (computed claims < this file < --claim)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l header -d 'Add a header parameter: k=v, v parsed like --claim (repeatable)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l x5c -d 'Put the certificate chain in CERT (PEM, leaf first, or DER) into the x5c header; the leaf must hold the signing key' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l x5t -d 'Put the certificate\'s thumbprints into the header: x5t (SHA-1, what Entra ID looks keys up by) and x5t#S256 (SHA-256); the certificate must hold the signing key' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l alg -d 'Signing algorithm; default: the key\'s own (RS256, ES256/384/512 by curve, EdDSA, HS256 for secrets)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l profile -d 'Rule profile to lint the new token against: rfc7523, rfc10070, oidc, fapi2, or a vendor; id-jag makes an ID-JAG (typ oauth-id-jag+jwt; needs --iss, --sub, one --aud and --client-id) [default: google for a Google service-account key, else rfc7523]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l key -d 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; \'-\' reads stdin' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l secret-file -d 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; \'-\' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l secret-env -d 'Shared secret from this environment variable' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l kid -d 'Key id for the header, and the key to use in a JWKS; default: the JWK\'s kid, else the RFC 7638 thumbprint (none for secrets)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l no-nbf -d 'Leave out nbf (it defaults to now)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l no-kid -d 'No kid header'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l form -d 'Print the urlencoded token request body instead of the bare token'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l allow-weak-key -d 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand sign" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l flow -d 'Which flow the token is for; guessed (and the guess printed) when absent' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l profile -d 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token\'s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token\'s own when its typ (or an ID token\'s claims) names one, else rfc7523; replay and explain use the vendor\'s when the token endpoint or error names one]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l client-id -d 'The OAuth client_id (client assertions: must equal iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l aud -d 'An acceptable aud value (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l iss -d 'The iss claim the token must carry (e.g. the trusted issuer of a grant)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l sub -d 'The sub claim the token must carry' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l nonce -d 'ID tokens: the nonce the authentication request sent; the token must carry it back' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l alg -d 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l max-lifetime -d 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l key -d 'A key file: PEM, DER, JWK or JWKS (\'-\' reads stdin); a private key is used through its public half (repeat to trust several)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l secret-file -d 'Shared secret for HS256/384/512 from a file (\'-\' reads stdin); an oct JWK gives its "k", a JWKS the oct key the token\'s kid names; a private or public key file is refused' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l secret-env -d 'Shared secret from this environment variable' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l jwks -d 'The signer\'s public keys as a JWKS file or URL' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l issuer -d 'The signer\'s issuer: its metadata (RFC 8414, then OIDC discovery) gives jwks_uri' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l metadata -d 'The signer\'s metadata document (URL or file); its jwks_uri holds the keys' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l jwks-from-issuer -d 'The token is an ID token from this OpenID provider: keys from its discovery document\'s jwks_uri (as --issuer), and judged by the oidc-id-token rules (iss = ISSUER, aud holds --client-id, azp, --nonce) unless --profile says otherwise' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l timeout -d 'Give up on a request after this long (e.g. 10s, 1m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l cacert -d 'Also trust the CA certificates in this PEM file (private CAs, test servers)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l allow-weak-key -d 'Accept a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l allow-http -d 'Allow plain http to hosts other than loopback'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l json -d 'Print one JSON document: inspect\'s schema plus "verification"'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand verify" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -f -a "new" -d 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -f -a "jwks" -d 'Print the public JWKS of key files (never private members)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -f -a "thumbprint" -d 'Print a key\'s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and not __fish_seen_subcommand_from new jwks thumbprint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l alg -d 'The algorithm the key is for, written as the JWKS "alg": RS256…PS512, ES256, ES384, ES512, EdDSA or Ed25519 (one Ed25519 key; EdDSA is the name more libraries read)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l out -d 'Directory for the files (created when missing)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l name -d 'File name stem: NAME.pem and NAME.jwks.json (default: the alg in lower case)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l bits -d 'RSA modulus size' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -l kid -d 'kid for the key (one key only); default: its own kid, else the RFC 7638 thumbprint' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -l alg -d 'Add "alg" to every key (the server then accepts only that algorithm from it)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from jwks" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l json -d 'Print JSON: kid, thumbprint, key type; for a certificate also x5t, x5t#S256 and x5t_hex'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l x5t -d 'Print a certificate\'s SHA-1 thumbprint in upper-case hex without colons, as Entra ID\'s portal shows it (the base64url x5t header is the same digest)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from thumbprint" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "new" -d 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "jwks" -d 'Print the public JWKS of key files (never private members)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "thumbprint" -d 'Print a key\'s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l issuer -d 'The authorization server\'s issuer identifier (RFC 8414 issuer)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l token-endpoint -d 'The token endpoint URL the assertion is sent to' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l metadata -d 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l flow -d 'Which flow the token is for; guessed (and the guess printed) when absent' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l profile -d 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token\'s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token\'s own when its typ (or an ID token\'s claims) names one, else rfc7523; replay and explain use the vendor\'s when the token endpoint or error names one]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l client-id -d 'The OAuth client_id (client assertions: must equal iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l aud -d 'An acceptable aud value (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l iss -d 'The iss claim the token must carry (e.g. the trusted issuer of a grant)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l sub -d 'The sub claim the token must carry' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l nonce -d 'ID tokens: the nonce the authentication request sent; the token must carry it back' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l alg -d 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l max-lifetime -d 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l scope -d 'The scope to request' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l resource -d 'A resource indicator (RFC 8707); repeat for several' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l param -d 'An extra form field (repeat); replaces a field of the same name' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l secret-param -d 'An extra form field whose value is a secret, read from FILE (one trailing newline is ignored); like --param, but never shown, and redacted wherever the server echoes it (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l secret-param-env -d 'The same, with the value from the environment variable VAR (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-type -d 'The grant_type sent with a client assertion (client flow) [default: client_credentials, or the one in --from\'s request]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l from -d 'Send the token request in FILE again as it was: a HAR, a curl -v / --trace-ascii transcript, HTTP messages or a curl command (\'-\' reads stdin). Its URL, assertion, grant_type, scope, client_id, resource and other fields are used; flags given here override them. Secrets in the file are never reused' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l call -d 'With --from: which token call in FILE, numbered from 1 as `triage` lists them [default: the only one]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l client-assertion -d 'Grant flow: authenticate the client with this client assertion (TOKEN or @FILE)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l client-secret-file -d 'Grant flow: authenticate the client with the secret in this file' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l client-secret-env -d 'Grant flow: authenticate the client with the secret in this environment variable' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l client-auth -d 'How the client secret is sent' -r -f -a "basic\t'Authorization: Basic (client_secret_basic)'
post\t'client_id and client_secret form fields (client_secret_post)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l jwks -d 'The keys the server has registered for the assertion\'s signer: a JWKS file or URL, or a PEM/DER public key, certificate or JWK file; kid, alg and signature are checked against them' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l jwks-from-issuer -d 'The grant is an ID token from this OpenID provider: its signature is checked with the keys at the provider\'s jwks_uri (discovery), and it is judged by the oidc-id-token rules (iss = ISSUER, aud holds the client, --nonce)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l timeout -d 'Give up on a request after this long (e.g. 10s, 1m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l cacert -d 'Also trust the CA certificates in this PEM file (private CAs, test servers)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l key -d 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; \'-\' reads stdin' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l secret-file -d 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; \'-\' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l secret-env -d 'Shared secret from this environment variable' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l kid -d 'Key id for the header, and the key to use in a JWKS; default: the JWK\'s kid, else the RFC 7638 thumbprint (none for secrets)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l subject-token -d 'The subject_token (TOKEN or @FILE), instead of the TOKEN argument' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l subject-token-type -d 'subject_token_type: a URI, or id_token, id-jag, access_token, refresh_token, jwt, saml2' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l requested-token-type -d 'requested_token_type: a URI or a short name as --subject-token-type' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l audience -d 'audience: for an ID-JAG, the resource authorization server\'s issuer (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l then-grant -d 'Then present the issued token as a jwt-bearer grant (RFC 7523 §2.1) at this token endpoint, or at the one this issuer\'s metadata names' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-client-id -d 'The client_id at the second hop [default: the issued token\'s client_id claim]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-key -d 'Second hop: authenticate with a fresh client assertion signed with this private key (private_key_jwt; aud = the resource authorization server\'s issuer)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-client-assertion -d 'Second hop: authenticate with this client assertion (TOKEN or @FILE)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-client-secret-file -d 'Second hop: authenticate with the client secret in this file (sent as --client-auth says)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l grant-client-secret-env -d 'Second hop: the same, from this environment variable' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l allow-http -d 'Allow plain http to hosts other than loopback'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l dry-run -d 'Print the request and an equivalent curl command; send nothing'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l json -d 'Print one JSON document (request, response, accepted, server_clock, diagnosis)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -s y -l yes -d 'Resend an assertion jwtgrant already sent without asking'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l no-history -d 'Do not read or write the history of sent assertions'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l resign -d 'Send a fresh copy of the assertion instead of the one given, signed with --key (or --secret-file / --secret-env for HS256/384/512): new random jti, iat = now, exp = now + its original lifetime (default 5m), nbf = now if it had one; every other claim and header member kept, kid from the key unless it had one. This is how to replay a captured single-use assertion without reusing it'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l allow-weak-key -d 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l token-exchange -d 'Send an RFC 8693 token exchange instead of an RFC 7523 request: the token (TOKEN or --subject-token) is the subject_token; client authentication as for a grant'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand replay" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l issuer -d 'The authorization server\'s issuer identifier (RFC 8414 issuer)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l token-endpoint -d 'The token endpoint URL the assertion is sent to' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l metadata -d 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l flow -d 'Which flow the token is for; guessed (and the guess printed) when absent' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l profile -d 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token\'s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token\'s own when its typ (or an ID token\'s claims) names one, else rfc7523; replay and explain use the vendor\'s when the token endpoint or error names one]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l client-id -d 'The OAuth client_id (client assertions: must equal iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l aud -d 'An acceptable aud value (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l iss -d 'The iss claim the token must carry (e.g. the trusted issuer of a grant)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l sub -d 'The sub claim the token must carry' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l nonce -d 'ID tokens: the nonce the authentication request sent; the token must carry it back' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l alg -d 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l max-lifetime -d 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l json -d 'Print one JSON document'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand explain" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l issuer -d 'The authorization server\'s issuer identifier (RFC 8414 issuer)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l token-endpoint -d 'The token endpoint URL the assertion is sent to' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l metadata -d 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l flow -d 'Which flow the token is for; guessed (and the guess printed) when absent' -r -f -a "grant\t'JWT bearer authorization grant (assertion=)'
client\t'Client authentication (client_assertion=)'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l profile -d 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token\'s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token\'s own when its typ (or an ID token\'s claims) names one, else rfc7523; replay and explain use the vendor\'s when the token endpoint or error names one]' -r -f -a "rfc7523\t''
rfc10070\t''
oidc\t''
id-jag\t''
oidc-id-token\t''
rfc9068\t''
fapi2\t''
okta\t''
entra\t''
google\t''
salesforce\t''
keycloak\t''
auth0\t''
pingone\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l client-id -d 'The OAuth client_id (client assertions: must equal iss and sub)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l aud -d 'An acceptable aud value (repeat for several)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l iss -d 'The iss claim the token must carry (e.g. the trusted issuer of a grant)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l sub -d 'The sub claim the token must carry' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l nonce -d 'ID tokens: the nonce the authentication request sent; the token must carry it back' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l alg -d 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l max-lifetime -d 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (\'Tue, 25 Nov 2025 14:00:00 GMT\')' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l bundle -d 'Write a redacted evidence bundle for the ticket (JSON: server metadata, each assertion\'s header and claims, the keys, the answers, the diagnosis; nothing reusable)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l redact-har -d 'Write the input HAR with signatures, secrets, cookies, Authorization values and issued tokens replaced: still a HAR 1.2 file that browsers import' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l json -d 'Print one JSON document (the exchanges, their diagnoses and a summary)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l force -d 'Replace an existing --bundle or --redact-har file'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand triage" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l port -d 'The port on 127.0.0.1 (0 picks a free one)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l config -d 'A JSON configuration: issuer, clients, trusted grant issuers (schema in docs/guide/local-server.md; an unknown or misspelled key is an error)' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l issuer -d 'The issuer identifier (default: http://127.0.0.1:PORT)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l client -d 'Register a private_key_jwt client with its public keys: a JWKS, or a PEM/DER public key, certificate or JWK file (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l client-secret-file -d 'Register a client_secret_jwt / client_secret_basic / client_secret_post client (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l trust -d 'Accept jwt-bearer grants signed by this issuer\'s keys (any key file, as --client) (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l trust-id-jag -d 'Accept only ID-JAGs (typ oauth-id-jag+jwt, client_id bound to the authenticated client, aud = this issuer) signed by this IdP\'s keys (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l resource -d 'A resource this server protects (RFC 8707): an ID-JAG\'s resource must be one of them (repeat; none: any)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l id-jag-key -d 'The private key that signs ID-JAGs [default: an ES256 key generated at start-up]' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l id-jag-audience -d 'A resource authorization server (its issuer) this IdP issues ID-JAGs for: the token exchange\'s audience must be one of them (repeat)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l id-jag-lifetime -d 'The lifetime of each ID-JAG [default: 5m]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l refusal -d 'How a refused request is answered: the wire conventions real servers use, to test a client\'s error handling against each (the log always has the reason)' -r -f -a "described\t'the refusal\'s status and error, error_description with the reason and [finding.code] (default)'
opaque\t'the refusal\'s status and error, no description (Duende, Spring); also --opaque'
invalid-client\t'401 {"error":"invalid_client"} for every refusal'
authentication-failed\t'401 invalid_client "client authentication failed" (node oidc-provider)'
authorization-failed\t'400 invalid_request "Authorization failed"'
invalid-grant\t'400 {"error":"invalid_grant"}'
unauthorized-client\t'403 {"error":"unauthorized_client"}'
access-denied\t'400 {"error":"access_denied"}'
plain-text\t'400 text/plain "Bad Request"'
challenge\t'401 with an empty body and only WWW-Authenticate: Basic realm="jwtgrant serve"'
html-500\t'500 with an HTML error page'
server-error\t'500 {"error":"server_error"}'
error-200\t'200 with the refusal\'s {"error": …} body (a gateway\'s habit)'
problem\t'400 application/problem+json (RFC 9457) with a title and no OAuth error'"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l skew -d 'Clock skew tolerated when judging exp, nbf and iat [default: 30s]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l max-lifetime -d 'The longest assertion lifetime accepted, exp minus iat [default: 1h]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l clock-offset -d 'Run the server\'s clock this far ahead (e.g. 2h) or behind (e.g. -5m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l max-requests -d 'Stop after answering N requests (requests in flight are answered first; exit 0)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l max-connections -d 'Connections served at once; more get 503 and are closed [default: 256]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l header-timeout -d 'The longest wait for a request\'s head (request line and headers), also the keep-alive idle time; the connection is then closed [default: 10s]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l body-timeout -d 'The longest wait for a request\'s body; then 408 [default: 10s]' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l id-jag-issuer -d 'Act as an IdP too: answer RFC 8693 token exchange of ID tokens from a --trust\'ed issuer with ID-JAGs signed by --id-jag-key (published at /jwks)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l opaque -d 'Answer errors without error_description, like servers that hide the reason (the same as --refusal opaque)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l legacy-aud -d 'Also accept the token endpoint URL as a client assertion\'s aud (pre-RFC 10070)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand serve" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand demo" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand demo" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand demo" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand demo" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand demo" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l dir -d 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR; a page that differs from what jwtgrant would write is left alone (and nothing written) unless --force' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l force -d 'With --dir: replace pages that differ (edited, or from another version)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "decode" -d 'Show a JWT\'s header, claims, times and signature summary'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "inspect" -d 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "lint" -d 'Check many assertions at once, for people and CI: every reason a server would reject them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "sign" -d 'Make and sign an assertion: a JWT bearer grant or a client assertion'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "verify" -d 'Check a token\'s signature (key file, secret, JWKS or issuer) and every claim check'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "key" -d 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "replay" -d 'Send an assertion to a token endpoint and explain the answer'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "explain" -d 'Explain a token endpoint\'s error (AADSTS code, JSON body, log line) offline'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "triage" -d 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "serve" -d 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "demo" -d 'Start a local token endpoint, replay built-in assertions, show each diagnosis'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "man" -d 'Print the man page, or write one page per subcommand into a directory'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect lint sign verify key replay explain triage serve demo completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "new" -d 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "jwks" -d 'Print the public JWKS of key files (never private members)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "thumbprint" -d 'Print a key\'s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
