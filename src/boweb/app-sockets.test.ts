import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AUDIENCE, ISSUER, signAssertion, useGatewayKeys } from '../../test/factories/boweb.ts';
import { buildBoweb } from './app.ts';
import { createAssertionVerifier } from './assertion.ts';
import { html } from './html.ts';
import { computeGstinCheckChar, DEALER_RETURNS } from './returns.ts';

const jwks = useGatewayKeys();

describe('BOWEB without a required assertion', () => {
  it('serves the login page to direct visitors and says nobody was vouched for', async () => {
    const app = await buildBoweb({
      jwksUrl: jwks.url(),
      audience: AUDIENCE,
      issuer: ISSUER,
      requireAssertion: false,
    });
    try {
      const response = await app.inject({ method: 'GET', url: '/login' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('No valid gateway assertion');
      const whoami = await app.inject({ method: 'GET', url: '/api/whoami' });
      expect(whoami.json()).toEqual({ gateway: null, boweb: null });
    } finally {
      await app.close();
    }
  });
});

describe('BOWEB WebSocket echo', () => {
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    app = await buildBoweb({ jwksUrl: jwks.url(), audience: AUDIENCE, issuer: ISSUER });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    baseUrl = `ws://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app.close();
  });

  /** Resolves with the first reply, or with the HTTP status that refused the upgrade. */
  function exchange(path: string, headers: Record<string, string>, message: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${baseUrl}${path}`, { headers });
      socket.on('open', () => socket.send(message));
      socket.on('message', (data, isBinary) => {
        socket.close();
        resolve(!isBinary && Buffer.isBuffer(data) ? data.toString('utf8') : 'binary');
      });
      socket.on('unexpected-response', (request, response) => {
        response.resume();
        request.destroy();
        resolve(`status:${response.statusCode ?? 0}`);
      });
      socket.on('error', reject);
    });
  }

  it('echoes text with a valid assertion', async () => {
    const assertion = await signAssertion();
    expect(await exchange('/ws/echo', { 'x-dwaar-assertion': assertion }, 'namaste')).toBe('echo:namaste');
  });

  it('refuses the upgrade without a valid assertion', async () => {
    expect(await exchange('/ws/echo', {}, 'hi')).toBe('status:403');
    const forged = await signAssertion({ key: (await generateKeyPair('ES256')).privateKey });
    expect(await exchange('/ws/echo', { 'x-dwaar-assertion': forged }, 'hi')).toBe('status:403');
  });

  it('refuses a browser upgrade from a foreign origin', async () => {
    const assertion = await signAssertion();
    const headers = { 'x-dwaar-assertion': assertion };
    expect(await exchange('/ws/echo', { ...headers, origin: 'https://evil.example' }, 'hi')).toBe(
      'status:403',
    );
    expect(await exchange('/ws/echo', { ...headers, origin: 'http://boweb.localhost:8080' }, 'hi')).toBe(
      'echo:hi',
    );
  });

  it('closes open sockets when the app closes', async () => {
    const closing = await buildBoweb({ jwksUrl: jwks.url(), audience: AUDIENCE, issuer: ISSUER });
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const { port } = closing.server.address() as AddressInfo;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`, {
      headers: { 'x-dwaar-assertion': await signAssertion() },
    });
    await new Promise((resolve, reject) => {
      socket.on('open', resolve);
      socket.on('error', reject);
    });
    const clientClosed = new Promise((resolve) => socket.on('close', resolve));
    await closing.close();
    await clientClosed;
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it('refuses upgrades on other paths', async () => {
    const assertion = await signAssertion();
    expect(await exchange('/ws/other', { 'x-dwaar-assertion': assertion }, 'hi')).toBe('status:404');
  });
});

describe('BOWEB building blocks', () => {
  it('fails closed when the JWKS cannot be fetched', async () => {
    const verify = createAssertionVerifier({
      jwksUrl: 'http://127.0.0.1:1/jwks.json',
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    const result = await verify(await signAssertion());
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await verify(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(await verify(['a', 'b'])).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('escapes all five HTML metacharacters', () => {
    expect(html`<p title="${`"'&<>`}">${'<b>'}</p>`.toString()).toBe(
      '<p title="&quot;&#39;&amp;&lt;&gt;">&lt;b&gt;</p>',
    );
    // Prettier re-indents html`` literals, so compare without whitespace.
    const list = html`<ul>
      ${['<a>', html`<li>ok</li>`]}
    </ul>`;
    expect(list.toString().replace(/\s+/g, '')).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  });

  it('generates about twenty returns with valid GSTIN check characters', () => {
    expect(DEALER_RETURNS.length).toBe(20);
    for (const { gstin } of DEALER_RETURNS) {
      expect(gstin).toMatch(/^09[A-Z]{5}\d{4}[A-Z]1Z[0-9A-Z]$/);
      expect(gstin.at(-1)).toBe(computeGstinCheckChar(gstin.slice(0, 14)));
    }
    expect(computeGstinCheckChar('27AAPFU0939F1Z')).toBe('V');
  });
});
