//! `man`: print the main man page, or write every page `generate` makes into a directory
//! (each file written atomically).

use crate::cli::ManArgs;
use crate::exit::Status;
use crate::generate;
use crate::output::Output;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

pub fn run(args: &ManArgs, out: &Output) -> Result<Status> {
    let pages = generate::man_pages().context("rendering man pages")?;
    let Some(dir) = &args.dir else {
        out.artifact(&pages[0].1)?;
        return Ok(Status::Clean);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, page) in &pages {
        write_atomically(&dir.join(name), page)?;
    }
    out.note(&format!(
        "wrote {} man pages to {}",
        pages.len(),
        dir.display()
    ));
    Ok(Status::Clean)
}

/// Write to a temporary file in the same directory, then rename: no half-written pages.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}
