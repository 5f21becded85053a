import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, type Reply, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';
import { insertAccount } from './factories/accounts.ts';

const HEADER = CSV_COLUMNS.join(',');
const row = (no: string, district = 'lucknow', wing = 'enforcement') =>
  `${no},Ravi Verma,रवि वर्मा,cto,${wing},${district},${no.toLowerCase()}@ctd.up.example,9876543210`;

describe.each(TEST_DIALECTS)('CSV import pages on %s', (dialect) => {
  let t: TestApp;
  let zonal: Browser;

  const consoleLogin = (userId: string, password: string): Promise<Browser> =>
    consoleSignIn(t, userId, password);
  /** Follows the answer to the preview's own address (where a checked upload or a refused commit goes). */
  const toPreview = (browser: Browser, reply: Reply) =>
    reply.status === 303 && reply.location?.includes('/console/proposals/import/')
      ? browser.fetch(reply.location)
      : reply;
  async function preview(browser: Browser, form: Record<string, string>) {
    const page = await browser.fetch(`${t.portalOrigin}/console/proposals/import`);
    const posted = await browser.fetch(`${t.portalOrigin}/console/proposals/import/preview`, {
      form: { _csrf: csrfFrom(page.body), ...form },
    });
    return toPreview(browser, posted);
  }
  async function commit(browser: Browser, previewBody: string, extra: Record<string, string> = {}) {
    const key = /name="key" value="([0-9a-f]{32})"/.exec(previewBody)?.[1] ?? '';
    const posted = await browser.fetch(`${t.portalOrigin}/console/proposals/import/commit`, {
      form: { _csrf: csrfFrom(previewBody), key, ...extra },
    });
    return toPreview(browser, posted);
  }
  const zonalGet = (path: string) => zonal.fetch(`${t.portalOrigin}${path}`);
  const audits = (type: string, actor: string) =>
    t.deps.store.db
      .selectFrom('audit_events')
      .select(['detail', 'target'])
      .where('type', '=', type)
      .where('actor', '=', actor)
      .orderBy('seq')
      .execute();
  const officerCount = async () =>
    Number(
      (
        await t.deps.store.db
          .selectFrom('officers')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const proposalCount = async () =>
    Number(
      (
        await t.deps.store.db
          .selectFrom('proposals')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    zonal = await consoleLogin('zonal.lucknow', 'Zonal@Dwaar1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the upload page with the zone fixed, a paste box, a file chooser and the column guide', async () => {
    const page = await zonal.fetch(`${t.portalOrigin}/console/proposals/import`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Zone: Lucknow');
    expect(page.body).not.toContain('<select id="zone"');
    expect(page.body).toContain('<textarea id="csv" name="csv"');
    expect(page.body).toContain('type="file" id="csv-file"');
    expect(page.body).toContain('/static/import.js');
    expect(page.body).toContain('<th scope="row"><code>employee_no</code></th>');
    expect(page.body).toMatch(/lang="hi"\s*>हिन्दी में नाम, देवनागरी लिपि में।/);
    const template = await zonal.fetch(`${t.portalOrigin}/console/proposals/template.csv`);
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(HEADER);
    expect((await zonal.fetch(`${t.portalOrigin}/static/import.js`)).status).toBe(200);
  });

  it('lets a zonal head preview and commit a file: one draft proposal, audited', async () => {
    const csv = [HEADER, row('ZH001'), row('ZH002', 'Unnao'), row('ZH003', 'लखनऊ')].join('\r\n');
    const checked = await preview(zonal, { csvFile: `\uFEFF${csv}` });
    expect(checked.status).toBe(200);
    expect(checked.body).toContain('<p role="status">');
    expect(checked.body).toContain('All 3 rows are valid.');
    expect(checked.body).toContain(
      '3 rows: 3 valid, 0 rejected. 3 new officers, 0 already in the directory.',
    );
    expect(checked.body).not.toContain('name="dropRejected"');
    const before = await officerCount();
    const done = await commit(zonal, checked.body);
    expect(done.status).toBe(303);
    const id = Number(/\/console\/proposals\/(\d+)$/.exec(done.location ?? '')?.[1]);
    const proposal = await t.deps.store.db
      .selectFrom('proposals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(proposal).toMatchObject({ zone_id: 'lucknow', status: 'draft' });
    const items = await t.deps.store.db
      .selectFrom('proposal_items')
      .select('officer_id')
      .where('proposal_id', '=', id)
      .execute();
    expect(items).toHaveLength(3);
    expect(await officerCount()).toBe(before + 3);
    const events = await audits('proposal.imported', 'zonal.lucknow');
    expect(events.at(-1)?.target).toBe(`proposal:${id}`);
    expect(JSON.parse(events.at(-1)?.detail ?? '{}')).toMatchObject({
      rows: 3,
      newOfficers: 3,
      zone: 'lucknow',
    });
    // The upload is spent: committing it again finds nothing.
    expect((await commit(zonal, checked.body)).status).toBe(410);
  });

  it('keeps a zonal head to their zone: other zones’ rows rejected, a posted zone ignored and audited', async () => {
    const csv = [HEADER, row('ZH101'), row('ZH102', 'agra'), row('ZH103', 'Kanpur Nagar')].join('\n');
    const deniedBefore = (await audits('console.access_denied', 'zonal.lucknow')).length;
    const checked = await preview(zonal, { zone: 'agra', csv });
    expect(checked.status).toBe(422);
    expect(checked.body).toContain('Zone: Lucknow');
    expect(checked.body).toContain('2 rows rejected');
    expect(checked.body).toContain('This district is not in Lucknow zone.');
    expect(checked.body).toContain('यह जनपद लखनऊ जोन में नहीं है।');
    expect(checked.body).toContain('name="dropRejected"');
    expect(checked.body).toContain('Import only the valid rows (1), dropping the rejected ones');
    const denied = await audits('console.access_denied', 'zonal.lucknow');
    expect(denied).toHaveLength(deniedBefore + 1);
    expect(JSON.parse(denied.at(-1)?.detail ?? '{}')).toMatchObject({ postedZone: 'agra', zone: 'lucknow' });

    const proposalsBefore = await proposalCount();
    const blocked = await commit(zonal, checked.body);
    expect(blocked.status).toBe(422);
    expect(blocked.body).toContain('id="error-summary"');
    expect(blocked.body).toContain('Tick “Import only the valid rows”');
    expect(await proposalCount()).toBe(proposalsBefore);

    const key = /name="key" value="([0-9a-f]{32})"/.exec(blocked.body)?.[1] ?? '';
    const report = await zonal.fetch(`${t.portalOrigin}/console/proposals/import/report.csv?key=${key}`);
    expect(report.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = report.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('kind,line,column,value,code,problem_en,fix_en,problem_hi,fix_hi');
    expect(lines[1]).toContain(
      'problem,3,district,agra,district_outside_zone,This district is not in Lucknow zone.',
    );
    expect((await zonalGet(`/console/proposals/import/report.csv?key=${'0'.repeat(32)}`)).status).toBe(410);

    const dropped = await commit(zonal, blocked.body, { dropRejected: 'yes' });
    expect(dropped.status).toBe(303);
    expect(await proposalCount()).toBe(proposalsBefore + 1);
    const imported = await t.deps.store.db
      .selectFrom('officers')
      .select('employee_no')
      .where('employee_no', 'in', ['ZH101', 'ZH102', 'ZH103'])
      .execute();
    expect(imported.map((o) => o.employee_no)).toEqual(['ZH101']);
  });

  it('speaks Hindi to a Hindi reader, with the English alongside', async () => {
    zonal.setCookie('localhost', 'dwaar_lang', 'hi');
    try {
      const checked = await preview(zonal, { csv: [HEADER, row('ZH151', 'agra')].join('\n') });
      expect(checked.status).toBe(422);
      expect(checked.body).toContain('<html lang="hi">');
      expect(checked.body).toContain('1 पंक्तियाँ अस्वीकृत');
      expect(checked.body).toMatch(
        /यह जनपद लखनऊ जोन में नहीं है।<br \/><span class="hint" lang="en"\s*>This district/,
      );
    } finally {
      zonal.setCookie('localhost', 'dwaar_lang', 'en');
    }
  });

  it('validates again at commit and imports nothing if the directory changed', async () => {
    const checked = await preview(zonal, { csv: [HEADER, row('ZH201'), row('ZH202')].join('\n') });
    expect(checked.status).toBe(200);
    await t.deps.store.db
      .insertInto('officers')
      .values({
        employee_no: 'ZH202',
        name_en: 'Elsewhere',
        name_hi: 'अन्यत्र',
        rank_id: 'cto',
        wing_id: 'enforcement',
        district_id: 'agra',
        email: 'elsewhere@ctd.up.example',
        mobile: null,
        created_at: t.clock.now(),
      })
      .execute();
    const before = await officerCount();
    const proposalsBefore = await proposalCount();
    const refused = await commit(zonal, checked.body);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('The directory has changed since the check: 1 rows are rejected now.');
    expect(await officerCount()).toBe(before);
    expect(await proposalCount()).toBe(proposalsBefore);
  });

  it('reports file problems on the upload page and forgets uploads after 30 minutes', async () => {
    const broken = await preview(zonal, { csv: 'employee_no,name_en\nX,Y\n' });
    expect(broken.status).toBe(422);
    expect(broken.body).toContain('id="error-summary"');
    expect(broken.body).toContain('The header has no “name_hi” column.');
    expect(broken.body).toContain('शीर्षक में “name_hi” कॉलम नहीं है।');
    expect(broken.body).toContain('employee_no,name_en\nX,Y\n</textarea>');
    expect((await preview(zonal, { csv: '   ' })).body).toContain('Choose a CSV file or paste its text.');
    const big = await preview(zonal, { csv: `${HEADER}\n${'x'.repeat(10 * 1024 * 1024)}` });
    expect(big.status).toBe(422);
    expect(big.body).toContain('The file is larger than 10 MB.');
    // Past the form's size limit the body is never parsed: the same answer, with 413.
    const huge = await preview(zonal, { csv: 'x'.repeat(31 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('The file is larger than 10 MB.');

    const checked = await preview(zonal, { csv: [HEADER, row('ZH301')].join('\n') });
    // The session stays in use (idle limit 15 minutes) while the upload's 30 minutes run out.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(10 * 60_000 + 30_000);
      expect((await zonal.fetch(`${t.portalOrigin}/console/proposals/import`)).status).toBe(200);
    }
    const late = await commit(zonal, checked.body);
    expect(late.status).toBe(410);
    expect(late.body).toContain('This upload has expired');
  });

  it('refuses posts without the CSRF token', async () => {
    const csv = [HEADER, row('ZH401')].join('\n');
    const noToken = await zonal.fetch(`${t.portalOrigin}/console/proposals/import/preview`, {
      form: { csv },
    });
    expect(noToken.status).toBe(403);
    const checked = await preview(zonal, { csv });
    const key = /name="key" value="([0-9a-f]{32})"/.exec(checked.body)?.[1] ?? '';
    const before = await proposalCount();
    const forged = await zonal.fetch(`${t.portalOrigin}/console/proposals/import/commit`, {
      form: { _csrf: 'forged', key },
    });
    expect(forged.status).toBe(403);
    expect(await proposalCount()).toBe(before);
  });

  it('lets HQ pick any zone or the whole state, and asks for a zone when none is picked', async () => {
    const hq = await consoleLogin('hq.admin', 'Admin@Dwaar1');
    const none = await preview(hq, { csv: [HEADER, row('HQ001', 'agra')].join('\n') });
    expect(none.status).toBe(422);
    expect(none.body).toContain('Choose a zone.');
    const agra = await preview(hq, { zone: 'agra', csv: [HEADER, row('HQ001', 'agra')].join('\n') });
    expect(agra.status).toBe(200);
    const state = await preview(hq, {
      zone: 'all',
      csv: [HEADER, row('HQ002', 'agra'), row('HQ003', 'varanasi')].join('\n'),
    });
    expect(state.status).toBe(200);
    expect(state.body).toContain('Zone: All zones (state-wide)');
    const done = await commit(hq, state.body);
    expect(done.status).toBe(303);
    // A state-wide import is one proposal, covering every zone.
    expect(done.location).toMatch(new RegExp(`^${t.portalOrigin}/console/proposals/\\d+$`));
    const page = await hq.fetch(done.location ?? '');
    expect(page.body).toContain('All zones');
    expect(page.body).toContain('HQ002');
    expect(page.body).toContain('HQ003');
    const zonal = await consoleLogin('zonal.lucknow', 'Zonal@Dwaar1');
    expect((await zonal.fetch(done.location ?? '')).status).toBe(403);
  });

  it('refuses officers and joint commissioners (no proposal.create), auditing the refusal', async () => {
    const officer = new Browser();
    await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    const page = await officer.fetch(`${t.portalOrigin}/console/proposals/import`);
    expect(page.status).toBe(403);
    const post = await officer.fetch(`${t.portalOrigin}/console/proposals/import/preview`, {
      form: { csv: HEADER },
    });
    expect(post.status).toBe(403);
    expect((await audits('console.access_denied', 'officer1')).length).toBeGreaterThanOrEqual(2);

    await insertAccount(t.deps.store.db, t.clock.now(), {
      user_id: 'jc.import-test',
      display_name: 'Joint Commissioner',
      role: 'joint_commissioner',
      scope_zone_id: 'lucknow',
      password_hash: await t.deps.passwords.hash('Joint@Dwaar1'),
    });
    const jc = await consoleLogin('jc.import-test', 'Joint@Dwaar1');
    expect((await jc.fetch(`${t.portalOrigin}/console/proposals/import`)).status).toBe(403);
    expect((await jc.fetch(`${t.portalOrigin}/console/proposals/template.csv`)).status).toBe(403);
    expect((await audits('console.access_denied', 'jc.import-test')).length).toBe(2);
  });
});
