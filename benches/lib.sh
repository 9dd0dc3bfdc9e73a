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

# jwt-cli (the nearest peer), installed into benches/.tools on first use; prints its path.
ensure_jwt_cli() {
    if [ ! -x "$TOOLS/bin/jwt" ]; then
        echo "installing jwt-cli into $TOOLS (first run only)…" >&2
        cargo install --quiet --locked jwt-cli --root "$TOOLS" >&2
    fi
    echo "$TOOLS/bin/jwt"
}
