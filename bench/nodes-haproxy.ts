// The two-node benchmark's front: Debian's HAProxy 2.6, round robin over the gateway nodes, set up as an
// operator would for Dwaar (see the README's deployment guide): health checks on /readyz, a node marked
// down after two failed checks half a second apart, and a request that meets a dead node (refused
// connection, or a connection cut before any answer) retried once more on the other node.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnChild, type Child, type Cleanup } from './children.ts';
import { sleep } from './storm-kit.ts';
import { probe } from './probe.ts';

export const HAPROXY_BIN = '/usr/sbin/haproxy';
/** Well under the 20,000 a node could take: the front queues rather than piling connections on a node. */
export const FRONT_MAXCONN = 2000;

export function haproxyConfig(frontPort: number, nodes: readonly { name: string; port: number }[]): string {
  return `global
  maxconn ${FRONT_MAXCONN}
  nbthread 1

defaults
  mode http
  timeout connect 500ms
  timeout client 30s
  timeout server 30s
  timeout queue 10s
  # A GET that met a node dying (refused, reset, or closed before any answer) goes to the other node.
  retries 3
  retry-on all-retryable-errors
  option redispatch 1
  option http-keep-alive

frontend front
  bind 127.0.0.1:${frontPort}
  default_backend dwaar

backend dwaar
  balance roundrobin
  option httpchk GET /readyz
  http-check send ver HTTP/1.1 hdr Host localhost
  http-check expect status 200
  default-server inter 500ms fastinter 250ms fall 2 rise 2 on-marked-down shutdown-sessions
${nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`).join('\n')}
`;
}

/** Starts HAProxy in the foreground from a config written to `dir`; resolves once the front answers. */
export async function startHaproxy(
  dir: string,
  frontPort: number,
  nodes: readonly { name: string; port: number }[],
  cleanup: Cleanup,
): Promise<Child> {
  const path = join(dir, 'haproxy.cfg');
  await writeFile(path, haproxyConfig(frontPort, nodes));
  const child = spawnChild('haproxy', HAPROXY_BIN, ['-db', '-f', path], cleanup);
  for (let i = 0; i < 100; i++) {
    try {
      const r = await probe(`http://127.0.0.1:${frontPort}/healthz`, { Host: 'localhost' });
      if (r.status === 200) return child;
    } catch {
      // not listening yet, or no node marked up yet
    }
    if (child.proc.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`haproxy did not come up:\n${child.tail()}`);
}
