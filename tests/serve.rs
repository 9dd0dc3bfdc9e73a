//! `serve`'s transport, over raw sockets: concurrent clients, keep-alive, chunked bodies,
//! size and time limits, the connection cap, and stopping (--max-requests, SIGTERM). No
//! timing thresholds: every wait is bounded by READ_TIMEOUT and asserts an outcome.

use crate::support::jwtgrant;
use crate::support::serve::*;
use std::io::{BufReader, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tempfile::TempDir;

const METADATA: &str = "/.well-known/oauth-authorization-server";

/// A server with one private_key_jwt client, `app`, registered with the demo key.
fn app_server(extra: &[&str]) -> (TempDir, Serve) {
    let dir = tempfile::tempdir().unwrap();
    let jwks = write_jwks(dir.path(), "app.json", "k1");
    let client = format!("app={jwks}");
    let mut args = vec!["--client", client.as_str()];
    args.extend_from_slice(extra);
    (dir, Serve::start(&args))
}

fn assert_issued(answer: &Answer) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.json()["access_token"].is_string(), "{}", answer.body);
}

#[test]
fn idle_and_byte_a_second_clients_do_not_delay_others() {
    // A head timeout far beyond READ_TIMEOUT: a server that waits on either client fails.
    let (_dir, server) = app_server(&["--header-timeout", "120s"]);
    let _idle = server.connect();
    let mut slow = server.connect();
    slow.write_all(b"G").unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let drip = {
        let done = done.clone();
        std::thread::spawn(move || {
            for byte in b"ET /.well-known/openid-configuration HTTP/1.1\r\nHost: slow\r\n" {
                std::thread::sleep(Duration::from_secs(1));
                if done.load(Ordering::SeqCst) || slow.write_all(&[*byte]).is_err() {
                    break;
                }
            }
        })
    };
    let metadata = exchange(&server, &get(METADATA));
    assert_eq!(metadata.status, 200, "{}", metadata.body);
    assert_eq!(metadata.json()["token_endpoint"], server.token_endpoint());
    assert_issued(&exchange(
        &server,
        &post_form(&token_form("app", &server.base)),
    ));
    done.store(true, Ordering::SeqCst);
    drip.join().unwrap();
}

#[test]
fn keep_alive_answers_several_requests_on_one_connection() {
    let (_dir, server) = app_server(&[]);
    let mut stream = server.connect();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for path in [METADATA, "/.well-known/openid-configuration"] {
        stream.write_all(get(path).as_bytes()).unwrap();
        let answer = read_answer(&mut reader).unwrap().expect("an answer");
        assert_eq!(answer.status, 200, "{path}");
    }
    stream
        .write_all(post_form(&token_form("app", &server.base)).as_bytes())
        .unwrap();
    assert_issued(&read_answer(&mut reader).unwrap().expect("a token answer"));
    // Connection: close is honoured
    stream
        .write_all(
            format!("GET {METADATA} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
    let last = read_answer(&mut reader).unwrap().expect("a last answer");
    assert_eq!(last.status, 200);
    assert!(read_answer(&mut reader).unwrap().is_none(), "still open");
}

#[test]
fn a_chunked_token_request_is_read() {
    let (_dir, server) = app_server(&[]);
    let body = token_form("app", &server.base);
    let mut stream = server.connect();
    stream
        .write_all(b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    for chunk in body.as_bytes().chunks(97) {
        stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .unwrap();
        stream.write_all(chunk).unwrap();
        stream.write_all(b"\r\n").unwrap();
        stream.flush().unwrap();
    }
    stream.write_all(b"0\r\n\r\n").unwrap();
    let answer = read_answer(&mut BufReader::new(stream)).unwrap().unwrap();
    assert_issued(&answer);
}

#[test]
fn oversized_heads_and_bodies_get_clear_statuses() {
    let (_dir, server) = app_server(&[]);
    // announced too large: refused before any of it is read
    let answer = exchange(
        &server,
        "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 70000\r\n\r\n",
    );
    assert_eq!(answer.status, 413);
    assert!(
        answer.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("64 KiB")
    );
    assert_eq!(answer.header("connection"), Some("close"));
    // chunked past the limit (exactly one byte over, so nothing sent stays unread)
    let mut stream = server.connect();
    stream
        .write_all(b"POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
        .unwrap();
    let chunk = "a".repeat(1024);
    for _ in 0..64 {
        stream
            .write_all(format!("400\r\n{chunk}\r\n").as_bytes())
            .unwrap();
    }
    stream.write_all(b"1\r\na\r\n").unwrap();
    let answer = read_answer(&mut BufReader::new(stream)).unwrap().unwrap();
    assert_eq!(answer.status, 413, "{}", answer.body);
    // a head over 16 KiB
    let big = format!(
        "GET {METADATA} HTTP/1.1\r\nHost: x\r\nX-Filler: {}\r\n\r\n",
        "b".repeat(17 * 1024)
    );
    assert_eq!(exchange(&server, &big).status, 431);
    let log = server.log_until("431");
    assert!(log.contains("413 request body larger than 64 KiB"), "{log}");
}

#[test]
fn stalled_heads_are_closed_and_stalled_bodies_get_408() {
    let (_dir, server) = app_server(&["--header-timeout", "1s", "--body-timeout", "1s"]);
    let mut stream = server.connect();
    stream
        .write_all(format!("GET {METADATA} HTTP/1.1\r\nHost: x\r\n").as_bytes())
        .unwrap();
    assert!(
        closed_by_server(&mut stream),
        "a stalled head was kept open"
    );
    let log = server.log_until("no complete request head");
    assert!(log.contains("no complete request head within 1s"), "{log}");
    let stalled_body = "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type";
    let answer = exchange(&server, stalled_body);
    assert_eq!(answer.status, 408, "{}", answer.body);
    assert!(answer.body.contains("--body-timeout"), "{}", answer.body);
}

#[test]
fn connections_over_the_cap_get_503() {
    let (_dir, server) = app_server(&["--max-connections", "1"]);
    // hold the only slot: answered once, then kept alive
    let mut held = server.connect();
    let mut reader = BufReader::new(held.try_clone().unwrap());
    held.write_all(get(METADATA).as_bytes()).unwrap();
    assert_eq!(read_answer(&mut reader).unwrap().unwrap().status, 200);
    let answer = exchange(&server, &get(METADATA));
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.body.contains("--max-connections"), "{}", answer.body);
    assert!(answer.header("retry-after").is_some());
    // the held connection still works
    held.write_all(get(METADATA).as_bytes()).unwrap();
    assert_eq!(read_answer(&mut reader).unwrap().unwrap().status, 200);
}

#[test]
fn max_requests_stops_after_n_even_with_an_idle_connection_open() {
    let (_dir, mut server) = app_server(&["--max-requests", "2", "--header-timeout", "120s"]);
    let _idle = server.connect();
    let mut stream = server.connect();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    for _ in 0..2 {
        stream.write_all(get(METADATA).as_bytes()).unwrap();
        assert_eq!(read_answer(&mut reader).unwrap().unwrap().status, 200);
    }
    let status = server
        .wait_exit(READ_TIMEOUT)
        .expect("serve did not stop after --max-requests 2");
    assert!(status.success(), "{status:?}");
    assert!(server.log().join("\n").contains("answered 2 request(s)"));
}

#[cfg(unix)]
#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let (_dir, mut server) = app_server(&[]);
    let body = token_form("app", &server.base);
    let mut stream = server.connect();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let head = format!(
        "POST /token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // 100 Continue: the server is reading this request's body, so it is in flight
    let interim = read_answer(&mut reader).unwrap().unwrap();
    assert_eq!(interim.status, 100);
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let log = server.log_until("stopping");
    assert!(log.contains("SIGTERM"), "{log}");
    stream.write_all(body.as_bytes()).unwrap();
    assert_issued(&read_answer(&mut reader).unwrap().unwrap());
    let status = server
        .wait_exit(READ_TIMEOUT)
        .expect("serve did not stop after SIGTERM");
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_misspelled_config_key_is_named_with_the_file_and_the_known_keys() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.json");
    for (json, path, known) in [
        (r#"{"opaqe": true}"#, "opaqe", "`opaque`"),
        (
            r#"{"clients": [{"client_id": "app", "jwks_fle": "app.json"}]}"#,
            "clients[0]",
            "`jwks_file`",
        ),
    ] {
        std::fs::write(&config, json).unwrap();
        let o = jwtgrant()
            .args(["serve", "--port", "0", "--config", config.to_str().unwrap()])
            .output()
            .unwrap();
        let err = crate::support::text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("server.json"), "{err}");
        assert!(err.contains(path) && err.contains("unknown field"), "{err}");
        assert!(err.contains(known), "{err}");
    }
}
