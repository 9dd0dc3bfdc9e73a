//! `man`: print the man page, or write every page into a directory without ever replacing
//! a page someone changed (unless `--force`), and never leaving a half-written one.

use crate::cli::ManArgs;
use crate::exit::{Hint, Status};
use crate::generate;
use crate::output::Output;
use anyhow::{Context, Result};

pub fn run(args: &ManArgs, out: &Output) -> Result<Status> {
    let pages = generate::man_pages().context("rendering man pages")?;
    let Some(dir) = &args.dir else {
        out.artifact(&pages[0].1)?;
        return Ok(Status::Clean);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut writes = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    for (name, page) in &pages {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(existing) if existing == *page => unchanged += 1,
            Ok(_) => {
                changed.push(name.as_str());
                writes.push((path, page));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => writes.push((path, page)),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        }
    }
    // All or nothing: decide before writing, so a refusal leaves the directory as it was.
    if !changed.is_empty() && !args.force {
        return Err(Hint::new(
            format!(
                "{} in {} differ from what jwtgrant would write (edited, or from another version); nothing was written",
                list(&changed),
                dir.display()
            ),
            "pass --force to replace them, or --dir with another directory",
        ));
    }
    for (path, page) in &writes {
        // replacing is decided above: every page here is new, unchanged or allowed
        crate::files::write(path, page, true, "--dir")?;
    }
    let mut summary = if writes.is_empty() {
        format!(
            "the {unchanged} man pages in {} are up to date",
            dir.display()
        )
    } else {
        format!("wrote {} man pages to {}", writes.len(), dir.display())
    };
    if unchanged > 0 && !writes.is_empty() {
        summary.push_str(&format!(" ({unchanged} already up to date)"));
    }
    if !changed.is_empty() {
        summary.push_str(&format!("; replaced {}", list(&changed)));
    }
    out.note(&summary);
    Ok(Status::Clean)
}

/// "a.1", "a.1 and b.1", "a.1, b.1 and 3 more".
fn list(names: &[&str]) -> String {
    match names {
        [one] => one.to_string(),
        [first, second] => format!("{first} and {second}"),
        [first, second, rest @ ..] => format!("{first}, {second} and {} more", rest.len()),
        [] => String::new(),
    }
}
