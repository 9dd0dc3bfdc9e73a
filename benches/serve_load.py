#!/usr/bin/env python3
"""Helpers for benches/serve_load.sh (standard library only).

  serve_load.py bodies FILE COUNT ISSUER SECRET_FILE
      one token-request form body per line: client_credentials with a client_secret_jwt
      (HS256) assertion for client "app", each with its own jti, valid 15 minutes.
  serve_load.py slow HOST:PORT CLIENTS SECONDS
      CLIENTS slow clients for SECONDS: half send a request head one byte per second, half
      send a head and then the body one byte per second; each reconnects when the server
      closes it. Prints what the server did to them.
  serve_load.py report RESULTS
      the table: requests/s, p50, p99 and peak RSS per scenario (median over rounds), and
      the p99 ratio with and without slow clients.
"""
import asyncio
import base64
import hashlib
import hmac
import json
import statistics
import sys
import time
import urllib.parse

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
RATIO_TARGET = 2.0


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def bodies(path, count, issuer, secret_file):
    secret = open(secret_file, "rb").read().rstrip(b"\n")
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    now = int(time.time())
    with open(path, "w") as out:
        for i in range(count):
            claims = {"iss": "app", "sub": "app", "aud": issuer, "iat": now - 5,
                      "exp": now + 900, "jti": f"load-{now}-{i}"}
            signing = header + "." + b64url(json.dumps(claims, separators=(",", ":")).encode())
            signature = b64url(hmac.new(secret, signing.encode(), hashlib.sha256).digest())
            out.write(urllib.parse.urlencode({
                "grant_type": "client_credentials",
                "client_id": "app",
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": f"{signing}.{signature}",
            }) + "\n")


async def slow_client(host, port, kind, deadline, stats):
    head = f"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    body = b"grant_type=client_credentials&client_id=app" + b"&pad=" + b"x" * 200
    post = (f"POST /token HTTP/1.1\r\nHost: {host}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            stats["connect failed"] += 1
            await asyncio.sleep(0.5)
            continue
        stats["connections"] += 1
        answer = asyncio.ensure_future(reader.read(65536))
        if kind == "body":
            writer.write(post)
        drip = head if kind == "head" else body
        try:
            for byte in drip:
                if answer.done() or time.monotonic() >= deadline:
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.wait([answer], timeout=1.0)
        except OSError:
            pass
        if answer.done() and not answer.cancelled():
            try:
                got = answer.result()
            except OSError:
                got = b""
            status = got.split(b" ", 2)[1].decode() if got.startswith(b"HTTP/") else "closed"
            stats[f"{kind}: {status}"] += 1
        else:
            answer.cancel()
        writer.close()


async def slow(target, clients, seconds):
    host, port = target.rsplit(":", 1)
    deadline = time.monotonic() + seconds
    stats = {"connections": 0, "connect failed": 0}
    keys = [f"{k}: {s}" for k in ("head", "body") for s in ("closed", "408", "400", "503")]
    stats.update({k: 0 for k in keys})
    await asyncio.gather(*(slow_client(host, int(port), "head" if i % 2 else "body",
                                       deadline, stats) for i in range(clients)))
    shown = ", ".join(f"{k} {v}" for k, v in stats.items() if v)
    print(f"  slow clients ({clients}): {shown}", file=sys.stderr)


def report(path):
    rounds = {}
    for line in open(path):
        fields = dict(f.split("=", 1) for f in line.split())
        rounds.setdefault(int(fields["slow"]), []).append(fields)
    rows = {}
    print(f"{'slow clients':>12} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'non-2xx':>8} {'errors':>7} {'peak RSS':>9}  rounds")
    for slow_n in sorted(rounds):
        rs = rounds[slow_n]
        med = lambda key: statistics.median(float(r[key]) for r in rs)
        rps = statistics.median(int(r["requests"]) / (int(r["duration_us"]) / 1e6) for r in rs)
        rows[slow_n] = med("p99_us")
        print(f"{slow_n:>12} {rps:>11.0f} {med('p50_us') / 1000:>8.2f} "
              f"{rows[slow_n] / 1000:>8.2f} {sum(int(r['non2xx']) for r in rs):>8} "
              f"{sum(int(r['errors']) for r in rs):>7} "
              f"{max(int(r['rss_kb']) for r in rs) / 1024:>7.1f} MB  {len(rs)}")
    low, high = min(rows), max(rows)
    ratio = rows[high] / rows[low]
    verdict = "ok" if ratio <= RATIO_TARGET else "FAILED"
    print(f"p99 ratio ({high} slow / {low} slow): {ratio:.2f}x "
          f"(target <= {RATIO_TARGET:.2f}x) {verdict}")
    return 0 if ratio <= RATIO_TARGET else 1


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "bodies":
        bodies(args[0], int(args[1]), args[2], args[3])
    elif cmd == "slow":
        asyncio.run(slow(args[0], int(args[1]), float(args[2])))
    elif cmd == "report":
        sys.exit(report(args[0]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
