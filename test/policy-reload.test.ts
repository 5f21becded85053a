import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeDistrictStatus } from '../src/directory/district-status.ts';
import { indiaDay, isoDayText } from '../src/i18n/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';
import { officerInBoweb } from './two-nodes.ts';
import { testPolicyYaml } from './test-policy.ts';

const policyRows = (t: TestApp) =>
  t.deps.store.db
    .selectFrom('policy_versions')
    .select(['hash', 'outcome', 'trigger', 'errors'])
    .orderBy('id')
    .execute();

describe('a policy reload applies to the next request of a live session', () => {
  let t: TestApp;
  let upstream: EchoUpstream;
  let good: string;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({
      upstream: upstream.url,
      extraResources: [{ id: 'dms', host: 'dms.localhost', upstream: upstream.url }],
    });
    good = readFileSync(t.policyPath, 'utf8');
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  it('keeps the session and refuses BOWEB at once when its rule is removed, and lets it in when restored', async () => {
    const browser = await officerInBoweb(t);
    const before = upstream.count();
    writeFileSync(t.policyPath, good.replace('office: closed', 'office: open'));
    const reloaded = await t.deps.policy.reload('console', 'hq.admin');
    expect(reloaded).toMatchObject({ ok: true, changed: true });

    const refused = await browser.fetch(`${t.bowebOrigin}/returns`);
    expect(refused.status).toBe(302);
    expect(refused.location).toBe(`${t.portalOrigin}/webtop?denied=boweb`);
    expect(upstream.count()).toBe(before);
    const webtop = await browser.fetch(refused.location ?? '');
    expect(webtop.status).toBe(200);
    expect(webtop.body).toContain('is not available to you now');
    expect(webtop.body).toContain('whose district office is open');
    // A form posted meanwhile is refused outright, not forwarded.
    const posted = await browser.fetch(`${t.bowebOrigin}/returns`, { form: { a: '1' } });
    expect(posted.status).toBe(403);

    writeFileSync(t.policyPath, good);
    expect(await t.deps.policy.reload('console', 'hq.admin')).toMatchObject({ ok: true, changed: true });
    expect((await browser.fetch(`${t.bowebOrigin}/returns`)).status).toBe(200);
    const denied = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'access.denied')
      .execute();
    expect(denied).toHaveLength(1);
    expect(JSON.parse(denied[0]?.detail ?? '{}')).toMatchObject({ reason: 'OFFICE_CLOSED' });
  });

  it('stops serving a resource the new policy removes: its host is no longer Dwaar’s', async () => {
    const browser = await officerInBoweb(t);
    writeFileSync(t.policyPath, good.slice(0, good.indexOf('  - id: dms')));
    await t.deps.policy.reload('signal');
    expect(t.deps.resources.byId('dms')).toBeUndefined();
    const gone = await browser.fetch(`${t.originOf('dms.localhost')}/`);
    expect(gone.location).toBe(`${t.portalOrigin}/webtop?removed=dms`);
    expect((await browser.fetch(gone.location ?? '')).body).toContain(
      'dms (test resource) is no longer offered through Dwaar',
    );
    // A host that was never a resource is still misdirected.
    expect((await browser.fetch(`${t.originOf('never.localhost')}/`)).status).toBe(421);
    expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
    const webtop = await browser.fetch(`${t.portalOrigin}/webtop`);
    expect(webtop.body).not.toContain('dms (test resource)');
    writeFileSync(t.policyPath, good);
    await t.deps.policy.reload('signal');
    expect(t.deps.resources.byId('dms')).toBeDefined();
  });

  it('keeps the good policy when the new file has problems, and records and audits them with lines', async () => {
    const browser = await officerInBoweb(t);
    const hash = t.deps.policy.current().hash;
    writeFileSync(t.policyPath, good.replace('max_sessions: 50', 'max_sessions: lots'));
    const result = await t.deps.policy.reload('watch');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({ line: 5, path: 'profiles.portal.max_sessions' });
    expect(t.deps.policy.current().hash).toBe(hash);
    expect((await browser.fetch(`${t.bowebOrigin}/`)).status).toBe(200);
    const rows = await policyRows(t);
    expect(rows.at(-1)).toMatchObject({ outcome: 'rejected', trigger: 'watch' });
    const stored = JSON.parse(rows.at(-1)?.errors ?? '[]') as { line: number }[];
    expect(stored[0]).toMatchObject({ line: 5 });
    const audit = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'detail'])
      .where('type', 'in', ['policy.reloaded', 'policy.rejected'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.type).toBe('policy.rejected');
    const detail = JSON.parse(audit.detail) as { trigger: string; problems: string };
    expect(detail).toMatchObject({ trigger: 'watch' });
    expect(detail.problems).toContain('5:');
    writeFileSync(t.policyPath, good);
  });

  it('records every load with the file’s hash, and a reload of the same file changes nothing', async () => {
    const before = (await policyRows(t)).length;
    expect(await t.deps.policy.reload('console')).toMatchObject({ ok: true });
    expect(await t.deps.policy.reload('console')).toMatchObject({ ok: true, changed: false });
    const rows = await policyRows(t);
    expect(rows.length).toBeLessThanOrEqual(before + 1);
    expect(rows[0]).toMatchObject({ outcome: 'applied', trigger: 'start' });
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });
});

describe('a policy file watched for changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DWAAR_POLICY_WATCH: '1' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reloads by itself when the file is saved', async () => {
    const text = readFileSync(t.policyPath, 'utf8');
    writeFileSync(t.policyPath, text.replace('max_sessions: 50', 'max_sessions: 7'));
    await vi.waitFor(() => expect(t.deps.policy.current().profile('portal').maxSessions).toBe(7), {
      timeout: 5000,
    });
  });
});

describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL)('a district status change on another node', () => {
  let a: TestApp;
  let b: TestApp;
  let upstream: EchoUpstream;

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    // No grace period: the officer's access ends the moment the office is marked open.
    const strict = testPolicyYaml({ upstream: upstream.url }).replace(
      'office: closed',
      'office: { status: closed, grace: false }',
    );
    a = await createTestApp({ dialect: 'postgres', redis: true, upstream: upstream.url, policy: strict });
    b = await createTestApp({
      dialect: 'postgres',
      redis: true,
      upstream: upstream.url,
      policy: strict,
      clock: a.clock,
      shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await upstream.close();
  });

  it('applies to the next request of a live session served by the other node', async () => {
    const browser = await officerInBoweb(b);
    expect((await browser.fetch(`${b.bowebOrigin}/`)).status).toBe(200);
    const result = await changeDistrictStatus(a.deps, {
      districtId: 'lucknow',
      change: {
        status: 'open',
        orderNo: '77/CT/2026',
        orderDate: isoDayText(indiaDay(a.clock.now())),
        reason: 'Office reopened',
      },
      actor: 'hq.admin',
      ip: null,
    });
    expect(result.ok).toBe(true);
    await vi.waitFor(async () => {
      const refused = await browser.fetch(`${b.bowebOrigin}/`);
      expect(refused.location).toBe(`${b.portalOrigin}/webtop?denied=boweb`);
    });
  });
});

describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL)('a reload asked for on one node', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp({ dialect: 'postgres', redis: true });
    // Both nodes read the same file (as a deployment's nodes read the same policy), neither watches it.
    b = await createTestApp({
      dialect: 'postgres',
      redis: true,
      clock: a.clock,
      env: { DWAAR_POLICY: a.policyPath },
      shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('reaches every node: the other reads its file again and records why', async () => {
    const text = readFileSync(a.policyPath, 'utf8');
    writeFileSync(a.policyPath, text.replace('max_sessions: 50', 'max_sessions: 9'));
    const applied = await a.deps.policy.reload('console', 'hq.admin');
    expect(applied).toMatchObject({ ok: true, changed: true });
    await vi.waitFor(() => expect(b.deps.policy.current().hash).toBe(a.deps.policy.current().hash), {
      timeout: 2000,
    });
    expect(b.deps.policy.current().profile('portal').maxSessions).toBe(9);
    const peer = await b.deps.store.db
      .selectFrom('policy_versions')
      .select(['trigger', 'outcome'])
      .where('trigger', '=', 'peer')
      .execute();
    expect(peer).toEqual([{ trigger: 'peer', outcome: 'applied' }]);
  });
});
