import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseAccount } from '../src/helpdesk/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount, insertOfficer } from './factories/accounts.ts';
import { identify } from './self-help-support.ts';
import { TEST_DIALECTS } from './test-env.ts';

/** Issue 11: self-diagnostics say why an officer cannot get in, with the fix, and never a secret. */
describe.each(TEST_DIALECTS)('self-diagnostics on %s', (dialect) => {
  let t: TestApp;
  const MIN = 60_000;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newOfficer(userId: string, district: string, extra: Record<string, unknown> = {}) {
    const now = t.clock.now();
    const officer = await insertOfficer(t.deps.store.db, now, { district_id: district });
    return insertAccount(t.deps.store.db, now, {
      user_id: userId,
      officer_id: officer.id,
      email: `${userId}@ctd.up.example`,
      password_hash: 'argon2-secret-hash-never-shown',
      ...extra,
    });
  }

  it('a locked account: locked until when, the failed passwords and the lock, with the fix', async () => {
    const until = t.clock.now() + 20 * MIN;
    const id = await newOfficer('diag.locked', 'lucknow', { status: 'locked', locked_until: until });
    for (let i = 0; i < 2; i++)
      await t.deps.audit.append({
        type: 'login.failed',
        actor: 'diag.locked',
        ip: '10.1.1.1',
        detail: { failures: i },
      });
    await t.deps.audit.append({
      type: 'login.locked',
      actor: 'diag.locked',
      ip: '10.1.1.1',
      detail: { until },
    });
    const d = await diagnoseAccount(t.deps.store.db, t.clock, id);
    expect(d.findings[0]).toMatchObject({ code: 'account_locked', problem: true, at: until });
    expect(d.attempts.map((a) => a.kind)).toEqual(['locked', 'wrong_password', 'wrong_password']);

    // The officer's own page, reached by a mailed code: the sentence and the fix, in words.
    const b = await identify(t, 'diag.locked');
    const page = await b.fetch(`${t.portalOrigin}/help/diagnose`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Your account is locked until');
    expect(page.body).toContain('or ask your SI to unlock it');
    expect(page.body).toContain('Wrong user ID or password');
    expect(page.body).not.toContain('argon2-secret-hash-never-shown');
    const hi = await b.fetch(`${t.portalOrigin}/lang?to=hi&back=/help/diagnose`);
    expect(hi.status).toBe(303);
    const pageHi = await b.fetch(`${t.portalOrigin}/help/diagnose`);
    expect(pageHi.body).toContain('लॉक (अवरुद्ध)');
  });

  it('an expired activation link: pending, link expired, ask the SI to re-send it', async () => {
    const id = await newOfficer('diag.pending', 'lucknow', { status: 'pending_activation' });
    const now = t.clock.now();
    await t.deps.store.db
      .insertInto('account_tokens')
      .values({
        account_id: id,
        purpose: 'activation',
        token_hash: 'token-hash-never-shown',
        created_at: now - 4 * 24 * 60 * MIN,
        expires_at: now - MIN,
        used_at: null,
        superseded_at: null,
      })
      .execute();
    const d = await diagnoseAccount(t.deps.store.db, t.clock, id);
    const codes = d.findings.map((f) => f.code);
    expect(codes).toContain('account_pending');
    expect(d.findings.find((f) => f.code === 'link_expired')).toMatchObject({ problem: true, at: now - MIN });
    expect(JSON.stringify(d)).not.toContain('token-hash-never-shown');
    const b = await identify(t, 'diag.pending');
    const page = await b.fetch(`${t.portalOrigin}/help/diagnose`);
    expect(page.body).toContain('Your activation link expired on');
    expect(page.body).toContain('Ask your SI to re-send it.');
    expect(page.body).not.toContain('token-hash-never-shown');
  });

  it('a reopened district: access continues until the grace end; an open office is a problem', async () => {
    const ends = t.clock.now() + 3 * 24 * 60 * MIN;
    const reopened = await newOfficer('diag.reopened', 'hardoi', { access_ends_at: ends });
    const d = await diagnoseAccount(t.deps.store.db, t.clock, reopened);
    expect(d.findings.find((f) => f.code === 'office_reopened')).toMatchObject({ problem: false, at: ends });
    expect(d.findings.find((f) => f.code === 'access_ends')).toMatchObject({ at: ends });
    const open = await newOfficer('diag.open', 'hardoi');
    const o = await diagnoseAccount(t.deps.store.db, t.clock, open);
    expect(o.findings[0]).toMatchObject({ code: 'office_open', problem: true });
    expect(o.findings[0]?.place?.en).toBeTruthy();
    await t.deps.audit.append({
      type: 'access.denied',
      actor: 'diag.open',
      ip: '10.1.1.2',
      target: 'BOWEB',
      detail: { session: 's', reason: 'OFFICE_OPEN', rule: null },
    });
    const again = await diagnoseAccount(t.deps.store.db, t.clock, open);
    expect(again.attempts[0]).toMatchObject({ kind: 'policy_office', detail: 'OFFICE_OPEN' });
  });

  it('a declined disclaimer and a failed device check, joined by the officer’s own addresses only', async () => {
    const id = await newOfficer('diag.declined', 'lucknow');
    await t.deps.audit.append({ type: 'login.failed', actor: 'diag.declined', ip: '10.7.7.7', detail: {} });
    await t.deps.audit.append({
      type: 'disclaimer.declined',
      actor: 'anonymous',
      ip: '10.7.7.7',
      detail: { version: 1 },
    });
    await t.deps.audit.append({
      type: 'inspection.failed',
      actor: 'anonymous',
      ip: '10.7.7.8',
      detail: { browser: 'ok:Chrome 156', os: 'fail:Windows 7', cookies: 'ok:yes' },
    });
    // Failed device checks are counted per address and minute; the count is written when its minute ends.
    await t.deps.audit.flush();
    // Someone else's address: never shown to this officer.
    await t.deps.audit.append({
      type: 'disclaimer.declined',
      actor: 'anonymous',
      ip: '10.99.0.1',
      detail: { version: 1 },
    });
    const d = await diagnoseAccount(t.deps.store.db, t.clock, id);
    expect(d.attempts.map((a) => a.kind)).toEqual(['disclaimer_declined', 'wrong_password']);
    expect(d.attempts[0]?.byAddress).toBe(true);
    // From the help page's own address, the device check there counts too, naming the failed check.
    const here = await diagnoseAccount(t.deps.store.db, t.clock, id, ['10.7.7.8']);
    expect(here.attempts[0]).toMatchObject({ kind: 'inspection_failed', detail: 'os' });
    expect(here.attempts.filter((a) => a.kind === 'disclaimer_declined')).toHaveLength(1);
  });

  it('an unknown account is not found', async () => {
    await expect(diagnoseAccount(t.deps.store.db, t.clock, 999_999)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
