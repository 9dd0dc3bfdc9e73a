//! What replay has sent, so that resending a single-use assertion is noticed.
//!
//! Only SHA-256(iss + NUL + jti) and the assertion's exp are stored, one entry per line,
//! in the user's state directory; never the token. Entries are pruned once expired.
//! A directory that cannot be created, read or written is a warning for the caller, not
//! a failure: the history is a convenience.

use anyhow::{Context, Result};
use ring::digest;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "sent-assertions.v1";
/// Servers keep a jti until exp plus their clock tolerance; keep entries a little longer.
const KEEP_AFTER_EXP: i64 = 300;
/// An assertion without exp is remembered for a day.
const NO_EXP_KEEP: i64 = 86_400;

/// The state directory: $XDG_STATE_HOME/jwtgrant when set, else the platform's place.
pub fn dir() -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(state) = env("XDG_STATE_HOME").filter(|p| p.is_absolute()) {
        return Some(state.join("jwtgrant"));
    }
    if cfg!(windows) {
        return env("LOCALAPPDATA").map(|p| p.join("jwtgrant"));
    }
    let home = env("HOME")?;
    if cfg!(target_os = "macos") {
        return Some(home.join("Library/Application Support/jwtgrant"));
    }
    Some(home.join(".local/state/jwtgrant"))
}

/// The key an assertion is remembered by: hex SHA-256 of iss, a NUL byte, and jti.
pub fn key(iss: &str, jti: &str) -> String {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(iss.as_bytes());
    ctx.update(&[0]);
    ctx.update(jti.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in ctx.finish().as_ref() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: String,
    exp: i64,
}

#[derive(Debug)]
pub struct History {
    path: PathBuf,
    entries: Vec<Entry>,
    changed: bool,
}

impl History {
    /// Open (or start) the history in `dir`, dropping entries that have expired.
    pub fn open(dir: &Path, now: i64) -> Result<History> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(
                    anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
                );
            }
        };
        let mut entries = Vec::new();
        let mut changed = false;
        for line in text.lines() {
            let mut parts = line.split_whitespace();
            let (Some(key), Some(exp)) = (parts.next(), parts.next()) else {
                changed = true;
                continue;
            };
            let Ok(exp) = exp.parse::<i64>() else {
                changed = true;
                continue;
            };
            let well_formed = key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit());
            if !well_formed || exp + KEEP_AFTER_EXP < now {
                changed = true;
                continue;
            }
            entries.push(Entry {
                key: key.to_ascii_lowercase(),
                exp,
            });
        }
        Ok(History {
            path,
            entries,
            changed,
        })
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|e| e.key == key)
    }

    /// Remember an assertion; `exp` None means it carries no (readable) exp.
    pub fn record(&mut self, key: String, exp: Option<i64>, now: i64) {
        let exp = exp.unwrap_or(now + NO_EXP_KEEP);
        match self.entries.iter_mut().find(|e| e.key == key) {
            Some(e) => e.exp = e.exp.max(exp),
            None => self.entries.push(Entry { key, exp }),
        }
        self.changed = true;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Write the file atomically (temporary file, then rename), private to the user.
    pub fn save(&mut self) -> Result<()> {
        if !self.changed {
            return Ok(());
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let mut text = String::new();
        for e in &self.entries {
            let _ = writeln!(text, "{} {}", e.key, e.exp);
        }
        let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
        write_private(&tmp, text.as_bytes())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        if let Err(e) = std::fs::rename(&tmp, &self.path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(
                anyhow::Error::new(e).context(format!("cannot write {}", self.path.display()))
            );
        }
        self.changed = false;
        Ok(())
    }
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_sha256_of_iss_nul_jti() {
        // printf 'a\0b' | sha256sum
        assert_eq!(
            key("a", "b"),
            "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138"
        );
        assert_ne!(key("ab", ""), key("a", "b"));
        assert_eq!(key("a", "b").len(), 64);
    }

    #[test]
    fn record_save_reopen_and_prune() {
        let dir = std::env::temp_dir().join(format!("jwtgrant-history-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut h = History::open(&dir, 1000).unwrap();
        h.record(key("iss", "1"), Some(2000), 1000);
        h.record(key("iss", "2"), Some(1100), 1000);
        h.save().unwrap();
        let text = std::fs::read_to_string(dir.join(FILE_NAME)).unwrap();
        assert!(!text.contains("iss"), "{text}");
        let reopened = History::open(&dir, 1000).unwrap();
        assert!(reopened.contains(&key("iss", "1")) && reopened.contains(&key("iss", "2")));
        let later = History::open(&dir, 1100 + KEEP_AFTER_EXP + 1).unwrap();
        assert!(later.contains(&key("iss", "1")));
        assert!(!later.contains(&key("iss", "2")));
        assert_eq!(later.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
