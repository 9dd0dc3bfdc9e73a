//! Pretty-printed JSON for people: colored keys, and untrusted strings escaped so a
//! claim value cannot drive the terminal.

use crate::output::{Output, Stream, Style, escape_untrusted};
use serde_json::Value;

pub fn json(out: &Output, value: &Value, indent: usize) -> String {
    let mut buf = String::new();
    write_value(out, value, indent, &mut buf);
    buf
}

fn quoted(text: &str) -> String {
    // serde_json escapes quotes and C0 controls; escape_untrusted catches C1 and bidi.
    let json = serde_json::to_string(text).unwrap_or_default();
    escape_untrusted(&json).into_owned()
}

fn write_value(out: &Output, value: &Value, indent: usize, buf: &mut String) {
    let pad = "  ".repeat(indent + 1);
    let close = "  ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            buf.push_str("{\n");
            for (i, (key, member)) in map.iter().enumerate() {
                buf.push_str(&pad);
                buf.push_str(&out.paint(Stream::Stdout, &quoted(key), Style::Key));
                buf.push_str(": ");
                write_value(out, member, indent + 1, buf);
                if i + 1 < map.len() {
                    buf.push(',');
                }
                buf.push('\n');
            }
            buf.push_str(&close);
            buf.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            buf.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                buf.push_str(&pad);
                write_value(out, item, indent + 1, buf);
                if i + 1 < items.len() {
                    buf.push(',');
                }
                buf.push('\n');
            }
            buf.push_str(&close);
            buf.push(']');
        }
        Value::Object(_) => buf.push_str("{}"),
        Value::Array(_) => buf.push_str("[]"),
        Value::String(s) => buf.push_str(&out.paint(Stream::Stdout, &quoted(s), Style::String)),
        Value::Number(n) => buf.push_str(&out.paint(Stream::Stdout, &n.to_string(), Style::Number)),
        Value::Bool(_) | Value::Null => {
            buf.push_str(&out.paint(Stream::Stdout, &value.to_string(), Style::Literal))
        }
    }
}
