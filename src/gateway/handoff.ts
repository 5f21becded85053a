import { z } from 'zod';
import { randomToken } from '../crypto/index.ts';
import type { Kv } from '../store/index.ts';
import type { ResourceRoute } from './resources.ts';

/** The reserved path on every resource host where the portal hands a session over. */
export const CALLBACK_PATH = '/.dwaar/callback';
/** A hand-off code is good for one use within this time. */
const HANDOFF_TTL_MS = 60_000;

const HandoffSchema = z.object({ sid: z.string(), host: z.string(), path: z.string() });
export type Handoff = z.infer<typeof HandoffSchema>;

/** Creates a single-use code bound to the session and the target host; returns the callback URL. */
export async function issueHandoff(
  kv: Kv,
  sessionId: string,
  route: ResourceRoute,
  path: string,
): Promise<string> {
  const code = randomToken(32);
  const handoff: Handoff = { sid: sessionId, host: route.host, path };
  await kv.set(`handoff:${code}`, JSON.stringify(handoff), HANDOFF_TTL_MS);
  return `${route.publicOrigin}${CALLBACK_PATH}?code=${encodeURIComponent(code)}`;
}

/** Redeems a code once; a second use, an expired code or one minted for another host gives undefined. */
export async function redeemHandoff(kv: Kv, code: string, host: string): Promise<Handoff | undefined> {
  if (code.length < 20 || code.length > 100) return undefined;
  const stored = await kv.take(`handoff:${code}`);
  if (!stored) return undefined;
  const parsed = HandoffSchema.safeParse(JSON.parse(stored));
  return parsed.success && parsed.data.host === host ? parsed.data : undefined;
}
