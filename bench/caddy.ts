// Caddy's reverse_proxy as a peer: Debian's caddy run in the foreground from a generated JSON config in a
// temp dir, limited to one worker thread (GOMAXPROCS=1) so it is measured like one nginx worker.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExit, spawnChild, type Child, type Cleanup } from './children.ts';
import { waitUntilAnswering } from './probe.ts';

export const CADDY_BIN = '/usr/bin/caddy';
const START_TIMEOUT_MS = 10_000;

/**
 * The least Caddy does as a reverse proxy: no admin endpoint (nothing else listening), no automatic HTTPS
 * (plain HTTP on 127.0.0.1, as for nginx), no access log (off unless a server asks for one), errors only,
 * and keep-alive to the upstream with as many idle connections as nginx keeps.
 */
export function caddyConfig(port: number, upstreamPort: string): unknown {
  return {
    admin: { disabled: true, config: { persist: false } },
    logging: { logs: { default: { level: 'ERROR' } } },
    apps: {
      http: {
        servers: {
          bench: {
            listen: [`127.0.0.1:${port}`],
            automatic_https: { disable: true },
            routes: [
              {
                handle: [
                  {
                    handler: 'reverse_proxy',
                    upstreams: [{ dial: `127.0.0.1:${upstreamPort}` }],
                    transport: {
                      protocol: 'http',
                      keep_alive: { enabled: true, max_idle_conns_per_host: 64, idle_timeout: '60s' },
                    },
                  },
                ],
              },
            ],
          },
        },
      },
    },
  };
}

/** Writes the config into `dir`, starts caddy and waits until it answers on `port`. */
export async function startCaddy(
  dir: string,
  port: number,
  upstreamPort: string,
  cleanup: Cleanup,
  bin: string = CADDY_BIN,
): Promise<Child> {
  const home = join(dir, 'caddy');
  await mkdir(home, { recursive: true });
  const conf = join(home, 'caddy.json');
  await writeFile(conf, JSON.stringify(caddyConfig(port, upstreamPort), null, 2));
  // Caddy keeps certificates and autosaved config under HOME/XDG dirs: point them into the temp dir, so the
  // run leaves nothing behind and never touches a system Caddy's state.
  const env = {
    ...process.env,
    GOMAXPROCS: '1',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
  };
  const child = spawnChild('caddy', bin, ['run', '--config', conf], cleanup, { env });
  const isDead = () => child.proc.exitCode !== null || child.proc.signalCode !== null;
  try {
    await waitUntilAnswering(`http://127.0.0.1:${port}/`, START_TIMEOUT_MS, isDead);
  } catch (err) {
    throw new Error(`caddy did not start: ${isDead() ? describeExit(child) : String(err)}`);
  }
  return child;
}
