import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { safeEqual } from './tokens.ts';

/** Purposes for keys derived from the root secret; one key per purpose, so a leak of one is contained. */
type KeyPurpose = 'cookie-signing' | 'csrf' | DerivePurpose | SealPurpose;
/** Raw keys: session ID tags, the audit chain's HMAC key, and the seed of the audit checkpoints' Ed25519 key. */
type DerivePurpose =
  'session-ids' | 'audit-chain' | 'audit-checkpoint-ed25519' | 'ticket-replies' | 'help-codes';
type SealPurpose = 'key-encryption' | 'totp-encryption' | 'mail-encryption';

export interface Keyring {
  /** HMAC-signs `value` and returns `value.signature`. */
  sign(purpose: 'cookie-signing' | 'csrf', value: string): string;
  /** A 32-byte key for one purpose, for code that needs raw key material (HMAC tags on IDs). */
  derive(purpose: DerivePurpose): Buffer;
  /** Returns the value if the signature is valid, otherwise undefined. */
  unsign(purpose: 'cookie-signing' | 'csrf', signed: string): string | undefined;
  /** AES-256-GCM; output is `iv.tag.ciphertext` in base64url. */
  seal(purpose: SealPurpose, plaintext: string): string;
  open(purpose: SealPurpose, sealed: string): string;
}

export function createKeyring(rootSecret: string): Keyring {
  const keys = new Map<KeyPurpose, Buffer>();
  const keyFor = (purpose: KeyPurpose): Buffer => {
    let key = keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', rootSecret, 'dwaar', purpose, 32));
      keys.set(purpose, key);
    }
    return key;
  };
  const mac = (purpose: KeyPurpose, value: string) =>
    createHmac('sha256', keyFor(purpose)).update(value).digest('base64url');

  return {
    sign: (purpose, value) => `${value}.${mac(purpose, value)}`,
    derive: (purpose) => keyFor(purpose),
    unsign(purpose, signed) {
      const dot = signed.lastIndexOf('.');
      if (dot < 1) return undefined;
      const value = signed.slice(0, dot);
      return safeEqual(signed.slice(dot + 1), mac(purpose, value)) ? value : undefined;
    },
    seal(purpose, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(purpose), iv);
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.');
    },
    open(purpose, sealed) {
      const [iv, tag, ct] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
      if (!iv || !tag || !ct) throw new Error('sealed value is malformed');
      const decipher = createDecipheriv('aes-256-gcm', keyFor(purpose), iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    },
  };
}
