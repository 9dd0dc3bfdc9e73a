//! PEM armor (RFC 7468): split a file into labelled blocks. Lenient about CRLF, blank lines
//! and text around the blocks; legacy RFC 1421 headers (Proc-Type, DEK-Info) are kept so an
//! encrypted key can be recognised.

use anyhow::{Result, bail};
use data_encoding::BASE64;

pub struct Block {
    pub label: String,
    /// `Name: value` header lines inside the block (legacy OpenSSL encryption).
    pub headers: Vec<String>,
    pub der: Vec<u8>,
}

impl Block {
    pub fn is_legacy_encrypted(&self) -> bool {
        self.headers
            .iter()
            .any(|h| h.starts_with("Proc-Type:") && h.contains("ENCRYPTED"))
    }
}

pub fn looks_like_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

/// Every block in the text, in order. A truncated block (no END line) is an error.
pub fn blocks(text: &str) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + "-----BEGIN ".len()..];
        // The label ends on the BEGIN line itself: searching further would take base64
        // (key material) for a label and quote it in an error.
        let line = after.split(['\r', '\n']).next().unwrap_or("");
        let Some(label_end) = line.find("-----") else {
            bail!("a PEM BEGIN line that does not end with -----: the file is damaged");
        };
        let label = line[..label_end].trim().to_string();
        if !is_label(&label) {
            bail!("a PEM BEGIN line without a valid label (RFC 7468 §2): the file is damaged");
        }
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_start.find(&end_marker) else {
            bail!("a PEM \"{label}\" block without its END line: the file is truncated or damaged");
        };
        let body = &body_start[..end];
        let mut headers = Vec::new();
        let mut b64 = String::new();
        for line in body.lines().map(str::trim) {
            if line.contains(':') {
                headers.push(line.to_string());
            } else {
                b64.push_str(line);
            }
        }
        let der = match BASE64.decode(b64.as_bytes()) {
            Ok(der) => der,
            Err(_) => bail!(
                "the PEM \"{label}\" block is not valid base64: the file is damaged or was edited"
            ),
        };
        out.push(Block {
            label,
            headers,
            der,
        });
        rest = &body_start[end + end_marker.len()..];
    }
    Ok(out)
}

/// An RFC 7468 label as files carry them: short, printable, no dashes at either end. Only
/// such a label is ever quoted in a message.
fn is_label(label: &str) -> bool {
    label.len() <= 64
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'#' | b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_blocks_with_crlf_and_surrounding_text() {
        let text = "Bag Attributes\r\n-----BEGIN EC PARAMETERS-----\r\nBggqhkjOPQMBBw==\r\n-----END EC PARAMETERS-----\r\n-----BEGIN X-----\nAQID\n-----END X-----\n";
        let b = blocks(text).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].label, "EC PARAMETERS");
        assert_eq!(b[1].der, [1, 2, 3]);
    }

    #[test]
    fn truncated_and_damaged_blocks_are_errors() {
        let err = blocks("-----BEGIN PRIVATE KEY-----\nMIIE").err().unwrap();
        assert!(err.to_string().contains("truncated"));
        let err = blocks("-----BEGIN X-----\n!!!\n-----END X-----")
            .err()
            .unwrap();
        assert!(err.to_string().contains("base64"));
    }

    #[test]
    fn a_damaged_begin_line_never_quotes_what_follows() {
        let body = "MC4CAQAwBQYDK2VwBCIEIGQ3VXs6KbTLjWq5yZlO3pJ2Vt0kcTIMd2XRuH5Xq4jK";
        for text in [
            format!("-----BEGIN ----\n{body} PRIVATE KEY-----\n{body}\n"),
            format!("-----BEGIN {body}-----\n{body}\n"),
            format!("-----BEGIN PRIVATE KEY\n{body}\n-----END PRIVATE KEY-----\n"),
        ] {
            let err = blocks(&text).err().unwrap().to_string();
            assert!(!err.contains(&body[..12]), "{err}");
            assert!(err.contains("damaged"), "{err}");
        }
    }

    #[test]
    fn legacy_encryption_headers_are_recognised() {
        let b = blocks("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END RSA PRIVATE KEY-----").unwrap();
        assert!(b[0].is_legacy_encrypted());
    }
}
