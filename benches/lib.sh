# Shared by the bench scripts (source it). Tools are installed under benches/.tools, never
# system-wide; builds use the release profile.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
TOOLS="$BENCH_DIR/.tools"
WORK="$BENCH_DIR/.work"
mkdir -p "$TOOLS" "$WORK"

# jwtgrant, built in release mode; prints the binary path.
build_jwtgrant() {
    (cd "$ROOT" && cargo build --release --quiet) >&2
    echo "$ROOT/target/release/jwtgrant"
}

# benches/scan_floor.rs (the cost of reading and searching a log), built like a release;
# prints the binary path.
build_scan_floor() {
    (cd "$ROOT" && cargo bench --quiet --bench scan_floor --no-run --message-format=json) 2>/dev/null \
        | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "scan_floor" and m.get("executable"):
        print(m["executable"])'
}

# jwt-cli (the nearest peer), installed into benches/.tools on first use; prints its path.
ensure_jwt_cli() {
    if [ ! -x "$TOOLS/bin/jwt" ]; then
        echo "installing jwt-cli into $TOOLS (first run only)…" >&2
        cargo install --quiet --locked jwt-cli --root "$TOOLS" >&2
    fi
    echo "$TOOLS/bin/jwt"
}

# The static Linux build (`cargo build-static`, see .cargo/config.toml); prints its path.
build_jwtgrant_static() {
    (cd "$ROOT" && cargo build-static --quiet) >&2
    echo "$ROOT/target/x86_64-unknown-linux-gnu/release/jwtgrant"
}

# An RS256 client assertion made with openssl only (no jwtgrant involved), valid 5 min.
mint_rs256() {
    local key="$WORK/bench-rsa.pem"
    [ -f "$key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
    local now exp hdr pl sig
    now=$(date +%s); exp=$((now + 300))
    b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
    hdr=$(printf '{"alg":"RS256","typ":"JWT","kid":"k1"}' | b64url)
    pl=$(printf '{"iss":"client-123","sub":"client-123","aud":"https://as.example.com/token","iat":%s,"exp":%s,"jti":"%s"}' \
        "$now" "$exp" "$(openssl rand -hex 16)" | b64url)
    sig=$(printf '%s.%s' "$hdr" "$pl" | openssl dgst -sha256 -sign "$key" -binary | b64url)
    printf '%s.%s.%s\n' "$hdr" "$pl" "$sig"
}

# wrk (HTTP load generator) from Debian's package, unpacked into benches/.tools on first use
# (no system install); prints a command that runs it.
ensure_wrk() {
    if command -v wrk >/dev/null; then
        command -v wrk
        return
    fi
    local root="$TOOLS/wrk"
    if [ ! -x "$root/usr/bin/wrk" ]; then
        echo "unpacking wrk into $root (first run only)…" >&2
        command -v apt-get >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
        mkdir -p "$root/debs"
        (cd "$root/debs" && apt-get download -qq wrk libluajit-5.1-2 >&2) \
            || { echo "could not download wrk; install it (apt-get install wrk)" >&2; exit 2; }
        for deb in "$root"/debs/*.deb; do dpkg -x "$deb" "$root"; done
        cat >"$root/wrk" <<WRAP
#!/bin/sh
LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$root/usr/bin/wrk" "\$@"
WRAP
        chmod +x "$root/wrk"
    fi
    echo "$root/wrk"
}
