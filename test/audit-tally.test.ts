import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/**
 * Issue 7, item 9: failures anyone can cause without signing in are counted per address and minute, not
 * chained one row each (2,233 rows in 20 s before).
 */
describe.each(TEST_DIALECTS)('audit tally on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // A checkpoint file of its own: the default (<data>/audit-checkpoints.jsonl) is shared by every run.
    t = await createTestApp({
      dialect,
      env: { DWAAR_AUDIT_CHECKPOINTS: join(tmpdir(), `dwaar-cp-${randomBytes(6).toString('hex')}.jsonl`) },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const rowsSince = (seq: number) =>
    t.deps.store.db
      .selectFrom('audit_events')
      .select(['seq', 'type', 'ip', 'detail'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
  const headSeq = async () =>
    (await t.deps.store.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;

  it('writes 500 unknown-ID sign-ins from one address as a handful of counted rows, and the chain verifies', async () => {
    const before = await headSeq();
    const b = new Browser();
    await signIn(b, t.portalOrigin, 'ghost.0', 'x');
    const page = await b.fetch(`${t.portalOrigin}/login`);
    const csrf = csrfFrom(page.body);
    for (let i = 1; i < 500; i++) {
      const reply = await b.fetch(`${t.portalOrigin}/login`, {
        form: { _csrf: csrf, userId: `ghost.${i}`, password: 'x' },
      });
      expect([401, 423, 429]).toContain(reply.status);
    }
    await t.deps.audit.flush();
    const rows = (await rowsSince(before)).filter((r) => r.type.startsWith('login.'));
    const counted = rows.reduce((n, r) => n + ((JSON.parse(r.detail) as { count?: number }).count ?? 1), 0);
    expect(counted).toBe(500);
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(rows.every((r) => r.ip === '127.0.0.1')).toBe(true);
    expect(rows.map((r) => r.type).sort()).toEqual(['login.rate_limited', 'login.unknown_user']);
    expect(await t.deps.checkpoints.verify()).toMatchObject({ ok: true });
  });

  it('counts failed device checks and rejected return addresses the same way', async () => {
    const before = await headSeq();
    for (let i = 0; i < 20; i++) {
      const b = new Browser();
      const inspect = await b.fetch(`${t.portalOrigin}/inspect`);
      await b.fetch(`${t.portalOrigin}/inspect`, {
        form: { _csrf: csrfFrom(inspect.body), userAgent: 'curl/8' },
      });
    }
    await t.deps.audit.flush();
    const rows = await rowsSince(before);
    const failed = rows.filter((r) => r.type === 'inspection.failed');
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]?.detail ?? '{}')).toMatchObject({ count: 20 });
    expect(await t.deps.checkpoints.verify()).toMatchObject({ ok: true });
  });
});
