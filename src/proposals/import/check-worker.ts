import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { WorkerJob, WorkerReply } from './check-thread.ts';
import { decodeForm } from './form-decode.ts';
import type { ImportRow } from './rules.ts';
import { checkImport, type ImportReport } from './validate.ts';

/**
 * The import worker thread's entry (started by check-thread.ts): decodes large form bodies and runs the
 * CSV dry run away from the gateway's event loop. It only computes; it never touches the database.
 */

/** Items per message: each part is received on the event loop in a millisecond or two. */
const PART = 2_000;

/** The report with its lists cut to `limit` items, and how long they were. */
function limited(report: ImportReport, limit: number | undefined): ImportReport {
  if (limit === undefined) return report;
  return {
    ...report,
    rows: report.rows.slice(0, limit),
    problems: report.problems.slice(0, limit),
    notes: report.notes.slice(0, limit),
    listed: { problems: report.problems.length, notes: report.notes.length },
  };
}

/** A reply and the memory it hands over rather than copies. */
type Outgoing = readonly [WorkerReply, ArrayBuffer[]];

/** Full row lists kept for a commit, by the check's job ID, until it asks for them to be dropped. */
const held = new Map<number, readonly ImportRow[]>();

function answer(job: WorkerJob): Outgoing[] {
  if (job.type === 'rows') {
    const rows = held.get(job.of)?.slice(job.from, job.from + job.count) ?? [];
    return [[{ id: job.id, type: 'rows', rows }, []]];
  }
  if (job.type === 'drop') {
    held.delete(job.of);
    return [[{ id: job.id, type: 'dropped' }, []]];
  }
  if (job.type === 'form') {
    const fields = decodeForm(job.body, new Set(job.asBytes));
    const transfer = Object.values(fields).flatMap((v) =>
      v instanceof Uint8Array ? [v.buffer as ArrayBuffer] : [],
    );
    return [[{ id: job.id, type: 'form', fields }, transfer]];
  }
  const full = checkImport(job.input);
  if (job.hold) held.set(job.id, full.rows);
  const report = limited(full, job.limit);
  const replies: Outgoing[] = [];
  const longest = Math.max(report.rows.length, report.problems.length, report.notes.length);
  for (let i = 0; i < longest; i += PART) {
    const part: WorkerReply = {
      id: job.id,
      type: 'part',
      rows: report.rows.slice(i, i + PART),
      problems: report.problems.slice(i, i + PART),
      notes: report.notes.slice(i, i + PART),
    };
    replies.push([part, []]);
  }
  replies.push([{ id: job.id, type: 'end', report: { ...report, rows: [], problems: [], notes: [] } }, []]);
  return replies;
}

/**
 * Runs this thread at the lowest CPU priority (Linux lets `setpriority` name one thread by its ID, found in
 * /proc/thread-self): when the cores are busy, the event loop serving proxied requests goes first and the
 * import waits, as nginx's `worker_priority` ranks its own work. Elsewhere the thread keeps the default.
 */
function yieldCpuToTheGateway(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // Not Linux, or not allowed: the default priority is correct, only less polite.
  }
}

yieldCpuToTheGateway();
parentPort?.on('message', (job: WorkerJob) => {
  try {
    for (const [reply, transfer] of answer(job)) parentPort?.postMessage(reply, transfer);
  } catch (err) {
    parentPort?.postMessage({
      id: job.id,
      type: 'error',
      message: err instanceof Error ? err.message : 'failed',
    });
  }
});
