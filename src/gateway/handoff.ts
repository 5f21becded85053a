import { z } from 'zod';
import { randomToken, safeEqual } from '../crypto/index.ts';
import type { Kv } from '../store/index.ts';
import type { ResourceRoute } from './resources.ts';

/** The reserved path on every resource host where the portal hands a session over. */
export const CALLBACK_PATH = '/.dwaar/callback';
/** The reserved path on every resource host where a hand-off trip begins (sets the state cookie). */
export const START_PATH = '/.dwaar/start';
/** A hand-off code is good for one use within this time. */
const HANDOFF_TTL_MS = 60_000;
/** The state cookie lives for one trip through the portal, sign-in included. */
export const HANDOFF_STATE_TTL_S = 300;

const State = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const HandoffSchema = z.object({
  sid: z.string(),
  host: z.string(),
  path: z.string(),
  state: State,
  /** The portal page's language, for the session bar on the resource host (issue 8 item 5). */
  lang: z.enum(['en', 'hi']).optional(),
});
export type Handoff = z.infer<typeof HandoffSchema>;

/** The resource-host cookie holding the trip's state; `__Host-` under HTTPS like the resource cookie. */
export function handoffStateCookieName(secure: boolean): string {
  return secure ? '__Host-dwaar_hs' : 'dwaar_hs';
}

/** A fresh trip state: 32 random bytes, base64url. */
export function newHandoffState(): string {
  return randomToken(32);
}

/** True when `value` has the shape of a state this gateway makes. */
export function isHandoffState(value: unknown): value is string {
  return State.safeParse(value).success;
}

/**
 * Where the portal sends a browser to open `route` at `path`: the resource host's start path, which sets
 * the state cookie there and comes back to the portal's `/go/<id>` with the state.
 */
export function handoffStartUrl(route: ResourceRoute, path: string): string {
  return `${route.publicOrigin}${START_PATH}?path=${encodeURIComponent(path)}`;
}

/**
 * Creates a single-use code bound to the session, the target host and the trip's `state` (which the
 * browser holds in the resource host's state cookie); returns the callback URL.
 */
export async function issueHandoff(
  kv: Kv,
  sessionId: string,
  route: ResourceRoute,
  path: string,
  state: string,
  lang?: 'en' | 'hi',
): Promise<string> {
  const code = randomToken(32);
  const handoff: Handoff = { sid: sessionId, host: route.host, path, state, ...(lang ? { lang } : {}) };
  await kv.set(`handoff:${code}`, JSON.stringify(handoff), HANDOFF_TTL_MS);
  return `${route.publicOrigin}${CALLBACK_PATH}?code=${encodeURIComponent(code)}`;
}

/**
 * Redeems a code once; a second use, an expired code, one minted for another host, or one whose trip
 * state is not the browser's (`stateCookie`) gives undefined. The code is spent in every case, so a code
 * shown to the wrong browser is gone.
 */
export async function redeemHandoff(
  kv: Kv,
  code: string,
  host: string,
  stateCookie: string | undefined,
): Promise<Handoff | undefined> {
  if (code.length < 20 || code.length > 100) return undefined;
  const stored = await kv.take(`handoff:${code}`);
  if (!stored) return undefined;
  const parsed = HandoffSchema.safeParse(JSON.parse(stored));
  if (!parsed.success || parsed.data.host !== host) return undefined;
  return stateCookie !== undefined && safeEqual(parsed.data.state, stateCookie) ? parsed.data : undefined;
}
