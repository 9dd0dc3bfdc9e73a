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

# A browser's HAR export (Chrome's shape: postData text and params, base64 bodies, `_`
# members) with the server's discovery document and three token calls: accepted; valid by
# the browser's clock but expired by the server's (its Date runs 10 minutes ahead); and an
# aud that names another server. The server gives no reason for either refusal.
b64() { printf %s "$1" | base64 | tr -d '\n'; }
har_params() { # form body → HAR params
    local IFS='&' sep='' pair
    for pair in $1; do printf '%s{"name": "%s", "value": "%s"}' "$sep" "${pair%%=*}" "${pair#*=}"; sep=', '; done
}
har_entry() { # started date body status answer
    local post='' size=0 method=GET
    if [ -n "$3" ]; then
        size=${#3} method=POST
        post=", \"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\", \"text\": \"$3\", \"params\": [$(har_params "$3")]}"
    fi
    cat <<ENTRY
    {
      "_initiator": {"type": "script"}, "_priority": "High", "_resourceType": "fetch",
      "startedDateTime": "$1", "time": 182.4, "serverIPAddress": "93.184.215.14", "connection": "443",
      "request": {"method": "$method", "url": "$TOKEN_URL", "httpVersion": "http/2.0",
        "headers": [{"name": "content-type", "value": "application/x-www-form-urlencoded"}],
        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": $size$post},
      "response": {"status": $4, "statusText": "", "httpVersion": "http/2.0",
        "headers": [{"name": "date", "value": "$2"}, {"name": "content-type", "value": "application/json"}],
        "cookies": [], "content": {"size": ${#5}, "mimeType": "application/json", "text": "$(b64 "$5")", "encoding": "base64"},
        "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": $((${#5} + 180))},
      "cache": {}, "timings": {"blocked": 0.9, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2, "wait": 180.6, "receive": 0.7}
    }
ENTRY
}
call_form() { printf '%s=%s' "$form" "$1"; }
accepted=$(client --aud "$AS" --now 2025-11-25T13:58:00Z --claim jti=3b8f0c1e-62d4-4f7a-9e15-8a2c4d6b0f31)
late=$(client --aud "$AS" --now 2025-11-25T13:58:59Z --claim jti=c41e7a90-5b2f-4d38-8e6a-1f9d3c7b2a54)
elsewhere=$(client --aud https://login.example.net --now 2025-11-25T13:59:29Z --claim jti=8d2a6f14-3c9e-4b71-a0d5-6e8f1b3c9a27)
metadata="{\"issuer\":\"$AS\",\"token_endpoint\":\"$TOKEN_ENDPOINT\",\"jwks_uri\":\"$AS/jwks\",\"token_endpoint_auth_signing_alg_values_supported\":[\"RS256\",\"PS256\",\"ES256\"]}"
issued='{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600}'
refused='{"error":"invalid_client","error_description":"client authentication failed"}'
{
    printf '{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "WebInspector", "version": "537.36"},\n'
    printf '    "pages": [{"startedDateTime": "2025-11-25T13:57:58.102Z", "id": "page_1", "title": "https://app.example.com/", "pageTimings": {"onContentLoad": 312.5, "onLoad": 540.1}}],\n'
    printf '    "entries": [\n'
    TOKEN_URL="$AS/.well-known/openid-configuration" har_entry 2025-11-25T13:58:00.210Z 'Tue, 25 Nov 2025 13:58:00 GMT' '' 200 "$metadata"
    printf ',\n'
    TOKEN_URL=$TOKEN_ENDPOINT har_entry 2025-11-25T13:58:01.004Z 'Tue, 25 Nov 2025 13:58:01 GMT' "$(call_form "$accepted")" 200 "$issued"
    printf ',\n'
    TOKEN_URL=$TOKEN_ENDPOINT har_entry 2025-11-25T13:59:00.517Z 'Tue, 25 Nov 2025 14:09:00 GMT' "$(call_form "$late")" 401 "$refused"
    printf ',\n'
    TOKEN_URL=$TOKEN_ENDPOINT har_entry 2025-11-25T13:59:30.833Z 'Tue, 25 Nov 2025 13:59:31 GMT' "$(call_form "$elsewhere")" 401 "$refused"
    printf '\n    ]\n  }\n}\n'
} >support.har

# What `curl -v` prints (stderr and stdout together) under the command that ran it, for an
# assertion that had expired: curl's own Note line, `*` notes, `>` and `<` heads, the body.
{
    printf '$ curl -v -X POST %s \\\n  -d grant_type=client_credentials -d client_assertion_type=%s \\\n  --data-urlencode client_assertion=%s\n' \
        "$TOKEN_ENDPOINT" "$CLIENT_URN" "$(cat expired.jwt)"
    printf 'Note: Unnecessary use of -X or --request, POST is already inferred.\n'
    printf '*   Trying 93.184.215.14:443...\n* Connected to as.example.com (93.184.215.14) port 443 (#0)\n'
    printf '* ALPN: offers h2,http/1.1\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n* using HTTP/2\n'
    printf '> POST /oauth2/token HTTP/2\n> Host: as.example.com\n> user-agent: curl/8.5.0\n> accept: */*\n'
    printf '> content-length: 801\n> content-type: application/x-www-form-urlencoded\n>\n} [801 bytes data]\n'
    printf '< HTTP/2 401\n< date: Tue, 25 Nov 2025 14:00:00 GMT\n< content-type: application/json\n< cache-control: no-store\n<\n'
    printf '{ [80 bytes data]\n* Connection #0 to host as.example.com left intact\n%s\n' "$refused"
} >curl-v.txt
