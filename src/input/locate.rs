//! Finding JWTs inside whatever people paste: form bodies, Authorization headers, curl
//! command lines, JSON objects, HTTP request dumps and log lines.
//!
//! No regex: the start of a token is found with a vectorised multi-literal search
//! (aho-corasick) for the base64url spellings of a JSON header's first bytes (see STARTS),
//! and the context just before the token is read to say where it was found. Redaction
//! (src/redact.rs) and `lint --scan` find tokens through the same functions, so what is
//! found is what is redacted.

use super::percent;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The input was the token and nothing else.
    Whole,
    /// `name=TOKEN` in an application/x-www-form-urlencoded body or query string.
    Form(String),
    /// `name=TOKEN` in free text (a log line), not recognisably a form.
    KeyValue(String),
    /// `"name": "TOKEN"` in JSON.
    Json(String),
    /// `Name: [scheme] TOKEN` in an HTTP header line.
    Header {
        name: String,
        scheme: Option<String>,
    },
    /// Somewhere in text, with no field name before it.
    Text,
}

impl Place {
    /// The field, member or header name, for `--field`.
    pub fn field(&self) -> Option<&str> {
        match self {
            Place::Form(n) | Place::KeyValue(n) | Place::Json(n) => Some(n),
            Place::Header { name, .. } => Some(name),
            Place::Whole | Place::Text => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Whole => f.write_str("the whole input"),
            Place::Form(n) => write!(f, "form field {n}"),
            Place::KeyValue(n) => write!(f, "{n}= in text"),
            Place::Json(n) => write!(f, "JSON member \"{n}\""),
            Place::Header {
                name,
                scheme: Some(s),
            } => write!(f, "{name} header ({s})"),
            Place::Header { name, scheme: None } => write!(f, "{name} header"),
            Place::Text => f.write_str("text"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The token text as found (may still contain whitespace when it was wrapped).
    pub token: String,
    pub place: Place,
    /// 1-based line of the input where the token starts.
    pub line: usize,
    /// The line was percent-decoded before the token could be read.
    pub percent_decoded: bool,
    /// Punctuation glued to the end of a token that was otherwise alone on its line
    /// (`TOKEN.`, `TOKEN?`): not part of the token as read, and reported, since whoever
    /// sends that text sends a different, broken token.
    pub trailing: Option<String>,
}

pub use super::starts::STARTS;

/// Does `b` start like a JOSE header (one of STARTS)?
pub fn starts_like_jwt(b: &[u8]) -> bool {
    // STARTS spelled out as a match (one compare a byte, not seven slice compares): this
    // runs at every `e` of every line a scan reads. A test checks it against STARTS.
    match b {
        [b'e', b'y', third, ..] => matches!(third, b'J' | b'I' | b'L' | b'A'),
        [b'e', b'w', third, ..] => matches!(third, b'o' | b'0' | b'k'),
        _ => false,
    }
}

/// The multi-literal searcher for STARTS, built once (a few microseconds): the packed
/// (SIMD, "Teddy") searcher where the CPU has it, else the automaton. The automaton alone
/// steps through every byte here: its own prefilter gives up on literals that all start
/// with the same byte, which these do.
enum Searcher {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

fn starts() -> &'static Searcher {
    static SEARCHER: std::sync::OnceLock<Searcher> = std::sync::OnceLock::new();
    SEARCHER.get_or_init(|| match aho_corasick::packed::Searcher::new(STARTS) {
        Some(packed) => Searcher::Packed(packed),
        None => Searcher::Automaton(
            aho_corasick::AhoCorasick::new(STARTS).expect("STARTS are valid literals"),
        ),
    })
}

/// Below this many bytes a plain loop finds STARTS as fast as the packed searcher, and
/// costs nothing to set up: the searcher's first use detects the CPU's features (`cpuid`,
/// slow in a VM), which would add to every `decode` start-up.
const PACKED_FROM: usize = 4096;

/// The offset of the first of STARTS at or after `from` (any boundary).
pub fn next_start_literal(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..).filter(|r| !r.is_empty())?;
    if rest.len() < PACKED_FROM {
        // every start begins with `e`: memchr to each, then look at the two bytes after it
        return memchr::memchr_iter(b'e', rest)
            .find(|&i| starts_like_jwt(rest.get(i..).unwrap_or_default()))
            .map(|i| from + i);
    }
    let found = match starts() {
        Searcher::Packed(s) => s.find_in(bytes, aho_corasick::Span::from(from..bytes.len())),
        Searcher::Automaton(ac) => ac.find(aho_corasick::Input::new(bytes).span(from..bytes.len())),
    };
    found.map(|m| m.start())
}

/// Does `text` hold one of STARTS anywhere? (A cheap test before a full scan.)
pub fn contains_start(text: &[u8]) -> bool {
    next_start_literal(text, 0).is_some()
}

/// Form parameters that carry tokens in OAuth requests.
const TOKEN_PARAMS: &[&str] = &[
    "assertion",
    "client_assertion",
    "access_token",
    "id_token",
    "refresh_token",
    "token",
    "subject_token",
    "actor_token",
    "request",
    "logout_token",
];

pub fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Bytes a compact JWS/JWE can hold: base64url, dots, and the standard-base64 mistakes the
/// encoding rule reports. Arithmetic rather than a table or a `match`, so loops over it
/// vectorise.
pub fn is_token_byte(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    letter
        | digit
        | (b == b'-')
        | (b == b'_')
        | (b == b'.')
        | (b == b'+')
        | (b == b'/')
        | (b == b'=')
}

/// Do all of `bytes` pass `is_token_byte`? One branch-free pass (vectorised).
pub fn all_token_bytes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(0u8, |acc, &b| acc | u8::from(!is_token_byte(b)))
        == 0
}

/// Text that passed `all_token_bytes` (so ASCII without whitespace), and where its dots
/// are; made only by `token_bytes`, so holding one is the proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenBytes<'a> {
    text: &'a str,
    /// The first five dots' offsets; `dot_count` says how many there are in all.
    dots: [usize; 5],
    dot_count: usize,
}

impl<'a> TokenBytes<'a> {
    pub fn as_str(self) -> &'a str {
        self.text
    }

    pub fn dot_count(self) -> usize {
        self.dot_count
    }

    /// The offsets of all the dots, when there are at most five.
    pub fn dots(&self) -> Option<&[usize]> {
        self.dots.get(..self.dot_count)
    }
}

/// `bytes` as `TokenBytes`, when all of them are token bytes.
pub fn token_bytes(bytes: &[u8]) -> Option<TokenBytes<'_>> {
    let mut dots = [0; 5];
    let mut dot_count = 0;
    for at in memchr::memchr_iter(b'.', bytes) {
        if let Some(slot) = dots.get_mut(dot_count) {
            *slot = at;
        }
        dot_count += 1;
    }
    // Most tokens are strict base64url between their dots, which base64-simd checks in a
    // quarter of the instructions of the byte-class pass; that pass decides the rest.
    let parts_b64url = dot_count <= dots.len() && {
        let mut start = 0;
        let ends = dots.iter().take(dot_count).copied();
        ends.chain(std::iter::once(bytes.len())).all(|end| {
            let part = bytes.get(start..end).unwrap_or_default();
            start = end + 1;
            base64_simd::URL_SAFE_NO_PAD.check(part).is_ok()
        })
    };
    if !parts_b64url && !all_token_bytes(bytes) {
        return None;
    }
    // every byte is ASCII: this never fails
    let text = std::str::from_utf8(bytes).ok()?;
    Some(TokenBytes {
        text,
        dots,
        dot_count,
    })
}

/// How far before a token its context (`name=`, `"name": "`, `Authorization: Bearer `) is
/// looked for, and never past the previous token. Field and header names are far shorter;
/// the bound is what keeps a line with thousands of tokens linear: each byte of a line is
/// read as context for at most one token.
const CONTEXT_BYTES: usize = 256;

/// Every JWT-looking string in `text`, in order.
pub fn find(text: &str) -> Vec<Candidate> {
    if let Some(whole) = whole_input(text) {
        return vec![whole];
    }
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        scan_line(line, i + 1, &mut found);
    }
    found
}

/// The input is one token, possibly wrapped across lines or broken by spaces.
fn whole_input(text: &str) -> Option<Candidate> {
    let trimmed = text.trim();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if !words.iter().all(|w| w.bytes().all(is_token_byte)) {
        return None;
    }
    if !starts_like_jwt(words.first()?.as_bytes()) {
        return None;
    }
    // Several words that are each a whole token are several tokens, not one wrapped token.
    let complete = words
        .iter()
        .filter(|w| starts_like_jwt(w.as_bytes()) && w.matches('.').count() >= 2)
        .count();
    if words.len() > 1 && complete > 0 {
        return None;
    }
    let dots: usize = words.iter().map(|w| w.matches('.').count()).sum();
    if dots != 2 && dots != 4 {
        return None;
    }
    Some(Candidate {
        token: trimmed.to_string(),
        place: Place::Whole,
        line: 1,
        percent_decoded: false,
        trailing: None,
    })
}

/// Scan one line, appending what it holds. Public for `lint --scan`, which streams lines.
///
/// One pass: the search for the next token start resumes where the last token ended, and
/// the context read before each token stops at the previous one (see CONTEXT_BYTES).
pub fn scan_line(line: &str, line_no: usize, out: &mut Vec<Candidate>) {
    let (line, percent_decoded) = maybe_percent_decode(line);
    let line: &str = &line;
    let bytes = line.as_bytes();
    // `name=TOKEN` after a `&` or `?` anywhere on the line is a form field.
    let form_from = memchr::memchr2(b'&', b'?', bytes).unwrap_or(usize::MAX);
    visited(form_from.min(line.len()));
    let mut from = 0;
    let mut floor = 0;
    while let Some(start) = find_start(bytes, from) {
        let end = token_end(bytes, start);
        from = end.max(start + 1);
        // Starts and ends are ASCII bytes, so this is always a whole slice of the line.
        let Some(raw) = line.get(start..end).map(trim_sentence_dot) else {
            continue;
        };
        visited(2 * raw.len());
        if !is_plausible(raw) {
            continue;
        }
        out.push(Candidate {
            token: raw.to_string(),
            place: place_before(context(line, floor, start), start > form_from),
            line: line_no,
            percent_decoded,
            trailing: trailing(line, start, start + raw.len()),
        });
        floor = end;
    }
}

/// The first of STARTS at or after `from` that does not continue a base64 run.
pub fn find_start(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    let found = loop {
        let Some(i) = next_start_literal(bytes, at) else {
            break None;
        };
        let continues_run = i
            .checked_sub(1)
            .and_then(|p| bytes.get(p))
            .copied()
            .is_some_and(is_b64url);
        if !continues_run {
            break Some(i);
        }
        at = i + 1;
    };
    visited(found.unwrap_or(bytes.len()).saturating_sub(from));
    found
}

/// What follows a token that is otherwise alone on its line, when that is punctuation
/// only (`TOKEN.`, `TOKEN?`, `TOKEN",`): text around a token in a sentence or a field is
/// not its business, but a line that is the token and a stray character is a token sent
/// with that character.
fn trailing(line: &str, start: usize, end: usize) -> Option<String> {
    let before = line.get(..start)?;
    let after = line.get(end..)?.trim_end();
    let alone = before.trim().is_empty() && !after.is_empty();
    let punctuation = after.len() <= 8 && after.bytes().all(|b| b.is_ascii_punctuation());
    (alone && punctuation).then(|| after.to_string())
}

/// The end of the token that starts at `start`: the run of token bytes.
pub fn token_end(bytes: &[u8], start: usize) -> usize {
    // 16 bytes at a time, then byte by byte from the block where the token ends
    const BLOCK: usize = 16;
    let rest = bytes.get(start..).unwrap_or_default();
    let whole_blocks = rest
        .chunks_exact(BLOCK)
        .take_while(|chunk| {
            // a fixed-size block, so the test compiles to vector compares
            let block: Option<&[u8; BLOCK]> = (*chunk).try_into().ok();
            block.is_some_and(|b| b.iter().fold(true, |ok, &x| ok & is_token_byte(x)))
        })
        .count();
    let mut len = whole_blocks * BLOCK;
    let tail = rest.get(len..).unwrap_or_default();
    len += tail.iter().take_while(|&&b| is_token_byte(b)).count();
    visited(len);
    start + len
}

/// "… see eyJa.eyJb.sig." ends a sentence, not a segment.
fn trim_sentence_dot(raw: &str) -> &str {
    match raw.strip_suffix('.') {
        Some(trimmed) if raw.matches('.').count() == 3 => trimmed,
        _ => raw,
    }
}

/// Two or more segments, with a readable-looking claims segment when there are only two.
/// A JWE's second segment (the encrypted key) is empty for `"alg":"dir"`.
fn is_plausible(raw: &str) -> bool {
    // the dots found with memchr, no more than six segments' worth: this runs for every
    // start found, and a token is mostly its signature
    let bytes = raw.as_bytes();
    let mut dots = memchr::memchr_iter(b'.', bytes);
    let Some(header_len) = dots.next() else {
        return false;
    };
    let Some(claims_end) = dots.next() else {
        return starts_like_jwt(bytes.get(header_len + 1..).unwrap_or_default());
    };
    match 3 + dots.take(3).count() {
        5 => header_len >= 4,
        3 | 4 => header_len >= 4 && claims_end > header_len + 1,
        _ => false,
    }
}

fn maybe_percent_decode(line: &str) -> (Cow<'_, str>, bool) {
    if !percent_encodes_a_token(line) {
        return (Cow::Borrowed(line), false);
    }
    match percent::decode(line) {
        Cow::Owned(decoded) => (Cow::Owned(decoded), true),
        Cow::Borrowed(_) => (Cow::Borrowed(line), false),
    }
}

/// Does `line` hold an escape that only a percent-encoded token explains: an encoded dot
/// (`%2E`), padding or `+` on a line with a token start (`%3D`, `%2B`), or an encoded
/// space or quote glued to a token start (`assertion=%22eyJ…%22`, `Bearer%20eyJ…`)?
/// One pass over the `%`s (memchr), not a substring search for each escape.
fn percent_encodes_a_token(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut padding = false;
    for at in memchr::memchr_iter(b'%', bytes) {
        match bytes.get(at + 1..at + 3) {
            Some(b"2E" | b"2e") => return true,
            Some(b"3D" | b"2B") => padding = true,
            Some(b"20" | b"22" | b"27")
                if starts_like_jwt(bytes.get(at + 3..).unwrap_or_default()) =>
            {
                return true;
            }
            _ => {}
        }
    }
    padding && contains_start(bytes)
}

/// The text just before a token, where its field or header name is.
struct Context<'a> {
    text: &'a str,
    /// The text was cut at CONTEXT_BYTES: a word that reaches its start may be longer.
    cut: bool,
}

impl Context<'_> {
    /// `word` (a part of `text`) is whole: it does not run into the cut.
    fn whole(&self, word: &str) -> bool {
        !self.cut || word.as_ptr() != self.text.as_ptr()
    }
}

/// At most CONTEXT_BYTES before `start`, and nothing at or before `floor` (the end of the
/// previous token).
fn context(line: &str, floor: usize, start: usize) -> Context<'_> {
    let mut from = start.saturating_sub(CONTEXT_BYTES).max(floor);
    while from < start && !line.is_char_boundary(from) {
        from += 1;
    }
    let text = line.get(from..start).unwrap_or_default();
    visited(text.len());
    Context {
        text,
        cut: from > floor,
    }
}

/// Read the context just before a token to name where it is.
fn place_before(context: Context<'_>, after_form_separator: bool) -> Place {
    let prefix = context.text;
    let trimmed = prefix.trim_end();
    // name=TOKEN (form body, query string, key=value log field, curl --data-urlencode)
    if let Some(before_eq) = prefix.strip_suffix('=') {
        let key = trailing_name(before_eq);
        if !key.is_empty() && context.whole(key) {
            let formish =
                after_form_separator || TOKEN_PARAMS.contains(&key) || key.ends_with("assertion");
            return if formish {
                Place::Form(key.to_string())
            } else {
                Place::KeyValue(key.to_string())
            };
        }
    }
    // "name": "TOKEN"  or  'name': 'TOKEN'
    let unquoted = trimmed
        .strip_suffix('"')
        .or_else(|| trimmed.strip_suffix('\''))
        .map(str::trim_end);
    if let Some(before_colon) = unquoted.and_then(|p| p.strip_suffix(':')) {
        let before_colon = before_colon.trim_end();
        for quote in ['"', '\''] {
            if let Some(inner) = before_colon.strip_suffix(quote) {
                if let Some(name) = inner.rsplit_once(quote).map(|(_, name)| name) {
                    return Place::Json(name.to_string());
                }
            }
        }
    }
    // Authorization: Bearer TOKEN  (also in curl -H '…')
    let mut words = trimmed
        .split_whitespace()
        .rev()
        .filter(|w| context.whole(w))
        .map(|w| w.trim_start_matches(['\'', '"']));
    if let Some(last) = words.next() {
        if let Some(name) = header_name(last) {
            return Place::Header {
                name: name.to_string(),
                scheme: None,
            };
        }
        if let (true, Some(before)) = (is_scheme(last), words.next()) {
            let name = header_name(before).unwrap_or("Authorization");
            return Place::Header {
                name: name.to_string(),
                scheme: Some(last.to_string()),
            };
        }
    }
    Place::Text
}

fn trailing_name(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .last()
        .map_or(text.len(), |(i, _)| i);
    text.get(start..).unwrap_or_default()
}

/// `Name:` → `Name`, for a word that is a header name and a colon.
fn header_name(word: &str) -> Option<&str> {
    word.strip_suffix(':').filter(|n| is_header_name(n))
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_scheme(word: &str) -> bool {
    ["bearer", "dpop", "jwt"]
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s))
}

/// Counts the bytes the scanner reads, so a test can show the scan is linear without
/// timing it. Nothing in other builds.
#[cfg(test)]
mod visits {
    use std::cell::Cell;

    thread_local!(static VISITED: Cell<usize> = const { Cell::new(0) });

    pub fn add(n: usize) {
        VISITED.with(|v| v.set(v.get() + n));
    }

    /// Bytes read by `f`'s scanning on this thread.
    pub fn count(f: impl FnOnce()) -> usize {
        let before = VISITED.with(Cell::get);
        f();
        VISITED.with(Cell::get) - before
    }
}

fn visited(_n: usize) {
    #[cfg(test)]
    visits::add(_n);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn plausibility_counts_segments_as_str_split_does() {
        // the segment shapes str::split gives, the reference is_plausible is checked
        // against: every string of up to 8 characters over dots and a few token bytes
        fn by_split(raw: &str) -> bool {
            let segments: Vec<&str> = raw.split('.').collect();
            match segments.as_slice() {
                [_, claims] => starts_like_jwt(claims.as_bytes()),
                [header, _, _, _, _] => header.len() >= 4,
                [header, claims, ..] if segments.len() <= 4 => {
                    header.len() >= 4 && !claims.is_empty()
                }
                _ => false,
            }
        }
        let mut inputs = vec![String::new()];
        for _ in 0..8 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| [".", "e", "y", "J"].map(|c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        // plausible inputs of every segment count that can be plausible: 2, 3, 4 and 5
        let mut plausible = [0; 6];
        for input in &inputs {
            assert_eq!(is_plausible(input), by_split(input), "{input:?}");
            if by_split(input) {
                plausible[input.split('.').count()] += 1;
            }
        }
        assert!(plausible[2..].iter().all(|n| *n > 0), "{plausible:?}");
    }

    const T1: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2lnMQ";
    const T2: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJiIn0.c2lnMg";

    #[test]
    fn token_bytes_are_exactly_base64url_dots_and_standard_base64() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || b"-_.+/=".contains(&b);
            assert_eq!(is_token_byte(b), expected, "{b:#04x}");
        }
        // lengths around token_end's 16-byte blocks, every stray position, several strays
        // and starts
        for n in [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 100] {
            let clean = "aZ9-_.+/=".repeat(n).get(..n).unwrap().to_string();
            assert!(all_token_bytes(clean.as_bytes()));
            for at in 0..n {
                for stray in [b' ', b'&', b'"', b'\n', b'%', 0x80, 0] {
                    let mut dirty = clean.clone().into_bytes();
                    dirty[at] = stray;
                    assert!(!all_token_bytes(&dirty));
                    for start in 0..=at.min(3) {
                        assert_eq!(token_end(&dirty, start), at, "{stray:#x} at {at} of {n}");
                    }
                }
            }
            assert_eq!(token_end(clean.as_bytes(), 0), n);
            assert_eq!(token_end(clean.as_bytes(), n), n);
        }
    }

    /// The escapes `percent_encodes_a_token` looks for, found by one substring search each.
    fn percent_encodes_a_token_by_search(line: &str) -> bool {
        let has_start = contains_start(line.as_bytes());
        let glued = ["%20", "%22", "%27"].iter().any(|p| {
            line.match_indices(p)
                .any(|(i, _)| starts_like_jwt(line.get(i + 3..).unwrap_or_default().as_bytes()))
        });
        line.contains("%2E")
            || line.contains("%2e")
            || (has_start && (line.contains("%3D") || line.contains("%2B")))
            || glued
    }

    #[test]
    fn the_escape_pass_finds_what_a_search_for_each_escape_finds() {
        // every line of up to four pieces: each escape in both cases, token starts, a
        // lone or cut-off `%`, and plain text
        let pieces = [
            "%2E", "%2e", "%3D", "%3d", "%2B", "%2b", "%20", "%22", "%27", "%", "%2", "eyJ", "ewo",
            "ey", "a", "=",
        ];
        let pieces: Vec<&[u8]> = pieces.iter().map(|p| p.as_bytes()).collect();
        let lines: Vec<String> = crate::fuzz::every_join(&pieces, 4)
            .into_iter()
            .map(|line| String::from_utf8(line).unwrap_or_default())
            .collect();
        let mut encoded = 0;
        for line in &lines {
            let expected = percent_encodes_a_token_by_search(line);
            assert_eq!(percent_encodes_a_token(line), expected, "{line:?}");
            encoded += usize::from(expected);
        }
        assert!(
            encoded > 1000 && encoded < lines.len(),
            "{encoded} of {}",
            lines.len()
        );
    }

    #[test]
    fn token_bytes_accepts_exactly_what_the_byte_class_accepts() {
        // every text of up to five symbols (trailing bits, lengths, empty parts, the
        // standard alphabet, strays), and long parts with one stray anywhere in them
        let alphabet = b"AQg-_.+/= \xff";
        let mut texts = crate::fuzz::every_text(alphabet, 5);
        let long = format!(
            "{}.{}.{}",
            "eyJh".repeat(20),
            "QUJD".repeat(50),
            "c2ln".repeat(90)
        );
        for at in 0..long.len() {
            for &stray in b"+= .\xff" {
                let mut text = long.clone().into_bytes();
                text[at] = stray;
                texts.push(text);
            }
        }
        texts.push(long.into_bytes());
        texts.push(b"eyJh.a.b.c.d.e.f".to_vec());
        let mut accepted = 0;
        for text in &texts {
            let expected = all_token_bytes(text);
            let checked = token_bytes(text);
            assert_eq!(checked.is_some(), expected, "{text:?}");
            accepted += usize::from(expected);
            // and the dots it says it found are the text's
            let dots: Vec<usize> = memchr::memchr_iter(b'.', text).collect();
            if let Some(checked) = checked {
                assert_eq!(checked.dot_count(), dots.len());
                let kept = (dots.len() <= 5).then_some(dots.as_slice());
                assert_eq!(checked.dots(), kept, "{text:?}");
            }
        }
        assert!(accepted > 10_000 && accepted < texts.len(), "{accepted}");
    }

    #[test]
    fn the_start_match_is_exactly_the_starts_table() {
        for a in 0..=255u8 {
            for b in [b'y', b'w', b'e', b'J', 0, 255] {
                for c in 0..=255u8 {
                    let bytes = [a, b, c];
                    let listed = STARTS.iter().any(|s| s.as_bytes() == bytes);
                    assert_eq!(starts_like_jwt(&bytes), listed, "{bytes:?}");
                }
            }
        }
        assert!(!starts_like_jwt(b"ey"));
        // the short-input search finds every start, at any offset, past other `e`s
        for s in STARTS {
            let text = format!("see the ee{s}xyz");
            assert_eq!(next_start_literal(text.as_bytes(), 0), Some(10), "{s}");
            assert_eq!(next_start_literal(text.as_bytes(), 11), None);
        }
    }

    fn one(text: &str) -> Candidate {
        let found = find(text);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn bare_token_is_the_whole_input() {
        let c = one(&format!("  {T1}\n"));
        assert_eq!(c.place, Place::Whole);
        assert_eq!(c.token, T1);
    }

    #[test]
    fn wrapped_token_is_stitched_back_together() {
        let wrapped = format!("{}\n{}\n{}", &T1[..15], &T1[15..30], &T1[30..]);
        let c = one(&wrapped);
        assert_eq!(c.place, Place::Whole);
        assert_eq!(c.token.split_whitespace().collect::<String>(), T1);
    }

    #[test]
    fn token_wrapped_at_a_dot_is_stitched() {
        let wrapped = T1.replacen('.', ".\n  ", 1);
        let c = one(&wrapped);
        assert_eq!(c.place, Place::Whole);
    }

    #[test]
    fn two_tokens_on_two_lines_stay_two() {
        let found = find(&format!("{T1}\n{T2}\n"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].line, 2);
    }

    #[test]
    fn form_bodies_name_the_field() {
        let body = format!(
            "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={T1}&grant_type=client_credentials"
        );
        let c = one(&body);
        assert_eq!(c.place, Place::Form("client_assertion".into()));
        assert_eq!(c.token, T1);
        assert_eq!(c.place.to_string(), "form field client_assertion");
    }

    #[test]
    fn grant_form_with_assertion_first() {
        let c = one(&format!(
            "assertion={T2}&grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer"
        ));
        assert_eq!(c.place, Place::Form("assertion".into()));
    }

    #[test]
    fn percent_encoded_token_is_decoded() {
        let encoded = T1.replace('.', "%2E");
        let c = one(&format!("grant_type=x&assertion={encoded}"));
        assert_eq!(c.token, T1);
        assert!(c.percent_decoded);
    }

    #[test]
    fn encoded_quote_or_space_before_a_token_is_decoded() {
        let c = one(&format!("a=b&client_assertion=%22{T1}%22"));
        assert_eq!(c.token, T1);
        assert!(c.percent_decoded);
        assert_eq!(one(&format!("a=b&assertion=Bearer%20{T1}")).token, T1);
    }

    #[test]
    fn authorization_header_and_curl_command() {
        let c = one(&format!("Authorization: Bearer {T1}"));
        assert_eq!(
            c.place,
            Place::Header {
                name: "Authorization".into(),
                scheme: Some("Bearer".into())
            }
        );
        let curl = format!(
            "curl -X POST https://as.example.com/token -H 'Authorization: Bearer {T1}' --data-urlencode 'assertion={T2}'"
        );
        let found = find(&curl);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].place.field(), Some("Authorization"));
        assert_eq!(found[1].place, Place::Form("assertion".into()));
        assert_eq!(found[1].token, T2);
    }

    #[test]
    fn json_member() {
        let c = one(&format!(
            "{{\"grant_type\": \"x\", \"assertion\": \"{T1}\"}}"
        ));
        assert_eq!(c.place, Place::Json("assertion".into()));
        assert_eq!(c.place.to_string(), "JSON member \"assertion\"");
    }

    #[test]
    fn http_request_dump() {
        let dump = format!(
            "POST /oauth2/token HTTP/1.1\r\nHost: as.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\ngrant_type=client_credentials&client_assertion={T2}\r\n"
        );
        let c = one(&dump);
        assert_eq!(c.place, Place::Form("client_assertion".into()));
        assert_eq!(c.line, 5);
    }

    #[test]
    fn log_lines() {
        let c = one(&format!("2026-11-25T14:00:00Z INFO sending jwt={T1} to AS"));
        assert_eq!(c.place, Place::KeyValue("jwt".into()));
        let c = one(&format!("got token {T2}."));
        assert_eq!(c.place, Place::Text);
        assert_eq!(c.token, T2);
    }

    #[test]
    fn jwe_and_missing_segment() {
        let jwe = "eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn";
        assert_eq!(one(&format!("x={jwe}")).token, jwe);
        let two = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0";
        assert_eq!(one(two).token, two);
        let dir = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aXY.Y2lwaGVy.dGFn";
        assert_eq!(one(&format!("id_token={dir}&x=1")).token, dir);
    }

    #[test]
    fn noise_is_not_a_token() {
        assert!(find("eyJust kidding, no token here").is_empty());
        assert!(find("hello world").is_empty());
        assert!(find("").is_empty());
        // embedded in a longer base64 run: not at a boundary
        assert!(find("abceyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0.c2ln").is_empty());
    }

    #[test]
    fn standard_base64_characters_are_kept_for_the_encoding_check() {
        let bad = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJh+/0=.c2ln";
        assert_eq!(one(&format!("assertion={bad}&x=1")).token, bad);
    }

    #[test]
    fn a_percent_before_a_multibyte_character_does_not_stop_decoding() {
        // issue 15: this line aborted `lint --scan` (a byte-offset slice inside 'é')
        let encoded = T1.replace('.', "%2E");
        for line in [
            format!("q=%a\u{e9} assertion={encoded}"),
            format!("assertion={encoded}&q=%\u{e9}"),
            format!("%\u{1F600}%2\u{e9}x={encoded}%"),
        ] {
            let c = one(&line);
            assert_eq!(c.token, T1, "{line}");
            assert!(c.percent_decoded);
        }
        // bytes that do not decode to UTF-8 do not hide the token either
        assert_eq!(one(&format!("a=%FF&assertion={encoded}")).token, T1);
    }

    #[test]
    fn context_is_read_no_further_than_its_bound() {
        // a long query string before the field: the name is still read
        let long = "x".repeat(3 * CONTEXT_BYTES);
        let c = one(&format!("https://as/token?scope={long}&assertion={T1}"));
        assert_eq!(c.place, Place::Form("assertion".into()));
        // a "name" longer than the bound is not taken for a field name, nor a cut-off part of it
        let c = one(&format!("{long}={T1}"));
        assert_eq!(c.place, Place::Text);
        let c = one(&format!("{long}-Authorization: {T1}"));
        assert_eq!(c.place, Place::Text);
        // the context of a token stops at the token before it
        let found = find(&format!("Authorization: Bearer {T1} {T2}"));
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].place.field(), Some("Authorization"));
        assert_eq!(found[1].place, Place::Text);
        let found = find(&format!("a={T1}&assertion={T2}"));
        assert_eq!(found[1].place, Place::Form("assertion".into()));
    }

    /// Lines built to make a rescanning locator quadratic: many tokens, long runs without
    /// spaces, context that looks like a header or a JSON member before every token.
    fn hostile_lines(n: usize) -> Vec<String> {
        let encoded = T1.replace('.', "%2E");
        let glued: String = (0..n).map(|_| format!("{T1}:")).collect();
        vec![
            vec![T1; n].join(" "),
            (0..n)
                .map(|i| format!("p{i}={T2}"))
                .collect::<Vec<_>>()
                .join("&"),
            glued,
            vec![format!("\"assertion\": \"{T1}\""); n].join(", "),
            vec![format!("Authorization: Bearer {T2}"); n].join(" "),
            format!("{}{}", "x".repeat(n * 40), vec![T1; n].join("")),
            vec![format!("assertion={encoded}"); n].join("&"),
            "eyJ.".repeat(n * 10),
            "eyJeyJ ".repeat(n * 10),
        ]
    }

    #[test]
    fn each_byte_is_read_a_bounded_number_of_times() {
        // Counted, not timed: the work per byte must not grow with the number of tokens.
        for n in [10, 1000] {
            for line in hostile_lines(n) {
                let mut out = Vec::new();
                let work = visits::count(|| scan_line(&line, 1, &mut out));
                assert!(
                    work <= 6 * line.len(),
                    "{n} tokens: {work} bytes read for a line of {} ({}…)",
                    line.len(),
                    &line[..40]
                );
            }
        }
    }

    #[test]
    fn many_tokens_on_one_line_are_all_found() {
        let line = vec![T1; 5000].join(" ");
        let found = find(&line);
        assert_eq!(found.len(), 5000);
        assert!(found.iter().all(|c| c.token == T1 && c.line == 1));
    }

    fn b64(text: &str) -> String {
        data_encoding::BASE64URL_NOPAD.encode(text.as_bytes())
    }

    /// Every way a JSON encoder may open a JOSE header: `{`, optional JSON whitespace, the
    /// first member name (starting with a letter, digit, `$`, `_` or non-ASCII).
    fn header_spellings() -> Vec<String> {
        let mut all = Vec::new();
        for ws in ["", " ", "  ", "\t", "\n", "\r\n", "\n  ", "\r\n\t", " \n"] {
            for name in ["alg", "kid", "Alg", "_x", "$x", "1", "\u{e9}t\u{e9}", "typ"] {
                all.push(format!(
                    "{{{ws}\"{name}\"{ws}:{ws}\"x\",{ws}\"alg\" : \"RS256\"{ws}}}"
                ));
            }
        }
        all
    }

    #[test]
    fn every_header_spelling_starts_like_a_jwt_and_every_start_is_used() {
        let mut used = HashSet::new();
        for header in header_spellings() {
            let prefix = b64(&header)[..3].to_string();
            assert!(
                starts_like_jwt(prefix.as_bytes()),
                "{header:?} encodes to {prefix}, not in STARTS"
            );
            used.insert(prefix);
        }
        for start in STARTS {
            assert!(
                used.contains(start),
                "{start} is in STARTS but no header spelling gives it"
            );
        }
    }

    #[test]
    fn tokens_with_any_header_spelling_are_found_and_redacted_in_every_place() {
        let claims = b64("{\"iss\":\"a\"}");
        let sig = "c2lnbmF0dXJlLXNlY3JldC1ieXRlcw";
        for header in header_spellings() {
            let token = format!("{}.{claims}.{sig}", b64(&header));
            let cases = [
                (token.clone(), Place::Whole),
                (
                    format!("Authorization: Bearer {token}"),
                    Place::Header {
                        name: "Authorization".into(),
                        scheme: Some("Bearer".into()),
                    },
                ),
                (
                    format!("a=1&assertion={token}"),
                    Place::Form("assertion".into()),
                ),
                (
                    format!("{{\"id_token\": \"{token}\"}}"),
                    Place::Json("id_token".into()),
                ),
                (
                    format!("INFO jwt={token} sent"),
                    Place::KeyValue("jwt".into()),
                ),
                (format!("got {token} from the client"), Place::Text),
            ];
            for (text, place) in cases {
                let c = one(&text);
                assert_eq!(c.token, token, "{header:?} in {text}");
                assert_eq!(c.place, place, "{header:?} in {text}");
                let redacted = crate::redact::text(&text);
                assert!(
                    !redacted.contains(sig),
                    "{header:?}: not redacted: {redacted}"
                );
            }
        }
    }

    #[test]
    fn punctuation_glued_to_a_lone_token_is_reported_and_prose_is_not() {
        for after in [".", "?", "!", ",", ";", ")", "\"", "'.", "?)"] {
            let c = one(&format!("{T1}{after}"));
            assert_eq!(c.token, T1, "{after}");
            assert_eq!(c.trailing.as_deref(), Some(after), "{after}");
            let c = one(&format!("  {T1}{after}  \n"));
            assert_eq!(c.trailing.as_deref(), Some(after), "{after}");
        }
        // a token in a sentence, a field or quotes: its surroundings are not its business
        for text in [
            format!("see {T1}."),
            format!("\"{T1}\""),
            format!("assertion={T1}&x=1"),
            format!("{T1} is the token."),
            format!("{T1}&scope=a"),
            T1.to_string(),
        ] {
            assert_eq!(one(&text).trailing, None, "{text}");
        }
    }

    #[test]
    fn the_plain_loop_and_the_packed_searcher_find_the_same_starts() {
        // the same haystack searched whole (packed) and in short windows (plain loop)
        let mut text = String::new();
        for i in 0..400 {
            let start = STARTS[i % STARTS.len()];
            text.push_str(&format!("they key{i} {start}x ey ew e"));
        }
        assert!(text.len() > 2 * PACKED_FROM);
        let bytes = text.as_bytes();
        let mut packed = Vec::new();
        let mut from = 0;
        while let Some(i) = next_start_literal(bytes, from) {
            packed.push(i);
            from = i + 1;
        }
        let plain: Vec<usize> = (0..bytes.len())
            .filter(|&i| starts_like_jwt(&bytes[i..]))
            .collect();
        assert_eq!(packed, plain);
        assert_eq!(packed.len(), 400);
    }
}
