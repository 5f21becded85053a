// Debian's nginx as the reference reverse proxy: a minimal, keep-alive-tuned proxy_pass config in a
// temp dir, run in the foreground as a child process.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExit, spawnChild, type Child, type Cleanup } from './children.ts';
import { waitUntilAnswering } from './probe.ts';

export const NGINX_BIN = '/usr/sbin/nginx';
const START_TIMEOUT_MS = 10_000;

/**
 * nginx `auth_request`, as oauth2-proxy and Authelia are deployed: every request first makes a subrequest to
 * the forward-auth endpoint (kept alive, no body), and only a 2xx lets it through to the upstream, with the
 * user the endpoint named (`X-Auth-Request-User`) passed on. nginx does not cache these answers by default.
 */
function forwardAuthBlocks(authPort: number): { upstream: string; location: string; protect: string } {
  return {
    upstream: `
  upstream bench_auth {
    server 127.0.0.1:${authPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
`,
    location: `
    location = /_auth {
      internal;
      proxy_pass http://bench_auth/oauth2/auth;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
    }
`,
    protect: `
      auth_request /_auth;
      auth_request_set $auth_user $upstream_http_x_auth_request_user;
      proxy_set_header X-Auth-Request-User $auth_user;`,
  };
}

/**
 * One worker in the foreground, no master (`master_process off`): one process to measure and to kill,
 * and the same event loop a worker would run. Keep-alive requests are effectively unlimited on both sides
 * because Node's servers impose no limit either; nginx's default of 1000 would add reconnects.
 */
export function nginxConfig(
  dir: string,
  port: number,
  upstreamPort: string,
  asRoot: boolean,
  authPort?: number,
): string {
  const auth = authPort === undefined ? undefined : forwardAuthBlocks(authPort);
  return `${asRoot ? 'user root;\n' : ''}daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;

events {
  worker_connections 1024;
}

http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 1000000;

  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
${auth?.upstream ?? ''}
  server {
    listen 127.0.0.1:${port};
${auth?.location ?? ''}
    location / {${auth?.protect ?? ''}
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

async function readErrorLog(dir: string): Promise<string> {
  return readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
}

export interface NginxOptions {
  /** The forward-auth endpoint's port: adds `auth_request` in front of the proxy_pass. */
  readonly authPort?: number;
  readonly bin?: string;
  /** The child's name in messages. */
  readonly name?: string;
}

/**
 * Writes the config into `dir` (one instance per dir: pid, logs and temp paths live there), starts nginx and
 * waits until it answers on `port`.
 */
export async function startNginx(
  dir: string,
  port: number,
  upstreamPort: string,
  cleanup: Cleanup,
  options: NginxOptions = {},
): Promise<Child> {
  await mkdir(dir, { recursive: true });
  const conf = join(dir, 'nginx.conf');
  const asRoot = process.getuid?.() === 0;
  await writeFile(conf, nginxConfig(dir, port, upstreamPort, asRoot, options.authPort));
  const args = ['-p', `${dir}/`, '-c', conf, '-e', join(dir, 'error.log')];
  const name = options.name ?? 'nginx';
  const child = spawnChild(name, options.bin ?? NGINX_BIN, args, cleanup);
  const isDead = () => child.proc.exitCode !== null || child.proc.signalCode !== null;
  try {
    await waitUntilAnswering(`http://127.0.0.1:${port}/`, START_TIMEOUT_MS, isDead);
  } catch (err) {
    const why = isDead() ? describeExit(child) : String(err);
    throw new Error(`${name} did not start: ${why}\n${await readErrorLog(dir)}`);
  }
  return child;
}
