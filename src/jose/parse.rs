//! Lenient compact-serialization parsing: decode whatever can be decoded and record what
//! was wrong as facts, so that lint can explain a broken token instead of refusing it.

use super::claims::Claims;
use super::json::{JsonProblem, parse_object};
use data_encoding::BASE64URL_NOPAD;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Three segments: a JWS (or an unsecured JWT when the signature is empty).
    Jws,
    /// Five segments: a JWE. Only the protected header can be read.
    Jwe,
    /// Any other segment count.
    Broken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Header,
    Claims,
    Signature,
}

impl Part {
    pub fn name(self) -> &'static str {
        match self {
            Part::Header => "header",
            Part::Claims => "claims",
            Part::Signature => "signature",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingIssue {
    /// `=` padding, which compact serialization forbids (RFC 7515 §2).
    Padding,
    /// `+` or `/` from the standard base64 alphabet.
    StandardAlphabet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    Empty,
    NotBase64(String),
    ByteOrderMark,
    NotUtf8,
    NotJson(String),
    NotObject(&'static str),
}

/// What parsing noticed. Lint rules turn these facts into findings.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub whitespace_removed: bool,
    /// Punctuation that followed the token in its input and was cut off to read it
    /// (`TOKEN.`, `TOKEN?`); what was sent is not this token.
    pub trailing: Option<String>,
    pub encoding: Vec<(Part, EncodingIssue)>,
    pub malformed: Vec<(Part, Malformed)>,
    pub duplicates: Vec<(Part, String)>,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// The compact serialization as parsed (whitespace already removed).
    pub raw: String,
    pub form: Form,
    pub segment_count: usize,
    /// Shared: the tokens of one client carry the same header, and a header parsed once
    /// serves every token that carries the same bytes (`decode_header`).
    pub header: Option<Header>,
    /// Kept as its JSON text: rules read members from it (`claims::Claims`).
    pub claims: Option<Claims>,
    /// The signature's length in bytes (0 when it is absent or could not be decoded).
    pub signature_len: usize,
    /// The signature's bytes, decoded on first use (`signature()`): lint needs only the
    /// length of most signatures, and decoding one is a third of the work of parsing.
    signature: std::sync::OnceLock<Vec<u8>>,
    pub facts: Facts,
}

impl Token {
    /// Parse a token found in text, recording the punctuation the text extraction cut off
    /// after it (`Candidate::trailing`).
    pub fn parse_found(input: String, trailing: Option<&str>) -> Token {
        let mut token = Token::parse_owned(input);
        token.facts.trailing = trailing.map(str::to_string);
        token
    }

    /// Parse a compact JWS or JWE. Never fails: problems become `facts`.
    pub fn parse(input: &str) -> Token {
        Token::parse_owned(input.to_string())
    }

    /// `parse`, keeping `input` as `raw` when it needs no cleaning (no copy).
    pub fn parse_owned(input: String) -> Token {
        // One branch-free byte pass first (lint parses every token of a batch through here):
        // ASCII whitespace is at most a space, and Unicode whitespace is not ASCII, so a
        // token with neither kind of byte has no whitespace to look for.
        let plain = input
            .bytes()
            .fold(true, |plain, b| plain & (b > b' ') & b.is_ascii());
        Token::parse_checked(input, plain, None)
    }

    /// Parse text already checked to hold token bytes only (ASCII, no whitespace), whose
    /// dots were found by that check: the whitespace pass and the search for the dots are
    /// skipped. `lint -` reads most tokens through here.
    pub fn parse_token_bytes(input: crate::input::locate::TokenBytes) -> Token {
        Token::parse_checked(input.as_str().to_string(), true, input.dots())
    }

    /// Parse a JWS whose two dots are known, taking it to be strict base64url between them
    /// (so no whitespace pass). None when a part is not (a header, claims set or signature
    /// that decoding reports on), for the caller's general path: a part decoded without a
    /// word is base64url throughout, so the whole text held only token bytes.
    pub fn parse_if_strict(text: &str, dots: [usize; 2]) -> Option<Token> {
        let token = Token::parse_checked(text.to_string(), true, Some(&dots));
        let strict = token.form == Form::Jws
            && token.facts.encoding.is_empty()
            && token.facts.malformed.is_empty();
        strict.then_some(token)
    }

    /// `plain`: the input is ASCII without whitespace. `dots`: where all of its dots are,
    /// when already known.
    fn parse_checked(input: String, plain: bool, dots: Option<&[usize]>) -> Token {
        let whitespace_removed = !plain
            && (input.bytes().any(|b| b.is_ascii_whitespace())
                || (!input.is_ascii() && input.chars().any(char::is_whitespace)));
        let raw: String = if whitespace_removed {
            input.chars().filter(|c| !c.is_whitespace()).collect()
        } else {
            input
        };
        let mut facts = Facts {
            whitespace_removed,
            ..Facts::default()
        };
        // memchr's search is vectorised; str::split's is not (a signature is most of a token)
        let (segments, segment_count) = match dots.filter(|_| !whitespace_removed) {
            Some(dots) => split_at_dots(&raw, dots.iter().copied()),
            None => split_at_dots(&raw, memchr::memchr_iter(b'.', raw.as_bytes())),
        };
        let form = match segment_count {
            3 => Form::Jws,
            5 => Form::Jwe,
            _ => Form::Broken,
        };
        let header = decode_header(segments[0], &mut facts);
        let claims = match form {
            Form::Jws | Form::Broken if segment_count > 1 => decode_claims(segments[1], &mut facts),
            _ => None,
        };
        let signature = std::sync::OnceLock::new();
        let signature_len = match form {
            Form::Jws => match clean_b64url_len(segments[2]) {
                Some(len) => len,
                // padding, the standard alphabet, a bad character: decoded now, so the
                // facts are recorded
                None => {
                    let mut bytes = Vec::new();
                    decode_segment(segments[2], Part::Signature, &mut facts, true, &mut bytes);
                    let len = bytes.len();
                    let _ = signature.set(bytes);
                    len
                }
            },
            _ => 0,
        };
        Token {
            segment_count,
            raw,
            form,
            header,
            claims,
            signature_len,
            signature,
            facts,
        }
    }

    pub fn header_str(&self, name: &str) -> Option<&str> {
        member(self.header.as_ref()?, name)?.as_str()
    }

    pub fn claim(&self, name: &str) -> Option<&Value> {
        self.claims.as_ref()?.get(name)
    }

    /// A claim, read without building a plain string (`Lean`).
    pub fn claim_lean(&self, name: &str) -> Option<super::Lean<'_>> {
        self.claims.as_ref()?.lean(name)
    }

    /// Whether the claims have `name` (its value is not read).
    pub fn has_claim(&self, name: &str) -> bool {
        self.claims.as_ref().is_some_and(|c| c.contains_key(name))
    }

    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.as_ref()?.get_str(name)
    }

    pub fn alg(&self) -> Option<&str> {
        self.header_str("alg")
    }

    /// The signature's bytes (empty when there is none, or it is not base64url).
    pub fn signature(&self) -> &[u8] {
        self.signature.get_or_init(|| {
            let mut bytes = Vec::new();
            if self.form == Form::Jws {
                let mut ignored = Facts::default();
                decode_segment(
                    self.signature_b64(),
                    Part::Signature,
                    &mut ignored,
                    true,
                    &mut bytes,
                );
            }
            bytes
        })
    }

    /// The signature segment exactly as it appears in the token.
    pub fn signature_b64(&self) -> &str {
        match self.form {
            Form::Jws => memchr::memrchr(b'.', self.raw.as_bytes())
                .and_then(|i| self.raw.get(i + 1..))
                .unwrap_or(""),
            _ => "",
        }
    }

    /// `header.payload`: the bytes the signature covers.
    pub fn signing_input(&self) -> &str {
        match memchr::memrchr(b'.', self.raw.as_bytes()) {
            Some(i) if self.form == Form::Jws => &self.raw[..i],
            _ => "",
        }
    }

    /// True when the header and claims both decoded to JSON objects.
    pub fn is_readable(&self) -> bool {
        self.header.is_some() && (self.claims.is_some() || self.form == Form::Jwe)
    }
}

/// A member of a header or claims set. These objects are small, and the lint rules look
/// members up dozens of times per token: comparing a few short keys beats hashing the name.
fn member<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if object.len() <= 16 {
        let (len, first) = (name.len(), name.as_bytes().first());
        object
            .iter()
            .find(|(k, _)| k.len() == len && k.as_bytes().first() == first && *k == name)
            .map(|(_, v)| v)
    } else {
        object.get(name)
    }
}

/// Headers recently parsed on this thread, newest first, with the segment they came from.
/// Only headers that parsed without a single fact are kept, so a hit adds none either.
const HEADERS_KEPT: usize = 8;
/// Longer header segments are parsed every time (they are rare, and would cost memory).
const HEADER_KEPT_BYTES: usize = 1024;

/// A header object as tokens hold it.
pub type Header = Arc<Map<String, Value>>;

thread_local! {
    static HEADERS: RefCell<Vec<(Box<str>, Header)>> = const { RefCell::new(Vec::new()) };
}

/// The first five segments of `raw` (more make the token Broken: counted, not kept) and
/// how many there are, given where its dots are.
fn split_at_dots(raw: &str, dots: impl Iterator<Item = usize>) -> ([&str; 5], usize) {
    let mut segments = [""; 5];
    let mut count = 0;
    let mut start = 0;
    for end in dots.chain(std::iter::once(raw.len())) {
        if let Some(slot) = segments.get_mut(count) {
            *slot = raw.get(start..end).unwrap_or_default();
        }
        count += 1;
        start = end + 1;
    }
    (segments, count)
}

fn decode_header(segment: &str, facts: &mut Facts) -> Option<Header> {
    let hit = HEADERS.with(|kept| {
        let kept = kept.try_borrow().ok()?;
        kept.iter()
            .find(|(seen, _)| **seen == *segment)
            .map(|(_, header)| Arc::clone(header))
    });
    if hit.is_some() {
        return hit;
    }
    let facts_before = fact_count(facts);
    let header = Arc::new(decode_object(segment, Part::Header, facts)?);
    if fact_count(facts) == facts_before && segment.len() <= HEADER_KEPT_BYTES {
        HEADERS.with(|kept| {
            if let Ok(mut kept) = kept.try_borrow_mut() {
                kept.insert(0, (segment.into(), Arc::clone(&header)));
                kept.truncate(HEADERS_KEPT);
            }
        });
    }
    Some(header)
}

fn fact_count(facts: &Facts) -> usize {
    facts.encoding.len() + facts.malformed.len() + facts.duplicates.len()
}

fn decode_object(segment: &str, part: Part, facts: &mut Facts) -> Option<Map<String, Value>> {
    with_json(segment, part, facts, |json, facts| {
        object_from(json, part, facts)
    })
}

/// The claims, read in place; anything the lean reading refuses is parsed in full, which
/// says what is wrong with it (or, should the two ever differ, reads it anyway).
fn decode_claims(segment: &str, facts: &mut Facts) -> Option<Claims> {
    with_json(segment, Part::Claims, facts, |json, facts| {
        if let Some((claims, duplicates)) = Claims::parse(json) {
            for name in duplicates {
                facts.duplicates.push((Part::Claims, name));
            }
            return Some(claims);
        }
        object_from(json, Part::Claims, facts).map(Claims::from_map)
    })
}

/// Decode `segment` and hand its JSON text to `read`, recording why it has none.
fn with_json<T>(
    segment: &str,
    part: Part,
    facts: &mut Facts,
    read: impl FnOnce(&str, &mut Facts) -> Option<T>,
) -> Option<T> {
    // The decoded JSON is needed only while it is parsed: one buffer per thread serves
    // every header and claims set (lint parses millions of them).
    thread_local! {
        static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut bytes) => json_from(segment, part, facts, &mut bytes, read),
        Err(_) => json_from(segment, part, facts, &mut Vec::new(), read),
    })
}

fn json_from<T>(
    segment: &str,
    part: Part,
    facts: &mut Facts,
    bytes: &mut Vec<u8>,
    read: impl FnOnce(&str, &mut Facts) -> Option<T>,
) -> Option<T> {
    if !decode_segment(segment, part, facts, false, bytes) {
        return None;
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        facts.malformed.push((part, Malformed::ByteOrderMark));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(json) => read(json, facts),
        Err(_) => {
            facts.malformed.push((part, Malformed::NotUtf8));
            None
        }
    }
}

fn object_from(json: &str, part: Part, facts: &mut Facts) -> Option<Map<String, Value>> {
    match parse_object(json.as_bytes()) {
        Ok(parsed) => {
            for name in parsed.duplicates {
                facts.duplicates.push((part, name));
            }
            Some(parsed.object)
        }
        Err(JsonProblem::NotObject(kind)) => {
            facts.malformed.push((part, Malformed::NotObject(kind)));
            None
        }
        Err(JsonProblem::Invalid(why)) => {
            facts.malformed.push((part, Malformed::NotJson(why)));
            None
        }
    }
}

/// Decode base64url into `out` (replacing what it held), tolerating (and recording)
/// padding and the standard alphabet. False when nothing could be decoded.
fn decode_segment(
    segment: &str,
    part: Part,
    facts: &mut Facts,
    empty_ok: bool,
    out: &mut Vec<u8>,
) -> bool {
    out.clear();
    if segment.is_empty() {
        if !empty_ok {
            facts.malformed.push((part, Malformed::Empty));
        }
        return false;
    }
    if decode_into(segment.as_bytes(), out).is_ok() {
        return true;
    }
    let trimmed = segment.trim_end_matches('=');
    if trimmed.len() != segment.len() {
        facts.encoding.push((part, EncodingIssue::Padding));
    }
    if trimmed.contains(['+', '/']) {
        facts.encoding.push((part, EncodingIssue::StandardAlphabet));
    }
    let normalized: String = trimmed
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            other => other,
        })
        .collect();
    match decode_into(normalized.as_bytes(), out) {
        Ok(()) => true,
        Err(err) => {
            let why = match normalized
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            {
                Some(c) => format!("character {c:?} is not base64url"),
                None => format!("{err}"),
            };
            facts.malformed.push((part, Malformed::NotBase64(why)));
            false
        }
    }
}

/// The decoded length of `segment` when it is strict unpadded base64url, checked without
/// decoding it (base64url bytes only, a possible length, zero bits after the last byte;
/// base64-simd's check, vectorised). None means "decode it to find out".
fn clean_b64url_len(segment: &str) -> Option<usize> {
    let bytes = segment.as_bytes();
    base64_simd::URL_SAFE_NO_PAD.check(bytes).ok()?;
    let rest = bytes.len() % 4;
    Some(bytes.len() / 4 * 3 + rest.saturating_sub(1))
}

/// Strict unpadded base64url into `out`, which is resized to the decoded length.
///
/// base64-simd decodes (vectorised: a quarter of the instructions of a scalar decoder on a
/// claims set). Where it refuses, data-encoding decodes again and says why; the two accept
/// and refuse the same texts (a test compares them), so that is only the error's path.
fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), data_encoding::DecodeError> {
    let len = BASE64URL_NOPAD.decode_len(text.len())?;
    out.resize(len, 0);
    let fast = base64_simd::URL_SAFE_NO_PAD
        .decode(text, base64_simd::Out::from_slice(out))
        .map(|bytes| bytes.len());
    match fast.or_else(|_| BASE64URL_NOPAD.decode_mut(text, out)) {
        Ok(n) => {
            out.truncate(n);
            Ok(())
        }
        Err(partial) => {
            out.clear();
            Err(partial.error)
        }
    }
}

/// base64url without padding, as compact serialization requires.
pub fn b64url(bytes: &[u8]) -> String {
    BASE64URL_NOPAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(json: &str) -> String {
        b64url(json.as_bytes())
    }

    fn jws(header: &str, claims: &str) -> String {
        format!("{}.{}.c2ln", seg(header), seg(claims))
    }

    #[test]
    fn whitespace_is_removed_exactly_when_a_character_is_whitespace() {
        // every pair over ASCII whitespace, other controls, printable ASCII and non-ASCII
        // letters and spaces: the byte pre-pass must agree with char::is_whitespace
        let alphabet = [
            " ", "\t", "\n", "\r", "\u{c}", "\u{1}", "\u{7f}", "!", "e", "é", "\u{a0}", "\u{2003}",
            "\u{3000}", "\u{feff}",
        ];
        for a in alphabet {
            for b in alphabet {
                let input = format!("e{a}y.{b}J");
                let token = Token::parse(&input);
                let expected: String = input.chars().filter(|c| !c.is_whitespace()).collect();
                assert_eq!(
                    token.facts.whitespace_removed,
                    expected != input,
                    "{input:?}"
                );
                assert_eq!(token.raw, expected, "{input:?}");
            }
        }
    }

    #[test]
    fn segments_are_counted_as_str_split_counts_them() {
        // every string of up to 6 characters over dots, base64url and a non-ASCII letter
        let mut inputs = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| [".", "e", "é"].map(|c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        for input in inputs {
            let token = Token::parse(&input);
            assert_eq!(token.segment_count, input.split('.').count(), "{input:?}");
        }
    }

    #[test]
    fn the_length_check_agrees_with_decoding_on_every_short_segment() {
        // every string of up to 3 characters over a mix of base64url and other bytes, and
        // longer ones built from them: the length without decoding is the decoded length,
        // and None exactly when strict decoding fails
        let chars = [
            "A", "B", "Q", "g", "w", "_", "-", "8", "9", "=", "+", "/", ".", " ",
        ];
        let mut segments = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = segments
                .iter()
                .flat_map(|s| chars.iter().map(move |c| format!("{s}{c}")))
                .collect();
            segments.extend(longer);
        }
        let mut checked = 0;
        for seg in &segments {
            // and after a prefix long enough for the vectorised loop
            let long = "eyJhbGciOiJub25lIn0".repeat(5);
            for prefix in ["", "AAAA", "eyJhbGciOiJub25lIn0", &long] {
                let seg = format!("{prefix}{seg}");
                let decoded = BASE64URL_NOPAD.decode(seg.as_bytes()).ok().map(|b| b.len());
                assert_eq!(clean_b64url_len(&seg), decoded, "{seg:?}");
                checked += 1;
            }
        }
        assert!(checked > 8000);
    }

    #[test]
    fn a_signature_is_decoded_when_it_is_first_asked_for() {
        let with_signature = |sig: &str| {
            Token::parse(&format!(
                "{}.{}.{sig}",
                seg(r#"{"alg":"ES256"}"#),
                seg("{}")
            ))
        };
        let sig = b64url(&[0x30, 0x44, 1, 2, 3]);
        let t = with_signature(&sig);
        assert_eq!(t.signature_len, 5);
        assert_eq!(t.signature(), [0x30, 0x44, 1, 2, 3]);
        // padded: decoded at once (the fact is recorded), same bytes
        let t = with_signature(&format!("{sig}==="));
        assert_eq!(t.signature_len, 5);
        assert_eq!(t.signature(), [0x30, 0x44, 1, 2, 3]);
        assert!(!t.facts.encoding.is_empty());
        // not base64url: no bytes
        let t = with_signature("a*b");
        assert_eq!((t.signature_len, t.signature().len()), (0, 0));
    }

    #[test]
    fn tokens_with_the_same_header_share_it_and_a_header_with_facts_is_parsed_each_time() {
        let a = Token::parse(&jws(r#"{"alg":"RS256","kid":"k1"}"#, r#"{"jti":"1"}"#));
        let b = Token::parse(&jws(r#"{"alg":"RS256","kid":"k1"}"#, r#"{"jti":"2"}"#));
        assert!(Arc::ptr_eq(
            a.header.as_ref().unwrap(),
            b.header.as_ref().unwrap()
        ));
        assert_eq!(b.header_str("kid"), Some("k1"));
        assert_eq!(b.claim_str("jti"), Some("2"));
        let other = Token::parse(&jws(r#"{"alg":"RS256","kid":"k2"}"#, "{}"));
        assert_eq!(other.header_str("kid"), Some("k2"));
        // a duplicate member is a fact: every token with that header reports it
        for _ in 0..2 {
            let t = Token::parse(&jws(r#"{"alg":"RS256","alg":"none"}"#, "{}"));
            assert_eq!(t.facts.duplicates, [(Part::Header, "alg".to_string())]);
            assert_eq!(t.alg(), Some("none"));
        }
        // more headers than are kept: the oldest is parsed again, to the same value
        for i in 0..2 * HEADERS_KEPT {
            let t = Token::parse(&jws(&format!(r#"{{"alg":"HS256","kid":"{i}"}}"#), "{}"));
            assert_eq!(t.header_str("kid"), Some(i.to_string().as_str()));
        }
        let again = Token::parse(&jws(r#"{"alg":"RS256","kid":"k1"}"#, "{}"));
        assert_eq!(again.header.as_deref(), a.header.as_deref());
    }

    #[test]
    fn parses_a_plain_jws() {
        let t = Token::parse(&jws(r#"{"alg":"RS256"}"#, r#"{"iss":"a"}"#));
        assert_eq!(t.form, Form::Jws);
        assert_eq!(t.alg(), Some("RS256"));
        assert_eq!(t.claim_str("iss"), Some("a"));
        assert_eq!(t.signature(), b"sig");
        assert_eq!(t.signature_len, 3);
        assert!(t.facts.malformed.is_empty() && t.facts.encoding.is_empty());
        assert_eq!(t.signature_b64(), "c2ln");
        assert!(t.signing_input().ends_with(&seg(r#"{"iss":"a"}"#)));
    }

    #[test]
    fn records_padding_and_standard_alphabet_but_still_decodes() {
        // "{"a":"?>"}" base64-encodes with a '+' in the standard alphabet
        let claims = data_encoding::BASE64.encode(br#"{"a":"?>?"}"#);
        assert!(claims.contains('+') || claims.contains('/') || claims.ends_with('='));
        let token = format!("{}.{}.c2ln", seg(r#"{"alg":"HS256"}"#), claims);
        let t = Token::parse(&token);
        assert!(t.claims.is_some(), "{:?}", t.facts);
        assert!(!t.facts.encoding.is_empty());
    }

    #[test]
    fn removes_whitespace_and_says_so() {
        let token = jws(r#"{"alg":"RS256"}"#, r#"{"iss":"a"}"#);
        let wrapped = format!("{}\n  {}", &token[..10], &token[10..]);
        let t = Token::parse(&wrapped);
        assert!(t.facts.whitespace_removed);
        assert_eq!(t.raw, token);
        assert!(t.claims.is_some());
    }

    #[test]
    fn jwe_has_a_header_and_no_claims() {
        let token = format!("{}.a.b.c.d", seg(r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#));
        let t = Token::parse(&token);
        assert_eq!(t.form, Form::Jwe);
        assert_eq!(t.header_str("enc"), Some("A256GCM"));
        assert!(t.claims.is_none());
        assert!(t.is_readable());
    }

    #[test]
    fn missing_segment_is_broken() {
        let token = format!("{}.{}", seg(r#"{"alg":"RS256"}"#), seg("{}"));
        let t = Token::parse(&token);
        assert_eq!(t.form, Form::Broken);
        assert_eq!(t.segment_count, 2);
    }

    #[test]
    fn non_json_and_non_object_segments_are_malformed() {
        let t = Token::parse(&format!("{}.{}.x", seg("not json"), seg("[1]")));
        assert!(matches!(
            t.facts.malformed[0],
            (Part::Header, Malformed::NotJson(_))
        ));
        assert_eq!(
            t.facts.malformed[1],
            (Part::Claims, Malformed::NotObject("an array"))
        );
    }

    #[test]
    fn bom_and_bad_utf8_are_malformed() {
        let bom = b64url(b"\xEF\xBB\xBF{}");
        let bad = b64url(b"{\"a\":\"\xFF\"}");
        let t = Token::parse(&format!("{bom}.{bad}.x"));
        assert_eq!(
            t.facts.malformed[0],
            (Part::Header, Malformed::ByteOrderMark)
        );
        assert_eq!(t.facts.malformed[1], (Part::Claims, Malformed::NotUtf8));
    }

    #[test]
    fn invalid_characters_are_named() {
        let t = Token::parse("eyJ!!.e30.x");
        assert!(matches!(
            &t.facts.malformed[0],
            (Part::Header, Malformed::NotBase64(why)) if why.contains('!')
        ));
    }

    #[test]
    fn duplicates_are_recorded_per_part() {
        let t = Token::parse(&jws(
            r#"{"alg":"RS256","alg":"none"}"#,
            r#"{"aud":"a","aud":"b"}"#,
        ));
        assert_eq!(
            t.facts.duplicates,
            [
                (Part::Header, "alg".to_string()),
                (Part::Claims, "aud".to_string())
            ]
        );
    }

    /// What data-encoding alone says of `text` (the decoder decode_into stands in for).
    fn reference(text: &[u8]) -> Result<Vec<u8>, data_encoding::DecodeKind> {
        BASE64URL_NOPAD.decode(text).map_err(|e| e.kind)
    }

    fn fast(text: &[u8]) -> Result<Vec<u8>, data_encoding::DecodeKind> {
        let mut out = vec![7; 3];
        decode_into(text, &mut out)
            .map(|()| out)
            .map_err(|e| e.kind)
    }

    #[test]
    fn the_fast_decoder_accepts_and_refuses_what_data_encoding_does_on_every_short_text() {
        // every text of up to five symbols over letters whose low bits differ (trailing
        // bits), both alphabets' extra symbols, padding, a space and a non-ASCII byte
        let alphabet = b"AQBgw9-_+/= \xc3";
        let texts = crate::fuzz::every_text(alphabet, 5);
        assert!(texts.len() > 100_000);
        for text in &texts {
            assert_eq!(
                fast(text),
                reference(text),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    proptest::proptest! {
        // long texts, where the vectorised loop runs: one stray symbol anywhere in them
        #[test]
        fn the_fast_decoder_agrees_with_data_encoding_on_long_texts(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            stray in proptest::option::of((0usize..400, proptest::sample::select(b"+/= .\x00\xff".to_vec()))),
        ) {
            let mut text = b64url(&bytes).into_bytes();
            if let Some((at, symbol)) = stray {
                if let Some(b) = text.get_mut(at) {
                    *b = symbol;
                }
            }
            proptest::prop_assert_eq!(fast(&text), reference(&text));
            if let Ok(text) = std::str::from_utf8(&text) {
                let length = reference(text.as_bytes()).ok().map(|b| b.len());
                proptest::prop_assert_eq!(clean_b64url_len(text), length);
            }
        }
    }
}
