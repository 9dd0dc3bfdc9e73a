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

/// What to do when the name is taken already.
#[derive(Clone, Copy)]
pub enum Existing<'a> {
    /// Replace it (the user said so, or the caller checked it is ours to replace).
    Replace,
    /// Refuse, and say that `--force` replaces it; `flag` names the option in the message.
    Refuse { flag: &'a str },
    /// Refuse, with no way round it (a key file): `what` names the kind of file.
    Never { what: &'a str },
}

fn exists_error(path: &Path, existing: Existing) -> anyhow::Error {
    match existing {
        Existing::Never { what } => anyhow::anyhow!(
            "{} already exists; jwtgrant never overwrites a {what}",
            path.display()
        ),
        // not reached: a file that may be replaced is never refused
        Existing::Replace => anyhow::anyhow!("{} already exists", path.display()),
        Existing::Refuse { flag } => crate::exit::Hint::new(
            format!(
                "{} already exists; jwtgrant does not replace it",
                path.display()
            ),
            format!("choose another {flag} FILE, or add --force to replace it"),
        ),
    }
}

/// Write `bytes` to `path` atomically; `replace`: an existing file may be replaced.
/// `flag` names the option in the message when the file exists.
pub fn write(path: &Path, bytes: &[u8], replace: bool, flag: &str) -> Result<()> {
    let existing = if replace {
        Existing::Replace
    } else {
        Existing::Refuse { flag }
    };
    write_as(path, bytes, existing, 0o666)
}

/// Write `bytes` to `path` atomically, created with permission `mode` (before the umask).
pub fn write_as(path: &Path, bytes: &[u8], existing: Existing, mode: u32) -> Result<()> {
    if path.is_dir() {
        bail!("{} is a directory, not a file name", path.display());
    }
    let replace = matches!(existing, Existing::Replace);
    if !replace && path.symlink_metadata().is_ok() {
        return Err(exists_error(path, existing));
    }
    let tmp = temp_name(path);
    if let Err(e) = write_new_file(&tmp, bytes, mode) {
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
                return Err(exists_error(path, existing));
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

/// A new file (never one that exists, never through a symlink), written and synced.
fn write_new_file(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
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

    #[cfg(unix)]
    #[test]
    fn a_key_file_is_never_replaced_and_gets_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        let never = Existing::Never { what: "key file" };
        write_as(&path, b"key", never, 0o600).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
        let err = write_as(&path, b"other", never, 0o600).unwrap_err();
        assert!(
            err.to_string().contains("never overwrites a key file"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"key");
    }
}
