//! Regular files (and stdin redirected from one) are split into parts by offset, and each
//! worker reads its own part with positional reads (`pread`): no reader thread copies for
//! everyone, and a part is scanned by the core that read it, while it is in that core's
//! cache.
//!
//! A part is a byte range `[start, end)` and owns the lines that *start* in it: it skips
//! the end of a line that began before `start` and reads on past `end` to finish its last
//! line. Parts can then be read in any order and on any thread, and together hold every
//! line exactly once. A file that shrinks while it is read just ends early; bytes written
//! after it was opened are not read.

use super::blocks::{Block, Filled, Pool};
use std::fs::File;
use std::io::{self, Seek};
use std::sync::Arc;

/// One part of a file, not yet read.
pub struct Part {
    file: Arc<File>,
    /// Where the file's lines start (stdin may have been read from already).
    origin: u64,
    start: u64,
    end: u64,
    /// The file's length when it was opened: nothing past it is read.
    len: u64,
    cap: usize,
}

/// The parts of `file` when it is a regular file; anything else (pipes, terminals, special
/// files) is handed back, to be read as a stream.
pub fn split(
    mut file: File,
    size: usize,
    cap: usize,
) -> Result<impl Iterator<Item = Part> + Send, File> {
    let Some(meta) = file.metadata().ok().filter(|m| cfg!(unix) && m.is_file()) else {
        return Err(file);
    };
    // stdin redirected from a file may have been read from already: start where it is
    let Ok(origin) = file.stream_position() else {
        return Err(file);
    };
    let len = meta.len().max(origin);
    let cap = cap.max(1);
    let step = size.clamp(1, cap) as u64;
    let file = Arc::new(file);
    let mut at = origin;
    Ok(std::iter::from_fn(move || {
        if at >= len {
            return None;
        }
        let start = at;
        at = (start + step).min(len);
        Some(Part {
            file: Arc::clone(&file),
            origin,
            start,
            end: at,
            len,
            cap,
        })
    }))
}

impl Part {
    /// Read the lines this part owns into a block (buffer from `pool`).
    pub fn read(&self, pool: &Pool) -> io::Result<Block> {
        let Some(first) = self.first_line()? else {
            return Ok(Block::default());
        };
        // the pooled buffer's old bytes are written over, not zeroed first (`Filled`)
        let mut buf = pool.take();
        let mut filled = 0;
        self.read_into(&mut buf, &mut filled, first, self.end)?;
        let owned_to = first + filled as u64;
        let ends_line = filled > 0 && buf.get(filled - 1) == Some(&b'\n');
        if ends_line || owned_to >= self.len {
            return Ok(Block {
                bytes: Filled::new(buf, filled),
                read: filled as u64,
                ..Block::default()
            });
        }
        self.finish_last_line(buf, filled, first)
    }

    /// Where the first line that starts in this part starts, if one does.
    fn first_line(&self) -> io::Result<Option<u64>> {
        if self.start <= self.origin {
            return Ok(Some(self.start));
        }
        // a line starts at `start` when the byte before it ends one; only this part's own
        // bytes are looked at, so the parts inside a long line cost one read each
        let newline = self.find_newline(self.start - 1, self.end - 1)?;
        Ok(newline.map(|at| at + 1))
    }

    /// The first `\n` at or after `from`, before `until` (and before `len`).
    fn find_newline(&self, from: u64, until: u64) -> io::Result<Option<u64>> {
        let until = until.min(self.len);
        // most lines end within a few hundred bytes: a first look on the stack, then
        // larger reads for a long line
        let mut first = [0u8; 1024];
        let mut chunk = Vec::new();
        let mut at = from;
        while at < until {
            let buf: &mut [u8] = if chunk.is_empty() {
                &mut first
            } else {
                &mut chunk
            };
            let want = usize::try_from(until - at)
                .unwrap_or(usize::MAX)
                .min(buf.len());
            let buf = buf.get_mut(..want).unwrap_or_default();
            let n = self.read_at(buf, at)?;
            if n == 0 {
                break;
            }
            if let Some(i) = memchr::memchr(b'\n', buf.get(..n).unwrap_or_default()) {
                return Ok(Some(at + i as u64));
            }
            at += n as u64;
            if at < until {
                let grown = (2 * chunk.len()).clamp(64 << 10, 1 << 20);
                chunk.resize(grown, 0);
            }
        }
        Ok(None)
    }

    /// The part ends inside a line: read on to its newline, cutting it at the cap (and
    /// counting its full length) as `blocks::Blocks` does. `buf` holds `filled` bytes.
    fn finish_last_line(
        &self,
        mut buf: Vec<u8>,
        mut filled: usize,
        first: u64,
    ) -> io::Result<Block> {
        let line_start =
            memchr::memrchr(b'\n', buf.get(..filled).unwrap_or_default()).map_or(0, |i| i + 1);
        // a little at a time (most lines end soon), no further than one byte past the cap
        let mut step = 4096;
        let mut ended = false;
        while !ended && filled - line_start <= self.cap {
            let room = (self.cap + 1) - (filled - line_start);
            let at = first + filled as u64;
            let until = (at + room.min(step) as u64).min(self.len);
            let before = filled;
            self.read_into(&mut buf, &mut filled, at, until)?;
            if let Some(i) = memchr::memchr(b'\n', buf.get(before..filled).unwrap_or_default()) {
                filled = before + i + 1;
                ended = true;
            }
            // the end of the file, or it shrank
            ended |= filled == before || first + filled as u64 >= self.len;
            step = (step * 2).min(1 << 20);
        }
        if ended || filled - line_start <= self.cap {
            return Ok(Block {
                bytes: Filled::new(buf, filled),
                read: filled as u64,
                ..Block::default()
            });
        }
        // over the cap: keep its first `cap` bytes, and find where it ends
        let cut_at = first + (line_start + self.cap) as u64;
        let line_end = self
            .find_newline(cut_at, self.len)?
            .map_or(self.len, |newline| newline + 1);
        let line_from = first + line_start as u64;
        Ok(Block {
            bytes: Filled::new(buf, line_start + self.cap),
            cut: Some(line_end - line_from),
            read: line_end - first,
            ..Block::default()
        })
    }

    /// Read the bytes `[from, to)` of the file into `buf` after its first `filled` bytes
    /// (fewer if the file shrank), and count them into `filled`. Only bytes past the
    /// buffer's length are zeroed before the read; the rest are written over.
    fn read_into(
        &self,
        buf: &mut Vec<u8>,
        filled: &mut usize,
        from: u64,
        to: u64,
    ) -> io::Result<()> {
        let want = usize::try_from(to.saturating_sub(from)).unwrap_or(usize::MAX);
        let need = *filled + want;
        if buf.len() < need {
            buf.resize(need, 0);
        }
        let mut got = 0;
        while got < want {
            let into = buf.get_mut(*filled + got..need).unwrap_or_default();
            let n = self.read_at(into, from + got as u64)?;
            if n == 0 {
                break;
            }
            got += n;
        }
        *filled += got;
        Ok(())
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        #[cfg(unix)]
        loop {
            use std::os::unix::fs::FileExt;
            match self.file.read_at(buf, offset) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => {
                    #[cfg(test)]
                    if let Ok(n) = other {
                        tests::BYTES_READ.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
                    }
                    return other;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = (buf, offset);
            Err(io::Error::other("positional reads are not supported here"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::lint::blocks::Blocks;
    use std::io::Write;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Bytes read by parts in tests. The tests of this module take `READS` in turn, so a
    /// test can count its own reads.
    pub static BYTES_READ: AtomicU64 = AtomicU64::new(0);
    static READS: std::sync::Mutex<()> = std::sync::Mutex::new(());

    /// A line far longer than a part (and than the cap): the parts inside it each read
    /// only their own bytes, so the file is read a small number of times over, not once
    /// per part.
    #[test]
    fn parts_inside_a_long_line_read_only_their_own_bytes() {
        let _one = READS.lock().unwrap_or_else(|e| e.into_inner());
        let path = std::env::temp_dir().join(format!("jwtgrant-longline-{}", std::process::id()));
        let mut text = b"first\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 2_000_000));
        text.extend_from_slice(b"\nlast\n");
        std::fs::write(&path, &text).unwrap();
        let pool = Pool::default();
        let parts: Vec<Part> = match split(File::open(&path).unwrap(), 4096, 100_000) {
            Ok(parts) => parts.collect(),
            Err(_) => panic!("a regular file splits"),
        };
        BYTES_READ.store(0, Ordering::Relaxed);
        let blocks: Vec<Block> = parts.iter().map(|p| p.read(&pool).unwrap()).collect();
        let read = BYTES_READ.load(Ordering::Relaxed);
        assert!(
            read <= 3 * text.len() as u64,
            "{read} bytes read for {}",
            text.len()
        );
        let cuts: Vec<u64> = blocks.iter().filter_map(|b| b.cut).collect();
        assert_eq!(cuts, [2_000_001]);
        // the cut line keeps its first 100,000 bytes; the next line is read whole
        let last = blocks.iter().rposition(|b| !b.bytes.is_empty()).unwrap();
        assert_eq!(&*blocks[last].bytes, b"last\n");
        assert_eq!(joined(&blocks).len(), 6 + 100_000 + 5);
        std::fs::remove_file(&path).unwrap();
    }

    /// A copy of `block`, its buffer given back to `pool` for the next read.
    fn given_back(block: Block, pool: &Pool) -> Block {
        let copy = Block {
            bytes: block.bytes.to_vec().into(),
            ..block
        };
        pool.give(block.bytes.into_buffer());
        copy
    }

    fn joined(blocks: &[Block]) -> Vec<u8> {
        blocks.iter().flat_map(|b| b.bytes.to_vec()).collect()
    }

    /// The same input, read in parts (in any order) and read as a stream, holds the same
    /// lines, cuts and byte counts; part edges differ from block edges, both end at lines.
    #[test]
    fn parts_hold_what_a_stream_of_blocks_holds() {
        let _one = READS.lock().unwrap_or_else(|e| e.into_inner());
        let mut text = Vec::new();
        for i in 0..20_000usize {
            let long = if i % 4_000 == 17 { 5_000 } else { i % 61 };
            writeln!(text, "line {i} {}", "x".repeat(long)).unwrap();
        }
        text.extend_from_slice(b"no newline at the end");
        let path = std::env::temp_dir().join(format!("jwtgrant-parts-{}", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let pool = Pool::default();
        for (size, cap) in [
            (1, 1 << 20),
            (7, 1 << 20),
            (4096, 1 << 20),
            (1 << 20, 1 << 20),
            (64, 3000),
            (5000, 3000),
        ] {
            let parts: Vec<Part> = split(File::open(&path).unwrap(), size, cap)
                .ok()
                .unwrap()
                .collect();
            // read back to front: parts do not depend on each other
            let mut blocks: Vec<Block> =
                parts.iter().rev().map(|p| p.read(&pool).unwrap()).collect();
            blocks.reverse();
            let mut reader = Blocks::new(text.as_slice(), size, cap);
            let mut streamed = Vec::new();
            while let Some(b) = reader.next_block().unwrap() {
                streamed.push(b);
            }
            assert_eq!(joined(&blocks), joined(&streamed), "size {size} cap {cap}");
            let cuts = |bs: &[Block]| bs.iter().filter_map(|b| b.cut).collect::<Vec<u64>>();
            assert_eq!(cuts(&blocks), cuts(&streamed), "size {size} cap {cap}");
            assert_eq!(cuts(&blocks).len(), if cap == 3000 { 5 } else { 0 });
            let total: u64 = blocks.iter().map(|b| b.read).sum();
            assert_eq!(total, text.len() as u64, "size {size} cap {cap}");
            let last = blocks.iter().rposition(|b| !b.bytes.is_empty()).unwrap();
            assert!(
                blocks[..last]
                    .iter()
                    .all(|b| b.bytes.is_empty() || b.bytes.ends_with(b"\n") || b.cut.is_some())
            );
            assert!(blocks[last].bytes.ends_with(b"the end"));
        }
        // a file read from part-way (stdin after a `read`) is split from where it is
        let mut file = File::open(&path).unwrap();
        file.seek(std::io::SeekFrom::Start(5)).unwrap();
        let first = split(file, 1 << 20, 1 << 20).ok().unwrap().next().unwrap();
        assert!(first.read(&pool).unwrap().bytes.starts_with(b"0 \nline 1"));
        std::fs::remove_file(&path).unwrap();
    }

    /// Many small inputs of random lines (empty ones, CRLF, lines around the cap, no final
    /// newline), each with random part sizes and caps: parts and stream always agree.
    #[test]
    fn parts_and_stream_agree_on_random_inputs() {
        let _one = READS.lock().unwrap_or_else(|e| e.into_inner());
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let path = std::env::temp_dir().join(format!("jwtgrant-random-{}", std::process::id()));
        let pool = Pool::default();
        for round in 0..300 {
            let mut text = Vec::new();
            for _ in 0..next(40) {
                let len = match next(4) {
                    0 => 0,
                    1 => next(5),
                    2 => next(40),
                    _ => next(120),
                };
                text.extend((0..len).map(|i| b'a' + (i % 26) as u8));
                text.extend_from_slice(if next(3) == 0 { b"\r\n" } else { b"\n" });
            }
            if next(2) == 0 {
                text.extend_from_slice(b"tail without newline");
            }
            let size = 1 + next(64) as usize;
            let cap = size + next(100) as usize;
            std::fs::write(&path, &text).unwrap();
            let parts: Vec<Part> = match split(File::open(&path).unwrap(), size, cap) {
                Ok(parts) => parts.collect(),
                Err(_) => panic!("a regular file splits"),
            };
            // each block's buffer goes back to the pool with its bytes, and buffers of
            // stale bytes are put in: neither kind may show through in what is read next
            pool.give(vec![b'#'; 1 + next(300) as usize]);
            let mut blocks = Vec::new();
            for part in &parts {
                blocks.push(given_back(part.read(&pool).unwrap(), &pool));
            }
            let mut reader = Blocks::new(text.as_slice(), size, cap).pooled(pool.clone());
            let mut streamed = Vec::new();
            while let Some(b) = reader.next_block().unwrap() {
                streamed.push(given_back(b, &pool));
            }
            let what = format!("round {round}, size {size}, cap {cap}");
            assert_eq!(joined(&blocks), joined(&streamed), "{what}");
            let cuts = |bs: &[Block]| bs.iter().filter_map(|b| b.cut).collect::<Vec<u64>>();
            assert_eq!(cuts(&blocks), cuts(&streamed), "{what}");
            let total: u64 = blocks.iter().map(|b| b.read).sum();
            assert_eq!(total, text.len() as u64, "{what}");
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_file_that_shrinks_while_it_is_read_just_ends() {
        let _one = READS.lock().unwrap_or_else(|e| e.into_inner());
        let path = std::env::temp_dir().join(format!("jwtgrant-shrinks-{}", std::process::id()));
        std::fs::write(&path, "a\n".repeat(1000)).unwrap();
        let parts: Vec<Part> = split(File::open(&path).unwrap(), 100, 1 << 20)
            .ok()
            .unwrap()
            .collect();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(301)
            .unwrap();
        let pool = Pool::default();
        let blocks: Vec<Block> = parts.iter().map(|p| p.read(&pool).unwrap()).collect();
        assert_eq!(
            joined(&blocks),
            "a\n"
                .repeat(150)
                .into_bytes()
                .into_iter()
                .chain(*b"a")
                .collect::<Vec<u8>>()
        );
        std::fs::remove_file(&path).unwrap();
    }
}
