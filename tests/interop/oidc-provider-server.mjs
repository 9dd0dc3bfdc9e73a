// A real node oidc-provider on 127.0.0.1 (a free port) for jwtgrant's interop tests.
//
// Clients: private_key_jwt with RS256, ES256 and EdDSA; client_secret_jwt (HS256); and a
// client that may use the RFC 7523 jwt-bearer grant, registered here as a custom grant
// type that trusts one issuer's key. Keys are generated at start-up.
//
// Test-only routes (never part of a real server), so the tests need no JOSE code of their
// own: POST /test/mint signs an assertion with the npm `jose` package; GET /test/jwks/NAME
// returns the public keys registered for a client or the trusted issuer.
//
// The first line on stdout is JSON: {"port", "issuer", "token_endpoint"}.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import {
  CompactSign, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK,
  generateKeyPair, importJWK, jwtVerify,
} from 'jose';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TRUSTED_ISSUER = 'https://idp.test';

async function keyPair(alg, options = {}) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...options });
  return exportJWK(privateKey);
}

function publicOf(jwk) {
  const { d, p, q, dp, dq, qi, ...pub } = jwk;
  return pub;
}

// name -> { private JWK (or secret), kid, alg }
const keys = {
  rs: { jwk: await keyPair('RS256'), kid: 'rs-1', alg: 'RS256' },
  es: { jwk: await keyPair('ES256'), kid: 'es-1', alg: 'ES256' },
  ed: { jwk: await keyPair('EdDSA', { crv: 'Ed25519' }), kid: 'ed-1', alg: 'EdDSA' },
  gc: { jwk: await keyPair('ES256'), kid: 'gc-1', alg: 'ES256' },
  idp: { jwk: await keyPair('RS256'), kid: 'idp-1', alg: 'RS256' },
  // same types, never registered: for "signed with another key"
  'rogue-rs': { jwk: await keyPair('RS256'), kid: 'rs-1', alg: 'RS256' },
  'rogue-es': { jwk: await keyPair('ES256'), kid: 'es-1', alg: 'ES256' },
  'rogue-ed': { jwk: await keyPair('EdDSA', { crv: 'Ed25519' }), kid: 'ed-1', alg: 'EdDSA' },
  'rogue-idp': { jwk: await keyPair('RS256'), kid: 'idp-1', alg: 'RS256' },
};
const hsSecret = randomBytes(32).toString('base64url');

const registered = (name) => ({
  keys: [{ ...publicOf(keys[name].jwk), kid: keys[name].kid, alg: keys[name].alg, use: 'sig' }],
});

const jwksFor = {
  'rs-client': registered('rs'),
  'es-client': registered('es'),
  'ed-client': registered('ed'),
  'grant-client': registered('gc'),
  [TRUSTED_ISSUER]: registered('idp'),
  idp: registered('idp'),
};

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;
const tokenEndpoint = `${issuer}/token`;

const client = (id, name) => ({
  client_id: id,
  token_endpoint_auth_method: 'private_key_jwt',
  token_endpoint_auth_signing_alg: keys[name].alg,
  jwks: registered(name),
  grant_types: ['client_credentials'],
  response_types: [],
  redirect_uris: [],
});

const provider = new Provider(issuer, {
  clients: [
    client('rs-client', 'rs'),
    client('es-client', 'es'),
    client('ed-client', 'ed'),
    {
      client_id: 'hs-client',
      client_secret: hsSecret,
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS256',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    { ...client('grant-client', 'gc'), grant_types: [JWT_BEARER] },
  ],
  clientAuthMethods: ['private_key_jwt', 'client_secret_jwt', 'none'],
  features: {
    clientCredentials: { enabled: true },
    devInteractions: { enabled: false },
  },
  jwks: { keys: [{ ...(await keyPair('RS256')), kid: 'server-1', use: 'sig', alg: 'RS256' }] },
  clockTolerance: 15,
});
provider.proxy = false;

// RFC 7523 §2.1: trust TRUSTED_ISSUER's key; single-use jti; aud = issuer or token endpoint.
const seenGrantJti = new Set();
const trusted = createLocalJWKSet(registered('idp'));
provider.registerGrantType(JWT_BEARER, async (ctx) => {
  const { assertion, scope } = ctx.oidc.params;
  if (!assertion) throw new errors.InvalidRequest('assertion is missing');
  let claims;
  try {
    decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw new errors.InvalidGrant('assertion is not a JWT');
  }
  if (claims.iss !== TRUSTED_ISSUER) throw new errors.InvalidGrant('untrusted issuer');
  try {
    await jwtVerify(assertion, trusted, {
      algorithms: ['RS256'],
      issuer: TRUSTED_ISSUER,
      audience: [issuer, tokenEndpoint],
      clockTolerance: 15,
      requiredClaims: ['sub', 'exp', 'jti'],
    });
  } catch (err) {
    throw new errors.InvalidGrant(`assertion rejected: ${err.code || err.message}`);
  }
  const key = `${claims.iss}\u0000${claims.jti}`;
  if (seenGrantJti.has(key)) throw new errors.InvalidGrant('jti was already used');
  seenGrantJti.add(key);
  const token = new ctx.oidc.provider.ClientCredentials({ client: ctx.oidc.client, scope: scope || undefined });
  const value = await token.save();
  ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration };
}, ['assertion', 'scope']);

// The reason oidc-provider keeps off the wire, for people reading a failed test's output.
provider.on('grant.error', (ctx, err) => process.stderr.write(`grant.error: ${err.message} ${err.error_detail || ''}\n`));

async function body(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

async function mint(spec) {
  const enc = new TextEncoder();
  let key;
  let kid;
  let alg = spec.alg;
  if (spec.key === 'hs') {
    key = enc.encode(hsSecret);
    alg = alg || 'HS256';
  } else {
    const k = keys[spec.key];
    if (!k) throw new Error(`no key ${spec.key}`);
    alg = alg || k.alg;
    kid = k.kid;
    key = await importJWK(k.jwk, alg);
  }
  const header = { alg, ...(kid ? { kid } : {}), ...(spec.header || {}) };
  for (const [name, value] of Object.entries(spec.header || {})) {
    if (value === null) delete header[name];
  }
  return new CompactSign(enc.encode(JSON.stringify(spec.claims))).setProtectedHeader(header).sign(key);
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  try {
    if (req.method === 'POST' && req.url === '/test/mint') {
      const token = await mint(JSON.parse(await body(req)));
      res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      return;
    }
    if (req.method === 'GET' && req.url.startsWith('/test/jwks/')) {
      const name = decodeURIComponent(req.url.slice('/test/jwks/'.length));
      const jwks = jwksFor[name];
      res.writeHead(jwks ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(jwks || {}));
      return;
    }
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    return;
  }
  callback(req, res);
});

process.stdout.write(`${JSON.stringify({ port, issuer, token_endpoint: tokenEndpoint })}\n`);
// Stop when the test that started us goes away.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
