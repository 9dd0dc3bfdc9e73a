#!/usr/bin/env bash
# Sign and verify speed per JWS algorithm.
#   jwtgrant, in one process (hidden `jwtgrant bench sign|verify`): a whole client assertion
#     (JSON + base64url + signature; or parse + key checks + signature) and the signature alone;
#   the limit: `openssl speed` for the same primitive on this machine;
#   jwt-cli (the nearest peer), one process per token, where it supports the alg.
# Usage: benches/crypto.sh   (env: N=20000 in-process iterations for fast algs, a tenth for
#                             RSA signing and P-384/P-521; BEST=3 runs, best kept; SECS=3 for
#                             openssl speed; LOOPS=200 process runs per tool)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${N:-20000}
BEST=${BEST:-3}
SECS=${SECS:-3}
LOOPS=${LOOPS:-200}
JWT=$(build_jwtgrant)
K="$WORK/crypto"
rm -rf "$K" && mkdir -p "$K"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(openssl version)"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K/rsa.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$K/p256.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$K/p384.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$K/p521.pem"
openssl genpkey -algorithm ed25519 -out "$K/ed25519.pem"
for k in rsa p256 p384 p521 ed25519; do openssl pkey -in "$K/$k.pem" -pubout -out "$K/$k.pub.pem"; done
head -c 64 /dev/urandom | openssl base64 -A | head -c 64 > "$K/hmac.secret"

# openssl speed: "<name> ... <t>s <t>s <sign/s> <verify/s>"; the first two numbers without
# an "s" suffix are the rates.
speed_out=$(openssl speed -seconds "$SECS" rsa2048 ecdsap256 ecdsap384 ecdsap521 ed25519 2>/dev/null)
rates() { echo "$speed_out" | grep -m1 "$1" | awk '{n=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9.]+$/ && n<2 && i>3) {printf "%s ", $i; n++}}'; }
# HMAC: k bytes/s for 256-byte blocks (a client assertion's signing input is ~220 bytes)
hmac_rate() {
    openssl speed -seconds "$SECS" -hmac "$1" 2>/dev/null | grep -m1 '^hmac' |
        awk '{v=$(NF-3); sub(/k$/,"",v); printf "%.0f", v*1000/256}'
}
hmac256=$(hmac_rate sha256); hmac384=$(hmac_rate sha384); hmac512=$(hmac_rate sha512)

limit_for() {
    case $1 in
        RS*|PS*) rates "rsa 2048" ;;
        ES256) rates "nistp256" ;;
        ES384) rates "nistp384" ;;
        ES512) rates "nistp521" ;;
        EdDSA) rates "Ed25519" ;;
        HS256) echo "$hmac256 $hmac256" ;;
        HS384) echo "$hmac384 $hmac384" ;;
        HS512) echo "$hmac512 $hmac512" ;;
    esac
}
key_for() {
    case $1 in
        RS*|PS*) echo rsa ;; ES256) echo p256 ;; ES384) echo p384 ;; ES512) echo p521 ;;
        EdDSA) echo ed25519 ;; HS*) echo hmac ;;
    esac
}
key_args() { # ALG HALF
    local k; k=$(key_for "$1")
    if [ "$k" = hmac ]; then echo "--secret-file $K/hmac.secret"; else echo "--key $K/$k.pem"; fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

printf '\nIn-process, best of %s runs (ops/s; ratio = signature only / openssl speed)\n' "$BEST"
printf '%-6s | %10s %10s %10s %6s | %10s %10s %10s %6s\n' alg "sign tok" "sign sig" openssl ratio "vrfy tok" "vrfy sig" openssl ratio
# Best of BEST runs: the machine is shared, so the fastest run is the least disturbed one.
best() { # WHAT ALG ITERATIONS -> "token_rate signature_rate"
    local bt=0 bs=0 out t s
    for _ in $(seq "$BEST"); do
        # shellcheck disable=SC2046
        out=$("$JWT" bench "$1" --alg "$2" $(key_args "$2") --iterations "$3")
        t=$(echo "$out" | sed -E 's/.*token ([0-9]+).*/\1/'); s=$(echo "$out" | sed -E 's/.*only ([0-9]+).*/\1/')
        [ "$t" -gt "$bt" ] && bt=$t
        [ "$s" -gt "$bs" ] && bs=$s
    done
    echo "$bt $bs"
}
for alg in HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA; do
    case $alg in RS*|PS*) ns=$((N / 10)) ;; ES384|ES512) ns=$((N / 10)) ;; *) ns=$N ;; esac
    case $alg in ES384|ES512) nv=$((N / 10)) ;; *) nv=$N ;; esac
    read -r st ss <<<"$(best sign "$alg" "$ns")"
    read -r vt vs <<<"$(best verify "$alg" "$nv")"
    read -r ls lv <<<"$(limit_for "$alg")"
    printf '%-6s | %10s %10s %10.0f %6s | %10s %10s %10.0f %6s\n' "$alg" "$st" "$ss" "$ls" "$(ratio "$ss" "$ls")" "$vt" "$vs" "$lv" "$(ratio "$vs" "$lv")"
    case $alg in
        RS256) rs256_verify=$(ratio "$vs" "$lv") ;;
        ES256) es256_sign=$(ratio "$ss" "$ls") ;;
    esac
done
printf '\ntargets (>= 0.80 of openssl): RS256 verify %s, ES256 sign %s\n' "$rs256_verify" "$es256_sign"

# One process per token, LOOPS runs each: jwtgrant vs jwt-cli (which has no ES512).
JWTCLI=$(ensure_jwt_cli)
printf '\nOne process per token, %s runs (ms per run; ratio = jwtgrant / jwt-cli)\n' "$LOOPS"
printf '%-6s | %12s %12s %6s | %12s %12s %6s\n' alg "jwtgrant sign" "jwt-cli sign" ratio "jwtgrant vrfy" "jwt-cli vrfy" ratio
loop_ms() { # command... ; runs it LOOPS times
    local start end
    start=$(date +%s%N)
    for _ in $(seq "$LOOPS"); do "$@" >/dev/null 2>&1; done
    end=$(date +%s%N)
    awk -v ns=$((end - start)) -v n="$LOOPS" 'BEGIN { printf "%.2f", ns / n / 1e6 }'
}
for alg in HS256 RS256 PS256 ES256 ES384 EdDSA; do
    k=$(key_for "$alg")
    if [ "$k" = hmac ]; then jkey="@$K/hmac.secret"; jpub="@$K/hmac.secret"; else jkey="@$K/$k.pem"; jpub="@$K/$k.pub.pem"; fi
    cli_alg=$alg; [ "$alg" = EdDSA ] && cli_alg=EDDSA
    # shellcheck disable=SC2046
    tok=$("$JWT" sign --client-id c1 --aud https://as.example.com --alg "$alg" $(key_args "$alg"))
    # shellcheck disable=SC2046
    a=$(loop_ms "$JWT" sign --client-id c1 --aud https://as.example.com --alg "$alg" $(key_args "$alg"))
    b=$(loop_ms "$JWTCLI" encode -A "$cli_alg" -S "$jkey" --iss c1 --sub c1 -a https://as.example.com --jti j1 --exp=+5min)
    if [ "$k" = hmac ]; then vargs="--secret-file $K/hmac.secret"; else vargs="--key $K/$k.pub.pem"; fi
    # shellcheck disable=SC2086
    c=$(loop_ms "$JWT" verify "$tok" $vargs)
    d=$(loop_ms "$JWTCLI" decode -A "$cli_alg" -S "$jpub" "$tok")
    printf '%-6s | %12s %12s %6s | %12s %12s %6s\n' "$alg" "$a" "$b" "$(ratio "$a" "$b")" "$c" "$d" "$(ratio "$c" "$d")"
done
echo
echo "re-run: benches/crypto.sh   (N=$N SECS=$SECS LOOPS=$LOOPS)"
