import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { insertOfficer } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';

/**
 * Issue 7 item 10: HQ's review shows, for every officer, the e-mail address and mobile the activation goes
 * to, flagged (visibly and in words) where the proposal's file gave something else than the directory.
 */
describe.each(TEST_DIALECTS)('HQ review: where each activation goes, on %s', (dialect) => {
  let t: TestApp;
  let zonal: Browser;
  let hq: Browser;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  // Names are letters only (the import's name rule).
  const NAMES: Record<string, string> = { RC001: 'Alpha', RC002: 'Bravo', RC003: 'Charlie' };

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    zonal = await consoleSignIn(t, 'zonal.lucknow');
    hq = await consoleSignIn(t, 'hq.approver');
  });
  afterAll(async () => {
    await t.close();
  });

  it('flags an officer whose proposed e-mail or mobile differs from the directory; equal ones are not flagged', async () => {
    const now = t.clock.now();
    const officer = (no: string, email: string) =>
      insertOfficer(t.deps.store.db, now, {
        district_id: 'lucknow',
        employee_no: no,
        name_en: `Contact ${NAMES[no]}`,
        name_hi: 'संपर्क अधिकारी',
        wing_id: 'enforcement',
        email,
        mobile: '9876500001',
      });
    await officer('RC001', 'rc001@ctd.up.example');
    await officer('RC002', 'rc002@ctd.up.example');
    await officer('RC003', 'rc003@ctd.up.example');
    const line = (no: string, email: string, mobile: string) =>
      `${no},Contact ${NAMES[no]},संपर्क अधिकारी,cto,enforcement,lucknow,${email},${mobile}`;
    const csv = [
      CSV_COLUMNS.join(','),
      // The e-mail differs: someone may be steering the activation link.
      line('RC001', 'steer.to.me@mail.example', '9876500001'),
      // The mobile differs.
      line('RC002', 'rc002@ctd.up.example', '9123400002'),
      // Everything as in the directory (the address in other letter case is the same address).
      line('RC003', 'RC003@ctd.up.example', '+91 98765 00001'),
    ].join('\n');

    const upload = await zonal.fetch(url('/console/proposals/import'));
    const checked = await zonal.fetch(url('/console/proposals/import/preview'), {
      form: { _csrf: csrfFrom(upload.body), csv },
    });
    expect(checked.status).toBe(303);
    const preview = await zonal.fetch(checked.location ?? '');
    expect(preview.status).toBe(200);
    const key = /name="key" value="([0-9a-f]{32})"/.exec(preview.body)?.[1] ?? '';
    const committed = await zonal.fetch(url('/console/proposals/import/commit'), {
      form: { _csrf: csrfFrom(preview.body), key },
    });
    expect(committed.status).toBe(303);
    const id = Number(/\/console\/proposals\/(\d+)$/.exec(committed.location ?? '')?.[1]);
    const detail = await zonal.fetch(url(`/console/proposals/${id}`));
    const submitted = await zonal.fetch(url(`/console/proposals/${id}/submit`), {
      form: { _csrf: csrfFrom(detail.body), confirm: 'yes' },
    });
    expect(submitted.status).toBe(303);

    const review = await hq.fetch(url(`/console/review/${id}`));
    expect(review.status).toBe(200);
    const section = (no: string) =>
      review.body
        .split('<tr id="officer-')
        .find((s) => s.includes(`Contact ${NAMES[no]}`))
        ?.replace(/\s+/g, ' ') ?? '';
    const flag = 'Differs from the proposal, which gave';

    const steered = section('RC001');
    expect(steered).toContain('Activation e-mail goes to: rc001@ctd.up.example');
    expect(steered).toContain(`${flag} steer.to.me@mail.example.`);
    expect(steered.split(flag)).toHaveLength(2);

    const mobile = section('RC002');
    expect(mobile).toContain('Mobile:');
    expect(mobile).toContain('9876500001');
    expect(mobile).toContain(`${flag} 9123400002.`);
    expect(mobile.split(flag)).toHaveLength(2);

    const same = section('RC003');
    expect(same).toContain('Activation e-mail goes to: rc003@ctd.up.example');
    expect(same).not.toContain(flag);
    expect(same).not.toContain('⚠');

    // The same page in Hindi says it in Hindi.
    hq.setCookie('localhost', 'dwaar_lang', 'hi');
    const hindi = await hq.fetch(url(`/console/review/${id}`));
    expect(hindi.body).toContain('प्रस्ताव से भिन्न: प्रस्ताव में steer.to.me@mail.example दिया गया था।');
    hq.setCookie('localhost', 'dwaar_lang', 'en');
  });
});
