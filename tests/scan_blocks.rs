//! `lint --scan` and `lint -` read their input in blocks and may work on several threads.
//! Every run here is repeated with tiny blocks (JWTGRANT_SCAN_BLOCK_BYTES, an internal knob
//! for exactly this) so block boundaries fall inside tokens, inside CRLF pairs and inside
//! long lines, and with 1 to 3 threads: the findings, their places and line numbers, the
//! order and the `(iss, jti)` reuse check must be the same as with one block and one thread.

use crate::support::*;
use serde_json::{Value, json};
use std::io::Write;

const BLOCK_SIZES: &[&str] = &["1", "7", "64", "300", "4096"];

fn claims(jti: &str) -> Value {
    let mut c = client_claims();
    c["jti"] = json!(jti);
    c
}

fn tok(jti: &str) -> String {
    token(&rs256_header(), &claims(jti))
}

/// Run `lint --json --now NOW ARGS…` with a block size and thread count; (exit, document,
/// stderr).
fn run(
    args: &[&str],
    block: Option<&str>,
    threads: &str,
    stdin: Option<&[u8]>,
) -> (i32, Value, String) {
    let mut cmd = jwtgrant();
    cmd.args([
        "lint",
        "--json",
        "--now",
        &NOW.to_string(),
        "--threads",
        threads,
    ])
    .args(args);
    if let Some(b) = block {
        cmd.env("JWTGRANT_SCAN_BLOCK_BYTES", b);
    }
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_vec());
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        stdout_json(&out),
        text(&out.stderr),
    )
}

/// The same run with every block size and thread count gives the same document.
fn same_everywhere(args: &[&str], stdin: Option<&[u8]>) -> Value {
    let (code, reference, stderr) = run(args, None, "1", stdin);
    for block in BLOCK_SIZES {
        for threads in ["1", "2", "3"] {
            let (c, doc, err) = run(args, Some(block), threads, stdin);
            assert_eq!(c, code, "block {block}, threads {threads}: {err}");
            assert_eq!(
                doc["tokens"], reference["tokens"],
                "block {block}, threads {threads}"
            );
            assert_eq!(
                doc["summary"], reference["summary"],
                "block {block}, threads {threads}"
            );
            assert_eq!(err, stderr, "block {block}, threads {threads}");
        }
    }
    reference
}

fn places(doc: &Value) -> Vec<(u64, String, String)> {
    doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["source"]["line"].as_u64().unwrap(),
                t["source"]["location"].as_str().unwrap_or("").to_string(),
                t["source"]["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// One of each place a token is found, CRLF line ends, a line with bytes that are not
/// UTF-8, a line far longer than the small blocks, noise that looks almost like a token.
fn log_lines(round: usize) -> Vec<Vec<u8>> {
    let t = |k: &str| tok(&format!("{round:04}-{k}-5c1e-4b7e-9a51-7d1c2b8a9e11"));
    let encoded = t("pct").replace('.', "%2E");
    vec![
        b"2025-11-25T13:59:00Z INFO the key they money eyJust kidding".to_vec(),
        format!("GET /x HTTP/1.1 Authorization: Bearer {}\r", t("hdr")).into_bytes(),
        format!(
            "body grant_type=client_credentials&client_assertion={}",
            t("form")
        )
        .into_bytes(),
        format!("{{\"level\":\"warn\",\"assertion\": \"{}\"}}", t("json")).into_bytes(),
        format!("INFO sending jwt={} to AS", t("kv")).into_bytes(),
        [&b"bad \xff\xfe bytes Bearer "[..], t("utf8").as_bytes()].concat(),
        format!("{} token={}", "x".repeat(5000), t("long")).into_bytes(),
        format!("a=b&assertion={encoded}").into_bytes(),
        Vec::new(),
        format!("got {} from the client\r", t("text")).into_bytes(),
    ]
}

fn write(lines: &[Vec<u8>]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    for l in lines {
        f.write_all(l).unwrap();
        f.write_all(b"\n").unwrap();
    }
    f
}

#[test]
fn scan_finds_every_place_on_every_block_size_and_thread_count() {
    let lines: Vec<Vec<u8>> = (0..3).flat_map(log_lines).collect();
    let log = write(&lines);
    let path = log.path().to_str().unwrap();
    let doc = same_everywhere(&["--summary", "--scan", path], None);
    assert_eq!(doc["summary"]["tokens"], 24, "{doc}");
    assert_eq!(doc["summary"]["lines_not_utf8"], 3);
    let doc = same_everywhere(&["--scan", path], None);
    let round: Vec<(u64, String, String)> = places(&doc).into_iter().take(8).collect();
    let expected = [
        (2, "header", "Authorization"),
        (3, "form", "client_assertion"),
        (4, "json", "assertion"),
        (5, "text", "jwt"),
        (6, "header", "Authorization"),
        (7, "form", "token"),
        (8, "form", "assertion"),
        (10, "text", ""),
    ];
    // the kinds as the JSON document names them; the first round of lines
    let got: Vec<(u64, &str)> = round.iter().map(|(l, _, f)| (*l, f.as_str())).collect();
    let want: Vec<(u64, &str)> = expected.iter().map(|(l, _, f)| (*l, *f)).collect();
    assert_eq!(&got[..8], &want[..], "{round:?}");
    // the second round starts ten lines on
    assert_eq!(places(&doc)[8].0, 12);
    // every token is clean of encoding errors: nothing of the CR, the percent-encoding or
    // the bad bytes stuck to a token
    for t in doc["tokens"].as_array().unwrap() {
        assert!(!codes(t).contains(&"token.encoding".to_string()), "{t}");
    }
}

#[test]
fn reuse_is_found_across_blocks_and_threads_with_the_first_use_named() {
    let again = tok("reused-5c1e-4b7e-9a51-7d1c2b8a9e11");
    let mut lines = Vec::new();
    for i in 0..40 {
        lines.push(format!("noise line {i} {}", "y".repeat(i * 13)).into_bytes());
        lines.push(
            format!(
                "Authorization: Bearer {}",
                tok(&format!("u{i:03}-5c1e-4b7e-9a51-7d1c2b8a9e11"))
            )
            .into_bytes(),
        );
        if i % 10 == 3 {
            lines.push(format!("assertion={again}").into_bytes());
        }
    }
    let log = write(&lines);
    let doc = same_everywhere(&["--scan", log.path().to_str().unwrap()], None);
    let tokens = doc["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 44);
    let reused: Vec<usize> = tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| codes(t).contains(&"claim.jti_reused".to_string()))
        .map(|(i, _)| i)
        .collect();
    // the again-token is the 5th token (after 4 Bearer lines), then every 11th (10 Bearer + itself)
    assert_eq!(reused, [15, 26, 37]);
    for i in reused {
        let f = tokens[i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "claim.jti_reused")
            .unwrap();
        assert!(f["message"].as_str().unwrap().contains("token #5"), "{f}");
    }
}

#[test]
fn token_lists_on_stdin_count_lines_and_note_the_ones_without_a_token() {
    let mut input = Vec::new();
    for i in 0..25 {
        input.extend_from_slice(tok(&format!("s{i:03}-5c1e-4b7e-9a51-7d1c2b8a9e11")).as_bytes());
        input.extend_from_slice(if i % 2 == 0 { b"\r\n" } else { b"\n" });
        if i % 6 == 5 {
            input.extend_from_slice(b"this line has no token\n");
        }
    }
    input.extend_from_slice(tok("last-5c1e-4b7e-9a51-7d1c2b8a9e11").as_bytes()); // no newline
    let doc = same_everywhere(&["-"], Some(&input));
    assert_eq!(doc["summary"]["tokens"], 26);
    assert_eq!(doc["summary"]["lines_without_token"], 4);
    let lines: Vec<u64> = places(&doc).iter().map(|p| p.0).collect();
    assert_eq!(&lines[..8], [1, 2, 3, 4, 5, 6, 8, 9]);
    assert_eq!(*lines.last().unwrap(), 30);
    let (_, _, stderr) = run(&["-"], Some("7"), "2", Some(&input));
    assert!(stderr.contains("stdin:7: no JWT on this line"), "{stderr}");
    assert!(
        stderr.contains("stdin: 1 more lines held no JWT"),
        "{stderr}"
    );
}

#[test]
fn several_files_are_reported_in_the_order_given() {
    let a = write(&[format!(
        "x Authorization: Bearer {}",
        tok("fa-5c1e-4b7e-9a51-7d1c2b8a9e11")
    )
    .into_bytes()]);
    let b = write(
        &(0..30)
            .map(|i| {
                format!(
                    "jwt={}",
                    tok(&format!("fb{i:02}-5c1e-4b7e-9a51-7d1c2b8a9e11"))
                )
                .into_bytes()
            })
            .collect::<Vec<_>>(),
    );
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    let doc = same_everywhere(&["--scan", pb, "--scan", pa], None);
    let paths: Vec<&str> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 31);
    assert!(paths[..30].iter().all(|p| *p == pb));
    assert_eq!(paths[30], pa);
}

#[test]
fn binary_and_long_lines_keep_their_messages_on_small_blocks() {
    // a file of NUL bytes holds no token: the same error on any block size
    let junk = write(&[vec![0u8; 3000]]);
    for block in BLOCK_SIZES {
        let out = jwtgrant()
            .args(["lint", &format!("@{}", junk.path().display())])
            .env("JWTGRANT_SCAN_BLOCK_BYTES", block)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains("is not text (binary data)"),
            "{block}"
        );
    }
}

/// A regular file is read in parts by the workers, a pipe as a stream: the same log gives
/// the same document either way, named as a file, piped, or redirected to stdin (which is
/// read in parts too, from where an earlier reader of that stdin left off).
#[test]
fn files_pipes_and_redirected_stdin_read_alike() {
    let lines: Vec<Vec<u8>> = (0..3).flat_map(log_lines).collect();
    let log = write(&lines);
    let path = log.path().to_str().unwrap();
    let bytes = std::fs::read(path).unwrap();
    for block in ["7", "300"] {
        for threads in ["1", "2"] {
            let (_, file, _) = run(&["--scan", path], Some(block), threads, None);
            let (_, piped, _) = run(&["--scan", "-"], Some(block), threads, Some(&bytes));
            assert_eq!(file["tokens"].as_array().unwrap().len(), 24);
            assert_eq!(
                places(&file),
                places(&piped),
                "block {block}, threads {threads}"
            );
            assert_eq!(file["summary"], piped["summary"]);
            // stdin redirected from the file, after a shell `read` took its first line
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(
                    "read -r first; exec \"$0\" lint --json --now \"$1\" --threads \"$2\" --scan -",
                )
                .arg(assert_cmd::cargo::cargo_bin!("jwtgrant"))
                .arg(NOW.to_string())
                .arg(threads)
                .env("JWTGRANT_SCAN_BLOCK_BYTES", block)
                .stdin(std::fs::File::open(path).unwrap())
                .output()
                .unwrap();
            let redirected = stdout_json(&out);
            // the same tokens, each one line higher: the first line was read by `read`
            let shifted: Vec<(u64, String, String)> = places(&file)
                .into_iter()
                .map(|(line, kind, field)| (line - 1, kind, field))
                .collect();
            assert_eq!(
                places(&redirected),
                shifted,
                "block {block}, threads {threads}"
            );
        }
    }
}

/// A pipe is linted as its writer goes on (`tail -f app.log | jwtgrant lint --scan -`): a
/// token's finding is printed while the writer still holds the pipe open, with one thread
/// or several, for a token list and for a scan.
#[test]
fn a_pipe_is_reported_as_it_is_written() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;
    let now = NOW.to_string();
    let bearer = |jti: &str| format!("INFO Authorization: Bearer {}", tok(jti));
    for (mode, first, second) in [
        ("-", tok("first"), tok("second")),
        ("--scan", bearer("first"), bearer("second")),
    ] {
        for threads in ["1", "2"] {
            let mut args = vec!["lint", "--now", &now, "--threads", threads];
            args.extend(if mode == "-" {
                vec!["-"]
            } else {
                vec!["--scan", "-"]
            });
            let mut child = spawn_piped(&args, Stdio::null());
            let mut stdin = child.stdin.take().unwrap();
            let stdout = child.stdout.take().unwrap();
            let (tx, rx) = mpsc::channel();
            let reader = std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines() {
                    if tx.send(line.unwrap()).is_err() {
                        break;
                    }
                }
            });
            writeln!(stdin, "{first}").unwrap();
            stdin.flush().unwrap();
            // the pipe stays open: the first finding must come without it
            let first = rx.recv_timeout(Duration::from_secs(20));
            let what = format!("{mode}, {threads} threads");
            if first.is_err() {
                let _ = child.kill();
            }
            assert!(
                first.as_ref().is_ok_and(|l| l.starts_with("#1 stdin:1")),
                "{what}: {first:?}"
            );
            writeln!(stdin, "{second}").unwrap();
            drop(stdin);
            // the rest, until the output ends, each line within the time limit
            let mut rest = Vec::new();
            loop {
                match rx.recv_timeout(Duration::from_secs(20)) {
                    Ok(line) => rest.push(line),
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        let _ = child.kill();
                        panic!("{what}: no end of output after {rest:?}");
                    }
                }
            }
            assert!(
                rest.iter().any(|l| l.starts_with("#2 stdin:2")),
                "{what}: {rest:?}"
            );
            assert!(child.wait().unwrap().success(), "{what}");
            reader.join().unwrap();
        }
    }
}

/// `tail -f app.log | jwtgrant lint --scan - | head -1`: once the reader of its output is
/// gone, jwtgrant ends at its next write, quietly, even though its input is still open
/// and a worker waits for the next line.
#[test]
fn a_closed_stdout_ends_a_followed_pipe() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let now = NOW.to_string();
    for threads in ["1", "2", "3"] {
        let mut child = spawn_piped(
            &["lint", "--now", &now, "--threads", threads, "--scan", "-"],
            Stdio::piped(),
        );
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        writeln!(stdin, "Authorization: Bearer {}", tok("one")).unwrap();
        stdin.flush().unwrap();
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert!(
            first.starts_with("#1 stdin:1"),
            "{threads} threads: {first:?}"
        );
        // `head -1` has what it wanted and goes away; the log goes on
        drop(stdout);
        writeln!(stdin, "Authorization: Bearer {}", tok("two")).unwrap();
        stdin.flush().unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let mut stderr = String::new();
        let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr);
        assert_eq!(
            status.and_then(|s| s.code()),
            Some(0),
            "{threads} threads: still running with its input open, or failed: {stderr}"
        );
        assert_eq!(stderr, "", "{threads} threads");
        drop(stdin);
    }
}
