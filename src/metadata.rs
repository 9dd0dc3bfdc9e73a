//! Authorization server metadata: RFC 8414, then OpenID Connect Discovery, or a local file.

use crate::exit::Hint;
use crate::http::{self, HttpOptions, HttpStatus};
use crate::input;
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct Metadata {
    pub issuer: Option<String>,
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    /// token_endpoint_auth_signing_alg_values_supported
    pub signing_algs: Option<Vec<String>>,
    /// Where the document came from (URL or file), for messages.
    pub source: String,
    /// The issuer discovery was asked for, when the document was discovered from one
    /// (RFC 8414 §3.3: `issuer` must be identical to it).
    pub asked_for: Option<String>,
}

impl Metadata {
    pub fn from_value(raw: Value, source: impl Into<String>) -> Result<Metadata> {
        let source = source.into();
        let Some(obj) = raw.as_object() else {
            bail!("{source}: metadata must be a JSON object");
        };
        let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
        let signing_algs = obj
            .get("token_endpoint_auth_signing_alg_values_supported")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            });
        Ok(Metadata {
            issuer: text("issuer"),
            token_endpoint: text("token_endpoint"),
            jwks_uri: text("jwks_uri"),
            signing_algs,
            source,
            asked_for: None,
        })
    }
}

/// `--metadata URL|FILE`: a URL is fetched (a .well-known URL as is, anything else as an
/// issuer to discover); anything else is read as a local JSON file (`@` prefix optional).
pub fn load(spec: &str, opts: &HttpOptions) -> Result<Metadata> {
    if spec.starts_with("https://") || spec.starts_with("http://") {
        if spec.contains("/.well-known/") {
            let raw = http::get_json(spec, opts)?;
            return Metadata::from_value(raw, spec);
        }
        return discover(spec, opts);
    }
    let path = spec.strip_prefix('@').unwrap_or(spec);
    let bytes = input::open_file(Path::new(path), "check the path of the metadata file")
        .and_then(|file| input::read_capped(file, &input::Origin::File(path.into()), "--metadata"))
        .with_context(|| format!("cannot read metadata file {path}"))?;
    let raw: Value =
        serde_json::from_slice(&bytes).with_context(|| format!("{path}: metadata is not JSON"))?;
    Metadata::from_value(raw, path)
}

/// The discovery URLs for an issuer, in the order to try them: RFC 8414 §3.1 inserts the
/// well-known segment before the issuer's path; OIDC Discovery §4 appends it.
pub fn well_known_urls(issuer: &str) -> Result<Vec<String>> {
    let url =
        reqwest::Url::parse(issuer).with_context(|| format!("issuer {issuer:?} is not a URL"))?;
    let origin = url.origin().ascii_serialization();
    let path = url.path().trim_end_matches('/');
    let trimmed_issuer = issuer.trim_end_matches('/');
    Ok(vec![
        format!("{origin}/.well-known/oauth-authorization-server{path}"),
        format!("{trimmed_issuer}/.well-known/openid-configuration"),
    ])
}

/// Fetch metadata for an issuer. A 404 moves on to the next URL; a transport failure stops.
pub fn discover(issuer: &str, opts: &HttpOptions) -> Result<Metadata> {
    let mut tried = Vec::new();
    for url in well_known_urls(issuer)? {
        match http::get_json(&url, opts) {
            Ok(raw) => {
                let mut meta = Metadata::from_value(raw, url.clone())?;
                if let Some(found) = &meta.issuer {
                    // A trailing slash apart, it is this server's document: used, with the
                    // difference reported by the diagnosis (server.endpoint_issuer_mismatch).
                    if found.trim_end_matches('/') != issuer.trim_end_matches('/') {
                        return Err(Hint::new(
                            format!(
                                "{url} describes issuer {found:?}, not {issuer:?}: RFC 8414 §3.3 requires them to be identical, so it is another server's metadata [server.endpoint_issuer_mismatch]"
                            ),
                            format!(
                                "pass the issuer this server names (--issuer {found}) if it is the right server, or the token endpoint with --token-endpoint URL"
                            ),
                        ));
                    }
                }
                meta.asked_for = Some(issuer.to_string());
                return Ok(meta);
            }
            Err(err)
                if err
                    .chain()
                    .any(|c| c.downcast_ref::<HttpStatus>().is_some()) =>
            {
                tried.push(format!("{url} ({})", err));
            }
            Err(err) => return Err(err),
        }
    }
    Err(Hint::new(
        format!(
            "no metadata found for issuer {issuer}; tried {} [server.endpoint_metadata_missing]",
            tried.join(", ")
        ),
        "check the issuer URL (the issuer identifier, not the token endpoint), or give the token endpoint with --token-endpoint URL",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn well_known_urls_follow_rfc8414_then_oidc() {
        assert_eq!(
            well_known_urls("https://as.example.com").unwrap(),
            [
                "https://as.example.com/.well-known/oauth-authorization-server",
                "https://as.example.com/.well-known/openid-configuration"
            ]
        );
        assert_eq!(
            well_known_urls("https://as.example.com/tenant1/").unwrap(),
            [
                "https://as.example.com/.well-known/oauth-authorization-server/tenant1",
                "https://as.example.com/tenant1/.well-known/openid-configuration"
            ]
        );
    }

    #[test]
    fn reads_the_fields_lint_and_verify_use() {
        let m = Metadata::from_value(
            json!({
                "issuer": "https://as.example.com",
                "token_endpoint": "https://as.example.com/token",
                "jwks_uri": "https://as.example.com/jwks",
                "token_endpoint_auth_signing_alg_values_supported": ["RS256", "ES256"]
            }),
            "test",
        )
        .unwrap();
        assert_eq!(
            m.token_endpoint.as_deref(),
            Some("https://as.example.com/token")
        );
        assert_eq!(m.signing_algs.unwrap(), ["RS256", "ES256"]);
        assert!(Metadata::from_value(json!([1]), "x").is_err());
    }
}
