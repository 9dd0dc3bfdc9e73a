//! Key files in JSON, recognised by their documented shape: JWK, JWKS, Google service-account
//! keys, and the cloud credential files people mistake for keys (each answered with what the
//! file is and what to use instead). Messages name members, never their values.

use super::{Key, KeySet, ServiceAccount, from_pem, jwk, single};
use crate::exit::Hint;
use anyhow::{Result, anyhow, bail};
use serde_json::{Map, Value};

/// The keys of a JSON document, whatever shape it has.
pub fn keys(value: &Value, name: &str) -> Result<KeySet> {
    let obj = match value {
        Value::Object(obj) => obj,
        Value::Array(_) => {
            return Err(Hint::new(
                format!("{name} is a JSON array, not a key file"),
                "a JWKS is an object holding the array: {\"keys\": [ … ]}",
            ));
        }
        _ => bail!("{name}: JSON that is not an object"),
    };
    if let Some(list) = obj.get("keys") {
        return jwks(list, name, "JWKS");
    }
    if obj.contains_key("kty") {
        let mut key = jwk::parse(obj).map_err(|e| anyhow!("{name}: {e}"))?;
        key.format = "JWK".into();
        return Ok(single(name, key));
    }
    if let Some(kind) = obj.get("type").and_then(Value::as_str) {
        if let Some(found) = google(obj, kind, name) {
            return found;
        }
    }
    if obj.contains_key("private_key") && obj.contains_key("client_email") {
        // Older Google key files have no "type".
        return service_account(obj, name);
    }
    if let Some(found) = other_cloud(obj, name) {
        return found;
    }
    if let Some(pem_text) = obj.get("private_key").and_then(Value::as_str) {
        let mut set = from_pem(pem_text, name)?;
        for key in &mut set.keys {
            key.kid = text(obj, "private_key_id").or_else(|| text(obj, "kid"));
            key.format = "JSON \"private_key\"".into();
        }
        return Ok(set);
    }
    Err(unknown(obj, name))
}

fn text(obj: &Map<String, Value>, member: &str) -> Option<String> {
    obj.get(member).and_then(Value::as_str).map(str::to_string)
}

/// A PEM key held in a string member of a cloud credential file.
fn embedded_pem(obj: &Map<String, Value>, member: &str, name: &str, what: &str) -> Result<Key> {
    let Some(pem_text) = obj.get(member).and_then(Value::as_str) else {
        bail!("{name} is {what} without its \"{member}\" member");
    };
    let mut set = from_pem(pem_text, &format!("{name} (\"{member}\")"))?;
    let Some(i) = set.keys.iter().position(|k| k.private.is_some()) else {
        bail!("{name}: the \"{member}\" member of {what} holds no private key");
    };
    Ok(set.keys.swap_remove(i))
}

fn service_account(obj: &Map<String, Value>, name: &str) -> Result<KeySet> {
    let what = "a Google service-account key";
    let mut key = embedded_pem(obj, "private_key", name, what)?;
    key.kid = text(obj, "private_key_id");
    key.format = "Google service-account JSON".into();
    key.account = Some(ServiceAccount {
        client_email: text(obj, "client_email"),
        token_uri: text(obj, "token_uri"),
        key_id: key.kid.clone(),
    });
    Ok(single(name, key))
}

/// Google's credential files, told apart by "type" (google-auth's list of file types).
fn google(obj: &Map<String, Value>, kind: &str, name: &str) -> Option<Result<KeySet>> {
    let no_key = |what: &str, holds: &str| -> Result<KeySet> {
        Err(Hint::new(
            format!(
                "{name} is {what} (\"type\": \"{kind}\"): {holds}; it holds no private key to sign with"
            ),
            "a JWT bearer grant to Google is signed with a service-account key file (\"type\": \"service_account\"): gcloud iam service-accounts keys create sa.json --iam-account=EMAIL",
        ))
    };
    Some(match kind {
        "service_account" => service_account(obj, name),
        "gdch_service_account" => {
            // Google Distributed Cloud Hosted: the signed JWT is a token-exchange subject
            // token, not an RFC 7523 grant, so only the key and its id are taken.
            embedded_pem(obj, "private_key", name, "a GDCH service-account key").map(|mut key| {
                key.kid = text(obj, "private_key_id");
                key.format = "Google GDCH service-account JSON".into();
                single(name, key)
            })
        }
        "external_account" => no_key(
            "a Google workload identity federation configuration",
            "it says where to fetch a token from another identity provider (credential_source) and how to exchange it",
        ),
        "external_account_authorized_user" => no_key(
            "Google workforce identity federation user credentials",
            "they hold a refresh token",
        ),
        "authorized_user" => no_key(
            "Google user credentials (gcloud auth application-default login)",
            "they hold an OAuth client and a refresh token",
        ),
        "impersonated_service_account" => no_key(
            "Google service-account impersonation credentials",
            "the source credentials inside obtain the impersonated account's tokens through the IAM API",
        ),
        _ => return None,
    })
}

/// Other providers' JSON credential files, by their documented members.
fn other_cloud(obj: &Map<String, Value>, name: &str) -> Option<Result<KeySet>> {
    if let Some(settings) = obj.get("boxAppSettings").and_then(Value::as_object) {
        return Some(box_config(settings, name));
    }
    if ["installed", "web"]
        .iter()
        .any(|m| obj.get(*m).is_some_and(|v| v.get("client_id").is_some()))
    {
        return Some(Err(Hint::new(
            format!(
                "{name} is a Google OAuth client file (\"installed\" / \"web\"): a client_id and client_secret for user sign-in, no private key"
            ),
            "a JWT bearer grant to Google is signed with a service-account key file (\"type\": \"service_account\")",
        )));
    }
    if obj.contains_key("appId") && obj.contains_key("tenant") {
        let hint = if obj.contains_key("fileWithCertAndPrivateKey") {
            "the private key is in the PEM file named by its \"fileWithCertAndPrivateKey\" member: pass that file with --key"
        } else {
            "\"password\" is a client secret; for private_key_jwt register a certificate (az ad sp credential reset --create-cert) and pass its PEM file with --key"
        };
        return Some(Err(Hint::new(
            format!(
                "{name} is Azure service principal output (az ad sp create-for-rbac): it holds no private key"
            ),
            hint,
        )));
    }
    if obj.contains_key("clientId") && obj.contains_key("tenantId") {
        return Some(Err(Hint::new(
            format!(
                "{name} is an Azure SDK auth file (clientId, tenantId): it holds a client secret, no private key"
            ),
            "for private_key_jwt register a certificate with the application and pass its PEM private key with --key",
        )));
    }
    if obj.contains_key("issuer") && obj.contains_key("jwks_uri") {
        return Some(Err(Hint::new(
            format!(
                "{name} is authorization-server metadata (issuer, jwks_uri), not a key file: the keys are at its jwks_uri"
            ),
            "verify --metadata FILE reads the keys through it; --jwks takes the jwks_uri itself",
        )));
    }
    if let Some(inner) = obj.get("jwks").and_then(|j| j.get("keys")) {
        // A client registration (RFC 7591) carrying its keys by value.
        return Some(jwks(inner, name, "JWKS (\"jwks\" member)"));
    }
    None
}

/// A Box JWT app configuration: the key, encrypted with the passphrase stored beside it.
fn box_config(settings: &Map<String, Value>, name: &str) -> Result<KeySet> {
    let auth = settings.get("appAuth").and_then(Value::as_object);
    let pem_text = auth
        .and_then(|a| a.get("privateKey"))
        .and_then(Value::as_str)
        .unwrap_or("");
    if pem_text.trim().is_empty() {
        return Err(Hint::new(
            format!(
                "{name} is a Box app configuration without a private key (Box leaves it out when you add your own public key)"
            ),
            "pass your own private key file with --key",
        ));
    }
    if pem_text.contains("ENCRYPTED") {
        return Err(Hint::new(
            format!(
                "{name} is a Box JWT app configuration: its private key (boxAppSettings.appAuth.privateKey) is encrypted with the passphrase stored beside it, and jwtgrant reads unencrypted keys"
            ),
            format!(
                "decrypt a copy (openssl asks for the passphrase, appAuth.passphrase): jq -r .boxAppSettings.appAuth.privateKey {name} | openssl pkey -out box.pem, then chmod 600 box.pem and sign with --key box.pem --kid PUBLIC_KEY_ID (appAuth.publicKeyID)"
            ),
        ));
    }
    let mut set = from_pem(pem_text, name)?;
    for key in &mut set.keys {
        key.kid = auth.and_then(|a| text(a, "publicKeyID"));
        key.format = "Box JWT app configuration".into();
    }
    Ok(set)
}

/// `"a", "b" and 3 more`: the names of an object's members (never their values).
pub(super) fn member_names(obj: &Map<String, Value>) -> String {
    const SHOWN: usize = 12;
    let mut names: Vec<String> = obj
        .keys()
        .take(SHOWN)
        .map(|k| format!("{:?}", k.chars().take(40).collect::<String>()))
        .collect();
    if obj.len() > SHOWN {
        names.push(format!("and {} more", obj.len() - SHOWN));
    }
    if names.is_empty() {
        return "none".to_string();
    }
    names.join(", ")
}

fn unknown(obj: &Map<String, Value>, name: &str) -> anyhow::Error {
    let members = member_names(obj);
    // A "type" written like an identifier is a name, not a secret: worth showing for a typo.
    let kind = obj
        .get("type")
        .and_then(Value::as_str)
        .filter(|t| {
            !t.is_empty()
                && t.len() <= 40
                && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        .map(|t| format!(" (\"type\": {t:?} is none jwtgrant knows)"))
        .unwrap_or_default();
    Hint::new(
        format!(
            "{name}: JSON that is not a key file jwtgrant knows{kind}; its top-level members: {members}"
        ),
        "a JWK has \"kty\", a JWKS \"keys\", a Google service-account key \"type\": \"service_account\" and \"private_key\"",
    )
}

fn jwks(list: &Value, name: &str, format: &str) -> Result<KeySet> {
    let Some(list) = list.as_array() else {
        bail!("{name}: \"keys\" is not an array");
    };
    let mut keys = Vec::new();
    let mut skipped = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let label = entry
            .get("kid")
            .and_then(Value::as_str)
            .map_or(format!("key #{}", i + 1), |k| format!("kid {k:?}"));
        let parsed = entry
            .as_object()
            .ok_or_else(|| anyhow!("not an object"))
            .and_then(jwk::parse);
        match parsed {
            Ok(mut key) => {
                key.format = format.into();
                keys.push(key);
            }
            Err(e) => skipped.push(format!("skipped {label}: {e}")),
        }
        let private: Vec<&str> = jwk::PRIVATE_MEMBERS
            .iter()
            .copied()
            .filter(|m| entry.get(*m).is_some())
            .collect();
        if !private.is_empty() {
            skipped.push(format!(
                "{label} holds private members ({}): a JWKS you publish or register must hold public keys only (RFC 7517 §4; jwtgrant key jwks prints one)",
                private.join(", ")
            ));
        }
    }
    if keys.is_empty() {
        if list.is_empty() {
            bail!("{name}: the JWKS has no keys");
        }
        bail!("{name}: no usable key in the JWKS ({})", skipped.join("; "));
    }
    Ok(KeySet {
        source: name.to_string(),
        keys,
        notes: skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn error(value: Value) -> String {
        let err = keys(&value, "f.json").expect_err("refused");
        let mut text = err.to_string();
        if let Some(hint) = err.downcast_ref::<Hint>() {
            text.push_str(&hint.hint);
        }
        text
    }

    #[test]
    fn unknown_json_names_its_members_never_their_values() {
        let text = error(json!({"alpha": "v4lue-one", "beta": {"nested": "v4lue-two"}}));
        assert!(text.contains("\"alpha\", \"beta\""), "{text}");
        assert!(!text.contains("v4lue"), "{text}");
        // A long member list is cut, and a "type" that is no identifier is not shown.
        let many: Map<String, Value> = (0..30).map(|i| (format!("m{i}"), json!(i))).collect();
        let text = error(Value::Object(many));
        assert!(text.contains("and 18 more"), "{text}");
        let text = error(json!({"type": "not an identifier: s3cret"}));
        assert!(!text.contains("s3cret"), "{text}");
        let text = error(json!({"type": "servce_account"}));
        assert!(text.contains("\"servce_account\""), "{text}");
    }

    #[test]
    fn google_files_without_a_key_are_named_by_type() {
        for (kind, says) in [
            ("external_account", "workload identity federation"),
            ("external_account_authorized_user", "workforce identity"),
            ("authorized_user", "user credentials"),
            ("impersonated_service_account", "impersonation"),
        ] {
            let text = error(json!({"type": kind, "client_secret": "zz-secret"}));
            assert!(text.contains(says), "{kind}: {text}");
            assert!(text.contains("no private key"), "{kind}: {text}");
            assert!(!text.contains("zz-secret"), "{kind}: {text}");
        }
    }

    #[test]
    fn a_service_account_without_its_key_says_which_member_is_missing() {
        let text = error(json!({"type": "service_account", "client_email": "a@b.c"}));
        assert!(text.contains("\"private_key\""), "{text}");
        let text = error(json!({"type": "service_account", "private_key": "not pem"}));
        assert!(text.contains("no PEM key"), "{text}");
    }

    #[test]
    fn a_client_registration_gives_the_keys_of_its_jwks_member() {
        // RFC 8037 Appendix A.2: the public Ed25519 key.
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "kid": "ed",
            "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        let set = keys(
            &json!({"client_id": "app", "jwks": {"keys": [jwk]}}),
            "reg.json",
        )
        .unwrap();
        assert_eq!(set.keys.len(), 1);
        assert_eq!(set.keys[0].kid.as_deref(), Some("ed"));
        assert!(set.keys[0].format.contains("jwks"));
    }
}
