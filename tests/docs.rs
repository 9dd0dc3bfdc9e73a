//! The README and docs/ stay true to the binary: the two commands first, every example runs
//! and prints what it shows (tests/support/console.rs has the convention), every command
//! has a tested example, every finding code is documented, every link resolves, and the
//! example files are what docs/examples/make.sh makes. `JWTGRANT_BLESS=1 cargo test docs`
//! rewrites the shown output of examples that changed, and the example files.

use crate::support::console;
use crate::support::*;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn blessing() -> bool {
    std::env::var_os("JWTGRANT_BLESS").is_some_and(|v| v == "1")
}

/// README.md and every Markdown file under docs/, sorted.
fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = vec![repo("README.md")];
    walk(&repo("docs"), &mut out);
    out.sort();
    out
}

fn guide_pages() -> Vec<PathBuf> {
    markdown_files()
        .into_iter()
        .filter(|p| p.starts_with(repo("docs/guide")))
        .collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Run every example of these files (each file on its own thread) and fail with all
/// mismatches at once; blessing rewrites the files instead.
fn run_examples(files: &[PathBuf]) {
    let examples = repo("docs/examples");
    let bless = blessing();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .iter()
            .map(|path| {
                let examples = &examples;
                scope.spawn(move || {
                    let text = read(path);
                    let checked =
                        console::check_file(Path::new(&relative(path)), &text, examples, bless);
                    if let Some(new) = checked.blessed {
                        std::fs::write(path, new).unwrap();
                        eprintln!("blessed {}", relative(path));
                    }
                    checked.failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} example(s) differ from what jwtgrant prints (`JWTGRANT_BLESS=1 cargo test docs` \
         rewrites the shown output):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn readme_examples_run() {
    run_examples(&[repo("README.md")]);
}

#[test]
fn guide_examples_run() {
    let pages = guide_pages();
    assert!(pages.len() >= 6, "{pages:?}");
    run_examples(&pages);
}

#[test]
fn reference_examples_run() {
    let rest: Vec<PathBuf> = markdown_files()
        .into_iter()
        .filter(|p| p.starts_with(repo("docs")) && !p.starts_with(repo("docs/guide")))
        .collect();
    run_examples(&rest);
}

#[test]
fn readme_starts_with_the_two_commands_and_stays_short() {
    let text = read(&repo("README.md"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.len() <= 250,
        "README.md has {} lines; keep it to 250 and move detail into docs/",
        lines.len()
    );
    let first = &console::fences(&lines)[0];
    let commands: Vec<&str> = lines[first.start..first.end]
        .iter()
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release -- demo", "cargo test"]);
    let ci = read(&repo(".ci/run"));
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
    let page = read(&repo("docs/finding-codes.md"));
    let missing: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .filter(|code| !page.contains(&format!("`{code}`")))
        .collect();
    assert!(rules.as_array().unwrap().len() > 50);
    assert!(
        missing.is_empty(),
        "docs/finding-codes.md does not document: {missing:?}"
    );
}

/// The subcommands `--help` lists (and `key`'s), without `help`.
fn visible_commands() -> Vec<String> {
    fn listed(args: &[&str]) -> Vec<String> {
        let out = jwtgrant().args(args).arg("--help").output().unwrap();
        let help = text(&out.stdout);
        help.split("Commands:")
            .nth(1)
            .unwrap()
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            // a command starts in column 3; wrapped descriptions are indented further
            .filter(|l| !l[2..].starts_with(' '))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|c| *c != "help")
            .map(String::from)
            .collect()
    }
    let mut commands = listed(&[]);
    assert!(commands.len() > 10, "{commands:?}");
    assert!(commands.iter().any(|c| c == "key"));
    commands.extend(listed(&["key"]).iter().map(|c| format!("key {c}")));
    commands
}

#[test]
fn every_visible_command_has_a_tested_example() {
    let mut files = guide_pages();
    files.push(repo("README.md"));
    let mut run = Vec::new();
    for path in &files {
        let text = read(path);
        let lines: Vec<&str> = text.lines().collect();
        for fence in console::fences(&lines).iter().filter(|f| f.runs()) {
            for step in console::steps(&lines, fence).unwrap() {
                run.push(
                    step.command
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
        }
    }
    let missing: Vec<String> = visible_commands()
        .into_iter()
        .filter(|c| !run.iter().any(|r| r.contains(&format!("jwtgrant {c} "))))
        .collect();
    assert!(
        missing.is_empty(),
        "no ```console example in README.md or docs/guide/ runs: {missing:?}"
    );
}

/// A line of a code block that runs jwtgrant.
fn runs_jwtgrant(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches("$ ");
    line.starts_with("jwtgrant ")
        || line.contains("| jwtgrant ")
        || line.contains("run: jwtgrant ")
        || line.contains("cargo run")
}

#[test]
fn examples_that_do_not_run_are_marked() {
    let mut unmarked = Vec::new();
    for path in markdown_files() {
        let text = read(&path);
        let lines: Vec<&str> = text.lines().collect();
        for fence in console::fences(&lines) {
            if fence.runs() || fence.no_run() {
                continue;
            }
            if let Some(i) = (fence.start..fence.end).find(|&i| runs_jwtgrant(lines[i])) {
                unmarked.push(format!("{}:{}: {}", relative(&path), i + 1, lines[i]));
            }
        }
    }
    // The README's first block is the one exception: it is what `cargo test` and the
    // readme test check.
    unmarked.retain(|l| !l.starts_with("README.md") || !l.contains("cargo run --release -- demo"));
    assert!(
        unmarked.is_empty(),
        "commands in blocks that neither run (```console) nor say `no-run`:\n{}",
        unmarked.join("\n")
    );
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let code: Vec<std::ops::Range<usize>> = console::fences(&lines)
        .iter()
        .map(|f| f.start..f.end)
        .collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !code.iter().any(|r| r.contains(i)))
        .filter_map(|(_, l)| l.strip_prefix('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn every_relative_link_resolves() {
    let mut broken = Vec::new();
    for path in markdown_files() {
        let text = read(&path);
        for target in text.split("](").skip(1).filter_map(|s| s.split(')').next()) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match target.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (target, None),
            };
            let linked = if file.is_empty() {
                path.clone()
            } else {
                path.parent().unwrap().join(file)
            };
            if !linked.exists() {
                broken.push(format!("{}: {target} (no such file)", relative(&path)));
                continue;
            }
            if let Some(fragment) = fragment
                && linked.extension().is_some_and(|e| e == "md")
                && !anchors(&read(&linked)).iter().any(|a| a == fragment)
            {
                broken.push(format!("{}: {target} (no such heading)", relative(&path)));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn example_files_are_what_make_sh_makes() {
    let examples = repo("docs/examples");
    let sandbox = console::Sandbox::new(&examples);
    let bin = Path::new(env!("CARGO_BIN_EXE_jwtgrant")).parent().unwrap();
    let out = std::process::Command::new("bash")
        .arg(sandbox.work.join("make.sh"))
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "make.sh: {}", text(&out.stderr));
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&sandbox.work).unwrap() {
        let made = entry.unwrap().path();
        if made.is_dir() {
            continue;
        }
        let committed = examples.join(made.file_name().unwrap());
        let fresh = std::fs::read(&made).unwrap();
        if std::fs::read(&committed).ok().as_deref() != Some(&fresh[..]) {
            if blessing() {
                std::fs::write(&committed, &fresh).unwrap();
            } else {
                stale.push(relative(&committed));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from what docs/examples/make.sh makes: run \
         `JWTGRANT_BLESS=1 cargo test docs` and commit the result"
    );
}
