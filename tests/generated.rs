//! Completions and man pages are committed; these tests fail when they differ from what
//! the current CLI generates. `JWTGRANT_BLESS=1 cargo test generated` rewrites them.

use crate::support::*;
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
