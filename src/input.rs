//! Where input comes from (argument, `-` for stdin, `@FILE`) and which JWT in it to use.
//!
//! Everything here reads text from anyone: it must not panic on any input (slicing by byte
//! offset is denied by lint in these modules; `get` returns None instead), must stay linear
//! in the size of the input, and reads at most MAX_INPUT_BYTES of any one input
//! (MAX_CAPTURE_BYTES of a whole capture for triage).
#![deny(clippy::indexing_slicing, clippy::string_slice)]

pub mod capture;
pub mod locate;
pub mod percent;
pub mod request;
mod starts;

pub use locate::{Candidate, Place};

use crate::exit::Hint;
use anyhow::{Context, Result, bail};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The most jwtgrant reads of one input: an argument, stdin or an @FILE read whole, and one
/// line of what `lint` streams line by line (`-`, @FILE, --scan). Tokens, requests and
/// pasted errors are far smaller; more would only cost memory and time.
pub const MAX_INPUT_BYTES: usize = 16 * MIB;
/// The cap for a whole capture (`triage`, `replay --from`): a browser's HAR export carries
/// every response body of the page, and is often far larger than any token request.
pub const MAX_CAPTURE_BYTES: usize = 256 * MIB;
const MIB: usize = 1024 * 1024;

/// Commands that read a whole capture rather than a token or a pasted error.
fn reads_captures(command: &str) -> bool {
    matches!(command, "triage" | "replay --from")
}

/// The most `command` reads of one input.
pub fn cap_for(command: &str) -> usize {
    if reads_captures(command) {
        MAX_CAPTURE_BYTES
    } else {
        MAX_INPUT_BYTES
    }
}

/// "jwtgrant reads at most 16 MiB from stdin for explain": how every cap message names it.
/// `from` says which kind of input ("from stdin", "of one line").
pub fn cap_phrase(from: &str, command: &str) -> String {
    format!(
        "jwtgrant reads at most {} MiB {from} for {command}",
        cap_for(command) / MIB
    )
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

/// An input over the cap: its size when known (a file, an argument), else "more than".
fn too_large(origin: &Origin, size: Option<u64>, command: &str) -> anyhow::Error {
    let (what, from) = match origin {
        Origin::Stdin => ("stdin".to_string(), "from stdin"),
        Origin::File(path) => (path.display().to_string(), "from a file"),
        Origin::Argument | Origin::Example => ("the argument".to_string(), "in an argument"),
    };
    let size = match size {
        Some(n) => format!("is {}", mib(n)),
        None => format!("holds more than {} MiB", cap_for(command) / MIB),
    };
    let hint = if reads_captures(command) {
        "export the HAR again without response content (or only the token endpoint's calls: filter the network panel by the token URL), or cut the transcript to the calls in question"
    } else {
        "pass only the part that holds the token or the error (grep it out); to search a large log, use `jwtgrant lint --scan FILE`, which reads it line by line"
    };
    Hint::new(
        format!("{what} {size}; {}", cap_phrase(from, command)),
        hint,
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Argument,
    Stdin,
    File(PathBuf),
    Example,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Argument => f.write_str("the argument"),
            Origin::Stdin => f.write_str("stdin"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Example => f.write_str("the built-in example"),
        }
    }
}

impl Origin {
    pub fn kind(&self) -> &'static str {
        match self {
            Origin::Argument => "argument",
            Origin::Stdin => "stdin",
            Origin::File(_) => "file",
            Origin::Example => "example",
        }
    }
}

pub struct Input {
    pub origin: Origin,
    pub text: String,
    /// Bytes that were not UTF-8 were replaced before scanning.
    pub invalid_utf8: bool,
}

/// Is this file argument `-` (stdin)?
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// stdin can be read once: refuse a command where more than one input is `-`. `readers`
/// names each input and whether it reads stdin.
pub fn one_stdin_reader(readers: &[(&str, bool)]) -> Result<()> {
    let names: Vec<&str> = readers
        .iter()
        .filter(|(_, reads)| *reads)
        .map(|(name, _)| *name)
        .collect();
    if names.len() > 1 {
        return Err(Hint::new(
            format!(
                "{} would each read stdin, which can be read only once",
                names.join(" and ")
            ),
            "pass all but one of them as files (@FILE for a token, a path for the others)",
        ));
    }
    Ok(())
}

/// Read `TOKEN`, `-` or `@FILE` for `command` (named when the input is over the cap).
pub fn read(spec: &str, command: &str) -> Result<Input> {
    if spec == "-" {
        let bytes = read_capped(std::io::stdin().lock(), &Origin::Stdin, command)?;
        return Ok(from_bytes(Origin::Stdin, bytes));
    }
    if let Some(path) = spec.strip_prefix('@') {
        if path.is_empty() {
            bail!("@ must be followed by a file name, e.g. @request.txt");
        }
        return read_file(Path::new(path), command);
    }
    check_argument(spec, command)?;
    Ok(Input {
        origin: Origin::Argument,
        text: spec.to_string(),
        invalid_utf8: false,
    })
}

/// An argument over the cap (the OS allows long ones on some systems) is refused too.
pub fn check_argument(text: &str, command: &str) -> Result<()> {
    if text.len() > cap_for(command) {
        return Err(too_large(
            &Origin::Argument,
            Some(text.len() as u64),
            command,
        ));
    }
    Ok(())
}

pub fn read_file(path: &Path, command: &str) -> Result<Input> {
    let file = open_file(
        path,
        "check the path; to pass a token directly, leave out the @",
    )?;
    let origin = Origin::File(path.to_path_buf());
    // Refuse a large file before reading any of it.
    if let Some(len) = file.metadata().ok().map(|m| m.len()) {
        if len > cap_for(command) as u64 {
            return Err(too_large(&origin, Some(len), command));
        }
    }
    let bytes = read_capped(file, &origin, command)?;
    Ok(from_bytes(origin, bytes))
}

/// Open a file the user named, with an error that says what is wrong (missing: `hint`).
pub fn open_file(path: &Path, hint: &str) -> Result<std::fs::File> {
    let meta = std::fs::metadata(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Hint::new(
                format!("cannot read {}: no such file", path.display()),
                hint,
            )
        } else {
            anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
        }
    })?;
    if meta.is_dir() {
        bail!(
            "cannot read {}: it is a directory, not a file",
            path.display()
        );
    }
    std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Read all of `reader`, refusing it when it holds more than `command`'s cap (of which at
/// most one byte more is read).
pub fn read_capped(reader: impl Read, origin: &Origin, command: &str) -> Result<Vec<u8>> {
    let cap = cap_for(command);
    let mut bytes = Vec::new();
    reader
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {origin}"))?;
    if bytes.len() > cap {
        let size = match origin {
            // a file that grew while it was read: the size it has now
            Origin::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            _ => None,
        };
        return Err(too_large(origin, size, command));
    }
    Ok(bytes)
}

fn from_bytes(origin: Origin, bytes: Vec<u8>) -> Input {
    match String::from_utf8(bytes) {
        Ok(text) => Input {
            origin,
            text,
            invalid_utf8: false,
        },
        Err(e) => Input {
            origin,
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            invalid_utf8: true,
        },
    }
}

/// The JWTs found in an input and the one chosen by `--field` / `--index` (default: first).
#[derive(Debug)]
pub struct Selection {
    pub candidates: Vec<Candidate>,
    /// Index of the chosen one in `candidates`.
    pub chosen: usize,
    candidate: Candidate,
}

impl Selection {
    pub fn candidate(&self) -> &Candidate {
        &self.candidate
    }
}

pub fn select(input: &Input, field: Option<&str>, index: Option<u64>) -> Result<Selection> {
    let candidates = locate::find(&input.text);
    if candidates.is_empty() {
        return Err(nothing_found(input));
    }
    let chosen = if let Some(name) = field {
        candidates
            .iter()
            .position(|c| {
                c.place
                    .field()
                    .is_some_and(|f| f.eq_ignore_ascii_case(name))
            })
            .ok_or_else(|| {
                let fields: Vec<String> = candidates.iter().map(|c| c.place.to_string()).collect();
                Hint::new(
                    format!("no JWT in a field named {name:?} in {}", input.origin),
                    format!("found: {}", fields.join(", ")),
                )
            })?
    } else if let Some(n) = index {
        let i = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
        match i.filter(|i| *i < candidates.len()) {
            Some(i) => i,
            None => {
                return Err(Hint::new(
                    format!(
                        "--index {n}, but {} holds {} JWT{}",
                        input.origin,
                        candidates.len(),
                        if candidates.len() == 1 { "" } else { "s" }
                    ),
                    "indexes start at 1",
                ));
            }
        }
    } else {
        0
    };
    let Some(candidate) = candidates.get(chosen).cloned() else {
        return Err(nothing_found(input));
    };
    Ok(Selection {
        candidates,
        chosen,
        candidate,
    })
}

fn nothing_found(input: &Input) -> anyhow::Error {
    let origin = &input.origin;
    if input.text.trim().is_empty() {
        return Hint::new(
            format!("{origin} is empty: there is no JWT to read"),
            "pass the token as an argument, '-' to read stdin, or @FILE",
        );
    }
    if input.invalid_utf8 {
        return Hint::new(
            format!("no JWT found in {origin}: the input is not text (it is not valid UTF-8)"),
            "a JWT is ASCII text such as eyJhbGciOi…",
        );
    }
    let looks_like_path = *origin == Origin::Argument
        && !input.text.contains(char::is_whitespace)
        && Path::new(&input.text).is_file();
    if looks_like_path {
        return Hint::new(
            format!("no JWT found in the argument {:?}", input.text),
            format!("to read that file, write @{}", input.text),
        );
    }
    Hint::new(
        format!("no JWT found in {origin}"),
        "expected a compact JWT (three base64url parts starting eyJ…, separated by dots), or text containing one",
    )
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    fn text_input(text: &str) -> Input {
        Input {
            origin: Origin::Argument,
            text: text.into(),
            invalid_utf8: false,
        }
    }

    const A: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";
    const B: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJiIn0.c2lnMg";

    #[test]
    fn picks_first_by_default_and_by_field_or_index() {
        let input = text_input(&format!("client_assertion={A}&assertion={B}"));
        assert_eq!(select(&input, None, None).unwrap().candidate().token, A);
        assert_eq!(
            select(&input, Some("assertion"), None)
                .unwrap()
                .candidate()
                .token,
            B
        );
        assert_eq!(select(&input, None, Some(2)).unwrap().candidate().token, B);
    }

    #[test]
    fn wrong_field_or_index_lists_what_is_there() {
        let input = text_input(&format!("client_assertion={A}"));
        let err = select(&input, Some("nope"), None).unwrap_err();
        let hint = err.downcast_ref::<Hint>().unwrap();
        assert!(
            hint.hint.contains("form field client_assertion"),
            "{}",
            hint.hint
        );
        let err = select(&input, None, Some(3)).unwrap_err();
        assert!(err.to_string().contains("holds 1 JWT"), "{err}");
    }

    #[test]
    fn empty_and_junk_inputs_say_why() {
        assert!(
            select(&text_input("  \n"), None, None)
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        let junk = Input {
            origin: Origin::Stdin,
            text: "\u{fffd}\u{fffd}".into(),
            invalid_utf8: true,
        };
        assert!(
            select(&junk, None, None)
                .unwrap_err()
                .to_string()
                .contains("not valid UTF-8")
        );
    }
}
