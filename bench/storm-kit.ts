// Small pieces the login-storm, memory and two-node benchmarks share: settings from the environment,
// free ports, TypeScript child scripts, percentiles, tables, the JSON output and the run's frame (time
// budget, signals, clean-up, exit code), so each benchmark script only says what it measures.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCleanup, spawnChild, waitForReady, type Child, type Cleanup } from './children.ts';

export const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
/** Seeding, migrations and the tsx loader take a few seconds on a cold start. */
export const START_TIMEOUT_MS = 120_000;

export function readIntEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

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

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a TypeScript script in its own process and waits for its `READY …` line; returns its fields. */
export async function startScript(
  name: string,
  script: string,
  args: readonly string[],
  cleanup: Cleanup,
  signal: AbortSignal,
  o: { nodeArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ child: Child; fields: string[] }> {
  const argv = [...(o.nodeArgs ?? []), RUN_TS, script, ...args];
  const child = spawnChild(name, process.execPath, argv, cleanup, o.env ? { env: o.env } : {});
  const fields = await waitForReady(child, START_TIMEOUT_MS, signal);
  return { child, fields };
}

/** Waits for a child to print `RESULT <json>` and exit; returns the parsed JSON. */
export function resultOf(child: Child, timeoutMs: number, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => (out += chunk.toString());
    const finish = (err?: Error) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      child.proc.stdout?.off('data', onData);
      if (err) return reject(err);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) return reject(new Error(`${child.name} printed no RESULT:\n${child.tail()}`));
      try {
        resolve(JSON.parse(line.slice('RESULT '.length)));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const onAbort = () => {
      child.proc.kill('SIGKILL');
      finish(new Error('aborted', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      child.proc.kill('SIGKILL');
      finish(new Error(`${child.name} did not finish in ${timeoutMs} ms:\n${child.tail()}`));
    }, timeoutMs);
    child.proc.stdout?.on('data', onData);
    signal.addEventListener('abort', onAbort, { once: true });
    child.proc.once('exit', () => finish());
  });
}

/** The `p`-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Text columns (the first `textColumns`) are left-aligned, numbers right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 1,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
}

export function fmtMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}x` : '-';
}

/** With BENCH_JSON=path, the results also go to that file as JSON. */
export async function writeJsonIfAsked(results: unknown): Promise<void> {
  const path = process.env.BENCH_JSON;
  if (!path) return;
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nJSON written to ${path}`);
}

/**
 * Runs a benchmark within a time budget: Ctrl-C, SIGTERM or the budget abort it, every child and temp
 * file registered with the clean-up goes in every case. Exit code 0 completed, 1 failed, 130 aborted.
 */
export async function runBench(
  budgetMs: number,
  body: (cleanup: Cleanup, signal: AbortSignal) => Promise<void>,
): Promise<never> {
  const abort = new AbortController();
  const onSignal = (name: NodeJS.Signals) => abort.abort(new Error(`interrupted by ${name}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  setTimeout(
    () => abort.abort(new Error(`time budget of ${Math.round(budgetMs / 1000)} s exceeded`)),
    budgetMs,
  ).unref();
  const cleanup = createCleanup();
  let code = 0;
  try {
    await body(cleanup, abort.signal);
  } catch (err) {
    console.error('\nbenchmark failed:', abort.signal.aborted ? abort.signal.reason : err);
    code = abort.signal.aborted ? 130 : 1;
  } finally {
    await cleanup.run();
  }
  // Exit explicitly: every child and temp dir is gone by now, and a stray handle must not hang the run.
  process.exit(code);
}
