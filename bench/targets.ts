// The benchmark's targets, each started from scratch in its own process on 127.0.0.1: the upstream itself
// (`direct`), nginx proxy_pass, Caddy reverse_proxy, nginx auth_request with a forward-auth endpoint, a bare
// Node relay, and Dwaar with a signed-in officer's session.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCaddy } from './caddy.ts';
import { spawnChild, waitForReady, type Child, type Cleanup } from './children.ts';
import { startNginx } from './nginx.ts';
import { probe } from './probe.ts';
import type { ToolPaths } from './tools.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const UPSTREAM_SCRIPT = fileURLToPath(new URL('./upstream-server.ts', import.meta.url));
const GATEWAY_SCRIPT = fileURLToPath(new URL('./gateway-server.ts', import.meta.url));
const FLOOR_SCRIPT = fileURLToPath(new URL('./node-floor-proxy.ts', import.meta.url));
const AUTH_SCRIPT = fileURLToPath(new URL('./forward-auth-server.ts', import.meta.url));
export const RESOURCE_HOST = 'boweb.localhost';
/** Seeding, migrations and the tsx loader take a few seconds on a cold start. */
export const START_TIMEOUT_MS = 60_000;

/** A count that must grow by at least the number of requests wrk completed through a target. */
export interface Counter {
  readonly name: string;
  read(): Promise<number>;
}

export interface Upstream {
  readonly child: Child;
  /** With a trailing slash. */
  readonly url: string;
  readonly served: Counter;
}

export interface Target {
  readonly name: string;
  readonly url: string;
  /** Sent on every request; spelled `Host`/`Cookie`, as wrk needs (see wrk.ts). */
  readonly headers: Readonly<Record<string, string>>;
  /** The processes whose CPU is charged to this target (none for `direct`; nginx and its endpoint for forward-auth). */
  readonly proxies: readonly Child[];
  /** Besides the upstream, counters every measured request must reach (the forward-auth endpoint's checks). */
  readonly counters: readonly Counter[];
}

/** The order of every round, and of the tables. */
export const TARGET_NAMES = ['direct', 'nginx', 'caddy', 'forward-auth', 'node-floor', 'dwaar'] as const;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Starts a TypeScript server script and waits for its `READY <port> …` line. */
export async function startScript(
  name: string,
  script: string,
  args: readonly string[],
  cleanup: Cleanup,
  signal: AbortSignal,
): Promise<{ child: Child; port: number; fields: string[] }> {
  const child = spawnChild(name, process.execPath, [RUN_TS, script, ...args], cleanup);
  const [port, ...fields] = await waitForReady(child, START_TIMEOUT_MS, signal);
  if (!port || !Number.isInteger(Number(port))) throw new Error(`${name} printed no port:\n${child.tail()}`);
  return { child, port: Number(port), fields };
}

/** A counter read from a header of a `/count` endpoint. */
export function headerCounter(name: string, url: string, header: string): Counter {
  return {
    name,
    async read() {
      const r = await probe(url, {});
      const value = Number(r.headers[header]);
      if (r.status !== 200 || !Number.isInteger(value)) throw new Error(`${name}: ${url} did not answer`);
      return value;
    },
  };
}

export async function startUpstream(cleanup: Cleanup, signal: AbortSignal): Promise<Upstream> {
  const { child, port } = await startScript('upstream', UPSTREAM_SCRIPT, [], cleanup, signal);
  const url = `http://127.0.0.1:${port}/`;
  return { child, url, served: headerCounter('upstream', `${url}count`, 'x-bench-served') };
}

async function startDwaar(upstream: Upstream, cleanup: Cleanup, signal: AbortSignal): Promise<Target> {
  const args = [String(await freePort()), upstream.url];
  const { child, port, fields } = await startScript('dwaar', GATEWAY_SCRIPT, args, cleanup, signal);
  const [cookie] = fields;
  if (!cookie) throw new Error(`dwaar printed no cookie:\n${child.tail()}`);
  return {
    name: 'dwaar',
    url: `http://127.0.0.1:${port}/`,
    headers: { Host: `${RESOURCE_HOST}:${port}`, Cookie: cookie },
    proxies: [child],
    counters: [],
  };
}

async function startNodeFloor(upstream: Upstream, cleanup: Cleanup, signal: AbortSignal): Promise<Target> {
  const { child, port } = await startScript('node-floor', FLOOR_SCRIPT, [upstream.url], cleanup, signal);
  return {
    name: 'node-floor',
    url: `http://127.0.0.1:${port}/`,
    headers: {},
    proxies: [child],
    counters: [],
  };
}

export async function startForwardAuth(
  upstream: Upstream,
  dir: string,
  nginxBin: string,
  cleanup: Cleanup,
  signal: AbortSignal,
): Promise<Target> {
  const auth = await startScript('forward-auth endpoint', AUTH_SCRIPT, [], cleanup, signal);
  const [cookie] = auth.fields;
  if (!cookie) throw new Error(`the forward-auth endpoint printed no cookie:\n${auth.child.tail()}`);
  const port = await freePort();
  const upstreamPort = new URL(upstream.url).port;
  const nginx = await startNginx(join(dir, 'forward-auth'), port, upstreamPort, cleanup, {
    authPort: auth.port,
    bin: nginxBin,
    name: 'nginx (forward-auth)',
  });
  const countUrl = `http://127.0.0.1:${auth.port}/count`;
  return {
    name: 'forward-auth',
    url: `http://127.0.0.1:${port}/`,
    headers: { Cookie: cookie },
    proxies: [nginx, auth.child],
    counters: [headerCounter('forward-auth endpoint', countUrl, 'x-bench-allowed')],
  };
}

/** Starts the upstream and every target, in TARGET_NAMES order. */
export async function startTargets(
  tools: ToolPaths,
  dir: string,
  cleanup: Cleanup,
  signal: AbortSignal,
): Promise<{ upstream: Upstream; targets: Target[] }> {
  const upstream = await startUpstream(cleanup, signal);
  const upstreamPort = new URL(upstream.url).port;
  const nginxPort = await freePort();
  const nginx = await startNginx(join(dir, 'nginx'), nginxPort, upstreamPort, cleanup, { bin: tools.nginx });
  const caddyPort = await freePort();
  const caddy = await startCaddy(dir, caddyPort, upstreamPort, cleanup, tools.caddy);
  const targets: Target[] = [
    { name: 'direct', url: upstream.url, headers: {}, proxies: [], counters: [] },
    { name: 'nginx', url: `http://127.0.0.1:${nginxPort}/`, headers: {}, proxies: [nginx], counters: [] },
    { name: 'caddy', url: `http://127.0.0.1:${caddyPort}/`, headers: {}, proxies: [caddy], counters: [] },
    await startForwardAuth(upstream, dir, tools.nginx, cleanup, signal),
    await startNodeFloor(upstream, cleanup, signal),
    await startDwaar(upstream, cleanup, signal),
  ];
  return { upstream, targets };
}
