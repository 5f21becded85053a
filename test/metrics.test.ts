import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser, csrfFrom, signIn } from './http-client.ts';
import { parseExposition, scrape, valueOf, type Exposition } from './metrics-exposition.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { officerInBoweb } from './two-nodes.ts';

/** How much a series moved between two scrapes (a series absent before counts from 0). */
const moved = (before: Exposition, after: Exposition, name: string, labels: Record<string, string> = {}) =>
  (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);

describe.each(TEST_DIALECTS)('/metrics on %s', (dialect) => {
  let t: TestApp;
  let upstream: EchoUpstream;
  const metrics = () => scrape(t.portalOrigin);

  beforeAll(async () => {
    upstream = await startEchoUpstream();
    t = await createTestApp({ dialect, upstream: upstream.url, env: { DWAAR_LOCKOUT_FAILURES: '3' } });
  });
  afterAll(async () => {
    await t.close();
    await upstream.close();
  });

  it('serves Prometheus text to loopback whatever the Host, with no cookie and no caching', async () => {
    const res = await request(`http://127.0.0.1:${t.port}/metrics`, {
      headers: { host: 'scraper.internal' },
    });
    const body = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['set-cookie']).toBeUndefined();
    const e = parseExposition(body);
    expect(e.types.get('dwaar_http_requests_total')).toBe('counter');
    expect(e.types.get('dwaar_upstream_duration_seconds')).toBe('histogram');
    expect(e.types.get('dwaar_active_sessions')).toBe('gauge');
    expect(valueOf(e, 'dwaar_sign_ins_total', { result: 'bad_password' })).toBe(0);
    expect(valueOf(e, 'dwaar_store_errors_total', { store: 'database' })).toBe(0);
    expect(valueOf(e, 'dwaar_event_loop_delay_p99_seconds')).toBeGreaterThanOrEqual(0);
    // prom-client's process metrics, on this app's registry.
    expect(valueOf(e, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(e, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts proxied answers by resource and status, and the upstream latency', async () => {
    const browser = await officerInBoweb(t);
    const before = await metrics();
    expect((await browser.fetch(`${t.bowebOrigin}/dealers`)).status).toBe(200);
    expect((await browser.fetch(`${t.bowebOrigin}/returns`)).status).toBe(200);
    // No cookie: the gateway's own 302 to the portal, and 401 for a non-navigation request.
    const stranger = new Browser();
    expect((await stranger.fetch(`${t.bowebOrigin}/dealers`)).status).toBe(302);
    expect((await stranger.fetch(`${t.bowebOrigin}/x`, { method: 'DELETE' })).status).toBe(401);
    const after = await metrics();
    const requests = 'dwaar_http_requests_total';
    expect(moved(before, after, requests, { resource: 'boweb', status: '200' })).toBe(2);
    expect(moved(before, after, requests, { resource: 'boweb', status: '302' })).toBe(1);
    expect(moved(before, after, requests, { resource: 'boweb', status: '401' })).toBe(1);
    const count = 'dwaar_upstream_duration_seconds_count';
    expect(moved(before, after, count, { resource: 'boweb' })).toBe(2);
    // Buckets are cumulative and end at +Inf with the count.
    const inf = valueOf(after, 'dwaar_upstream_duration_seconds_bucket', { resource: 'boweb', le: '+Inf' });
    expect(inf).toBe(valueOf(after, count, { resource: 'boweb' }));
    const buckets = after.samples.filter(
      (s) => s.name === 'dwaar_upstream_duration_seconds_bucket' && s.labels.resource === 'boweb',
    );
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
    expect(valueOf(after, 'dwaar_upstream_duration_seconds_sum', { resource: 'boweb' })).toBeGreaterThan(0);
    // Live sessions are read from the database when scraped.
    const live = await t.deps.store.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(valueOf(after, 'dwaar_active_sessions')).toBe(Number(live.n));
    expect(valueOf(after, 'dwaar_active_sessions')).toBeGreaterThanOrEqual(1);
  });

  it('counts sign-ins by result, and lockouts', async () => {
    await t.deps.kv.del('login-ip-fail:127.0.0.1');
    const before = await metrics();
    expect((await signIn(new Browser(), t.portalOrigin, 'officer1', 'Officer@Dwaar1')).status).toBe(303);
    expect((await signIn(new Browser(), t.portalOrigin, 'officer1', 'wrong')).status).toBe(401);
    expect((await signIn(new Browser(), t.portalOrigin, 'nobody.here', 'wrong')).status).toBe(401);
    // officer2: three wrong passwords lock the user ID (DWAAR_LOCKOUT_FAILURES=3); the next try is refused.
    const b = new Browser();
    const wrong = await signIn(b, t.portalOrigin, 'officer2', 'wrong');
    for (let i = 0; i < 2; i++) {
      const page = await b.fetch(`${t.portalOrigin}/login`);
      await b.fetch(`${t.portalOrigin}/login`, {
        form: { _csrf: csrfFrom(page.body), userId: 'officer2', password: 'wrong' },
      });
    }
    expect(wrong.status).toBe(401);
    expect((await signIn(new Browser(), t.portalOrigin, 'officer2', 'Officer@Dwaar1')).status).toBe(423);
    const after = await metrics();
    const signIns = 'dwaar_sign_ins_total';
    expect(moved(before, after, signIns, { result: 'success' })).toBe(1);
    expect(moved(before, after, signIns, { result: 'bad_password' })).toBe(4);
    expect(moved(before, after, signIns, { result: 'unknown_user' })).toBe(1);
    expect(moved(before, after, signIns, { result: 'locked' })).toBe(1);
    expect(moved(before, after, 'dwaar_lockouts_total')).toBe(1);
  });

  it('counts policy denials by the decision reason', async () => {
    const browser = await officerInBoweb(t);
    const good = readFileSync(t.policyPath, 'utf8');
    const before = await metrics();
    writeFileSync(t.policyPath, good.replace('office: closed', 'office: open'));
    try {
      expect(await t.deps.policy.reload('console', 'hq.admin')).toMatchObject({ ok: true, changed: true });
      expect((await browser.fetch(`${t.bowebOrigin}/returns`)).status).toBe(302);
      expect((await browser.fetch(`${t.bowebOrigin}/returns`, { form: { a: '1' } })).status).toBe(403);
    } finally {
      writeFileSync(t.policyPath, good);
      await t.deps.policy.reload('console', 'hq.admin');
    }
    const after = await metrics();
    expect(moved(before, after, 'dwaar_policy_denials_total', { reason: 'OFFICE_CLOSED' })).toBe(2);
    expect(moved(before, after, 'dwaar_http_requests_total', { resource: 'boweb', status: '403' })).toBe(1);
  });

  it('reports the outbox: mails not sent yet and the age of the oldest', async () => {
    const now = t.clock.now();
    const mail = (created: number, status: 'pending' | 'sent') => ({
      kind: 'test',
      to_address: 'someone@ctd.up.example',
      subject: 'metrics',
      body_sealed: null,
      status,
      next_attempt_at: created,
      last_error: null,
      account_id: null,
      created_at: created,
      sent_at: status === 'sent' ? created : null,
    });
    const before = await metrics();
    await t.deps.store.db
      .insertInto('mail_outbox')
      .values([mail(now - 90 * 60_000, 'pending'), mail(now, 'pending'), mail(now - 999 * 60_000, 'sent')])
      .execute();
    const after = await metrics();
    expect(moved(before, after, 'dwaar_outbox_depth')).toBe(2);
    expect(valueOf(after, 'dwaar_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(90 * 60);
    expect(valueOf(after, 'dwaar_outbox_oldest_age_seconds')).toBeLessThan(999 * 60);
    await t.deps.store.db.deleteFrom('mail_outbox').where('kind', '=', 'test').execute();
    expect(valueOf(await metrics(), 'dwaar_outbox_depth')).toBe(valueOf(before, 'dwaar_outbox_depth'));
  });
});

describe('/metrics from an address not allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Only a monitoring host may scrape; loopback is a trusted proxy, so X-Forwarded-For would be believed
    // for client addresses, but never for this endpoint.
    t = await createTestApp({
      env: { DWAAR_METRICS_ALLOW: '10.1.2.3,192.0.2.0/24', DWAAR_TRUSTED_PROXIES: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the ordinary not-found page, even with X-Forwarded-For naming an allowed address', async () => {
    const missing = await request(`${t.portalOrigin}/no-such-page`);
    const missingBody = await missing.body.text();
    for (const headers of [{}, { 'x-forwarded-for': '10.1.2.3' }, { 'x-real-ip': '192.0.2.9' }]) {
      const res = await request(`${t.portalOrigin}/metrics`, { headers });
      const body = await res.body.text();
      expect(res.statusCode).toBe(404);
      expect(body).not.toContain('dwaar_');
      expect(body.replace(/metrics/g, 'no-such-page')).toBe(missingBody);
    }
    // Not audited per request: a scanner cannot fill the audit trail.
    const audited = await t.deps.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('ip', '=', '127.0.0.1')
      .execute();
    expect(audited).toEqual([]);
  });
});
