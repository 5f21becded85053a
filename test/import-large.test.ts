import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOfficerCsv, listImportDistricts } from './factories/import-data.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { csrfFrom } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

const ROWS = 5_000;

describe.each(TEST_DIALECTS)('a 5,000-row import on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  it('previews and commits through the console as one draft proposal of 5,000 officers', async () => {
    const districts = (await listImportDistricts(t.deps.store, 'lucknow')).filter((d) =>
      ['lucknow', 'unnao'].includes(d.id),
    );
    const csv = generateOfficerCsv({ rows: ROWS, districts, prefix: 'BIG' });
    // Form-encoded, the Devanagari makes this larger than the app's usual 1 MB body limit.
    expect(new URLSearchParams({ csvFile: csv }).toString().length).toBeGreaterThan(1024 * 1024);

    const browser = await consoleSignIn(t, 'zonal.lucknow');
    const page = await browser.fetch(`${t.portalOrigin}/console/proposals/import`);
    const checked = await browser.fetch(`${t.portalOrigin}/console/proposals/import/preview`, {
      form: { _csrf: csrfFrom(page.body), csvFile: csv },
    });
    // The check answers with the preview's own address, where the stored file is shown again.
    expect(checked.status).toBe(303);
    const preview = await browser.fetch(checked.location ?? '');
    expect(preview.status).toBe(200);
    expect(preview.body).toContain(`All ${ROWS} rows are valid.`);
    expect(preview.body).toContain('Showing the first 500 of 5000.');
    const key = /name="key" value="([0-9a-f]{32})"/.exec(preview.body)?.[1] ?? '';
    const done = await browser.fetch(`${t.portalOrigin}/console/proposals/import/commit`, {
      form: { _csrf: csrfFrom(preview.body), key },
    });
    expect(done.status).toBe(303);
    const id = Number(/\/console\/proposals\/(\d+)$/.exec(done.location ?? '')?.[1]);
    const items = await t.deps.store.db
      .selectFrom('proposal_items')
      .select((e) => e.fn.countAll().as('n'))
      .where('proposal_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Number(items.n)).toBe(ROWS);
    const officers = await t.deps.store.db
      .selectFrom('officers')
      .select((e) => e.fn.countAll().as('n'))
      .where('employee_no', 'like', 'BIG%')
      .executeTakeFirstOrThrow();
    expect(Number(officers.n)).toBe(ROWS);
  });
});
