import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { buildBoweb } from '../boweb/index.ts';
import type { Config } from '../config.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dwaar.js');
const HEALTH_PATH = '/boweb-static/healthz';
const START_TIMEOUT_MS = 30_000;

/** What `dwaar start` holds of the back office: its pid, and how to stop it if this start began it. */
export interface BowebProcess {
  readonly pid: number;
  /** False when an earlier start's back office was still serving and this start adopted it. */
  readonly ours: boolean;
  stop(): Promise<void>;
}

/** The pid of the demo back office answering on `port`, or undefined when nothing (or something else) does. */
async function runningBoweb(port: number): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${HEALTH_PATH}`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { app?: unknown; pid?: unknown };
    return body.app === 'boweb' && typeof body.pid === 'number' ? body.pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the demo back office as its own process (`dwaar boweb`), so that a gateway node that dies (even by
 * SIGKILL) does not take it, and the officers' back-office sessions in it, along. A back office left running
 * by an earlier start is adopted rather than fought over its port; one this start began is stopped with it.
 */
export async function startBowebProcess(config: Config): Promise<BowebProcess> {
  const adopted = await runningBoweb(config.bowebPort);
  if (adopted !== undefined) {
    console.log(
      `Demo back office already running (pid ${adopted}) on 127.0.0.1:${config.bowebPort}; using it.`,
    );
    return { pid: adopted, ours: false, stop: () => Promise.resolve() };
  }
  const child: ChildProcess = spawn(process.execPath, [BIN, 'boweb'], {
    env: { ...process.env, DWAAR_BOWEB_PORT: String(config.bowebPort) },
    // Its own process group: Ctrl+C in the terminal reaches the gateway, which then stops it in order.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ?? String(code)));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await runningBoweb(config.bowebPort)) !== child.pid) {
    if (exited !== undefined) throw new Error(`the demo back office exited at start (${exited})`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the demo back office did not answer on 127.0.0.1:${config.bowebPort} in 30 s`);
    }
    await sleep(100);
  }
  return {
    pid: child.pid ?? 0,
    ours: true,
    async stop() {
      if (exited !== undefined) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/**
 * `dwaar boweb`: the demo back office alone on 127.0.0.1:DWAAR_BOWEB_PORT. It trusts assertions signed by
 * the keys at `DWAAR_BOWEB_JWKS_URL` (shared by every gateway node, since the keys live in the database).
 */
export async function runBoweb(config: Config): Promise<() => Promise<void>> {
  const logger = pino({ level: config.logLevel }).child({ app: 'boweb' });
  const boweb = await buildBoweb({
    jwksUrl: config.demoBoweb.jwksUrl,
    audience: 'boweb.localhost',
    issuer: config.publicUrl.origin,
    logger,
  });
  await boweb.listen({ host: '127.0.0.1', port: config.bowebPort });
  logger.info({ port: config.bowebPort }, 'demo back office listening');
  return () => boweb.close();
}
