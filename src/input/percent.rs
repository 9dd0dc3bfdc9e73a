//! The one percent-decoder: every `%XX` jwtgrant reads (a form body, a query string, a log
//! line holding an encoded token, a pasted error) goes through the `url` crate's decoders.
//! Invalid escapes stay as they are and bytes that do not make UTF-8 become U+FFFD, so
//! decoding never fails and never splits a character.

use percent_encoding::percent_decode_str;
use std::borrow::Cow;

/// `%XX` → the byte; `+` stays `+` (a log line, a header: not form encoding).
pub fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

/// One component of application/x-www-form-urlencoded text: `+` is a space, then `%XX`.
pub fn form_component(text: &str) -> Cow<'_, str> {
    if !text.contains('+') {
        return decode(text);
    }
    Cow::Owned(decode(&text.replace('+', " ")).into_owned())
}

/// The `name=value` pairs of a form body or query string, decoded (RFC 6749 Appendix B).
/// Empty pieces are skipped; a piece without `=` has an empty value.
pub fn form_pairs(text: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    url::form_urlencoded::parse(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_keeps_what_is_not_one() {
        assert_eq!(decode("a%2Eb%2ec"), "a.b.c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%2"), "%zz%2");
        assert_eq!(decode("a+b"), "a+b");
        // a `%` before a multi-byte character: the character is kept whole
        assert_eq!(decode("q=%a\u{e9}"), "q=%a\u{e9}");
        assert_eq!(decode("%E2%9C%93"), "\u{2713}");
        // bytes that are not UTF-8 become U+FFFD; the rest survives
        assert_eq!(decode("%FFeyJ"), "\u{fffd}eyJ");
    }

    #[test]
    fn form_components_turn_plus_into_space() {
        assert_eq!(form_component("a%20b+c%2"), "a b c%2");
        assert_eq!(form_component("%E2%9C%93"), "\u{2713}");
        assert_eq!(form_component("plain"), "plain");
        assert!(matches!(form_component("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn form_pairs_split_and_decode() {
        let pairs: Vec<(String, String)> = form_pairs("a=1&&b=x+y%21&c&d=%a\u{e9}")
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a".to_string(), "1".to_string()),
                ("b".to_string(), "x y!".to_string()),
                ("c".to_string(), String::new()),
                ("d".to_string(), "%a\u{e9}".to_string()),
            ]
        );
    }
}
