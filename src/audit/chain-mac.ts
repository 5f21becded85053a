import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/**
 * The keyed half of the chain. Each row's `mac` is HMAC-SHA256(chainKey, hash) in hex, and the head row's
 * `mac` is HMAC-SHA256(chainKey, "head|<seq>|<hash>"). The key is derived from the root secret and never
 * stored in the database, so someone who can only write the database can neither re-hash the chain (the
 * MACs would no longer match) nor move the head back (that needs the head MAC of an earlier sequence
 * number, which is never written anywhere).
 */
export interface ChainMac {
  /** MAC of one event's public hash. */
  ofEvent(hash: string): string;
  /** MAC of the head record. */
  ofHead(seq: number, hash: string): string;
  /** Constant-time comparison of a stored MAC with the expected one (false for null or malformed). */
  matches(stored: string | null, expected: string): boolean;
}

const BLOCK = 64;

export function createChainMac(key: Buffer): ChainMac {
  if (key.length < 32) throw new Error('the audit chain key must be at least 32 bytes');
  if (key.length > BLOCK) throw new Error('the audit chain key must be at most 64 bytes');
  // HMAC written out (RFC 2104) over reused buffers: verifying a million events spends most of its time
  // here, and one-shot hashes of two short buffers cost about half of a createHmac object per call.
  const inner = Buffer.alloc(BLOCK + 64, 0x36);
  const outer = Buffer.alloc(BLOCK + 32, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36;
    outer[i] = (key[i] ?? 0) ^ 0x5c;
  }
  const slow = (message: string) => createHmac('sha256', key).update(message).digest('hex');

  function ofEvent(h: string): string {
    // A 64-character hash fits the prepared block exactly; any other length goes the ordinary way. Callers
    // pass hashes they produced or already recomputed (hex, so latin1 and UTF-8 bytes are the same).
    if (h.length !== 64) return slow(h);
    inner.write(h, BLOCK, 'latin1');
    hash('sha256', inner, 'buffer').copy(outer, BLOCK);
    return hash('sha256', outer, 'hex');
  }

  return {
    ofEvent,
    ofHead: (seq, h) => slow(`head|${seq}|${h}`),
    matches(stored, expected) {
      if (stored === null || stored.length !== expected.length) return false;
      return timingSafeEqual(Buffer.from(stored, 'latin1'), Buffer.from(expected, 'latin1'));
    },
  };
}
