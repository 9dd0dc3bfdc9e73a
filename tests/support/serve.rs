//! `jwtgrant serve` as a child process, and a raw HTTP/1.1 client for poking at its
//! transport (partial heads, slow bytes, chunked bodies). Every read has a timeout.

use super::token_server::{DEMO_KEY, client_assertion_claims, es256, public_jwk};
use serde_json::{Value, json};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The longest any test waits for one answer; a server that blocks fails the test.
pub const READ_TIMEOUT: Duration = Duration::from_secs(15);

/// A running `jwtgrant serve`, killed on drop.
pub struct Serve {
    pub child: Child,
    pub base: String,
    stderr: mpsc::Receiver<String>,
}

impl Serve {
    pub fn start(args: &[&str]) -> Serve {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("jwtgrant"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start jwtgrant serve");
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (etx, erx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = etx.send(line);
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("jwtgrant serve printed no address within 20 s");
        let base = first
            .split("listening on ")
            .nth(1)
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .trim()
            .to_string();
        Serve {
            child,
            base,
            stderr: erx,
        }
    }

    pub fn token_endpoint(&self) -> String {
        format!("{}/token", self.base)
    }

    /// Log lines written so far (waits briefly for the last one).
    pub fn log(&self) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(l) = self.stderr.recv_timeout(Duration::from_millis(300)) {
            lines.push(l);
        }
        lines
    }

    /// Log lines until one contains `needle` (all of them, for the failure message).
    pub fn log_until(&self, needle: &str) -> String {
        let deadline = Instant::now() + READ_TIMEOUT;
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.stderr.recv_timeout(Duration::from_millis(100)) {
                let found = line.contains(needle);
                lines.push(line);
                if found {
                    break;
                }
            }
        }
        lines.join("\n")
    }

    /// A connection with read and write timeouts.
    pub fn connect(&self) -> TcpStream {
        let addr = self.base.trim_start_matches("http://");
        let stream = TcpStream::connect(addr).expect("connect to jwtgrant serve");
        stream.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(READ_TIMEOUT)).unwrap();
        stream
    }

    /// Wait (bounded) for the process to exit.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A JWKS file holding the demo key's public half under `kid`; returns its path.
pub fn write_jwks(dir: &Path, name: &str, kid: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        json!({"keys": [public_jwk(DEMO_KEY, kid)]}).to_string(),
    )
    .unwrap();
    path.to_str().unwrap().to_string()
}

/// An ES256 assertion signed with the demo key (kid k1).
pub fn signed(claims: Value) -> String {
    es256(DEMO_KEY, &json!({"kid": "k1"}), &claims)
}

/// A client_credentials form body for `client` with a fresh, valid client assertion.
pub fn token_form(client: &str, issuer: &str) -> String {
    let assertion = signed(client_assertion_claims(client, issuer));
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", client)
        .append_pair(
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        )
        .append_pair("client_assertion", &assertion)
        .finish()
}

/// One HTTP answer as read off the wire.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// Read one answer (serve always sends Content-Length). None: closed before any byte.
pub fn read_answer(reader: &mut impl BufRead) -> io::Result<Option<Answer>> {
    let mut head = Vec::new();
    loop {
        let n = reader.read_until(b'\n', &mut head)?;
        if n == 0 {
            return match head.is_empty() {
                true => Ok(None),
                false => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut head")),
            };
        }
        if head.ends_with(b"\r\n\r\n") {
            break;
        }
    }
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut parsed = httparse::Response::new(&mut headers);
    parsed
        .parse(&head)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    let headers: Vec<(String, String)> = parsed
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let status = parsed.code.unwrap_or(0);
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }))
}

/// Send `request` on a new connection and read one answer.
pub fn exchange(server: &Serve, request: &str) -> Answer {
    let mut stream = server.connect();
    stream.write_all(request.as_bytes()).unwrap();
    read_answer(&mut BufReader::new(stream))
        .expect("read the answer")
        .expect("an answer, not a closed connection")
}

pub fn get(path: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
}

pub fn post_form(body: &str) -> String {
    format!(
        "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Did the server close `stream` (EOF or reset) within READ_TIMEOUT?
pub fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
        ),
    }
}
