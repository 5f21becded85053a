// What makes a measurement count: every target serves the upstream's 1 KB, the authenticating targets do
// authenticate (and refuse without a session), and every request a load run counted reached the upstream.
import { probe, type ProbeResult } from './probe.ts';
import type { Counter, Target } from './targets.ts';

export const BODY_BYTES = 1024;
/** The user the forward-auth endpoint's first session belongs to (forward-auth-server.ts). */
const FORWARD_AUTH_USER = 'officer0';

function describeProbe(r: ProbeResult): string {
  const location = r.headers.location ? ` -> ${r.headers.location}` : '';
  return `${r.status}${location}, ${r.bodyBytes} bytes`;
}

/** Fails loudly unless the target serves the upstream's 200 and 1 KB body. */
async function verifyServes(target: Target): Promise<void> {
  const r = await probe(target.url, target.headers);
  if (r.status !== 200 || r.bodyBytes !== BODY_BYTES)
    throw new Error(`${target.name}: expected 200 with ${BODY_BYTES} bytes, got ${describeProbe(r)}`);
}

/** The measured Dwaar path must be the authenticated one: assertion added, cookie stripped, refused without it. */
async function verifyDwaarPath(target: Target): Promise<void> {
  const seen = await probe(`${target.url}probe`, target.headers);
  if (seen.headers['x-bench-saw-assertion'] !== 'true' || seen.headers['x-bench-saw-cookie'] !== 'false')
    throw new Error('dwaar: the upstream got no assertion, or got the resource cookie');
  const anonymous = await probe(target.url, { Host: target.headers.Host ?? '' });
  if (anonymous.status !== 302)
    throw new Error(`dwaar: expected 302 to the portal without a cookie, got ${describeProbe(anonymous)}`);
}

/** A cookie whose signature no longer matches: the last character of the signature changed. */
export function tamper(cookieHeader: string): string {
  const last = cookieHeader.at(-1);
  return cookieHeader.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

/** The forward-auth peer must ask its endpoint: 401 without the cookie or with a forged one, the user passed on. */
async function verifyForwardAuthPath(target: Target): Promise<void> {
  const seen = await probe(`${target.url}probe`, target.headers);
  const user = seen.headers['x-bench-saw-user'];
  if (seen.status !== 200 || user !== FORWARD_AUTH_USER)
    throw new Error(`forward-auth: the upstream saw user "${String(user)}", expected ${FORWARD_AUTH_USER}`);
  const anonymous = await probe(target.url, {});
  if (anonymous.status !== 401)
    throw new Error(`forward-auth: expected 401 without a cookie, got ${describeProbe(anonymous)}`);
  const forged = await probe(target.url, { Cookie: tamper(target.headers.Cookie ?? '') });
  if (forged.status !== 401)
    throw new Error(`forward-auth: expected 401 with a forged cookie, got ${describeProbe(forged)}`);
}

const PATH_CHECKS: Readonly<Record<string, (t: Target) => Promise<void>>> = {
  dwaar: verifyDwaarPath,
  'forward-auth': verifyForwardAuthPath,
};

export async function verifyTargets(targets: readonly Target[]): Promise<void> {
  for (const target of targets) await verifyServes(target);
  for (const target of targets) await PATH_CHECKS[target.name]?.(target);
}

/** Reads each counter, for comparing with `checkCounted` after a run. */
export async function readCounters(counters: readonly Counter[]): Promise<number[]> {
  const values: number[] = [];
  for (const counter of counters) values.push(await counter.read());
  return values;
}

/**
 * Every request the load run counted must have reached each counter (a few more may have, cut off at the
 * end): otherwise the proxy answered some by itself (a redirect, an error page, a cached auth answer).
 */
export async function checkCounted(
  target: Target,
  counters: readonly Counter[],
  before: readonly number[],
  requests: number,
): Promise<void> {
  const after = await readCounters(counters);
  counters.forEach((counter, i) => {
    const seen = (after[i] ?? 0) - (before[i] ?? 0);
    if (seen < requests)
      throw new Error(`${target.name}: ${requests} requests counted but ${counter.name} saw ${seen}`);
  });
}
