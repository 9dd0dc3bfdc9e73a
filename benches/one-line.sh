#!/usr/bin/env bash
# Many JWTs on one line (issue 15): whole-process wall time and peak RSS of every command
# that locates tokens, for N tokens on a single line: distinct tokens space-separated
# ("text") and as a form body of assertion= fields ("form"), and one token repeated N times
# in a form body ("same"); then explain on one line at the input cap.
# Linear time: 8k tokens take about 4x and 100k about 50x what 2k take (a quadratic
# locator took 19x and past 60 s). Not a test: no figure here fails anything.
#
#   bash benches/one-line.sh                  # N="2000 8000 100000"
#   N="2000 8000" bash benches/one-line.sh
#   BEFORE=/path/to/old/jwtgrant bash benches/one-line.sh   # the same runs with another build
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${N:-2000 8000 100000}
LIMIT=${LIMIT:-120}   # seconds per run before it is reported as "timeout"
JG=$(build_jwtgrant)

# COUNT SHAPE: one line of COUNT distinct short RS256-shaped tokens (about 100 bytes each,
# so 100k stay under the 16 MiB input cap).
generate() {
    python3 - "$1" "$2" <<'EOF'
import base64, json, sys
count, shape = int(sys.argv[1]), sys.argv[2]
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
header = b64(b'{"alg":"RS256"}')
sig = b64(bytes(range(32)))
tokens = [f"{header}.{b64(json.dumps({'iss': 'c', 'jti': f'{i:06x}'}, separators=(',', ':')).encode())}.{sig}"
          for i in range(count)]
if shape == "same":
    tokens = [tokens[0]] * count
if shape in ("form", "same"):
    print("grant_type=x&" + "&".join(f"assertion={t}" for t in tokens))
else:
    print(" ".join(tokens))
EOF
}

# BIN ARGS… < INPUT: "wall_s rss_MiB", or "timeout"
run() {
    local input=$1 status=0
    shift
    rm -f "$WORK/one-line-time.txt"
    /usr/bin/time -f "%e %M" -o "$WORK/one-line-time.txt" timeout "$LIMIT" "$@" \
        < "$input" > /dev/null 2>&1 || status=$?
    if [ "$status" = 124 ]; then
        printf "timeout >%ss" "$LIMIT"
    else
        tail -n 1 "$WORK/one-line-time.txt" | awk '{printf "%.2f s %.0f MiB", $1, $2 / 1024}'
    fi
}

builds=("$JG")
[ -n "${BEFORE:-}" ] && builds+=("$BEFORE")
echo "jwtgrant: $JG; load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for bin in "${builds[@]}"; do
    echo "== $bin"
    printf "%-8s %-5s %-9s %-18s %-18s %-18s %-18s %-18s\n" tokens shape MiB decode inspect explain "lint -" "lint --scan"
    for n in $N; do
        for shape in text form same; do
            input="$WORK/one-line-$shape-$n.txt"
            [ -s "$input" ] || generate "$n" "$shape" > "$input"
            size=$(awk -v b="$(stat -c %s "$input")" 'BEGIN {printf "%.1f", b / 1048576}')
            printf "%-8s %-5s %-9s" "$n" "$shape" "$size"
            for cmd in "decode -" "inspect --now 1764079200 -" "explain --now 1764079200 -" \
                       "lint --summary --now 1764079200 -"; do
                # shellcheck disable=SC2086
                printf " %-18s" "$(run "$input" "$bin" $cmd)"
            done
            printf " %-18s\n" "$(run /dev/null "$bin" lint --summary --now 1764079200 --scan "$input")"
        done
    done
    # One line of 16 MiB minus a little (the cap): pasted text with one error in it.
    cap="$WORK/one-line-cap.txt"
    [ -s "$cap" ] || python3 -c '
import sys
filler = "x=1 " * ((16 * 1024 * 1024 - 200) // 4)
sys.stdout.write(filler + "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700027\"}\n")' > "$cap"
    echo "explain, one 16 MiB line (the input cap): $(run "$cap" "$bin" explain --now 1764079200 -)"
done
