import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

/**
 * The CSV import's preview at its own address (issue 8, items 10, 11 and 16): Post/Redirect/Get, so the
 * language switch, a reload and the back button keep it; refusals for unknown, expired and foreign uploads;
 * the valid rows named rather than given as IDs; its tables reachable by keyboard.
 */

const HEADER = CSV_COLUMNS.join(',');
const row = (no: string, name = 'Ravi Verma,रवि वर्मा', district = 'lucknow', wing = 'enforcement') =>
  `${no},${name},cto,${wing},${district},${no.toLowerCase()}@ctd.up.example,9876543210`;
const PREVIEW_PATH = /^\/console\/proposals\/import\/([0-9a-f]{32})$/;

describe.each(TEST_DIALECTS)('the CSV import preview’s own address on %s', (dialect) => {
  let t: TestApp;
  let zonal: Browser;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const pathOf = (reply: Reply) => (reply.location ? new URL(reply.location).pathname : '');

  /** Posts a CSV for checking; the answer (not followed). */
  async function upload(browser: Browser, csv: string, zone?: string): Promise<Reply> {
    const page = await browser.fetch(url('/console/proposals/import'));
    return browser.fetch(url('/console/proposals/import/preview'), {
      form: { _csrf: csrfFrom(page.body), csv, ...(zone ? { zone } : {}) },
    });
  }
  /** Posts a CSV and returns the preview's own path. */
  async function uploaded(browser: Browser, csv: string, zone?: string): Promise<string> {
    const posted = await upload(browser, csv, zone);
    expect(posted.status).toBe(303);
    const path = pathOf(posted);
    expect(path).toMatch(PREVIEW_PATH);
    return path;
  }
  /** Switches language with the page's own switch link, returning where it leads back to. */
  async function switchLanguage(browser: Browser, page: Reply): Promise<Reply> {
    const href = /<nav[^>]*class="lang-switch"[^>]*>\s*<a href="([^"]+)"/.exec(page.body)?.[1];
    if (!href) throw new Error('no language switch on the page');
    const switched = await browser.fetch(url(href.replace(/&amp;/g, '&')));
    expect(switched.status).toBe(303);
    return browser.fetch(switched.location ?? '');
  }
  const audits = (actor: string) =>
    t.deps.store.db
      .selectFrom('audit_events')
      .select(['detail', 'target'])
      .where('type', '=', 'console.access_denied')
      .where('actor', '=', actor)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    zonal = await consoleSignIn(t, 'zonal.lucknow', 'Zonal@Dwaar1');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a checked upload with its own address, which survives the language switch and a reload', async () => {
    const csv = [HEADER, row('PV001'), row('PV002', 'Meera Srivastava,मीरा श्रीवास्तव', 'Unnao')].join('\n');
    const path = await uploaded(zonal, csv);
    const english = await zonal.fetch(url(path));
    expect(english.status).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('All 2 rows are valid.');
    // The switch comes back to this address, not to the address the form was posted to.
    expect(english.body).toContain(`/lang?to=hi&amp;back=${encodeURIComponent(path)}`);
    expect(english.body).toContain(`name="key" value="${PREVIEW_PATH.exec(path)?.[1]}"`);

    const hindi = await switchLanguage(zonal, english);
    expect(hindi.status).toBe(200);
    expect(hindi.body).toContain('<html lang="hi">');
    expect(hindi.body).toContain('सभी 2 पंक्तियाँ मान्य हैं।');
    expect(hindi.body).toContain(`name="key" value="${PREVIEW_PATH.exec(path)?.[1]}"`);

    const back = await switchLanguage(zonal, hindi);
    expect(back.status).toBe(200);
    expect(back.body).toContain('All 2 rows are valid.');
    // A reload is a GET of the same address: the same preview, nothing posted again.
    const reload = await zonal.fetch(url(path));
    expect(reload.body).toContain('All 2 rows are valid.');

    // The preview still commits, once.
    const committed = await zonal.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(reload.body), key: PREVIEW_PATH.exec(path)?.[1] ?? '' },
    });
    expect(committed.status).toBe(303);
    expect(committed.location).toMatch(/\/console\/proposals\/\d+$/);
    // Spent: the address now says so, and offers a new upload.
    const spent = await zonal.fetch(url(path));
    expect(spent.status).toBe(404);
    expect(spent.body).toContain('This check is no longer available');
  });

  it('shows the valid rows with names in the page’s language, not IDs', async () => {
    const path = await uploaded(zonal, [HEADER, row('PV101', 'Meera Srivastava,मीरा श्रीवास्तव')].join('\n'));
    const cells = (body: string) =>
      (/<div class="table-wrap" id="valid-rows"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '')
        .split('<td>')
        .slice(1)
        .map((c) =>
          c
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        );
    const english = cells((await zonal.fetch(url(path))).body);
    expect(english).toEqual([
      '2',
      'PV101',
      'Meera Srivastava मीरा श्रीवास्तव',
      'Commercial Tax Officer',
      'Enforcement',
      'Lucknow',
      'Lucknow',
      'pv101@ctd.up.example',
      'New',
    ]);
    zonal.setCookie('localhost', 'dwaar_lang', 'hi');
    try {
      const page = await zonal.fetch(url(path));
      // The Hindi name first, marked as Hindi; the English beneath, marked as English.
      expect(page.body).toMatch(
        /<span lang="hi">मीरा श्रीवास्तव<\/span><br \/><span\s+class="hint"\s+lang="en"/,
      );
      const hindi = cells(page.body);
      expect(hindi.slice(2, 7)).toEqual([
        'मीरा श्रीवास्तव Meera Srivastava',
        'वाणिज्य कर अधिकारी',
        'प्रवर्तन',
        'लखनऊ',
        'लखनऊ',
      ]);
      expect(hindi.join(' ')).not.toMatch(/\b(cto|enforcement|lucknow)\b/);
    } finally {
      zonal.setCookie('localhost', 'dwaar_lang', 'en');
    }
  });

  it('makes every table of the preview a named, keyboard-focusable scroll region', async () => {
    const csv = [
      HEADER,
      row('PV201'),
      row('PV202', 'Ravi Verma,रवि वर्मा', 'agra'),
      row('PV203', 'Asha,आशा', 'hardoi'),
    ];
    const page = await zonal.fetch(url(await uploaded(zonal, csv.join('\n'))));
    expect(page.status).toBe(422);
    for (const id of ['problems', 'notes', 'valid-rows']) {
      expect(page.body).toContain(
        `<div class="table-wrap" id="${id}" role="region" tabindex="0" aria-labelledby="${id}-caption">`,
      );
      expect(page.body).toMatch(new RegExp(`<caption id="${id}-caption">\\s*\\S`));
    }
    const form = await zonal.fetch(url('/console/proposals/import'));
    expect(form.body).toContain(
      '<div class="table-wrap" id="columns" role="region" tabindex="0" aria-labelledby="columns-caption">',
    );
  });

  it('brings a refused commit back to the preview’s address, saying why', async () => {
    const path = await uploaded(
      zonal,
      [HEADER, row('PV301'), row('PV302', 'Ravi Verma,रवि वर्मा', 'agra')].join('\n'),
    );
    const page = await zonal.fetch(url(path));
    const key = PREVIEW_PATH.exec(path)?.[1] ?? '';
    const refused = await zonal.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(page.body), key },
    });
    expect(refused.status).toBe(303);
    expect(refused.location).toBe(url(`${path}?failed=rows_rejected`));
    const explained = await zonal.fetch(refused.location ?? '');
    expect(explained.status).toBe(422);
    expect(explained.body).toContain('id="error-summary"');
    expect(explained.body).toContain('Tick “Import only the valid rows”');
    // Its language switch keeps the address, the reason included.
    const hindi = await switchLanguage(zonal, explained);
    expect(hindi.status).toBe(422);
    expect(hindi.body).toContain('<html lang="hi">');
    expect(hindi.body).toContain('id="error-summary"');
    zonal.setCookie('localhost', 'dwaar_lang', 'en');
    // A reason that is not one is ignored.
    expect((await zonal.fetch(url(`${path}?failed=<script>`))).body).not.toContain('id="error-summary"');
    const dropped = await zonal.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(page.body), key, dropRejected: 'yes' },
    });
    expect(dropped.status).toBe(303);
    expect(dropped.location).toMatch(/\/console\/proposals\/\d+$/);
  });

  it('answers an unknown, malformed or expired address with a bilingual 404 and a way to upload again', async () => {
    for (const id of ['0'.repeat(32), 'not-an-upload', 'ABCDEF'.repeat(6)]) {
      const page = await zonal.fetch(url(`/console/proposals/import/${id}`));
      expect(page.status, id).toBe(404);
      expect(page.body).toContain('<h1>This check is no longer available</h1>');
      expect(page.body).toContain('kept for 30 minutes');
      expect(page.body).toContain('<p class="hint" lang="hi">यह जाँच अब उपलब्ध नहीं है:');
      expect(page.body).toContain('<a class="button" href="/console/proposals/import">Upload a CSV file</a>');
    }
    zonal.setCookie('localhost', 'dwaar_lang', 'hi');
    try {
      const page = await zonal.fetch(url(`/console/proposals/import/${'0'.repeat(32)}`));
      expect(page.status).toBe(404);
      expect(page.body).toContain('<h1>यह जाँच अब उपलब्ध नहीं है</h1>');
      expect(page.body).toContain('<p class="hint" lang="en">This check is no longer available:');
      expect(page.body).toContain('>CSV फ़ाइल अपलोड करें</a>');
    } finally {
      zonal.setCookie('localhost', 'dwaar_lang', 'en');
    }

    const path = await uploaded(zonal, [HEADER, row('PV401')].join('\n'));
    expect((await zonal.fetch(url(path))).status).toBe(200);
    // The session stays in use (idle limit 15 minutes) while the upload's 30 minutes run out.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10 * 60_000 + 30_000);
      expect((await zonal.fetch(url('/console/proposals/import'))).status).toBe(200);
    }
    const expired = await zonal.fetch(url(path));
    expect(expired.status).toBe(404);
    expect(expired.body).toContain('This check is no longer available');
  });

  it('shows an upload only to the staff member who made it, in any of their sessions', async () => {
    const hq = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
    const path = await uploaded(hq, [HEADER, row('PV501')].join('\n'), 'lucknow');
    const key = PREVIEW_PATH.exec(path)?.[1] ?? '';
    const deniedBefore = (await audits('zonal.lucknow')).length;

    const foreign = await zonal.fetch(url(path));
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('<h1>This check belongs to someone else</h1>');
    expect(foreign.body).toContain('<p class="hint" lang="hi">यह जाँच किसी और की है:');
    expect(foreign.body).toContain('href="/console/proposals/import"');
    expect(foreign.body).not.toContain('PV501');
    const denied = await audits('zonal.lucknow');
    expect(denied).toHaveLength(deniedBefore + 1);
    expect(denied.at(-1)?.target).toBe(path);
    // Nor can they commit it or download its report; its owner still can.
    const own = await zonal.fetch(url('/console/proposals/import'));
    const stolen = await zonal.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(own.body), key },
    });
    expect(stolen.status).toBe(410);
    expect((await zonal.fetch(url(`/console/proposals/import/report.csv?key=${key}`))).status).toBe(410);

    const again = await consoleSignIn(t, 'hq.admin', 'Admin@Dwaar1');
    const mine = await again.fetch(url(path));
    expect(mine.status).toBe(200);
    expect(mine.body).toContain('PV501');
    const committed = await again.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(mine.body), key },
    });
    expect(committed.status).toBe(303);
    expect(committed.location).toMatch(/\/console\/proposals\/\d+$/);
  });

  it('sends a GET of the forms’ own addresses (a language switch on a refused upload) to the upload page', async () => {
    const broken = await upload(zonal, 'employee_no,name_en\nX,Y\n');
    expect(broken.status).toBe(422);
    expect(broken.body).toContain('The header has no “name_hi” column.');
    for (const form of ['preview', 'commit']) {
      const page = await zonal.fetch(url(`/console/proposals/import/${form}`));
      expect(page.status).toBe(303);
      expect(page.location).toBe(url('/console/proposals/import'));
    }
  });
});
