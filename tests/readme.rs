//! The README stays true to the binary: its first commands, every finding code, every command.

use crate::support::*;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn readme_starts_with_the_two_commands() {
    let text = readme();
    let first_block = text
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let commands: Vec<&str> = first_block
        .lines()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release -- demo", "cargo test"]);
    let ci =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn every_finding_code_is_documented() {
    let out = jwtgrant()
        .args(["lint", "--list-rules", "--json"])
        .output()
        .unwrap();
    let rules = stdout_json(&out);
    let text = readme();
    let mut missing = Vec::new();
    for rule in rules.as_array().unwrap() {
        let code = rule["code"].as_str().unwrap();
        if !text.contains(&format!("`{code}`")) {
            missing.push(code.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "README.md does not document: {missing:?}"
    );
}

#[test]
fn every_visible_command_has_a_readme_section() {
    let text = readme();
    let out = jwtgrant().arg("--help").output().unwrap();
    let help = self::text(&out.stdout);
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // a command starts in column 3; wrapped descriptions are indented further
        .filter(|l| !l[2..].starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() > 10, "{commands:?}");
    for command in commands {
        assert!(
            text.contains(&format!("jwtgrant {command}")),
            "README has no `jwtgrant {command}` usage"
        );
    }
}
