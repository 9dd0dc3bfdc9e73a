//! Exit statuses (DESIGN.md): 0 good, 1 the check found errors, 2 could not do it,
//! 3 network or transport failure. Broken pipe exits quietly with 0.

use std::fmt;

/// What a command that ran to completion concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing wrong (warnings allowed).
    Clean,
    /// The subject is bad: an error finding, a bad signature, a rejected request.
    Findings,
}

impl Status {
    pub fn from_errors(has_errors: bool) -> Status {
        if has_errors {
            Status::Findings
        } else {
            Status::Clean
        }
    }
}

impl Status {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Findings => 1,
        }
    }
}

pub const COULD_NOT: u8 = 2;
pub const TRANSPORT: u8 = 3;

/// An error that comes with advice; printed as `hint: …` under the error.
#[derive(Debug)]
pub struct Hint {
    pub message: String,
    pub hint: String,
}

impl Hint {
    // Returns the error ready to `?`/`Err(...)`, since a Hint is only ever used as one.
    #[allow(clippy::new_ret_no_self)]
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Hint {
            message: message.into(),
            hint: hint.into(),
        })
    }
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hint {}

/// A network or transport failure (refused, timeout, TLS): exit 3.
#[derive(Debug)]
pub struct Transport(pub String);

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Transport {}

/// The exit code for an error that stopped a command.
pub fn code_for(err: &anyhow::Error) -> u8 {
    if err.chain().any(|c| c.downcast_ref::<Transport>().is_some()) {
        TRANSPORT
    } else {
        COULD_NOT
    }
}
