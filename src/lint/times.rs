//! Reading exp / nbf / iat as NumericDate, noticing the usual mistakes on the way.

use crate::jose::Token;
use serde_json::Value;

pub const TIME_CLAIMS: [&str; 3] = ["iat", "nbf", "exp"];

/// Above this a NumericDate is almost certainly milliseconds (year 5138 in seconds).
const MILLIS_THRESHOLD: f64 = 1e11;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Problem {
    Milliseconds,
    Microseconds,
    Nanoseconds,
    String,
    Fraction,
    Negative,
    NotANumber,
}

impl Problem {
    pub fn describe(self) -> &'static str {
        match self {
            Problem::Milliseconds => "looks like milliseconds, not seconds",
            Problem::Microseconds => "looks like microseconds, not seconds",
            Problem::Nanoseconds => "looks like nanoseconds, not seconds",
            Problem::String => "is a string, not a JSON number",
            Problem::Fraction => "has a fractional part; many servers parse integers only",
            Problem::Negative => "is zero or negative",
            Problem::NotANumber => "is not a number",
        }
    }

    /// A sub-second unit used where seconds belong.
    pub fn is_unit(self) -> bool {
        matches!(
            self,
            Problem::Milliseconds | Problem::Microseconds | Problem::Nanoseconds
        )
    }
}

/// One time claim: its raw JSON, its value in seconds when one can be read, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeClaim {
    pub name: &'static str,
    pub raw: Value,
    /// Seconds since 1970, as the sender most likely meant it (ms divided by 1000).
    pub seconds: Option<i64>,
    pub problem: Option<Problem>,
}

impl TimeClaim {
    /// The value a conforming server would use, if it can use it at all.
    pub fn as_server_sees_it(&self) -> Option<i64> {
        match self.problem {
            None | Some(Problem::Fraction) => self.seconds,
            _ => None,
        }
    }
}

pub fn read(token: &Token, name: &'static str) -> Option<TimeClaim> {
    let raw = token.claim(name)?.clone();
    let (seconds, problem) = interpret(&raw);
    Some(TimeClaim {
        name,
        raw,
        seconds,
        problem,
    })
}

pub fn read_all(token: &Token) -> Vec<TimeClaim> {
    TIME_CLAIMS.iter().filter_map(|n| read(token, n)).collect()
}

/// The seconds a conforming server would use (`TimeClaim::as_server_sees_it`), read in
/// place without building a `TimeClaim`: the time rules ask this several times per token.
pub fn server_seconds(token: &Token, name: &str) -> Option<i64> {
    match interpret(token.claim(name)?) {
        (seconds, None | Some(Problem::Fraction)) => seconds,
        _ => None,
    }
}

/// The time claims that are not clean NumericDates in seconds, with what is wrong.
pub fn problems(token: &Token) -> impl Iterator<Item = TimeClaim> + '_ {
    TIME_CLAIMS.iter().filter_map(|name| {
        let raw = token.claim(name)?;
        let (seconds, problem) = interpret(raw);
        problem?;
        Some(TimeClaim {
            name,
            raw: raw.clone(),
            seconds,
            problem,
        })
    })
}

fn interpret(raw: &Value) -> (Option<i64>, Option<Problem>) {
    match raw {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                number(i as f64, false)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                number(f, f.fract() != 0.0)
            }
        }
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => {
                let (seconds, _) = number(f, false);
                (seconds, Some(Problem::String))
            }
            _ => (None, Some(Problem::String)),
        },
        _ => (None, Some(Problem::NotANumber)),
    }
}

fn number(value: f64, fractional: bool) -> (Option<i64>, Option<Problem>) {
    if !value.is_finite() {
        return (None, Some(Problem::NotANumber));
    }
    if value <= 0.0 {
        return (Some(value as i64), Some(Problem::Negative));
    }
    if value > MILLIS_THRESHOLD {
        return sub_second(value);
    }
    let seconds = Some(value.floor() as i64);
    (seconds, fractional.then_some(Problem::Fraction))
}

/// A value in ms, µs or ns, read as seconds. Out of line: the common case never gets here.
#[cold]
#[inline(never)]
fn sub_second(value: f64) -> (Option<i64>, Option<Problem>) {
    // Now is ~1.8e9 s, ~1.8e12 ms, ~1.8e15 µs, ~1.8e18 ns.
    let (divisor, problem) = if value > 1e17 {
        (1e9, Problem::Nanoseconds)
    } else if value > 1e14 {
        (1e6, Problem::Microseconds)
    } else {
        (1e3, Problem::Milliseconds)
    };
    (Some((value / divisor) as i64), Some(problem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seconds_are_fine() {
        assert_eq!(
            interpret(&json!(1_764_079_200)),
            (Some(1_764_079_200), None)
        );
    }

    #[test]
    fn milliseconds_are_recognised_and_converted() {
        assert_eq!(
            interpret(&json!(1_764_079_200_123_i64)),
            (Some(1_764_079_200), Some(Problem::Milliseconds))
        );
    }

    #[test]
    fn micro_and_nanoseconds_are_told_apart() {
        assert_eq!(
            interpret(&json!(1_764_079_200_123_456_i64)),
            (Some(1_764_079_200), Some(Problem::Microseconds))
        );
        assert_eq!(
            interpret(&json!(1_764_079_200_123_456_789_i64)),
            (Some(1_764_079_200), Some(Problem::Nanoseconds))
        );
    }

    #[test]
    fn strings_fractions_and_junk() {
        assert_eq!(
            interpret(&json!("1764079200")),
            (Some(1_764_079_200), Some(Problem::String))
        );
        assert_eq!(interpret(&json!("soon")), (None, Some(Problem::String)));
        assert_eq!(
            interpret(&json!(1_764_079_200.5)),
            (Some(1_764_079_200), Some(Problem::Fraction))
        );
        assert_eq!(
            interpret(&json!(1_764_079_200.0)),
            (Some(1_764_079_200), None)
        );
        assert_eq!(interpret(&json!(-5)), (Some(-5), Some(Problem::Negative)));
        assert_eq!(interpret(&json!(true)), (None, Some(Problem::NotANumber)));
        assert_eq!(interpret(&json!(null)), (None, Some(Problem::NotANumber)));
    }

    #[test]
    fn servers_ignore_unusable_values() {
        let c = TimeClaim {
            name: "exp",
            raw: json!(1),
            seconds: Some(5),
            problem: Some(Problem::Milliseconds),
        };
        assert_eq!(c.as_server_sees_it(), None);
    }
}
