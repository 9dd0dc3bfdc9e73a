#!/usr/bin/env bash
# Does a faster build still say the same? Runs `lint -` and `lint --scan` (--format json,
# --threads 1 and 2) of this build and of BEFORE on generated hostile input
# (benches/hostile_lines.py: SEEDS seeds of COUNT lines each) and compares stdout, stderr
# and the exit code byte for byte. For speed work, where the output must not move.
#
#   BEFORE=/path/to/old/jwtgrant bash benches/same_output.sh
#   BEFORE=… SEEDS="1 2 3 4 5" COUNT=10000 bash benches/same_output.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${BEFORE:?BEFORE=/path/to/old/jwtgrant is required}"
SEEDS=${SEEDS:-1 2 3}
COUNT=${COUNT:-3000}
NOW=1764079200
JG=$(build_jwtgrant)
DIR="$WORK/same-output"
mkdir -p "$DIR"

# run BIN NAME KIND SEED THREADS: NAME's stdout and stderr (with the exit code) in $DIR
run() {
    local bin=$1 name=$2 kind=$3 seed=$4 threads=$5 input="$DIR/$3-$4.txt"
    local out="$DIR/$name.$kind-$seed.t$threads"
    if [ "$kind" = list ]; then
        "$bin" lint - --format json --threads "$threads" --now "$NOW" <"$input" >"$out.json" 2>"$out.err" || echo "exit $?" >>"$out.err"
    else
        "$bin" lint --scan "$input" --format json --threads "$threads" --now "$NOW" >"$out.json" 2>"$out.err" || echo "exit $?" >>"$out.err"
    fi
}

differ=0
for seed in $SEEDS; do
    for kind in list scan; do
        python3 "$BENCH_DIR/hostile_lines.py" "$seed" "$COUNT" "$kind" >"$DIR/$kind-$seed.txt"
        for threads in 1 2; do
            run "$JG" new "$kind" "$seed" "$threads"
            run "$BEFORE" old "$kind" "$seed" "$threads"
            if cmp -s "$DIR/new.$kind-$seed.t$threads.json" "$DIR/old.$kind-$seed.t$threads.json" \
                && cmp -s "$DIR/new.$kind-$seed.t$threads.err" "$DIR/old.$kind-$seed.t$threads.err"; then
                echo "same:   $kind, seed $seed, --threads $threads"
            else
                echo "DIFFER: $kind, seed $seed, --threads $threads (see $DIR)"
                differ=1
            fi
        done
    done
done
exit "$differ"
