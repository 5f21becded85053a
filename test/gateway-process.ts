import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './create-test-app.ts';

/** A real `dwaar start` process, for fault tests that must see whether the process survives. */
export interface GatewayProcess {
  readonly pid: number;
  readonly port: number;
  readonly portalOrigin: string;
  readonly bowebOrigin: string;
  /** Everything the process printed so far (pino JSON lines and the banner). */
  output(): string;
  /** True while the process has not exited. */
  alive(): boolean;
  /** How it exited, once it has. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Starts `node bin/dwaar.js start` with fast argon2 settings, free ports for the gateway, the demo back
 * office and the dev SMTP catcher, and `env` on top (DATABASE_URL, REDIS_URL, DWAAR_DATA…). Resolves once
 * the gateway answers its liveness check.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'bin/dwaar.js'), 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DWAAR_PORT: String(port),
      DWAAR_HOST: '127.0.0.1',
      DWAAR_BOWEB_PORT: String(await freePort()),
      DWAAR_DEV_SMTP_PORT: String(await freePort()),
      DWAAR_SECRET: 'fault-test-secret-fault-test-secret-0123456789',
      DWAAR_ARGON2_MEMORY: '1024',
      DWAAR_ARGON2_TIME: '1',
      DWAAR_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const done = new Promise<void>((resolveExit) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    }),
  );
  const started = Date.now();
  while (!out.includes('Dwaar is running.')) {
    if (exited) throw new Error(`dwaar start exited (${JSON.stringify(exited)}):\n${out}`);
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`dwaar start did not come up in 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid ?? 0,
    port,
    portalOrigin: `http://localhost:${port}`,
    bowebOrigin: `http://boweb.localhost:${port}`,
    output: () => out,
    alive: () => exited === undefined,
    exit: () => exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }
      // A gateway killed outright leaves its back office running, by design: end it here.
      const boweb = /BOWEB process\s+pid (\d+)/.exec(out)?.[1];
      if (boweb) {
        try {
          process.kill(Number(boweb), 'SIGKILL');
        } catch {
          // already gone, as after a graceful stop
        }
      }
    },
  };
}
