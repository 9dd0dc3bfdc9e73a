#!/usr/bin/env bash
# jwtgrant decode vs jwt-cli decode: whole-process wall time for one RS256 token, one
# process per run, A and B interleaved (benches/abtime.py) so a busy machine slows both
# alike. Target: jwtgrant <= 0.8x jwt-cli. Measures the default build (`cargo build
# --release`: dynamically linked, PIE) and the static Linux build (`cargo build-static`).
# Usage: benches/decode.sh [PAIRS]   (default 600)
source "$(dirname "$0")/lib.sh"
PAIRS=${1:-600}

JG=$(build_jwtgrant)
JGS=$(build_jwtgrant_static)
JWT=$(ensure_jwt_cli)
TOKEN=$(mint_rs256)

echo "jwtgrant $("$JG" --version | cut -d' ' -f2) vs $("$JWT" --version); $PAIRS interleaved pairs; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for build in "default (dynamic)=$JG" "static=$JGS"; do
    name=${build%%=*}
    bin=${build#*=}
    echo "== jwtgrant decode, $name build (A) vs jwt-cli decode (B)"
    python3 "$BENCH_DIR/abtime.py" "$PAIRS" -- "$bin" decode "$TOKEN" -- "$JWT" decode "$TOKEN"
done
