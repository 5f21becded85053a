import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as fixture from '../../../test/factories/import.ts';
import { IMPORT_AUDIT_CHAIN_KEY } from '../../../test/factories/import-data.ts';
import { verifyAuditChain } from '../../audit/verify.ts';
import { commitImport, type CommitImportInput } from './commit.ts';
import { validateImport } from './validate.ts';

const { generateOfficerCsv, HEADER, listImportDistricts, TEST_DIALECTS } = fixture;

describe.each(TEST_DIALECTS)('commitImport on %s', (dialect) => {
  let s: fixture.SeededStore;
  let input: Omit<CommitImportInput, 'csv'>;

  const count = async (table: 'officers' | 'proposals' | 'proposal_items' | 'audit_events') => {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      s.store.db,
    );
    return Number(r.rows[0]?.n);
  };
  const counts = async () => ({
    officers: await count('officers'),
    proposals: await count('proposals'),
    items: await count('proposal_items'),
    audit: await count('audit_events'),
  });
  const closedLucknow = async () =>
    (await listImportDistricts(s.store, 'lucknow')).filter((d) => ['lucknow', 'unnao'].includes(d.id));

  beforeEach(async () => {
    s = await fixture.openImportStore(dialect);
    input = { zoneId: 'lucknow', actor: s.hq, dropRejected: false, ip: '192.0.2.1', via: 'console' };
  });
  afterEach(async () => {
    await s.close();
  });

  it('imports a valid file in one go: new officers, a draft proposal, its items and the audit record', async () => {
    const csv = generateOfficerCsv({ rows: 12, districts: await closedLucknow() });
    const before = await counts();
    const result = await commitImport(s, { ...input, csv });
    if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
    expect(result.proposals).toMatchObject([{ zoneId: 'lucknow', officers: 12, newOfficers: 12 }]);
    expect(result.proposals[0]?.id).toBeGreaterThan(0);
    const after = await counts();
    expect(after).toEqual({
      officers: before.officers + 12,
      proposals: before.proposals + 1,
      items: before.items + 12,
      audit: before.audit + 1,
    });
    const id = result.proposals[0]?.id ?? 0;
    const proposal = await s.store.db
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ zone_id: 'lucknow', status: 'draft', created_by: s.hq.accountId });
    const event = await s.store.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      type: 'proposal.imported',
      actor: s.hq.userId,
      target: `proposal:${id}`,
      ip: '192.0.2.1',
    });
    expect(JSON.parse(event.detail)).toMatchObject({
      zone: 'lucknow',
      rows: 12,
      newOfficers: 12,
      via: 'console',
    });
    expect(await verifyAuditChain(s.store.db, { chainKey: IMPORT_AUDIT_CHAIN_KEY })).toMatchObject({
      ok: true,
    });
    // Imported again, the same officers are now pending on that proposal: all rejected.
    const again = await commitImport(s, { ...input, csv });
    expect(again).toMatchObject({ ok: false, reason: 'rows_rejected' });
  });

  it('commits nothing when one row is rejected', async () => {
    const good = generateOfficerCsv({ rows: 5, districts: await closedLucknow() }).trimEnd();
    const csv = `${good}\r\nBAD1,Ravi,रवि,cto,sib,lucknow,bad1@x.example,\r\n`;
    const before = await counts();
    const result = await commitImport(s, { ...input, csv });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('rows_rejected');
    expect(result.report.problems).toMatchObject([{ line: 7, column: 'wing', code: 'wing_not_eligible' }]);
    expect(await counts()).toEqual(before);
  });

  it('commits only the valid rows when asked to drop the rejected ones', async () => {
    const good = generateOfficerCsv({ rows: 5, districts: await closedLucknow() }).trimEnd();
    const csv = `${good}\r\nBAD1,Ravi,रवि,cto,sib,lucknow,bad1@x.example,\r\nBAD2,Ravi,रवि,cto,enforcement,agra,bad2@x.example,\r\n`;
    const before = await counts();
    const result = await commitImport(s, { ...input, csv, dropRejected: true });
    if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
    expect(result.proposals).toMatchObject([{ officers: 5, newOfficers: 5 }]);
    const after = await counts();
    expect(after.officers).toBe(before.officers + 5);
    expect(after.items).toBe(before.items + 5);
    const bad = await s.store.db
      .selectFrom('officers')
      .select('id')
      .where('employee_no', 'in', ['BAD1', 'BAD2'])
      .execute();
    expect(bad).toEqual([]);
    const event = await s.store.db
      .selectFrom('audit_events')
      .select('detail')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.detail)).toMatchObject({ rows: 5, rejectedRowsDropped: 2 });
  });

  it('refuses a file-level problem even when dropping rejected rows, and a file with no valid row', async () => {
    const before = await counts();
    const broken = await commitImport(s, { ...input, csv: 'employee_no\nX\n', dropRejected: true });
    expect(broken).toMatchObject({ ok: false, reason: 'file_problems' });
    const allBad = `${HEADER}\nBAD1,Ravi,रवि,cto,sib,lucknow,bad1@x.example,\n`;
    expect(await commitImport(s, { ...input, csv: allBad, dropRejected: true })).toMatchObject({
      ok: false,
      reason: 'nothing_valid',
    });
    expect(await counts()).toEqual(before);
  });

  it('reuses existing officers without overwriting the directory', async () => {
    const officer = await s.store.db
      .selectFrom('officers')
      .leftJoin('accounts', 'accounts.officer_id', 'officers.id')
      .select(['officers.id', 'officers.employee_no', 'officers.name_en', 'officers.email'])
      .where('officers.district_id', '=', 'unnao')
      .where('accounts.id', 'is', null)
      .executeTakeFirstOrThrow();
    const csv = `${HEADER}\n${officer.employee_no},Renamed Person,नया नाम,cto,enforcement,unnao,${officer.email},\n`;
    const before = await counts();
    const result = await commitImport(s, { ...input, csv });
    if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
    expect(result.report.notes.some((n) => n.code === 'directory_differs' && n.column === 'name_en')).toBe(
      true,
    );
    expect((await counts()).officers).toBe(before.officers);
    const after = await s.store.db
      .selectFrom('officers')
      .select('name_en')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow();
    expect(after.name_en).toBe(officer.name_en);
    const item = await s.store.db
      .selectFrom('proposal_items')
      .select(['officer_id', 'decision'])
      .where('proposal_id', '=', result.proposals[0]?.id ?? 0)
      .execute();
    expect(item).toEqual([{ officer_id: officer.id, decision: 'pending' }]);
  });

  it('validates again at commit: a directory change after the preview stops the import', async () => {
    const csv = generateOfficerCsv({ rows: 3, districts: await closedLucknow() });
    const preview = await validateImport(s.store.db, { zoneId: 'lucknow', csv });
    expect(preview.problems).toEqual([]);
    // Meanwhile, someone adds the first of these officers in another zone.
    const first = preview.rows[0];
    if (!first) throw new Error('no rows');
    await s.store.db
      .insertInto('officers')
      .values({ ...officerValues(first.employeeNo), district_id: 'agra' })
      .execute();
    const before = await counts();
    const result = await commitImport(s, { ...input, csv });
    expect(result).toMatchObject({ ok: false, reason: 'rows_rejected' });
    if (result.ok) return;
    expect(result.report.problems).toMatchObject([{ line: 2, code: 'employee_no_other_zone' }]);
    expect(await counts()).toEqual(before);
  });

  it('imports state-wide as one state-wide draft proposal, in one transaction', async () => {
    const csv = generateOfficerCsv({ rows: 40, districts: await listImportDistricts(s.store) });
    const result = await commitImport(s, { ...input, zoneId: 'all', csv });
    if (!result.ok) throw new Error(`expected success, got ${result.reason}`);
    expect(result.proposals).toEqual([
      { id: expect.any(Number) as number, zoneId: null, officers: 40, newOfficers: 40 },
    ]);
    const items = await s.store.db
      .selectFrom('proposal_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('proposal_id', '=', result.proposals[0]?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(Number(items.n)).toBe(40);
  });
});

function officerValues(employeeNo: string) {
  return {
    employee_no: employeeNo,
    name_en: 'Someone',
    name_hi: 'कोई',
    rank_id: 'cto',
    wing_id: 'enforcement',
    district_id: 'lucknow',
    email: `${employeeNo.toLowerCase()}@elsewhere.example`,
    mobile: null,
    created_at: 1,
  };
}
