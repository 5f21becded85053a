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
  /** Sends `signal` (SIGKILL: the node dies as on a power cut) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s), then ends the demo back office it started, if any. */
  stop(): Promise<void>;
}

/** A `dwaar boweb` process: the demo back office alone, as a deployment runs it. */
export interface BowebProcess {
  readonly pid: number;
  readonly port: number;
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..');

/** The settings every test process shares: fast argon2, a fixed secret, loopback. */
const BASE_ENV = {
  DWAAR_HOST: '127.0.0.1',
  DWAAR_SECRET: 'fault-test-secret-fault-test-secret-0123456789',
  DWAAR_ARGON2_MEMORY: '1024',
  DWAAR_ARGON2_TIME: '1',
  DWAAR_LOG_LEVEL: 'info',
};

interface Spawned {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: () => { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly done: Promise<void>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs: number): Promise<void>;
}

function spawnDwaar(command: string, env: Record<string, string>): Spawned {
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'bin/dwaar.js'), command], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
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
  return {
    child,
    output: () => out,
    exited: () => exited,
    done,
    async stop(graceMs) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Waits until `ready()` holds, failing with the output if the process exits or takes over `timeoutMs`. */
async function waitUntil(
  p: Spawned,
  what: string,
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
) {
  const started = Date.now();
  while (!(await ready())) {
    const exited = p.exited();
    if (exited) throw new Error(`${what} exited (${JSON.stringify(exited)}):\n${p.output()}`);
    if (Date.now() - started > timeoutMs) {
      p.child.kill('SIGKILL');
      throw new Error(`${what} did not come up in ${timeoutMs / 1000} s:\n${p.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `node bin/dwaar.js start` with fast argon2 settings, free ports for the gateway, the demo back
 * office and the dev SMTP catcher, and `env` on top (DATABASE_URL, REDIS_URL, DWAAR_DATA…; DWAAR_PORT to
 * choose the port, DWAAR_DEMO_BOWEB=0 for a node that starts no back office). Resolves once the gateway
 * answers its liveness check.
 */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = env.DWAAR_PORT ? Number(env.DWAAR_PORT) : await freePort();
  const p = spawnDwaar('start', {
    ...BASE_ENV,
    DWAAR_BOWEB_PORT: String(await freePort()),
    DWAAR_DEV_SMTP_PORT: String(await freePort()),
    ...env,
    DWAAR_PORT: String(port),
  });
  await waitUntil(p, 'dwaar start', () => p.output().includes('Dwaar is running.'), 60_000);
  return {
    pid: p.child.pid ?? 0,
    port,
    portalOrigin: `http://localhost:${port}`,
    bowebOrigin: `http://boweb.localhost:${port}`,
    output: p.output,
    alive: () => p.exited() === undefined,
    exit: p.exited,
    async kill(signal) {
      if (p.exited()) return;
      p.child.kill(signal);
      await p.done;
    },
    async stop() {
      await p.stop(10_000);
      // A gateway killed outright leaves its back office running, by design: end it here.
      const boweb = /BOWEB process\s+pid (\d+)/.exec(p.output())?.[1];
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

/**
 * Starts `node bin/dwaar.js boweb` (the demo back office alone) on a free port, with `env` on top
 * (DWAAR_PUBLIC_URL, the assertions' issuer, and DWAAR_BOWEB_JWKS_URL). Resolves once it answers.
 */
export async function startBowebProcess(env: Record<string, string>): Promise<BowebProcess> {
  const port = env.DWAAR_BOWEB_PORT ? Number(env.DWAAR_BOWEB_PORT) : await freePort();
  const p = spawnDwaar('boweb', { ...BASE_ENV, ...env, DWAAR_BOWEB_PORT: String(port) });
  const answers = async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/boweb-static/healthz`);
      return res.ok;
    } catch {
      return false;
    }
  };
  await waitUntil(p, 'dwaar boweb', answers, 30_000);
  return {
    pid: p.child.pid ?? 0,
    port,
    output: p.output,
    alive: () => p.exited() === undefined,
    stop: () => p.stop(5_000),
  };
}
