import { parse } from 'csv-parse/sync';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.ts';
import { indiaTime } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom, type Browser, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const START = indiaTime({ year: 2026, month: 12, day: 1 }, 11, 0);
/** The `what` of a `support.changed` record's detail. */
function whatOf(detail: string): string {
  const parsed: unknown = JSON.parse(detail);
  return typeof parsed === 'object' && parsed !== null && 'what' in parsed ? String(parsed.what) : '';
}

const HEADER = 'district,si_name,si_phone,si_email,hours_en,hours_hi';

describe.each(TEST_DIALECTS)('support locations, holidays and SLA targets on %s', (dialect) => {
  let t: TestApp;
  let hq: Browser;
  /** The demo's own locations, as seeded: a refused import leaves exactly these. */
  let seeded: unknown[];
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  /** Posts a CSV file to the import form as a browser would (multipart, the page's CSRF token). */
  async function importCsv(b: Browser, csv: string, csrf?: string): Promise<Reply> {
    const token = csrf ?? csrfFrom((await b.fetch(url('/console/helpdesk/locations'))).body);
    const boundary = `----dwaar${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="csv"; filename="si.csv"\r\ncontent-type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv, 'utf8'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const u = new URL(url('/console/helpdesk/locations/import'));
    const cookies = b.jar.get(u.hostname);
    const res = await request(`http://127.0.0.1:${u.port}${u.pathname}`, {
      method: 'POST',
      headers: {
        host: u.host,
        accept: 'text/html',
        cookie: [...(cookies ?? [])].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body,
    });
    const location = res.headers.location;
    return {
      status: res.statusCode,
      headers: res.headers,
      body: await res.body.text(),
      location: typeof location === 'string' ? new URL(location, u).toString() : undefined,
    };
  }

  const locations = () => db().selectFrom('support_locations').selectAll().orderBy('district_id').execute();
  const changes = async () => {
    const rows = await db()
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'support.changed')
      .execute();
    return rows.map((r) => ({ actor: r.actor, detail: r.detail, what: whatOf(r.detail) }));
  };

  async function form(path: string, fields: Record<string, string>) {
    const page = await hq.fetch(url(path));
    return hq.fetch(url(path), { form: { _csrf: csrfFrom(page.body), ...fields } });
  }

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(START) });
    hq = await consoleSignIn(t, 'hq.admin');
    seeded = await locations();
  });
  afterAll(async () => {
    await t.close();
  });

  it('imports nothing from a file with a bad row, and reports each row’s problem', async () => {
    const csv = [
      HEADER,
      'lucknow,Ramesh Kumar,+91 522 400 1234,ramesh@si.example,Mon–Sat 10:00–18:00,सोम–शनि 10:00–18:00',
      'Atlantis,Sita Devi,0522 400 5678,,Mon–Fri 10:00–17:00,सोम–शुक्र 10:00–17:00',
      'हरदोई,Mohan Lal,12ab,,Mon–Fri,सोम–शुक्र',
      'Lucknow,Again,0522 400 9999,,Mon–Fri,सोम–शुक्र',
    ].join('\n');
    const reply = await importCsv(hq, csv);
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Nothing was imported');
    expect(reply.body).toMatch(/<th scope="row">3<\/th>\s*<td>District<\/td>/);
    expect(reply.body).toContain('No district is called “Atlantis”');
    expect(reply.body).toMatch(/<th scope="row">4<\/th>\s*<td>SI phone<\/td>/);
    expect(reply.body).toContain('The district “Lucknow” is named on an earlier row.');
    expect(await locations()).toEqual(seeded);
    expect(await changes()).toHaveLength(0);
  });

  it('refuses a file whose header is wrong, saving nothing', async () => {
    const reply = await importCsv(hq, 'district,name\nlucknow,Someone\n');
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('The first line must name the columns');
    expect(await locations()).toEqual(seeded);
  });

  it('refuses an import without the CSRF token', async () => {
    const reply = await importCsv(hq, `${HEADER}\nlucknow,Ramesh Kumar,0522 400 1234,,Mon,सोम\n`, 'forged');
    expect(reply.status).toBe(403);
    expect(await locations()).toEqual(seeded);
  });

  it('imports a good file (districts by ID, English or Hindi name), audited, and exports it again', async () => {
    const csv = [
      HEADER,
      'lucknow,Ramesh Kumar,+91 522 400 1234,ramesh@si.example,Mon–Sat 10:00–18:00,सोम–शनि 10:00–18:00',
      'हरदोई,मोहन लाल,05852 234 567,,Mon–Fri 10:00–17:00,सोम–शुक्र 10:00–17:00',
      'Agra,Sita Devi,0562 400 5678,sita@si.example,Mon–Fri 09:30–17:30,सोम–शुक्र 09:30–17:30',
    ].join('\r\n');
    const reply = await importCsv(hq, csv);
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(url('/console/helpdesk/locations?done=imported&n=3'));
    const rows = await locations();
    expect(rows.map((r) => r.district_id)).toEqual(['agra', 'hardoi', 'lucknow']);
    expect(rows.find((r) => r.district_id === 'hardoi')).toMatchObject({
      si_name: 'मोहन लाल',
      si_email: null,
    });
    const audit = await changes();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ what: 'locations_imported', rows: 3 });
    const page = await hq.fetch(reply.location ?? '');
    expect(page.body).toContain('3 locations imported.');
    expect(page.body).toContain('Ramesh Kumar');
    // The export is the import's own format: it imports again unchanged.
    const exported = await hq.fetch(url('/console/helpdesk/locations.csv'));
    expect(exported.status).toBe(200);
    const records: string[][] = parse(exported.body, { bom: true });
    expect(records[0]).toEqual(HEADER.split(','));
    expect(records).toHaveLength(4);
    expect((await importCsv(hq, exported.body)).status).toBe(303);
    expect((await locations()).find((r) => r.district_id === 'lucknow')?.si_phone).toBe('+91 522 400 1234');
  });

  it('edits one location: a bad phone is refused beside its field, a good one saved and audited', async () => {
    const bad = await form('/console/helpdesk/locations/lucknow', {
      si_name: 'Ramesh Kumar',
      si_phone: 'call me',
      si_email: '',
      hours_en: 'Mon–Sat',
      hours_hi: 'सोम–शनि',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('href="#loc-si_phone"');
    expect((await locations()).find((r) => r.district_id === 'lucknow')?.si_phone).toBe('+91 522 400 1234');
    const good = await form('/console/helpdesk/locations/lucknow', {
      si_name: 'Suresh Yadav',
      si_phone: '0522-400-7777',
      si_email: 'suresh@si.example',
      hours_en: 'Mon–Sat 10:00–18:00',
      hours_hi: 'सोम–शनि 10:00–18:00',
    });
    expect(good.status).toBe(303);
    expect((await locations()).find((r) => r.district_id === 'lucknow')).toMatchObject({
      si_name: 'Suresh Yadav',
      updated_by: 'hq.admin',
    });
    expect((await changes()).some((c) => c.what === 'location_saved')).toBe(true);
  });

  it('keeps the set-up pages for support.manage: the SI is refused', async () => {
    const si = await consoleSignIn(t, 'si.lucknow');
    expect((await si.fetch(url('/console/helpdesk/locations'))).status).toBe(403);
    expect((await si.fetch(url('/console/helpdesk/holidays'))).status).toBe(403);
    expect((await si.fetch(url('/console/helpdesk/sla-targets'))).status).toBe(403);
  });

  it('adds and removes a holiday, audited; an impossible day is refused', async () => {
    const bad = await form('/console/helpdesk/holidays', {
      day: '2026-02-30',
      name_en: 'Nothing',
      name_hi: 'कुछ नहीं',
    });
    expect(bad.status).toBe(400);
    expect(await db().selectFrom('holidays').selectAll().execute()).toHaveLength(0);
    const added = await form('/console/helpdesk/holidays', {
      day: '2026-12-25',
      name_en: 'Christmas',
      name_hi: 'क्रिसमस',
    });
    expect(added.status).toBe(303);
    const twice = await form('/console/helpdesk/holidays', {
      day: '2026-12-25',
      name_en: 'Christmas',
      name_hi: 'क्रिसमस',
    });
    expect(twice.status).toBe(409);
    const page = await hq.fetch(url('/console/helpdesk/holidays'));
    expect(page.body).toContain('Christmas');
    const removed = await hq.fetch(url('/console/helpdesk/holidays/2026-12-25/delete'), {
      form: { _csrf: csrfFrom(page.body) },
    });
    expect(removed.status).toBe(303);
    expect(await db().selectFrom('holidays').selectAll().execute()).toHaveLength(0);
    const whats = (await changes()).map((c) => c.what);
    expect(whats).toEqual(expect.arrayContaining(['holiday_added', 'holiday_removed']));
  });

  it('saves SLA targets, refusing a response due after the resolution', async () => {
    const fields = {
      response_urgent: '20',
      resolution_urgent: '120',
      response_high: '60',
      resolution_high: '480',
      response_normal: '240',
      resolution_normal: '960',
      response_low: '480',
      resolution_low: '2400',
    };
    const bad = await form('/console/helpdesk/sla-targets', { ...fields, response_low: '5000' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('href="#sla-response_low"');
    const urgent = () =>
      db().selectFrom('sla_targets').selectAll().where('priority', '=', 'urgent').executeTakeFirstOrThrow();
    expect((await urgent()).response_minutes).toBe(30);
    const good = await form('/console/helpdesk/sla-targets', fields);
    expect(good.status).toBe(303);
    expect((await urgent()).response_minutes).toBe(20);
    expect((await changes()).some((c) => c.what === 'sla_targets_saved')).toBe(true);
  });
});
