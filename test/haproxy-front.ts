import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { request } from 'undici';
import { freePort } from './create-test-app.ts';

export const HAPROXY_SAMPLE = resolve(import.meta.dirname, '../deploy/haproxy.cfg');

/** Where the `haproxy` binary is, or undefined when the machine has none (the tests using it skip). */
export const HAPROXY_BIN: string | undefined = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v haproxy'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
})();

export interface FrontNode {
  readonly name: string;
  readonly port: number;
}

/**
 * The sample front, run on loopback by an unprivileged test: the TLS bind becomes plain HTTP on `port`, the
 * redirect and statistics listeners move to free loopback ports, the sample's servers become `nodes`, and
 * what needs root or system paths goes (chroot, user, group, the admin socket; logs go to stderr). Everything else
 * (balancing, health checks, retries, timeouts, headers) is the sample's own. Throws when the sample no
 * longer has a line this rewrites, so a changed sample cannot silently stop being exercised.
 */
export function frontConfigFor(
  sample: string,
  o: { port: number; redirectPort: number; statsPort: number; nodes: readonly FrontNode[] },
): string {
  const rewrites: [RegExp, string][] = [
    [/^\s*(chroot|user|group|stats socket)\b.*$/gm, ''],
    [/^(\s*)log \/dev\/log (\S+)$/m, '$1log stderr format short $2'],
    [/^(\s*)bind :443 ssl crt \S+.*$/m, `$1bind 127.0.0.1:${o.port}`],
    [/^(\s*)bind :80$/m, `$1bind 127.0.0.1:${o.redirectPort}`],
    [/^(\s*)bind 127\.0\.0\.1:8404$/m, `$1bind 127.0.0.1:${o.statsPort}`],
    // The global limit (the first maxconn) needs twice as many descriptors as a test process may open.
    [/^(\s*)maxconn \d+$/m, '$1maxconn 4000'],
  ];
  let text = sample;
  for (const [pattern, replacement] of rewrites) {
    if (!pattern.test(text)) throw new Error(`deploy/haproxy.cfg no longer matches ${String(pattern)}`);
    pattern.lastIndex = 0;
    text = text.replace(pattern, replacement);
  }
  const servers = /^(\s*)server node1 .*\n(?:\s*server \S+ .*\n)*/m;
  const indent = servers.exec(text)?.[1];
  if (indent === undefined) throw new Error('deploy/haproxy.cfg has no `server node1` line');
  return text.replace(
    servers,
    o.nodes.map((n) => `${indent}server ${n.name} 127.0.0.1:${n.port} check\n`).join(''),
  );
}

export interface RunningFront {
  readonly port: number;
  readonly origin: string;
  /** The statistics listener's port (loopback). */
  readonly statsPort: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs HAProxy in the foreground with the sample's configuration for `nodes`, listening on `port` (the
 * nodes' DWAAR_PUBLIC_URL names it, so it is chosen before they start); resolves once it listens.
 */
export async function startFront(
  nodes: readonly FrontNode[],
  o: { port: number; cfgPath: string },
): Promise<RunningFront> {
  if (!HAPROXY_BIN) throw new Error('haproxy is not installed');
  const { port, cfgPath } = o;
  const statsPort = await freePort();
  const cfg = frontConfigFor(readFileSync(HAPROXY_SAMPLE, 'utf8'), {
    port,
    redirectPort: await freePort(),
    statsPort,
    nodes,
  });
  await writeFile(cfgPath, cfg);
  const child: ChildProcess = spawn(HAPROXY_BIN, ['-db', '-f', cfgPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  let exited = false;
  const done = new Promise<void>((r) =>
    child.once('exit', () => {
      exited = true;
      r();
    }),
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) throw new Error(`haproxy exited at start:\n${out}`);
    try {
      const res = await request(`http://127.0.0.1:${statsPort}/stats`);
      await res.body.dump();
      if (res.statusCode === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`haproxy did not listen in 10 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    origin: `http://localhost:${port}`,
    statsPort,
    output: () => out,
    async stop() {
      if (exited) return;
      child.kill('SIGKILL');
      await done;
    },
  };
}

/** The servers' states as HAProxy's statistics CSV reports them (`UP`, `DOWN`, `UP 1/2`…), by name. */
export async function frontServerStates(front: RunningFront): Promise<Record<string, string>> {
  const res = await request(`http://127.0.0.1:${front.statsPort}/stats;csv`);
  const csv = await res.body.text();
  const states: Record<string, string> = {};
  for (const line of csv.split('\n')) {
    const cols = line.split(',');
    if (cols[0] === 'dwaar_nodes' && cols[1] && cols[1] !== 'BACKEND') states[cols[1]] = cols[17] ?? '';
  }
  return states;
}
