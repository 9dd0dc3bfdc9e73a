"""A real OAuth client, Authlib's (requests integration, joserfc underneath), authenticating
to `jwtgrant serve`.

  python authlib_client_cases.py CASES.json

CASES.json: {"issuer": URL, "cases": [{"name", "kind", "client_id", "alg", "key", "secret",
"break"}]}; kind: private_key_jwt | client_secret_jwt | jwt_bearer. Prints one JSON line per
case: {"name", "ok", "error", "error_description"} as the library reports them.
"""
import json
import sys
import time

from authlib.integrations.requests_client import AssertionSession, OAuth2Session
from authlib.oauth2.rfc7523 import ClientSecretJWT, PrivateKeyJWT
from joserfc.jwk import ECKey, OKPKey, RSAKey


def private_key(path, alg):
    data = open(path, "rb").read()
    if alg.startswith(("RS", "PS")):
        return RSAKey.import_key(data)
    if alg.startswith("ES"):
        return ECKey.import_key(data)
    return OKPKey.import_key(data)


def breaking(how):
    """Extra claims that break the assertion, through the library's claims parameter."""
    now = int(time.time())
    if how == "expired":
        return {"iat": now - 3600, "exp": now - 3540}
    return None


def run(spec, case):
    issuer = spec["issuer"]
    token_endpoint = issuer + "/token"
    # The assertion's aud: Authlib uses the URL given here; RFC 10070 wants the issuer.
    aud = token_endpoint if case.get("break") == "wrong_aud" else issuer
    kind = case["kind"]
    if kind == "jwt_bearer":
        now = int(time.time())
        claims = {"exp": now - 3540, "iat": now - 3600} if case.get("break") == "expired" else None
        session = AssertionSession(
            token_endpoint=token_endpoint,
            issuer=case["issuer"],
            subject="alice",
            audience="https://elsewhere.example" if case.get("break") == "wrong_aud" else issuer,
            claims=claims,
            key=private_key(case["key"], case["alg"]),
            alg=case["alg"],
        )
        return session.refresh_token()
    if kind == "private_key_jwt":
        secret = private_key(case["key"], case["alg"])
        method = PrivateKeyJWT(aud, claims=breaking(case.get("break")), alg=case["alg"])
    else:
        secret = open(case["secret"]).read()
        method = ClientSecretJWT(aud, claims=breaking(case.get("break")), alg="HS256")
    session = OAuth2Session(case["client_id"], secret, token_endpoint_auth_method=method)
    return session.fetch_token(token_endpoint, grant_type="client_credentials")


def main():
    spec = json.load(open(sys.argv[1]))
    for case in spec["cases"]:
        try:
            token = run(spec, case)
            print(json.dumps({"name": case["name"], "ok": "access_token" in token}), flush=True)
        except Exception as e:  # the library's error, whatever its class, is the result
            print(
                json.dumps(
                    {
                        "name": case["name"],
                        "ok": False,
                        "error": getattr(e, "error", type(e).__name__),
                        "error_description": getattr(e, "description", None) or str(e),
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
