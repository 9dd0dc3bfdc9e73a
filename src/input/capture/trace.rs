//! `curl --trace-ascii FILE` and `curl --trace FILE` dumps: blocks headed `== Info: …`,
//! `=> Send header, N bytes (0x…)`, `=> Send data, …`, `<= Recv header, …`,
//! `<= Recv data, …`, each followed by `OFFSET: …` lines. `--trace` lines carry the bytes in
//! hex (read exactly); `--trace-ascii` lines carry text with the line breaks removed, which
//! the offsets give back. Bodies are in the data blocks, unlike `curl -v`.

use super::{curl, head};
use crate::exchange::Exchange;
use crate::redact::Secret;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SendHeader,
    SendData,
    RecvHeader,
    RecvData,
    /// TLS records and anything else: not read.
    Skip,
}

struct Block {
    kind: Kind,
    line: usize,
    size: usize,
    bytes: Vec<u8>,
    /// The end offset of the last ascii line read, to tell how many bytes it hid.
    ascii_end: Option<usize>,
}

/// `=> Send header, 155 bytes (0x9b)` → (kind, size).
fn block_start(line: &str) -> Option<(Kind, usize)> {
    let (what, rest) = line.split_once(", ")?;
    let kind = match what {
        "=> Send header" => Kind::SendHeader,
        "=> Send data" => Kind::SendData,
        "<= Recv header" => Kind::RecvHeader,
        "<= Recv data" => Kind::RecvData,
        w if w.starts_with("=> ") || w.starts_with("<= ") => Kind::Skip,
        _ => return None,
    };
    let size = rest.split_whitespace().next()?.parse().ok()?;
    Some((kind, size))
}

/// Does the text look like a curl trace?
pub fn looks_like(text: &str) -> bool {
    text.lines().take(200).any(|l| {
        let l = curl::without_time(l);
        l.starts_with("== Info:") || block_start(l).is_some()
    })
}

/// `0040: 61 6d …` (hex) or `0040: text` (ascii) → (offset, rest of the line).
fn data_line(line: &str) -> Option<(usize, &str)> {
    let (offset, rest) = line.split_once(": ").or_else(|| {
        // an empty ascii line: `0099: ` may lose its trailing space when pasted
        line.strip_suffix(':').map(|o| (o, ""))
    })?;
    if offset.is_empty() || offset.len() > 8 || !offset.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some((usize::from_str_radix(offset, 16).ok()?, rest))
}

/// The hex bytes of a `--trace` line: up to 16 pairs in the 48 columns after the offset.
fn hex_bytes(rest: &str) -> Option<Vec<u8>> {
    let area = rest.get(..48).unwrap_or(rest);
    let mut bytes = Vec::new();
    for pair in area.split_whitespace() {
        if pair.len() != 2 {
            return None;
        }
        bytes.push(u8::from_str_radix(pair, 16).ok()?);
    }
    (!bytes.is_empty() && bytes.len() <= 16).then_some(bytes)
}

fn is_hex_dump(text: &str) -> bool {
    text.lines().any(|l| {
        data_line(curl::without_time(l)).is_some_and(|(_, rest)| {
            rest.len() > 48 && hex_bytes(rest).is_some_and(|b| b.len() == 16)
        })
    })
}

impl Block {
    fn push_ascii(&mut self, offset: usize, text: &str) {
        // bytes between the end of the last line and this offset were CR/LF
        if let Some(end) = self.ascii_end {
            self.bytes.extend(hidden(offset.saturating_sub(end)));
        }
        self.bytes.extend_from_slice(text.as_bytes());
        self.ascii_end = Some(offset + text.len());
    }

    fn finish(&mut self) {
        if let Some(end) = self.ascii_end {
            self.bytes.extend(hidden(self.size.saturating_sub(end)));
        }
    }
}

/// What --trace-ascii hides at a line break: a LF, or CR LF.
fn hidden(n: usize) -> &'static [u8] {
    match n {
        0 => b"",
        1 => b"\n",
        _ => b"\r\n",
    }
}

fn blocks(text: &str, hex: bool) -> (Vec<Block>, Option<bool>) {
    let mut out: Vec<Block> = Vec::new();
    let mut tls = None;
    for (i, raw) in text.lines().enumerate() {
        let line = curl::without_time(raw.trim_end_matches('\r'));
        if let Some(info) = line.strip_prefix("== Info: ") {
            tls = curl::tls_note(info.trim()).or(tls);
            if let Some(b) = out.last_mut() {
                b.finish();
            }
            continue;
        }
        if let Some((kind, size)) = block_start(line) {
            if let Some(b) = out.last_mut() {
                b.finish();
            }
            out.push(Block {
                kind,
                line: i + 1,
                size,
                bytes: Vec::new(),
                ascii_end: None,
            });
            continue;
        }
        let (Some(block), Some((offset, rest))) = (out.last_mut(), data_line(line)) else {
            continue;
        };
        if hex {
            block.bytes.extend(hex_bytes(rest).unwrap_or_default());
        } else {
            block.push_ascii(offset, rest);
        }
    }
    if let Some(b) = out.last_mut() {
        b.finish();
    }
    (out, tls)
}

#[derive(Default)]
struct Building {
    line: usize,
    sent_head: Vec<u8>,
    sent_body: Vec<u8>,
    recv_head: Vec<u8>,
    recv_body: Vec<u8>,
}

fn lines_of(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// Every exchange in the trace, with the secrets its requests carry.
pub fn read(text: &str, name: &str) -> (Vec<Exchange>, Vec<Secret>) {
    let (blocks, tls) = blocks(text, is_hex_dump(text));
    let mut built: Vec<Building> = Vec::new();
    for b in blocks {
        // a new request starts with a header block after anything received
        let starts = b.kind == Kind::SendHeader
            && built
                .last()
                .is_none_or(|c| !c.recv_head.is_empty() || !c.sent_body.is_empty());
        if starts {
            built.push(Building {
                line: b.line,
                ..Building::default()
            });
        }
        let Some(current) = built.last_mut() else {
            continue;
        };
        match b.kind {
            Kind::SendHeader => current.sent_head.extend(&b.bytes),
            Kind::SendData => current.sent_body.extend(&b.bytes),
            Kind::RecvHeader => {
                // a 100 Continue is followed by the real status line
                if head::status_line(&String::from_utf8_lossy(&b.bytes))
                    .is_some_and(|(s, _)| s >= 200)
                {
                    current.recv_head.clear();
                    current.recv_body.clear();
                }
                current.recv_head.extend(&b.bytes);
            }
            Kind::RecvData => current.recv_body.extend(&b.bytes),
            Kind::Skip => {}
        }
    }
    let mut exchanges = Vec::new();
    let mut secrets = Vec::new();
    for b in built {
        let sent = lines_of(&b.sent_head);
        let headers: Vec<(String, String)> = sent
            .iter()
            .skip(1)
            .filter_map(|l| head::header_line(l))
            .collect();
        let request = sent
            .first()
            .and_then(|l| head::request_line(l))
            .map(|(method, target)| {
                let body = String::from_utf8_lossy(&b.sent_body);
                head::request(method, target, &headers, &body, tls)
            });
        if let Some(r) = &request {
            secrets.extend(head::secrets_of(&r.form, &headers));
        }
        let received = lines_of(&b.recv_head);
        let response =
            received
                .first()
                .and_then(|l| head::status_line(l))
                .map(|(status, reason)| {
                    let headers = received
                        .iter()
                        .skip(1)
                        .filter_map(|l| head::header_line(l))
                        .collect();
                    head::response(
                        status,
                        &reason,
                        headers,
                        String::from_utf8_lossy(&b.recv_body).trim(),
                    )
                });
        let times = head::server_date(response.as_ref());
        exchanges.push(Exchange {
            request,
            response,
            times,
            text: None,
            origin: Some(format!("line {} of {name}", b.line)),
            metadata: None,
        });
    }
    (exchanges, secrets)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    const ASCII: &str = "== Info:   Trying 127.0.0.1:8787...\n== Info: Connected to 127.0.0.1 (127.0.0.1) port 8787 (#0)\n=> Send header, 95 bytes (0x5f)\n0000: POST /token HTTP/1.1\n0016: Host: 127.0.0.1:8787\n002c: Content-Type: application/x-www-form-urlencoded\n005d: \n=> Send data, 71 bytes (0x47)\n0000: grant_type=client_credentials&client_id=app&client_assertion=eyJ\n0040: hbGciOi\n<= Recv header, 27 bytes (0x1b)\n0000: HTTP/1.1 401 Unauthorized\n<= Recv header, 37 bytes (0x25)\n0000: Date: Tue, 25 Nov 2025 14:00:00 GMT\n<= Recv header, 2 bytes (0x2)\n0000: \n<= Recv data, 26 bytes (0x1a)\n0000: {\"error\":\"invalid_client\"}\n== Info: Connection #0 to host 127.0.0.1 left intact\n";

    #[test]
    fn trace_ascii_bodies_are_in_the_data_blocks() {
        assert!(looks_like(ASCII));
        let (e, _) = read(ASCII, "trace.txt");
        assert_eq!(e.len(), 1);
        let req = e[0].request.as_ref().unwrap();
        assert_eq!(req.url, "http://127.0.0.1:8787/token");
        assert_eq!(req.field("client_id"), Some("app"));
        assert_eq!(req.field("client_assertion"), Some("eyJhbGciOi"));
        let r = e[0].response.as_ref().unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(r.body, "{\"error\":\"invalid_client\"}");
        assert_eq!(e[0].times.server_date, Some(1_764_079_200));
        assert_eq!(e[0].origin.as_deref(), Some("line 3 of trace.txt"));
    }

    #[test]
    fn trace_hex_is_read_byte_for_byte() {
        let hex = "== Info: Connected to x (1.2.3.4) port 443\n=> Send header, 18 bytes (0x12)\n0000: 50 4f 53 54 20 2f 74 20 48 54 54 50 2f 31 2e 31 POST /t HTTP/1.1\n0010: 0d 0a                                           ..\n=> Send data, 3 bytes (0x3)\n0000: 61 3d 31                                        a=1\n<= Recv header, 17 bytes (0x11)\n0000: 48 54 54 50 2f 31 2e 31 20 32 30 30 20 4f 4b 0d HTTP/1.1 200 OK.\n0010: 0a                                              .\n";
        let (e, _) = read(hex, "t");
        let req = e[0].request.as_ref().unwrap();
        assert_eq!((req.method.as_str(), req.url.as_str()), ("POST", "/t"));
        assert_eq!(req.field("a"), Some("1"));
        assert_eq!(e[0].response.as_ref().unwrap().status, 200);
    }
}
