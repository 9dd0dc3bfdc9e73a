//! JSON parsing for JOSE headers and claims sets that keeps what serde_json would hide:
//! duplicate member names (RFC 7519 §4, RFC 7515 §4) and the kind of a non-object value.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A top-level JSON object, with every member name that appeared more than once.
pub struct ObjectWithDuplicates {
    pub object: Map<String, Value>,
    pub duplicates: Vec<String>,
}

#[derive(Debug, PartialEq)]
pub enum JsonProblem {
    /// Valid JSON, but not an object (an array, a string, a number, …).
    NotObject(&'static str),
    /// Not JSON at all; the text is serde_json's explanation.
    Invalid(String),
}

pub fn parse_object(bytes: &[u8]) -> Result<ObjectWithDuplicates, JsonProblem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let parsed = de
        .deserialize_any(TopLevel)
        .map_err(|e| JsonProblem::Invalid(e.to_string()))?;
    de.end().map_err(|e| JsonProblem::Invalid(e.to_string()))?;
    match parsed {
        Parsed::Object(obj) => Ok(obj),
        Parsed::Other(kind) => Err(JsonProblem::NotObject(kind)),
    }
}

enum Parsed {
    Object(ObjectWithDuplicates),
    Other(&'static str),
}

struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Parsed, A::Error> {
        // Sized for a typical header or claims set, so parsing rarely regrows the map.
        let mut object = Map::with_capacity(8);
        let mut duplicates = Vec::new();
        while let Some(key) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            // one lookup per member; the name is copied only for a duplicate (rare)
            match object.entry(key) {
                serde_json::map::Entry::Occupied(mut seen) => {
                    if !duplicates.contains(seen.key()) {
                        duplicates.push(seen.key().clone());
                    }
                    seen.insert(value);
                }
                serde_json::map::Entry::Vacant(new) => {
                    new.insert(value);
                }
            }
        }
        Ok(Parsed::Object(ObjectWithDuplicates { object, duplicates }))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut access: A) -> Result<Parsed, A::Error> {
        while access.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Parsed::Other("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_string<E: de::Error>(self, _: String) -> Result<Parsed, E> {
        Ok(Parsed::Other("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Parsed, E> {
        Ok(Parsed::Other("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Parsed, E> {
        Ok(Parsed::Other("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Parsed, E> {
        Ok(Parsed::Other("null"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_duplicate_members_and_keeps_the_last_value() {
        let parsed = parse_object(br#"{"aud":"a","sub":"s","aud":"b","aud":"c"}"#).unwrap();
        assert_eq!(parsed.duplicates, ["aud"]);
        assert_eq!(parsed.object["aud"], "c");
    }

    #[test]
    fn names_the_kind_of_a_non_object() {
        assert_eq!(
            parse_object(b"[1,2]").err(),
            Some(JsonProblem::NotObject("an array"))
        );
        assert_eq!(
            parse_object(b"\"x\"").err(),
            Some(JsonProblem::NotObject("a string"))
        );
        assert_eq!(
            parse_object(b"7").err(),
            Some(JsonProblem::NotObject("a number"))
        );
    }

    #[test]
    fn rejects_trailing_garbage_and_non_json() {
        assert!(matches!(
            parse_object(b"{} x"),
            Err(JsonProblem::Invalid(_))
        ));
        assert!(matches!(
            parse_object(b"{'a':1}"),
            Err(JsonProblem::Invalid(_))
        ));
    }
}
