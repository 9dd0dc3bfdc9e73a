#!/usr/bin/env bash
# replay wall time against curl, both POSTing the same client-assertion request to the same
# loopback token endpoint (`jwtgrant serve` on 127.0.0.1). Target: replay <= 1.2x curl.
#
#   benches/replay.sh [ITERATIONS]        (default 200)
#
# jwtgrant does more than curl on each call (parse, lint, diagnosis, redacted report); the
# ratio says what that costs on top of process start-up and one HTTP exchange.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N="${1:-200}"
BIN="$(build_jwtgrant)"
command -v curl >/dev/null || { echo "curl is required" >&2; exit 2; }

"$BIN" serve --port 0 >"$WORK/serve.out" 2>/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
URL=""
for _ in $(seq 1 100); do
    URL="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$WORK/serve.out" | head -1)"
    [ -n "$URL" ] && break
    sleep 0.05
done
[ -n "$URL" ] || { echo "jwtgrant serve did not start" >&2; exit 2; }
ENDPOINT="$URL/token"

# A client assertion (fake signature: both clients get the same 401 from the server).
b64() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
NOW="$(date +%s)"
HEADER="$(printf '{"alg":"ES256","kid":"k1"}' | b64)"
CLAIMS="$(printf '{"iss":"app","sub":"app","aud":"%s","iat":%s,"exp":%s,"jti":"bench"}' "$URL" "$NOW" "$((NOW + 3600))" | b64)"
printf '%s.%s.%s' "$HEADER" "$CLAIMS" "$(printf 'not-a-real-signature-0123456789ab' | b64)" >"$WORK/assertion.jwt"

run_curl() {
    curl -sS -o /dev/null -X POST "$ENDPOINT" -H 'Accept: application/json' \
        --data-urlencode 'grant_type=client_credentials' \
        --data-urlencode 'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer' \
        --data-urlencode "client_assertion@$WORK/assertion.jwt"
}
run_jwtgrant() {
    "$BIN" replay "@$WORK/assertion.jwt" --token-endpoint "$ENDPOINT" --flow client \
        --no-history --color never >/dev/null 2>&1 || true
}

# nanoseconds for N runs of a function
time_n() {
    local start end
    start=$(date +%s%N)
    for _ in $(seq 1 "$N"); do "$1"; done
    end=$(date +%s%N)
    echo $((end - start))
}

for _ in 1 2 3 4 5; do run_curl; run_jwtgrant; done   # warm caches
CURL_NS=$(time_n run_curl)
JWT_NS=$(time_n run_jwtgrant)
CURL_NS2=$(time_n run_curl)
JWT_NS2=$(time_n run_jwtgrant)
CURL_NS=$(( (CURL_NS + CURL_NS2) / 2 ))
JWT_NS=$(( (JWT_NS + JWT_NS2) / 2 ))

awk -v n="$N" -v c="$CURL_NS" -v j="$JWT_NS" -v cv="$(curl --version | head -1 | cut -d' ' -f1-2)" 'BEGIN {
    printf "replay vs curl, %d POSTs each to jwtgrant serve on 127.0.0.1 (mean of 2 rounds)\n", n
    printf "  %-28s %8.2f ms per request\n", cv, c / n / 1e6
    printf "  %-28s %8.2f ms per request\n", "jwtgrant replay", j / n / 1e6
    printf "  ratio jwtgrant / curl: %.2fx (target <= 1.20x)\n", j / c
}'
