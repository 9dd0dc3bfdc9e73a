//! Interop dependencies: real servers and independent JOSE libraries, installed on first
//! run into tests/interop/node_modules (npm) and tests/interop/.deps/venv (pip), then
//! reused. With JWTGRANT_REQUIRE_INTEROP=1 (as .ci/run sets) a failed install fails the
//! test; otherwise the test says why and skips.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

fn deps_dir() -> PathBuf {
    interop_dir().join(".deps")
}

fn required() -> bool {
    std::env::var_os("JWTGRANT_REQUIRE_INTEROP").is_some_and(|v| v == "1")
}

/// Either fail (CI) or report a skip and return None.
fn give_up<T>(what: &str, why: String) -> Option<T> {
    if required() {
        panic!("interop: {what} could not be set up and JWTGRANT_REQUIRE_INTEROP=1: {why}");
    }
    eprintln!("interop: skipping, {what} could not be set up: {why}");
    None
}

/// A crude cross-process lock (mkdir is atomic) so two test processes don't install at once.
struct InstallLock(PathBuf);

impl InstallLock {
    fn take(name: &str) -> Result<InstallLock, String> {
        std::fs::create_dir_all(deps_dir()).map_err(|e| e.to_string())?;
        let path = deps_dir().join(format!("{name}.lock"));
        let deadline = Instant::now() + Duration::from_secs(900);
        loop {
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(InstallLock(path)),
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(500))
                }
                Err(e) => return Err(format!("waited 15 min for {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for InstallLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
}

fn stamp_matches(stamp: &Path, wanted: &str) -> bool {
    std::fs::read_to_string(stamp).is_ok_and(|s| s == wanted)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{cmd:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The directory holding node_modules with every package in tests/interop/package.json.
pub fn node_dir() -> Option<PathBuf> {
    static NODE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let result = NODE.get_or_init(|| {
        let dir = interop_dir();
        let manifest =
            std::fs::read_to_string(dir.join("package.json")).map_err(|e| e.to_string())?;
        let _lock = InstallLock::take("node")?;
        let stamp = deps_dir().join("node.stamp");
        if !stamp_matches(&stamp, &manifest) || !dir.join("node_modules").is_dir() {
            run(Command::new("npm")
                .args([
                    "install",
                    "--no-package-lock",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                ])
                .current_dir(&dir))?;
            std::fs::write(&stamp, &manifest).map_err(|e| e.to_string())?;
        }
        Ok(dir)
    });
    match result {
        Ok(dir) => Some(dir.clone()),
        Err(why) => give_up("node packages (npm install)", why.clone()),
    }
}

/// The venv's python, with every package in tests/interop/requirements.txt.
pub fn python() -> Option<PathBuf> {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    venv_python(&PYTHON, "venv", "requirements.txt", "python")
}

/// mitmproxy's `mitmdump` (a real HAR recorder), in its own venv from
/// tests/interop/requirements-mitmproxy.txt: it pins versions of shared packages
/// (cryptography) that the JOSE libraries in the main venv need newer.
pub fn mitmdump() -> Option<PathBuf> {
    static MITM: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let python = venv_python(
        &MITM,
        "mitmproxy-venv",
        "requirements-mitmproxy.txt",
        "mitmproxy",
    )?;
    Some(python.with_file_name("mitmdump"))
}

/// A venv under tests/interop/.deps/`venv` with the packages of `requirements`, made once
/// (and again when the file changes); `what` names it in messages and in its lock.
fn venv_python(
    cell: &'static OnceLock<Result<PathBuf, String>>,
    venv: &str,
    requirements: &str,
    what: &str,
) -> Option<PathBuf> {
    let result = cell.get_or_init(|| {
        let requirements = interop_dir().join(requirements);
        let wanted = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
        let _lock = InstallLock::take(what)?;
        let venv = deps_dir().join(venv);
        let python = venv.join("bin/python");
        let stamp = deps_dir().join(format!("{what}.stamp"));
        if !stamp_matches(&stamp, &wanted) || !python.exists() {
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
            run(Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(&requirements))?;
            std::fs::write(&stamp, &wanted).map_err(|e| e.to_string())?;
        }
        Ok(python)
    });
    match result {
        Ok(p) => Some(p.clone()),
        Err(why) => give_up(&format!("{what} (pip install)"), why.clone()),
    }
}
