"""An independent JOSE implementation (PyJWT on `cryptography`) for jwtgrant's tests.

  python jose_interop.py sign ALG KEYFILE CLAIMS_JSON   prints a compact JWS
  python jose_interop.py verify ALG KEYFILE TOKEN       prints the payload; exit 1 if invalid
"""
import json
import sys

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import serialization


def private_key(data):
    return serialization.load_pem_private_key(data, password=None)


def public_key(data):
    for load in (
        serialization.load_pem_public_key,
        lambda d: x509.load_pem_x509_certificate(d).public_key(),
        lambda d: private_key(d).public_key(),
    ):
        try:
            return load(data)
        except ValueError:
            continue
    raise ValueError("no public key in the file")


def main():
    mode, alg, keyfile, arg = sys.argv[1:5]
    data = open(keyfile, "rb").read()
    try:
        if mode == "sign":
            key = data if alg.startswith("HS") else private_key(data)
            print(jwt.encode(json.loads(arg), key, algorithm=alg, headers={"typ": "JWT"}))
        elif mode == "verify":
            key = data if alg.startswith("HS") else public_key(data)
            payload = jwt.decode(arg, key, algorithms=[alg], options={"verify_aud": False})
            print(json.dumps(payload))
        else:
            raise SystemExit(f"unknown mode {mode}")
    except jwt.PyJWTError as e:
        print(f"jose_interop: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
