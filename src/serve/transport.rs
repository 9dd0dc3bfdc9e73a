//! HTTP/1.1 for `serve`, on hyper and tokio. Each connection is its own task, so a slow or
//! idle client never delays another. Everything is bounded: the request head (size and
//! time), the body (size and time) and the open connections. A stop (SIGINT, SIGTERM or
//! `--max-requests`) accepts nothing new, closes idle connections and lets the requests in
//! flight be answered. The runtime lives only inside `run`.

use super::{
    Config, Entry, Event, Limits, MAX_BODY, MAX_HEAD, Options, Request, Response, http_date,
    invalid_request, json_response, route, token,
};
use crate::clock;
use anyhow::{Context, Result};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Body, Bytes, Incoming};
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, DATE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};

/// Connections over the cap that still get a 503 (beyond these they are closed at once).
const REFUSALS: usize = 64;
/// How long an over-cap connection may take to send its request head.
const REFUSAL_HEAD_TIMEOUT: Duration = Duration::from_secs(1);
/// Time allowed when stopping, beyond the body timeout, for requests in flight.
const STOP_GRACE: Duration = Duration::from_secs(2);
/// How often a stopping connection checks whether it is between requests.
const STOP_POLL: Duration = Duration::from_millis(50);
/// Log events waiting to be written; when full, requests wait for the log (memory stays
/// bounded even when stderr is slower than the clients).
const LOG_QUEUE: usize = 1024;

/// What every connection task shares.
struct Shared {
    config: Config,
    /// Held only for one decision (microseconds), so jti single-use is atomic.
    seen: Mutex<token::Seen>,
    options: Options,
    /// Requests that reached the endpoint so far (for --max-requests).
    admitted: AtomicU64,
    stop: watch::Sender<bool>,
    events: mpsc::Sender<Event>,
}

impl Shared {
    async fn log(&self, event: Event) {
        // Err: the server has finished and nobody reads the log any more.
        let _ = self.events.send(event).await;
    }

    /// Begin to stop (the first call only logs).
    async fn stop(&self, why: String) {
        if !self.stop.send_replace(true) {
            self.log(Event::Stopping(why)).await;
        }
    }

    fn now(&self) -> i64 {
        clock::system_now() + self.config.clock_offset
    }
}

/// Serve on `listener` until stopped; `log` runs on the calling thread.
pub(super) fn run(
    listener: std::net::TcpListener,
    config: Config,
    options: Options,
    log: &mut dyn FnMut(&Event),
) -> Result<()> {
    listener
        .set_nonblocking(true)
        .context("cannot configure the listening socket")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers())
        .thread_name("jwtgrant-serve")
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(serve(listener, config, options, log))
}

/// At most two: a local test endpoint should leave cores to the client under test.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 2))
}

async fn serve(
    listener: std::net::TcpListener,
    config: Config,
    options: Options,
    log: &mut dyn FnMut(&Event),
) -> Result<()> {
    let listener = TcpListener::from_std(listener).context("cannot listen")?;
    let (events, mut inbox) = mpsc::channel(LOG_QUEUE);
    let shared = Arc::new(Shared {
        config,
        seen: Mutex::new(token::Seen::new()),
        options,
        admitted: AtomicU64::new(0),
        stop: watch::channel(false).0,
        events,
    });
    let cap = options.limits.max_connections.max(1);
    let connections = Arc::new(Semaphore::new(cap));
    tokio::spawn(accept(listener, shared.clone(), connections.clone()));
    let mut signals = Signals::new(options.stop_on_signals);
    let mut stopping = shared.stop.subscribe();
    loop {
        tokio::select! {
            Some(event) = inbox.recv() => log(&event),
            why = signals.next() => {
                // Not through the queue: this loop is the one that empties it.
                if !shared.stop.send_replace(true) {
                    log(&Event::Stopping(format!(
                        "{why}: finishing the requests in flight (again to stop at once)"
                    )));
                }
            }
            _ = stopped(&mut stopping) => break,
        }
    }
    // Every connection task holds a permit: all of them back means all connections closed.
    let all_closed = connections.acquire_many(u32::try_from(cap).unwrap_or(u32::MAX));
    let grace = options.limits.body_timeout + STOP_GRACE;
    let deadline = tokio::time::sleep(grace);
    tokio::pin!(all_closed, deadline);
    loop {
        tokio::select! {
            biased;
            Some(event) = inbox.recv() => log(&event),
            _ = &mut all_closed => break,
            _ = &mut deadline => {
                let open = cap - connections.available_permits();
                log(&Event::Stopping(format!(
                    "{open} connection(s) still open after {}s; stopping anyway",
                    grace.as_secs()
                )));
                break;
            }
            why = signals.next() => {
                log(&Event::Stopping(format!("{why} again: stopping now")));
                break;
            }
        }
    }
    while let Ok(event) = inbox.try_recv() {
        log(&event);
    }
    Ok(())
}

/// Resolves once a stop has begun.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // Err: the sender is gone, so the server is going away anyway.
    let _ = stop.wait_for(|stop| *stop).await;
}

async fn accept(listener: TcpListener, shared: Arc<Shared>, connections: Arc<Semaphore>) {
    let refusals = Arc::new(Semaphore::new(REFUSALS));
    let mut stop = shared.stop.subscribe();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: give open connections time to close.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => return,
        };
        let _ = stream.set_nodelay(true);
        if let Ok(permit) = connections.clone().try_acquire_owned() {
            tokio::spawn(connection(stream, shared.clone(), permit));
        } else if let Ok(permit) = refusals.clone().try_acquire_owned() {
            tokio::spawn(refuse(stream, shared.clone(), permit));
        } else {
            // Never wait for the log here: accepting must go on.
            let _ = shared.events.try_send(Event::Closed(format!(
                "dropped a new connection: {} open (--max-connections) and {REFUSALS} more being refused",
                shared.options.limits.max_connections
            )));
        }
    }
}

fn http1(head_timeout: Duration) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(head_timeout)
        .max_header_size(MAX_HEAD)
        // `Content-Type`, as the RFCs and most servers write it, for people reading `curl -i`.
        .title_case_headers(true);
    builder
}

/// What a connection's task knows of the requests on it.
#[derive(Default)]
struct Activity {
    /// A request is being answered: a stop waits for it, and only for it.
    busy: AtomicBool,
    /// At least one request was answered (a later head timeout is keep-alive idling).
    answered: AtomicBool,
}

async fn connection(stream: TcpStream, shared: Arc<Shared>, _permit: OwnedSemaphorePermit) {
    let activity = Arc::new(Activity::default());
    let service = {
        let (shared, activity) = (shared.clone(), activity.clone());
        service_fn(move |req| {
            let (shared, activity) = (shared.clone(), activity.clone());
            async move {
                activity.busy.store(true, Ordering::SeqCst);
                let response = answer(req, &shared).await;
                activity.answered.store(true, Ordering::SeqCst);
                activity.busy.store(false, Ordering::SeqCst);
                Ok::<_, Infallible>(response)
            }
        })
    };
    let limits = shared.options.limits;
    let conn = http1(limits.header_timeout).serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    let mut stop = shared.stop.subscribe();
    let result = tokio::select! {
        result = conn.as_mut() => result,
        _ = stopped(&mut stop) => {
            // No keep-alive from now on: the answer in progress (if any) is the last one.
            conn.as_mut().graceful_shutdown();
            let mut poll = tokio::time::interval(STOP_POLL);
            loop {
                tokio::select! {
                    biased;
                    result = conn.as_mut() => break result,
                    // Between requests (idle, or a head still arriving): nothing to finish.
                    _ = poll.tick() => if !activity.busy.load(Ordering::SeqCst) { break Ok(()) },
                }
            }
        }
    };
    let idle_keep_alive = activity.answered.load(Ordering::SeqCst);
    match result {
        Err(err) if err.is_timeout() && idle_keep_alive => {}
        Err(err) => shared.log(connection_error(&err, &limits)).await,
        Ok(()) => {}
    }
}

/// What a connection that ended in an error tells the log.
fn connection_error(err: &hyper::Error, limits: &Limits) -> Event {
    let unanswered = |status, summary: String| {
        Event::Answered(Entry {
            method: "?".into(),
            path: "?".into(),
            status,
            summary,
        })
    };
    if err.is_timeout() {
        Event::Closed(format!(
            "no complete request head within {}s (--header-timeout); connection closed",
            limits.header_timeout.as_secs()
        ))
    } else if err.is_parse_too_large() {
        unanswered(
            431,
            format!("request head larger than {} KiB", MAX_HEAD / 1024),
        )
    } else if err.is_parse_version_h2() {
        Event::Closed("an HTTP/2 client; this server speaks HTTP/1.1".into())
    } else if err.is_parse() {
        unanswered(400, format!("malformed request head: {err}"))
    } else {
        Event::Closed(format!("connection ended: {err}"))
    }
}

/// Answer one request: read its body within the limits, decide, log.
async fn answer(req: hyper::Request<Incoming>, shared: &Shared) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let number = shared.admitted.fetch_add(1, Ordering::SeqCst) + 1;
    let max = shared.options.max_requests;
    let (response, summary) = if max.is_some_and(|max| number > max) {
        let why = "the server is stopping (--max-requests reached)";
        (
            closing(json_response(
                503,
                json!({"error": "temporarily_unavailable", "error_description": why}),
            )),
            why.to_string(),
        )
    } else {
        match read_body(body, &shared.options.limits).await {
            Err(refusal) => refusal,
            Ok(bytes) => {
                // Lossy, not refused: the decisions judge what the client sent.
                let header = |name| {
                    let value = parts.headers.get(name)?;
                    Some(String::from_utf8_lossy(value.as_bytes()))
                };
                let (content_type, authorization) = (header(CONTENT_TYPE), header(AUTHORIZATION));
                let request = Request {
                    method: parts.method.as_str(),
                    path: parts.uri.path(),
                    content_type: content_type.as_deref(),
                    authorization: authorization.as_deref(),
                    body: &bytes,
                };
                let mut seen = shared.seen.lock().unwrap_or_else(PoisonError::into_inner);
                route(&request, &shared.config, &mut seen, shared.now())
            }
        }
    };
    shared
        .log(Event::Answered(Entry {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            status: response.status,
            summary,
        }))
        .await;
    if let Some(max) = max.filter(|max| number == *max) {
        shared
            .stop(format!("answered {max} request(s) (--max-requests)"))
            .await;
    }
    to_hyper(response, shared.now())
}

/// The body, or the answer that refuses it (the connection is closed after that answer,
/// since the rest of the body was never read).
async fn read_body(body: Incoming, limits: &Limits) -> Result<Bytes, (Response, String)> {
    let refuse = |status, why: String| (closing(invalid_request(status, &why)), why);
    let too_large = || {
        refuse(
            413,
            format!("request body larger than {} KiB", MAX_BODY / 1024),
        )
    };
    if body.size_hint().lower() > MAX_BODY as u64 {
        return Err(too_large());
    }
    let read = Limited::new(body, MAX_BODY).collect();
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(err)) if err.is::<LengthLimitError>() => Err(too_large()),
        Ok(Err(err)) => Err(refuse(
            400,
            format!("could not read the request body: {err}"),
        )),
        Err(_) => Err(refuse(
            408,
            format!(
                "the request body did not arrive within {}s (--body-timeout)",
                limits.body_timeout.as_secs()
            ),
        )),
    }
}

fn closing(mut response: Response) -> Response {
    response.headers.push(("Connection", "close".into()));
    response
}

fn to_hyper(response: Response, now: i64) -> hyper::Response<Full<Bytes>> {
    // The Date header shows the server's clock, --clock-offset included (replay reads it).
    let mut builder = hyper::Response::builder()
        .status(response.status)
        .header(DATE, http_date(now));
    for (name, value) in &response.headers {
        builder = builder.header(*name, value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(response.body)))
        .unwrap_or_else(|_| {
            let mut fallback = hyper::Response::new(Full::default());
            *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}

/// A connection over the cap: answer its first request with 503 and close.
async fn refuse(stream: TcpStream, shared: Arc<Shared>, _permit: OwnedSemaphorePermit) {
    let service = service_fn(move |req: hyper::Request<Incoming>| {
        let shared = shared.clone();
        async move {
            let why = format!(
                "too many connections: {} open (--max-connections); try again",
                shared.options.limits.max_connections
            );
            shared
                .log(Event::Answered(Entry {
                    method: req.method().to_string(),
                    path: req.uri().path().to_string(),
                    status: 503,
                    summary: why.clone(),
                }))
                .await;
            let mut response = closing(json_response(
                503,
                json!({"error": "temporarily_unavailable", "error_description": why}),
            ));
            response.headers.push(("Retry-After", "1".into()));
            Ok::<_, Infallible>(to_hyper(response, shared.now()))
        }
    });
    let _ = http1(REFUSAL_HEAD_TIMEOUT)
        .keep_alive(false)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

/// SIGINT and SIGTERM, registered once (a signal between two waits is not lost).
struct Signals {
    #[cfg(unix)]
    streams: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
    #[cfg(not(unix))]
    enabled: bool,
}

impl Signals {
    #[cfg(unix)]
    fn new(enabled: bool) -> Signals {
        use tokio::signal::unix::{SignalKind, signal};
        let streams = match (
            enabled,
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (true, Ok(term), Ok(int)) => Some((term, int)),
            // Not registered: the default action (exit) still applies.
            _ => None,
        };
        Signals { streams }
    }

    #[cfg(unix)]
    async fn next(&mut self) -> &'static str {
        match &mut self.streams {
            Some((term, int)) => tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            },
            None => std::future::pending().await,
        }
    }

    #[cfg(not(unix))]
    fn new(enabled: bool) -> Signals {
        Signals { enabled }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> &'static str {
        if self.enabled && tokio::signal::ctrl_c().await.is_ok() {
            return "Ctrl-C";
        }
        std::future::pending().await
    }
}
