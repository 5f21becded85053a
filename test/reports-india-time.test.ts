import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import type { Browser } from './http-client.ts';
import { consoleSignIn } from './factories/staff.ts';

/**
 * Reports are taken in India: the page, the CSV's "generated at" and the download's file name all say India
 * time. 20:00 UTC on 30 November is already 01:30 on 1 December in India, so a UTC stamp files the report
 * under the wrong day.
 */
const TAKEN_AT = Date.UTC(2026, 10, 30, 20, 0);

describe('rollout report times', () => {
  let t: TestApp;
  let hq: Browser;

  beforeAll(async () => {
    t = await createTestApp({ clock: createManualClock(TAKEN_AT - 5 * 60_000) });
    hq = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
    // Signing in may move the clock by a code period or two; set it to the instant the report is taken.
    t.clock.advance(TAKEN_AT - t.clock.now());
    expect(t.clock.now()).toBe(TAKEN_AT);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stamps the CSV file name in India time', async () => {
    const reply = await hq.fetch(`${t.portalOrigin}/console/reports.csv?group=district`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-disposition']).toBe(
      'attachment; filename="dwaar-rollout-district-2026-12-01_0130.csv"',
    );
  });

  it('says when the CSV was generated in India time, and says so in both languages', async () => {
    const reply = await hq.fetch(`${t.portalOrigin}/console/reports.csv?group=zone`);
    const rows: string[][] = parse(reply.body, { bom: true, relax_column_count: true });
    const generated = rows.find((r) => r[0]?.includes('Generated at'));
    expect(generated).toEqual([
      'तैयार करने का समय (भारतीय समय) / Generated at (India time)',
      '01-12-2026, 01:30',
    ]);
    expect(reply.body).not.toContain('UTC');
    expect(reply.body).not.toContain('2026-11-30');
  });

  it('shows the same time on the page, in English and in Hindi', async () => {
    const page = await hq.fetch(`${t.portalOrigin}/console/reports?group=zone`);
    expect(page.body).toContain('Figures as of 01-12-2026, 01:30');
    const hindi = await hq.fetch(`${t.portalOrigin}/console/reports?group=zone`, {
      headers: { 'accept-language': 'hi' },
    });
    expect(hindi.body).toContain('01-12-2026, 01:30 की स्थिति');
  });
});
