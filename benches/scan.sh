#!/usr/bin/env bash
# lint --scan and lint - against ripgrep, in one run, interleaved (benches/interleave.py).
#
#   bash benches/scan.sh                 # 1M-line log (~190 MB), 100k tokens, big runs if disk allows
#   SIZE=200000 TOKENS=20000 BIG=0 bash benches/scan.sh
#
# 1. A SIZE-line application log (default 1,000,000 lines, ~190 MB), one JWT in 100 lines,
#    half as `Authorization: Bearer` headers, half in form bodies; the rest log noise.
#    `rg -j1 -c PATTERN LOG` (find only) vs `jwtgrant lint --scan LOG --summary --threads 1`
#    (find and lint every token) vs `--threads 2`. Targets: threads 1 <= 1.5x rg (goal
#    1.2x); threads 2 >= 1.8x faster than threads 1 (2-core machine).
# 2. The floor: benches/scan_floor.rs reads and searches the same log without parsing a
#    token (read; + newline count; + the seven-literal search; memory-mapped, whole or part
#    by part; two threads), each step beside ripgrep in the same rounds.
# 3. TOKENS bare RS256-sized client assertions (default 100,000), one per line, on stdin to
#    `jwtgrant lint - --summary --threads 1`: tokens/s. Target >= 600,000 (goal 1,000,000).
# 4. Peak RSS (/usr/bin/time -v) of `lint --scan` on a ~2 GB log (the log above repeated)
#    and of `lint -` on 10M streamed tokens (distinct jti each). Target < 64 MB. BIG=1 runs
#    them, BIG=0 skips them; by default they run when 4 GB of disk are free here.
# BEFORE=/path/to/old/jwtgrant adds that build's runs to 1. and 3., in the same rounds.
# ROUNDS (default 7) rounds of each comparison. ripgrep: the system's, else Debian's
# package unpacked into benches/.tools.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZE=${SIZE:-1000000}
TOKENS=${TOKENS:-100000}
ROUNDS=${ROUNDS:-7}
BIG_LINES=${BIG_LINES:-11000000}
BIG_TOKENS=${BIG_TOKENS:-10000000}
NOW=1764079200
PATTERN='eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*'

ensure_rg() {
    if command -v rg >/dev/null; then
        command -v rg
        return
    fi
    local root="$TOOLS/ripgrep"
    if [ ! -x "$root/usr/bin/rg" ]; then
        echo "unpacking ripgrep into $root (first run only)…" >&2
        command -v apt-get >/dev/null || { echo "ripgrep is required (apt-get install ripgrep)" >&2; exit 2; }
        mkdir -p "$root/debs"
        (cd "$root/debs" && apt-get download -qq ripgrep >&2) \
            || { echo "could not download ripgrep; install it (apt-get install ripgrep)" >&2; exit 2; }
        for deb in "$root"/debs/*.deb; do dpkg -x "$deb" "$root"; done
    fi
    echo "$root/usr/bin/rg"
}

# generate KIND COUNT: `log` prints COUNT log lines, `tokens` COUNT bare tokens.
generate() {
    python3 - "$1" "$2" "$NOW" <<'EOF'
import base64, json, random, sys
kind, count, now = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(7)
def b64(d): return base64.urlsafe_b64encode(d).rstrip(b"=").decode()
header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "key-2025-11"}, separators=(",", ":")).encode())
sig = b64(bytes(range(256)))  # an RS256 (2048-bit) signature's length
def token(i):
    claims = {"iss": "client-4711", "sub": "client-4711", "aud": "https://as.example.com/oauth2/token",
              "iat": now - 30, "exp": now + 240, "jti": f"{i:08x}-5c1e-4b7e-9a51-7d1c2b8a9e11"}
    return f"{header}.{b64(json.dumps(claims, separators=(',', ':')).encode())}.{sig}"
words = ("GET POST /api/v1/orders /health user=alice status=200 latency_ms=12 cache=miss "
         "region=eu-west-1 upstream=orders-svc bytes=5120 the key they money").split()
out, buf = sys.stdout, []
for i in range(count):
    if kind == "tokens":
        buf.append(token(i))
    else:
        ts = f"2026-11-25T14:{(i // 60000) % 60:02d}:{(i // 1000) % 60:02d}.{i % 1000:03d}Z"
        if i % 100 == 50:
            if (i // 100) % 2 == 0:
                buf.append(f"{ts} INFO http request Authorization: Bearer {token(i)}")
            else:
                buf.append(f"{ts} DEBUG body grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={token(i)}&scope=orders")
        else:
            n = 9 + rnd.randrange(12)
            buf.append(ts + " INFO " + " ".join(rnd.choice(words) for _ in range(n)) + f" id={rnd.getrandbits(64):016x}")
    if len(buf) >= 10000:
        out.write("\n".join(buf) + "\n")
        buf = []
if buf:
    out.write("\n".join(buf) + "\n")
EOF
}

JG=$(build_jwtgrant)
RG=$(ensure_rg)
LOG="$WORK/scan-$SIZE.log"
TOK="$WORK/tokens-$TOKENS.txt"
[ -s "$LOG" ] || generate log "$SIZE" >"$LOG"
[ -s "$TOK" ] || generate tokens "$TOKENS" >"$TOK"

mb() { echo "$(($(stat -c %s "$1") / 1000000)) MB"; }
echo "jwtgrant $("$JG" --version | cut -d' ' -f2), $("$RG" --version | sed -n 1p); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== find: $SIZE-line log ($(mb "$LOG"), $("$RG" -j1 -c "$PATTERN" "$LOG") tokens), $ROUNDS rounds"
before_scan=() before_stdin=()
if [ -n "${BEFORE:-}" ]; then
    for t in 1 2; do
        before_scan+=(-- "before: lint --scan --threads $t=$BEFORE" lint --scan "$LOG" --summary --threads "$t" --now "$NOW")
        before_stdin+=(-- "before: lint - --threads $t=/bin/sh" -c "exec \"\$0\" lint - --summary --threads $t --now $NOW <\"\$1\"" "$BEFORE" "$TOK")
    done
fi
python3 "$BENCH_DIR/interleave.py" "$ROUNDS" 2 \
    -- "rg -j1 -c=$RG" -j1 -c "$PATTERN" "$LOG" \
    -- "lint --scan --threads 1=$JG" lint --scan "$LOG" --summary --threads 1 --now "$NOW" \
    -- "lint --scan --threads 2=$JG" lint --scan "$LOG" --summary --threads 2 --now "$NOW" \
    "${before_scan[@]}"

# What reading and searching cost before any token: each step of benches/scan_floor.rs
# beside ripgrep and the one-thread scan, in the same rounds.
echo "== floor: reading and searching the log, no token parsed, $ROUNDS rounds"
FLOOR=$(build_scan_floor)
[ -x "$FLOOR" ] || { echo "could not build benches/scan_floor.rs" >&2; exit 2; }
floor_steps=()
for step in read read+count read+search read+count+search read+memmem map+count+search map-parts threads2 map-parts+threads2; do
    floor_steps+=(-- "floor $step=$FLOOR" "$step" "$LOG")
done
python3 "$BENCH_DIR/interleave.py" "$ROUNDS" 1 \
    -- "rg -j1 -c=$RG" -j1 -c "$PATTERN" "$LOG" \
    -- "lint --scan --threads 1=$JG" lint --scan "$LOG" --summary --threads 1 --now "$NOW" \
    "${floor_steps[@]}"

echo "== lint -: $TOKENS bare RS256 tokens on stdin ($(mb "$TOK")), $ROUNDS rounds"
python3 "$BENCH_DIR/interleave.py" "$ROUNDS" 1 \
    -- "lint - --threads 1=/bin/sh" -c "exec \"\$0\" lint - --summary --threads 1 --now $NOW <\"\$1\"" "$JG" "$TOK" \
    -- "lint - --threads 2=/bin/sh" -c "exec \"\$0\" lint - --summary --threads 2 --now $NOW <\"\$1\"" "$JG" "$TOK" \
    "${before_stdin[@]}" \
    | tee "$WORK/lint-stdin.txt"
best=$(awk '/^  lint - --threads 1 / {for (i = 1; i <= NF; i++) if ($i == "best") print $(i + 1)}' "$WORK/lint-stdin.txt")
median=$(awk '/^  lint - --threads 1 / {for (i = 1; i <= NF; i++) if ($i == "median") print $(i + 1)}' "$WORK/lint-stdin.txt")
python3 -c "import sys; n, m, b = map(float, sys.argv[1:]); print(f\"  lint - --threads 1: {n / m * 1000:,.0f} tokens/s (median), {n / b * 1000:,.0f} (best)\")" "$TOKENS" "$median" "$best"

free_kb=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
BIG=${BIG:-$([ "$free_kb" -gt 4000000 ] && echo 1 || echo 0)}
if [ "$BIG" = 1 ]; then
    BIGLOG="$WORK/scan-big.log"
    if [ ! -s "$BIGLOG" ]; then
        repeat=$(((BIG_LINES + SIZE - 1) / SIZE))
        for _ in $(seq "$repeat"); do cat "$LOG"; done >"$BIGLOG"
    fi
    echo "== peak RSS"
    for threads in 1 2; do
        /usr/bin/time -f "  lint --scan ($(mb "$BIGLOG")) --threads $threads: %M KB peak RSS, %e s" \
            "$JG" lint --scan "$BIGLOG" --summary --threads "$threads" --now "$NOW" >/dev/null \
            || [ $? = 1 ] # exit 1: the repeated log reuses every jti
    done
    generate tokens "$BIG_TOKENS" | /usr/bin/time -f "  lint - ($BIG_TOKENS streamed tokens) --threads 2: %M KB peak RSS, %e s" \
        "$JG" lint - --summary --now "$NOW" >/dev/null || [ $? = 1 ]
    rm -f "$BIGLOG"
else
    echo "== peak RSS: skipped (BIG=1 runs it; needs 4 GB of disk)"
fi
