"""Lines of hostile token input for benches/same_output.sh: SEED COUNT list|scan.

`list` prints token lists (bare tokens, some padded, CRLF-ended or glued to text); `scan`
prints log lines (bearer headers, form bodies, JSON members, percent-encoded forms, noise).
Tokens mix headers, claim sets (units, strings, floats, escapes, repeats, duplicates), both
base64 alphabets, whitespace and non-ASCII inside, broken JSON, extra dots and JWEs.
"""
import base64, json, random, sys
rnd = random.Random(int(sys.argv[1]))
def b64(d): return base64.urlsafe_b64encode(d).rstrip(b"=").decode()
def b64std(d): return base64.standard_b64encode(d).decode()
headers = [{"alg":"RS256","typ":"JWT","kid":"k"}, {"alg":"none"}, {"alg":"HS256"}, {"alg":"ES256","typ":"client-authentication+jwt"},
           {"alg":"RSA-OAEP","enc":"A128GCM"}, {"alg":"RS256","jku":"https://x/jwks"}, {"alg":"PS256","typ":"oauth-id-jag+jwt"}]
claimsets = [
 {"iss":"c","sub":"c","aud":"https://as/t","iat":1764079170,"exp":1764079440,"jti":"a"},
 {"iss":"c","sub":"c","aud":["https://as/t","x"],"exp":1764079440000,"jti":"a"},
 {"iss":" c","sub":"c\u200b","aud":"https://as/t","exp":-1,"jti":"1"},
 {"iss":"https://idp","sub":"alice@example.com","aud":"client","nonce":"n","exp":1.5,"iat":"1764079170"},
 {"iss":"c","sub":"c","aud":"https://as/t","exp":123456789012345678,"jti":"é\"\\x"},
 {}, {"a":{"b":[1,2,{"c":None}]},"exp":True}, {"client_id":"c","resource":"r","scope":"s"},
]
def token(h, c, sig_len=32):
    hs = json.dumps(h, separators=(",",":")).encode()
    cs = json.dumps(c, separators=(",",":"), ensure_ascii=rnd.random()<0.5).encode()
    if rnd.random() < 0.1: cs = cs.replace(b'"exp"', b'"exp","exp":1,"x"', 1) if b'"exp"' in cs else cs
    sig = bytes(rnd.randrange(256) for _ in range(sig_len))
    enc = b64
    if rnd.random() < 0.08: enc = b64std
    parts = [b64(hs), enc(cs), enc(sig)]
    if h.get("enc"): parts = [b64(hs), "", b64(b"iv"), b64(b"ct"), b64(b"tag")]
    t = ".".join(parts)
    r = rnd.random()
    if r < 0.05: t = t[:len(t)//2] + " " + t[len(t)//2:]
    elif r < 0.08: t = t[:10] + "\u00a0" + t[10:]
    elif r < 0.10: t = t + "."
    elif r < 0.12: t = t.replace(".", "..", 1)
    elif r < 0.14: t = t[:-1] + "="
    elif r < 0.16: t = "eyJub3QganNvbg." + t.split(".",1)[1]
    return t
out = []
for i in range(int(sys.argv[2])):
    t = token(rnd.choice(headers), dict(rnd.choice(claimsets), jti=f"j{rnd.randrange(50)}") if rnd.random()<0.5 else rnd.choice(claimsets), rnd.choice([0, 32, 64, 256]))
    r = rnd.random()
    if sys.argv[3] == "list":
        line = t if r < 0.7 else (" \t" + t + " ") if r < 0.8 else (t + "\r") if r < 0.9 else ("x" + t)
    else:
        line = (f"Authorization: Bearer {t}" if r < 0.3 else f"body grant_type=jwt-bearer&assertion={t}&x=1" if r < 0.5 else
                f'{{"client_assertion": "{t}"}}' if r < 0.6 else f"assertion=%22{t}%22" if r < 0.65 else
                f"noise key they money {rnd.getrandbits(64):x}" if r < 0.9 else t.replace(".", "%2E"))
    out.append(line)
sys.stdout.write("\n".join(out) + "\n")
