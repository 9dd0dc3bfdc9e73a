//! Generated files are committed: completions, man pages, and the docs pages whose source
//! is the code (docs/finding-codes.md and docs/profiles.md from the rule and profile tables,
//! the source map in docs/architecture.md from the `//!` heads of src/). These tests fail
//! when a committed file differs from what the current code generates;
//! `JWTGRANT_BLESS=1 cargo test generated` rewrites them.

use crate::support::*;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SHELLS: [(&str, &str); 5] = [
    ("bash", "jwtgrant.bash"),
    ("zsh", "_jwtgrant"),
    ("fish", "jwtgrant.fish"),
    ("powershell", "_jwtgrant.ps1"),
    ("elvish", "jwtgrant.elv"),
];

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn blessing() -> bool {
    std::env::var_os("JWTGRANT_BLESS").is_some_and(|v| v == "1")
}

fn check_or_bless(path: &Path, fresh: &[u8]) {
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale: run `JWTGRANT_BLESS=1 cargo test generated` and commit the result",
        path.display()
    );
}

#[test]
fn completions_are_fresh() {
    for (shell, file) in SHELLS {
        let out = jwtgrant().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(!out.stdout.is_empty(), "{shell}");
        check_or_bless(&repo("completions").join(file), &out.stdout);
    }
}

#[test]
fn man_pages_are_fresh_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    jwtgrant()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    let mut generated: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    assert!(generated.contains(&"jwtgrant.1".to_string()));
    assert!(generated.contains(&"jwtgrant-decode.1".to_string()));
    assert!(generated.contains(&"jwtgrant-inspect.1".to_string()));
    for name in &generated {
        let fresh = std::fs::read(dir.path().join(name)).unwrap();
        check_or_bless(&repo("man").join(name), &fresh);
    }
    if blessing() {
        for entry in std::fs::read_dir(repo("man")).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !generated.contains(&name) {
                std::fs::remove_file(repo("man").join(&name)).unwrap();
            }
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(repo("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    assert_eq!(
        committed, generated,
        "man/ holds pages the CLI no longer generates"
    );
}

#[test]
fn man_without_dir_prints_the_main_page() {
    let out = jwtgrant().arg("man").output().unwrap();
    assert!(out.status.success());
    assert!(text(&out.stdout).contains(".TH jwtgrant 1"));
}

#[test]
fn hidden_subcommands_stay_out_of_completions_and_man() {
    jwtgrant().args(["bench", "--help"]).assert().success();
    for (shell, _) in SHELLS {
        let out = jwtgrant().args(["completions", shell]).output().unwrap();
        let script = text(&out.stdout);
        assert!(script.contains("inspect"), "{shell}");
        assert!(
            !script.contains("bench"),
            "{shell} offers the hidden bench subcommand"
        );
    }
    let out = jwtgrant().arg("man").output().unwrap();
    assert!(!text(&out.stdout).contains("bench"));
}

#[test]
fn man_into_an_unwritable_place_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "keep me").unwrap();
    jwtgrant()
        .args(["man", "--dir"])
        .arg(&file)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

fn list_json(flag: &str) -> Vec<Value> {
    let out = jwtgrant().args(["lint", flag, "--json"]).output().unwrap();
    assert!(out.status.success(), "lint {flag} --json");
    stdout_json(&out).as_array().unwrap().clone()
}

/// A table cell: one line, no unescaped pipe.
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.replace('|', "\\|").replace('\n', " "),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// Each stage of the rule table, in the order the page lists them: title, and what
/// reports its codes. A stage the code gains fails `finding_codes_are_fresh` until it is
/// described here.
const STAGES: [(&str, &str, &str); 6] = [
    (
        "structure",
        "The token's form",
        "The compact serialization itself. Every command that reads a token reports these: \
         decode, inspect, lint, verify, and the diagnosis of replay and explain.",
    ),
    (
        "request",
        "The request around the token",
        "What a whole request sends with the token, when the input is one: a form body, a URL or \
         query string, an HTTP request or a curl command line (decode, inspect, lint). A bare \
         token, or a log line with a body somewhere in it, has no envelope to judge.",
    ),
    (
        "claims",
        "Header and claims",
        "Offline checks of the header and claims against the clock, the profile and what you \
         expect (`--aud`, `--issuer`, `--client-id`, …): inspect, lint, verify, and the \
         diagnosis of replay and explain.",
    ),
    (
        "keys",
        "Keys and signatures",
        "Need the signer's keys: verify, replay with `--jwks`, and serve.",
    ),
    (
        "batch",
        "Across a run",
        "Need several tokens: lint, over everything one run reads.",
    ),
    (
        "server",
        "The server's answer",
        "Need what a token endpoint answered: the diagnosis of replay and explain.",
    ),
];

fn finding_codes_page(rules: &[Value]) -> String {
    let mut page = String::from(
        "# Finding codes\n\n\
         <!-- Generated by tests/generated.rs from `jwtgrant lint --list-rules --json` (the rule \
         table in src/lint/rules.rs). Do not edit: change the table, then run \
         `JWTGRANT_BLESS=1 cargo test generated`. -->\n\n\
         Every check reports a finding with a stable code: codes are added, never renamed. The \
         severity shown is the default; a [profile](profiles.md) or the context can raise or \
         lower it. Errors fail a check, warnings only with `lint --deny warnings`, info never \
         ([exit codes](exit-codes.md)). `jwtgrant lint --list-rules` prints this table in the \
         terminal, `--list-rules --json` for programs (its `stage` is the section below).\n\n",
    );
    for (stage, title, _) in STAGES {
        let count = rules.iter().filter(|r| r["stage"] == stage).count();
        let codes = if count == 1 { "code" } else { "codes" };
        writeln!(page, "- [{title}](#{}) ({count} {codes})", anchor(title)).unwrap();
    }
    for (stage, title, about) in STAGES {
        write!(
            page,
            "\n## {title}\n\n{about}\n\n| code | severity | what it means | fix | spec |\n|---|---|---|---|---|\n"
        )
        .unwrap();
        for rule in rules.iter().filter(|r| r["stage"] == stage) {
            writeln!(
                page,
                "| `{}` | {} | {} | {} | {} |",
                cell(&rule["code"]).trim_matches('"'),
                cell(&rule["severity"]),
                cell(&rule["summary"]),
                cell(&rule["hint"]),
                cell(&rule["spec"])
            )
            .unwrap();
        }
    }
    page
}

fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn finding_codes_are_fresh() {
    let rules = list_json("--list-rules");
    for rule in &rules {
        let stage = rule["stage"].as_str().unwrap();
        assert!(
            STAGES.iter().any(|(s, _, _)| *s == stage),
            "stage {stage} of {} is not described in STAGES (tests/generated.rs)",
            rule["code"]
        );
    }
    check_or_bless(
        &repo("docs/finding-codes.md"),
        finding_codes_page(&rules).as_bytes(),
    );
}

fn lifetime(value: &Value) -> String {
    match value.as_i64() {
        Some(s) if s % 3600 == 0 => format!("{} h", s / 3600),
        Some(s) if s % 60 == 0 => format!("{} min", s / 60),
        Some(s) => format!("{s} s"),
        None => "—".into(),
    }
}

fn profiles_page(profiles: &[Value]) -> String {
    let mut page = String::from(
        "# Profiles\n\n\
         <!-- Generated by tests/generated.rs from `jwtgrant lint --list-profiles --json` (the \
         profile table in src/lint/profile.rs). Do not edit: change the table, then run \
         `JWTGRANT_BLESS=1 cargo test generated`. -->\n\n\
         A profile says what an assertion is judged against: a specification or one vendor's \
         documented rules. `inspect`, `lint`, `verify`, `sign`, `replay` and `explain` take \
         `--profile NAME`; `jwtgrant lint --list-profiles` prints this list. A profile that knows only one \
         flow overrides the flow guessed from the token. Three profiles are for tokens with \
         rules of their own (`id-jag`, `oidc-id-token`, `rfc9068`): without `--profile`, \
         `inspect`, `lint` and `verify` pick them from the token's typ or, for ID tokens, its \
         claims ([Cross App Access / ID-JAG](guide/id-jag.md)). Findings and their codes are in \
         [finding-codes.md](finding-codes.md).\n\n\
         | profile | flow | algorithms | lifetime limit | what it checks | sources |\n\
         |---|---|---|---|---|---|\n",
    );
    for p in profiles {
        let name = p["name"].as_str().unwrap();
        let default = if p["default"] == true {
            " (default)"
        } else {
            ""
        };
        let flow = match (p["flow"].as_str(), p["token"].as_str()) {
            (Some("client"), _) => "client assertions",
            (Some("grant"), _) => "grants",
            (Some(other), _) => other,
            (None, Some("id_token")) => "ID tokens",
            (None, Some("access_token")) => "access tokens",
            (None, _) => "both",
        };
        let algs = match p["algs"].as_array() {
            Some(list) => list
                .iter()
                .map(|a| a.as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(", "),
            None => "any".into(),
        };
        writeln!(
            page,
            "| `{name}`{default} | {flow} | {algs} | {} | {} | {} |",
            lifetime(&p["max_lifetime"]),
            cell(&p["summary"]),
            cell(&p["sources"])
        )
        .unwrap();
    }
    page
}

#[test]
fn profiles_are_fresh() {
    let profiles = list_json("--list-profiles");
    assert!(profiles.len() > 5);
    check_or_bless(
        &repo("docs/profiles.md"),
        profiles_page(&profiles).as_bytes(),
    );
}

/// Every .rs file under src/, and the first sentence of its `//!` head.
fn module_heads() -> Vec<(String, Option<String>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo("src"), &mut files);
    // src/lint.rs before src/lint/…: sort by the path without its extension
    files.sort_by_key(|p| p.with_extension("").display().to_string());
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let paragraph: Vec<&str> = text
                .lines()
                .map_while(|l| l.strip_prefix("//!"))
                .map(str::trim)
                .take_while(|l| !l.is_empty())
                .collect();
            let joined = paragraph.join(" ");
            let sentence = match joined.find(". ") {
                Some(at) => joined[..=at].to_string(),
                None => joined,
            };
            let rel = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap()
                .display()
                .to_string();
            (rel, (!sentence.is_empty()).then_some(sentence))
        })
        .collect()
}

const MAP_START: &str = "<!-- source map: generated by tests/generated.rs from the first sentence of each `//!` head in src/; `JWTGRANT_BLESS=1 cargo test generated` rewrites it -->";
const MAP_END: &str = "<!-- end of source map -->";

fn source_map(heads: &[(String, Option<String>)]) -> String {
    let mut map = String::new();
    for (path, head) in heads {
        let depth = path.matches('/').count().saturating_sub(1);
        writeln!(
            map,
            "{}- [`{path}`](../{path}): {}",
            "  ".repeat(depth),
            head.as_deref().unwrap_or("")
        )
        .unwrap();
    }
    map
}

#[test]
fn every_module_has_a_head_and_the_source_map_is_fresh() {
    let heads = module_heads();
    let headless: Vec<&str> = heads
        .iter()
        .filter(|(_, h)| h.is_none())
        .map(|(p, _)| p.as_str())
        .collect();
    assert!(
        headless.is_empty(),
        "these files have no `//!` head saying what they are for: {headless:?}"
    );
    let path = repo("docs/architecture.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = page
        .split_once(MAP_START)
        .unwrap_or_else(|| panic!("docs/architecture.md lacks the line {MAP_START}"));
    let (_, after) = rest
        .split_once(MAP_END)
        .unwrap_or_else(|| panic!("docs/architecture.md lacks the line {MAP_END}"));
    let fresh = format!(
        "{before}{MAP_START}\n\n{}\n{MAP_END}{after}",
        source_map(&heads)
    );
    check_or_bless(&path, fresh.as_bytes());
}

/// Every file in `dir` with its content, sorted by name.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if e.path().is_dir() {
                b"<dir>".to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn man_dir_never_replaces_a_changed_page_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let man = |extra: &[&str]| {
        jwtgrant()
            .args(["man", "--dir"])
            .arg(dir.path())
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(man(&[]).status.success());
    let fresh = snapshot(dir.path());
    assert!(fresh.len() > 3);
    // Identical pages are left alone, quietly successful.
    let again = man(&[]);
    assert!(again.status.success());
    assert!(text(&again.stderr).contains("up to date"));
    assert_eq!(snapshot(dir.path()), fresh);
    // One page edited, one deleted: refused, and nothing at all is written.
    let edited = dir.path().join("jwtgrant-sign.1");
    std::fs::write(&edited, "my notes\n").unwrap();
    std::fs::remove_file(dir.path().join("jwtgrant-decode.1")).unwrap();
    let before = snapshot(dir.path());
    let out = man(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("jwtgrant-sign.1") && err.contains("--force"),
        "{err}"
    );
    assert!(
        !err.contains("jwtgrant-inspect.1"),
        "only changed pages are named: {err}"
    );
    assert_eq!(snapshot(dir.path()), before, "a refusal writes nothing");
    // --force replaces the edited page and restores the deleted one; no temporary files.
    let out = man(&["--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("replaced jwtgrant-sign.1"));
    assert_eq!(snapshot(dir.path()), fresh);
}

#[test]
fn man_dir_writes_nothing_when_a_page_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where a page belongs: reading it fails before any page is written.
    std::fs::create_dir(dir.path().join("jwtgrant-sign.1")).unwrap();
    let out = jwtgrant()
        .args(["man", "--force", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("jwtgrant-sign.1"));
    let names: Vec<String> = snapshot(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        ["jwtgrant-sign.1"],
        "no page and no temporary file was left"
    );
}
