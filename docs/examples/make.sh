#!/usr/bin/env bash
# Makes the example tokens and the files built from them (logs, requests, a ticket) that the
# docs' examples read. Everything is reproducible: fixed instants (--now), fixed jti values,
# and deterministic signatures (RS256, HS256), so running this again changes nothing.
# tests/docs.rs runs it and fails when a committed file differs; JWTGRANT_BLESS=1 rewrites.
# Inputs, committed by hand: keys/ (example keys, public knowledge: never use them for
# anything real) and secret.txt; keys/client.crt.pem is a self-signed certificate for
# keys/client.pem (openssl req -new -x509 -key keys/client.pem -subj /CN=s6BhdRkqt3
# -days 36500 -set_serial 1).
set -euo pipefail
cd "$(dirname "$0")"

AS=https://as.example.com
TOKEN_ENDPOINT=$AS/oauth2/token
CLIENT=s6BhdRkqt3
CLIENT_URN=urn:ietf:params:oauth:client-assertion-type:jwt-bearer
GRANT_URN=urn:ietf:params:oauth:grant-type:jwt-bearer

client() { # client assertion signed with keys/client.pem; extra args refine it
    jwtgrant sign --client-id "$CLIENT" --key keys/client.pem "$@" 2>/dev/null
}

# A good client assertion, issued a minute before the docs' "now" (2025-11-25T14:00:00Z).
client --aud "$AS" --typ client-authentication+jwt --now 2025-11-25T13:59:00Z \
    --claim jti=7c9e2a51-3f0b-4d8e-a6c1-52f4e8b9d013 >assertion.jwt

# The same client, an assertion that expired at 13:45.
client --aud "$AS" --typ client-authentication+jwt --now 2025-11-25T13:40:00Z \
    --claim jti=0d4b7e19-8a62-4c3f-b915-e2a7c6f3d480 >expired.jwt

# A JWT bearer grant from an identity provider, for user alice.
jwtgrant sign --flow grant --iss https://idp.example.org --sub alice --aud "$AS" \
    --key keys/idp.pem --now 2025-11-25T13:58:20Z --no-nbf \
    --claim jti=4c1d9e2b-7f3a-4b8e-9a0c-5d6e7f8a9b0c 2>/dev/null >grant.jwt

# The grant inside a curl command, and inside a form body with a short grant_type.
printf 'curl %s \\\n  -d grant_type=%s \\\n  --data-urlencode assertion=%s\n' \
    "$TOKEN_ENDPOINT" "$GRANT_URN" "$(cat grant.jwt)" >curl.txt
printf 'grant_type=jwt-bearer&assertion=%s\n' "$(cat grant.jwt)" >body.txt

# A curl command with two mistakes: the URNs swapped, and a second client authentication.
printf 'curl -u %s:hunter2 %s \\\n  -d grant_type=client_credentials \\\n  -d client_assertion_type=%s \\\n  --data-urlencode client_assertion=%s\n' \
    "$CLIENT" "$TOKEN_ENDPOINT" "$GRANT_URN" "$(cat assertion.jwt)" >curl.sh

# An application log with four attempts: aud is the token endpoint (twice, the second time
# with the same jti), a grant whose exp is in milliseconds, and a correct HS256 assertion.
endpoint_aud() {
    client --aud "$TOKEN_ENDPOINT" --now "$1" --claim jti=0b5a1e0c-4a8e-4f9a-9d8f-0d3f4c1e2a77
}
endpoint_aud 2025-11-25T13:58:00Z >endpoint-aud.jwt
form="grant_type=client_credentials&client_assertion_type=$CLIENT_URN&client_assertion"
ms_grant=$(jwtgrant sign --flow grant --iss https://idp.example.org --sub alice --aud "$AS" \
    --key keys/idp.pem --now 2025-11-25T13:57:00Z --no-nbf --claim exp=1764079320000 \
    --claim jti=5e8f1a2b-9c3d-4e7f-8a1b-2c3d4e5f6a7b 2>/dev/null)
hs256=$(jwtgrant sign --client-id "$CLIENT" --aud "$AS" --secret-file secret.txt --alg HS256 \
    --typ client-authentication+jwt --now 2025-11-25T13:59:30Z \
    --claim jti=9f3c2b7a-1e4d-4a6b-8c5f-3d2e1a0b9c87 2>/dev/null)
{
    echo "2025-11-25T13:58:00Z INFO  token-client starting, issuer $AS"
    echo "2025-11-25T13:58:01Z DEBUG POST $TOKEN_ENDPOINT body=$form=$(cat endpoint-aud.jwt)"
    echo "2025-11-25T13:58:01Z WARN  token endpoint answered 401 invalid_client"
    echo "2025-11-25T13:58:31Z DEBUG POST $TOKEN_ENDPOINT body=$form=$(endpoint_aud 2025-11-25T13:58:30Z)"
    echo "2025-11-25T13:58:40Z DEBUG exchange {\"grant_type\": \"$GRANT_URN\", \"assertion\": \"$ms_grant\"}"
    echo "2025-11-25T13:59:30Z DEBUG POST $TOKEN_ENDPOINT body=$form=$hs256"
} >app.log

# One token per line, for `lint -`.
cat assertion.jwt expired.jwt grant.jwt >tokens.txt

# A support ticket: the request and the server's answer as someone pasted them.
{
    printf 'POST /oauth2/token HTTP/1.1\nHost: as.example.com\nContent-Type: application/x-www-form-urlencoded\n\n'
    printf '%s=%s\n\n' "$form" "$(cat expired.jwt)"
    printf 'HTTP/1.1 401 Unauthorized\nDate: Tue, 25 Nov 2025 14:00:00 GMT\nContent-Type: application/json\n\n'
    printf '{"error":"invalid_client","error_description":"client authentication failed"}\n'
} >ticket.txt
