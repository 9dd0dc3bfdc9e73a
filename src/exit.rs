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

/// What went wrong on the way to or from a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// No answer in time: the request may have reached the server.
    Timeout,
    /// No connection (refused, unreachable, DNS): the request never left.
    Connect,
    /// The TLS handshake failed: nothing was sent.
    Tls,
    /// The server started answering, then the connection broke: the request arrived.
    Read,
    /// Anything else the HTTP client reports.
    Other,
}

impl TransportKind {
    /// Whether the request can have reached the server (it may have acted on it).
    pub fn may_have_arrived(self) -> bool {
        matches!(self, TransportKind::Timeout | TransportKind::Read)
    }
}

/// A network or transport failure (refused, timeout, TLS): exit 3.
#[derive(Debug)]
pub struct Transport {
    pub kind: TransportKind,
    pub message: String,
    /// What to do about it, printed as `hint: …`.
    pub hint: Option<String>,
}

impl Transport {
    pub fn error(kind: TransportKind, message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Transport {
            kind,
            message: message.into(),
            hint: None,
        })
    }

    pub fn with_hint(
        kind: TransportKind,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> anyhow::Error {
        anyhow::Error::new(Transport {
            kind,
            message: message.into(),
            hint: Some(hint.into()),
        })
    }

    /// The transport failure somewhere in an error's chain.
    pub fn find(err: &anyhow::Error) -> Option<&Transport> {
        err.chain().find_map(|c| c.downcast_ref::<Transport>())
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Transport {}

/// The advice attached to one link of an error chain (`Hint`, or a `Transport` hint).
pub fn hint_of<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a str> {
    if let Some(h) = cause.downcast_ref::<Hint>() {
        return Some(&h.hint);
    }
    cause
        .downcast_ref::<Transport>()
        .and_then(|t| t.hint.as_deref())
}

/// Every error below `err`, itself included. Unlike `source()` alone this also looks inside
/// an `io::Error` that wraps another error (its `source()` skips the wrapped error itself),
/// which is how the HTTP client and serde_json hand errors through `Read` and `Write`.
pub fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> Vec<&'a (dyn std::error::Error + 'static)> {
    let mut found = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        found.push(e);
        next = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    found
}

/// The exit code for an error that stopped a command.
pub fn code_for(err: &anyhow::Error) -> u8 {
    if Transport::find(err).is_some() {
        TRANSPORT
    } else {
        COULD_NOT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_look_inside_wrapped_io_errors() {
        let inner = std::io::Error::from(std::io::ErrorKind::TimedOut);
        let outer = std::io::Error::other(Transport {
            kind: TransportKind::Read,
            message: "read".into(),
            hint: None,
        });
        let all = causes(&outer);
        assert_eq!(all.len(), 2);
        assert!(all[1].downcast_ref::<Transport>().is_some());
        assert_eq!(causes(&inner).len(), 1);
    }

    #[test]
    fn transport_errors_exit_3_and_carry_their_hint() {
        let err = Transport::with_hint(TransportKind::Tls, "tls failed", "use --cacert");
        assert_eq!(code_for(&err), TRANSPORT);
        assert_eq!(
            Transport::find(&err).map(|t| t.kind),
            Some(TransportKind::Tls)
        );
        assert_eq!(err.chain().find_map(hint_of), Some("use --cacert"));
        assert_eq!(code_for(&anyhow::anyhow!("x")), COULD_NOT);
    }
}
