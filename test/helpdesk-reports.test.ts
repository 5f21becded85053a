import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHelpdeskReport } from '../src/helpdesk/reports-data.ts';
import { helpdeskReportCsv } from '../src/helpdesk/reports-routes.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import type { Browser } from './http-client.ts';
import { consoleSignIn } from './factories/staff.ts';
import { TEST_DIALECTS } from './test-env.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ALL = { scope: 'all', zoneId: null, districtId: null } as const;
const SI = { scope: 'district', zoneId: 'lucknow', districtId: 'lucknow' } as const;
const ZONAL = { scope: 'zone', zoneId: 'lucknow', districtId: null } as const;

interface Seed {
  category: string;
  status: string;
  district: string;
  zone: string;
  age: number;
  response?: number;
  resolved?: number;
  responseBreached?: boolean;
  resolutionBreached?: boolean;
}

/**
 * Open in Lucknow: A (<1 day by 1 ms), B (exactly 1 day), C (exactly 3 days), D (exactly 7 days); open in
 * Kanpur Nagar: E (7 days less 1 ms). Resolved F (Lucknow), closed G (Kanpur), and H opened 31 days ago.
 * Response: met B D E F G, breached C, pending A. Resolution: met F G, breached D, pending A B C E.
 */
const SEEDS: Record<string, Seed> = {
  A: { category: 'cannot_log_in', status: 'new', district: 'lucknow', zone: 'lucknow', age: DAY - 1 },
  B: {
    category: 'cannot_log_in',
    status: 'in_progress',
    district: 'lucknow',
    zone: 'lucknow',
    age: DAY,
    response: 60 * MIN,
  },
  C: {
    category: 'slow',
    status: 'waiting_for_officer',
    district: 'lucknow',
    zone: 'lucknow',
    age: 3 * DAY,
    response: 90 * MIN,
    responseBreached: true,
  },
  D: {
    category: 'other',
    status: 'reopened',
    district: 'lucknow',
    zone: 'lucknow',
    age: 7 * DAY,
    response: 30 * MIN,
    resolved: 2 * DAY,
    resolutionBreached: true,
  },
  E: {
    category: 'activation_link',
    status: 'new',
    district: 'kanpur-nagar',
    zone: 'kanpur',
    age: 7 * DAY - 1,
    response: 120 * MIN,
  },
  F: {
    category: 'slow',
    status: 'resolved',
    district: 'lucknow',
    zone: 'lucknow',
    age: 2 * DAY,
    response: 50 * MIN,
    resolved: 5 * HOUR,
  },
  G: {
    category: 'other',
    status: 'closed',
    district: 'kanpur-nagar',
    zone: 'kanpur',
    age: 10 * DAY,
    response: 200 * MIN,
    resolved: DAY,
  },
  H: {
    category: 'slow',
    status: 'closed',
    district: 'lucknow',
    zone: 'lucknow',
    age: 31 * DAY,
    response: 10 * MIN,
    resolved: HOUR,
    responseBreached: true,
    resolutionBreached: true,
  },
};

describe.each(TEST_DIALECTS)('helpdesk reports on %s', (dialect) => {
  let t: TestApp;
  let now = 0;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  async function seedTicket(name: string, s: Seed, n: number) {
    const created = now - s.age;
    await db()
      .insertInto('tickets')
      .values({
        number: `T-2026-${String(900 + n).padStart(6, '0')}`,
        account_id: null,
        user_id: `seed.${name}`,
        district_id: s.district,
        zone_id: s.zone,
        category: s.category,
        priority: 'normal',
        status: s.status,
        tier: 'si',
        subject: `Seed ${name}`,
        created_at: created,
        updated_at: created,
        first_response_at: s.response === undefined ? null : created + s.response,
        resolved_at: s.resolved === undefined ? null : created + s.resolved,
        closed_at: s.status === 'closed' ? created + (s.resolved ?? 0) : null,
        response_due_at: null,
        resolution_due_at: null,
        response_breached_at: s.responseBreached ? created + MIN : null,
        resolution_breached_at: s.resolutionBreached ? created + MIN : null,
        escalated_at: null,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    const audit = t.deps.audit;
    // Eight days before "now": outside the week, not counted.
    await audit.append({ type: 'login.failed', actor: 'officer1', ip: '192.0.2.9', detail: { failures: 1 } });
    t.clock.advance(8 * DAY + 1);
    for (let i = 0; i < 3; i++)
      await audit.append({
        type: 'login.failed',
        actor: 'officer1',
        ip: '192.0.2.1',
        detail: { failures: i + 1 },
      });
    await audit.append({ type: 'login.failed', actor: 'officer2', ip: '192.0.2.2', detail: { failures: 1 } });
    await audit.append({ type: 'login.mfa_failed', actor: 'officer1', ip: '192.0.2.1', detail: {} });
    await audit.append({
      type: 'access.denied',
      actor: 'officer1',
      ip: '192.0.2.1',
      target: 'BOWEB',
      detail: { reason: 'office_open' },
    });
    await audit.append({
      type: 'access.denied',
      actor: 'officer1',
      ip: '192.0.2.1',
      target: 'BOWEB',
      detail: { reason: 'office_open' },
    });
    await audit.append({
      type: 'access.denied',
      actor: 'officer2',
      ip: '192.0.2.2',
      target: 'BOWEB',
      detail: { reason: 'outside_hours' },
    });
    // A device that fails its checks four times in a minute: one tallied record, count 4.
    for (let i = 0; i < 4; i++)
      await audit.append({
        type: 'inspection.failed',
        actor: 'anonymous',
        ip: '192.0.2.3',
        detail: { os: 'fail:old' },
      });
    await audit.flush();
    now = t.clock.now();
    let n = 0;
    for (const [name, s] of Object.entries(SEEDS)) await seedTicket(name, s, n++);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts open tickets by category, zone and age band, with the bands closed below and open above', async () => {
    const r = await loadHelpdeskReport(db(), ALL, now);
    expect(r.openTotal).toBe(5);
    expect(Object.fromEntries(r.byCategory.map((c) => [c.category, c.count]))).toEqual({
      cannot_log_in: 2,
      activation_link: 1,
      inspection_failed: 0,
      back_office_unreachable: 0,
      slow: 1,
      other: 1,
    });
    expect(r.byZone.map((z) => [z.zoneId, z.nameEn, z.count])).toEqual([
      ['kanpur', 'Kanpur', 1],
      ['lucknow', 'Lucknow', 4],
    ]);
    // A: 1 day less 1 ms; B: exactly 1 day; C: exactly 3; E: 7 less 1 ms; D: exactly 7.
    expect(r.byAge).toEqual([
      { band: 'under1d', count: 1 },
      { band: 'd1to3', count: 1 },
      { band: 'd3to7', count: 2 },
      { band: 'over7d', count: 1 },
    ]);
  });
  it('tallies SLA compliance over the last 30 days, breached and met and pending', async () => {
    const r = await loadHelpdeskReport(db(), ALL, now);
    expect(r.sla.response).toEqual({ met: 5, breached: 1, pending: 1 });
    expect(r.sla.resolution).toEqual({ met: 2, breached: 1, pending: 4 });
    expect(r.sla.both).toEqual({ met: 2, breached: 2, pending: 3 });
  });
  it('takes medians in calendar time: even count (response) and odd count (resolution)', async () => {
    const r = await loadHelpdeskReport(db(), ALL, now);
    // Responses 30, 50, 60, 90, 120, 200 min → (60 + 90) / 2; resolutions 5 h, 1 day, 2 days → 1 day.
    expect(r.responded).toBe(6);
    expect(r.medianFirstResponseMs).toBe(75 * MIN);
    expect(r.resolved).toBe(3);
    expect(r.medianResolutionMs).toBe(DAY);
  });
  it("counts this week's sign-in failures by reason, summing tallied counts, access denials by reason", async () => {
    const r = await loadHelpdeskReport(db(), ALL, now);
    expect(r.failures).toEqual([
      { type: 'inspection.failed', reason: null, count: 4 },
      { type: 'login.failed', reason: null, count: 4 },
      { type: 'access.denied', reason: 'office_open', count: 2 },
      { type: 'access.denied', reason: 'outside_hours', count: 1 },
      { type: 'login.mfa_failed', reason: null, count: 1 },
    ]);
  });

  it("an SI's numbers hold only their district's tickets and officers", async () => {
    const r = await loadHelpdeskReport(db(), SI, now);
    expect(r.openTotal).toBe(4);
    expect(r.byZone.map((z) => [z.zoneId, z.count])).toEqual([['lucknow', 4]]);
    expect(r.byAge.map((a) => a.count)).toEqual([1, 1, 1, 1]);
    expect(r.sla.response).toEqual({ met: 3, breached: 1, pending: 1 });
    // Responses 30, 50, 60, 90 → 55; resolutions 5 h and 2 days → their mean.
    expect(r.medianFirstResponseMs).toBe(55 * MIN);
    expect(r.medianResolutionMs).toBe((5 * HOUR + 2 * DAY) / 2);
    expect(r.failures).toEqual([
      { type: 'login.failed', reason: null, count: 3 },
      { type: 'access.denied', reason: 'office_open', count: 2 },
      { type: 'login.mfa_failed', reason: null, count: 1 },
    ]);
  });

  it("a zonal head's numbers hold their zone's (Lucknow and Hardoi), not Kanpur's nor anonymous counts", async () => {
    const r = await loadHelpdeskReport(db(), ZONAL, now);
    expect(r.openTotal).toBe(4);
    expect(r.failures.map((f) => [f.type, f.reason, f.count])).toEqual([
      ['login.failed', null, 4],
      ['access.denied', 'office_open', 2],
      ['access.denied', 'outside_hours', 1],
      ['login.mfa_failed', null, 1],
    ]);
  });

  it('a scoped reader without a district sees nothing rather than everything', async () => {
    const r = await loadHelpdeskReport(db(), { scope: 'district', zoneId: null, districtId: null }, now);
    expect(r.openTotal).toBe(0);
    expect(r.failures).toEqual([]);
  });

  it('writes each table as a well-formed bilingual CSV with a confidential header', async () => {
    const r = await loadHelpdeskReport(db(), ALL, now);
    const csv = helpdeskReportCsv(r, 'sla', { generatedAt: now, generatedBy: 'hq.admin', reach: 'all' });
    const rows: string[][] = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true });
    expect(rows[0]?.[0]).toBe('गोपनीय / Confidential');
    expect(rows[4]).toEqual(['पहुँच / Reach', 'all']);
    const header = rows.findIndex((row) => row[0] === 'लक्ष्य / Target');
    expect(rows[header]).toEqual([
      'लक्ष्य / Target',
      'पूरे / Met',
      'चूके / Breached',
      'लंबित / Pending',
      'अनुपालन / Compliance',
    ]);
    expect(rows[header + 1]).toEqual(['पहला उत्तर / First response', '5', '1', '1', '83.3%']);
    expect(rows[header + 3]).toEqual(['दोनों / Both', '2', '2', '3', '50%']);
    const medians: string[][] = parse(
      helpdeskReportCsv(r, 'medians', { generatedAt: now, generatedBy: 'hq.admin', reach: 'all' }).replace(
        /^\uFEFF/,
        '',
      ),
      { relax_column_count: true },
    );
    expect(medians.at(-2)).toEqual([
      'पहले उत्तर तक का समय / Time to first response',
      '1 घंटे 15 मिनट / 1 h 15 min',
      '75',
      '6',
    ]);
    expect(medians.at(-1)).toEqual([
      'समाधान तक का समय / Time to resolution',
      '24 घंटे 0 मिनट / 24 h 0 min',
      '1440',
      '3',
    ]);
  });

  describe('in the console', () => {
    let hq: Browser;
    let si: Browser;
    beforeAll(async () => {
      hq = await consoleSignIn(t, 'hq.admin');
      si = await consoleSignIn(t, 'si.lucknow');
    });

    /** The numbers in the row headed `name` of the table with id `table`. */
    function cells(body: string, table: string, name: string): string[] {
      const tbl =
        new RegExp(`<table class="data" id="table-${table}">([\\s\\S]*?)</table>`).exec(body)?.[1] ?? '';
      const row = new RegExp(`<th scope="row">${name}</th>([\\s\\S]*?)</tr>`).exec(tbl)?.[1];
      if (row === undefined) throw new Error(`no row ${name} in ${table}`);
      return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => (m[1] ?? '').trim());
    }

    it('shows every table with captions, and the failure chart with its table as text alternative', async () => {
      const page = await hq.fetch(url('/console/helpdesk/reports'));
      expect(page.status).toBe(200);
      expect(cells(page.body, 'category', 'Cannot log in')).toEqual(['2']);
      expect(cells(page.body, 'zone', 'Kanpur')).toEqual(['1']);
      // Signing in moved the clock on: the age bands are checked exactly above, at a fixed time.
      expect(cells(page.body, 'age', '3 to 7 days').length).toBe(1);
      expect(cells(page.body, 'sla', 'Resolution')).toEqual(['2', '1', '4', '66.7%']);
      expect(cells(page.body, 'medians', 'Time to first response')).toEqual(['1 h 15 min', '75', '6']);
      expect(cells(page.body, 'failures', 'Device check failed')).toEqual(['4']);
      expect(page.body).toContain('<caption>');
      expect(page.body).toMatch(
        /<svg[^>]*role="img"[^>]*aria-labelledby="failure-chart-title failure-chart-desc"/,
      );
      expect(page.body).toContain('<title>Access refused: office_open: 2</title>');
      expect(page.body).toContain('href="/console/helpdesk/reports.csv?table=failures"');
    });

    it("shows an SI only their district's numbers", async () => {
      const page = await si.fetch(url('/console/helpdesk/reports'));
      expect(page.status).toBe(200);
      expect(page.body).not.toContain('Kanpur');
      expect(cells(page.body, 'category', 'Cannot log in')).toEqual(['2']);
      expect(cells(page.body, 'zone', 'Lucknow')).toEqual(['4']);
      expect(cells(page.body, 'failures', 'Wrong user ID or password')).toEqual(['3']);
      // The anonymous device-check count is not any one officer's: only readers who reach all see it.
      expect(() => cells(page.body, 'failures', 'Device check failed')).toThrow(/no row/);
    });

    it('downloads a table as CSV within the reader’s reach, and audits the export', async () => {
      const reply = await si.fetch(url('/console/helpdesk/reports.csv?table=zone'));
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toContain('text/csv');
      expect(String(reply.headers['content-disposition'])).toMatch(
        /attachment; filename="dwaar-helpdesk-zone-/,
      );
      const rows: string[][] = parse(reply.body.replace(/^\uFEFF/, ''), { relax_column_count: true });
      expect(rows).toContainEqual(['पहुँच / Reach', 'district=lucknow']);
      expect(rows.at(-1)).toEqual(['लखनऊ / Lucknow', '4']);
      const audited = await db()
        .selectFrom('audit_events')
        .select(['actor', 'target'])
        .where('type', '=', 'report.exported')
        .where('target', '=', 'helpdesk:zone')
        .execute();
      expect(audited).toEqual([{ actor: 'si.lucknow', target: 'helpdesk:zone' }]);
    });

    it('refuses an unknown table with a clear error and no file', async () => {
      const reply = await hq.fetch(url('/console/helpdesk/reports.csv?table=passwords'));
      expect(reply.status).toBe(400);
      expect(reply.headers['content-type']).toContain('text/html');
      expect(reply.body).toContain('That report table is not known');
    });

    it('shows empty states in Hindi and English when nothing is counted', async () => {
      const empty = await createTestApp({ dialect });
      try {
        const b = await consoleSignIn(empty, 'hq.admin');
        const page = await b.fetch(`${empty.portalOrigin}/console/helpdesk/reports`);
        expect(page.status).toBe(200);
        expect(page.body).toContain('No open tickets.');
        expect(page.body).toContain('No tickets were opened in the last 30 days.');
        b.setCookie('localhost', 'dwaar_lang', 'hi');
        const hi = await b.fetch(`${empty.portalOrigin}/console/helpdesk/reports`);
        expect(hi.body).toContain('कोई खुला टिकट नहीं है।');
      } finally {
        await empty.close();
      }
    });
  });
});
