//! The literals a scan searches for: how every JOSE header's base64url text begins. Its
//! own module so that `benches/scan_floor.rs` searches for exactly these.

/// The first three base64url characters of every JOSE header a JSON encoder writes: `{`,
/// then JSON whitespace or the `"` of the first member name. The third character also
/// holds the top two bits of the byte after that: whitespace and `"` are below 0x40;
/// a member name starts with ASCII 0x20-0x3F (`I`), 0x40-0x7F (`J`) or a UTF-8 lead
/// byte (`L`; a continuation byte cannot start a string). Derived and checked in tests.
pub const STARTS: [&str; 7] = [
    "eyJ", // {"alg"…   the common case
    "eyI", // {"1"…, {"$x"…
    "eyL", // {"é"…
    "eyA", // { "alg"…
    "ewo", // {\n  "alg"…  (pretty-printed)
    "ew0", // {\r\n …
    "ewk", // {\t"alg"…
];
