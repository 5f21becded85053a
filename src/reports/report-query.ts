import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { Grouping, ReportFilters } from './report-params.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const METRICS = ['proposed', 'approved', 'rejected', 'activated', 'used7d'] as const;
export type Metric = (typeof METRICS)[number];

/** "Used recently" looks back this far from the report's clock. */
export const RECENT_USE_MS = 7 * 24 * 60 * 60_000;

/** Statuses an account can only reach after it was activated. */
export const ACTIVATED_STATUSES = ['active', 'locked', 'suspended'] as const;

export type Counts = Record<Metric, number>;

export interface ReportRow extends Counts {
  key: string;
  nameEn: string;
  nameHi: string;
}

export interface RolloutReport {
  rows: ReportRow[];
  totals: Counts;
}

const KEY_COLUMN = { zone: 'd.zone_id', district: 'o.district_id', wing: 'o.wing_id' } as const;

const zero = (): Counts => ({ proposed: 0, approved: 0, rejected: 0, activated: 0, used7d: 0 });

/** The report's scope and filters, as a condition on officers (`o`) and their districts (`d`). */
function scopeCondition(f: ReportFilters): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
  if (f.zoneId) parts.push(sql`d.zone_id = ${f.zoneId}`);
  if (f.districtId) parts.push(sql`o.district_id = ${f.districtId}`);
  if (f.wingId) parts.push(sql`o.wing_id = ${f.wingId}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/**
 * Proposal outcomes per group, counting officers (not proposal items): proposed = on any submitted or
 * decided proposal; approved = approved at least once; rejected = rejected and never approved.
 */
async function proposalCounts(db: Db, f: ReportFilters) {
  const perOfficer = db
    .selectFrom('proposal_items as pi')
    .innerJoin('proposals as p', 'p.id', 'pi.proposal_id')
    .where('p.status', 'in', ['submitted', 'decided'])
    .groupBy('pi.officer_id')
    .select([
      'pi.officer_id as officerId',
      sql<number>`max(case when pi.decision = 'approved' then 1 else 0 end)`.as('approved'),
      sql<number>`max(case when pi.decision = 'rejected' then 1 else 0 end)`.as('rejected'),
    ])
    .as('per');
  const key = sql.ref<string>(KEY_COLUMN[f.group]);
  return db
    .selectFrom(perOfficer)
    .innerJoin('officers as o', 'o.id', 'per.officerId')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select([
      key.as('key'),
      sql<number | string>`count(*)`.as('proposed'),
      sql<number | string>`sum(per.approved)`.as('approved'),
      sql<number | string>`sum(case when per.rejected = 1 and per.approved = 0 then 1 else 0 end)`.as(
        'rejected',
      ),
    ])
    .where(scopeCondition(f))
    .groupBy(key)
    .execute();
}

/**
 * Account use per group, over officers' accounts: activated = reached a status that needs activation
 * (active, locked, suspended) or signed in at least once; used7d = a session started in the last 7 days.
 */
async function accountCounts(db: Db, f: ReportFilters, now: number) {
  const since = now - RECENT_USE_MS;
  const key = sql.ref<string>(KEY_COLUMN[f.group]);
  return db
    .selectFrom('accounts as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select([
      key.as('key'),
      sql<
        number | string
      >`sum(case when a.status in (${sql.join(ACTIVATED_STATUSES)}) or a.last_login_at is not null then 1 else 0 end)`.as(
        'activated',
      ),
      sql<
        number | string
      >`sum(case when exists (select 1 from sessions s where s.account_id = a.id and s.created_at >= ${since}) then 1 else 0 end)`.as(
        'used7d',
      ),
    ])
    .where(scopeCondition(f))
    .groupBy(key)
    .execute();
}

/** Every group the report shows (with zeros where nothing happened yet), in name order. */
async function groupLabels(
  db: Db,
  f: ReportFilters,
): Promise<{ key: string; nameEn: string; nameHi: string }[]> {
  const grouping: Grouping = f.group;
  switch (grouping) {
    case 'zone': {
      let q = db
        .selectFrom('zones as z')
        .select(['z.id as key', 'z.name_en as nameEn', 'z.name_hi as nameHi']);
      if (f.zoneId) q = q.where('z.id', '=', f.zoneId);
      if (f.districtId)
        q = q.where(
          'z.id',
          'in',
          db.selectFrom('districts').select('zone_id').where('id', '=', f.districtId),
        );
      return q.orderBy('z.name_en').execute();
    }
    case 'district': {
      let q = db
        .selectFrom('districts as d')
        .select(['d.id as key', 'd.name_en as nameEn', 'd.name_hi as nameHi']);
      if (f.zoneId) q = q.where('d.zone_id', '=', f.zoneId);
      if (f.districtId) q = q.where('d.id', '=', f.districtId);
      return q.orderBy('d.name_en').execute();
    }
    case 'wing': {
      let q = db
        .selectFrom('wings as w')
        .select(['w.id as key', 'w.name_en as nameEn', 'w.name_hi as nameHi']);
      if (f.wingId) q = q.where('w.id', '=', f.wingId);
      return q.orderBy('w.sort_order').orderBy('w.name_en').execute();
    }
  }
}

/** The rollout report: three grouped queries, joined in memory by group key, with a totals row. */
export async function loadRolloutReport(db: Db, f: ReportFilters, now: number): Promise<RolloutReport> {
  const labels = await groupLabels(db, f);
  const byKey = new Map<string, ReportRow>(labels.map((l) => [l.key, { ...l, ...zero() }]));
  for (const c of await proposalCounts(db, f)) {
    const row = byKey.get(c.key);
    if (!row) continue;
    row.proposed = Number(c.proposed);
    row.approved = Number(c.approved);
    row.rejected = Number(c.rejected);
  }
  for (const c of await accountCounts(db, f, now)) {
    const row = byKey.get(c.key);
    if (!row) continue;
    row.activated = Number(c.activated);
    row.used7d = Number(c.used7d);
  }
  const rows = [...byKey.values()];
  const totals = zero();
  for (const row of rows) for (const m of METRICS) totals[m] += row[m];
  return { rows, totals };
}
