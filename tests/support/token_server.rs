//! A local token endpoint for replay tests (std only) and the signed assertions to feed it.
//!
//! `TokenServer` listens on 127.0.0.1:0, answers each request with the next scripted
//! `Reply` (the last one repeats), records what it received, and stops on drop. Replies
//! imitate vendors: a generic 401, specific 400s, redirects, slow answers, a Date header
//! hours off. Accepts are bounded and every socket has timeouts, so a test cannot hang.

use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const MAX_CONNECTIONS: usize = 32;
const LIFETIME: Duration = Duration::from_secs(90);

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
    /// Seconds added to the Date header (a server clock that is off).
    pub date_offset: i64,
    /// Send this instead of `body`, with Transfer-Encoding: chunked.
    pub stream: Option<Streamed>,
    /// Build the reply from the request (a server that echoes what it received).
    pub respond: Option<fn(&Recorded) -> Reply>,
}

/// A chunked body: `count` chunks of `chunk`, `pause` before each one.
#[derive(Clone, Debug)]
pub struct Streamed {
    pub chunk: String,
    pub count: usize,
    pub pause: Duration,
    /// Hang up without the last (empty) chunk: a body that breaks off.
    pub broken: bool,
}

impl Reply {
    fn new(status: u16, body: String, headers: Vec<(String, String)>) -> Reply {
        Reply {
            status,
            body,
            headers,
            delay: Duration::ZERO,
            date_offset: 0,
            stream: None,
            respond: None,
        }
    }

    pub fn json(status: u16, body: Value) -> Reply {
        Reply::new(
            status,
            body.to_string(),
            vec![("Content-Type".into(), "application/json".into())],
        )
    }

    /// Any body with any content type.
    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::new(
            status,
            body.to_string(),
            vec![("Content-Type".into(), content_type.into())],
        )
    }

    /// A chunked body of `count` × `chunk`, each chunk after `pause`.
    pub fn streamed(status: u16, chunk: &str, count: usize, pause: Duration) -> Reply {
        let mut reply = Reply::text(status, "application/json", "");
        reply.stream = Some(Streamed {
            chunk: chunk.to_string(),
            count,
            pause,
            broken: false,
        });
        reply
    }

    /// A streamed body that breaks off: the connection closes mid-body.
    pub fn broken_off(mut self) -> Reply {
        if let Some(s) = self.stream.as_mut() {
            s.broken = true;
        }
        self
    }

    /// The reply `respond` builds from each request it answers.
    pub fn echoing(respond: fn(&Recorded) -> Reply) -> Reply {
        let mut reply = Reply::text(500, "text/plain", "");
        reply.respond = Some(respond);
        reply
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A token response with an access token (a JWT), a refresh token and an ID token.
    pub fn token() -> Reply {
        Reply::json(
            200,
            json!({
                "access_token": ISSUED_ACCESS_TOKEN,
                "refresh_token": ISSUED_REFRESH_TOKEN,
                "id_token": ISSUED_ID_TOKEN,
                "token_type": "Bearer",
                "expires_in": 3600
            }),
        )
    }

    /// Spring Authorization Server / oidc-provider style: the reason stays on the server.
    pub fn generic_401() -> Reply {
        Reply::json(401, json!({"error": "invalid_client"}))
    }

    pub fn error(status: u16, error: &str, description: &str) -> Reply {
        Reply::json(
            status,
            json!({"error": error, "error_description": description}),
        )
    }

    pub fn redirect(location: &str) -> Reply {
        Reply::new(
            302,
            String::new(),
            vec![("Location".into(), location.into())],
        )
    }

    pub fn html(status: u16) -> Reply {
        Reply::text(status, "text/html", "<html><body>Not Found</body></html>")
    }

    pub fn slow(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    pub fn clock_off_by(mut self, secs: i64) -> Reply {
        self.date_offset = secs;
        self
    }
}

/// Issued-token canaries: none of them may appear in any output.
pub const ISSUED_ACCESS_TOKEN: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcGkifQ.QUNDRVNTLVRPS0VOLVNJR05BVFVSRS1jYW5hcnk";
pub const ISSUED_ACCESS_TOKEN_SIG: &str = "QUNDRVNTLVRPS0VOLVNJR05BVFVSRS1jYW5hcnk";
pub const ISSUED_REFRESH_TOKEN: &str = "refresh-canary-8c1f2e7a";
pub const ISSUED_ID_TOKEN: &str =
    "eyJhbGciOiJSUzI1NiJ9.eyJub25jZSI6Im4ifQ.SUQtVE9LRU4tU0lHTkFUVVJFLWNhbmFyeQ";
pub const ISSUED_ID_TOKEN_SIG: &str = "SUQtVE9LRU4tU0lHTkFUVVJFLWNhbmFyeQ";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The form fields, decoded.
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    pub fn field(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub struct TokenServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    thread: Option<JoinHandle<()>>,
}

impl TokenServer {
    /// Answer with `replies` in order; the last one repeats.
    pub fn start(replies: Vec<Reply>) -> TokenServer {
        assert!(!replies.is_empty());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (stop2, requests2) = (stop.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut served = 0;
            while !stop2.load(Ordering::SeqCst)
                && served < MAX_CONNECTIONS
                && started.elapsed() < LIFETIME
            {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let reply = replies[served.min(replies.len() - 1)].clone();
                        served += 1;
                        handle(stream, &reply, &requests2, &stop2);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        TokenServer {
            port,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    pub fn one(reply: Reply) -> TokenServer {
        TokenServer::start(vec![reply])
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/token", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TokenServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn handle(stream: TcpStream, reply: &Reply, log: &Mutex<Vec<Recorded>>, stop: &AtomicBool) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(1 << 20);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let recorded = Recorded {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let built;
    let reply = match reply.respond {
        Some(respond) => {
            built = respond(&recorded);
            &built
        }
        None => reply,
    };
    log.lock().unwrap().push(recorded);
    // A slow reply sleeps in small steps so that drop does not wait for it.
    let until = Instant::now() + reply.delay;
    while Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let framing = match &reply.stream {
        Some(_) => "Transfer-Encoding: chunked".to_string(),
        None => format!("Content-Length: {}", reply.body.len()),
    };
    let mut head = format!(
        "HTTP/1.1 {} X\r\nDate: {}\r\n{framing}\r\nConnection: close\r\n",
        reply.status,
        http_date(now() + reply.date_offset),
    );
    for (n, v) in &reply.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = &stream;
    let _ = stream.write_all(head.as_bytes());
    match &reply.stream {
        None => {
            let _ = stream.write_all(reply.body.as_bytes());
        }
        Some(s) => {
            let chunk = format!("{:x}\r\n{}\r\n", s.chunk.len(), s.chunk);
            for _ in 0..s.count {
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(s.pause);
                // the client hung up (it stopped reading): nothing more to send
                if stream.write_all(chunk.as_bytes()).is_err() {
                    return;
                }
            }
            if s.broken {
                // send half a chunk so the client is mid-chunk when the connection closes
                let _ = stream.write_all(format!("{:x}\r\nabc", s.chunk.len().max(8)).as_bytes());
                return;
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    }
    let _ = stream.flush();
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// IMF-fixdate (RFC 9110 §5.6.7) from UNIX seconds.
pub fn http_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil_from_days (H. Hinnant)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d,
        MONTHS[(m - 1) as usize],
        y,
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

// ---- signed test assertions (ring; no jwtgrant code involved)

pub fn b64(bytes: &[u8]) -> String {
    data_encoding::BASE64URL_NOPAD.encode(bytes)
}

/// The example's P-256 demo key (PKCS#8), and a second key generated per run.
pub const DEMO_KEY: &[u8] = include_bytes!("../../src/example/demo-key-es256.pk8");

pub fn other_key() -> Vec<u8> {
    EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
        .unwrap()
        .as_ref()
        .to_vec()
}

/// A compact ES256 JWS over `header` (alg added) and `claims`.
pub fn es256(pkcs8: &[u8], header: &Value, claims: &Value) -> String {
    let pair = EcdsaKeyPair::from_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8,
        &SystemRandom::new(),
    )
    .unwrap();
    let mut header = header.clone();
    header["alg"] = json!("ES256");
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = pair.sign(&SystemRandom::new(), input.as_bytes()).unwrap();
    format!("{input}.{}", b64(sig.as_ref()))
}

/// The public JWK of a P-256 PKCS#8 key.
pub fn public_jwk(pkcs8: &[u8], kid: &str) -> Value {
    let pair = EcdsaKeyPair::from_pkcs8(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        pkcs8,
        &SystemRandom::new(),
    )
    .unwrap();
    let point = pair.public_key().as_ref();
    json!({"kty": "EC", "crv": "P-256", "x": b64(&point[1..33]), "y": b64(&point[33..65]),
           "kid": kid, "alg": "ES256", "use": "sig"})
}

/// A client assertion for `client` at `aud`, valid now for five minutes, unique jti.
pub fn client_assertion_claims(client: &str, aud: &str) -> Value {
    let n = now();
    json!({"iss": client, "sub": client, "aud": aud, "iat": n - 5, "exp": n + 300,
           "jti": format!("jti-{}-{}", n, unique())})
}

pub fn unique() -> u64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    (COUNTER.fetch_add(1, Ordering::SeqCst) << 32) ^ nanos ^ u64::from(std::process::id())
}

/// The signature segment of a compact JWS: it must never appear in output.
pub fn signature_of(token: &str) -> &str {
    token.rsplit('.').next().unwrap()
}
