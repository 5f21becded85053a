import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/messages/circular-inbox.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import {
  accountIdOf,
  addRecipient,
  auditCount,
  insertCircular,
  recipientRow,
} from './factories/circulars.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

// Issue 10: staff recipients (zonal heads, JCs) meet circulars in the console: banner, inbox, acknowledgement.

const BANNER = `aria-label="${en['circularInbox.bannerLabel']}"`;

describe.each(TEST_DIALECTS)('circulars in the console inbox on %s', (dialect) => {
  let t: TestApp;
  const db = () => t.deps.store.db;
  const url = (path: string) => `${t.portalOrigin}${path}`;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a zonal head the banner, the inbox, the circular and its acknowledgement', async () => {
    const zonal = await accountIdOf(db(), 'zonal.lucknow');
    const id = await insertCircular(db(), t.clock.now());
    await addRecipient(db(), id, zonal);
    const copy = await insertCircular(db(), t.clock.now());
    await addRecipient(db(), copy, zonal, 'copy');
    const browser = await consoleSignIn(t, 'zonal.lucknow');

    const home = await browser.fetch(url('/console/security'));
    expect(home.status).toBe(200);
    expect(home.body).toContain(BANNER);
    expect(home.body).toContain(`href="/console/my-circulars/${id}"`);

    const list = await browser.fetch(url('/console/my-circulars'));
    expect(list.status).toBe(200);
    expect(list.body).toContain(en['circularInbox.caption']);
    expect(list.body).toContain(en['circularInbox.kindCopy']);
    expect(list.body).toContain(en['circularInbox.stateUnread']);

    const page = await browser.fetch(url(`/console/my-circulars/${id}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="understood"');
    expect(page.body).not.toContain(`href="/console/my-circulars/${id}"><`);
    expect((await recipientRow(db(), id, zonal)).read_at).toBe(t.clock.now());
    expect(await auditCount(db(), 'circular.read', id)).toBe(1);

    const csrf = csrfFrom(page.body);
    const forged = await browser.fetch(url(`/console/my-circulars/${id}/acknowledge`), {
      form: { understood: 'yes' },
    });
    expect(forged.status).toBe(403);
    const unticked = await browser.fetch(url(`/console/my-circulars/${id}/acknowledge`), {
      form: { _csrf: csrf },
    });
    expect(unticked.status).toBe(400);
    expect((await recipientRow(db(), id, zonal)).acknowledged_at).toBeNull();

    const done = await browser.fetch(url(`/console/my-circulars/${id}/acknowledge`), {
      form: { _csrf: csrf, understood: 'yes' },
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(url(`/console/my-circulars/${id}?done=acknowledged`));
    const row = await recipientRow(db(), id, zonal);
    expect(row.acknowledged_at).toBe(t.clock.now());
    expect(row.ack_ip).toBe('127.0.0.1');
    const audited = await db()
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('type', '=', 'circular.acknowledged')
      .where('target', '=', String(id))
      .execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor).toBe('zonal.lucknow');
    expect(JSON.parse(audited[0]?.detail ?? '{}')).toMatchObject({ channel: 'console' });

    // The copy: read, not acknowledged.
    await browser.fetch(url(`/console/my-circulars/${copy}`));
    const refused = await browser.fetch(url(`/console/my-circulars/${copy}/acknowledge`), {
      form: { _csrf: csrf, understood: 'yes' },
    });
    expect(refused.status).toBe(409);
    expect((await recipientRow(db(), copy, zonal)).acknowledged_at).toBeNull();
    expect((await browser.fetch(url('/console/security'))).body).not.toContain(BANNER);
  });

  it('answers 404 to a JC for a circular addressed to the zonal head', async () => {
    const zonal = await accountIdOf(db(), 'zonal.lucknow');
    const id = await insertCircular(db(), t.clock.now());
    await addRecipient(db(), id, zonal);
    const jc = await consoleSignIn(t, 'jc.lucknow');
    expect((await jc.fetch(url(`/console/my-circulars/${id}`))).status).toBe(404);
    const list = await jc.fetch(url('/console/my-circulars'));
    expect(list.body).toContain(en['circularInbox.empty']);
    expect((await jc.fetch(url('/console/security'))).body).not.toContain(BANNER);
    expect((await recipientRow(db(), id, zonal)).read_at).toBeNull();
  });
});
