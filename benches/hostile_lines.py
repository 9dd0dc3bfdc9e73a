"""Lines of hostile token input for benches/same_output.sh.

    python3 benches/hostile_lines.py SEED COUNT list|scan

`list` prints token lists (bare tokens, some padded with blanks, CRLF-ended or glued to
text); `scan` prints log lines (bearer headers, form bodies, JSON members, percent-encoded
forms, noise). The tokens mix headers, claim sets (sub-second units, strings, floats,
escapes, invisible characters, repeated and duplicate members), both base64 alphabets,
whitespace and non-ASCII inside, broken JSON, extra dots and JWEs.
"""
import base64
import json
import random
import sys

seed, count, kind = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(seed)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64std(data):  # the wrong alphabet, padded: token.encoding
    return base64.standard_b64encode(data).decode()


HEADERS = [
    {"alg": "RS256", "typ": "JWT", "kid": "k"},
    {"alg": "none"},
    {"alg": "HS256"},
    {"alg": "ES256", "typ": "client-authentication+jwt"},
    {"alg": "RSA-OAEP", "enc": "A128GCM"},
    {"alg": "RS256", "jku": "https://x/jwks"},
    {"alg": "PS256", "typ": "oauth-id-jag+jwt"},
]
CLAIMS = [
    {"iss": "c", "sub": "c", "aud": "https://as/t", "iat": 1764079170, "exp": 1764079440, "jti": "a"},
    {"iss": "c", "sub": "c", "aud": ["https://as/t", "x"], "exp": 1764079440000, "jti": "a"},
    {"iss": " c", "sub": "c\u200b", "aud": "https://as/t", "exp": -1, "jti": "1"},
    {"iss": "https://idp", "sub": "alice@example.com", "aud": "client", "nonce": "n", "exp": 1.5,
     "iat": "1764079170"},
    {"iss": "c", "sub": "c", "aud": "https://as/t", "exp": 123456789012345678, "jti": "é\"\\x"},
    {},
    {"a": {"b": [1, 2, {"c": None}]}, "exp": True},
    {"client_id": "c", "resource": "r", "scope": "s"},
]


def claims_json():
    claims = dict(rnd.choice(CLAIMS))
    if rnd.random() < 0.5:
        claims["jti"] = f"j{rnd.randrange(50)}"  # repeats: claim.jti_reused
    text = json.dumps(claims, separators=(",", ":"), ensure_ascii=rnd.random() < 0.5)
    if rnd.random() < 0.1 and '"exp"' in text:
        text = text.replace('"exp"', '"exp","exp":1,"x"', 1)  # a duplicate member
    return text.encode()


def token():
    header = rnd.choice(HEADERS)
    head = b64url(json.dumps(header, separators=(",", ":")).encode())
    if "enc" in header:
        text = ".".join([head, "", b64url(b"iv"), b64url(b"ct"), b64url(b"tag")])
    else:
        encode = b64std if rnd.random() < 0.08 else b64url
        signature = bytes(rnd.randrange(256) for _ in range(rnd.choice([0, 32, 64, 256])))
        text = ".".join([head, encode(claims_json()), encode(signature)])
    r = rnd.random()
    if r < 0.05:
        text = text[: len(text) // 2] + " " + text[len(text) // 2 :]
    elif r < 0.08:
        text = text[:10] + "\u00a0" + text[10:]
    elif r < 0.10:
        text += "."
    elif r < 0.12:
        text = text.replace(".", "..", 1)
    elif r < 0.14:
        text = text[:-1] + "="
    elif r < 0.16:
        text = "eyJub3QganNvbg." + text.split(".", 1)[1]  # a header that is not JSON
    return text


def list_line(t):
    r = rnd.random()
    return t if r < 0.7 else f" \t{t} " if r < 0.8 else t + "\r" if r < 0.9 else "x" + t


def log_line(t):
    r = rnd.random()
    if r < 0.3:
        return f"Authorization: Bearer {t}"
    if r < 0.5:
        return f"body grant_type=jwt-bearer&assertion={t}&x=1"
    if r < 0.6:
        return f'{{"client_assertion": "{t}"}}'
    if r < 0.65:
        return f"assertion=%22{t}%22"
    if r < 0.9:
        return f"noise key they money {rnd.getrandbits(64):x}"
    return t.replace(".", "%2E")


line = list_line if kind == "list" else log_line
sys.stdout.write("".join(line(token()) + "\n" for _ in range(count)))
