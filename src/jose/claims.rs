//! A claims set kept as its decoded JSON text, its plain string values read in place.
//!
//! Lint reads a handful of members of each token. Building a full `serde_json` tree for
//! every token (an allocation for each name and string, a hash for each name) was most of
//! the cost of parsing one, so a claims set is one buffer and a list of members: a string
//! without escapes becomes a `Value` only when something asks for it as one. Every other
//! value (numbers, arrays, objects, strings with escapes) is parsed by `serde_json` as the
//! claims are read, so what is accepted and refused is exactly what `serde_json` decides.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Clone)]
pub struct Claims {
    /// The JSON text, followed by every member name (unescaped).
    text: Box<str>,
    /// In order of first appearance; a repeated name keeps its first place and its last
    /// value, as a `serde_json` map does.
    members: Vec<Member>,
    /// The whole set as a map, built on first use (reports, re-signing).
    map: OnceLock<Map<String, Value>>,
    /// Where the members' names are, found without a search for most lookups.
    names: NameIndex,
}

/// Where a claims set's names are in `members`. Lint asks for members dozens of times a
/// token, mostly the registered ones, and most of a set's names are three letters long,
/// so a plain search compares bytes at nearly every member.
#[derive(Clone, Default)]
struct NameIndex {
    /// The place of each of REGISTERED.
    registered: [Option<usize>; REGISTERED.len()],
    /// `name_bit` of every name: a name whose bit is clear is not a member (lint asks for
    /// many names a client assertion does not have).
    bits: u64,
}

impl NameIndex {
    /// `name` (at `slot` of REGISTERED, if it is one) is the member at `place`.
    fn add(&mut self, slot: Option<usize>, name: &str, place: usize) {
        self.bits |= name_bit(name);
        if let Some(slot) = slot.and_then(|slot| self.registered.get_mut(slot)) {
            *slot = Some(place);
        }
    }

    /// `name`'s place among `members` (whose names are in `text`), and the member; `slot`
    /// is `registered_slot(name)`.
    #[inline(always)]
    fn find<'m>(
        &self,
        slot: Option<usize>,
        members: &'m [Member],
        text: &str,
        name: &str,
    ) -> Option<(usize, &'m Member)> {
        if let Some(slot) = slot {
            let place = self.registered.get(slot).copied().flatten()?;
            return members.get(place).map(|member| (place, member));
        }
        if self.bits & name_bit(name) == 0 {
            return None;
        }
        // Comparing a few short names beats hashing one; a large set is searched the same
        // way, it is only slower.
        let (bytes, wanted) = (text.as_bytes(), name.as_bytes());
        members.iter().enumerate().find(|(_, m)| {
            m.name.len() == wanted.len()
                && bytes
                    .get(m.name.clone())
                    .is_some_and(|have| same_bytes(have, wanted))
        })
    }
}

/// One of 64 bits for a name, from its length and its first and last bytes.
fn name_bit(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let first = u32::from(bytes.first().copied().unwrap_or(0));
    let last = u32::from(bytes.last().copied().unwrap_or(0));
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    1 << (len
        .wrapping_mul(7)
        .wrapping_add(first * 3)
        .wrapping_add(last)
        % 64)
}

/// The registered claim names of RFC 7519 §4.1.
const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// `name`'s place in REGISTERED. All seven are three bytes: read as one number, a name is
/// told by integer compares (a `match` on `&str` or on byte arrays compares bytes per arm).
fn registered_slot(name: &str) -> Option<usize> {
    const fn key(name: &[u8; 3]) -> u32 {
        name[0] as u32 | (name[1] as u32) << 8 | (name[2] as u32) << 16
    }
    const ISS: u32 = key(b"iss");
    const SUB: u32 = key(b"sub");
    const AUD: u32 = key(b"aud");
    const EXP: u32 = key(b"exp");
    const NBF: u32 = key(b"nbf");
    const IAT: u32 = key(b"iat");
    const JTI: u32 = key(b"jti");
    let &[a, b, c] = name.as_bytes() else {
        return None;
    };
    match key(&[a, b, c]) {
        ISS => Some(0),
        SUB => Some(1),
        AUD => Some(2),
        EXP => Some(3),
        NBF => Some(4),
        IAT => Some(5),
        JTI => Some(6),
        _ => None,
    }
}

#[derive(Clone)]
struct Member {
    name: Range<usize>,
    /// The value's JSON text in `text`; a plain string's includes its quotes.
    raw: Range<usize>,
    /// A string without escapes: its value is `raw` without the quotes.
    plain: bool,
    /// Set while parsing for every value but a plain string; a plain string's is made
    /// from `raw` when asked for.
    value: OnceLock<Value>,
}

/// A member's value, read without building it when it is a plain string.
#[derive(Clone, Copy)]
pub struct Lean<'a> {
    claims: &'a Claims,
    member: &'a Member,
}

impl<'a> Lean<'a> {
    pub fn as_str(self) -> Option<&'a str> {
        match self.claims.plain(self.member) {
            Some(s) => Some(s),
            None => self.value().as_str(),
        }
    }

    /// A string, or an array of strings, as a list; None for any other shape.
    pub fn strings(self) -> Option<Strings<'a>> {
        match self.as_str() {
            Some(s) => Some(Strings::One([s])),
            None => self
                .value()
                .as_array()?
                .iter()
                .map(Value::as_str)
                .collect::<Option<_>>()
                .map(Strings::Many),
        }
    }

    pub fn value(self) -> &'a Value {
        self.claims.value(self.member)
    }

    /// The value when it is not a string (no string is built to find that out).
    pub fn non_string(self) -> Option<&'a Value> {
        match self.member.plain {
            true => None,
            false => Some(self.value()).filter(|v| !v.is_string()),
        }
    }
}

/// `Lean::strings`: one string (most aud claims) needs no list to be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strings<'a> {
    One([&'a str; 1]),
    Many(Vec<&'a str>),
}

impl<'a> std::ops::Deref for Strings<'a> {
    type Target = [&'a str];

    fn deref(&self) -> &[&'a str] {
        match self {
            Strings::One(one) => one,
            Strings::Many(many) => many,
        }
    }
}

/// Members past this many look for an earlier member of the same name through a hash map.
const LINEAR_NAME_SEARCH: usize = 32;

impl Claims {
    /// Read a JSON object. None when `json` is not one (or holds something `serde_json`
    /// would refuse as a `Value`); the caller then parses it the full way, which also says
    /// what is wrong. The second item lists the names that appear more than once.
    pub fn parse(json: &str) -> Option<(Claims, Vec<String>)> {
        let found = simple_members(json).or_else(|| serde_members(json))?;
        let names_len: usize = found.iter().map(|f| f.name.len()).sum();
        let mut text = String::with_capacity(json.len() + names_len);
        text.push_str(json);
        let mut members: Vec<Member> = Vec::with_capacity(found.len());
        let mut duplicates: Vec<String> = Vec::new();
        let mut index: Option<std::collections::HashMap<String, usize>> = None;
        let mut names = NameIndex::default();
        for Found { name, raw, value } in found {
            let plain = value.is_none();
            // `OnceLock::from` is born set; `set` would take the once-only path for each
            let cell = value.map_or_else(OnceLock::new, OnceLock::from);
            let slot = registered_slot(&name);
            let earlier = match &index {
                Some(index) if slot.is_none() => index.get(name.as_ref()).copied(),
                _ => names
                    .find(slot, &members, &text, &name)
                    .map(|(place, _)| place),
            };
            if let Some(i) = earlier {
                if !duplicates.iter().any(|d| *d == *name) {
                    duplicates.push(name.to_string());
                }
                members[i].plain = plain;
                members[i].raw = raw;
                members[i].value = cell;
                continue;
            }
            let name_start = text.len();
            text.push_str(&name);
            names.add(slot, &name, members.len());
            members.push(Member {
                name: name_start..text.len(),
                raw,
                plain,
                value: cell,
            });
            if members.len() == LINEAR_NAME_SEARCH {
                index = Some(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (text[m.name.clone()].to_string(), i))
                        .collect(),
                );
            } else if let Some(index) = &mut index {
                index.insert(name.to_string(), members.len() - 1);
            }
        }
        let claims = Claims {
            text: text.into_boxed_str(),
            members,
            map: OnceLock::new(),
            names,
        };
        Some((claims, duplicates))
    }

    /// Claims from a map already built.
    pub fn from_map(map: Map<String, Value>) -> Claims {
        let mut text = String::new();
        let mut members = Vec::with_capacity(map.len());
        let mut names = NameIndex::default();
        for (name, value) in &map {
            names.add(registered_slot(name), name, members.len());
            let start = text.len();
            text.push_str(name);
            let cell = OnceLock::from(value.clone());
            members.push(Member {
                name: start..text.len(),
                raw: 0..0,
                plain: false,
                value: cell,
            });
        }
        let built = OnceLock::from(map);
        Claims {
            text: text.into_boxed_str(),
            members,
            map: built,
            names,
        }
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.member(name).is_some()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.member(name).map(|m| self.value(m))
    }

    pub fn lean(&self, name: &str) -> Option<Lean<'_>> {
        self.member(name).map(|member| Lean {
            claims: self,
            member,
        })
    }

    /// A string member's value; a plain one is read in place.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.lean(name)?.as_str()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| &self.text[m.name.clone()])
    }

    /// Every member, in order, without building plain strings.
    pub fn members(&self) -> impl Iterator<Item = (&str, Lean<'_>)> {
        self.members.iter().map(|member| {
            (
                &self.text[member.name.clone()],
                Lean {
                    claims: self,
                    member,
                },
            )
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.members
            .iter()
            .map(|m| (&self.text[m.name.clone()], self.value(m)))
    }

    /// The whole set as a `serde_json` map, in the token's order.
    pub fn map(&self) -> &Map<String, Value> {
        self.map.get_or_init(|| {
            self.iter()
                .map(|(name, value)| (name.to_string(), value.clone()))
                .collect()
        })
    }

    fn member(&self, name: &str) -> Option<&Member> {
        let (_, member) =
            self.names
                .find(registered_slot(name), &self.members, &self.text, name)?;
        Some(member)
    }

    /// A plain string's contents, in place.
    fn plain<'a>(&'a self, member: &Member) -> Option<&'a str> {
        match member.plain {
            true => self.text.get(member.raw.start + 1..member.raw.end - 1),
            false => None,
        }
    }

    fn value<'a>(&'a self, member: &'a Member) -> &'a Value {
        member.value.get_or_init(|| match self.plain(member) {
            Some(s) => Value::String(s.to_string()),
            None => Value::Null,
        })
    }
}

/// Byte equality of two slices of one length, compared in line: claim names are a few
/// bytes, where a call to `memcmp` costs more than the comparison.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A JSON string with no escape in it: its text between the quotes is its value.
fn is_plain_string(raw: &str) -> bool {
    raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') && !raw.contains('\\')
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl PartialEq for Claims {
    fn eq(&self, other: &Claims) -> bool {
        self.map() == other.map()
    }
}

impl Serialize for Claims {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'a> IntoIterator for &'a Claims {
    type Item = (&'a str, &'a Value);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'a Value)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// A member as read: its name, where its value's text is, and the value itself unless it
/// is a plain string.
struct Found<'a> {
    name: Cow<'a, str>,
    raw: Range<usize>,
    value: Option<Value>,
}

/// The members of the objects most tokens carry, read by hand: names and strings without
/// escapes or control characters, integers of up to 15 digits, `true`, `false`, `null`.
/// Anything else (or anything malformed) is None, and `serde_members` reads it.
fn simple_members(json: &str) -> Option<Vec<Found<'_>>> {
    let bytes = json.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::with_capacity(8);
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            let name = plain_string(bytes, at)?;
            at = skip_space(bytes, name.end);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(bytes, at + 1);
            let (raw, value) = simple_value(bytes, at)?;
            at = skip_space(bytes, raw.end);
            members.push(Found {
                name: Cow::Borrowed(json.get(name.start + 1..name.end - 1)?),
                raw,
                value,
            });
            match bytes.get(at) {
                Some(b',') => at = skip_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_space(bytes, at) == bytes.len()).then_some(members)
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// A string with no escape and no control character starting at `at`, quotes included.
fn plain_string(bytes: &[u8], at: usize) -> Option<Range<usize>> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let rest = bytes.get(at + 1..)?;
    let close = memchr::memchr2(b'"', b'\\', rest)?;
    if rest[close] != b'"' || rest[..close].iter().any(|&b| b < 0x20) {
        return None;
    }
    Some(at..at + close + 2)
}

fn simple_value(bytes: &[u8], at: usize) -> Option<(Range<usize>, Option<Value>)> {
    let literal = |word: &[u8], value: Value| {
        bytes[at..]
            .starts_with(word)
            .then(|| (at..at + word.len(), Some(value)))
    };
    match *bytes.get(at)? {
        b'"' => plain_string(bytes, at).map(|raw| (raw, None)),
        b't' => literal(b"true", Value::Bool(true)),
        b'f' => literal(b"false", Value::Bool(false)),
        b'n' => literal(b"null", Value::Null),
        b'-' | b'0'..=b'9' => {
            let negative = bytes[at] == b'-';
            let digits_at = at + usize::from(negative);
            let digits = bytes[digits_at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let end = digits_at + digits;
            let leading_zero = digits > 1 && bytes[digits_at] == b'0';
            // fractions, exponents and long numbers go to serde_json, which knows their
            // exact value
            if digits == 0 || digits > 15 || leading_zero {
                return None;
            }
            if matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
                return None;
            }
            // at most 15 digits, so this cannot overflow
            let magnitude = bytes[digits_at..end]
                .iter()
                .fold(0i64, |n, d| 10 * n + i64::from(d - b'0'));
            // serde_json reads -0 as a float
            if negative && magnitude == 0 {
                return None;
            }
            let value = if negative { -magnitude } else { magnitude };
            Some((at..end, Some(Value::from(value))))
        }
        _ => None,
    }
}

/// Every member of any JSON object, read by serde_json: its names (borrowed unless they had
/// escapes) and values' text, and every value but a plain string parsed as a `Value`.
fn serde_members(json: &str) -> Option<Vec<Found<'_>>> {
    let mut de = serde_json::Deserializer::from_str(json);
    let found = de.deserialize_map(Collect).ok()?;
    de.end().ok()?;
    found
        .into_iter()
        .map(|(name, raw)| {
            let text = raw.get();
            let start = text.as_ptr() as usize - json.as_ptr() as usize;
            // RawValue only skips what it reads: a number too large for f64, a lone
            // surrogate escape or deep nesting is refused when parsed as a Value
            let value = match is_plain_string(text) {
                true => None,
                false => Some(serde_json::from_str::<Value>(text).ok()?),
            };
            Some(Found {
                name,
                raw: start..start + text.len(),
                value,
            })
        })
        .collect()
}

/// A member name: borrowed from the text unless it had escapes.
struct Name<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;
        impl<'de> Visitor<'de> for NameVisitor {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(s.to_string())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(NameVisitor)
    }
}

/// Every member of an object, as its name and its value's text.
struct Collect;

impl<'de> Visitor<'de> for Collect {
    type Value = Vec<(Cow<'de, str>, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(8);
        while let Some(Name(name)) = access.next_key::<Name<'de>>()? {
            let raw: &'de RawValue = access.next_value()?;
            members.push((name, raw));
        }
        Ok(members)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::json::parse_object;

    /// What the full parse makes of `json`, for comparison.
    fn full(json: &str) -> Option<(Map<String, Value>, Vec<String>)> {
        parse_object(json.as_bytes())
            .ok()
            .map(|p| (p.object, p.duplicates))
    }

    fn agrees(json: &str) {
        // the hand-read subset reads exactly what serde_json reads
        if let Some(simple) = simple_members(json) {
            let serde = serde_members(json).unwrap_or_else(|| panic!("{json}"));
            assert_eq!(simple.len(), serde.len(), "{json}");
            for (a, b) in simple.iter().zip(&serde) {
                assert_eq!(
                    (&a.name, &a.raw, &a.value),
                    (&b.name, &b.raw, &b.value),
                    "{json}"
                );
            }
        }
        let lean = Claims::parse(json);
        let full = full(json);
        match (&lean, &full) {
            (Some((claims, dups)), Some((map, full_dups))) => {
                assert_eq!(claims.map(), map, "{json}");
                assert_eq!(dups, full_dups, "{json}");
                assert_eq!(claims.len(), map.len(), "{json}");
                for (name, value) in map {
                    assert_eq!(claims.get(name), Some(value), "{json} {name}");
                    assert_eq!(claims.get_str(name), value.as_str(), "{json} {name}");
                    let lean = claims.lean(name).unwrap();
                    assert_eq!(
                        lean.non_string(),
                        Some(value).filter(|v| !v.is_string()),
                        "{json} {name}"
                    );
                }
                // the registered names are found through their own index, present or not,
                // and names that are not members are told apart without a search
                let absent = ["nonce", "cnf", "azp", "scope", "", "a", "b", "x", "iss "];
                for name in REGISTERED.into_iter().chain(absent) {
                    assert_eq!(claims.get(name), map.get(name), "{json} {name}");
                }
                let names: Vec<&str> = claims.keys().collect();
                let full_names: Vec<&str> = map.keys().map(String::as_str).collect();
                assert_eq!(names, full_names, "{json}");
                assert_eq!(
                    serde_json::to_string(claims).unwrap(),
                    serde_json::to_string(map).unwrap()
                );
            }
            // refusing what the full parse reads is allowed (the caller falls back to it);
            // reading what it refuses is not
            (None, _) => {}
            (Some(_), None) => panic!("read what serde_json refuses: {json}"),
        }
    }

    #[test]
    fn reads_what_the_full_parse_reads() {
        for json in [
            r#"{}"#,
            r#"{"iss":"a","sub":"b","aud":["x","y"],"exp":1764079440,"jti":"j"}"#,
            r#" { "a" : "b" , "n" : -1.5e3 , "t" : true , "z" : null } "#,
            r#"{"a":"x\"y","b":"\u00e9","c":"\ud83d\ude00","\u0069ss":"escaped name"}"#,
            r#"{"aud":"a","sub":"s","aud":"b","aud":"c","sub":"t"}"#,
            r#"{"x":1,"jti":"j","iat":2,"nbf":3,"exp":4,"aud":"a","sub":"s","iss":"i"}"#,
            r#"{"\u006a\u0074\u0069":"escaped jti","iat":1,"jti":"plain jti"}"#,
            r#"{"cnf":{"jkt":"abc"},"act":{"sub":"x","act":{"sub":"y"}}}"#,
            r#"{"e":"","big":18446744073709551616,"neg":-9223372036854775809}"#,
            "{\"tab\":\"a\\tb\",\"caf\u{e9}\":\"\u{1F600}\"}",
        ] {
            assert!(Claims::parse(json).is_some(), "{json}");
            agrees(json);
        }
    }

    #[test]
    fn refuses_what_the_full_parse_refuses() {
        for json in [
            "",
            "[]",
            "\"x\"",
            "7",
            "null",
            "{",
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"{"a":1} x"#,
            r#"{"a":1e400}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\x"}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{'a':1}"#,
            r#"{"a":01}"#,
            r#"{"a":tru}"#,
        ] {
            agrees(json);
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        agrees(&deep);
        assert!(
            Claims::parse(&deep).is_none(),
            "deeper than serde_json reads"
        );
    }

    #[test]
    fn agrees_with_the_full_parse_on_generated_objects() {
        // objects built from pieces that are valid, invalid, escaped and repeated, each
        // cut at every length: the lean reading agrees wherever it reads
        let values = [
            "\"v\"",
            "\"x\\\"\"",
            "\"\\u00e9\"",
            "1",
            "-0",
            "0",
            "-7",
            "-0.5",
            "1e2",
            "true",
            "null",
            "[]",
            "[1,\"a\"]",
            "{\"k\":\"v\"}",
            "\"\"",
            "\"\\ud800\"",
            "1e999",
            "123456789012345",
            "1234567890123456",
            "00",
            "-",
            "tru",
            "nulls",
            "\"a\tb\"",
        ];
        let names = ["\"a\"", "\"b\"", "\"\\u0061\"", "\"\"", "\"iss\""];
        let mut checked = 0;
        for (i, v1) in values.iter().enumerate() {
            for (j, n1) in names.iter().enumerate() {
                let v2 = values[(i * 7 + j) % values.len()];
                let n2 = names[(i + j * 3) % names.len()];
                let json = format!("{{{n1}:{v1},{n2}:{v2},{n1}:{v2}}}");
                for cut in 0..=json.len() {
                    if let Some(prefix) = json.get(..cut) {
                        agrees(prefix);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 2000);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]
        /// Objects (and near-objects) strung together from JSON pieces, valid or not.
        #[test]
        fn agrees_with_the_full_parse_on_random_pieces(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "{", "}", ":", ",", ",", " ", "\n", "\"a\"", "\"iss\"", "\"\\u0069ss\"",
                "\"x\\\"y\"", "\"\"", "1", "0", "-", "12", ".5", "e3", "true", "null", "[", "]",
                "\"\\ud83d\"", "\"caf\u{e9}\"", "\u{7}", "\"",
            ]), 0..14)
        ) {
            agrees(&pieces.concat());
        }
    }

    #[test]
    fn a_large_set_finds_repeats_through_its_index() {
        let mut json = String::from("{\"iss\":\"first\",");
        for i in 0..100 {
            json.push_str(&format!("\"m{i}\":{i},"));
        }
        json.push_str("\"m3\":\"again\",\"iss\":\"again\",\"m70\":\"again\"}");
        agrees(&json);
        let (claims, dups) = Claims::parse(&json).unwrap();
        assert_eq!(dups, ["m3", "iss", "m70"]);
        assert_eq!(claims.get_str("m70"), Some("again"));
        assert_eq!(claims.get_str("iss"), Some("again"));
        assert_eq!(claims.len(), 101);
    }

    #[test]
    fn plain_strings_are_read_in_place_and_built_only_when_asked() {
        let (claims, _) = Claims::parse(r#"{"iss":"client","exp":5}"#).unwrap();
        let iss = claims.lean("iss").unwrap();
        assert!(iss.member.value.get().is_none());
        assert_eq!(iss.as_str(), Some("client"));
        assert!(iss.non_string().is_none());
        assert!(iss.member.value.get().is_none(), "reading it built a Value");
        assert_eq!(claims.get("iss"), Some(&Value::from("client")));
        assert_eq!(
            claims.lean("exp").unwrap().non_string(),
            Some(&Value::from(5))
        );
    }

    #[test]
    fn every_registered_name_has_its_own_slot() {
        for (i, name) in REGISTERED.iter().enumerate() {
            assert_eq!(registered_slot(name), Some(i));
        }
        for other in ["", "is", "issx", "ISS", "aud ", "client_id", "act"] {
            assert_eq!(registered_slot(other), None, "{other}");
        }
    }

    #[test]
    fn a_map_round_trips() {
        let map = full(r#"{"b":1,"a":"x","c":[true]}"#).unwrap().0;
        let claims = Claims::from_map(map.clone());
        assert_eq!(claims.map(), &map);
        assert_eq!(claims.get_str("a"), Some("x"));
        assert_eq!(claims.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        let map = full(r#"{"b":1,"exp":5,"iss":"i"}"#).unwrap().0;
        let claims = Claims::from_map(map.clone());
        for name in REGISTERED.into_iter().chain(["b", "a", "zz"]) {
            assert_eq!(claims.get(name), map.get(name), "{name}");
        }
    }
}
