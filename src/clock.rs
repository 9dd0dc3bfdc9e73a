//! Time: the injectable "now", durations on the command line, and humanized offsets.

use anyhow::{Result, bail};
use chrono::{DateTime, SecondsFormat, Utc};

/// Where a command's "now" came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NowFrom {
    /// This machine's clock, when the command ran.
    #[default]
    System,
    /// `--now`: the user said when.
    Given,
}

/// Parse `--now`: UNIX seconds, an RFC 3339 timestamp, or an HTTP date (IMF-fixdate, as a
/// `Date:` header is copied: `Wed, 25 Nov 2026 09:14:05 GMT`).
pub fn parse_now(text: &str) -> Result<i64> {
    let text = text.trim();
    if let Ok(secs) = text.parse::<i64>() {
        return Ok(secs);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.timestamp());
    }
    match parse_http_date(text) {
        Some(secs) => Ok(secs),
        None => bail!(
            "--now {text:?} is neither UNIX seconds (1764079200), RFC 3339 (2025-11-25T14:00:00Z) nor an HTTP date (Tue, 25 Nov 2025 14:00:00 GMT)"
        ),
    }
}

pub fn system_now() -> i64 {
    Utc::now().timestamp()
}

/// Parse a duration like `90`, `90s`, `5m`, `1h`, `1h30m`, `2d`. Bare numbers are seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let text = text.trim();
    if text.is_empty() {
        bail!("empty duration");
    }
    if let Ok(secs) = text.parse::<i64>() {
        if secs < 0 {
            bail!("duration {text:?} is negative");
        }
        return Ok(secs);
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        if c == 'm' && chars.peek() == Some(&'i') {
            // accept "min"
            unit.extend(chars.by_ref().take(2));
        }
        let scale = match unit.as_str() {
            "s" => 1,
            "m" | "min" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => bail!("duration {text:?}: unknown unit {unit:?} (use s, m, h or d, e.g. 5m)"),
        };
        let n: i64 = number.parse().map_err(|_| {
            anyhow::anyhow!("duration {text:?}: a number must come before {unit:?}")
        })?;
        total = n
            .checked_mul(scale)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| anyhow::anyhow!("duration {text:?} is too large"))?;
        number.clear();
    }
    if !number.is_empty() {
        bail!("duration {text:?}: {number} has no unit (use s, m, h or d)");
    }
    Ok(total)
}

/// A duration that may be negative ("-5m", for a clock behind) or carry a "+".
pub fn parse_signed_duration(text: &str) -> Result<i64> {
    match text.trim().strip_prefix('-') {
        Some(rest) => Ok(-parse_duration(rest)?),
        None => parse_duration(text.trim().trim_start_matches('+')),
    }
}

/// `2026-11-25T14:00:00Z`, or a note when the value is outside chrono's range.
pub fn utc(secs: i64) -> String {
    match DateTime::<Utc>::from_timestamp(secs, 0) {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        None => format!("{secs} (out of range)"),
    }
}

/// Parse an HTTP-date (IMF-fixdate, e.g. `Tue, 25 Nov 2025 14:00:03 GMT`).
pub fn parse_http_date(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc2822(text.trim())
        .ok()
        .map(|t| t.timestamp())
}

/// A short span: `45 s`, `8 min`, `2 h 10 min`, `3 d 4 h`.
pub fn span(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, _, _) if d >= 365 => years(d / 365),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

fn years(n: u64) -> String {
    if n == 1 {
        "1 year".to_string()
    } else {
        format!("{n} years")
    }
}

/// "expires in 4 min", "expired 8 min ago".
pub fn describe_exp(exp: i64, now: i64) -> String {
    let delta = exp - now;
    if delta > 0 {
        format!("expires in {}", span(delta))
    } else if delta == 0 {
        "expires now".to_string()
    } else {
        format!("expired {} ago", span(delta))
    }
}

/// "valid since 2 min ago", "not valid for another 3 min".
pub fn describe_nbf(nbf: i64, now: i64) -> String {
    let delta = nbf - now;
    if delta > 0 {
        format!("not valid for another {}", span(delta))
    } else if delta == 0 {
        "valid from now".to_string()
    } else {
        format!("valid since {} ago", span(delta))
    }
}

/// "issued 3 min ago", "issued 2 h in the future".
pub fn describe_iat(iat: i64, now: i64) -> String {
    let delta = iat - now;
    if delta > 0 {
        format!("issued {} in the future", span(delta))
    } else if delta == 0 {
        "issued just now".to_string()
    } else {
        format!("issued {} ago", span(delta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates() {
        assert_eq!(
            parse_http_date("Tue, 25 Nov 2025 14:00:03 GMT"),
            Some(1_764_079_203)
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn now_accepts_unix_and_rfc3339() {
        assert_eq!(parse_now("1764079200").unwrap(), 1_764_079_200);
        assert_eq!(parse_now("2025-11-25T14:00:00Z").unwrap(), 1_764_079_200);
        assert_eq!(
            parse_now("2025-11-25T15:00:00+01:00").unwrap(),
            1_764_079_200
        );
        let err = parse_now("yesterday").unwrap_err().to_string();
        assert!(
            err.contains("RFC 3339") && err.contains("HTTP date"),
            "{err}"
        );
    }

    #[test]
    fn now_accepts_an_http_date_as_copied_from_a_date_header() {
        assert_eq!(
            parse_now("Wed, 25 Nov 2026 09:14:05 GMT").unwrap(),
            parse_now("2026-11-25T09:14:05Z").unwrap()
        );
        assert_eq!(
            parse_now("  Tue, 25 Nov 2025 14:00:00 GMT\n").unwrap(),
            1_764_079_200
        );
    }

    #[test]
    fn signed_durations() {
        assert_eq!(parse_signed_duration("-5m").unwrap(), -300);
        assert_eq!(parse_signed_duration("2h").unwrap(), 7200);
        assert_eq!(parse_signed_duration("+30s").unwrap(), 30);
        assert!(parse_signed_duration("-x").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), 90);
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("5m").unwrap(), 300);
        assert_eq!(parse_duration("5min").unwrap(), 300);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400);
        assert_eq!(parse_duration("2d").unwrap(), 172_800);
        assert!(
            parse_duration("5x")
                .unwrap_err()
                .to_string()
                .contains("unknown unit")
        );
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("5m3").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("-5").is_err());
        assert!(parse_duration("99999999999999999d").is_err());
    }

    #[test]
    fn spans_pick_readable_units() {
        assert_eq!(span(45), "45 s");
        assert_eq!(span(-480), "8 min");
        assert_eq!(span(8 * 60 + 59), "8 min");
        assert_eq!(span(7200), "2 h");
        assert_eq!(span(7800), "2 h 10 min");
        assert_eq!(span(3 * 86_400 + 4 * 3600 + 5), "3 d 4 h");
        assert_eq!(span(3 * 86_400), "3 d");
        assert_eq!(span(800 * 86_400), "2 years");
        assert_eq!(span(372 * 86_400 + 3600), "1 year");
    }

    #[test]
    fn relative_descriptions() {
        assert_eq!(describe_exp(1240, 1000), "expires in 4 min");
        assert_eq!(describe_exp(1000 - 480, 1000), "expired 8 min ago");
        assert_eq!(describe_iat(1000 + 7200, 1000), "issued 2 h in the future");
        assert_eq!(describe_iat(820, 1000), "issued 3 min ago");
        assert_eq!(describe_nbf(1180, 1000), "not valid for another 3 min");
        assert_eq!(describe_nbf(880, 1000), "valid since 2 min ago");
        assert_eq!(describe_exp(1000, 1000), "expires now");
    }

    #[test]
    fn utc_formats_and_survives_absurd_values() {
        assert_eq!(utc(1_764_079_200), "2025-11-25T14:00:00Z");
        assert!(utc(i64::MAX).contains("out of range"));
    }
}
