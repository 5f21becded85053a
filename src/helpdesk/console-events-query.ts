import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/** How many of the officer's gateway events the ticket page shows. */
export const RECENT_EVENTS = 20;

/**
 * The kinds of audit events that tell what happened at the gateway for one officer: sign-ins and their
 * failures, lockouts, hand-offs, ends, refusals by policy, device checks and acknowledgements, and what
 * was done to the account. Staff work on tickets (`ticket.*`) and reading the audit are not among them.
 */
const GATEWAY_PREFIXES = [
  'login.',
  'session.',
  'access.',
  'inspection.',
  'disclaimer.',
  'confidentiality.',
  'document.acknowledged',
  'device.',
  'passkey.',
  'account.',
  'token.',
] as const;

export interface GatewayEvent {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly ip: string | null;
}

/**
 * The last `RECENT_EVENTS` gateway events where the officer is the actor or the target, newest first:
 * type, time and address only. The details are never read here, so nothing secret can reach the page.
 */
export async function listRecentGatewayEvents(db: Kysely<Database>, userId: string): Promise<GatewayEvent[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select(['seq', 'at', 'type', 'ip'])
    .where((eb) => eb.or([eb('actor', '=', userId), eb('target', '=', userId)]))
    .where((eb) =>
      eb.or(
        GATEWAY_PREFIXES.map((p) => (p.endsWith('.') ? eb('type', 'like', `${p}%`) : eb('type', '=', p))),
      ),
    )
    .orderBy('seq', 'desc')
    .limit(RECENT_EVENTS)
    .execute();
  return rows;
}
