//! The floor under `lint --scan`: what reading a log and finding where tokens may start
//! cost before a single token is parsed. `benches/scan.sh` runs each step as its own
//! process beside ripgrep, interleaved, so the ratios show how much of the gap to ripgrep
//! is the reading and searching every scan must do, and how much is the tokens.
//!
//!   scan_floor STEP LOG   (built by `cargo bench --bench scan_floor --no-run`)
//!
//! Steps, each including the ones before it where it says so:
//! - `read`: the file in the scan's parts (`SCAN_BLOCK_BYTES`) with positional reads into one
//!   reused buffer, as `lint --scan --threads 1` reads it;
//! - `read+count`: and the newlines counted (every finding has a line number);
//! - `read+search`: and the seven header spellings found with aho-corasick's packed
//!   searcher (the scan's prefilter, the same literals: `src/input/starts.rs`);
//! - `read+count+search`: both, as the scan does them;
//! - `read+memmem`: the one literal `eyJ` instead, with memchr's memmem (ripgrep's way);
//! - `map+count+search`: the file memory-mapped instead of read, counted and searched in
//!   64 KiB pieces (the fastest of the piece sizes tried);
//! - `map-parts`: each part mapped on its own, counted and searched in 64 KiB pieces,
//!   then unmapped (how a scan would map a file and keep its memory flat);
//! - `threads2`, `map-parts+threads2`: `read+count+search` and `map-parts` on two threads,
//!   parts taken in turn.
//!
//! It prints the counts so that no step can be optimised away.

#[path = "../src/input/starts.rs"]
mod starts;

// the scan's own part size
#[path = "../src/commands/lint/block_sizes.rs"]
#[allow(dead_code)]
mod block_sizes;

use std::fs::File;
use std::os::unix::fs::FileExt;

const PART: usize = block_sizes::SCAN_BLOCK_BYTES;

fn searcher() -> aho_corasick::packed::Searcher {
    aho_corasick::packed::Searcher::new(starts::STARTS).expect("this CPU has the packed searcher")
}

#[derive(Clone, Copy)]
struct Work {
    count: bool,
    search: bool,
    memmem: bool,
}

#[derive(Default)]
struct Tally {
    bytes: u64,
    newlines: u64,
    hits: u64,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.bytes += other.bytes;
        self.newlines += other.newlines;
        self.hits += other.hits;
    }
}

fn work_on(bytes: &[u8], work: Work, searcher: &aho_corasick::packed::Searcher) -> Tally {
    let mut tally = Tally {
        bytes: bytes.len() as u64,
        ..Tally::default()
    };
    if work.count {
        tally.newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    }
    if work.search {
        tally.hits = searcher.find_iter(bytes).count() as u64;
    }
    if work.memmem {
        tally.hits = memchr::memmem::find_iter(bytes, b"eyJ").count() as u64;
    }
    tally
}

/// Parts `first`, `first + step`, … of the file, each mapped, worked on and unmapped.
fn map_parts(file: &File, len: u64, first: usize, step: usize) -> Tally {
    let searcher = searcher();
    let all = Work {
        count: true,
        search: true,
        memmem: false,
    };
    let mut tally = Tally::default();
    let mut at = (first * PART) as u64;
    while at < len {
        let want = (len - at).min(PART as u64) as usize;
        // SAFETY: a benchmark's own file, not changed while it runs
        let map = unsafe { memmap2::MmapOptions::new().offset(at).len(want).map(file) }
            .unwrap_or_else(|e| panic!("map: {e}"));
        for piece in map.chunks(64 << 10) {
            tally.add(work_on(piece, all, &searcher));
        }
        at += (step * PART) as u64;
    }
    tally
}

/// Parts `first`, `first + step`, … of the file, read and worked on.
fn read_parts(file: &File, len: u64, first: usize, step: usize, work: Work) -> Tally {
    let searcher = searcher();
    let mut buf = vec![0u8; PART];
    let mut tally = Tally::default();
    let mut at = (first * PART) as u64;
    while at < len {
        let want = (len - at).min(PART as u64) as usize;
        let mut got = 0;
        while got < want {
            match file.read_at(&mut buf[got..want], at + got as u64) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => panic!("read: {e}"),
            }
        }
        tally.add(work_on(&buf[..got], work, &searcher));
        at += (step * PART) as u64;
    }
    tally
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(step), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!(
            "usage: scan_floor STEP LOG (see the comment at the top of benches/scan_floor.rs)"
        );
        std::process::exit(2);
    };
    let file = File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let all = Work {
        count: true,
        search: true,
        memmem: false,
    };
    let tally = match step.as_str() {
        "read" => read_parts(
            &file,
            len,
            0,
            1,
            Work {
                count: false,
                search: false,
                memmem: false,
            },
        ),
        "read+count" => read_parts(
            &file,
            len,
            0,
            1,
            Work {
                search: false,
                ..all
            },
        ),
        "read+search" => read_parts(
            &file,
            len,
            0,
            1,
            Work {
                count: false,
                ..all
            },
        ),
        "read+count+search" => read_parts(&file, len, 0, 1, all),
        "read+memmem" => read_parts(
            &file,
            len,
            0,
            1,
            Work {
                count: false,
                search: false,
                memmem: true,
            },
        ),
        "map+count+search" => {
            // SAFETY: a benchmark's own file, not changed while it runs
            let map =
                unsafe { memmap2::Mmap::map(&file) }.unwrap_or_else(|e| panic!("{path}: {e}"));
            let searcher = searcher();
            let mut tally = Tally::default();
            for piece in map.chunks(64 << 10) {
                tally.add(work_on(piece, all, &searcher));
            }
            tally
        }
        "map-parts" => map_parts(&file, len, 0, 1),
        "threads2" | "map-parts+threads2" => std::thread::scope(|s| {
            let (file, mapped) = (&file, step.starts_with("map"));
            let workers: Vec<_> = (0..2)
                .map(|i| {
                    s.spawn(move || match mapped {
                        true => map_parts(file, len, i, 2),
                        false => read_parts(file, len, i, 2, all),
                    })
                })
                .collect();
            let mut tally = Tally::default();
            for w in workers {
                tally.add(w.join().expect("a worker panicked"));
            }
            tally
        }),
        other => {
            eprintln!("scan_floor: no step {other:?} (see benches/scan_floor.rs)");
            std::process::exit(2);
        }
    };
    println!(
        "{} bytes, {} newlines, {} hits",
        tally.bytes, tally.newlines, tally.hits
    );
}
