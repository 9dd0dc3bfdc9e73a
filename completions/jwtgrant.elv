
use builtin;
use str;

set edit:completion:arg-completer[jwtgrant] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'jwtgrant'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'jwtgrant'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand decode 'Show a JWT''s header, claims, times and signature summary'
            cand inspect 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)'
            cand lint 'Check many assertions at once, for people and CI: every reason a server would reject them'
            cand sign 'Make and sign an assertion: a JWT bearer grant or a client assertion'
            cand verify 'Check a token''s signature (key file, secret, JWKS or issuer) and every claim check'
            cand key 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints'
            cand replay 'Send an assertion to a token endpoint and explain the answer'
            cand explain 'Explain a token endpoint''s error (AADSTS code, JSON body, log line) offline'
            cand triage 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump'
            cand serve 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients'
            cand demo 'Start a local token endpoint, replay built-in assertions, show each diagnosis'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;decode'= {
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --json 'Print one JSON document (schema in docs/json.md)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;inspect'= {
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)'
            cand --profile 'Rule profile to judge by [default: the token''s own (typ oauth-id-jag+jwt: id-jag, at+jwt: rfc9068, an ID token: oidc-id-token), else rfc7523]'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --json 'Print one JSON document (schema in docs/json.md)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;lint'= {
            cand --scan 'Find every JWT anywhere in a log or text file, with its line number (''-'' for stdin; repeat for several files)'
            cand --flow 'Which flow the token is for; guessed (and the guess printed) when absent'
            cand --profile 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]'
            cand --client-id 'The OAuth client_id (client assertions: must equal iss and sub)'
            cand --aud 'An acceptable aud value (repeat for several)'
            cand --iss 'The iss claim the token must carry (e.g. the trusted issuer of a grant)'
            cand --sub 'The sub claim the token must carry'
            cand --nonce 'ID tokens: the nonce the authentication request sent; the token must carry it back'
            cand --alg 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)'
            cand --max-lifetime 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --issuer 'The authorization server''s issuer identifier (RFC 8414 issuer)'
            cand --token-endpoint 'The token endpoint URL the assertion is sent to'
            cand --metadata 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here'
            cand --timeout 'Give up on a request after this long (e.g. 10s, 1m)'
            cand --cacert 'Also trust the CA certificates in this PEM file (private CAs, test servers)'
            cand --format 'Output format: human (grouped by token, then a summary), json (one document), sarif (SARIF 2.1.0), github (workflow-command annotations)'
            cand --deny 'Make warnings fail the run (exit 1) too'
            cand --threads 'Threads that find and lint tokens in large inputs (blocks of a file, several files); output stays in input order. 1 reads and lints on one thread [default: the cores]'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --allow-http 'Allow plain http to hosts other than loopback'
            cand --json 'Same as --format json'
            cand --summary 'Print only the summary (totals and counts per code), not each token'
            cand --list-rules 'List every rule (code, severity, summary, spec) and exit'
            cand --list-profiles 'List every profile with its sources and exit'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;sign'= {
            cand --flow 'client: client authentication (iss = sub = --client-id); grant: JWT bearer grant (--iss, --sub). Default: client when --client-id is given, else grant'
            cand --client-id 'The OAuth client_id (client flow: becomes iss and sub)'
            cand --iss 'Issuer claim (grant flow: who vouches for the subject)'
            cand --sub 'Subject claim (grant flow: the user or service the token is for)'
            cand --aud 'Audience: the authorization server''s issuer or token endpoint (repeat for several)'
            cand --resource 'The resource claim: the resource server''s URI (RFC 8707; repeat for an array)'
            cand --scope 'The scope claim: space-separated scopes (repeat to add more)'
            cand --exp 'Lifetime: exp = now + this (s, m, h; e.g. 90s, 5m, 1h)'
            cand --typ 'The typ header, e.g. client-authentication+jwt (RFC 10070) or JWT'
            cand --claim 'Add or override a claim: k=v, v parsed as JSON when it is JSON, else a string; k=null removes a computed claim (repeatable)'
            cand --claims-file 'Claims from a JSON object file, ''-'' for stdin (computed claims < this file < --claim)'
            cand --header 'Add a header parameter: k=v, v parsed like --claim (repeatable)'
            cand --x5c 'Put the certificate chain in CERT (PEM, leaf first, or DER) into the x5c header; the leaf must hold the signing key'
            cand --x5t 'Put the certificate''s thumbprints into the header: x5t (SHA-1, what Entra ID looks keys up by) and x5t#S256 (SHA-256); the certificate must hold the signing key'
            cand --alg 'Signing algorithm; default: the key''s own (RS256, ES256/384/512 by curve, EdDSA, HS256 for secrets)'
            cand --profile 'Rule profile to lint the new token against: rfc7523, rfc10070, oidc, fapi2, or a vendor; id-jag makes an ID-JAG (typ oauth-id-jag+jwt; needs --iss, --sub, one --aud and --client-id) [default: google for a Google service-account key, else rfc7523]'
            cand --key 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; ''-'' reads stdin'
            cand --secret-file 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; ''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused'
            cand --secret-env 'Shared secret from this environment variable'
            cand --kid 'Key id for the header, and the key to use in a JWKS; default: the JWK''s kid, else the RFC 7638 thumbprint (none for secrets)'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --no-nbf 'Leave out nbf (it defaults to now)'
            cand --no-kid 'No kid header'
            cand --form 'Print the urlencoded token request body instead of the bare token'
            cand --allow-weak-key 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;verify'= {
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --flow 'Which flow the token is for; guessed (and the guess printed) when absent'
            cand --profile 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]'
            cand --client-id 'The OAuth client_id (client assertions: must equal iss and sub)'
            cand --aud 'An acceptable aud value (repeat for several)'
            cand --iss 'The iss claim the token must carry (e.g. the trusted issuer of a grant)'
            cand --sub 'The sub claim the token must carry'
            cand --nonce 'ID tokens: the nonce the authentication request sent; the token must carry it back'
            cand --alg 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)'
            cand --max-lifetime 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --key 'A key file: PEM, DER, JWK or JWKS (''-'' reads stdin); a private key is used through its public half (repeat to trust several)'
            cand --secret-file 'Shared secret for HS256/384/512 from a file (''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key the token''s kid names; a private or public key file is refused'
            cand --secret-env 'Shared secret from this environment variable'
            cand --jwks 'The signer''s public keys as a JWKS file or URL'
            cand --issuer 'The signer''s issuer: its metadata (RFC 8414, then OIDC discovery) gives jwks_uri'
            cand --metadata 'The signer''s metadata document (URL or file); its jwks_uri holds the keys'
            cand --jwks-from-issuer 'The token is an ID token from this OpenID provider: keys from its discovery document''s jwks_uri (as --issuer), and judged by the oidc-id-token rules (iss = ISSUER, aud holds --client-id, azp, --nonce) unless --profile says otherwise'
            cand --timeout 'Give up on a request after this long (e.g. 10s, 1m)'
            cand --cacert 'Also trust the CA certificates in this PEM file (private CAs, test servers)'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --allow-weak-key 'Accept a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
            cand --allow-http 'Allow plain http to hosts other than loopback'
            cand --json 'Print one JSON document: inspect''s schema plus "verification"'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;key'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand new 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
            cand jwks 'Print the public JWKS of key files (never private members)'
            cand thumbprint 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;key;new'= {
            cand --alg 'The algorithm the key is for, written as the JWKS "alg": RS256…PS512, ES256, ES384, ES512, EdDSA or Ed25519 (one Ed25519 key; EdDSA is the name more libraries read)'
            cand --out 'Directory for the files (created when missing)'
            cand --name 'File name stem: NAME.pem and NAME.jwks.json (default: the alg in lower case)'
            cand --bits 'RSA modulus size'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;key;jwks'= {
            cand --kid 'kid for the key (one key only); default: its own kid, else the RFC 7638 thumbprint'
            cand --alg 'Add "alg" to every key (the server then accepts only that algorithm from it)'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;key;thumbprint'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --json 'Print JSON: kid, thumbprint, key type; for a certificate also x5t, x5t#S256 and x5t_hex'
            cand --x5t 'Print a certificate''s SHA-1 thumbprint in upper-case hex without colons, as Entra ID''s portal shows it (the base64url x5t header is the same digest)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;key;help'= {
            cand new 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
            cand jwks 'Print the public JWKS of key files (never private members)'
            cand thumbprint 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;key;help;new'= {
        }
        &'jwtgrant;key;help;jwks'= {
        }
        &'jwtgrant;key;help;thumbprint'= {
        }
        &'jwtgrant;key;help;help'= {
        }
        &'jwtgrant;replay'= {
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --issuer 'The authorization server''s issuer identifier (RFC 8414 issuer)'
            cand --token-endpoint 'The token endpoint URL the assertion is sent to'
            cand --metadata 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here'
            cand --flow 'Which flow the token is for; guessed (and the guess printed) when absent'
            cand --profile 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]'
            cand --client-id 'The OAuth client_id (client assertions: must equal iss and sub)'
            cand --aud 'An acceptable aud value (repeat for several)'
            cand --iss 'The iss claim the token must carry (e.g. the trusted issuer of a grant)'
            cand --sub 'The sub claim the token must carry'
            cand --nonce 'ID tokens: the nonce the authentication request sent; the token must carry it back'
            cand --alg 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)'
            cand --max-lifetime 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --scope 'The scope to request'
            cand --resource 'A resource indicator (RFC 8707); repeat for several'
            cand --param 'An extra form field (repeat); replaces a field of the same name'
            cand --secret-param 'An extra form field whose value is a secret, read from FILE (one trailing newline is ignored); like --param, but never shown, and redacted wherever the server echoes it (repeat)'
            cand --secret-param-env 'The same, with the value from the environment variable VAR (repeat)'
            cand --grant-type 'The grant_type sent with a client assertion (client flow) [default: client_credentials, or the one in --from''s request]'
            cand --from 'Send the token request in FILE again as it was: a HAR, a curl -v / --trace-ascii transcript, HTTP messages or a curl command (''-'' reads stdin). Its URL, assertion, grant_type, scope, client_id, resource and other fields are used; flags given here override them. Secrets in the file are never reused'
            cand --call 'With --from: which token call in FILE, numbered from 1 as `triage` lists them [default: the only one]'
            cand --client-assertion 'Grant flow: authenticate the client with this client assertion (TOKEN or @FILE)'
            cand --client-secret-file 'Grant flow: authenticate the client with the secret in this file'
            cand --client-secret-env 'Grant flow: authenticate the client with the secret in this environment variable'
            cand --client-auth 'How the client secret is sent'
            cand --jwks 'The keys the server has registered for the assertion''s signer: a JWKS file or URL, or a PEM/DER public key, certificate or JWK file; kid, alg and signature are checked against them'
            cand --jwks-from-issuer 'The grant is an ID token from this OpenID provider: its signature is checked with the keys at the provider''s jwks_uri (discovery), and it is judged by the oidc-id-token rules (iss = ISSUER, aud holds the client, --nonce)'
            cand --timeout 'Give up on a request after this long (e.g. 10s, 1m)'
            cand --cacert 'Also trust the CA certificates in this PEM file (private CAs, test servers)'
            cand --key 'Private key file: PEM or DER (PKCS#8, PKCS#1, SEC1), JWK, JWKS or a service-account JSON; the format is recognised by content; ''-'' reads stdin'
            cand --secret-file 'Shared secret for HS256/384/512 (client_secret_jwt) from a file (one trailing newline is ignored; ''-'' reads stdin); an oct JWK gives its "k", a JWKS the oct key --kid names; a private or public key file is refused'
            cand --secret-env 'Shared secret from this environment variable'
            cand --kid 'Key id for the header, and the key to use in a JWKS; default: the JWK''s kid, else the RFC 7638 thumbprint (none for secrets)'
            cand --subject-token 'The subject_token (TOKEN or @FILE), instead of the TOKEN argument'
            cand --subject-token-type 'subject_token_type: a URI, or id_token, id-jag, access_token, refresh_token, jwt, saml2'
            cand --requested-token-type 'requested_token_type: a URI or a short name as --subject-token-type'
            cand --audience 'audience: for an ID-JAG, the resource authorization server''s issuer (repeat)'
            cand --then-grant 'Then present the issued token as a jwt-bearer grant (RFC 7523 §2.1) at this token endpoint, or at the one this issuer''s metadata names'
            cand --grant-client-id 'The client_id at the second hop [default: the issued token''s client_id claim]'
            cand --grant-key 'Second hop: authenticate with a fresh client assertion signed with this private key (private_key_jwt; aud = the resource authorization server''s issuer)'
            cand --grant-client-assertion 'Second hop: authenticate with this client assertion (TOKEN or @FILE)'
            cand --grant-client-secret-file 'Second hop: authenticate with the client secret in this file (sent as --client-auth says)'
            cand --grant-client-secret-env 'Second hop: the same, from this environment variable'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --allow-http 'Allow plain http to hosts other than loopback'
            cand --dry-run 'Print the request and an equivalent curl command; send nothing'
            cand --json 'Print one JSON document (request, response, accepted, server_clock, diagnosis)'
            cand -y 'Resend an assertion jwtgrant already sent without asking'
            cand --yes 'Resend an assertion jwtgrant already sent without asking'
            cand --no-history 'Do not read or write the history of sent assertions'
            cand --resign 'Send a fresh copy of the assertion instead of the one given, signed with --key (or --secret-file / --secret-env for HS256/384/512): new random jti, iat = now, exp = now + its original lifetime (default 5m), nbf = now if it had one; every other claim and header member kept, kid from the key unless it had one. This is how to replay a captured single-use assertion without reusing it'
            cand --allow-weak-key 'Sign with a shared secret shorter than RFC 7518 §3.2 allows (a warning, not an error)'
            cand --token-exchange 'Send an RFC 8693 token exchange instead of an RFC 7523 request: the token (TOKEN or --subject-token) is the subject_token; client authentication as for a grant'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;explain'= {
            cand --issuer 'The authorization server''s issuer identifier (RFC 8414 issuer)'
            cand --token-endpoint 'The token endpoint URL the assertion is sent to'
            cand --metadata 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here'
            cand --flow 'Which flow the token is for; guessed (and the guess printed) when absent'
            cand --profile 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]'
            cand --client-id 'The OAuth client_id (client assertions: must equal iss and sub)'
            cand --aud 'An acceptable aud value (repeat for several)'
            cand --iss 'The iss claim the token must carry (e.g. the trusted issuer of a grant)'
            cand --sub 'The sub claim the token must carry'
            cand --nonce 'ID tokens: the nonce the authentication request sent; the token must carry it back'
            cand --alg 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)'
            cand --max-lifetime 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --json 'Print one JSON document'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;triage'= {
            cand --issuer 'The authorization server''s issuer identifier (RFC 8414 issuer)'
            cand --token-endpoint 'The token endpoint URL the assertion is sent to'
            cand --metadata 'Server metadata (RFC 8414 / OIDC discovery) as a URL or a JSON file: fills issuer, token endpoint and allowed algs; a URL is fetched only when given here'
            cand --flow 'Which flow the token is for; guessed (and the guess printed) when absent'
            cand --profile 'Rule profile: rfc7523, rfc10070, oidc, fapi2, a token''s (id-jag, oidc-id-token, rfc9068) or a vendor (okta, entra, google, salesforce, keycloak, auth0, pingone) [default: the token''s own when its typ (or an ID token''s claims) names one, else rfc7523; replay and explain use the vendor''s when the token endpoint or error names one]'
            cand --client-id 'The OAuth client_id (client assertions: must equal iss and sub)'
            cand --aud 'An acceptable aud value (repeat for several)'
            cand --iss 'The iss claim the token must carry (e.g. the trusted issuer of a grant)'
            cand --sub 'The sub claim the token must carry'
            cand --nonce 'ID tokens: the nonce the authentication request sent; the token must carry it back'
            cand --alg 'Allowed signing algorithms, comma-separated (e.g. PS256,ES256)'
            cand --max-lifetime 'Longest acceptable lifetime, exp minus iat (e.g. 5m, 1h)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock: UNIX seconds, RFC 3339 (2025-11-25T14:00:00Z) or an HTTP date (''Tue, 25 Nov 2025 14:00:00 GMT'')'
            cand --bundle 'Write a redacted evidence bundle for the ticket (JSON: server metadata, each assertion''s header and claims, the keys, the answers, the diagnosis; nothing reusable)'
            cand --redact-har 'Write the input HAR with signatures, secrets, cookies, Authorization values and issued tokens replaced: still a HAR 1.2 file that browsers import'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --json 'Print one JSON document (the exchanges, their diagnoses and a summary)'
            cand --force 'Replace an existing --bundle or --redact-har file'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;serve'= {
            cand --port 'The port on 127.0.0.1 (0 picks a free one)'
            cand --config 'A JSON configuration: issuer, clients, trusted grant issuers (schema in docs/guide/local-server.md; an unknown or misspelled key is an error)'
            cand --issuer 'The issuer identifier (default: http://127.0.0.1:PORT)'
            cand --client 'Register a private_key_jwt client with its public keys: a JWKS, or a PEM/DER public key, certificate or JWK file (repeat)'
            cand --client-secret-file 'Register a client_secret_jwt / client_secret_basic / client_secret_post client (repeat)'
            cand --trust 'Accept jwt-bearer grants signed by this issuer''s keys (any key file, as --client) (repeat)'
            cand --trust-id-jag 'Accept only ID-JAGs (typ oauth-id-jag+jwt, client_id bound to the authenticated client, aud = this issuer) signed by this IdP''s keys (repeat)'
            cand --resource 'A resource this server protects (RFC 8707): an ID-JAG''s resource must be one of them (repeat; none: any)'
            cand --id-jag-key 'The private key that signs ID-JAGs [default: an ES256 key generated at start-up]'
            cand --id-jag-audience 'A resource authorization server (its issuer) this IdP issues ID-JAGs for: the token exchange''s audience must be one of them (repeat)'
            cand --id-jag-lifetime 'The lifetime of each ID-JAG [default: 5m]'
            cand --refusal 'How a refused request is answered: the wire conventions real servers use, to test a client''s error handling against each (the log always has the reason)'
            cand --skew 'Clock skew tolerated when judging exp, nbf and iat [default: 30s]'
            cand --max-lifetime 'The longest assertion lifetime accepted, exp minus iat [default: 1h]'
            cand --clock-offset 'Run the server''s clock this far ahead (e.g. 2h) or behind (e.g. -5m)'
            cand --max-requests 'Stop after answering N requests (requests in flight are answered first; exit 0)'
            cand --max-connections 'Connections served at once; more get 503 and are closed [default: 256]'
            cand --header-timeout 'The longest wait for a request''s head (request line and headers), also the keep-alive idle time; the connection is then closed [default: 10s]'
            cand --body-timeout 'The longest wait for a request''s body; then 408 [default: 10s]'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --id-jag-issuer 'Act as an IdP too: answer RFC 8693 token exchange of ID tokens from a --trust''ed issuer with ID-JAGs signed by --id-jag-key (published at /jwks)'
            cand --opaque 'Answer errors without error_description, like servers that hide the reason (the same as --refusal opaque)'
            cand --legacy-aud 'Also accept the token endpoint URL as a client assertion''s aud (pre-RFC 10070)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;demo'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;completions'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;man'= {
            cand --dir 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR; a page that differs from what jwtgrant would write is left alone (and nothing written) unless --force'
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --force 'With --dir: replace pages that differ (edited, or from another version)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;help'= {
            cand decode 'Show a JWT''s header, claims, times and signature summary'
            cand inspect 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)'
            cand lint 'Check many assertions at once, for people and CI: every reason a server would reject them'
            cand sign 'Make and sign an assertion: a JWT bearer grant or a client assertion'
            cand verify 'Check a token''s signature (key file, secret, JWKS or issuer) and every claim check'
            cand key 'Key tools: make a key pair, print the public JWKS to register, compute thumbprints'
            cand replay 'Send an assertion to a token endpoint and explain the answer'
            cand explain 'Explain a token endpoint''s error (AADSTS code, JSON body, log line) offline'
            cand triage 'Diagnose every token call in a HAR file, curl -v / --trace transcript or HTTP dump'
            cand serve 'Run a strict RFC 7523 / RFC 10070 token endpoint on 127.0.0.1 for testing clients'
            cand demo 'Start a local token endpoint, replay built-in assertions, show each diagnosis'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;help;decode'= {
        }
        &'jwtgrant;help;inspect'= {
        }
        &'jwtgrant;help;lint'= {
        }
        &'jwtgrant;help;sign'= {
        }
        &'jwtgrant;help;verify'= {
        }
        &'jwtgrant;help;key'= {
            cand new 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
            cand jwks 'Print the public JWKS of key files (never private members)'
            cand thumbprint 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;help;key;new'= {
        }
        &'jwtgrant;help;key;jwks'= {
        }
        &'jwtgrant;help;key;thumbprint'= {
        }
        &'jwtgrant;help;key;help'= {
            cand new 'Generate a key pair: the private key (PKCS#8 PEM, mode 0600) and the public JWKS'
            cand jwks 'Print the public JWKS of key files (never private members)'
            cand thumbprint 'Print a key''s RFC 7638 thumbprint (and x5t, x5t#S256 for a certificate)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;help;key;help;new'= {
        }
        &'jwtgrant;help;key;help;jwks'= {
        }
        &'jwtgrant;help;key;help;thumbprint'= {
        }
        &'jwtgrant;help;key;help;help'= {
        }
        &'jwtgrant;help;replay'= {
        }
        &'jwtgrant;help;explain'= {
        }
        &'jwtgrant;help;triage'= {
        }
        &'jwtgrant;help;serve'= {
        }
        &'jwtgrant;help;demo'= {
        }
        &'jwtgrant;help;completions'= {
        }
        &'jwtgrant;help;man'= {
        }
        &'jwtgrant;help;help'= {
        }
    ]
    $completions[$command]
}
