//! How many bytes a scan and a token list read at a time. Its own module so that
//! `benches/scan_floor.rs` reads in the scan's own part size.

/// Bytes read at a time for `--scan`. Large enough that a read and the search over it cost
/// far more than their set-up; small enough that a few in flight per thread stay well
/// under the memory budget, and that a part is still in the core's cache when it is
/// searched (512 KiB took 0.96x the time of 1 MiB with one thread, the same with two).
pub const SCAN_BLOCK_BYTES: usize = 512 << 10;
/// For token lists (`-`, @FILE), where every line is a token: about four hundred tokens a
/// block. Smaller blocks cost more hand-offs between threads than they save (64 KiB took
/// 1.15x the time with two threads, the same with one); blocks of thousands cost more in
/// the allocator, since a block's tokens are all kept until it is reported.
pub const LIST_BLOCK_BYTES: usize = 256 << 10;
