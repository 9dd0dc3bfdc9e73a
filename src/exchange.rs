//! One HTTP exchange with a token endpoint: what was sent, what came back, and when, however
//! it became known. `replay` fills it from the network; `triage` reads it from what people
//! paste (a HAR file, a curl transcript, an HTTP dump, a log line); `explain` has only the
//! answer. Diagnosis takes exchanges and does not care where they came from. Pure data: no
//! HTTP client here.

use std::time::Duration;

/// A request as sent. Header values that carry credentials are stored already redacted:
/// the record is for showing and judging, never for sending again.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The application/x-www-form-urlencoded body, decoded, in order.
    pub form: Vec<(String, String)>,
    /// The user of an `Authorization: Basic` header, as the server decodes it: the
    /// client_id of client_secret_basic. Its password is never kept here.
    pub basic_user: Option<String>,
}

impl Request {
    /// The first form field of that name.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name)
    }

    /// The client_id that went with the request: the form field, else the Basic user.
    pub fn client_id(&self) -> Option<&str> {
        self.field("client_id").or(self.basic_user.as_deref())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    /// The reason phrase ("Unauthorized"): the canonical one, or what the dump said.
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The body was longer than the read cap: `body` is its start.
    pub truncated: bool,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name)
    }
}

/// When it happened, on each clock that saw it. UNIX seconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Times {
    /// When the request left, on the clock of whoever recorded it (this machine for replay,
    /// the browser for a HAR's `startedDateTime`); None when the evidence does not say.
    pub sent: Option<f64>,
    /// When the answer had arrived, on the same clock.
    pub received: Option<f64>,
    /// The server's `Date` header (RFC 9110 §6.6.1): the server's own clock.
    pub server_date: Option<i64>,
    pub elapsed: Option<Duration>,
}

/// One request and its answer, either of which may be unknown.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub request: Option<Request>,
    pub response: Option<Response>,
    pub times: Times,
    /// The pasted text the answer was read from, when it was not a structured response (an
    /// AADSTS line, a log message): matched against the vendor catalog.
    pub text: Option<String>,
    /// The server's metadata (RFC 8414), when it was read before the request: it names the
    /// right token endpoint and the server's own issuer.
    pub metadata: Option<crate::metadata::Metadata>,
    /// Where it was read from, for people: "entry 3 of support.har", "line 12 of
    /// trace.txt". None for an exchange jwtgrant made itself.
    pub origin: Option<String>,
}

impl Exchange {
    /// The instant the exchange happened on the recorder's clock (the middle of sent and
    /// received, in whole seconds), when the evidence says.
    pub fn recorded_at(&self) -> Option<i64> {
        self.recorder_instant().map(|at| at.floor() as i64)
    }

    fn recorder_instant(&self) -> Option<f64> {
        match (self.times.sent, self.times.received) {
            (Some(sent), Some(received)) => Some((sent + received) / 2.0),
            (Some(at), None) | (None, Some(at)) => Some(at),
            (None, None) => None,
        }
    }

    /// The server's clock minus the recorder's, in whole seconds, when both are known.
    /// `Date` has one-second resolution and is truncated, so the server's true time lies in
    /// [date, date + 1); the recorder's instant is the middle of sent..received.
    pub fn clock_offset(&self) -> Option<i64> {
        let date = self.times.server_date? as f64 + 0.5;
        let local = self.recorder_instant()?;
        Some((date - local).round() as i64)
    }
}

/// The URL without `user:password@`, as an aud or a message should name it.
pub fn without_userinfo(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_offset_uses_what_is_known() {
        let mut e = Exchange::default();
        assert_eq!(e.clock_offset(), None);
        e.times.server_date = Some(1_000_000 + 3600);
        assert_eq!(e.clock_offset(), None, "no recorder clock: no offset");
        e.times.sent = Some(1_000_000.2);
        e.times.received = Some(1_000_000.4);
        assert_eq!(e.clock_offset(), Some(3600));
        e.times.received = None;
        assert_eq!(e.clock_offset(), Some(3600));
    }

    #[test]
    fn url_credentials_are_removed() {
        assert_eq!(
            without_userinfo("https://app:pw@as.example/token"),
            "https://as.example/token"
        );
        assert_eq!(
            without_userinfo("https://as.example/t"),
            "https://as.example/t"
        );
    }

    #[test]
    fn headers_are_found_whatever_their_case() {
        let r = Response {
            headers: vec![
                ("Set-Cookie".into(), "a=1".into()),
                ("set-cookie".into(), "b=2".into()),
                ("Date".into(), "x".into()),
            ],
            ..Response::default()
        };
        assert_eq!(r.header("DATE"), Some("x"));
        assert_eq!(r.header("set-cookie"), Some("a=1"));
        let q = Request {
            form: vec![("client_id".into(), "app".into())],
            ..Request::default()
        };
        assert_eq!(q.field("client_id"), Some("app"));
        assert_eq!(q.field("scope"), None);
    }
}
