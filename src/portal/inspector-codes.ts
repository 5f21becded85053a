import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { randomToken } from '../crypto/index.ts';
import type { Kv } from '../store/index.ts';

/**
 * The inspector's one-time values, held in kv (shared by every node) for ten minutes and redeemed once:
 * - a pairing code, offered at the trust step, names the device the inspector's key will belong to;
 * - a report nonce, offered to a signed-in officer, names the session and device a report is for.
 */
export const INSPECTOR_CODE_TTL_MS = 10 * 60_000;

/** Crockford's base32 without I, L, O, U: nothing an officer could misread when typing it. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Ten characters: 50 bits, unguessable within ten minutes. */
const CODE_LENGTH = 10;

const pairKey = (code: string) => `inspector:pair:${code}`;
const devicePairKey = (deviceId: string) => `inspector:pair-device:${deviceId}`;
const nonceKey = (nonce: string) => `inspector:nonce:${nonce}`;

/** A pairing code as shown: two groups of five. The inspector drops the dash. */
export function displayCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Issues the pairing code for a device just trusted; the device page can show it again until used. */
export async function issuePairingCode(kv: Kv, deviceId: string): Promise<string> {
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  await kv.set(pairKey(code), deviceId, INSPECTOR_CODE_TTL_MS);
  await kv.set(devicePairKey(deviceId), code, INSPECTOR_CODE_TTL_MS);
  return code;
}

/** The unused pairing code of this device, if one is still valid. */
export async function pendingPairingCode(kv: Kv, deviceId: string): Promise<string | undefined> {
  const code = await kv.get(devicePairKey(deviceId));
  if (code === undefined) return undefined;
  return (await kv.get(pairKey(code))) === deviceId ? code : undefined;
}

/** Redeems a pairing code: the device it names, once; undefined for an unknown, used or expired code. */
export async function takePairingCode(kv: Kv, code: string): Promise<string | undefined> {
  const deviceId = await kv.take(pairKey(code));
  if (deviceId !== undefined) await kv.del(devicePairKey(deviceId));
  return deviceId;
}

const NonceBinding = z.object({ s: z.string(), d: z.string(), u: z.string() });
export interface NonceBinding {
  readonly sessionId: string;
  readonly deviceId: string;
  readonly userId: string;
}

/** Issues a report nonce bound to this session, its device and its officer. */
export async function issueReportNonce(kv: Kv, binding: NonceBinding): Promise<string> {
  const nonce = randomToken(18);
  const value = JSON.stringify({ s: binding.sessionId, d: binding.deviceId, u: binding.userId });
  await kv.set(nonceKey(nonce), value, INSPECTOR_CODE_TTL_MS);
  return nonce;
}

/**
 * Redeems a nonce: what it is bound to, once. Taken before the report is judged, so a nonce serves one
 * attempt, good or bad, and a replayed report finds nothing.
 */
export async function takeReportNonce(kv: Kv, nonce: string): Promise<NonceBinding | undefined> {
  const value = await kv.take(nonceKey(nonce));
  if (value === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parsed = NonceBinding.safeParse(json);
  return parsed.success
    ? { sessionId: parsed.data.s, deviceId: parsed.data.d, userId: parsed.data.u }
    : undefined;
}
