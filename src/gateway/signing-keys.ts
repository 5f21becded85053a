import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
} from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Database } from '../store/index.ts';
import { createAssertionSigner, type AssertionSigner } from './assertion.ts';
import { insertSigningKey, listSigningKeys } from './repository.ts';

export interface Jwks {
  keys: (JsonWebKey & { kid: string; alg: string; use: string })[];
}

/**
 * Loads the newest ES256 key, making one on first start. The private key is stored sealed with a key
 * derived from DWAAR_SECRET, never in the clear. Retired keys stay in the JWKS until removed, so tokens
 * signed just before a rotation still verify.
 */
export async function loadSigningKeys(
  db: Kysely<Database>,
  keyring: Keyring,
  clock: Clock,
  /** The portal's public origin, the assertions' `iss`. */
  issuer: string,
): Promise<{ signer: AssertionSigner; jwks: Jwks }> {
  let rows = await listSigningKeys(db);
  if (!rows.some((r) => r.retired_at === null)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const kid = randomUUID();
    await insertSigningKey(db, {
      kid,
      alg: 'ES256',
      public_jwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
      private_jwk_enc: keyring.seal('key-encryption', JSON.stringify(privateKey.export({ format: 'jwk' }))),
      created_at: clock.now(),
      retired_at: null,
    });
    rows = await listSigningKeys(db);
  }
  const active = rows.find((r) => r.retired_at === null);
  if (!active) throw new Error('no active signing key');
  const privateJwk = JSON.parse(keyring.open('key-encryption', active.private_jwk_enc)) as JsonWebKey;
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const jwks: Jwks = {
    keys: rows.map((r) => {
      const pub = createPublicKey({ key: JSON.parse(r.public_jwk) as JsonWebKey, format: 'jwk' });
      return { ...pub.export({ format: 'jwk' }), kid: r.kid, alg: 'ES256', use: 'sig' };
    }),
  };
  return { signer: createAssertionSigner(active.kid, privateKey, issuer), jwks };
}
