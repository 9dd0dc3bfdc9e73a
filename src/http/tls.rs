//! TLS handshake failures in words: what rustls (and webpki under it) found wrong with the
//! server's certificate or handshake, and what to do about it. Debug names such as
//! `Other(OtherError(CaUsedAsEndEntity))` never reach the user.

use rustls::CertificateError;

pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
}

fn failure(message: impl Into<String>, hint: Option<&str>) -> Failure {
    Failure {
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}

const CLOCK: &str = "check this machine's clock; otherwise the server needs a current certificate";

pub fn explain(err: &rustls::Error) -> Failure {
    match err {
        rustls::Error::InvalidCertificate(c) => certificate(c),
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => failure(
            "the server did not answer with TLS",
            Some("check the URL's scheme and port: is this a plain-http server (http://)?"),
        ),
        rustls::Error::AlertReceived(alert) => failure(
            format!("the server ended the handshake ({alert:?})"),
            Some(
                "the server may want a client certificate, another server name, or a TLS version or cipher jwtgrant does not offer (TLS 1.2 and 1.3)",
            ),
        ),
        rustls::Error::PeerIncompatible(why) => failure(
            format!("the server and jwtgrant have no TLS version or cipher in common ({why:?})"),
            Some("jwtgrant speaks TLS 1.2 and 1.3 with modern ciphers"),
        ),
        rustls::Error::NoCertificatesPresented => {
            failure("the server presented no certificate", None)
        }
        other => failure(other.to_string(), None),
    }
}

fn certificate(err: &CertificateError) -> Failure {
    use CertificateError as C;
    match err {
        C::UnknownIssuer => failure(
            "the server's certificate is not signed by a CA this machine trusts",
            Some(
                "if the server uses a private or test CA, pass that CA's certificate (PEM) with --cacert FILE",
            ),
        ),
        C::Expired | C::ExpiredContext { .. } => {
            failure("the server's certificate has expired", Some(CLOCK))
        }
        C::NotValidYet | C::NotValidYetContext { .. } => {
            failure("the server's certificate is not valid yet", Some(CLOCK))
        }
        C::NotValidForName => failure(
            "the server's certificate is not valid for this host name",
            Some(NAME_HINT),
        ),
        C::NotValidForNameContext {
            expected,
            presented,
        } => failure(
            format!(
                "the server's certificate names {}, not {}",
                if presented.is_empty() {
                    "no host".to_string()
                } else {
                    presented
                        .iter()
                        .map(|n| plain_name(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                expected.to_str()
            ),
            Some(NAME_HINT),
        ),
        C::Revoked => failure("the server's certificate has been revoked", None),
        C::BadSignature => failure(
            "a signature in the server's certificate chain does not verify",
            None,
        ),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => failure(
            "the server's certificate is not for TLS servers (its extendedKeyUsage lacks serverAuth)",
            Some("issue the server a certificate with extendedKeyUsage serverAuth"),
        ),
        C::BadEncoding => failure("the server's certificate is not valid DER", None),
        C::Other(other) => match other.0.downcast_ref::<webpki::Error>() {
            Some(e) => path(e),
            None => failure(
                format!("the server's certificate was refused: {other}"),
                None,
            ),
        },
        other => failure(
            format!("the server's certificate was refused ({other:?})"),
            None,
        ),
    }
}

/// webpki lists the names a certificate holds as `DnsName("a.example")`,
/// `IpAddress(127.0.0.1)`: show the name itself.
fn plain_name(listed: &str) -> &str {
    ["DnsName(", "IpAddress(", "UniformResourceIdentifier("]
        .iter()
        .find_map(|prefix| listed.strip_prefix(prefix)?.strip_suffix(')'))
        .map_or(listed, |inner| inner.trim_matches('"'))
}

const NAME_HINT: &str = "use a host name the certificate names, or give the server a certificate whose subjectAltName holds this host (an IP address needs an IP entry)";

/// webpki's path-building errors that rustls passes on as `Other`.
fn path(err: &webpki::Error) -> Failure {
    use webpki::Error as W;
    match err {
        W::CaUsedAsEndEntity => failure(
            "the server presents a CA certificate (basicConstraints CA:TRUE) as its own certificate, and TLS clients accept only a leaf (end-entity) certificate there",
            Some(
                "issue a leaf certificate (CA:FALSE, extendedKeyUsage serverAuth, this host in subjectAltName) signed by that CA, have the server present it, and give jwtgrant the CA with --cacert FILE (for a test server, a self-signed CA:FALSE certificate given to --cacert works too)",
            ),
        ),
        W::EndEntityUsedAsCa => failure(
            "the server's chain uses a leaf certificate (CA:FALSE) as an intermediate CA",
            Some(
                "the server should send its leaf certificate followed by the real intermediate CAs",
            ),
        ),
        W::PathLenConstraintViolated | W::MaximumPathDepthExceeded => failure(
            "the server's certificate chain is longer than its CA allows",
            None,
        ),
        W::NameConstraintViolation => failure(
            "the CA's name constraints do not allow this server's name",
            None,
        ),
        W::UnsupportedCertVersion => failure(
            "the server's certificate is not an X.509 v3 certificate",
            Some("issue a v3 certificate (openssl: -addext or an extensions file)"),
        ),
        W::UnsupportedCriticalExtension => failure(
            "the server's certificate has a critical extension that cannot be checked",
            None,
        ),
        other => failure(
            format!("the server's certificate was refused: {other}"),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_ca_used_as_the_server_certificate_is_named_with_a_fix() {
        let err = rustls::Error::InvalidCertificate(CertificateError::Other(rustls::OtherError(
            Arc::new(webpki::Error::CaUsedAsEndEntity),
        )));
        let f = explain(&err);
        assert!(f.message.contains("CA certificate"), "{}", f.message);
        assert!(!f.message.contains("OtherError"), "{}", f.message);
        assert!(f.hint.unwrap().contains("leaf certificate"));
    }

    #[test]
    fn every_certificate_error_reads_as_a_sentence() {
        for c in [
            CertificateError::UnknownIssuer,
            CertificateError::Expired,
            CertificateError::NotValidYet,
            CertificateError::NotValidForName,
            CertificateError::Revoked,
            CertificateError::BadSignature,
            CertificateError::InvalidPurpose,
            CertificateError::BadEncoding,
        ] {
            let f = explain(&rustls::Error::InvalidCertificate(c.clone()));
            assert!(
                f.message.starts_with("the server's certificate")
                    || f.message.starts_with("a signature"),
                "{c:?}: {}",
                f.message
            );
        }
        let f = explain(&rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer,
        ));
        assert!(f.hint.unwrap().contains("--cacert"));
        assert_eq!(plain_name("IpAddress(127.0.0.1)"), "127.0.0.1");
        assert_eq!(plain_name("DnsName(\"a.example\")"), "a.example");
        assert_eq!(plain_name("DirectoryName"), "DirectoryName");
    }
}
