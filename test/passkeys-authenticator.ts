import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software authenticator for HTTP tests: makes the JSON a browser would post after
 * `navigator.credentials.create` (attestation "none") and `navigator.credentials.get`, with an ES256
 * key, a signature counter it controls, and the origin and RP ID it is told.
 */
export interface SoftPasskey {
  readonly id: string;
  counter: number;
  readonly privateKey: KeyObject;
  readonly publicCose: Uint8Array;
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | Buffer | string) => createHash('sha256').update(data).digest();

export function newSoftPasskey(): SoftPasskey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
  ]);
  return { id: b64url(randomBytes(16)), counter: 0, privateKey, publicCose: isoCBOR.encode(cose) };
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string) {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

function counterBytes(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The registration response for `challenge` (from the server's options). */
export function attest(key: SoftPasskey, o: { challenge: string; origin: string; rpId: string }) {
  const credId = Buffer.from(key.id, 'base64url');
  const idLen = Buffer.alloc(2);
  idLen.writeUInt16BE(credId.length);
  const authData = Buffer.concat([
    sha256(o.rpId),
    Buffer.from([0x45]), // user present, user verified, attested credential data
    counterBytes(key.counter),
    Buffer.alloc(16), // AAGUID
    idLen,
    credId,
    Buffer.from(key.publicCose),
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, string | Map<string, string> | Uint8Array>([
      ['fmt', 'none'],
      ['attStmt', new Map<string, string>()],
      ['authData', new Uint8Array(authData)],
    ]),
  );
  return {
    id: key.id,
    rawId: key.id,
    type: 'public-key',
    response: {
      clientDataJSON: b64url(clientData('webauthn.create', o.challenge, o.origin)),
      attestationObject: b64url(attestationObject),
      transports: ['internal'],
    },
    clientExtensionResults: {},
  };
}

/** An assertion for `challenge`; the counter moves on first unless `counter` says what to send. */
export function assertWith(
  key: SoftPasskey,
  o: { challenge: string; origin: string; rpId: string; counter?: number },
) {
  if (o.counter === undefined) key.counter += 1;
  const counter = o.counter ?? key.counter;
  const authData = Buffer.concat([sha256(o.rpId), Buffer.from([0x05]), counterBytes(counter)]);
  const cd = clientData('webauthn.get', o.challenge, o.origin);
  const signature = sign('sha256', Buffer.concat([authData, sha256(cd)]), key.privateKey);
  return {
    id: key.id,
    rawId: key.id,
    type: 'public-key',
    response: {
      clientDataJSON: b64url(cd),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
    },
    clientExtensionResults: {},
  };
}
