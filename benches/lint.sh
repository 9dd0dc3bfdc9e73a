#!/usr/bin/env bash
# lint throughput and memory.
#
#   bash benches/lint.sh            # N=100000 tokens for speed, M=1000000 for memory
#   N=20000 M=200000 bash benches/lint.sh
#
# 1. Speed: N client assertions (RS256-sized signatures, a unique jti each, one in ten with
#    a problem) on stdin, `jwtgrant lint -` pinned to one core (taskset -c 0), whole-process
#    wall time, best and median of RUNS runs, for --summary, human output and --format json.
# 2. Peer: jwt-cli (`jwt decode TOKEN`, one process per token, the only way it reads many
#    tokens) on a SAMPLE of the same tokens (best of 3 loops), scaled to N. jwt-cli only decodes (no aud, iss,
#    lifetime or replay rules), so the ratio flatters it.
# 3. Memory: M tokens streamed into `jwtgrant lint - --summary` and `--format json`, peak RSS
#    from /usr/bin/time -v (target: under 64 MB; every jti is distinct, the worst case).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${N:-100000}
M=${M:-1000000}
SAMPLE=${SAMPLE:-1000}
RUNS=${RUNS:-5}
NOW=1764079200

JWTGRANT=$(build_jwtgrant)
JWT=$(ensure_jwt_cli)

# Prints COUNT tokens, one per line.
generate() {
    python3 - "$1" "$NOW" <<'EOF'
import base64, json, sys
count, now = int(sys.argv[1]), int(sys.argv[2])
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "key-2025-11"}, separators=(",", ":")).encode())
sig = b64(bytes(range(256)))
out = sys.stdout
for i in range(count):
    claims = {"iss": "client-4711", "sub": "client-4711", "aud": "https://as.example.com/oauth2/token",
              "iat": now - 30, "exp": now + 240, "jti": f"{i:08x}-5c1e-4b7e-9a51-7d1c2b8a9e11"}
    if i % 10 == 9:
        if i % 20 == 9:
            claims["exp"] = now - 600
        else:
            del claims["jti"]
    out.write(f"{header}.{b64(json.dumps(claims, separators=(',', ':')).encode())}.{sig}\n")
EOF
}

# "min median" of the numbers on stdin. On a shared machine the minimum is the better
# estimate of the tool's own cost; the median shows what neighbours did to it.
min_median() { sort -n | awk '{a[NR]=$1} END {print a[1], a[int((NR+1)/2)]}'; }

wall() { # "wall cpu" seconds of one run of "$@" < input > /dev/null (cpu = user + sys)
    local input=$1; shift
    /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" < "$input" > /dev/null 2>&1 || true
    # the last line: time writes "Command exited with non-zero status 1" first when lint fails
    tail -n 1 "$WORK/time.txt" | awk '{printf "%s %.2f\n", $1, $2 + $3}'
}

TOKENS="$WORK/lint-$N.txt"
[ -s "$TOKENS" ] || generate "$N" > "$TOKENS"
echo "jwtgrant: $JWTGRANT ($("$JWTGRANT" --version))"
echo "input: $N tokens, $(du -h "$TOKENS" | cut -f1), one per line"
echo

echo "== speed: taskset -c 0 jwtgrant lint - --now $NOW … < tokens ($RUNS runs, wall; load: $(cut -d' ' -f1-3 /proc/loadavg))"
declare -A RATE
for mode in "--summary" "" "--format json"; do
    # shellcheck disable=SC2086
    for _ in $(seq "$RUNS"); do wall "$TOKENS" taskset -c 0 "$JWTGRANT" lint - --now "$NOW" $mode; done > "$WORK/runs.txt"
    read -r best med < <(cut -d' ' -f1 "$WORK/runs.txt" | min_median)
    read -r cpu _ < <(cut -d' ' -f2 "$WORK/runs.txt" | min_median)
    RATE["${mode:-human}"]=$(echo "$N / $best" | bc -l)
    printf "  %-14s wall best %6.3f s = %7.0f tokens/s, median %6.3f s = %7.0f/s; cpu best %5.2f s = %7.0f/s\n" \
        "${mode:-human}" "$best" "$(echo "$N / $best" | bc -l)" "$med" "$(echo "$N / $med" | bc -l)" \
        "$cpu" "$(echo "$N / $cpu" | bc -l)"
done
echo

echo "== peer: jwt-cli ($("$JWT" --version)), one process per token, $SAMPLE tokens, scaled to $N"
head -n "$SAMPLE" "$TOKENS" > "$WORK/lint-sample.txt"
peer_run() {
    local start end
    start=$(date +%s.%N)
    while IFS= read -r t; do taskset -c 0 "$JWT" decode "$t" > /dev/null 2>&1 || true; done < "$WORK/lint-sample.txt"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
read -r peer_best _ < <(for _ in 1 2 3; do peer_run; done | min_median)
per_token=$(echo "$peer_best / $SAMPLE" | bc -l)
jwt_total=$(echo "$per_token * $N" | bc -l)
printf "  jwt-cli: %.3f ms per token, %.0f tokens/s; %d tokens would take %.1f s\n" \
    "$(echo "$per_token * 1000" | bc -l)" "$(echo "1 / $per_token" | bc -l)" "$N" "$jwt_total"
summary_t=$(echo "$N / ${RATE[--summary]}" | bc -l)
printf "  ratio (jwt-cli time / jwtgrant lint --summary time, best runs): %.0fx\n" "$(echo "$jwt_total / $summary_t" | bc -l)"
echo

echo "== memory: $M tokens streamed into jwtgrant lint - (peak RSS, /usr/bin/time -v)"
for mode in "--summary" "--format json"; do
    # shellcheck disable=SC2086
    # lint exits 1 (the input holds failing tokens on purpose); only the RSS matters here
    rss=$( (generate "$M" | /usr/bin/time -v "$JWTGRANT" lint - --now "$NOW" $mode 2>&1 >/dev/null || true) \
        | awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')
    printf "  %-14s %6.1f MB peak RSS\n" "$mode" "$(echo "$rss / 1024" | bc -l)"
done
