import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnomalyDetector, type AnomalyDetector } from '../src/anomalies/index.ts';
import type { AuditEventType } from '../src/audit/index.ts';
import { indiaTime, indiaDay } from '../src/i18n/index.ts';
import { createManualClock } from '../src/clock.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount } from './factories/accounts.ts';
import { TEST_DIALECTS } from './test-env.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 10:00 India time, a working hour. */
const START = indiaTime({ year: 2026, month: 12, day: 1 }, 10, 0);

describe.each(TEST_DIALECTS)('anomaly rules on %s', (dialect) => {
  let t: TestApp;
  let detector: AnomalyDetector;
  let n = 0;
  const db = () => t.deps.store.db;

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(START) });
    detector = startAnomalyDetector({ ...t.deps, options: { pollMs: HOUR } });
    await detector.runOnce(); // the cursor starts at the head: the seed's history is not read
  });
  afterAll(async () => {
    await detector.stop();
    await t.close();
  });

  /** A fresh user ID and address for each case, so cases never count each other's events. */
  function fresh(): { userId: string; ip: string } {
    n += 1;
    return { userId: `rule.case${n}`, ip: `10.${n}.0.1` };
  }

  const append = (type: AuditEventType, actor: string, ip: string, target: string | null = null) =>
    t.deps.audit.append({ type, actor, ip, target, detail: { failures: 1 } });

  async function flagged(subject: string) {
    await t.deps.audit.flush();
    await detector.runOnce();
    return db()
      .selectFrom('audit_anomalies')
      .select(['kind', 'subject', 'detail'])
      .where('subject', '=', subject)
      .execute();
  }

  async function newAccount(userId: string): Promise<number> {
    return insertAccount(db(), t.clock.now(), { user_id: userId });
  }

  async function addSession(o: {
    id: string;
    accountId: number;
    ip: string;
    deviceId?: string;
    endedAt?: number;
  }) {
    const at = t.clock.now();
    await db()
      .insertInto('sessions')
      .values({
        id: o.id,
        secret_hash: 'x',
        account_id: o.accountId,
        created_at: at,
        last_seen_at: at,
        expires_at: at + 8 * HOUR,
        idle_timeout_s: 1800,
        ended_at: o.endedAt ?? null,
        end_reason: o.endedAt ? 'logout' : null,
        ip: o.ip,
        user_agent: null,
        device_id: o.deviceId ?? null,
        disclaimer_version: 1,
        mfa: 1,
      })
      .execute();
  }

  async function addDevice(id: string, accountId: number | null, name: string) {
    const at = t.clock.now();
    await db()
      .insertInto('devices')
      .values({
        id,
        trusted_at: at,
        revoked_at: null,
        user_agent: null,
        last_seen_at: at,
        account_id: accountId,
        name,
        browser: null,
      })
      .execute();
  }

  /** Moves the test clock forward to the next `hour:minute` India time. */
  function advanceToIndiaTime(hour: number, minute: number): void {
    const now = t.clock.now();
    let target = indiaTime(indiaDay(now), hour, minute);
    if (target <= now) target = indiaTime(indiaDay(now + 24 * HOUR), hour, minute);
    t.clock.advance(target - now);
  }

  describe('account_failures: 5 failed steps for one account within 15 minutes', () => {
    it.each([
      { failures: 4, spacingMs: MINUTE, flags: 0 },
      { failures: 5, spacingMs: MINUTE, flags: 1 },
      { failures: 5, spacingMs: 3.5 * MINUTE, flags: 1 },
      { failures: 5, spacingMs: 4 * MINUTE, flags: 0 },
    ])('$failures failures $spacingMs ms apart flag $flags', async ({ failures, spacingMs, flags }) => {
      const { userId, ip } = fresh();
      const types: AuditEventType[] = [
        'login.failed',
        'login.mfa_failed',
        'login.passkey_failed',
        'login.locked',
      ];
      for (let i = 0; i < failures; i++) {
        if (i > 0) t.clock.advance(spacingMs);
        await append(types[i % types.length] ?? 'login.failed', userId, ip);
      }
      const rows = await flagged(userId);
      expect(rows.filter((r) => r.kind === 'account_failures')).toHaveLength(flags);
      if (flags) expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({ count: 5, window_min: 15, ip });
    });
  });

  describe('address_failures: 20 failures from one address within 15 minutes', () => {
    it.each([
      { singles: 19, tallied: 0, flags: 0 },
      { singles: 20, tallied: 0, flags: 1 },
      { singles: 0, tallied: 19, flags: 0 },
      { singles: 0, tallied: 20, flags: 1 },
      { singles: 10, tallied: 10, flags: 1 },
    ])('$singles single and $tallied tallied failures flag $flags', async ({ singles, tallied, flags }) => {
      const { userId, ip } = fresh();
      // Each single failure names another account, so no account reaches its own threshold.
      for (let i = 0; i < singles; i++) await append('login.failed', `${userId}.${i}`, ip);
      // Unknown user IDs are tallied: one record a minute for the address, with a count.
      for (let i = 0; i < tallied; i++) await append('login.unknown_user', `nobody${i}`, ip);
      const rows = await flagged(ip);
      expect(rows.filter((r) => r.kind === 'address_failures')).toHaveLength(flags);
    });
  });

  describe('unusual_hour: a sign-in from 22:00 to 06:00 India time', () => {
    it.each([
      { time: '21:59', hour: 21, minute: 59, flags: 0 },
      { time: '22:00', hour: 22, minute: 0, flags: 1 },
      { time: '03:15', hour: 3, minute: 15, flags: 1 },
      { time: '05:59', hour: 5, minute: 59, flags: 1 },
      { time: '06:00', hour: 6, minute: 0, flags: 0 },
    ])('$time flags $flags', async ({ hour, minute, flags }) => {
      const { userId, ip } = fresh();
      advanceToIndiaTime(hour, minute);
      await append('console.login_succeeded', userId, ip);
      const rows = await flagged(userId);
      expect(rows.filter((r) => r.kind === 'unusual_hour')).toHaveLength(flags);
      if (flags) expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({ channel: 'console', ip });
      advanceToIndiaTime(10, 0);
    });
  });

  describe('new_device: the first sign-in on a device by an account that had another', () => {
    it('flags the first sign-in on a second device, and neither the first device nor a later sign-in', async () => {
      const { userId, ip } = fresh();
      const accountId = await newAccount(userId);
      await addDevice(`dev-${userId}-1`, accountId, 'Chrome on Windows');
      await addSession({ id: `s-${userId}-1`, accountId, ip, deviceId: `dev-${userId}-1` });
      await append('login.succeeded', userId, ip, `s-${userId}-1`);
      expect(await flagged(userId)).toEqual([]);

      t.clock.advance(HOUR);
      await addDevice(`dev-${userId}-2`, accountId, 'Firefox on Linux');
      await addSession({
        id: `s-${userId}-2`,
        accountId,
        ip,
        deviceId: `dev-${userId}-2`,
        endedAt: t.clock.now() + 1,
      });
      await append('login.succeeded', userId, ip, `s-${userId}-2`);
      const rows = await flagged(userId);
      expect(rows.map((r) => r.kind)).toEqual(['new_device']);
      expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({
        device: 'Firefox on Linux',
        other_devices: 1,
      });

      t.clock.advance(HOUR);
      await addSession({ id: `s-${userId}-3`, accountId, ip, deviceId: `dev-${userId}-2` });
      await append('login.succeeded', userId, ip, `s-${userId}-3`);
      expect((await flagged(userId)).map((r) => r.kind)).toEqual(['new_device']);
    });
  });

  describe('concurrent_networks: a sign-in while a live session is open from another network', () => {
    it.each([
      { other: '10.200.7.5', now: '10.200.7.99', ended: false, flags: 0 },
      { other: '10.200.7.5', now: '10.200.8.5', ended: false, flags: 1 },
      { other: '10.200.7.5', now: '10.200.8.5', ended: true, flags: 0 },
      { other: '2001:db8:1:1::5', now: '2001:db8:1:ffff::9', ended: false, flags: 0 },
      { other: '2001:db8:1::5', now: '2001:db8:2::5', ended: false, flags: 1 },
    ])('$other then $now (ended: $ended) flags $flags', async ({ other, now, ended, flags }) => {
      const { userId } = fresh();
      const accountId = await newAccount(userId);
      await addSession({ id: `c-${userId}-1`, accountId, ip: other });
      if (ended)
        await db()
          .updateTable('sessions')
          .set({ ended_at: t.clock.now() })
          .where('id', '=', `c-${userId}-1`)
          .execute();
      t.clock.advance(MINUTE);
      await addSession({ id: `c-${userId}-2`, accountId, ip: now });
      await append('login.succeeded', userId, now, `c-${userId}-2`);
      const rows = await flagged(userId);
      expect(rows.filter((r) => r.kind === 'concurrent_networks')).toHaveLength(flags);
      if (flags) expect(JSON.parse(rows[0]?.detail ?? '{}')).toMatchObject({ ip: now, other_ip: other });
    });
  });
});
