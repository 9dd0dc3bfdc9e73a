//! Writing a file the user asked for (a triage bundle, a redacted HAR): whole or not at all,
//! and never over an existing file unless they said so. The bytes go to a temporary file in
//! the same directory, are synced, then linked into place (which fails when the name is
//! taken) or, when replacing is allowed, renamed over it.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `.NAME.PID.NANOS.tmp` next to `path`.
fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    path.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

fn exists_error(path: &Path, flag: &str) -> anyhow::Error {
    crate::exit::Hint::new(
        format!(
            "{} already exists; jwtgrant does not replace it",
            path.display()
        ),
        format!("choose another {flag} FILE, or add --force to replace it"),
    )
}

/// Write `bytes` to `path` atomically; `replace`: an existing file may be replaced.
/// `flag` names the option in the message when the file exists.
pub fn write(path: &Path, bytes: &[u8], replace: bool, flag: &str) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a directory; {flag} needs a file name",
            path.display()
        );
    }
    if !replace && path.symlink_metadata().is_ok() {
        return Err(exists_error(path, flag));
    }
    let tmp = temp_name(path);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    let placed = if replace {
        std::fs::rename(&tmp, path)
    } else {
        let linked = std::fs::hard_link(&tmp, path);
        match linked {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let _ = std::fs::remove_file(&tmp);
                return Err(exists_error(path, flag));
            }
            // no hard links on this file system: the check above is all there is
            Err(_) => std::fs::rename(&tmp, path),
            Ok(()) => std::fs::remove_file(&tmp),
        }
    };
    if placed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    placed.with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_over_an_existing_file_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.json");
        write(&path, b"one", false, "--bundle").unwrap();
        let err = write(&path, b"two", false, "--bundle").unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write(&path, b"three", true, "--bundle").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        // no temporary file is left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
