import { describe, expect, it } from 'vitest';
import {
  buildUpstreamHeaders,
  cleanResponseHeaders,
  findRawHeader,
  readCookie,
  stripGatewayCookies,
  upstreamMaySet,
} from './headers.ts';

/** The flat `[name, value, …]` list as an object, for readable assertions. */
function asObject(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) out[flat[i] ?? ''] = flat[i + 1] ?? '';
  return out;
}

const ctx = { clientIp: '10.1.2.3', proto: 'https' as const, assertion: 'signed' };

describe('upstream request headers', () => {
  it('drops hop-by-hop fields, fields named in Connection, and gateway-owned identity fields', () => {
    const raw = [
      'Host',
      'boweb.localhost:8080',
      'Connection',
      'keep-alive, X-Private',
      'X-Private',
      'secret',
      'Keep-Alive',
      'timeout=5',
      'TE',
      'trailers',
      'X-Dwaar-Assertion',
      'forged',
      'x-dwaar-assertion',
      'forged-again',
      'X-Forwarded-For',
      '6.6.6.6',
      'Forwarded',
      'for=6.6.6.6',
      'Accept',
      'text/html',
    ];
    const { headers, spoofedAssertion, hasBody } = buildUpstreamHeaders(raw, ctx);
    expect(spoofedAssertion).toBe(true);
    expect(hasBody).toBe(false);
    expect(headers.filter((_, i) => i % 2 === 0)).not.toContain('x-private');
    expect(asObject(headers)).toEqual({
      host: 'boweb.localhost:8080',
      accept: 'text/html',
      'x-forwarded-for': '10.1.2.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'boweb.localhost:8080',
      'x-dwaar-assertion': 'signed',
    });
  });

  it('keeps Upgrade and Connection for WebSocket hand-over', () => {
    const { headers } = buildUpstreamHeaders(['Connection', 'Upgrade', 'Upgrade', 'websocket'], ctx, true);
    expect(asObject(headers)).toMatchObject({ upgrade: 'websocket', connection: 'Upgrade' });
  });

  it('notices a request body and a missing client assertion', () => {
    const result = buildUpstreamHeaders(['Content-Length', '12', 'Host', 'h'], ctx);
    expect(result).toMatchObject({ hasBody: true, spoofedAssertion: false });
    expect(findRawHeader(['HOST', 'h:1', 'Cookie', 'a=1'], 'cookie')).toBe('a=1');
    expect(findRawHeader(['HOST', 'h:1'], 'host')).toBe('h:1');
    expect(findRawHeader([], 'host')).toBeUndefined();
  });

  it('passes the back office its own cookies and strips the gateway’s', () => {
    expect(stripGatewayCookies('dwaar_rs=a.b; BOWEB_SESSION=x; dwaar_lang=hi; __Host-dwaar_rs=c')).toBe(
      'BOWEB_SESSION=x',
    );
    expect(stripGatewayCookies('dwaar_rs=a.b')).toBeUndefined();
    expect(stripGatewayCookies('JSESSIONID=1')).toBe('JSESSIONID=1');
  });

  it('reads one cookie without being fooled by a longer name', () => {
    expect(readCookie('xdwaar_rs=bad; dwaar_rs=good; other=1', 'dwaar_rs')).toBe('good');
    expect(readCookie('dwaar_rs=only', 'dwaar_rs')).toBe('only');
    expect(readCookie('a=1', 'dwaar_rs')).toBeUndefined();
    expect(readCookie(undefined, 'dwaar_rs')).toBeUndefined();
  });

  it('cleans hop-by-hop fields from upstream answers', () => {
    const raw = [
      'Connection',
      'close, X-Hop',
      'X-Hop',
      '1',
      'Transfer-Encoding',
      'chunked',
      'Content-Type',
      'text/html',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ].map((v) => Buffer.from(v, 'latin1'));
    expect(cleanResponseHeaders(raw)).toEqual([
      'Content-Type',
      'text/html',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ]);
  });

  it("never lets the client's Connection list remove the gateway's own fields", () => {
    const raw = ['Host', 'h:1', 'Connection', 'keep-alive, X-Dwaar-Assertion, X-Forwarded-For, Host'];
    expect(asObject(buildUpstreamHeaders(raw, { ...ctx, upstreamHost: 'up:9' }).headers)).toEqual({
      host: 'up:9',
      'x-forwarded-for': '10.1.2.3',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'h:1',
      'x-dwaar-assertion': 'signed',
    });
  });

  it('drops header names with underscores, noting a spoofed assertion', () => {
    const { headers, spoofedAssertion } = buildUpstreamHeaders(
      ['X_Dwaar_Assertion', 'forged', 'Some_Name', 'v', 'Accept', '*/*'],
      ctx,
    );
    expect(spoofedAssertion).toBe(true);
    expect(headers.filter((h, i) => i % 2 === 0 && h.includes('_'))).toEqual([]);
  });

  it.each([
    ['dwaar_sid=x; Path=/', false],
    ['__Host-dwaar_rs=x; Path=/; Secure', false],
    ['__Secure-DWAAR_lang=x', false],
    ['A=1; Domain=portal.example', false],
    ['A=1; Path=/; domain=.EXAMPLE', false],
    ['A=1; Domain=boweb.example', true],
    ['A=1; Path=/', true],
    ['xdwaar_a=1', true],
  ])('upstream Set-Cookie %j allowed: %s', (cookie, allowed) => {
    expect(upstreamMaySet(cookie, 'portal.example')).toBe(allowed);
  });
});
