"""A real Authlib token endpoint on 127.0.0.1 (a free port) for jwtgrant's interop tests.

Authlib's RFC 7523 pieces, configured the way an application would: JWTBearerClientAssertion
for client authentication (private_key_jwt with RS256, ES256 and EdDSA keys, and
client_secret_jwt), and JWTBearerGrant for the jwt-bearer grant, trusting one issuer's key.
Both keep jti single-use; the grant also requires client authentication, sub and jti.

Test-only routes (never part of a real server), so the tests need no JOSE code of their
own: POST /test/mint signs an assertion with joserfc; GET /test/jwks/NAME returns the
public keys registered for a client or the trusted issuer.

The first line on stdout is JSON: {"port", "issuer", "token_endpoint"}.
"""

import json
import os
import secrets
import sys
import threading

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on loopback, for the test only

from authlib.integrations.flask_oauth2 import AuthorizationServer  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, InvalidClientError, grants  # noqa: E402
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion, JWTBearerGrant  # noqa: E402
from flask import Flask, Response, jsonify, request  # noqa: E402
from joserfc import jws, jwt  # noqa: E402
from joserfc.errors import JoseError  # noqa: E402
from joserfc.jwk import ECKey, KeySet, OctKey, OKPKey, RSAKey  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TRUSTED_ISSUER = "https://idp.test"
# What this server enables, like oidc-provider's enabledJWA; each key's own "alg" narrows it.
ALLOWED_ALGS = ["RS256", "PS256", "ES256", "EdDSA", "HS256"]

# name -> (private key without "alg", kid, alg it is registered for)
KEYS = {
    "rs": (RSAKey.generate_key(2048), "rs-1", "RS256"),
    "es": (ECKey.generate_key("P-256"), "es-1", "ES256"),
    "ed": (OKPKey.generate_key("Ed25519"), "ed-1", "EdDSA"),
    "gc": (ECKey.generate_key("P-256"), "gc-1", "ES256"),
    "idp": (RSAKey.generate_key(2048), "idp-1", "RS256"),
    "rogue-rs": (RSAKey.generate_key(2048), "rs-1", "RS256"),
    "rogue-es": (ECKey.generate_key("P-256"), "es-1", "ES256"),
    "rogue-ed": (OKPKey.generate_key("Ed25519"), "ed-1", "EdDSA"),
    "rogue-idp": (RSAKey.generate_key(2048), "idp-1", "RS256"),
}
HS_SECRET = secrets.token_urlsafe(32)


def registered(name):
    key, kid, alg = KEYS[name]
    public = key.as_dict(private=False)
    public.update({"kid": kid, "alg": alg, "use": "sig"})
    return {"keys": [public]}


class Client(ClientMixin):
    def __init__(self, client_id, jwks=None, secret=None, grant_types=()):
        self.client_id = client_id
        self.jwks = jwks
        self.secret = secret
        self.grant_types = set(grant_types)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return scope or ""

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_client_secret(self, client_secret):
        return False

    def check_endpoint_auth_method(self, method, endpoint):
        return method == JWTBearerClientAssertion.CLIENT_AUTH_METHOD

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types

    def keys(self):
        if self.secret is not None:
            return OctKey.import_key(self.secret, {"alg": "HS256"})
        return KeySet.import_key_set(self.jwks)


CLIENTS = {
    "rs-client": Client("rs-client", registered("rs"), grant_types=["client_credentials"]),
    "es-client": Client("es-client", registered("es"), grant_types=["client_credentials"]),
    "ed-client": Client("ed-client", registered("ed"), grant_types=["client_credentials"]),
    "hs-client": Client("hs-client", secret=HS_SECRET, grant_types=["client_credentials"]),
    "grant-client": Client("grant-client", registered("gc"), grant_types=[JWT_BEARER]),
}
# Authlib maps a grant's iss to a client record: the trusted issuer is one.
ISSUERS = {TRUSTED_ISSUER: Client(TRUSTED_ISSUER, registered("idp"), grant_types=[JWT_BEARER])}
USERS = {"alice"}
SEEN_CLIENT_JTI = set()
SEEN_GRANT_JTI = set()
LOCK = threading.Lock()

ISSUER = ""
TOKEN_ENDPOINT = ""


def single_use(seen, claims):
    key = (claims.get("iss"), claims.get("jti"))
    with LOCK:
        if key in seen:
            return False
        seen.add(key)
        return True


class ClientAssertion(JWTBearerClientAssertion):
    def get_audiences(self):
        return [ISSUER, TOKEN_ENDPOINT]

    def validate_jti(self, claims, jti):
        return single_use(SEEN_CLIENT_JTI, claims)

    def resolve_client_public_key(self, client):
        return client.keys()

    def process_assertion_claims(self, assertion, resolve_key):
        # Authlib's own steps, with this server's enabled algorithms (joserfc's default
        # list leaves out EdDSA and PS256).
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=ALLOWED_ALGS)
        except JoseError as e:
            raise InvalidClientError(description=e.description) from e
        self.verify_claims(token.claims)
        return token.claims


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = [JWTBearerClientAssertion.CLIENT_AUTH_METHOD]


class Grant(JWTBearerGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = [JWTBearerClientAssertion.CLIENT_AUTH_METHOD]
    CLAIMS_OPTIONS = {
        "iss": {"essential": True},
        "sub": {"essential": True},
        "aud": {"essential": True},
        "exp": {"essential": True},
        "jti": {"essential": True},
    }

    def get_audiences(self):
        return [ISSUER, TOKEN_ENDPOINT]

    def resolve_issuer_client(self, issuer):
        return ISSUERS.get(issuer)

    def resolve_client_public_key(self, client):
        return client.keys()

    def authenticate_user(self, subject):
        return subject if subject in USERS else None

    def has_granted_permission(self, client, user):
        return True

    def validate_token_request(self):
        # Authenticate the client first (Authlib's grant does not by default), then the grant.
        client = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(self.GRANT_TYPE):
            raise InvalidClientError(description="client may not use the jwt-bearer grant")
        super().validate_token_request()

    def verify_claims(self, claims):
        super().verify_claims(claims)
        if not single_use(SEEN_GRANT_JTI, claims):
            from authlib.oauth2.rfc6749 import InvalidGrantError

            raise InvalidGrantError(description="JWT ID is used before.")


app = Flask(__name__)
authorization = AuthorizationServer(
    app,
    query_client=lambda client_id: CLIENTS.get(client_id),
    save_token=lambda token, request: None,
)
authorization.register_client_auth_method(
    JWTBearerClientAssertion.CLIENT_AUTH_METHOD, ClientAssertion()
)
authorization.register_grant(ClientCredentials)
authorization.register_grant(Grant)


@app.post("/token")
def token():
    return authorization.create_token_response()


@app.get("/.well-known/oauth-authorization-server")
def metadata():
    return jsonify(
        issuer=ISSUER,
        token_endpoint=TOKEN_ENDPOINT,
        grant_types_supported=["client_credentials", JWT_BEARER],
        token_endpoint_auth_methods_supported=["private_key_jwt", "client_secret_jwt"],
        token_endpoint_auth_signing_alg_values_supported=ALLOWED_ALGS,
    )


@app.post("/test/mint")
def mint():
    spec = request.get_json(force=True)
    name = spec["key"]
    if name == "hs":
        key, kid, alg = OctKey.import_key(HS_SECRET), None, "HS256"
    else:
        key, kid, alg = KEYS[name]
    header = {"alg": spec.get("alg") or alg}
    if kid:
        header["kid"] = kid
    for k, v in (spec.get("header") or {}).items():
        if v is None:
            header.pop(k, None)
        else:
            header[k] = v
    payload = json.dumps(spec["claims"]).encode()
    token = jws.serialize_compact(header, payload, key, algorithms=[header["alg"]])
    return Response(token, mimetype="text/plain")


@app.get("/test/jwks/<path:name>")
def jwks(name):
    found = {"idp": registered("idp"), TRUSTED_ISSUER: registered("idp")}.get(name)
    if found is None and name in CLIENTS and CLIENTS[name].jwks:
        found = CLIENTS[name].jwks
    return (jsonify(found), 200) if found else (jsonify({}), 404)


def main():
    global ISSUER, TOKEN_ENDPOINT
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    ISSUER = f"http://127.0.0.1:{port}"
    TOKEN_ENDPOINT = f"{ISSUER}/token"
    print(json.dumps({"port": port, "issuer": ISSUER, "token_endpoint": TOKEN_ENDPOINT}), flush=True)

    def watch_stdin():
        # stop when the test that started us goes away
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
