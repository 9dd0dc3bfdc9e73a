//! What a JWK says its key is for (`use`, `key_ops`, `alg`: RFC 7517 §4.2-4.4), honoured
//! the same way for every key type, shared secrets (oct) included: a key meant for
//! encryption, for another operation or for another algorithm never signs or verifies.

use crate::jose::{Alg, is_encryption_alg};
use anyhow::{Result, bail};
use serde_json::{Map, Value};

/// The JWK members that restrict what a key may be used for. All absent: anything fits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intent {
    /// `alg`: the one algorithm the key is registered for.
    pub alg: Option<String>,
    /// `use`: `sig` or `enc`.
    pub usage: Option<String>,
    /// `key_ops`: the operations the key is meant for (`sign`, `verify`, `encrypt`, …).
    pub key_ops: Option<Vec<String>>,
}

/// The operation a key is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Sign,
    Verify,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Sign => "sign",
            Op::Verify => "verify",
        }
    }
}

impl Intent {
    /// Read `alg`, `use` and `key_ops` from a JWK; a `key_ops` that is not an array of
    /// strings is refused (RFC 7517 §4.3).
    pub fn from_jwk(jwk: &Map<String, Value>) -> Result<Intent> {
        let text = |name: &str| -> Result<Option<String>> {
            match jwk.get(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => bail!("member {name:?} is not a string"),
            }
        };
        let key_ops = match jwk.get("key_ops") {
            None => None,
            Some(Value::Array(items)) => {
                let ops: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect();
                match ops {
                    Some(ops) => Some(ops),
                    None => bail!("member \"key_ops\" must be an array of strings"),
                }
            }
            Some(_) => bail!("member \"key_ops\" must be an array of strings"),
        };
        Ok(Intent {
            alg: text("alg")?,
            usage: text("use")?,
            key_ops,
        })
    }

    /// May the key do `op` at all? `private_half`: an asymmetric key that holds its
    /// private part, whose `sign` also covers checking with its public half.
    pub fn permits_op(&self, op: Op, private_half: bool) -> Result<(), String> {
        match self.usage.as_deref() {
            None | Some("sig") => {}
            Some("enc") => {
                return Err("is marked \"use\": \"enc\" (encryption), not for signatures".into());
            }
            Some(other) => {
                return Err(format!(
                    "is marked \"use\": {other:?}; only \"sig\" keys make or check signatures"
                ));
            }
        }
        if let Some(ops) = &self.key_ops {
            let has = |name: &str| ops.iter().any(|o| o == name);
            let ok = has(op.name()) || (op == Op::Verify && private_half && has("sign"));
            if !ok {
                let listed = ops
                    .iter()
                    .map(|o| format!("{o:?}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(format!(
                    "has \"key_ops\": [{listed}], which does not include \"{}\"",
                    op.name()
                ));
            }
        }
        Ok(())
    }

    /// May the key make or check `alg`? EdDSA and Ed25519 name one signature.
    pub fn permits_alg(&self, alg: Alg) -> Result<(), String> {
        let Some(registered) = &self.alg else {
            return Ok(());
        };
        match Alg::from_name(registered) {
            Some(own) if own.same_signature(alg) => Ok(()),
            Some(_) => Err(format!(
                "is registered for {registered} only (its \"alg\" member)"
            )),
            None if is_encryption_alg(registered) => Err(format!(
                "is registered for {registered} (its \"alg\" member), an encryption algorithm (RFC 7518 §4-5), not for signatures"
            )),
            None => Err(format!(
                "is registered for {registered:?} only (its \"alg\" member), which is no signature algorithm jwtgrant knows"
            )),
        }
    }

    /// Both checks, use and key_ops first.
    pub fn permits(&self, alg: Alg, op: Op, private_half: bool) -> Result<(), String> {
        self.permits_op(op, private_half)?;
        self.permits_alg(alg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn intent(v: Value) -> Intent {
        Intent::from_jwk(v.as_object().unwrap()).unwrap()
    }

    #[test]
    fn nothing_said_permits_everything() {
        let any = Intent::default();
        for alg in Alg::ALL {
            for op in [Op::Sign, Op::Verify] {
                assert!(any.permits(alg, op, false).is_ok());
            }
        }
    }

    #[test]
    fn encryption_keys_are_refused_for_every_reason_a_jwk_can_give() {
        for (jwk, says) in [
            (json!({"use": "enc"}), "\"use\": \"enc\""),
            (json!({"use": "wrap"}), "only \"sig\""),
            (
                json!({"key_ops": ["encrypt"]}),
                "does not include \"verify\"",
            ),
            (json!({"key_ops": ["sign"]}), "does not include \"verify\""),
            (json!({"alg": "A256GCM"}), "encryption algorithm"),
            (json!({"alg": "A256KW"}), "encryption algorithm"),
            (json!({"alg": "HS384"}), "HS384 only"),
        ] {
            let why = intent(jwk.clone())
                .permits(Alg::HS256, Op::Verify, false)
                .unwrap_err();
            assert!(why.contains(says), "{jwk}: {why}");
        }
        let why = intent(json!({"key_ops": ["verify"]}))
            .permits(Alg::HS256, Op::Sign, false)
            .unwrap_err();
        assert!(why.contains("\"sign\""), "{why}");
    }

    #[test]
    fn a_private_signing_key_checks_with_its_public_half() {
        let signer = intent(json!({"key_ops": ["sign"]}));
        assert!(signer.permits(Alg::ES256, Op::Verify, true).is_ok());
        assert!(signer.permits(Alg::HS256, Op::Verify, false).is_err());
        assert!(
            intent(json!({"key_ops": ["sign", "verify"], "use": "sig", "alg": "HS256"}))
                .permits(Alg::HS256, Op::Verify, false)
                .is_ok()
        );
    }

    #[test]
    fn eddsa_and_ed25519_registrations_accept_either_name() {
        for (registered, used) in [("EdDSA", Alg::Ed25519), ("Ed25519", Alg::EdDSA)] {
            assert!(
                intent(json!({ "alg": registered }))
                    .permits_alg(used)
                    .is_ok()
            );
        }
        assert!(
            intent(json!({"alg": "EdDSA"}))
                .permits_alg(Alg::ES256)
                .is_err()
        );
    }

    #[test]
    fn malformed_members_are_refused() {
        for jwk in [
            json!({"key_ops": "sign"}),
            json!({"key_ops": [1]}),
            json!({"use": 5}),
        ] {
            assert!(Intent::from_jwk(jwk.as_object().unwrap()).is_err(), "{jwk}");
        }
    }
}
