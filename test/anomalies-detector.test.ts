import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALY_CURSOR, startAnomalyDetector, type AnomalyDetector } from '../src/anomalies/index.ts';
import { createManualClock } from '../src/clock.ts';
import { indiaTime } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const START = indiaTime({ year: 2026, month: 12, day: 1 }, 10, 0);
const HQ = ['hq.admin@ctd.up.example', 'hq.approver@ctd.up.example'];

describe.each(TEST_DIALECTS)('anomaly detector on %s', (dialect) => {
  let t: TestApp;
  let detector: AnomalyDetector;
  const db = () => t.deps.store.db;
  const start = () => startAnomalyDetector({ ...t.deps, options: { pollMs: HOUR } });

  beforeAll(async () => {
    t = await createTestApp({ dialect, clock: createManualClock(START) });
    detector = start();
    await detector.runOnce();
  });
  afterAll(async () => {
    await detector.stop();
    await t.close();
  });

  const anomalies = () => db().selectFrom('audit_anomalies').selectAll().orderBy('id').execute();
  const anomalyMails = () =>
    db()
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'body_sealed', 'account_id'])
      .where('kind', '=', 'anomaly')
      .orderBy('id')
      .execute();
  const bodyOf = (sealed: string | null) =>
    JSON.parse(t.deps.keyring.open('mail-encryption', sealed ?? '')) as { text: string; html: string };

  it('flags a burst of 100 failures once and mails each HQ administrator once, in both languages', async () => {
    for (let i = 0; i < 100; i++) {
      await t.deps.audit.append({
        type: 'login.failed',
        actor: 'officer1',
        ip: '198.51.100.7',
        detail: { failures: i },
      });
      if (i % 10 === 9) t.clock.advance(5_000);
    }
    await detector.runOnce();
    const flagged = await anomalies();
    // One for the account and one for the address: not a hundred of either.
    expect(flagged.map((a) => [a.kind, a.subject])).toEqual([
      ['account_failures', 'officer1'],
      ['address_failures', '198.51.100.7'],
    ]);
    expect(flagged.every((a) => a.notified_at === t.clock.now())).toBe(true);

    const mails = await anomalyMails();
    expect(mails.map((m) => m.to_address).sort()).toEqual(HQ);
    const mail = mails[0];
    expect(mail?.subject).toBe(
      'द्वार: ऑडिट ट्रेल में 2 असामान्य गतिविधियाँ / Dwaar: 2 anomalies in the audit trail',
    );
    const { text, html } = bodyOf(mail?.body_sealed ?? null);
    expect(text).toContain('Repeated sign-in failures for one account: officer1, 1 December 2026');
    expect(text).toContain('एक खाते पर बार-बार विफल लॉग इन: officer1');
    expect(text).toContain('address 198.51.100.7');
    expect(text).toContain(`${t.deps.config.publicUrl.origin}/console/audit/people/officer1`);
    expect(text).toContain(`${t.deps.config.publicUrl.origin}/console/anomalies`);
    expect(html).toContain('lang="hi"');
    expect(html).toContain('lang="en"');

    const audited = await db()
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'audit.anomaly')
      .orderBy('seq')
      .execute();
    expect(audited.map((e) => e.target)).toEqual(['officer1', '198.51.100.7']);
    expect(JSON.parse(audited[0]?.detail ?? '{}')).toMatchObject({ kind: 'account_failures' });
  });

  it('re-flags nothing when a new detector, or one whose cursor moved back, reads the same events', async () => {
    const before = await anomalies();
    const mailsBefore = await anomalyMails();
    await detector.stop();
    detector = start();
    await detector.runOnce();
    // As if a node had crashed before recording how far it got: the whole burst is read again.
    await db().updateTable('audit_cursors').set({ seq: 0 }).where('name', '=', ANOMALY_CURSOR).execute();
    await detector.runOnce();
    expect(await anomalies()).toEqual(before);
    expect(await anomalyMails()).toEqual(mailsBefore);
  });

  it('holds a new anomaly back until a minute after the last mail, then mails it alone', async () => {
    const mailsBefore = (await anomalyMails()).length;
    t.clock.advance(20_000);
    for (let i = 0; i < 5; i++)
      await t.deps.audit.append({
        type: 'login.mfa_failed',
        actor: 'officer2',
        ip: '192.0.2.44',
        detail: {},
      });
    await detector.runOnce();
    const held = (await anomalies()).filter((a) => a.subject === 'officer2');
    expect(held.map((a) => [a.kind, a.notified_at])).toEqual([['account_failures', null]]);
    expect(await anomalyMails()).toHaveLength(mailsBefore);

    t.clock.advance(MINUTE);
    await detector.runOnce(); // nothing new in the trail but the audit event: the held one goes out now
    const mails = (await anomalyMails()).slice(mailsBefore);
    expect(mails.map((m) => m.to_address).sort()).toEqual(HQ);
    const { text } = bodyOf(mails[0]?.body_sealed ?? null);
    expect(text).toContain('officer2');
    expect(text).not.toContain('officer1');
    const sent = (await anomalies()).find((a) => a.subject === 'officer2');
    expect(sent?.notified_at).toBe(t.clock.now());
  });

  it('mails nobody and marks nothing while no active HQ administrator has an address', async () => {
    await db().updateTable('accounts').set({ status: 'suspended' }).where('role', '=', 'hq_admin').execute();
    try {
      const mailsBefore = (await anomalyMails()).length;
      t.clock.advance(2 * MINUTE);
      for (let i = 0; i < 5; i++)
        await t.deps.audit.append({
          type: 'login.failed',
          actor: 'si.lucknow',
          ip: '192.0.2.45',
          detail: {},
        });
      await detector.runOnce();
      expect((await anomalies()).find((a) => a.subject === 'si.lucknow')?.notified_at).toBeNull();
      expect(await anomalyMails()).toHaveLength(mailsBefore);
    } finally {
      await db().updateTable('accounts').set({ status: 'active' }).where('role', '=', 'hq_admin').execute();
    }
    await detector.runOnce();
    expect((await anomalies()).find((a) => a.subject === 'si.lucknow')?.notified_at).toBe(t.clock.now());
  });

  it('flags real failed sign-ins to the portal, as the sign-in writes them', async () => {
    t.clock.advance(2 * MINUTE);
    const browser = new Browser();
    for (let i = 0; i < 5; i++) {
      const reply = await signIn(browser, t.portalOrigin, 'officer2', 'wrong-password');
      expect(reply.status).toBeGreaterThanOrEqual(400);
    }
    await detector.runOnce();
    const flagged = (await anomalies()).filter((a) => a.subject === 'officer2' && a.notified_at === null);
    const failures = await db()
      .selectFrom('audit_events')
      .select('type')
      .where('actor', '=', 'officer2')
      .where('at', '>', t.clock.now() - MINUTE)
      .execute();
    expect(failures.length).toBeGreaterThanOrEqual(5);
    // officer2 was flagged (and mailed) minutes ago: this is a new burst, 15 minutes not yet passed.
    expect(flagged).toEqual([]);
    t.clock.advance(16 * MINUTE);
    for (let i = 0; i < 5; i++) await signIn(new Browser(), t.portalOrigin, 'officer1', 'wrong-password');
    await detector.runOnce();
    const again = (await anomalies()).filter((a) => a.subject === 'officer1');
    expect(again.map((a) => a.kind)).toEqual(['account_failures', 'account_failures']);
  });

  it('lets only one of two detectors on one database flag and mail each anomaly', async () => {
    const second = start();
    try {
      t.clock.advance(2 * MINUTE);
      const mailsBefore = (await anomalyMails()).length;
      for (let i = 0; i < 6; i++)
        await t.deps.audit.append({
          type: 'login.failed',
          actor: 'jc.lucknow',
          ip: '192.0.2.46',
          detail: {},
        });
      await Promise.all([detector.runOnce(), second.runOnce(), detector.runOnce(), second.runOnce()]);
      expect((await anomalies()).filter((a) => a.subject === 'jc.lucknow')).toHaveLength(1);
      expect((await anomalyMails()).length - mailsBefore).toBe(HQ.length);
    } finally {
      await second.stop();
    }
  });
});
