
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
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;decode'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --json 'Print one JSON document (schema in the README)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'jwtgrant;inspect'= {
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --field 'When the input holds several JWTs, use the one in this form field, JSON member or header'
            cand --index 'When the input holds several JWTs, use the Nth (1-based)'
            cand --now 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)'
            cand --skew 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)'
            cand --show-secrets 'Print signatures, secrets and issued tokens instead of redacting them'
            cand -v 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --verbose 'Explain how the input was parsed (-vv for more); never prints secrets'
            cand --example 'Use a built-in sample client assertion instead of TOKEN'
            cand --json 'Print one JSON document (schema in the README)'
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
            cand --color 'When to use color: auto (terminals only, honours NO_COLOR), always, never'
            cand --dir 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR'
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
            cand completions 'Print a shell completion script'
            cand man 'Print the man page, or write one page per subcommand into a directory'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'jwtgrant;help;decode'= {
        }
        &'jwtgrant;help;inspect'= {
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
