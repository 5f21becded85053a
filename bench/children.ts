// Child processes and temp files the benchmark owns, and their clean-up on success, error or signal.
import { spawn, type ChildProcess } from 'node:child_process';

/** How much of a child's output is kept for error messages. */
const TAIL_CHARS = 4000;
const STOP_GRACE_MS = 3000;

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly pid: number;
  /** The last few KB of stdout and stderr, for explaining a failure. */
  tail(): string;
}

export interface Cleanup {
  add(task: () => Promise<void> | void): void;
  /** Runs every task, last added first; a failing task does not stop the others. */
  run(): Promise<void>;
}

/** Every child still running, so a crash on the way out can still kill them (synchronously). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

export function createCleanup(): Cleanup {
  const tasks: (() => Promise<void> | void)[] = [];
  return {
    add(task) {
      tasks.push(task);
    },
    async run() {
      for (let task = tasks.pop(); task; task = tasks.pop()) {
        try {
          await task();
        } catch (err) {
          console.error('clean-up step failed:', err);
        }
      }
    },
  };
}

function hasExited(proc: ChildProcess): boolean {
  return proc.exitCode !== null || proc.signalCode !== null;
}

function waitForExit(proc: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(proc)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM, then SIGKILL if the child has not gone within the grace period. */
export async function stopChild(child: Child): Promise<void> {
  if (hasExited(child.proc)) return;
  child.proc.kill('SIGTERM');
  if (await waitForExit(child.proc, STOP_GRACE_MS)) return;
  child.proc.kill('SIGKILL');
  await waitForExit(child.proc, STOP_GRACE_MS);
}

/** Starts a long-running child whose stop is registered with `cleanup` before anything can fail. */
export function spawnChild(
  name: string,
  command: string,
  args: readonly string[],
  cleanup: Cleanup,
  options: { readonly env?: NodeJS.ProcessEnv } = {},
): Child {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-TAIL_CHARS);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  // Without a listener a failed spawn (say, ENOENT) would crash the benchmark before clean-up.
  proc.on('error', (err) => {
    tail += `\n${err.message}`;
  });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  if (proc.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const child: Child = { name, proc, pid: proc.pid, tail: () => tail };
  cleanup.add(() => stopChild(child));
  return child;
}

/** Describes how a child ended, with its last output. */
export function describeExit(child: Child): string {
  const how = child.proc.signalCode ?? `code ${child.proc.exitCode ?? '?'}`;
  return `${child.name} exited (${how}):\n${child.tail()}`;
}

/**
 * Resolves with the fields after `READY` once the child prints its ready line; rejects if the child
 * exits, the timeout passes, or `signal` aborts first.
 */
export function waitForReady(child: Child, timeoutMs: number, signal: AbortSignal): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (err: Error | undefined, fields?: string[]) => {
      clearTimeout(timer);
      child.proc.stdout?.off('data', onData);
      child.proc.off('exit', onExit);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(fields ?? []);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith('READY '));
      if (line) finish(undefined, line.trim().split(/\s+/).slice(1));
    };
    const onExit = () => finish(new Error(describeExit(child)));
    const onAbort = () => finish(new Error('aborted', { cause: signal.reason }));
    const timer = setTimeout(
      () => finish(new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.tail()}`)),
      timeoutMs,
    );
    child.proc.stdout?.on('data', onData);
    child.proc.once('exit', onExit);
    signal.addEventListener('abort', onAbort, { once: true });
    if (hasExited(child.proc)) onExit();
  });
}
