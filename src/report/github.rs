//! GitHub Actions workflow commands: one `::error …::` / `::warning …::` / `::notice …::`
//! line per finding, with file and line where the token came from a file.

use super::lint::{BATCH_BYTES, Input, Linted, Reporter, RunInfo, Summary, write_pending};
use crate::findings::Severity;
use crate::output::Output;
use std::io;

#[derive(Default)]
pub struct Github {
    pending: String,
}

/// Message data: %, CR and LF are escaped (GitHub's toolkit rules).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values additionally escape ':' and ','.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn begin(&mut self, _: &Output, _: &RunInfo) -> io::Result<()> {
        Ok(())
    }

    fn token(&mut self, out: &Output, t: &Linted) -> io::Result<()> {
        for f in t.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = Vec::new();
            if let Input::File(path) = t.location.input {
                props.push(format!(
                    "file={}",
                    escape_property(&path.display().to_string())
                ));
                props.push(format!("line={}", t.location.line));
            }
            props.push(format!(
                "title={}",
                escape_property(&format!("jwtgrant {}", f.code))
            ));
            let mut message = format!(
                "{} [token {}, {}]",
                f.message,
                t.ordinal,
                t.location.describe()
            );
            if let Some(hint) = &f.hint {
                message.push_str(&format!(" fix: {hint}"));
            }
            self.pending.push_str(&format!(
                "::{command} {}::{}\n",
                props.join(","),
                escape_data(&message)
            ));
        }
        if self.pending.len() >= BATCH_BYTES {
            write_pending(out, &mut self.pending)?;
        }
        Ok(())
    }

    fn flush(&mut self, out: &Output) -> io::Result<()> {
        write_pending(out, &mut self.pending)?;
        out.flush()
    }

    fn finish(&mut self, out: &Output, _: &RunInfo, sum: &Summary) -> io::Result<()> {
        write_pending(out, &mut self.pending)?;
        out.note(&format!(
            "{} tokens: {} clean, {} with warnings, {} failing",
            sum.tokens, sum.clean, sum.with_warnings, sum.with_errors
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("C:\\a,b"), "C%3A\\a%2Cb");
    }
}
