//! Reading a line-oriented stream (`lint -` or `--scan -` from a pipe, a FIFO) in large
//! blocks of whole lines, never line by line: the scanner then searches a block at once and
//! touches only the lines around a hit. Regular files are read in parts instead (`parts`),
//! with the same block size and the same rules for long lines.
//!
//! A block ends at a newline (or at the end of input); a line longer than a block grows
//! the block up to `cap`, and a line longer than that is cut at `cap` (the rest is read
//! and dropped) and reported by its full length.

use std::io::{self, Read};

pub use super::block_sizes::{LIST_BLOCK_BYTES, SCAN_BLOCK_BYTES};

/// The block size for a scan or a token list. `JWTGRANT_SCAN_BLOCK_BYTES` overrides both:
/// an internal knob for tests, which use tiny blocks to put block boundaries everywhere.
pub fn block_bytes(scan: bool) -> usize {
    std::env::var("JWTGRANT_SCAN_BLOCK_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(if scan {
            SCAN_BLOCK_BYTES
        } else {
            LIST_BLOCK_BYTES
        })
}

/// Whole lines of an input.
#[derive(Debug, Default)]
pub struct Block {
    /// The lines, each ending in `\n` except perhaps the last one of the input.
    pub bytes: Filled,
    /// The last line was cut at the cap; it had this many bytes (newline included).
    pub cut: Option<u64>,
    /// Bytes of input this block stands for (more than `bytes` when a line was cut).
    pub read: u64,
    /// The block is from a `--scan` input (only lines with a token matter).
    pub scan: bool,
}

/// The first `len` bytes of a buffer that may hold more. A pooled buffer keeps its
/// length, so a positional read writes over the bytes it held instead of zeroing a
/// block first (safe code cannot read into uninitialised memory at an offset).
#[derive(Debug, Default, Clone)]
pub struct Filled {
    buf: Vec<u8>,
    len: usize,
}

impl Filled {
    /// The first `len` bytes of `buf` (all of it if it is shorter).
    pub fn new(buf: Vec<u8>, len: usize) -> Filled {
        let len = len.min(buf.len());
        Filled { buf, len }
    }

    /// The whole buffer, to go back to the pool.
    pub fn into_buffer(self) -> Vec<u8> {
        self.buf
    }
}

impl From<Vec<u8>> for Filled {
    fn from(buf: Vec<u8>) -> Filled {
        let len = buf.len();
        Filled { buf, len }
    }
}

impl std::ops::Deref for Filled {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

/// Block buffers handed back once their block is linted, so the next read lands in
/// memory that is already mapped and likely in cache (a fresh block each time costs page
/// faults and a copy to main memory).
#[derive(Clone, Default)]
pub struct Pool(std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>);

impl Pool {
    /// The most buffers kept: the blocks in flight, at most.
    const KEEP: usize = 8;

    /// Keep `buf` for a later block. Its bytes are kept too (see `Filled`): whoever takes
    /// it writes over them or clears it.
    pub fn give(&self, buf: Vec<u8>) {
        // a buffer a long line grew is not kept, nor an empty one (an empty part's)
        if buf.capacity() > 2 * SCAN_BLOCK_BYTES || buf.capacity() == 0 {
            return;
        }
        if let Ok(mut pool) = self.0.lock() {
            if pool.len() < Pool::KEEP {
                pool.push(buf);
            }
        }
    }

    /// A buffer given back earlier, still holding its bytes, or a new empty one.
    pub fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default()
    }
}

pub struct Blocks<R> {
    reader: R,
    pool: Pool,
    size: usize,
    cap: usize,
    /// The start of the next block: the part of a line the last read ended in.
    carry: Vec<u8>,
    eof: bool,
    /// A pipe or terminal: a block ends as soon as a read finds no more data waiting,
    /// so a slow writer's lines are linted as they come, not when a block is full.
    stream: Option<Vec<u8>>,
    /// The last read returned less than asked for (stream mode only).
    short: bool,
}

impl<R: Read> Blocks<R> {
    pub fn new(reader: R, size: usize, cap: usize) -> Blocks<R> {
        Blocks {
            reader,
            pool: Pool::default(),
            size: size.clamp(1, cap.max(1)),
            cap: cap.max(1),
            carry: Vec::new(),
            eof: false,
            stream: None,
            short: false,
        }
    }

    /// Take buffers from `pool` (where the consumer gives them back).
    pub fn pooled(mut self, pool: Pool) -> Blocks<R> {
        self.pool = pool;
        self
    }

    /// Read as a stream (stdin): see `stream`.
    pub fn streaming(mut self) -> Blocks<R> {
        self.stream = Some(Vec::new());
        self
    }

    /// Read up to `want` more bytes onto `buf`; false at end of input.
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let before = buf.len();
        if let Some(scratch) = self.stream.as_mut() {
            scratch.resize(want.min(1 << 16), 0);
            let n = loop {
                match self.reader.read(scratch) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            buf.extend_from_slice(scratch.get(..n).unwrap_or_default());
            self.eof = n == 0;
            self.short = n < scratch.len();
            return Ok(n > 0);
        }
        buf.reserve(want);
        // read_to_end reads into the spare capacity without zeroing it first
        (&mut self.reader).take(want as u64).read_to_end(buf)?;
        if buf.len() - before < want {
            self.eof = true;
        }
        Ok(buf.len() > before)
    }

    /// The next block of whole lines, None at end of input.
    pub fn next_block(&mut self) -> io::Result<Option<Block>> {
        let mut buf = self.pool.take();
        buf.clear();
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        // where the last line of `buf` starts, and how far newlines were looked for
        let mut line_start = 0;
        let mut searched = 0;
        loop {
            let want = self.size.saturating_sub(buf.len()).max(self.size / 2);
            // never more than one byte past the cap into a line, so a long line is seen
            let room = (self.cap + 1).saturating_sub(buf.len() - line_start);
            let want = want.min(room).max(1);
            let more = self.fill(&mut buf, want)?;
            if let Some(i) = memchr::memrchr(b'\n', buf.get(searched..).unwrap_or_default()) {
                line_start = searched + i + 1;
            }
            searched = buf.len();
            if !more {
                if buf.is_empty() {
                    return Ok(None);
                }
                let read = buf.len() as u64;
                return Ok(Some(Block {
                    bytes: buf.into(),
                    read,
                    ..Block::default()
                }));
            }
            // a block holds at least `size` bytes, unless the input ends first
            if line_start > 0 && (buf.len() >= self.size || self.short) {
                self.carry
                    .extend_from_slice(buf.get(line_start..).unwrap_or_default());
                buf.truncate(line_start);
                let read = buf.len() as u64;
                return Ok(Some(Block {
                    bytes: buf.into(),
                    read,
                    ..Block::default()
                }));
            }
            if buf.len() - line_start > self.cap {
                return self.cut_line(buf, line_start).map(Some);
            }
        }
    }

    /// `buf` ends in a line longer than the cap, with no newline yet: keep the lines before
    /// it and its first `cap` bytes, and drop the rest of it.
    fn cut_line(&mut self, mut buf: Vec<u8>, line_start: usize) -> io::Result<Block> {
        let mut total = (buf.len() - line_start) as u64;
        buf.truncate(line_start + self.cap);
        let mut rest = Vec::new();
        loop {
            rest.clear();
            if !self.fill(&mut rest, self.size)? {
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', &rest) {
                total += i as u64 + 1;
                self.carry = rest.split_off(i + 1);
                break;
            }
            total += rest.len() as u64;
        }
        let read = (line_start as u64) + total;
        Ok(Block {
            bytes: buf.into(),
            cut: Some(total),
            read,
            ..Block::default()
        })
    }
}

/// `\n` in `bytes` (memchr counts with vector compares, without stopping at each match).
pub fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// The lines of a block, `\r\n` or `\n` removed.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let text = rest?;
        if text.is_empty() {
            rest = None;
            return None;
        }
        let (line, next) = match memchr::memchr(b'\n', text) {
            Some(i) => (text.get(..i)?, text.get(i + 1..)),
            None => (text, None),
        };
        rest = next;
        Some(trim_cr(line))
    })
}

pub fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], size: usize, cap: usize) -> Vec<Block> {
        let mut blocks = Blocks::new(input, size, cap);
        let mut out = Vec::new();
        while let Some(b) = blocks.next_block().unwrap() {
            out.push(b);
        }
        out
    }

    #[test]
    fn blocks_end_at_newlines_and_hold_every_byte() {
        let text: Vec<u8> = (0..500)
            .flat_map(|i| format!("line {i} {}\n", "x".repeat(i % 37)).into_bytes())
            .chain(b"no newline at the end".iter().copied())
            .collect();
        for size in [1, 2, 7, 64, 1000, 1 << 20] {
            let blocks = all(&text, size, 1 << 20);
            let joined: Vec<u8> = blocks.iter().flat_map(|b| b.bytes.to_vec()).collect();
            assert_eq!(joined, text, "block size {size}");
            let (last, rest) = blocks.split_last().unwrap();
            assert!(rest.iter().all(|b| b.bytes.ends_with(b"\n")));
            assert!(last.bytes.ends_with(b"the end"));
            assert!(blocks.iter().all(|b| b.cut.is_none()));
            let read: u64 = blocks.iter().map(|b| b.read).sum();
            assert_eq!(read, text.len() as u64);
        }
    }

    #[test]
    fn a_line_longer_than_a_block_grows_the_block_and_one_over_the_cap_is_cut() {
        let long = "y".repeat(100);
        let text = format!("a\n{long}\nb\n");
        // longer than a block, under the cap: whole
        let blocks = all(text.as_bytes(), 8, 1000);
        let joined: Vec<u8> = blocks.iter().flat_map(|b| b.bytes.to_vec()).collect();
        assert_eq!(joined, text.as_bytes());
        // over the cap: cut to the cap, the rest dropped, its length reported
        let blocks = all(text.as_bytes(), 8, 30);
        let cut: Vec<&Block> = blocks.iter().filter(|b| b.cut.is_some()).collect();
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].cut, Some(101));
        assert!(cut[0].bytes.ends_with(&[b'y'; 30]));
        let joined: Vec<u8> = blocks.iter().flat_map(|b| b.bytes.to_vec()).collect();
        assert_eq!(joined, format!("a\n{}b\n", &long[..30]).as_bytes());
        let read: u64 = blocks.iter().map(|b| b.read).sum();
        assert_eq!(read, text.len() as u64);
        // over the cap at the very end of input, without a newline
        let blocks = all(long.as_bytes(), 8, 30);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].cut, Some(100));
    }

    #[test]
    fn newlines_are_counted_exactly() {
        for n in [0, 1, 254, 255, 256, 1000] {
            let text = "ab\n".repeat(n) + "tail";
            assert_eq!(count_newlines(text.as_bytes()), n);
        }
        let crlf: Vec<&[u8]> = lines(b"a\r\nb\n\nc").collect();
        assert_eq!(crlf, [&b"a"[..], b"b", b"", b"c"]);
    }
}
