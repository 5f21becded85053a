import { describe, expect, it } from 'vitest';
import { decodeFlow, encodeFlow, newFlow } from '../login/flow.ts';
import { createKeyring } from './keyring.ts';

const keyring = createKeyring('k'.repeat(40));

describe('keyring', () => {
  it('signs and verifies, and refuses a tampered or cross-purpose value', () => {
    const signed = keyring.sign('cookie-signing', 'device:abc');
    expect(keyring.unsign('cookie-signing', signed)).toBe('device:abc');
    expect(keyring.unsign('cookie-signing', signed.replace('abc', 'abd'))).toBeUndefined();
    expect(keyring.unsign('csrf', signed)).toBeUndefined();
    expect(createKeyring('o'.repeat(40)).unsign('cookie-signing', signed)).toBeUndefined();
  });

  it('seals with AES-GCM and detects tampering', () => {
    const sealed = keyring.seal('key-encryption', '{"d":"secret"}');
    expect(sealed).not.toContain('secret');
    expect(keyring.open('key-encryption', sealed)).toBe('{"d":"secret"}');
    const [iv, tag, ct] = sealed.split('.');
    expect(() =>
      keyring.open('key-encryption', `${iv ?? ''}.${tag ?? ''}.${(ct ?? '').slice(0, -2)}AA`),
    ).toThrow();
  });
});

describe('flow cookie', () => {
  it('round-trips, expires after the flow timeout, and rejects forgeries', () => {
    const flow = { ...newFlow(1000, '/webtop'), i: 2000 };
    const cookie = encodeFlow(keyring, flow);
    expect(decodeFlow(keyring, cookie, 5000, 600)).toEqual({ kind: 'ok', flow });
    expect(decodeFlow(keyring, cookie, 1000 + 601_000, 600)).toEqual({ kind: 'expired' });
    const forged = `flow:${Buffer.from(JSON.stringify({ ...flow, d: 1 })).toString('base64url')}.sig`;
    expect(decodeFlow(keyring, forged, 5000, 600)).toEqual({ kind: 'missing' });
    expect(decodeFlow(keyring, undefined, 5000, 600)).toEqual({ kind: 'missing' });
  });
});
