// An independent JOSE implementation (npm `jose`, Node's crypto) for jwtgrant's tests.
//   node jose-interop.mjs sign ALG KEYFILE CLAIMS_JSON   prints a compact JWS
//   node jose-interop.mjs verify ALG KEYFILE TOKEN       prints the payload; exit 1 if invalid
//   node jose-interop.mjs jwk KEYFILE                    prints {"private", "public", "thumbprint"}
import * as jose from 'jose';
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';

const [mode, ...args] = process.argv.slice(2);

function key(alg, file, half) {
  const bytes = readFileSync(file);
  if (alg.startsWith('HS')) return createSecretKey(bytes);
  return half === 'private' ? createPrivateKey(bytes) : createPublicKey(bytes);
}

try {
  if (mode === 'sign') {
    const [alg, file, claims] = args;
    const token = await new jose.SignJWT(JSON.parse(claims))
      .setProtectedHeader({ alg, typ: 'JWT' })
      .sign(key(alg, file, 'private'));
    console.log(token);
  } else if (mode === 'verify') {
    const [alg, file, token] = args;
    const { payload } = await jose.jwtVerify(token, key(alg, file, 'public'), { algorithms: [alg] });
    console.log(JSON.stringify(payload));
  } else if (mode === 'jwk') {
    const [file] = args;
    const priv = createPrivateKey(readFileSync(file)).export({ format: 'jwk' });
    const pub = createPublicKey(readFileSync(file)).export({ format: 'jwk' });
    const thumbprint = await jose.calculateJwkThumbprint(pub, 'sha256');
    console.log(JSON.stringify({ private: priv, public: pub, thumbprint }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} catch (e) {
  console.error(`jose-interop: ${e.code ?? ''} ${e.message}`);
  process.exit(1);
}
