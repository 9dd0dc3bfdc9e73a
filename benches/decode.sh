#!/usr/bin/env bash
# jwtgrant decode vs jwt-cli decode: whole-process wall time for one RS256 token, many runs
# (hyperfine, no shell in between, warm cache). Target: jwtgrant <= 0.8x jwt-cli.
# Usage: benches/decode.sh [RUNS]   (default 500)
source "$(dirname "$0")/lib.sh"
RUNS=${1:-500}

JG=$(build_jwtgrant)
JWT=$(ensure_jwt_cli)
HF=$(ensure_hyperfine)
TOKEN=$(mint_rs256)
OUT="$WORK/decode.json"

echo "jwtgrant: $("$JG" --version)   jwt-cli: $("$JWT" --version)   runs: $RUNS" >&2
"$HF" -N --warmup 50 --runs "$RUNS" --export-json "$OUT" \
    -n "jwtgrant decode" "$JG decode $TOKEN" \
    -n "jwt-cli decode" "$JWT decode $TOKEN" >&2

python3 - "$OUT" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["jwtgrant decode"], r["jwt-cli decode"]
ms = lambda x: x * 1000
print(f"jwtgrant decode  median {ms(a['median']):.3f} ms  mean {ms(a['mean']):.3f} ms")
print(f"jwt-cli decode   median {ms(b['median']):.3f} ms  mean {ms(b['mean']):.3f} ms")
ratio = a["median"] / b["median"]
print(f"ratio (jwtgrant / jwt-cli, medians): {ratio:.2f}  target <= 0.80: {'met' if ratio <= 0.8 else 'NOT met'}")
PY
