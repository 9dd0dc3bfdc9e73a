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
