// Debian's nginx as the reference reverse proxy: a minimal, keep-alive-tuned proxy_pass config in a
// temp dir, run in the foreground as a child process.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeExit, spawnChild, type Child, type Cleanup } from './children.ts';
import { waitUntilAnswering } from './probe.ts';

export const NGINX_BIN = '/usr/sbin/nginx';
const START_TIMEOUT_MS = 10_000;

/**
 * One worker in the foreground, no master (`master_process off`): one process to measure and to kill,
 * and the same event loop a worker would run. Keep-alive requests are effectively unlimited on both sides
 * because Node's servers impose no limit either; nginx's default of 1000 would add reconnects.
 */
export function nginxConfig(dir: string, port: number, upstreamPort: string, asRoot: boolean): string {
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

  server {
    listen 127.0.0.1:${port};
    location / {
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

/** Writes the config into `dir`, starts nginx and waits until it answers on `port`. */
export async function startNginx(
  dir: string,
  port: number,
  upstreamPort: string,
  cleanup: Cleanup,
): Promise<Child> {
  const conf = join(dir, 'nginx.conf');
  const asRoot = process.getuid?.() === 0;
  await writeFile(conf, nginxConfig(dir, port, upstreamPort, asRoot));
  const args = ['-p', `${dir}/`, '-c', conf, '-e', join(dir, 'error.log')];
  const child = spawnChild('nginx', NGINX_BIN, args, cleanup);
  const isDead = () => child.proc.exitCode !== null || child.proc.signalCode !== null;
  try {
    await waitUntilAnswering(`http://127.0.0.1:${port}/`, START_TIMEOUT_MS, isDead);
  } catch (err) {
    const why = isDead() ? describeExit(child) : String(err);
    throw new Error(`nginx did not start: ${why}\n${await readErrorLog(dir)}`);
  }
  return child;
}
