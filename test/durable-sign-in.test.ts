import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.ts';
import { createTestApp, type ManualClock, type TestApp, type TestAppOptions } from './create-test-app.ts';
import { DEMO_PASSWORDS, enrolAuthenticator } from './factories/staff.ts';
import { Browser, csrfFrom, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * Issue 7, item 17: without Redis, a one-time code and the sign-in counters outlive a restart. Each case
 * signs in on one app, closes it, and opens a second app on the same database (a SQLite file, or the same
 * PostgreSQL schema).
 */
describe.each(TEST_DIALECTS)('sign-in state across a restart on %s', (dialect) => {
  let dir: string;
  let clock: ManualClock;
  let options: TestAppOptions;
  let first: TestApp | undefined;
  let second: TestApp | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-durable-'));
    clock = createManualClock(Date.now());
    options =
      dialect === 'postgres'
        ? {
            dialect,
            clock,
            shared: { pgSchema: `t_${randomBytes(6).toString('hex')}`, redisPrefix: 'unused:' },
          }
        : { dialect, clock, env: { DATABASE_URL: `sqlite:${join(dir, 'dwaar.sqlite')}` } };
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const url = (t: TestApp, path: string) => `${t.portalOrigin}${path}`;
  async function password(t: TestApp, b: Browser, userId: string, pass: string): Promise<Reply> {
    const page = await b.fetch(url(t, '/console/login'));
    return b.fetch(url(t, '/console/login'), {
      form: { _csrf: csrfFrom(page.body), userId, password: pass },
    });
  }
  async function code(t: TestApp, b: Browser, value: string): Promise<Reply> {
    const page = await b.fetch(url(t, '/console/login/otp'));
    return b.fetch(url(t, '/console/login/otp'), {
      form: { _csrf: csrfFrom(page.body), method: 'totp', code: value },
    });
  }

  it('refuses a used one-time code and keeps failure counts and locks after a restart', async () => {
    first = await createTestApp(options);
    const secret = await enrolAuthenticator(first, 'hq.admin');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    const used = totp.generate({ timestamp: clock.now() });
    const pass = DEMO_PASSWORDS.get('hq.admin') ?? '';

    const hq = new Browser();
    expect((await password(first, hq, 'hq.admin', pass)).location).toBe(url(first, '/console/login/otp'));
    expect((await code(first, hq, used)).location).toBe(url(first, '/console'));
    // Failures on a real and an unknown user ID, from a device neither signed in on.
    const guesser = new Browser();
    for (let i = 0; i < 3; i++) {
      expect((await password(first, guesser, 'zonal.lucknow', `bad-${i}`)).status).toBe(401);
      expect((await password(first, guesser, 'ghost.user', `bad-${i}`)).status).toBe(401);
    }
    await first.close();
    first = undefined;

    second = await createTestApp(options);
    const replay = new Browser();
    expect((await password(second, replay, 'hq.admin', pass)).location).toBe(
      url(second, '/console/login/otp'),
    );
    const refused = await code(second, replay, used);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('That code is not right, or it has already been used.');

    // The counts went on where they stopped: the fourth failure leaves one, the fifth locks.
    const fourth = await password(second, guesser, 'zonal.lucknow', 'bad-3');
    expect(fourth.body).toContain('1 attempt left');
    expect((await password(second, guesser, 'zonal.lucknow', 'bad-4')).status).toBe(423);
    expect((await password(second, guesser, 'ghost.user', 'bad-3')).body).toContain('1 attempt left');
    expect((await password(second, guesser, 'ghost.user', 'bad-4')).status).toBe(423);
    await second.close();
    second = undefined;

    // And the locks outlive another restart.
    second = await createTestApp(options);
    expect((await password(second, new Browser(), 'zonal.lucknow', 'Zonal@Dwaar1')).status).toBe(423);
    expect((await password(second, new Browser(), 'ghost.user', 'whatever')).status).toBe(423);
  });
});
