import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { FormFields } from './form-decode.ts';
import type { ImportRow } from './rules.ts';
import type { CheckInput, ImportReport } from './validate.ts';

/**
 * The import's worker thread, seen from the event loop. Decoding a 30 MB form and parsing and checking a
 * 50,000-row CSV take seconds of CPU; done here they would stall every proxied request sharing this loop.
 * One worker, started on first use and kept (its start-up, loading TypeScript through tsx, costs more than
 * a job), runs one job at a time. It is unref'd while idle so it never keeps a CLI process alive.
 */

/** What `check-worker.ts` answers. A report comes back in parts so no one message takes long to receive. */
export type WorkerReply =
  | { readonly id: number; readonly type: 'form'; readonly fields: FormFields }
  | {
      readonly id: number;
      readonly type: 'part';
      readonly rows: ImportRow[];
      readonly problems: ImportReport['problems'][number][];
      readonly notes: ImportReport['notes'][number][];
    }
  | { readonly id: number; readonly type: 'end'; readonly report: ImportReport }
  | { readonly id: number; readonly type: 'rows'; readonly rows: ImportRow[] }
  | { readonly id: number; readonly type: 'dropped' }
  | { readonly id: number; readonly type: 'error'; readonly message: string };

export type WorkerJob =
  | { readonly id: number; readonly type: 'form'; readonly body: Uint8Array; readonly asBytes: string[] }
  | {
      readonly id: number;
      readonly type: 'check';
      readonly input: CheckInput;
      /** Send only the first `limit` rows, problems and notes (a page's worth; the totals come along). */
      readonly limit?: number;
      /** Keep the full list of rows on the worker, to be fetched in chunks (`rows`) and then dropped. */
      readonly hold?: boolean;
    }
  | {
      readonly id: number;
      readonly type: 'rows';
      readonly of: number;
      readonly from: number;
      readonly count: number;
    }
  | { readonly id: number; readonly type: 'drop'; readonly of: number };

/** A job that has not answered in this time is abandoned and the worker replaced. */
const JOB_TIMEOUT_MS = 120_000;

interface Pending {
  readonly onReply: (reply: WorkerReply) => boolean;
  readonly fail: (error: Error) => void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Jobs run one after another: a second import waits rather than halving the first one's CPU. */
let queue: Promise<unknown> = Promise.resolve();

/** tsx's ESM API as its package exports it to `import` (a CommonJS `require` would find its other build). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const exported = TsxManifest.parse(require('tsx/package.json')).exports['./esm/api'].import.default;
  return pathToFileURL(join(dirname(manifest), exported)).href;
}
const TsxManifest = z.object({
  exports: z.object({ './esm/api': z.object({ import: z.object({ default: z.string() }) }) }),
});

function bootstrap(): string {
  // The worker is plain Node: register tsx there (as bin/dwaar.js does here), then load the entry.
  const tsx = tsxEsmApi();
  const entry = new URL('./check-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

function failAll(error: Error): void {
  for (const p of pending.values()) p.fail(error);
  pending.clear();
}

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(bootstrap(), { eval: true, name: 'dwaar-import' });
  w.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (p && p.onReply(reply)) pending.delete(reply.id);
    if (pending.size === 0) w.unref();
  });
  w.on('error', (err) => {
    if (worker === w) worker = undefined;
    failAll(err);
  });
  w.on('exit', (code) => {
    if (worker === w) worker = undefined;
    failAll(new Error(`import worker exited with code ${code}`));
  });
  worker = w;
  return w;
}

/**
 * Starts the worker ahead of need, when someone opens the upload page: its start-up (seconds on a busy
 * machine) then overlaps choosing the file rather than delaying the preview.
 */
export function warmImportWorker(): void {
  if (!worker) theWorker().unref();
}

/** Sends one job and resolves with what `collect` makes of the replies (it returns true when done). */
function run<T>(
  job: (id: number) => WorkerJob,
  collect: (reply: WorkerReply, done: (value: T) => void) => boolean,
  transfer: ArrayBuffer[] = [],
): Promise<T> {
  const result = queue.then(
    () =>
      new Promise<T>((resolve, reject) => {
        const w = theWorker();
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error('import worker: the job took too long'));
          if (worker === w) worker = undefined;
          void w.terminate();
        }, JOB_TIMEOUT_MS);
        const settle = () => clearTimeout(timer);
        pending.set(id, {
          onReply: (reply) => {
            if (reply.type === 'error') {
              settle();
              reject(new Error(`import worker: ${reply.message}`));
              return true;
            }
            const finished = collect(reply, (value) => {
              settle();
              resolve(value);
            });
            return finished;
          },
          fail: (error) => {
            settle();
            reject(error);
          },
        });
        w.ref();
        w.postMessage(job(id), transfer);
      }),
  );
  queue = result.catch(() => undefined);
  return result;
}

/**
 * The file's memory, to be moved to the worker rather than copied (a copy of 10 MB is a stall of its own):
 * the caller's bytes are unusable afterwards, so callers keep what they need (the stored upload) first.
 */
function handOver(csv: string | Uint8Array): ArrayBuffer[] {
  return typeof csv !== 'string' && csv.buffer instanceof ArrayBuffer && csv.byteLength > 0
    ? [csv.buffer]
    : [];
}

/** `decodeForm` on the worker: an `application/x-www-form-urlencoded` body's fields. */
export function decodeFormOffThread(body: Buffer, asBytes: ReadonlySet<string>): Promise<FormFields> {
  // Hand the bytes over rather than copy them: the body's buffer is its own (see body-stream.ts).
  const own = body.buffer instanceof ArrayBuffer && body.byteLength > 4096;
  const bytes = own ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array(body);
  return run(
    (id) => ({ id, type: 'form', body: bytes, asBytes: [...asBytes] }),
    (reply, done) => {
      if (reply.type !== 'form') return false;
      done(reply.fields);
      return true;
    },
    own ? [bytes.buffer] : [],
  );
}

/**
 * `checkImport` on the worker; the report's long lists arrive in parts and are put back together, or only
 * their first `limit` items arrive (a preview page shows no more, and 50,000 rows held here would cost the
 * event loop their collection).
 */
export function checkOffThread(
  input: CheckInput,
  limit?: number,
  onJob?: (id: number) => void,
): Promise<ImportReport> {
  const rows: ImportRow[] = [];
  const problems: ImportReport['problems'][number][] = [];
  const notes: ImportReport['notes'][number][] = [];
  return run(
    (id) => {
      onJob?.(id);
      return { id, type: 'check', input, limit, hold: onJob !== undefined };
    },
    (reply, done) => {
      if (reply.type === 'part') {
        for (const r of reply.rows) rows.push(r);
        for (const p of reply.problems) problems.push(p);
        for (const n of reply.notes) notes.push(n);
        return false;
      }
      if (reply.type !== 'end') return false;
      done({ ...reply.report, rows, problems, notes });
      return true;
    },
    handOver(input.csv),
  );
}

/** A checked file's valid rows, fetched a chunk at a time (see `checkHeldOffThread`). */
export interface HeldRows {
  at(from: number, count: number): Promise<readonly ImportRow[]>;
  release(): Promise<void>;
}

/**
 * `checkImport` on the worker for a commit: the report with a page's worth of each list, and the valid rows
 * left on the worker to be fetched a chunk at a time. 50,000 rows brought over at once would be 500,000
 * long-lived objects, and collecting them would stall the event loop for hundreds of milliseconds; a chunk
 * at a time they die young.
 */
export async function checkHeldOffThread(
  input: CheckInput,
  limit: number,
): Promise<{ report: ImportReport; rows: HeldRows }> {
  let of = 0;
  const report = await checkOffThread(input, limit, (id) => {
    of = id;
  });
  const rows: HeldRows = {
    at: (from, count) =>
      run(
        (id) => ({ id, type: 'rows', of, from, count }),
        (reply, done: (rows: readonly ImportRow[]) => void) => {
          if (reply.type !== 'rows') return false;
          done(reply.rows);
          return true;
        },
      ),
    release: () =>
      run(
        (id) => ({ id, type: 'drop', of }),
        (reply, done: (value: undefined) => void) => {
          if (reply.type !== 'dropped') return false;
          done(undefined);
          return true;
        },
      ).catch(() => undefined),
  };
  return { report, rows };
}
