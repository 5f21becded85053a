import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, type LoginDeps } from '../src/login/password-check.ts';
import { personFactsOf } from '../src/login/subject.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('login on %s', (dialect) => {
  let t: TestApp;
  let d: LoginDeps;
  const ip = '192.0.2.10';

  beforeAll(async () => {
    t = await createTestApp({ dialect, env: { DWAAR_LOCKOUT_SECONDS: '60' } });
    d = {
      db: t.deps.store.db,
      kv: t.deps.kv,
      clock: t.clock,
      audit: t.deps.audit,
      passwords: t.deps.passwords,
      lockout: t.deps.config.lockout,
      keyring: t.deps.keyring,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts the right password, case-insensitively for the user ID', async () => {
    const result = await attemptLogin(d, { userId: '  OFFICER1 ', password: 'Officer@Dwaar1', ip });
    expect(result.kind).toBe('ok');
  });

  it('answers a wrong password and an unknown user ID the same way', async () => {
    const wrong = await attemptLogin(d, { userId: 'hq.admin', password: 'nope', ip });
    const unknown = await attemptLogin(d, { userId: 'no.such.user', password: 'nope', ip });
    expect(wrong).toEqual({ kind: 'failed', attemptsLeft: 4 });
    expect(unknown).toEqual({ kind: 'failed', attemptsLeft: 4 });
  });

  it('takes about as long for an unknown user ID as for a wrong password', async () => {
    // Interleaved pairs and medians, so load on the machine hits both sides alike.
    const known: number[] = [];
    const unknown: number[] = [];
    const time = async (userId: string, i: number) => {
      const start = performance.now();
      await attemptLogin(d, { userId, password: 'wrong', ip: `198.51.100.${i}` });
      return performance.now() - start;
    };
    for (let i = 0; i < 12; i++) {
      known.push(await time('auditor', i));
      unknown.push(await time(`ghost.user.${i}`, i));
      // Keep the known account below the lockout threshold, so every attempt verifies a hash.
      await d.kv.del('fail:auditor');
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    // Both paths verify one argon2id hash; a skipped hash would make the unknown path several times faster.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.4);
  });

  it('locks after five failures, refuses even the right password, and doubles the next lock', async () => {
    const userId = 'officer2';
    const results = [];
    for (let i = 0; i < 5; i++)
      results.push(await attemptLogin(d, { userId, password: 'bad', ip: '203.0.113.1' }));
    expect(results.map((r) => r.kind)).toEqual(['failed', 'failed', 'failed', 'failed', 'locked']);
    const first = results[4];
    expect(first?.kind === 'locked' && first.until - t.clock.now()).toBe(60_000);
    expect((await attemptLogin(d, { userId, password: 'Officer@Dwaar2', ip: '203.0.113.1' })).kind).toBe(
      'locked',
    );
    const row = await d.db
      .selectFrom('accounts')
      .select(['status', 'locked_until'])
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('locked');

    t.clock.advance(61_000);
    for (let i = 0; i < 4; i++) await attemptLogin(d, { userId, password: 'bad', ip: '203.0.113.2' });
    const second = await attemptLogin(d, { userId, password: 'bad', ip: '203.0.113.2' });
    expect(second.kind === 'locked' && second.until - t.clock.now()).toBe(120_000);

    t.clock.advance(121_000);
    expect((await attemptLogin(d, { userId, password: 'Officer@Dwaar2', ip: '203.0.113.2' })).kind).toBe(
      'ok',
    );
    const after = await d.db
      .selectFrom('accounts')
      .select('status')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('active');
  });

  it('locks unknown user IDs exactly like real ones', async () => {
    let last;
    for (let i = 0; i < 5; i++)
      last = await attemptLogin(d, { userId: 'phantom', password: 'x', ip: '203.0.113.3' });
    expect(last?.kind).toBe('locked');
  });

  it('refuses suspended and revoked accounts only after a correct password', async () => {
    await d.db
      .updateTable('accounts')
      .set({ status: 'revoked' })
      .where('user_id', '=', 'zonal.lucknow')
      .execute();
    expect(
      (await attemptLogin(d, { userId: 'zonal.lucknow', password: 'wrong', ip: '203.0.113.4' })).kind,
    ).toBe('failed');
    expect(
      (await attemptLogin(d, { userId: 'zonal.lucknow', password: 'Zonal@Dwaar1', ip: '203.0.113.4' })).kind,
    ).toBe('not_active');
    await d.db
      .updateTable('accounts')
      .set({ status: 'active' })
      .where('user_id', '=', 'zonal.lucknow')
      .execute();
  });

  it('limits attempts from one address across user IDs', async () => {
    let last;
    for (let i = 0; i < 31; i++)
      last = await attemptLogin(d, { userId: `spray${i}`, password: 'x', ip: '203.0.113.99' });
    expect(last?.kind).toBe('rate_limited');
  });

  it('audits every failure and lock without the password', async () => {
    const rows = await d.db
      .selectFrom('audit_events')
      .select(['type', 'detail'])
      .where('type', 'like', 'login.%')
      .execute();
    expect(rows.some((r) => r.type === 'login.locked')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Officer@Dwaar2');
    expect(JSON.stringify(rows)).not.toContain('"bad"');
  });

  it('creates no session for an account revoked between the password check and the session', async () => {
    const result = await attemptLogin(d, {
      userId: 'auditor',
      password: 'Auditor@Dwaar1',
      ip: '203.0.113.50',
    });
    if (result.kind !== 'ok') throw new Error(`login failed: ${result.kind}`);
    await d.db
      .updateTable('accounts')
      .set({ status: 'revoked' })
      .where('id', '=', result.account.id)
      .execute();
    const subject = {
      accountId: result.account.id,
      userId: 'auditor',
      displayName: 'Auditor',
      role: 'auditor',
      zone: null,
      district: null,
      wing: null,
    };
    const attempt = t.deps.sessions.create({
      subject,
      person: personFactsOf(result.account, undefined, new Map()),
      facts: { secondFactor: 'none', deviceTrusted: false, posture: null },
      ip: null,
      userAgent: null,
      deviceId: null,
      disclaimerVersion: 0,
    });
    await expect(attempt).rejects.toMatchObject({ code: 'ACCOUNT_NOT_ACTIVE' });
    const rows = await d.db
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', result.account.id)
      .execute();
    expect(rows).toHaveLength(0);
    await d.db
      .updateTable('accounts')
      .set({ status: 'active' })
      .where('id', '=', result.account.id)
      .execute();
  });
});
