// A real OAuth client, openid-client 6 (on oauth4webapi), authenticating to `jwtgrant serve`.
//   node openid-client-cases.mjs CASES.json
// CASES.json: {"issuer": URL, "cases": [{"name", "kind", "client_id", "alg", "key", "secret",
//   "break"}]}. kind: private_key_jwt | client_secret_jwt | jwt_bearer. Prints one JSON line per
// case: {"name", "ok", "error", "error_description"} as the library reports them.
import * as client from 'openid-client';
import * as jose from 'jose';
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const server = { issuer: spec.issuer, token_endpoint: `${spec.issuer}/token` };

async function privateKey(file, alg) {
  return jose.importPKCS8(readFileSync(file, 'utf8'), alg);
}

// The library's own hook for changing an assertion before it is signed.
function breaking(how) {
  if (how === 'expired') {
    return {
      [client.modifyAssertion]: (_header, payload) => {
        payload.iat -= 3600;
        payload.nbf -= 3600;
        payload.exp = payload.iat + 60;
      },
    };
  }
  if (how === 'wrong_aud') {
    return {
      [client.modifyAssertion]: (_header, payload) => {
        payload.aud = server.token_endpoint;
      },
    };
  }
  return undefined;
}

async function run(c) {
  let auth;
  if (c.kind === 'private_key_jwt') {
    auth = client.PrivateKeyJwt(await privateKey(c.key, c.alg), breaking(c.break));
  } else if (c.kind === 'client_secret_jwt') {
    auth = client.ClientSecretJwt(readFileSync(c.secret, 'utf8'), breaking(c.break));
  } else {
    auth = client.None();
  }
  const config = new client.Configuration(server, c.client_id, {}, auth);
  client.allowInsecureRequests(config);
  if (c.kind === 'jwt_bearer') {
    const now = Math.floor(Date.now() / 1000) - (c.break === 'expired' ? 3600 : 0);
    const assertion = await new jose.SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: c.alg })
      .setIssuer(c.issuer)
      .setSubject('alice')
      .setAudience(c.break === 'wrong_aud' ? 'https://elsewhere.example' : spec.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(await privateKey(c.key, c.alg));
    return client.genericGrantRequest(config, 'urn:ietf:params:oauth:grant-type:jwt-bearer', {
      assertion,
    });
  }
  return client.clientCredentialsGrant(config);
}

for (const c of spec.cases) {
  try {
    const tokens = await run(c);
    console.log(JSON.stringify({ name: c.name, ok: typeof tokens.access_token === 'string' }));
  } catch (e) {
    console.log(
      JSON.stringify({
        name: c.name,
        ok: false,
        error: e.error ?? e.code ?? e.name,
        error_description: e.error_description ?? e.message,
      }),
    );
  }
}
