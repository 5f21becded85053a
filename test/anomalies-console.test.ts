import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyKind } from '../src/anomalies/index.ts';
import { createManualClock } from '../src/clock.ts';
import { indiaTime } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount, insertOfficer } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';
import type { Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const START = indiaTime({ year: 2026, month: 12, day: 1 }, 10, 0);
const EVIL = '=HYPERLINK("http://evil.example/","x")';

describe.each(TEST_DIALECTS)('anomalies in the console on %s', (dialect) => {
  let t: TestApp;
  const browsers = new Map<string, Browser>();
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  async function as(userId: string): Promise<Browser> {
    const known = browsers.get(userId);
    if (known) return known;
    const browser = await consoleSignIn(t, userId);
    browsers.set(userId, browser);
    return browser;
  }

  async function flag(kind: AnomalyKind, subject: string, detail: Record<string, unknown>, ageMs: number) {
    await db()
      .insertInto('audit_anomalies')
      .values({
        kind,
        subject,
        detected_at: t.clock.now() - ageMs,
        event_seq: 900_000 + Math.round(ageMs / 1000),
        detail: JSON.stringify(detail),
        notified_at: null,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(START) });
    const now = t.clock.now();
    const agra = await insertOfficer(db(), now, {
      district_id: 'agra',
      name_en: 'Agra Officer',
      name_hi: 'आगरा अधिकारी',
    });
    await insertAccount(db(), now, { user_id: 'agra.officer', officer_id: agra.id });
    await flag(
      'account_failures',
      'officer1',
      { count: 7, window_min: 15, addresses: 2, ip: '192.0.2.9' },
      4000,
    );
    await flag('unusual_hour', 'agra.officer', { time: '23:40', channel: 'portal', ip: '192.0.2.10' }, 3000);
    await flag('address_failures', EVIL, { count: 31, window_min: 15, user_ids: 12 }, 2000);
    await flag('new_device', 'hq.admin', { device: 'Firefox on Linux', other_devices: 1 }, 1000);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The subjects in the table's rows, top to bottom. */
  function subjects(body: string): string[] {
    const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
    return [...tbody.matchAll(/<tr>[\s\S]*?<\/th>\s*<td>([^<]*)<\/td>/g)].map((m) => (m[1] ?? '').trim());
  }

  it('shows HQ every anomaly, newest first, in words, with timeline links and an export', async () => {
    const reply = await (await as('hq.admin')).fetch(url('/console/anomalies'));
    expect(reply.status).toBe(200);
    expect(subjects(reply.body)).toEqual([
      'hq.admin (HQ Administrator)',
      'Address =HYPERLINK(&quot;http://evil.example/&quot;,&quot;x&quot;)',
      'agra.officer (Agra Officer)',
      expect.stringMatching(/^officer1 \(/),
    ]);
    expect(reply.body).toContain('<caption>');
    expect(reply.body).toContain('<th scope="col">What happened</th>');
    expect(reply.body).toContain('Repeated sign-in failures for one account');
    expect(reply.body).toContain(
      '7 failed sign-in steps within 15 minutes, from 2 address(es); the last from 192.0.2.9.',
    );
    expect(reply.body).toContain('Signed in to the portal at 23:40 India time, from 192.0.2.10.');
    expect(reply.body).toContain('href="/console/audit/people/agra.officer"');
    expect(reply.body).toContain('href="/console/anomalies.csv"');
    const audited = await db()
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'audit.searched')
      .where('target', '=', 'anomalies')
      .execute();
    expect(audited.map((a) => a.actor)).toContain('hq.admin');
  });

  it('reads in Hindi', async () => {
    const browser = await as('auditor');
    browser.setCookie('localhost', 'dwaar_lang', 'hi');
    const reply = await browser.fetch(url('/console/anomalies'));
    browser.setCookie('localhost', 'dwaar_lang', 'en');
    expect(reply.body).toContain('ऑडिट ट्रेल में असामान्य गतिविधियाँ');
    expect(reply.body).toContain('एक खाते पर बार-बार विफल लॉग इन');
    expect(reply.body).toContain('आगरा अधिकारी');
  });

  it('shows a zonal head and a joint commissioner only the accounts of their zone, never addresses', async () => {
    for (const who of ['zonal.lucknow', 'jc.lucknow']) {
      const reply = await (await as(who)).fetch(url('/console/anomalies'));
      expect(reply.status).toBe(200);
      expect(subjects(reply.body)).toEqual([expect.stringMatching(/^officer1 \(/)]);
      expect(reply.body).not.toContain('HYPERLINK');
      expect(reply.body).not.toContain('agra.officer');
      expect(reply.body).toContain('failures from an address are shown to HQ and auditors only');
    }
  });

  it('shows a system integrator only the accounts of their district', async () => {
    const reply = await (await as('si.lucknow')).fetch(url('/console/anomalies'));
    expect(subjects(reply.body)).toEqual([expect.stringMatching(/^officer1 \(/)]);
    const csv = await (await as('si.lucknow')).fetch(url('/console/anomalies.csv'));
    expect(csv.body).toContain('officer1');
    expect(csv.body).not.toContain('agra.officer');
    expect(csv.body).not.toContain('hq.admin,');
  });

  it('says so when nothing matches', async () => {
    const reply = await (await as('hq.admin')).fetch(url('/console/anomalies?kind=concurrent_networks'));
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('No anomalies have been flagged.');
    expect(reply.body).not.toContain('<table');
  });

  it('refuses a filter it does not understand, saying so, and lists nothing', async () => {
    for (const query of ['kind=everything', 'page=0', 'page=abc']) {
      const reply = await (await as('hq.admin')).fetch(url(`/console/anomalies?${query}`));
      expect(reply.status).toBe(400);
      expect(reply.body).toContain('id="error-summary"');
      expect(reply.body).toContain('The filter was not understood. Choose a kind from the list.');
      expect(reply.body).not.toContain('<tbody>');
      const csv = await (await as('hq.admin')).fetch(url(`/console/anomalies.csv?${query}`));
      expect(csv.status).toBe(400);
      expect(csv.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('exports a well-formed CSV of the same rows, formulas neutralised', async () => {
    const reply = await (await as('hq.admin')).fetch(url('/console/anomalies.csv'));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(reply.headers['content-disposition']).toMatch(
      /^attachment; filename="dwaar-anomalies-2026-12-01_\d{4}\.csv"$/,
    );
    const rows: string[][] = parse(reply.body.replace(/^\uFEFF/, ''), { relax_column_count: true });
    expect(rows[0]).toEqual(['गोपनीय / Confidential', expect.any(String)]);
    const header = rows.findIndex((r) => r[1] === 'प्रकार कोड / Kind code');
    expect(header).toBeGreaterThan(0);
    const table = rows.slice(header + 1);
    expect(table.map((r) => r.length)).toEqual([8, 8, 8, 8]);
    expect(table.map((r) => r[1])).toEqual([
      'new_device',
      'address_failures',
      'unusual_hour',
      'account_failures',
    ]);
    expect(table[1]?.[3]).toBe(`'${EVIL}`);
    expect(table[2]?.[2]).toBe('असामान्य समय पर लॉग इन / Sign-in at an unusual hour');
    expect(table[2]?.[4]).toBe('आगरा अधिकारी / Agra Officer');
    const audited = await db()
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'audit.searched')
      .where('actor', '=', 'hq.admin')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audited.detail)).toMatchObject({ view: 'anomalies', format: 'csv', rows: 4 });
  });

  it('is closed to staff without the audit permission', async () => {
    const password = 'Help@Dwaar1-long';
    await insertAccount(db(), t.clock.now(), {
      user_id: 'help.desk',
      role: 'helpdesk',
      email: 'help@ctd.up.example',
      password_hash: await t.deps.passwords.hash(password),
    });
    const browser = await consoleSignIn(t, 'help.desk', password);
    for (const path of ['/console/anomalies', '/console/anomalies.csv']) {
      const reply = await browser.fetch(url(path));
      expect(reply.status).toBe(403);
      expect(reply.body).not.toContain('officer1');
    }
  });
});
