#!/usr/bin/env bash
# serve under load: CLIENTS concurrent keep-alive clients (wrk: token POSTs, each with its own
# client_secret_jwt assertion, and metadata GETs, half each) against `jwtgrant serve`, without
# and with 16 slow clients (one byte a second: 8 dripping a request head, 8 a request body).
# Reports requests/s, p50/p99 latency and serve's peak RSS, and the ratio
# p99(16 slow) / p99(0 slow). Target: <= 2 (a slow client does not delay the others).
#
#   benches/serve_load.sh [CLIENTS] [SECONDS] [ROUNDS]        (default 64 10 5)
#
# Rounds alternate (0 slow, 16 slow, 0 slow, …) so a busy machine slows both alike; every
# round starts a fresh serve (peak RSS is per process); figures are medians over rounds.
# wrk and serve share the machine, so requests/s is a floor, not serve's ceiling.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLIENTS="${1:-64}"
DURATION="${2:-10}"
ROUNDS="${3:-5}"
SLOW=16
THREADS=2
ISSUER="http://jwtgrant-load.test"

BIN="$(build_jwtgrant)"
WRK="$(ensure_wrk)"
command -v python3 >/dev/null || { echo "python3 is required" >&2; exit 2; }

SECRET="$WORK/load-secret.txt"
BODIES="$WORK/load-bodies.txt"
RESULTS="$WORK/load-results.txt"
openssl rand -hex 32 >"$SECRET"
# More assertions than wrk can send in a round (~12k token POSTs a second would be needed
# to run out); each round's fresh serve has seen none of them.
python3 "$BENCH_DIR/serve_load.py" bodies "$BODIES" $((DURATION * 12000)) "$ISSUER" "$SECRET"
: >"$RESULTS"

SERVER=""
SLOW_PID=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
    [ -n "$SLOW_PID" ] && kill "$SLOW_PID" 2>/dev/null
    true
}
trap cleanup EXIT

start_serve() {
    # The per-request log goes to /dev/null: formatted and written, but no disk in the way.
    "$BIN" serve --port 0 --issuer "$ISSUER" --client-secret-file "app=$SECRET" \
        --color never >"$WORK/load-serve.out" 2>/dev/null &
    SERVER=$!
    URL=""
    for _ in $(seq 1 100); do
        URL="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/load-serve.out" | head -1)"
        [ -n "$URL" ] && return
        sleep 0.05
    done
    echo "jwtgrant serve did not start" >&2
    exit 2
}

run_round() {
    local slow="$1" line rss
    start_serve
    if [ "$slow" -gt 0 ]; then
        python3 "$BENCH_DIR/serve_load.py" slow "${URL#http://}" "$slow" $((DURATION + 3)) &
        SLOW_PID=$!
        sleep 2 # connected and dripping before the measured load starts
    fi
    line="$("$WRK" -t"$THREADS" -c"$CLIENTS" -d"${DURATION}s" --timeout 10s \
        -s "$BENCH_DIR/serve_load.lua" "$URL" -- "$BODIES" "$THREADS" | grep '^requests=')"
    rss="$(awk '/^VmHWM/ {print $2}' "/proc/$SERVER/status")"
    if [ -n "$SLOW_PID" ]; then
        wait "$SLOW_PID"
        SLOW_PID=""
    fi
    kill -TERM "$SERVER"
    wait "$SERVER" || { echo "serve did not exit 0 after SIGTERM" >&2; exit 2; }
    SERVER=""
    echo "slow=$slow $line rss_kb=$rss" >>"$RESULTS"
    echo "  round: slow=$slow $line rss_kb=$rss" >&2
}

echo "serve under load: $CLIENTS clients x ${DURATION}s, $ROUNDS rounds each, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for _ in $(seq 1 "$ROUNDS"); do
    run_round 0
    run_round "$SLOW"
done
echo "jwtgrant serve, $CLIENTS keep-alive clients (wrk -t$THREADS), ${DURATION}s rounds, median of $ROUNDS"
python3 "$BENCH_DIR/serve_load.py" report "$RESULTS"
