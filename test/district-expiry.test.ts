import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireEndedAccess, startAccessExpiryWorker } from '../src/directory/access-expiry.ts';
import { changeDistrictStatus } from '../src/directory/district-status.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const DAY_MS = 86_400_000;

describe.each(TEST_DIALECTS)('access expiry on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  const account = (userId: string) =>
    t.deps.store.db
      .selectFrom('accounts')
      .select(['id', 'status', 'access_ends_at', 'valid_until'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  const liveSessions = async (userId: string) => {
    const { id } = await account(userId);
    return t.deps.store.db
      .selectFrom('sessions')
      .select(['id', 'ended_at', 'end_reason'])
      .where('account_id', '=', id)
      .execute();
  };

  it('expires officers of a reopened district after the grace period and ends their live session', async () => {
    const officer = new Browser();
    const login = await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.status).toBe(303);
    const [session] = await liveSessions('officer1');
    expect(session?.ended_at).toBeNull();

    const changed = await changeDistrictStatus(t.deps, {
      districtId: 'lucknow',
      change: { status: 'open', orderNo: '9/CT/2026', orderDate: '2026-01-05', reason: 'Reopened' },
      actor: 'hq.admin',
      ip: null,
    });
    expect(changed).toMatchObject({ ok: true, from: 'closed', to: 'open', accounts: 1 });

    // Within the grace period nothing expires; it ends at 18:00 India time on a working day.
    const { access_ends_at: endsAt } = await account('officer1');
    if (endsAt === null) throw new Error('no access end');
    expect(new Date(endsAt).getUTCHours() * 60 + new Date(endsAt).getUTCMinutes()).toBe(12 * 60 + 30);
    expect(endsAt - t.clock.now()).toBeGreaterThan(3 * DAY_MS - DAY_MS);
    t.clock.advance(endsAt - 60_000 - t.clock.now());
    expect(await expireEndedAccess(t.deps)).toEqual({ expired: 0, sessionsEnded: 0 });
    expect((await account('officer1')).status).toBe('active');

    // The officer signs in again a few minutes before the end; that session is still live when it comes.
    const late = new Browser();
    expect((await signIn(late, t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    t.clock.advance(2 * 60_000);
    expect(await expireEndedAccess(t.deps)).toEqual({ expired: 1, sessionsEnded: 2 });
    expect((await account('officer1')).status).toBe('expired');
    const sessions = await liveSessions('officer1');
    expect(sessions).toHaveLength(2);
    for (const ended of sessions) {
      expect(ended.ended_at).toBe(t.clock.now());
      expect(ended.end_reason).toBe('revoked');
    }
    expect((await late.fetch(`${t.portalOrigin}/webtop`)).location).toBe(
      `${t.portalOrigin}/ended?reason=revoked`,
    );

    const audit = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'actor', 'target', 'detail'])
      .where('type', 'in', ['account.expired', 'session.ended'])
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.type, a.actor])).toEqual([
      ['account.expired', 'system'],
      ['session.ended', 'system'],
      ['session.ended', 'system'],
    ]);
    expect(audit[0]?.target).toBe('officer1');
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ cause: 'access_ends_at' });

    // The officer's browser is told the session was ended.
    const webtop = await officer.fetch(`${t.portalOrigin}/webtop`);
    expect(webtop.location).toBe(`${t.portalOrigin}/ended?reason=revoked`);

    // A second pass finds nothing more to do.
    expect(await expireEndedAccess(t.deps)).toEqual({ expired: 0, sessionsEnded: 0 });
  });

  it('expires an account whose valid_until has passed, and leaves revoked ones alone', async () => {
    const db = t.deps.store.db;
    const now = t.clock.now();
    await db
      .updateTable('accounts')
      .set({ valid_until: now - 1 })
      .where('user_id', '=', 'officer2')
      .execute();
    await db
      .updateTable('accounts')
      .set({ valid_until: now - 1, status: 'revoked' })
      .where('user_id', '=', 'zonal.lucknow')
      .execute();
    expect(await expireEndedAccess(t.deps)).toEqual({ expired: 1, sessionsEnded: 0 });
    expect((await account('officer2')).status).toBe('expired');
    expect((await account('zonal.lucknow')).status).toBe('revoked');
    const audit = await db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'account.expired')
      .where('target', '=', 'officer2')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ cause: 'valid_until', ended_at: now - 1 });
  });

  it('runs in the background worker until stopped', async () => {
    const db = t.deps.store.db;
    await db
      .updateTable('accounts')
      .set({ valid_until: t.clock.now() - 1 })
      .where('user_id', '=', 'hq.admin')
      .execute();
    const worker = startAccessExpiryWorker(t.deps, { intervalMs: 20 });
    try {
      for (let i = 0; i < 100 && (await account('hq.admin')).status !== 'expired'; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await worker.stop();
    }
    expect((await account('hq.admin')).status).toBe('expired');
  });
});
