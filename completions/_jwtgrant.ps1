
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
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page, or write one page per subcommand into a directory')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'jwtgrant;decode' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema in the README)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'jwtgrant;inspect' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the one in this form field, JSON member or header')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'When the input holds several JWTs, use the Nth (1-based)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge exp/nbf/iat at this instant instead of the system clock (UNIX seconds or RFC 3339)')
            [CompletionResult]::new('--skew', '--skew', [CompletionResultType]::ParameterName, 'Clock skew to tolerate when judging exp, nbf and iat (e.g. 30s, 2m)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print signatures, secrets and issued tokens instead of redacting them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Explain how the input was parsed (-vv for more); never prints secrets')
            [CompletionResult]::new('--example', '--example', [CompletionResultType]::ParameterName, 'Use a built-in sample client assertion instead of TOKEN')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (schema in the README)')
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
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color: auto (terminals only, honours NO_COLOR), always, never')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write jwtgrant.1 and one jwtgrant-<command>.1 per subcommand into DIR')
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
