import { parse } from 'csv-parse/sync';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../src/accounts/table.ts';
import type { ItemDecision, ProposalStatus } from '../src/proposals/table.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';
import { insertAccount } from './factories/accounts.ts';

const DAY = 24 * 60 * 60_000;
const EVIL_WING = '=HYPERLINK("http://evil.example/","click")';

describe.each(TEST_DIALECTS)('rollout reports on %s', (dialect) => {
  let t: TestApp;
  let hq: Browser;
  let zonal: Browser;
  let seq = 0;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  async function addOfficer(district: string, wing = 'adjudication'): Promise<number> {
    seq += 1;
    const row = await db()
      .insertInto('officers')
      .values({
        employee_no: `RPT${String(seq).padStart(5, '0')}`,
        name_en: `Report Officer ${seq}`,
        name_hi: `रिपोर्ट अधिकारी ${seq}`,
        rank_id: 'cto',
        wing_id: wing,
        district_id: district,
        email: `rpt${seq}@ctd.up.example`,
        mobile: null,
        created_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function addAccount(
    officerId: number | null,
    status: AccountStatus,
    extra: { lastLoginAt?: number } = {},
  ): Promise<number> {
    seq += 1;
    const now = t.clock.now();
    return insertAccount(db(), now, {
      user_id: `rpt.${seq}`,
      officer_id: officerId,
      display_name: `Account ${seq}`,
      status,
      last_login_at: extra.lastLoginAt ?? null,
    });
  }

  async function addProposal(zone: string, status: ProposalStatus, items: [number, ItemDecision][]) {
    const creator = await db()
      .selectFrom('accounts')
      .select('id')
      .where('user_id', '=', 'hq.admin')
      .executeTakeFirstOrThrow();
    const proposal = await db()
      .insertInto('proposals')
      .values({
        zone_id: zone,
        created_by: creator.id,
        status,
        note: '',
        created_at: t.clock.now(),
        submitted_at: status === 'draft' ? null : t.clock.now(),
        decided_at: status === 'decided' ? t.clock.now() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [officerId, decision] of items) {
      await db()
        .insertInto('proposal_items')
        .values({
          proposal_id: proposal.id,
          officer_id: officerId,
          decision,
          reason: null,
          open_office_exception: null,
          decided_by: null,
          decided_at: null,
          account_id: null,
        })
        .execute();
    }
  }

  async function addSession(accountId: number, ageMs: number) {
    seq += 1;
    const at = t.clock.now() - ageMs;
    await db()
      .insertInto('sessions')
      .values({
        id: `rpt-session-${seq}`,
        secret_hash: 'x',
        account_id: accountId,
        created_at: at,
        last_seen_at: at,
        expires_at: at + 8 * 3600_000,
        idle_timeout_s: 900,
        ended_at: at + 3600_000,
        end_reason: 'logout',
        ip: '192.0.2.1',
        user_agent: null,
        device_id: null,
        disclaimer_version: 1,
        mfa: 0,
      })
      .execute();
  }

  const staffSignIn = (userId: string, password: string): Promise<Browser> =>
    consoleSignIn(t, userId, password);

  /** The numbers in the table row headed `name`. */
  function rowOf(body: string, name: string): number[] {
    const match = new RegExp(`<th scope="row">${name}</th>([\\s\\S]*?)</tr>`).exec(body);
    if (!match?.[1]) throw new Error(`no row for ${name}`);
    return [...match[1].matchAll(/<td>(?:<strong>)?(\d+)/g)].map((m) => Number(m[1]));
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await db()
      .insertInto('wings')
      .values({ id: 'evil', name_en: EVIL_WING, name_hi: '@SUM(1+1)', sort_order: 9 })
      .execute();
    // Lucknow zone: L1 approved and active (used 2 days ago); L2 rejected then approved, pending activation;
    // L3 approved, active, last used 8 days ago; L4 only on a draft; H1 (Hardoi) rejected.
    const [l1, l2, l3, l4, h1] = [
      await addOfficer('lucknow'),
      await addOfficer('lucknow'),
      await addOfficer('lucknow', 'enforcement'),
      await addOfficer('lucknow'),
      await addOfficer('hardoi', 'evil'),
    ];
    // Agra zone: A1 and A2 on a submitted proposal; A1's account was used yesterday, then revoked.
    const [a1, a2] = [await addOfficer('agra'), await addOfficer('agra')];
    await addProposal('lucknow', 'decided', [
      [l1, 'approved'],
      [l2, 'rejected'],
      [l3, 'approved'],
      [h1, 'rejected'],
    ]);
    await addProposal('lucknow', 'decided', [[l2, 'approved']]);
    await addProposal('lucknow', 'draft', [[l4, 'pending']]);
    await addProposal('agra', 'submitted', [
      [a1, 'pending'],
      [a2, 'pending'],
    ]);
    const l1Account = await addAccount(l1, 'active', { lastLoginAt: t.clock.now() - 2 * DAY });
    await addSession(l1Account, 2 * DAY);
    await addAccount(l2, 'pending_activation');
    const l3Account = await addAccount(l3, 'active');
    await addSession(l3Account, 8 * DAY);
    const a1Account = await addAccount(a1, 'revoked', { lastLoginAt: t.clock.now() - DAY });
    await addSession(a1Account, DAY);
    await addAccount(a2, 'revoked');
    hq = await staffSignIn('hq.admin', 'Admin@Dwaar1');
    zonal = await staffSignIn('zonal.lucknow', 'Zonal@Dwaar1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts proposed, approved, rejected, activated and recently used per zone', async () => {
    const page = await hq.fetch(url('/console/reports?group=zone'));
    expect(page.status).toBe(200);
    // proposed, approved, rejected, activated, used in 7 days. The demo's officer1 (Lucknow) and officer2
    // (Hardoi) are active accounts, so they count as activated.
    expect(rowOf(page.body, 'Lucknow')).toEqual([4, 3, 1, 4, 1]);
    expect(rowOf(page.body, 'Agra')).toEqual([2, 0, 0, 1, 1]);
    expect(rowOf(page.body, 'Meerut')).toEqual([0, 0, 0, 0, 0]);
    expect(rowOf(page.body, 'Total')).toEqual([6, 3, 1, 5, 2]);
    expect(page.body).toContain('<caption>');
    expect(page.body).toContain('scope="col"');
    expect(page.body).toContain('What the figures count');
    expect(page.body).toContain('href="/console/reports.csv?group=zone"');
  });

  it('groups by district and by wing', async () => {
    const byDistrict = await hq.fetch(url('/console/reports?group=district&zone=lucknow'));
    expect(rowOf(byDistrict.body, 'Lucknow')).toEqual([3, 3, 0, 3, 1]);
    expect(rowOf(byDistrict.body, 'Hardoi')).toEqual([1, 0, 1, 1, 0]);
    expect(byDistrict.body).not.toContain('<th scope="row">Agra</th>');
    const byWing = await hq.fetch(url('/console/reports?group=wing'));
    expect(rowOf(byWing.body, 'Enforcement')).toEqual([1, 1, 0, 1, 0]);
    expect(byWing.body).toContain('=HYPERLINK(&quot;http://evil.example/&quot;,&quot;click&quot;)');
  });

  it('draws the chart as inline SVG with names and numbers, and no inline styles or scripts', async () => {
    const page = await hq.fetch(url('/console/reports?group=zone'));
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    expect(page.body).toMatch(/<title id="rollout-chart-title">\s*Rollout by zone/);
    expect(page.body).toMatch(/<title>\s*Lucknow: Approved 3\s*<\/title>/);
    expect(page.body).toMatch(/>\s*Used in last 7 days 1\s*</);
    expect(page.body).not.toMatch(/\sstyle=/);
    expect(page.body).not.toMatch(/<script>/);
    // Zones where nothing happened are in the table but not drawn.
    expect(page.body).not.toMatch(/<title>\s*Meerut:/);
  });

  it('keeps a zonal head and a joint commissioner to their zone, whatever the query says', async () => {
    const page = await zonal.fetch(url('/console/reports?group=zone&zone=agra'));
    expect(page.status).toBe(200);
    expect(rowOf(page.body, 'Lucknow')).toEqual([4, 3, 1, 4, 1]);
    expect(page.body).not.toContain('<th scope="row">Agra</th>');
    expect(rowOf(page.body, 'Total')).toEqual([4, 3, 1, 4, 1]);
    const districts = await zonal.fetch(url('/console/reports?group=district'));
    expect(districts.body).not.toContain('<th scope="row">Agra</th>');
    expect(rowOf(districts.body, 'Unnao')).toEqual([0, 0, 0, 0, 0]);
    const csv = await zonal.fetch(url('/console/reports.csv?group=zone&zone=agra'));
    expect(csv.body).toContain('zone=lucknow');
    expect(csv.body).not.toContain('Agra');
    const jc = await staffSignIn('jc.lucknow', 'Joint@Dwaar1');
    const jcPage = await jc.fetch(url('/console/reports?group=zone'));
    expect(jcPage.status).toBe(200);
    expect(jcPage.body).not.toContain('<th scope="row">Agra</th>');
  });

  it('downloads CSV with a BOM, CRLF, the confidential header and neutralised cells, and audits it', async () => {
    const before = await db()
      .selectFrom('audit_events')
      .select('seq')
      .where('type', '=', 'report.exported')
      .execute();
    const reply = await hq.fetch(url('/console/reports.csv?group=wing'));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(reply.headers['content-disposition'])).toMatch(
      /^attachment; filename="dwaar-rollout-wing-\d{4}-\d{2}-\d{2}_\d{4}\.csv"$/,
    );
    // Text decoders drop a BOM, so look at the bytes themselves.
    const cookies = [...(hq.jar.get('localhost') ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
    const raw = await request(`http://127.0.0.1:${t.port}/console/reports.csv?group=wing`, {
      headers: { host: `localhost:${t.port}`, cookie: cookies },
    });
    const bytes = Buffer.from(await raw.body.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(reply.body);
    expect(reply.body).toContain('\r\n');
    expect(reply.body.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const rows: string[][] = parse(reply.body, { bom: true, relax_column_count: true });
    expect(rows[0]?.[0]).toBe('गोपनीय / Confidential');
    expect(rows.find((r) => r[0]?.includes('Filters'))?.[1]).toBe('group=wing; zone=all; wing=all');
    const evil = rows.find((r) => r[1] === 'evil');
    expect(evil?.[0]).toBe(`'@SUM(1+1) / ${EVIL_WING}`);
    expect(evil?.slice(2)).toEqual(['1', '0', '1', '0', '0']);
    const header = rows.find((r) => r[1] === 'ID');
    expect(header?.[0]).toBe('विंग / Wing');
    expect(rows.at(-1)?.[0]).toBe('योग / Total');
    expect(rows.at(-1)?.slice(2)).toEqual(['6', '3', '1', '5', '2']);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

    const audited = await db()
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'report.exported')
      .orderBy('seq')
      .execute();
    expect(audited.length).toBe(before.length + 2);
    expect(audited.at(-1)?.actor).toBe('hq.admin');
    expect(JSON.parse(audited.at(-1)?.detail ?? '{}')).toMatchObject({ group: 'wing', rows: 5, zone: null });
  });

  it('refuses bad parameters with a clear 400, and people without report.read with 403', async () => {
    const bad = await hq.fetch(url('/console/reports?group=officer'));
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('id="error-summary"');
    expect((await hq.fetch(url('/console/reports.csv?group=zone&zone=%27%3B--'))).status).toBe(400);
    const officer = new Browser();
    await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect((await officer.fetch(url('/console/reports'))).status).toBe(403);
    expect((await officer.fetch(url('/console/reports.csv'))).status).toBe(403);
    const visitor = await new Browser().fetch(url('/console/reports.csv'));
    expect(visitor.status).toBe(303);
  });
});
