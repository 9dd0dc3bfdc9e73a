//! Small helpers shared by the checks: reading aud, explaining near misses, keeping
//! values in messages short.

use serde_json::Value;
use std::borrow::Cow;

/// Claim values longer than this are cut in messages (a 10 MB claim stays a short line).
const SHOWN_MAX: usize = 120;

/// `value`, or its first characters and the length when it is long.
pub fn shown(value: &str) -> Cow<'_, str> {
    if value.len() <= SHOWN_MAX {
        return Cow::Borrowed(value);
    }
    let mut end = SHOWN_MAX;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}… ({} bytes)", &value[..end], value.len()))
}

/// aud as a list of strings: a string, or an array of strings. None for any other shape.
pub fn aud_values(v: &Value) -> Option<Vec<&str>> {
    match v {
        Value::String(s) => Some(vec![s.as_str()]),
        Value::Array(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    }
}

/// Why `actual` is almost, but not exactly, `expected`.
pub fn near_miss(actual: &str, expected: &str) -> Option<&'static str> {
    if actual == expected {
        return None;
    }
    if actual.trim_end_matches('/') == expected.trim_end_matches('/') {
        return Some("differs only by a trailing slash");
    }
    if actual.trim() == expected {
        return Some("differs only by surrounding whitespace");
    }
    if actual.eq_ignore_ascii_case(expected) {
        return Some("differs only in letter case");
    }
    let without_scheme = |u: &'_ str| {
        u.strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .map(str::to_string)
    };
    match (without_scheme(actual), without_scheme(expected)) {
        (Some(a), Some(e)) if a == e => return Some("http and https differ"),
        (None, Some(e)) if e.trim_end_matches('/') == actual.trim_end_matches('/') => {
            return Some("lacks the https:// scheme");
        }
        _ => {}
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn near_misses_are_named() {
        let e = "https://login.salesforce.com";
        assert_eq!(
            near_miss("https://login.salesforce.com/", e),
            Some("differs only by a trailing slash")
        );
        assert_eq!(
            near_miss("HTTPS://Login.Salesforce.com", e),
            Some("differs only in letter case")
        );
        assert_eq!(
            near_miss("http://login.salesforce.com", e),
            Some("http and https differ")
        );
        assert_eq!(
            near_miss("login.salesforce.com", e),
            Some("lacks the https:// scheme")
        );
        assert_eq!(
            near_miss(" https://login.salesforce.com", e),
            Some("differs only by surrounding whitespace")
        );
        assert_eq!(near_miss("https://example.com", e), None);
        assert_eq!(near_miss(e, e), None);
    }

    #[test]
    fn long_values_are_cut() {
        let long = "é".repeat(500);
        let s = shown(&long);
        assert!(s.len() < 200 && s.ends_with("(1000 bytes)"), "{s}");
        assert_eq!(shown("short"), "short");
    }

    #[test]
    fn aud_shapes() {
        assert_eq!(aud_values(&json!("a")), Some(vec!["a"]));
        assert_eq!(aud_values(&json!(["a", "b"])), Some(vec!["a", "b"]));
        assert_eq!(aud_values(&json!(["a", 1])), None);
        assert_eq!(aud_values(&json!(7)), None);
    }
}
