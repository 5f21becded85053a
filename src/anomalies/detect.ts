import type { Kysely } from 'kysely';
import type { AuditEventRow } from '../audit/index.ts';
import type { Database } from '../store/index.ts';
import {
  findAccountByUserId,
  findDeviceAndOthers,
  findOtherLiveSessions,
  findRecentByActor,
  findRecentByAddress,
  findSessionById,
  hadEarlierSessionOnDevice,
  type NewAnomaly,
  wasFlaggedSince,
} from './detector-queries.ts';
import {
  ACCOUNT_FAILURE_TYPES,
  ADDRESS_FAILURE_TYPES,
  type AnomalyThresholds,
  indiaClock,
  isQuietHour,
  networkOf,
  NOT_A_PERSON,
  SIGN_IN_TYPES,
} from './rules.ts';
import type { AnomalyKind } from './table.ts';

type Detail = Record<string, string | number | null>;
type Candidate = { kind: AnomalyKind; subject: string; detail: Detail };

/** Slack for tallied records, written up to a minute (and a flush interval) after the failures they count. */
const TALLY_LAG_MS = 2 * 60_000;

/**
 * Reads one batch of the trail and returns what to flag, in event order. Read-only: the caller flags
 * them (and advances the cursor) in one transaction. Windows are measured by the events' own times, so
 * a batch read late, or read again after a restart, decides exactly as it would have on time.
 */
export async function detectAnomalies(
  db: Kysely<Database>,
  events: readonly AuditEventRow[],
  t: AnomalyThresholds,
): Promise<NewAnomaly[]> {
  const flagged: (NewAnomaly & { at: number })[] = [];

  /** A burst flags once: nothing of this kind for this subject flagged recently, in this batch or before. */
  async function isRepeat(c: Candidate, at: number): Promise<boolean> {
    const after = at - t.repeatAfterMs[c.kind];
    if (after >= at) return false;
    if (flagged.some((f) => f.kind === c.kind && f.subject === c.subject && f.at > after && f.at <= at))
      return true;
    return wasFlaggedSince(db, { kind: c.kind, subject: c.subject, after, atMost: at });
  }

  for (const e of events) {
    for (const c of await candidatesOf(db, e, t)) {
      if (await isRepeat(c, e.at)) continue;
      flagged.push({
        kind: c.kind,
        subject: c.subject,
        eventSeq: e.seq,
        detail: JSON.stringify(c.detail),
        at: e.at,
      });
    }
  }
  return flagged.map(({ at: _at, ...a }) => a);
}

async function candidatesOf(
  db: Kysely<Database>,
  e: AuditEventRow,
  t: AnomalyThresholds,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const person = e.actor !== null && !NOT_A_PERSON.has(e.actor) ? e.actor : undefined;
  const is = (types: readonly string[]) => types.includes(e.type);
  if (person && is(ACCOUNT_FAILURE_TYPES)) {
    const c = await accountFailures(db, e, person, t);
    if (c) out.push(c);
  }
  // The tally writes '*' for addresses past its limit and 'unknown' for none: neither is one address.
  if (e.ip && e.ip !== '*' && e.ip !== 'unknown' && is(ADDRESS_FAILURE_TYPES)) {
    const c = await addressFailures(db, e, e.ip, t);
    if (c) out.push(c);
  }
  if (person && is(SIGN_IN_TYPES)) out.push(...(await signInAnomalies(db, e, person, t)));
  return out;
}

async function accountFailures(
  db: Kysely<Database>,
  e: AuditEventRow,
  userId: string,
  t: AnomalyThresholds,
): Promise<Candidate | undefined> {
  const recent = await findRecentByActor(db, {
    actor: userId,
    types: ACCOUNT_FAILURE_TYPES,
    after: e.at - t.failureWindowMs,
    atMost: e.at,
    seq: e.seq,
  });
  if (recent.length < t.accountFailures) return undefined;
  const addresses = new Set(recent.map((r) => r.ip ?? '-'));
  return {
    kind: 'account_failures',
    subject: userId,
    detail: {
      count: recent.length,
      window_min: Math.round(t.failureWindowMs / 60_000),
      first_at: recent[0]?.at ?? e.at,
      last_at: e.at,
      addresses: addresses.size,
      ip: e.ip,
    },
  };
}

/** A tallied record counts its `count` at its `last_at`; any other failure counts one at its own time. */
function weightOf(row: { at: number; detail: string }): { at: number; n: number } {
  try {
    const d = JSON.parse(row.detail) as Record<string, unknown>;
    const n = typeof d.count === 'number' && d.count > 0 ? d.count : 1;
    const at = typeof d.last_at === 'number' ? d.last_at : row.at;
    return { at, n };
  } catch {
    return { at: row.at, n: 1 };
  }
}

async function addressFailures(
  db: Kysely<Database>,
  e: AuditEventRow,
  ip: string,
  t: AnomalyThresholds,
): Promise<Candidate | undefined> {
  const rows = await findRecentByAddress(db, {
    ip,
    types: ADDRESS_FAILURE_TYPES,
    after: e.at - t.failureWindowMs - TALLY_LAG_MS,
    atMost: e.at,
    seq: e.seq,
  });
  const since = e.at - t.failureWindowMs;
  const counted = rows.map(weightOf).filter((w) => w.at > since);
  const count = counted.reduce((sum, w) => sum + w.n, 0);
  if (count < t.addressFailures) return undefined;
  const actors = new Set(rows.map((r) => r.actor ?? '-'));
  return {
    kind: 'address_failures',
    subject: ip,
    detail: {
      count,
      window_min: Math.round(t.failureWindowMs / 60_000),
      first_at: Math.min(...counted.map((w) => w.at)),
      last_at: e.at,
      records: counted.length,
      user_ids: actors.size,
    },
  };
}

async function signInAnomalies(
  db: Kysely<Database>,
  e: AuditEventRow,
  userId: string,
  t: AnomalyThresholds,
): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const channel = e.type === 'console.login_succeeded' ? 'console' : 'portal';
  if (isQuietHour(e.at, t)) {
    const { hour, minute } = indiaClock(e.at);
    const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
    out.push({ kind: 'unusual_hour', subject: userId, detail: { at: e.at, time, channel, ip: e.ip } });
  }
  const account = await findAccountByUserId(db, userId);
  if (!account) return out;
  const session = e.target ? await findSessionById(db, e.target) : undefined;
  if (session?.account_id === account.id && session.device_id) {
    const c = await newDevice(db, e, {
      accountId: account.id,
      session: { ...session, device_id: session.device_id },
    });
    if (c) out.push({ ...c, subject: userId });
  }
  const network = networkOf(e.ip);
  if (network) {
    const others = await findOtherLiveSessions(db, { accountId: account.id, sessionId: e.target, at: e.at });
    const other = others.find(
      (s) =>
        s.last_seen_at + s.idle_timeout_s * 1000 > e.at &&
        networkOf(s.ip) !== undefined &&
        networkOf(s.ip) !== network,
    );
    if (other)
      out.push({
        kind: 'concurrent_networks',
        subject: userId,
        detail: {
          ip: e.ip,
          network,
          other_ip: other.ip,
          other_network: networkOf(other.ip) ?? null,
          other_since: other.created_at,
          channel,
        },
      });
  }
  return out;
}

async function newDevice(
  db: Kysely<Database>,
  e: AuditEventRow,
  s: { accountId: number; session: { id: string; device_id: string; created_at: number } },
): Promise<Omit<Candidate, 'subject'> | undefined> {
  const { accountId, session } = s;
  const deviceId = session.device_id;
  if (
    await hadEarlierSessionOnDevice(db, {
      accountId,
      deviceId,
      sessionId: session.id,
      before: session.created_at,
    })
  )
    return undefined;
  const found = await findDeviceAndOthers(db, { accountId, deviceId });
  if (!found || found.device.account_id !== accountId || found.others.length === 0) return undefined;
  return {
    kind: 'new_device',
    detail: {
      device: found.device.name,
      device_id: deviceId,
      trusted_at: found.device.trusted_at,
      other_devices: found.others.length,
      ip: e.ip,
    },
  };
}
