import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import { Browser } from './http-client.ts';
import { officerInBoweb } from './two-nodes.ts';

const GENERATED = /^[A-Za-z0-9_-]{8}-[0-9a-z]+$/;

/** A gateway with an echo upstream; `trusted` makes loopback a trusted proxy (so its IDs may be kept). */
function gatewayWithEcho(env: Record<string, string>) {
  const ctx: { t?: TestApp; upstream?: EchoUpstream } = {};
  beforeAll(async () => {
    ctx.upstream = await startEchoUpstream();
    ctx.t = await createTestApp({ upstream: ctx.upstream.url, env });
  });
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.upstream?.close();
  });
  return ctx as { t: TestApp; upstream: EchoUpstream };
}

describe('request IDs from a peer that is not a trusted proxy', () => {
  const ctx = gatewayWithEcho({ DWAAR_ACCESS_LOG: '1' });

  it('passes a new ID to the upstream and back, replacing one the client forged', async () => {
    const { t, upstream } = ctx;
    const browser = await officerInBoweb(t);
    const plain = await browser.fetch(`${t.bowebOrigin}/dealers`);
    const id = plain.headers['x-request-id'];
    expect(id).toMatch(GENERATED);
    expect(upstream.last()?.['x-request-id']).toBe(id);

    const forged = await browser.fetch(`${t.bowebOrigin}/dealers`, {
      headers: { 'x-request-id': 'forged-1' },
    });
    expect(forged.headers['x-request-id']).toMatch(GENERATED);
    expect(forged.headers['x-request-id']).not.toBe(id);
    // Exactly one, the gateway's: the client's never reaches the upstream.
    expect(upstream.lastRaw()?.filter((h) => h.toLowerCase() === 'x-request-id')).toHaveLength(1);
    expect(upstream.last()?.['x-request-id']).toBe(forged.headers['x-request-id']);
  });

  it('puts an ID on the gateway’s own answers and on portal pages', async () => {
    const { t } = ctx;
    const redirect = await new Browser().fetch(`${t.bowebOrigin}/dealers`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers['x-request-id']).toMatch(GENERATED);
    const page = await new Browser().fetch(`${t.portalOrigin}/`, { headers: { 'x-request-id': 'forged-2' } });
    expect(page.status).toBe(200);
    expect(page.headers['x-request-id']).toMatch(GENERATED);
    const missing = await new Browser().fetch(`${t.portalOrigin}/no-such-page`);
    expect(missing.headers['x-request-id']).toMatch(GENERATED);
  });

  it('writes one access line per proxied request, with the ID, the user and the path without its query', async () => {
    const { t } = ctx;
    const browser = await officerInBoweb(t);
    const info = vi.spyOn(t.deps.logger, 'info');
    try {
      const reply = await browser.fetch(`${t.bowebOrigin}/dealers?gstin=SECRET`);
      await vi.waitFor(() => expect(info).toHaveBeenCalled());
      const lines = info.mock.calls.map((c) => c[0]).filter((o) => (o as { log?: string }).log === 'access');
      expect(lines).toEqual([
        expect.objectContaining({
          reqId: reply.headers['x-request-id'],
          resource: 'boweb',
          method: 'GET',
          path: '/dealers',
          status: 200,
          user: 'officer1',
        }),
      ]);
      expect(JSON.stringify(lines)).not.toContain('SECRET');
    } finally {
      info.mockRestore();
    }
  });
});

describe('request IDs behind a trusted proxy', () => {
  const ctx = gatewayWithEcho({ DWAAR_TRUSTED_PROXIES: '127.0.0.1' });

  it('keeps a well-formed ID end to end and replaces a malformed one', async () => {
    const { t, upstream } = ctx;
    const browser = await officerInBoweb(t);
    const kept = await browser.fetch(`${t.bowebOrigin}/dealers`, {
      headers: { 'x-request-id': 'lb:7f3a.42_x-1' },
    });
    expect(kept.headers['x-request-id']).toBe('lb:7f3a.42_x-1');
    expect(upstream.last()?.['x-request-id']).toBe('lb:7f3a.42_x-1');
    for (const bad of ['has space', 'a'.repeat(129), 'quote"d', 'ünï']) {
      const replaced = await browser.fetch(`${t.bowebOrigin}/dealers`, { headers: { 'x-request-id': bad } });
      expect(replaced.headers['x-request-id']).toMatch(GENERATED);
      expect(upstream.last()?.['x-request-id']).toBe(replaced.headers['x-request-id']);
    }
    const page = await request(`${t.portalOrigin}/`, { headers: { 'x-request-id': 'lb-portal-1' } });
    await page.body.text();
    expect(page.headers['x-request-id']).toBe('lb-portal-1');
  });

  it('logs an upstream failure with the request’s ID, and answers 502 carrying it', async () => {
    const { t, upstream } = ctx;
    const browser = await officerInBoweb(t);
    await upstream.close();
    const warn = vi.spyOn(t.deps.logger, 'warn');
    try {
      const failed = await browser.fetch(`${t.bowebOrigin}/dealers`, {
        headers: { 'x-request-id': 'trace-502' },
      });
      expect(failed.status).toBe(502);
      expect(failed.headers['x-request-id']).toBe('trace-502');
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ reqId: 'trace-502' }), 'upstream failed');
    } finally {
      warn.mockRestore();
    }
  });
});
