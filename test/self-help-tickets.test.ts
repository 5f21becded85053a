import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, signIn } from './http-client.ts';
import { identify, pngOf, postMultipart } from './self-help-support.ts';
import { TEST_DIALECTS } from './test-env.ts';

/** Issue 11: officers raise, follow and answer their own tickets from the portal, and only their own. */
describe.each(TEST_DIALECTS)('officer tickets on %s', (dialect) => {
  let t: TestApp;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const MAX = 64 * 1024;

  beforeAll(async () => {
    t = await createTestApp({ dialect, env: { DWAAR_ATTACHMENT_MAX_BYTES: String(MAX) } });
    for (const id of ['officer1', 'officer2'])
      await t.deps.store.db
        .updateTable('accounts')
        .set({ email: `${id}@ctd.up.example` })
        .where('user_id', '=', id)
        .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  const storedFiles = () => {
    try {
      return readdirSync(join(t.deps.config.dataDir, 'attachments')).length;
    } catch {
      return 0;
    }
  };
  const ticketRows = async () => (await t.deps.store.db.selectFrom('tickets').select('id').execute()).length;

  async function raise(b: Browser, fields: Record<string, string>, file?: Buffer) {
    const form = await b.fetch(url('/help/tickets/new'));
    expect(form.status).toBe(200);
    return postMultipart(
      b,
      url('/help/tickets'),
      { _csrf: csrfFrom(form.body), ...fields },
      file ? { field: 'screenshot', name: 'screen.png', type: 'image/png', data: file } : undefined,
    );
  }

  it('a locked-out officer (help session) raises a ticket with a screenshot; sees its number and the ticket', async () => {
    await t.deps.store.db
      .updateTable('accounts')
      .set({ status: 'locked', locked_until: t.clock.now() + 3600_000 })
      .where('user_id', '=', 'officer2')
      .execute();
    const b = await identify(t, 'officer2', 'ticket');
    const created = await raise(
      b,
      { category: 'cannot_log_in', description: 'Locked after a wrong password.' },
      pngOf(),
    );
    expect(created.status).toBe(303);
    const number = /\/help\/tickets\/(T-\d{4}-\d+)\?notice=created/.exec(created.location ?? '')?.[1] ?? '';
    expect(number).not.toBe('');
    const page = await b.fetch(created.location ?? '');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Ticket ${number} has been raised`);
    expect(page.body).toContain('role="status"');
    expect(page.body).toContain('screen.png');
    const list = await b.fetch(url('/help/tickets'));
    expect(list.body).toContain(number);

    // Officer B (signed in) can neither open A's ticket nor its attachment: not found, both.
    const a = await t.deps.store.db
      .selectFrom('tickets')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const att = await t.deps.store.db
      .selectFrom('ticket_attachments')
      .select('id')
      .where('ticket_id', '=', a.id)
      .executeTakeFirstOrThrow();
    const other = new Browser();
    expect((await signIn(other, t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    expect((await other.fetch(url(`/help/tickets/${number}`))).status).toBe(404);
    expect((await other.fetch(url(`/help/tickets/${number}/attachments/${att.id}`))).status).toBe(404);
    // The owner downloads it, with safe headers.
    const own = await b.fetch(url(`/help/tickets/${number}/attachments/${att.id}`));
    expect(own.status).toBe(200);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a signed-in officer raises a ticket, replies, and closes it; B cannot reply to it', async () => {
    const b = new Browser();
    expect((await signIn(b, t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    const created = await raise(b, { category: 'slow', description: 'The back office is slow since noon.' });
    expect(created.status).toBe(303);
    const page = await b.fetch(created.location ?? '');
    const number = /Ticket (T-\d{4}-\d+)/.exec(page.body)?.[1] ?? '';
    const replied = await postMultipart(b, url(`/help/tickets/${number}/reply`), {
      _csrf: csrfFrom(page.body),
      body: 'Still slow at 15:00.',
    });
    expect(replied.status).toBe(303);
    const after = await b.fetch(replied.location ?? '');
    expect(after.body).toContain('Still slow at 15:00.');
    const closed = await b.fetch(url(`/help/tickets/${number}/status`), {
      form: { _csrf: csrfFrom(after.body), status: 'closed' },
    });
    expect(closed.status).toBe(303);
    expect((await b.fetch(closed.location ?? '')).body).toContain('The ticket is now: Closed');

    const other = await identify(t, 'officer2', 'tickets');
    const form = await other.fetch(url('/help/tickets/new'));
    const sneaky = await postMultipart(other, url(`/help/tickets/${number}/reply`), {
      _csrf: csrfFrom(form.body),
      body: 'Not mine.',
    });
    expect(sneaky.status).toBe(404);
  });

  it('an oversized screenshot gets a clear error and nothing is stored', async () => {
    const b = new Browser();
    expect((await signIn(b, t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    const [files, rows] = [storedFiles(), await ticketRows()];
    const refused = await raise(
      b,
      { category: 'other', description: 'Screenshot attached.' },
      pngOf(MAX + 10),
    );
    expect(refused.status).toBe(413);
    expect(refused.body).toContain('error-summary');
    expect(refused.body).toContain('Nothing was stored');
    expect(refused.body).toContain('Screenshot attached.');
    expect(storedFiles()).toBe(files);
    expect(await ticketRows()).toBe(rows);
  });

  it('a missing description or category is named beside its field; no identity means identify first', async () => {
    const b = new Browser();
    expect((await signIn(b, t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    const rows = await ticketRows();
    const bad = await raise(b, { category: 'nonsense', description: '' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('Choose what the problem is.');
    expect(bad.body).toContain('Describe the problem');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(await ticketRows()).toBe(rows);
    const anonymous = await new Browser().fetch(url('/help/tickets'));
    expect(anonymous.status).toBe(401);
    // A post without the CSRF token changes nothing.
    const noCsrf = await postMultipart(b, url('/help/tickets'), { category: 'slow', description: 'x' });
    expect(noCsrf.status).toBe(403);
    expect(await ticketRows()).toBe(rows);
  });
});
