import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../store/index.ts';
import type { EventFilters } from './search-params.ts';

type Db = Kysely<Database>;

/**
 * How far a reader's view of the trail reaches. `zone`/`district`: events whose actor or target is the user
 * ID of an account whose officer sits there, and district status changes of a district there.
 */
export type ScopeLimit =
  | { readonly kind: 'all' }
  | { readonly kind: 'zone'; readonly zoneId: string }
  | { readonly kind: 'district'; readonly districtId: string };

/** One event as the search shows and exports it. */
export interface EventRow {
  seq: number;
  at: number;
  type: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  detail: string;
  hash: string;
  /** Whether actor / target name an account (so the page links them to the person's timeline). */
  actorIsAccount: boolean;
  targetIsAccount: boolean;
}

/** User IDs of accounts whose officer sits in the zone or district. */
function placedUserIds(db: Db, place: { zoneId: string } | { districtId: string }) {
  const q = db
    .selectFrom('accounts as pa')
    .innerJoin('officers as po', 'po.id', 'pa.officer_id')
    .innerJoin('districts as pd', 'pd.id', 'po.district_id')
    .select('pa.user_id');
  return 'zoneId' in place
    ? q.where('pd.zone_id', '=', place.zoneId)
    : q.where('pd.id', '=', place.districtId);
}

/** The events (`e`) that touch a zone or district: by actor, by target, or a status change of one of its districts. */
function touches(db: Db, place: { zoneId: string } | { districtId: string }): Expression<SqlBool> {
  const districts =
    'zoneId' in place
      ? db.selectFrom('districts as td').select('td.id').where('td.zone_id', '=', place.zoneId)
      : db.selectFrom('districts as td').select('td.id').where('td.id', '=', place.districtId);
  return sql<SqlBool>`(e.actor in (${placedUserIds(db, place)}) or e.target in (${placedUserIds(db, place)})
    or (e.type = 'district.status_changed' and e.target in (${districts})))`;
}

/** `%`, `_` and the escape character itself, escaped for a LIKE pattern with `escape '\'`. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The scope and the filters as one condition on `audit_events e`. */
function conditions(db: Db, scope: ScopeLimit, f: EventFilters): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (scope.kind === 'zone') out.push(touches(db, { zoneId: scope.zoneId }));
  if (scope.kind === 'district') out.push(touches(db, { districtId: scope.districtId }));
  if (f.zoneId !== undefined) out.push(touches(db, { zoneId: f.zoneId }));
  if (f.districtId !== undefined) out.push(touches(db, { districtId: f.districtId }));
  if (f.userId !== undefined) out.push(sql<SqlBool>`(e.actor = ${f.userId} or e.target = ${f.userId})`);
  if (f.types !== undefined)
    out.push(f.types.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`e.type in (${sql.join(f.types)})`);
  if (f.fromMs !== undefined) out.push(sql<SqlBool>`e.at >= ${f.fromMs}`);
  if (f.toMs !== undefined) out.push(sql<SqlBool>`e.at < ${f.toMs}`);
  // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
  if (f.text !== undefined)
    out.push(sql<SqlBool>`lower(e.target) like ${`%${likeEscape(f.text.toLowerCase())}%`} escape '\\'`);
  return out;
}

function eventQuery(db: Db, scope: ScopeLimit, f: EventFilters) {
  let q = db
    .selectFrom('audit_events as e')
    .select([
      'e.seq',
      'e.at',
      'e.type',
      'e.actor',
      'e.target',
      'e.ip',
      'e.detail',
      'e.hash',
      sql<number>`case when exists (select 1 from accounts xa where xa.user_id = e.actor) then 1 else 0 end`.as(
        'actorIsAccount',
      ),
      sql<number>`case when exists (select 1 from accounts xt where xt.user_id = e.target) then 1 else 0 end`.as(
        'targetIsAccount',
      ),
    ]);
  for (const c of conditions(db, scope, f)) q = q.where(c);
  return q;
}

const toRow = (
  r: Omit<EventRow, 'actorIsAccount' | 'targetIsAccount'> & Record<`${'actor' | 'target'}IsAccount`, number>,
): EventRow => ({
  ...r,
  actorIsAccount: r.actorIsAccount === 1,
  targetIsAccount: r.targetIsAccount === 1,
});

/**
 * One page of matching events, newest first: those older than `before` (keyset paging on seq), up to
 * `limit`, and whether there are more.
 */
export async function findEventPage(
  db: Db,
  scope: ScopeLimit,
  f: EventFilters,
  page: { before: number | undefined; limit: number },
): Promise<{ rows: EventRow[]; more: boolean }> {
  let q = eventQuery(db, scope, f);
  if (page.before !== undefined) q = q.where('e.seq', '<', page.before);
  const rows = await q
    .orderBy('e.seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit).map(toRow), more: rows.length > page.limit };
}

/**
 * Every matching event up to `untilSeq`, oldest first, read in batches of `batch` (keyset on seq), so an
 * export of a million rows never holds more than one batch. Stops after `cap` rows.
 */
export async function* streamEvents(
  db: Db,
  scope: ScopeLimit,
  f: EventFilters,
  o: { untilSeq: number; batch: number; cap: number },
): AsyncGenerator<EventRow> {
  let after = 0;
  let sent = 0;
  while (sent < o.cap) {
    const rows = await eventQuery(db, scope, f)
      .where('e.seq', '>', after)
      .where('e.seq', '<=', o.untilSeq)
      .orderBy('e.seq')
      .limit(Math.min(o.batch, o.cap - sent))
      .execute();
    for (const r of rows) yield toRow(r);
    sent += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < o.batch) return;
    after = last.seq;
  }
}

/** The head's sequence number: the last event an export started now may include. */
export async function findHeadSeq(db: Db): Promise<number> {
  const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  return head?.seq ?? 0;
}

/** A person's events (as actor or target) at or after `sinceMs`, newest first, at most `limit`. */
export async function findPersonEvents(
  db: Db,
  userId: string,
  sinceMs: number,
  limit: number,
): Promise<{ seq: number; at: number; type: string }[]> {
  return db
    .selectFrom('audit_events as e')
    .select(['e.seq', 'e.at', 'e.type'])
    .where((eb) => eb.or([eb('e.actor', '=', userId), eb('e.target', '=', userId)]))
    .where('e.at', '>=', sinceMs)
    .orderBy('e.seq', 'desc')
    .limit(limit)
    .execute();
}
