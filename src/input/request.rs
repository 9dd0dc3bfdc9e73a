//! The request around a token. When the pasted text *is* a request (a form body, a URL or
//! query string, an HTTP request dump, a curl command line), read what it sends: the form
//! and query parameters, how the client authenticates, the method and content type. The
//! request rules (`request.*` in the lint table) judge these facts.
//!
//! Pure and cheap: text that is not recognisably a request (a bare token, a log line with a
//! form body somewhere inside it) gives None after looking at its first word or line.
//! Only whole requests count: a log line is a fragment, and judging a fragment for what
//! it lacks (a missing grant_type) would be guesswork.

use super::percent;
use serde_json::Value;
use std::collections::HashMap;

/// RFC 7523 §2.1.
pub const GRANT_TYPE_JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// RFC 7523 §2.2.
pub const CLIENT_ASSERTION_TYPE_JWT_BEARER: &str =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// What the text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `a=1&b=2`: an application/x-www-form-urlencoded body.
    Form,
    /// `https://as/token?a=1&b=2` or `?a=1&b=2`.
    Url,
    /// `POST /token HTTP/1.1`, headers, a blank line, the body.
    Http,
    /// `curl … -d … -H …`.
    Curl,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Body,
    Query,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// As sent (names are case-sensitive).
    pub name: String,
    /// Decoded as the server decodes it (percent-escapes and `+` in form encoding).
    pub value: String,
    pub carrier: Carrier,
}

impl Param {
    /// The value holds something that starts like a JWT.
    pub fn holds_jwt(&self) -> bool {
        self.value.contains("eyJ") || self.value.contains("ewo")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    /// Body parameters first, then query parameters, each in the order sent. Read only:
    /// the lookups below are built from them by `parse`.
    pub params: Vec<Param>,
    /// How the request authenticates at the HTTP layer: `Authorization: Basic`, `curl -u`.
    pub http_auth: Option<&'static str>,
    /// The user of `curl -u USER:PASSWORD` (the client_id of client_secret_basic); the
    /// password is not kept.
    pub http_user: Option<String>,
    /// The method, when the text states it (a request line, `curl -X` or `-G`).
    pub method: Option<String>,
    pub content_type: Option<String>,
    /// The body is a JSON object rather than a form.
    pub json_body: bool,
    /// The URL, when the text has a full one.
    pub url: Option<String>,
    /// Lookups by name and by token, built once: lint asks them for every token, and one
    /// request may carry thousands.
    index: Index,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Index {
    /// name → (position of its first parameter, how many parameters have it)
    names: HashMap<String, (usize, usize)>,
    /// every token in a value, whole → the first parameter that holds it
    tokens: HashMap<String, usize>,
    /// `token_key` of every token in a value → the first parameter that holds it, for a
    /// token that form decoding changed (a `+` that became a space)
    keys: HashMap<String, usize>,
    primary: Option<usize>,
}

impl Index {
    fn build(params: &[Param]) -> Index {
        let mut index = Index::default();
        for (i, p) in params.iter().enumerate() {
            index
                .names
                .entry(p.name.clone())
                .and_modify(|(_, n)| *n += 1)
                .or_insert((i, 1));
            for token in tokens_in(&p.value) {
                index.tokens.entry(token.to_string()).or_insert(i);
                if let Some(key) = token_key(token) {
                    index.keys.entry(key.to_string()).or_insert(i);
                }
            }
        }
        index.primary = params.iter().position(|p| {
            matches!(p.name.as_str(), "assertion" | "client_assertion") && p.holds_jwt()
        });
        index
    }
}

impl Request {
    fn new(kind: Kind) -> Request {
        Request {
            kind,
            params: Vec::new(),
            http_auth: None,
            http_user: None,
            method: None,
            content_type: None,
            json_body: false,
            url: None,
            index: Index::default(),
        }
    }

    /// The first parameter with this exact name.
    pub fn get(&self, name: &str) -> Option<&Param> {
        let (first, _) = self.index.names.get(name)?;
        self.params.get(*first)
    }

    /// Names sent more than once, with their counts, in the order they first appear.
    pub fn repeated(&self) -> Vec<(&str, usize)> {
        self.params
            .iter()
            .enumerate()
            .filter_map(|(i, p)| match self.index.names.get(&p.name) {
                Some(&(first, n)) if first == i && n > 1 => Some((p.name.as_str(), n)),
                _ => None,
            })
            .collect()
    }

    /// The first parameter whose value carries this token, if it came from a parameter at
    /// all: the whole token, or else its header and the start of its claims (which survive
    /// the form decoding of a `+` later in the token).
    pub fn carrier_of(&self, token: &str) -> Option<&Param> {
        let i = match self.index.tokens.get(token) {
            Some(i) => i,
            None => self.index.keys.get(token_key(token)?)?,
        };
        self.params.get(*i)
    }

    /// The parameter the request is about: the first `assertion` or `client_assertion`
    /// holding a JWT. None for requests that carry no assertion (an introspection call, a
    /// resource URL with an access token): the request rules are about assertions.
    /// Request-wide findings are reported once, on the token it carries.
    pub fn primary(&self) -> Option<&Param> {
        self.params.get(self.index.primary?)
    }
}

use super::locate::{is_b64url, is_token_byte};

/// Characters of the claims segment that, with the header, tell tokens apart.
const KEY_CLAIM_CHARS: usize = 16;

/// What identifies a token that starts `text`: its header segment (base64url up to the
/// first dot), the dot, and up to KEY_CLAIM_CHARS more token characters. None when `text`
/// does not start with a header and a dot.
fn token_key(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let header = bytes.iter().take_while(|&&b| is_b64url(b)).count();
    if header == 0 || bytes.get(header) != Some(&b'.') {
        return None;
    }
    let claims = bytes
        .get(header + 1..)
        .unwrap_or_default()
        .iter()
        .take(KEY_CLAIM_CHARS)
        .take_while(|&&b| is_token_byte(b))
        .count();
    // ASCII up to here, so this ends on a character boundary
    text.get(..header + 1 + claims)
}

/// Every token in a value, found as the locator finds them: a run of token bytes from an
/// `eyJ` / `ewo` that does not continue a base64url run, the search going on after the run
/// (so no byte is read twice).
fn tokens_in(value: &str) -> impl Iterator<Item = &str> {
    let bytes = value.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = (from..bytes.len()).find(|&i| {
            matches!(bytes.get(i..i + 3), Some(b"eyJ" | b"ewo"))
                && (i == 0 || !bytes.get(i - 1).copied().is_some_and(is_b64url))
        })?;
        let len = bytes
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| is_token_byte(b))
            .count();
        from = start + len;
        // ASCII from start to end, so a whole slice
        value.get(start..start + len)
    })
}

/// The request `text` is, or None when it is not recognisably one.
pub fn parse(text: &str) -> Option<Request> {
    let text = text.trim();
    // Every shape below sends name=value pairs (or a JSON body): a cheap first filter,
    // since lint calls this for every line that is not a bare token.
    memchr::memchr2(b'=', b'{', text.as_bytes())?;
    let request = if is_curl(text) {
        curl(text)
    } else if let Some(request) = http(text) {
        request
    } else if !text.bytes().any(|b| b.is_ascii_whitespace()) {
        single_word(text)?
    } else {
        return None;
    };
    let mut request = request;
    if request.params.is_empty() {
        return None;
    }
    request.index = Index::build(&request.params);
    Some(request)
}

/// A URL with a query, a bare query string, or a form body.
fn single_word(text: &str) -> Option<Request> {
    if text.starts_with("http://") || text.starts_with("https://") {
        let (_, query) = text.split_once('?')?;
        let mut request = Request::new(Kind::Url);
        request.url = Some(text.to_string());
        form(query, Carrier::Query, &mut request.params);
        return Some(request);
    }
    if let Some(query) = text.strip_prefix('?') {
        let mut request = Request::new(Kind::Url);
        form(query, Carrier::Query, &mut request.params);
        return Some(request);
    }
    if !looks_like_form(text) {
        return None;
    }
    let mut request = Request::new(Kind::Form);
    form(text, Carrier::Body, &mut request.params);
    Some(request)
}

/// Two or more `name=value` pairs joined by `&`. One pair alone is a field someone
/// copied, not a request.
fn looks_like_form(text: &str) -> bool {
    let mut pairs = 0;
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        let Some((name, _)) = piece.split_once('=') else {
            return false;
        };
        let name_ok = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.%[]".contains(&b));
        if !name_ok {
            return false;
        }
        pairs += 1;
    }
    pairs >= 2
}

/// Append the pairs of an application/x-www-form-urlencoded string.
fn form(text: &str, carrier: Carrier, out: &mut Vec<Param>) {
    out.extend(percent::form_pairs(text).map(|(name, value)| Param {
        name: name.into_owned(),
        value: value.into_owned(),
        carrier,
    }));
}

/// A JSON object body: its string members become parameters (the server will not read
/// them as a form, which the transport rule says; the other rules still apply).
fn json_members(body: &str, out: &mut Vec<Param>) {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return;
    };
    for (name, value) in map {
        if let Value::String(value) = value {
            out.push(Param {
                name,
                value,
                carrier: Carrier::Body,
            });
        }
    }
}

/// A body of either kind.
fn body(text: &str, request: &mut Request) {
    let text = text.trim();
    if text.starts_with('{') {
        json_members(text, &mut request.params);
        request.json_body = true;
    } else if text.contains('=') {
        form(text, Carrier::Body, &mut request.params);
    }
}

fn header(line: &str, request: &mut Request) {
    let Some((name, value)) = line.split_once(':') else {
        return;
    };
    let value = value.trim();
    let name = name.trim();
    if name.eq_ignore_ascii_case("authorization") {
        let scheme = value.split_whitespace().next().unwrap_or("");
        if scheme.eq_ignore_ascii_case("basic") {
            request.http_auth = Some("HTTP Basic authentication (an Authorization header)");
        }
    } else if name.eq_ignore_ascii_case("content-type") {
        request.content_type = Some(value.to_string());
    }
}

/// `https://host/path?query`: the query's pairs, as query parameters.
fn url(target: &str, request: &mut Request) {
    if let Some((_, query)) = target.split_once('?') {
        let query = query.split('#').next().unwrap_or("");
        form(query, Carrier::Query, &mut request.params);
    }
}

/// `METHOD target HTTP/x` on the first line, then headers, a blank line and the body.
fn http(text: &str) -> Option<Request> {
    let mut lines = text.lines();
    let first = lines.next()?.trim();
    let mut words = first.split_whitespace();
    let (method, target, version) = (words.next()?, words.next()?, words.next()?);
    if !method.bytes().all(|b| b.is_ascii_uppercase()) || !version.starts_with("HTTP/") {
        return None;
    }
    let mut request = Request::new(Kind::Http);
    request.method = Some(method.to_string());
    if target.starts_with("http://") || target.starts_with("https://") {
        request.url = Some(target.to_string());
    }
    for line in lines.by_ref() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            break;
        }
        header(line, &mut request);
    }
    // The body runs to the next blank line (a response may follow in a dump).
    let body_text: String = lines
        .map(|l| l.trim_end_matches('\r'))
        .take_while(|l| !l.trim().is_empty() && !l.starts_with("HTTP/"))
        .collect();
    body(&body_text, &mut request);
    url(target, &mut request);
    Some(request)
}

fn is_curl(text: &str) -> bool {
    let first = text
        .trim_start_matches(['$', '>', '%', '#'])
        .split_whitespace()
        .next()
        .unwrap_or("");
    first == "curl" || first == "curl.exe" || first.ends_with("/curl")
}

/// Shell words, as a POSIX shell would split them: quotes removed, backslash-newline joined.
/// Stops at an unquoted `|`, `;`, `&&` or `||` (a pipeline into jq is not curl's business),
/// and at an unquoted newline, which ends the command: what follows in a pasted transcript
/// is curl's output (`Note: Unnecessary use of -X or --request, …`, `* Trying …`), not its
/// arguments. A line ending in cmd.exe's `^` or PowerShell's backtick continues.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(next) => {
                    word.push(next);
                    in_word = true;
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                for next in chars.by_ref() {
                    if next == '\'' {
                        break;
                    }
                    word.push(next);
                }
            }
            '"' => {
                in_word = true;
                while let Some(next) = chars.next() {
                    match next {
                        '"' => break,
                        '\\' => match chars.peek() {
                            Some(&e @ ('"' | '\\' | '$' | '`')) => {
                                word.push(e);
                                chars.next();
                            }
                            Some('\n') => {
                                chars.next();
                            }
                            _ => word.push('\\'),
                        },
                        other => word.push(other),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    if matches!(word.as_str(), "|" | ";" | "&&" | "||") {
                        return words;
                    }
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                if c == '\n' {
                    match words.last().map(String::as_str) {
                        Some("^" | "`") => {
                            words.pop();
                        }
                        _ => return words,
                    }
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word && !matches!(word.as_str(), "|" | ";" | "&&" | "||") {
        words.push(word);
    }
    words
}

/// What a curl option does with its value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opt {
    Method,
    Header,
    /// -d, --data, --data-ascii, --data-binary, --data-raw: sent as it is (already encoded).
    Data,
    DataUrlencode,
    Json,
    Form,
    User,
    Url,
    /// Any other option that takes a value (so the value is not taken for the URL).
    Other,
}

fn long_option(name: &str) -> Option<Option<Opt>> {
    Some(Some(match name {
        "--request" => Opt::Method,
        "--header" => Opt::Header,
        "--data" | "--data-ascii" | "--data-binary" | "--data-raw" => Opt::Data,
        "--data-urlencode" => Opt::DataUrlencode,
        "--json" => Opt::Json,
        "--form" | "--form-string" => Opt::Form,
        "--user" => Opt::User,
        "--url" => Opt::Url,
        "--get" => return Some(None),
        "--referer" | "--proxy" | "--output" | "--user-agent" | "--cookie" | "--cookie-jar"
        | "--write-out" | "--cacert" | "--capath" | "--cert" | "--key" | "--max-time"
        | "--connect-timeout" | "--resolve" | "--connect-to" | "--upload-file" | "--config"
        | "--retry" | "--oauth2-bearer" | "--proxy-user" | "--range" | "--limit-rate"
        | "--interface" | "--cert-type" | "--key-type" | "--pass" | "--aws-sigv4"
        | "--unix-socket" | "--max-redirs" | "--retry-delay" | "--retry-max-time" | "--trace"
        | "--trace-ascii" | "--stderr" | "--dump-header" | "--variable" | "--expand-data"
        | "--expand-url" | "--expand-header" => Opt::Other,
        _ => return None,
    }))
}

fn short_option(letter: char) -> Option<Opt> {
    Some(match letter {
        'X' => Opt::Method,
        'H' => Opt::Header,
        'd' => Opt::Data,
        'F' => Opt::Form,
        'u' => Opt::User,
        'e' | 'x' | 'o' | 'A' | 'b' | 'c' | 'w' | 'E' | 'm' | 'T' | 'K' | 'r' | 'U' | 'D' | 'Y'
        | 'y' | 'z' | 'C' | 'P' | 'Q' | 't' => Opt::Other,
        _ => return None,
    })
}

/// What a curl command line adds up to, gathered option by option.
struct Curl {
    request: Request,
    data: Vec<Param>,
    get: bool,
    has_data: bool,
    urls: Vec<String>,
}

impl Curl {
    fn apply(&mut self, opt: Opt, value: &str) {
        let request = &mut self.request;
        match opt {
            Opt::Method => request.method = Some(value.to_string()),
            Opt::Header => header(value, request),
            Opt::Data => {
                self.has_data = true;
                if !value.starts_with('@') {
                    let value = value.trim();
                    if value.starts_with('{') {
                        request.json_body = true;
                        json_members(value, &mut self.data);
                    } else {
                        form(value, Carrier::Body, &mut self.data);
                    }
                }
            }
            Opt::DataUrlencode => {
                self.has_data = true;
                // name=content: curl encodes the content; @file and bare content carry no name.
                if let Some((name, content)) = value.split_once('=') {
                    if !name.is_empty() && !name.contains('@') {
                        self.data.push(Param {
                            name: name.to_string(),
                            value: content.to_string(),
                            carrier: Carrier::Body,
                        });
                    }
                }
            }
            Opt::Json => {
                self.has_data = true;
                request.json_body = true;
                request.content_type = Some("application/json".to_string());
                json_members(value, &mut self.data);
            }
            Opt::Form => {
                self.has_data = true;
                request.content_type = Some("multipart/form-data".to_string());
                if let Some((name, content)) = value.split_once('=') {
                    if !content.starts_with(['@', '<']) {
                        self.data.push(Param {
                            name: name.to_string(),
                            value: content.to_string(),
                            carrier: Carrier::Body,
                        });
                    }
                }
            }
            Opt::User => {
                request.http_auth = Some("HTTP authentication (curl -u)");
                let user = value.split(':').next().unwrap_or_default();
                request.http_user = Some(user.to_string()).filter(|u| !u.is_empty());
            }
            Opt::Url => self.urls.push(value.to_string()),
            Opt::Other => {}
        }
    }
}

fn curl(text: &str) -> Request {
    let words = shell_words(text);
    let mut c = Curl {
        request: Request::new(Kind::Curl),
        data: Vec::new(),
        get: false,
        has_data: false,
        urls: Vec::new(),
    };
    let mut i = words.iter().position(|w| is_curl(w)).map_or(0, |i| i + 1);
    while let Some(word) = words.get(i) {
        i += 1;
        if word.starts_with("--") {
            match long_option(word) {
                Some(Some(opt)) => {
                    if let Some(value) = words.get(i) {
                        c.apply(opt, value);
                        i += 1;
                    }
                }
                Some(None) => c.get = true,
                None => {}
            }
        } else if word.len() > 1 && word.starts_with('-') {
            // -sSX POST, -XPOST, -HAccept:…, -G
            for (at, letter) in word.char_indices().skip(1) {
                if letter == 'G' {
                    c.get = true;
                    continue;
                }
                let Some(opt) = short_option(letter) else {
                    continue;
                };
                let rest = word.get(at + letter.len_utf8()..).unwrap_or_default();
                if !rest.is_empty() {
                    c.apply(opt, rest);
                } else if let Some(value) = words.get(i) {
                    c.apply(opt, value);
                    i += 1;
                }
                break;
            }
        } else if word.starts_with("http://") || word.starts_with("https://") {
            c.urls.push(word.clone());
        }
    }
    let mut request = c.request;
    if c.get {
        request.method = Some("GET".to_string());
        for p in &mut c.data {
            p.carrier = Carrier::Query;
        }
    } else if request.method.is_none() && !c.has_data {
        request.method = Some("GET".to_string());
    }
    request.params.extend(c.data);
    if let Some(first) = c.urls.into_iter().next() {
        url(&first, &mut request);
        request.url = Some(first);
    }
    request
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::string_slice)]
mod tests {
    use super::*;

    const T: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIiwic3ViIjoiYSJ9.c2lnMQ";
    const T2: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJiIiwic3ViIjoiYiJ9.c2lnMg";

    fn names(r: &Request) -> Vec<(&str, &str, Carrier)> {
        r.params
            .iter()
            .map(|p| (p.name.as_str(), p.value.as_str(), p.carrier))
            .collect()
    }

    #[test]
    fn bare_tokens_fields_and_log_lines_are_not_requests() {
        assert_eq!(parse(T), None);
        assert_eq!(parse(&format!("assertion={T}")), None);
        assert_eq!(
            parse(&format!("12:00 DEBUG body=grant_type=x&assertion={T}")),
            None
        );
        assert_eq!(parse(&format!("{{\"assertion\": \"{T}\"}}")), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn form_bodies_are_decoded() {
        let r = parse(&format!(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={T}&scope=a+b\n"
        ))
        .unwrap();
        assert_eq!(r.kind, Kind::Form);
        assert_eq!(
            names(&r),
            [
                ("grant_type", GRANT_TYPE_JWT_BEARER, Carrier::Body),
                ("assertion", T, Carrier::Body),
                ("scope", "a b", Carrier::Body)
            ]
        );
        assert_eq!(r.carrier_of(T).unwrap().name, "assertion");
        assert_eq!(r.carrier_of(T2), None);
        assert_eq!(r.primary().unwrap().name, "assertion");
    }

    #[test]
    fn urls_and_query_strings_carry_query_parameters() {
        let r = parse(&format!(
            "https://as.example.com/token?grant_type=x&assertion={T}"
        ))
        .unwrap();
        assert_eq!(r.kind, Kind::Url);
        assert_eq!(r.get("assertion").unwrap().carrier, Carrier::Query);
        let r = parse(&format!("?client_assertion={T}&client_id=c")).unwrap();
        assert_eq!(r.get("client_id").unwrap().carrier, Carrier::Query);
        assert_eq!(parse("https://as.example.com/token"), None);
    }

    #[test]
    fn http_request_dumps() {
        let dump = format!(
            "POST /oauth2/token?debug=1 HTTP/1.1\r\nHost: as.example.com\r\nAuthorization: Basic YTpi\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nclient_assertion_type=x&client_assertion={T}\r\n\r\nHTTP/1.1 401 Unauthorized\r\n"
        );
        let r = parse(&dump).unwrap();
        assert_eq!(r.kind, Kind::Http);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert!(r.http_auth.is_some());
        assert_eq!(
            r.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            names(&r),
            [
                ("client_assertion_type", "x", Carrier::Body),
                ("client_assertion", T, Carrier::Body),
                ("debug", "1", Carrier::Query)
            ]
        );
        let json = format!(
            "POST /token HTTP/1.1\nContent-Type: application/json\n\n{{\"grant_type\":\"g\",\"assertion\":\"{T}\"}}"
        );
        let r = parse(&json).unwrap();
        assert!(r.json_body);
        assert_eq!(r.get("assertion").unwrap().value, T);
    }

    #[test]
    fn curl_command_lines() {
        let cmd = format!(
            "$ curl -sS -X POST https://as.example.com/token \\\n  -u 'client:secret' \\\n  -H \"Content-Type: application/x-www-form-urlencoded\" \\\n  -d 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer' \\\n  --data-urlencode \"assertion={T}\" | jq ."
        );
        let r = parse(&cmd).unwrap();
        assert_eq!(r.kind, Kind::Curl);
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.http_auth, Some("HTTP authentication (curl -u)"));
        assert_eq!(r.url.as_deref(), Some("https://as.example.com/token"));
        assert_eq!(
            names(&r),
            [
                ("grant_type", GRANT_TYPE_JWT_BEARER, Carrier::Body),
                ("assertion", T, Carrier::Body)
            ]
        );
        // -G moves the data into the query string
        let r = parse(&format!(
            "curl -G https://as.example.com/token -d grant_type=x -d assertion={T}"
        ))
        .unwrap();
        assert_eq!(r.method.as_deref(), Some("GET"));
        assert!(r.params.iter().all(|p| p.carrier == Carrier::Query));
        // attached values, --json, Authorization: Basic
        let r = parse(&format!(
            "curl -XPOST -H'Authorization: basic eDp5' --json '{{\"client_assertion\":\"{T}\"}}' https://as.example.com/token"
        ))
        .unwrap();
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert!(r.json_body && r.http_auth.is_some());
        assert_eq!(r.get("client_assertion").unwrap().value, T);
    }

    #[test]
    fn shell_words_follow_the_shell() {
        assert_eq!(
            shell_words(r#"curl -d 'a=1&b="2"' "x\"y" z\ w | jq"#),
            ["curl", "-d", "a=1&b=\"2\"", "x\"y", "z w"]
        );
        assert_eq!(shell_words("a \\\n b"), ["a", "b"]);
        // a newline ends the command, unless cmd.exe's ^ or PowerShell's ` continues it
        assert_eq!(shell_words("a b\nNote: x -X or"), ["a", "b"]);
        assert_eq!(shell_words("a ^\n b `\r\n c"), ["a", "b", "c"]);
        assert_eq!(shell_words("a 'x\ny'\nz"), ["a", "x\ny"]);
    }

    #[test]
    fn curl_output_after_the_command_is_not_read_as_arguments() {
        // curl -v's own lines, pasted under the command: the method stays POST
        let transcript = format!(
            "$ curl -v -X POST https://as.example.com/token -d grant_type=x --data-urlencode assertion={T} -u app:pw\nNote: Unnecessary use of -X or --request, POST is already inferred.\n*   Trying 127.0.0.1:443...\n> POST /token HTTP/1.1\n"
        );
        let r = parse(&transcript).unwrap();
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.http_user.as_deref(), Some("app"));
        assert_eq!(r.get("assertion").unwrap().value, T);
        assert_eq!(r.url.as_deref(), Some("https://as.example.com/token"));
    }

    #[test]
    fn token_key_is_the_header_and_the_start_of_the_claims() {
        assert_eq!(token_key(T), Some("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIiwi"));
        assert_eq!(
            token_key("eyJhbGciOiJSUzI1NiJ9.e"),
            Some("eyJhbGciOiJSUzI1NiJ9.e")
        );
        // stops where the token stops (a closing quote, a space)
        assert_eq!(token_key("eyJh.eyJi\" x"), Some("eyJh.eyJi"));
        assert_eq!(token_key("nodot"), None);
        assert_eq!(token_key(".eyJ"), None);
        assert_eq!(token_key("eyJ+x.y"), None);
    }

    #[test]
    fn carrier_is_found_by_token_in_any_wrapping() {
        let r = parse(&format!(
            "a=1&client_assertion=%22{T2}%22&assertion=Bearer+{T}&grant_type=x"
        ))
        .unwrap();
        assert_eq!(r.carrier_of(T).unwrap().name, "assertion");
        assert_eq!(r.carrier_of(T2).unwrap().name, "client_assertion");
        assert_eq!(r.primary().unwrap().name, "client_assertion");
        // a token that is only the start of another is not carried by it
        assert_eq!(r.carrier_of("eyJhbGciOiJSUzI1NiJ9.eyJpc3"), None);
        // tokens that differ late (the jti) each have their own carrier
        let (a, b) = (format!("{T}YQ"), format!("{T}Yg"));
        let r = parse(&format!("assertion={a}&assertion={b}")).unwrap();
        assert!(std::ptr::eq(r.carrier_of(&b).unwrap(), &r.params[1]));
        // a `+` the form turned into a space: found by the token's start
        let plus = format!("{T}+x");
        let r = parse(&format!("assertion={plus}&a=1")).unwrap();
        assert_eq!(r.params[0].value, format!("{T} x"));
        assert_eq!(r.carrier_of(&plus).unwrap().name, "assertion");
    }

    #[test]
    fn tokens_in_values_are_read_once() {
        let value = format!("Bearer {T} \"{T2}\" x");
        let found: Vec<&str> = tokens_in(&value).collect();
        assert_eq!(found, [T, T2]);
        // a run of starts is one run, not one per start
        assert_eq!(tokens_in(&"eyJ.".repeat(1000)).count(), 1);
    }

    #[test]
    fn names_are_counted_and_repeats_listed_in_order() {
        let r = parse(&format!("b=1&assertion={T}&b=2&a=0&assertion={T2}&b=3")).unwrap();
        assert_eq!(r.get("b").unwrap().value, "1");
        assert_eq!(r.repeated(), [("b", 3), ("assertion", 2)]);
        // the first of repeated tokens is their carrier
        let r = parse(&format!("assertion={T}&assertion={T}")).unwrap();
        assert!(std::ptr::eq(r.carrier_of(T).unwrap(), &r.params[0]));
    }
}
