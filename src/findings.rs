//! Findings: what every check in jwtgrant reports, in one shape.
//!
//! A finding carries a stable code (see `lint::rules::RULES`), a severity and a message
//! that names the claim and the expected vs actual value. The same objects are printed
//! by decode, inspect, lint, verify and replay, in human text and in `--json`.

use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The claim or header parameter the finding is about, when there is one.
    pub claim: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub hint: Option<String>,
    pub spec: Option<&'static str>,
}

impl Finding {
    /// A finding with the rule's default severity, hint and spec reference.
    pub fn new(code: &'static str, message: impl Into<String>) -> Finding {
        let rule = crate::lint::rules::rule(code);
        Finding {
            code,
            severity: rule.map_or(Severity::Error, |r| r.severity),
            message: message.into(),
            claim: None,
            expected: None,
            actual: None,
            hint: rule.map(|r| r.hint.to_string()).filter(|h| !h.is_empty()),
            spec: rule.map(|r| r.spec).filter(|s| !s.is_empty()),
        }
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    pub fn claim(mut self, claim: impl Into<String>) -> Finding {
        self.claim = Some(claim.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Finding {
        self.expected = Some(expected.into());
        self
    }

    pub fn actual(mut self, actual: impl Into<String>) -> Finding {
        self.actual = Some(actual.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("code".into(), json!(self.code));
        obj.insert("severity".into(), json!(self.severity.as_str()));
        obj.insert("message".into(), json!(self.message));
        for (key, value) in [
            ("claim", &self.claim),
            ("expected", &self.expected),
            ("actual", &self.actual),
            ("hint", &self.hint),
        ] {
            if let Some(v) = value {
                obj.insert(key.into(), json!(v));
            }
        }
        if let Some(spec) = self.spec {
            obj.insert("spec".into(), json!(spec));
        }
        Value::Object(obj)
    }
}

/// The worst severity among findings, if any.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

/// Sort so that errors come first, keeping the rule order within a severity.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_takes_severity_and_spec_from_the_rule_table() {
        let f = Finding::new("claim.exp_expired", "expired");
        assert_eq!(f.severity, Severity::Error);
        assert!(f.spec.unwrap().contains("7523"));
    }

    #[test]
    fn json_omits_absent_fields() {
        let f = Finding::new("claim.missing", "no sub").claim("sub");
        let v = f.to_json();
        assert_eq!(v["claim"], "sub");
        assert!(v.get("expected").is_none());
        assert_eq!(v["severity"], "error");
    }

    #[test]
    fn sort_puts_errors_first() {
        let mut list = vec![
            Finding::new("header.kid_missing", "a").severity(Severity::Info),
            Finding::new("claim.missing", "b"),
            Finding::new("header.typ", "c").severity(Severity::Warning),
        ];
        sort(&mut list);
        let order: Vec<_> = list.iter().map(|f| f.severity).collect();
        assert_eq!(order, [Severity::Error, Severity::Warning, Severity::Info]);
        assert_eq!(worst(&list), Some(Severity::Error));
    }
}
