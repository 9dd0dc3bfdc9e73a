//! Pretty-printed JSON for people: colored keys, and untrusted strings escaped so a
//! claim value cannot drive the terminal.

use crate::output::{Output, Stream, Style, escape_untrusted};
use serde_json::{Map, Value};
use std::borrow::Cow;

pub fn object(out: &Output, map: &Map<String, Value>, indent: usize) -> String {
    let mut buf = String::new();
    write_object(out, map, indent, &mut buf);
    buf
}

fn quoted(text: &str) -> String {
    // serde_json escapes quotes and C0 controls; escape_untrusted catches C1 and bidi.
    let json = serde_json::to_string(text).unwrap_or_default();
    match escape_untrusted(&json) {
        Cow::Borrowed(_) => json,
        Cow::Owned(escaped) => escaped,
    }
}

fn indent_to(buf: &mut String, level: usize) {
    for _ in 0..level {
        buf.push_str("  ");
    }
}

fn write_object(out: &Output, map: &Map<String, Value>, indent: usize, buf: &mut String) {
    if map.is_empty() {
        buf.push_str("{}");
        return;
    }
    buf.push_str("{\n");
    for (i, (key, member)) in map.iter().enumerate() {
        indent_to(buf, indent + 1);
        out.paint_into(buf, Stream::Stdout, &quoted(key), Style::Key);
        buf.push_str(": ");
        write_value(out, member, indent + 1, buf);
        if i + 1 < map.len() {
            buf.push(',');
        }
        buf.push('\n');
    }
    indent_to(buf, indent);
    buf.push('}');
}

fn write_value(out: &Output, value: &Value, indent: usize, buf: &mut String) {
    match value {
        Value::Object(map) => write_object(out, map, indent, buf),
        Value::Array(items) if !items.is_empty() => {
            buf.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent_to(buf, indent + 1);
                write_value(out, item, indent + 1, buf);
                if i + 1 < items.len() {
                    buf.push(',');
                }
                buf.push('\n');
            }
            indent_to(buf, indent);
            buf.push(']');
        }
        Value::Array(_) => buf.push_str("[]"),
        Value::String(s) => out.paint_into(buf, Stream::Stdout, &quoted(s), Style::String),
        Value::Number(n) => out.paint_into(buf, Stream::Stdout, &n.to_string(), Style::Number),
        Value::Bool(_) | Value::Null => {
            out.paint_into(buf, Stream::Stdout, &value.to_string(), Style::Literal)
        }
    }
}
