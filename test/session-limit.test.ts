import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { csrfFrom } from './http-client.ts';
import { ChromeBrowser, limitSessions, offeredSessions, signInTrusting } from './sessions-helpers.ts';

async function auditOf(t: TestApp, type: string) {
  return t.deps.store.db.selectFrom('audit_events').selectAll().where('type', '=', type).execute();
}

async function liveIds(t: TestApp, userId: string): Promise<string[]> {
  const rows = await t.deps.store.db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .select('sessions.id')
    .where('accounts.user_id', '=', userId)
    .where('sessions.ended_at', 'is', null)
    .orderBy('sessions.created_at')
    .execute();
  return rows.map((r) => r.id);
}

describe.each(TEST_DIALECTS)('the concurrent session limit (%s)', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ dialect });
    await limitSessions(t, 2);
  });
  afterEach(async () => t.close());

  it('at the limit, lists the live sessions and opens the new one only after the officer ends one', async () => {
    const [a, b, c] = [new ChromeBrowser(), new ChromeBrowser(), new ChromeBrowser()];
    expect((await signInTrusting(a, t.portalOrigin)).location).toBe(`${t.portalOrigin}/webtop`);
    t.clock.advance(1000);
    expect((await signInTrusting(b, t.portalOrigin)).location).toBe(`${t.portalOrigin}/webtop`);
    const [first, second] = await liveIds(t, 'officer1');

    t.clock.advance(1000);
    const held = await signInTrusting(c, t.portalOrigin);
    expect(held.location).toBe(`${t.portalOrigin}/login/limit`);
    expect(
      c.cookie('localhost', 'dwaar_session') ?? c.cookie('localhost', '__Host-dwaar_session'),
    ).toBeUndefined();
    expect(await liveIds(t, 'officer1')).toHaveLength(2);
    expect(await auditOf(t, 'session.limit_reached')).toHaveLength(1);

    const page = await c.fetch(`${t.portalOrigin}/login/limit`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Too many sessions');
    expect(page.body).toContain('Chrome on Linux');
    expect(offeredSessions(page.body).sort()).toEqual([first, second].sort());

    // Nothing chosen: the page again, and the sign-in still waits.
    const none = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'replace' },
    });
    expect(none.status).toBe(400);

    // A copy of the flow cookie as it was, to replay the choice with it afterwards.
    const flowCookie = c.cookie('localhost', 'dwaar_flow') ?? '';
    const done = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'replace', session: first ?? '' },
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${t.portalOrigin}/webtop`);
    const live = await liveIds(t, 'officer1');
    expect(live).toHaveLength(2);
    expect(live).not.toContain(first);
    expect(live).toContain(second);
    const ended = await t.deps.store.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', first ?? '')
      .executeTakeFirstOrThrow();
    expect(ended.end_reason).toBe('revoked');

    // The first browser is signed out at its next request.
    const gone = await a.fetch(`${t.portalOrigin}/account/sessions`);
    expect(gone.status).toBe(303);
    expect(gone.location).toBe(`${t.portalOrigin}/ended?reason=revoked`);

    // The choice is used once: a replayed post, even with the old flow cookie, finds no sign-in waiting.
    c.setCookie('localhost', 'dwaar_flow', flowCookie);
    const replay = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'replace', session: second ?? '' },
    });
    expect(replay.status).toBe(303);
    expect(replay.location).toBe(`${t.portalOrigin}/login`);
    expect(await liveIds(t, 'officer1')).toContain(second);
  });

  it('refuses and audits a choice of another person’s session, and opens nothing', async () => {
    const other = new ChromeBrowser();
    expect((await signInTrusting(other, t.portalOrigin, 'officer2', 'Officer@Dwaar2')).location).toBe(
      `${t.portalOrigin}/webtop`,
    );
    const [theirs] = await liveIds(t, 'officer2');
    const [a, b, c] = [new ChromeBrowser(), new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    await signInTrusting(c, t.portalOrigin);
    const page = await c.fetch(`${t.portalOrigin}/login/limit`);
    const forged = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'replace', session: theirs ?? '' },
    });
    expect(forged.status).toBe(403);
    expect(await liveIds(t, 'officer2')).toEqual([theirs]);
    expect(await liveIds(t, 'officer1')).toHaveLength(2);
    const refused = await auditOf(t, 'session.end_refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.actor).toBe('officer1');
  });

  it('cancels: nothing ends, nothing opens', async () => {
    const [a, b, c] = [new ChromeBrowser(), new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    await signInTrusting(c, t.portalOrigin);
    const before = await liveIds(t, 'officer1');
    const page = await c.fetch(`${t.portalOrigin}/login/limit`);
    const cancelled = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'cancel' },
    });
    expect(cancelled.location).toBe(`${t.portalOrigin}/`);
    expect(await liveIds(t, 'officer1')).toEqual(before);
    expect((await c.fetch(`${t.portalOrigin}/login/limit`)).status).toBe(303);
  });

  it('refuses a choice without the flow’s CSRF token', async () => {
    const [a, b, c] = [new ChromeBrowser(), new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    await signInTrusting(c, t.portalOrigin);
    const [first] = await liveIds(t, 'officer1');
    const forged = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: 'forged', action: 'replace', session: first ?? '' },
    });
    expect(forged.status).toBe(403);
    expect(await liveIds(t, 'officer1')).toContain(first);
  });

  it('lets the choice wait no longer than five minutes', async () => {
    const [a, b, c] = [new ChromeBrowser(), new ChromeBrowser(), new ChromeBrowser()];
    await signInTrusting(a, t.portalOrigin);
    await signInTrusting(b, t.portalOrigin);
    await signInTrusting(c, t.portalOrigin);
    const [first] = await liveIds(t, 'officer1');
    const page = await c.fetch(`${t.portalOrigin}/login/limit`);
    t.clock.advance(5 * 60_000 + 1);
    const late = await c.fetch(`${t.portalOrigin}/login/limit`, {
      form: { _csrf: csrfFrom(page.body), action: 'replace', session: first ?? '' },
    });
    expect(late.status).not.toBe(200);
    expect(late.location ?? '').not.toContain('/webtop');
    expect(await liveIds(t, 'officer1')).toContain(first);
  });
});
