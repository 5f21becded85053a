// Experiment: per-call cost of the proxy path's pure functions.
import { createHash, timingSafeEqual } from 'node:crypto';
import { buildUpstreamHeaders, cleanResponseHeaders, readCookie } from '../../src/gateway/headers.ts';
import { sha256, safeEqual } from '../../src/crypto/tokens.ts';

function time(name: string, n: number, fn: () => unknown): void {
  for (let i = 0; i < n / 10; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${name.padEnd(28)} ${(ns / 1000).toFixed(2)} us`);
}
const cookie = 'dwaar_rs=JBk92lzl4lrUi-cJcbjx_5Up.fqWgfvWQSe3BjgxzFfyXtX7ReXFx4iUjorR6ici8VE8';
const raw = ['Host', 'boweb.localhost:18555', 'Cookie', cookie];
const incoming = { host: 'boweb.localhost:18555', cookie };
const assertion = 'x'.repeat(560);
time('readCookie', 1e6, () => readCookie(cookie, 'dwaar_rs'));
time('buildUpstreamHeaders', 1e6, () => buildUpstreamHeaders(raw, incoming, { clientIp: '127.0.0.1', proto: 'http', assertion }));
const browserRaw = ['Host','boweb.localhost:8080','User-Agent','Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120','Accept','text/html,application/xhtml+xml','Accept-Language','en-US,en;q=0.9','Accept-Encoding','gzip, deflate, br','Connection','keep-alive','Cookie',`a=1; ${cookie}; b=2`,'Upgrade-Insecure-Requests','1'];
time('buildUpstreamHeaders browser', 1e6, () => buildUpstreamHeaders(browserRaw, { host: 'x', connection: 'keep-alive', cookie }, { clientIp: '127.0.0.1', proto: 'http', assertion }));
time('cleanResponseHeaders', 1e6, () => cleanResponseHeaders({ 'content-type': 'text/plain', 'content-length': '1024', date: 'x', connection: 'keep-alive', 'keep-alive': 'timeout=75' }));
const h = sha256('secret');
time('sha256', 1e6, () => sha256('fqWgfvWQSe3BjgxzFfyXtX7ReXFx4iUjorR6ici8VE8'));
time('safeEqual', 1e6, () => safeEqual(h, h));
time('sha256 digest buffer', 1e6, () => createHash('sha256').update('fqWgfvWQSe3BjgxzFfyXtX7ReXFx4iUjorR6ici8VE8').digest());
const hb = Buffer.from(h);
time('timingSafeEqual prebuffer', 1e6, () => timingSafeEqual(hb, hb));
