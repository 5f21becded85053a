import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Config } from '../config.ts';
import { type PrimaryMessage, WORKER_MAIL_ENV } from './cluster-messages.ts';
import { printBanner, prepareNode, reloadPolicyOnHangUp, startBackground, stopInReverse } from './start.ts';

/** The most gateway workers `--workers` accepts. */
export const MAX_WORKERS = 64;
/** A worker that dies is forked again after this, doubling with each death in a row, up to the cap. */
const RESTART_FIRST_MS = 500;
const RESTART_CAP_MS = 30_000;
/** A worker that lived this long before dying resets the backoff: it was not crashing at start. */
const STABLE_AFTER_MS = 30_000;
/** After the grace period, workers that have not exited are killed after this much more. */
const EXIT_MARGIN_MS = 5_000;

/**
 * Why `config` cannot run several gateway processes, or undefined when it can. Sessions, sign-in counters and
 * hand-off codes must be shared: with SQLite and no Redis the kv lives in each process's memory, so a
 * session made through one worker would be unknown to the next.
 */
export function sharedStateProblem(config: Config): string | undefined {
  const redis = Boolean(config.redisUrl ?? config.redisSentinel);
  const postgres = /^postgres(ql)?:/.test(config.databaseUrl);
  if (redis && postgres) return undefined;
  const missing = [
    ...(postgres ? [] : ['a PostgreSQL DATABASE_URL']),
    ...(redis ? [] : ['REDIS_URL (or DWAAR_REDIS_SENTINELS)']),
  ];
  return (
    `dwaar start --workers N (N > 1) needs state shared between processes: set ${missing.join(' and ')}. ` +
    'With SQLite or without Redis, sessions and sign-in counters live in one process. ' +
    'Use --workers 1, or see "Several nodes" in the README.'
  );
}

/** A gateway worker count from `--workers` or DWAAR_WORKERS, checked: 1 to MAX_WORKERS. */
export function parseWorkerCount(raw: string | number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS)
    throw new Error(
      `--workers (or DWAAR_WORKERS): a whole number from 1 to ${MAX_WORKERS} (got ${String(raw)})`,
    );
  return n;
}

const send = (worker: Worker, message: PrimaryMessage) => {
  if (worker.isConnected()) worker.send(message);
};

/**
 * `dwaar start --workers N`: this primary prepares once (mail catcher, migrations, demo seed and circular,
 * the demo back office), runs the background work, then forks N gateway workers that listen on one port.
 *
 * Background work runs here, in the primary, not in each worker: its loops are safe on several nodes, but N
 * copies per machine would only multiply database polls, and a worker that dies (and is forked again) would
 * interrupt passes under way. The primary lives as long as the node.
 *
 * A worker that dies is forked again with backoff; on shutdown every worker is told to drain and the primary
 * waits for them (killing any still running after the grace period and a margin), then stops the rest.
 */
export async function startClusterPrimary(
  baseConfig: Config,
  count: number,
): Promise<{ stop: () => Promise<void>; kill: () => void }> {
  const problem = count > 1 ? sharedStateProblem(baseConfig) : undefined;
  if (problem) throw new Error(problem);
  const cores = availableParallelism();
  if (count > cores)
    console.warn(`dwaar: --workers ${count} is more than this machine's ${cores} cores; they will compete.`);

  const started: (() => Promise<void>)[] = [];
  const workers = new Set<Worker>();
  let stopping = false;
  const kill = () => {
    for (const w of workers) w.process.kill('SIGKILL');
  };
  try {
    const { config, deps, catcher, boweb } = await prepareNode(baseConfig, started);
    await startBackground(deps, started);
    const env = {
      [WORKER_MAIL_ENV]: JSON.stringify({ smtpUrl: config.mail.smtpUrl, devMailbox: config.mail.devMailbox }),
    };

    let failuresInARow = 0;
    const fork = (): Worker => {
      const worker = cluster.fork(env);
      const born = Date.now();
      workers.add(worker);
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (stopping) return;
        failuresInARow = Date.now() - born > STABLE_AFTER_MS ? 1 : failuresInARow + 1;
        const delay = Math.min(RESTART_CAP_MS, RESTART_FIRST_MS * 2 ** (failuresInARow - 1));
        deps.logger.warn(
          {
            event: 'worker.exit',
            worker: worker.id,
            pid: worker.process.pid,
            code,
            signal,
            restartInMs: delay,
          },
          'gateway worker exited; forking a replacement',
        );
        setTimeout(() => {
          if (!stopping) fork();
        }, delay).unref();
      });
      return worker;
    };

    // Every worker listens before the banner; one that dies at start fails the start (a port in use...).
    const first = Array.from({ length: count }, fork);
    await Promise.all(
      first.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const died = (code: number | null, signal: string | null) =>
              reject(new Error(`gateway worker ${worker.id} exited at start (${signal ?? String(code)})`));
            worker.once('exit', died);
            worker.once('listening', () => {
              worker.off('exit', died);
              resolve();
            });
          }),
      ),
    );

    started.push(async () => {
      stopping = true;
      const exited = [...workers].map((w) => new Promise<void>((r) => w.once('exit', () => r())));
      for (const w of workers) send(w, { type: 'dwaar:drain' });
      const timer = setTimeout(kill, config.operations.shutdownGraceMs + EXIT_MARGIN_MS);
      await Promise.all(exited);
      clearTimeout(timer);
    });
    reloadPolicyOnHangUp(deps, started, () => {
      for (const w of workers) send(w, { type: 'dwaar:reload-policy' });
    });
    printBanner(
      config,
      catcher,
      boweb,
      first.map((w) => w.process.pid ?? 0),
    );
  } catch (err) {
    stopping = true;
    kill();
    await stopInReverse(started);
    throw err;
  }
  return { stop: () => stopInReverse(started), kill };
}
