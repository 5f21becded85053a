import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditInput } from '../src/audit/index.ts';
import { createManualClock } from '../src/clock.ts';
import { auditOrigin } from './audit-search-harness.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount, insertOfficer } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 29-11-2026 00:15 in India: still 28-11 in UTC, so a UTC grouping would put it on the wrong day. */
const T0 = Date.UTC(2026, 10, 28, 18, 45);

/** The sequence numbers in the results table (not the checkpoints table), in page order. */
function resultSeqs(body: string): number[] {
  const start = Math.max(body.indexOf('Audit events, newest first'), body.indexOf('ऑडिट घटनाएँ, नवीनतम पहले'));
  if (start < 0) return [];
  const table = body.slice(start, body.indexOf('</table>', start));
  return [...table.matchAll(/<th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
}

describe.each(TEST_DIALECTS)('audit trail search on %s', (dialect) => {
  let t: TestApp;
  let origin: string;
  let closeOrigin: (() => Promise<void>) | undefined;
  let hq: Browser;
  let zonal: Browser;
  let si: Browser;
  const seqs: Record<string, number> = {};
  const pagerSeqs: number[] = [];
  const db = () => t.deps.store.db;
  const get = (b: Browser, path: string) => b.fetch(`${origin}${path}`);

  async function headSeq(): Promise<number> {
    const head = await db()
      .selectFrom('audit_head')
      .select('seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return head.seq;
  }

  async function append(name: string, event: AuditInput, after = 0): Promise<number> {
    t.clock.advance(after);
    await t.deps.audit.append(event);
    const seq = await headSeq();
    seqs[name] = seq;
    return seq;
  }

  async function eventsSince(seq: number) {
    return db().selectFrom('audit_events').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(T0) });
    const now = t.clock.now();
    const agra = await insertOfficer(db(), now, { district_id: 'agra' });
    await insertAccount(db(), now, { user_id: 'agra.off', officer_id: agra.id });
    const pager = await insertOfficer(db(), now, { district_id: 'lucknow' });
    await insertAccount(db(), now, { user_id: 'pager.off', officer_id: pager.id });

    // Day one (29-11 in India).
    await append('e1', { type: 'login.succeeded', actor: 'officer1', ip: '10.0.0.1' });
    await append('e2', { type: 'session.handoff', actor: 'officer1', target: 'boweb' }, HOUR);
    await append('e3', { type: 'login.failed', actor: 'agra.off', detail: { reason: 'password' } }, HOUR);
    // Day two (30-11).
    await append('e4', { type: 'login.succeeded', actor: 'officer2' }, DAY - 2 * HOUR);
    await append('e5', { type: 'district.status_changed', actor: 'hq.admin', target: 'agra' }, HOUR);
    await append('e6', { type: 'account.unlocked', actor: 'hq.admin', target: 'officer1' }, HOUR);
    await append('e7', { type: 'login.locked', actor: 'agra.off', target: 'agra.off' }, HOUR);
    await append(
      'e8',
      { type: 'access.denied', actor: 'officer1', target: 'boweb', detail: { reason: 'zone' } },
      HOUR,
    );
    for (let i = 0; i < 55; i++)
      pagerSeqs.push(
        await append(`p${i}`, { type: 'mail.sent', actor: 'system', target: 'pager.off' }, 1000),
      );
    t.clock.advance(DAY);

    const served = await auditOrigin(t);
    origin = served.origin;
    closeOrigin = () => served.close();
    hq = await consoleSignIn(t, 'hq.admin');
    zonal = await consoleSignIn(t, 'zonal.lucknow');
    si = await consoleSignIn(t, 'si.lucknow');
  });

  afterAll(async () => {
    await closeOrigin?.();
    await t?.close();
  });

  it('filters by officer: exactly the events naming them as actor or target, newest first', async () => {
    const page = await get(hq, '/console/audit?user=OFFICER1');
    expect(page.status).toBe(200);
    expect(resultSeqs(page.body)).toEqual([seqs.e8, seqs.e6, seqs.e2, seqs.e1]);
    expect(page.body).toContain('href="/console/audit/people/officer1"');
  });

  it('filters by zone, by action prefix and by India-time dates', async () => {
    const zone = await get(hq, '/console/audit?zone=agra');
    expect(resultSeqs(zone.body)).toEqual([seqs.e7, seqs.e5, seqs.e3]);
    const dayOne = await get(hq, '/console/audit?action=login.&from=29-11-2026&to=29-11-2026');
    expect(resultSeqs(dayOne.body)).toEqual([seqs.e3, seqs.e1]);
    const exact = await get(hq, '/console/audit?action=login.locked');
    expect(resultSeqs(exact.body)).toEqual([seqs.e7]);
    const text = await get(hq, '/console/audit?q=BOW&from=30-11-2026');
    expect(resultSeqs(text.body)).toEqual([seqs.e8]);
    // LIKE's wildcards match only themselves: no target holds a %, and "boweb" holds no _.
    expect(resultSeqs((await get(hq, '/console/audit?q=%25')).body)).toEqual([]);
    expect(resultSeqs((await get(hq, '/console/audit?q=_&action=session.handoff')).body)).toEqual([]);
    expect(resultSeqs((await get(hq, '/console/audit?q=b_web')).body)).toEqual([]);
  });

  it('pages 50 at a time with an "older" link that continues without overlap', async () => {
    const first = await get(hq, '/console/audit?user=pager.off');
    const one = resultSeqs(first.body);
    expect(one).toHaveLength(50);
    const older = /href="(\/console\/audit\?[^"]*before=\d+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toBeDefined();
    const second = await get(hq, older ?? '');
    const two = resultSeqs(second.body);
    expect([...one, ...two]).toEqual([...pagerSeqs].reverse());
    expect(second.body).not.toMatch(/before=\d+/);
  });

  it("shows a zonal head only their zone's events", async () => {
    // Older than the mail events of pager.off (in Lucknow too), which fill the first page.
    const page = await get(zonal, `/console/audit?before=${pagerSeqs[0]}`);
    expect(page.status).toBe(200);
    const shown = resultSeqs(page.body);
    for (const name of ['e8', 'e6', 'e4']) expect(shown).toContain(seqs[name]);
    for (const name of ['e3', 'e5', 'e7']) expect(shown).not.toContain(seqs[name]);
    // The state-wide panel of checkpoints is not theirs.
    expect(page.body).not.toContain('Write a checkpoint now');
  });

  it('refuses a zonal head another zone, district or officer with 403, audited, showing nothing', async () => {
    for (const query of ['zone=agra', 'district=agra', 'user=agra.off']) {
      const before = await headSeq();
      const page = await get(zonal, `/console/audit?${query}`);
      expect(page.status).toBe(403);
      expect(resultSeqs(page.body)).toEqual([]);
      expect(page.body).toContain('Outside your reach');
      const written = await eventsSince(before);
      expect(written.map((e) => e.type)).toEqual(['audit.refused']);
      expect(written[0]?.actor).toBe('zonal.lucknow');
      expect(written[0]?.target).toBe(query);
    }
  });

  it('limits a system integrator to their district', async () => {
    const page = await get(si, `/console/audit?before=${pagerSeqs[0]}`);
    const shown = resultSeqs(page.body);
    expect(shown).toContain(seqs.e8);
    expect(shown).not.toContain(seqs.e4); // officer2 sits in Hardoi, same zone, other district
    expect(shown).not.toContain(seqs.e3);
    const zone = await get(si, '/console/audit?zone=lucknow&user=officer1');
    expect(zone.status).toBe(200);
    expect((await get(si, '/console/audit?district=hardoi')).status).toBe(403);
    expect((await get(si, '/console/audit?user=officer2')).status).toBe(403);
  });

  it('exports CSV within scope and filters, well-formed, and audits the export', async () => {
    const before = await headSeq();
    const reply = await get(zonal, '/console/audit.csv?action=login.');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    expect(String(reply.headers['content-disposition'])).toMatch(
      /^attachment; filename="dwaar-audit-.*\.csv"$/,
    );
    const rows: string[][] = parse(reply.body.replace(/^\uFEFF/, ''), { relax_column_count: true });
    expect(rows[0]?.[0]).toBe('गोपनीय / Confidential');
    const header = rows.findIndex((r) => r.at(-1) === 'hash');
    const data = rows.slice(header + 1);
    expect(data.every((r) => r.length === 8)).toBe(true);
    expect(data.map((r) => Number(r[0]))).toEqual([seqs.e1, seqs.e4]);
    expect(data.every((r) => r[2]?.startsWith('login.'))).toBe(true);
    const audited = (await eventsSince(before)).filter((e) => e.type === 'audit.searched');
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]?.detail ?? '{}')).toMatchObject({ format: 'csv', action: 'login.' });
  });

  it('exports JSON Lines whose hashes match the chain, within scope', async () => {
    const reply = await get(si, '/console/audit.jsonl');
    expect(reply.status).toBe(200);
    const lines = reply.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const stored = new Map(
      (await db().selectFrom('audit_events').select(['seq', 'hash']).execute()).map((r) => [r.seq, r.hash]),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual([
        'actor',
        'at',
        'detail',
        'hash',
        'ip',
        'seq',
        'target',
        'time',
        'type',
      ]);
      expect(line.hash).toBe(stored.get(Number(line.seq)));
    }
    const exported = lines.map((l) => Number(l.seq));
    expect(exported).toContain(seqs.e8);
    expect(exported).not.toContain(seqs.e4);
    expect(exported).not.toContain(seqs.e3);
    expect((await get(si, '/console/audit.jsonl?district=hardoi')).status).toBe(403);
  });

  it('records every search page view once, with the filters and the count shown', async () => {
    const before = await headSeq();
    await get(hq, '/console/audit?user=officer1&action=login.');
    const written = await eventsSince(before);
    expect(written.map((e) => e.type)).toEqual(['audit.searched']);
    expect(written[0]?.actor).toBe('hq.admin');
    expect(JSON.parse(written[0]?.detail ?? '{}')).toMatchObject({
      user: 'officer1',
      action: 'login.',
      shown: 1,
    });
  });

  it('speaks Hindi to a Hindi reader, with the glossary’s terms', async () => {
    const page = await hq.fetch(`${origin}/console/audit?user=officer1`, {
      headers: { 'accept-language': 'hi' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="hi"');
    for (const text of ['ऑडिट ट्रेल', 'यूज़र आईडी', 'जनपद', 'ऑडिट घटनाएँ, नवीनतम पहले'])
      expect(page.body).toContain(text);
    const timeline = await hq.fetch(`${origin}/console/audit/people/officer1`, {
      headers: { 'accept-language': 'hi' },
    });
    expect(timeline.body).toContain('पहुँच समयरेखा');
    expect(timeline.body).toContain('पावती');
  });

  it('answers a malformed query 400 with a linked error summary, runs nothing and audits nothing', async () => {
    for (const [query, field] of [
      ['from=31-02-2026', 'from'],
      ['zone=atlantis', 'zone'],
      ['district=Agra!', 'district'],
      ['action=login.bogus', 'action'],
      ['from=30-11-2026&to=29-11-2026', 'to'],
    ] as const) {
      const before = await headSeq();
      const page = await get(hq, `/console/audit?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.body).toContain(`<a href="#${field}">`);
      expect(page.body).toContain(`id="${field}-error"`);
      expect(resultSeqs(page.body)).toEqual([]);
      expect(await headSeq()).toBe(before);
    }
    const before = await headSeq();
    expect((await get(hq, '/console/audit?before=abc')).status).toBe(400);
    expect((await get(hq, '/console/audit.csv?from=99-99-9999')).status).toBe(400);
    expect(await headSeq()).toBe(before);
  });

  it("groups a person's timeline by India-time day, newest first, and audits the view", async () => {
    const before = await headSeq();
    const page = await get(hq, '/console/audit/people/officer1');
    expect(page.status).toBe(200);
    const days = [...page.body.matchAll(/<th scope="row"><time datetime="([\d-]+)">/g)].map((m) => m[1]);
    // Earlier tests' views of this timeline (audit.timeline_viewed, about officer1) fall on 01-12.
    expect(days.filter((d) => d !== '2026-12-01')).toEqual(['2026-11-30', '2026-11-29']);
    expect(days[0]).toBe(days.includes('2026-12-01') ? '2026-12-01' : '2026-11-30');
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('Sign-ins: 00:15');
    expect(page.body).toContain('Hand-offs to applications: 01:15');
    const written = await eventsSince(before);
    expect(written.map((e) => [e.type, e.target])).toEqual([['audit.timeline_viewed', 'officer1']]);
  });

  it('refuses a timeline outside the reader’s scope (403, audited) and answers 404 for no such person', async () => {
    const before = await headSeq();
    const refused = await get(zonal, '/console/audit/people/agra.off');
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain('Access timeline');
    expect((await eventsSince(before)).map((e) => e.type)).toEqual(['audit.refused']);
    expect((await get(zonal, '/console/audit/people/officer1')).status).toBe(200);
    expect((await get(hq, '/console/audit/people/nobody.here')).status).toBe(404);
  });

  it('writes a checkpoint on demand for HQ, and refuses others', async () => {
    const page = await get(hq, '/console/audit');
    expect(page.body).toContain('Signed checkpoints');
    expect(page.body).toContain('BEGIN PUBLIC KEY');
    const posted = await hq.fetch(`${origin}/console/audit/checkpoint`, {
      form: { _csrf: csrfFrom(page.body) },
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\/console\/audit\?written=\d+$/);
    const after = await get(
      hq,
      new URL(posted.location ?? '').pathname + new URL(posted.location ?? '').search,
    );
    expect(after.body).toMatch(/Checkpoint written at entry \d+/);
    const zonalPage = await get(zonal, '/console/audit');
    const refused = await zonal.fetch(`${origin}/console/audit/checkpoint`, {
      form: { _csrf: csrfFrom(zonalPage.body) },
    });
    expect(refused.status).toBe(403);
    const forged = await hq.fetch(`${origin}/console/audit/checkpoint`, { form: { _csrf: 'forged' } });
    expect(forged.status).toBe(403);
  });
});
