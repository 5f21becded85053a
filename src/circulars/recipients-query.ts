import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AudienceRow } from './repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** An account a circular may reach, placed where the directory puts it. */
export interface Candidate {
  readonly accountId: number;
  readonly role: string;
  /** An officer's district's zone, or a staff member's scope zone. */
  readonly zoneId: string | null;
  readonly districtId: string | null;
  /** The account's own address, else its officer record's. */
  readonly email: string | null;
}

/**
 * Every account that can receive a circular: active or awaiting activation. Officers are placed by their
 * officer record's district (and its zone); staff by their scope.
 */
export async function loadCandidates(db: Db): Promise<Candidate[]> {
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .select([
      'a.id',
      'a.role',
      'a.email',
      'a.scope_zone_id',
      'a.scope_district_id',
      'o.district_id as officer_district',
      'd.zone_id as officer_zone',
      'o.email as officer_email',
    ])
    .where('a.status', 'in', ['active', 'pending_activation'])
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    accountId: r.id,
    role: r.role,
    zoneId: r.officer_zone ?? r.scope_zone_id,
    districtId: r.officer_district ?? r.scope_district_id,
    email: r.email || r.officer_email || null,
  }));
}

function matches(a: Pick<AudienceRow, 'role' | 'zone_id' | 'district_id'>, c: Candidate): boolean {
  if (a.role !== null && a.role !== c.role) return false;
  if (a.zone_id !== null && a.zone_id !== c.zoneId) return false;
  if (a.district_id !== null && a.district_id !== c.districtId) return false;
  return true;
}

export interface Resolved extends Candidate {
  readonly kind: 'recipient' | 'copy';
}

/**
 * The people the audiences reach, each once: someone who is both addressed and copied is a recipient
 * (they must act on it), not a copy.
 */
export function resolveAudiences(
  audiences: readonly Pick<AudienceRow, 'kind' | 'role' | 'zone_id' | 'district_id'>[],
  candidates: readonly Candidate[],
): Resolved[] {
  const out: Resolved[] = [];
  for (const c of candidates) {
    const hits = audiences.filter((a) => matches(a, c));
    if (!hits.length) continue;
    out.push({ ...c, kind: hits.some((h) => h.kind === 'recipient') ? 'recipient' : 'copy' });
  }
  return out;
}

/** One person on the tally, with where they are and what they did. */
export interface RecipientLine {
  readonly accountId: number;
  readonly userId: string;
  readonly displayName: string;
  readonly nameHi: string | null;
  readonly kind: string;
  readonly zoneId: string | null;
  readonly districtId: string | null;
  readonly districtEn: string | null;
  readonly districtHi: string | null;
  readonly readAt: number | null;
  readonly acknowledgedAt: number | null;
  readonly ackIp: string | null;
  readonly remindedAt: number | null;
  readonly mailedAt: number | null;
}

/** The recipients of a circular, limited to a zone or district when the reader's scope is. */
export async function listRecipientLines(
  db: Db,
  circularId: number,
  scope: { zoneId?: string; districtId?: string },
): Promise<RecipientLine[]> {
  let q = db
    .selectFrom('circular_recipients as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'r.district_id')
    .select([
      'r.account_id as accountId',
      'a.user_id as userId',
      'a.display_name as displayName',
      'o.name_hi as nameHi',
      'r.kind',
      'r.zone_id as zoneId',
      'r.district_id as districtId',
      'd.name_en as districtEn',
      'd.name_hi as districtHi',
      'r.read_at as readAt',
      'r.acknowledged_at as acknowledgedAt',
      'r.ack_ip as ackIp',
      'r.reminded_at as remindedAt',
      'r.mailed_at as mailedAt',
    ])
    .where('r.circular_id', '=', circularId);
  if (scope.zoneId !== undefined) q = q.where('r.zone_id', '=', scope.zoneId);
  if (scope.districtId !== undefined) q = q.where('r.district_id', '=', scope.districtId);
  return q.orderBy('r.kind', 'desc').orderBy('a.user_id').execute();
}

export interface AttestationLine {
  readonly zoneId: string;
  readonly userId: string;
  readonly displayName: string;
  readonly attestedAt: number;
  readonly note: string;
}

export function listAttestations(db: Db, circularId: number): Promise<AttestationLine[]> {
  return db
    .selectFrom('circular_attestations as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.zone_id as zoneId',
      'a.user_id as userId',
      'a.display_name as displayName',
      't.attested_at as attestedAt',
      't.note',
    ])
    .where('t.circular_id', '=', circularId)
    .orderBy('t.zone_id')
    .execute();
}
