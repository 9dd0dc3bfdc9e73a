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
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "man" -d 'Print the man page, or write one page per subcommand into a directory'
complete -c jwtgrant -n "__fish_jwtgrant_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -l json -d 'Print one JSON document (schema in the README)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand decode" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l field -d 'When the input holds several JWTs, use the one in this form field, JSON member or header' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l index -d 'When the input holds several JWTs, use the Nth (1-based)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l now -d 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l skew -d 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)' -r
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l example -d 'Use a built-in sample client assertion instead of TOKEN'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -l json -d 'Print one JSON document (schema in the README)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand completions" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l color -d 'When to use color: auto (terminals only, honours NO_COLOR), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l dir -d 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR' -r -F
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -l show-secrets -d 'Print signatures, secrets and issued tokens instead of redacting them'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s v -l verbose -d 'Explain how the input was parsed (-vv for more); never prints secrets'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s h -l help -d 'Print help'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand man" -s V -l version -d 'Print version'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect completions man help" -f -a "decode" -d 'Show a JWT\'s header, claims, times and signature summary'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect completions man help" -f -a "inspect" -d 'Decode plus every offline check, with a verdict first (OK, WARN or FAIL)'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect completions man help" -f -a "man" -d 'Print the man page, or write one page per subcommand into a directory'
complete -c jwtgrant -n "__fish_jwtgrant_using_subcommand help; and not __fish_seen_subcommand_from decode inspect completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
