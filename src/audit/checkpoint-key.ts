import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed checkpoints: an Ed25519 signature over the exact UTF-8 bytes
 *
 *   dwaar-audit-checkpoint/1\n<seq>\n<hash>\n<at>\n
 *
 * where `<seq>` is the event's sequence number and `<at>` the signing time in epoch milliseconds (both in
 * decimal without leading zeros), and `<hash>` the public chain hash (lower-case hex) of event `<seq>`.
 * `key_id` is the first 16 hex characters of SHA-256 over the public key's SPKI DER encoding.
 */
export const CHECKPOINT_FORMAT = 'dwaar-audit-checkpoint/1';

export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  readonly at: number;
  /** Ed25519 signature, base64. */
  readonly signature: string;
  readonly keyId: string;
}

export interface CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  sign(seq: number, hash: string, at: number): Checkpoint;
}

/** PKCS#8 DER for an Ed25519 private key is this fixed prefix followed by the 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function checkpointMessage(seq: number, hash: string, at: number): Buffer {
  return Buffer.from(`${CHECKPOINT_FORMAT}\n${seq}\n${hash}\n${at}\n`, 'utf8');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The signing key from its 32-byte seed (`keyring.derive('audit-checkpoint-ed25519')`). */
export function createCheckpointSigner(seed: Buffer): CheckpointSigner {
  if (seed.length !== 32) throw new Error('the checkpoint key seed must be 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign(seq, hash, at) {
      const signature = sign(null, checkpointMessage(seq, hash, at), privateKey).toString('base64');
      return { seq, hash, at, signature, keyId };
    },
  };
}

/** A public key from PEM text; throws a readable error when it is not an Ed25519 public key. */
export function readCheckpointPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new Error('the public key is not a PEM public key', { cause: err });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the public key is not an Ed25519 key');
  return key;
}

/** Why a checkpoint's signature does not hold, or undefined when it does. */
export function checkpointSignatureProblem(
  publicKey: KeyObject,
  keyId: string,
  c: Checkpoint,
): string | undefined {
  if (c.keyId !== keyId) {
    return `checkpoint at seq ${c.seq} is signed by another key (${c.keyId}, expected ${keyId})`;
  }
  const signature = Buffer.from(c.signature, 'base64');
  let valid = false;
  try {
    valid =
      signature.length === 64 && verify(null, checkpointMessage(c.seq, c.hash, c.at), publicKey, signature);
  } catch {
    valid = false;
  }
  return valid ? undefined : `checkpoint at seq ${c.seq} has an invalid signature (forged or altered)`;
}

/** The public half only: what `npx dwaar audit public-key` prints and the console shows. */
export function checkpointPublicKey(seed: Buffer): { keyId: string; publicKeyPem: string } {
  const { keyId, publicKeyPem } = createCheckpointSigner(seed);
  return { keyId, publicKeyPem };
}
