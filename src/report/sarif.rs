//! SARIF 2.1.0 for code-scanning tools: the rule table as `tool.driver.rules`, one result
//! per finding. Streamed like the JSON report: results are written as they come.

use super::lint::{Input, Linted, Reporter, RunInfo, Summary};
use crate::findings::{Finding, Severity};
use crate::lint::rules::RULES;
use crate::output::Output;
use serde_json::{Value, json};
use std::io;

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub struct Sarif {
    pub count: u64,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rules() -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.code,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": format!("{} ({})", r.summary, r.spec)},
                    "help": {"text": r.hint},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"spec": r.spec, "stage": r.stage.as_str()},
                })
            })
            .collect(),
    )
}

/// A relative path as a URI reference: '/' separators, everything unusual percent-encoded.
fn uri(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn result(t: &Linted, f: &Finding) -> Value {
    let token_name = format!("token {}", t.ordinal);
    let mut location = json!({
        "logicalLocations": [{
            "name": token_name,
            "fullyQualifiedName": format!("{}/{}", t.location.input.kind(), token_name),
            "kind": "object",
        }],
    });
    if let Input::File(path) = t.location.input {
        location["physicalLocation"] = json!({
            "artifactLocation": {"uri": uri(&path.display().to_string())},
            "region": {"startLine": t.location.line},
        });
    }
    let mut properties = json!({
        "tokenIndex": t.ordinal,
        "where": t.location.describe(),
    });
    for (key, value) in [
        ("claim", &f.claim),
        ("expected", &f.expected),
        ("actual", &f.actual),
        ("hint", &f.hint),
    ] {
        if let Some(v) = value {
            properties[key] = json!(v);
        }
    }
    json!({
        "ruleId": f.code,
        "ruleIndex": RULES.iter().position(|r| r.code == f.code),
        "level": level(f.severity),
        "message": {"text": format!("{} [{}]", f.message, t.location.describe())},
        "locations": [location],
        "properties": properties,
    })
}

impl Reporter for Sarif {
    fn begin(&mut self, out: &Output, _: &RunInfo) -> io::Result<()> {
        let driver = json!({
            "name": "jwtgrant",
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules(),
        });
        out.json_part(
            &format!(
                "{{\"$schema\":\"{SCHEMA_URI}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":"
            ),
            Some(driver),
        )?;
        out.json_part("},\"results\":[", None)
    }

    fn token(&mut self, out: &Output, t: &Linted) -> io::Result<()> {
        for f in t.findings {
            let glue = if self.count == 0 { "\n" } else { ",\n" };
            self.count += 1;
            out.json_part(glue, Some(result(t, f)))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &Output, info: &RunInfo, sum: &Summary) -> io::Result<()> {
        out.json_part(
            "\n],\"properties\":",
            Some(json!({"profile": info.profile.name(), "summary": sum.to_json(info)})),
        )?;
        out.json_part("}]}\n", None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("logs/app.log"), "logs/app.log");
        assert_eq!(uri("my logs\\a%.log"), "my%20logs/a%25.log");
    }

    #[test]
    fn every_rule_is_described() {
        let rules = rules();
        assert_eq!(rules.as_array().unwrap().len(), RULES.len());
        assert_eq!(rules[0]["id"], RULES[0].code);
    }
}
