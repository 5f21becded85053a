import pg from 'pg';
import { AppError, isAppError, type ErrorCode } from '../errors.ts';

/** What a failed database call means for the request that made it: an error-table code answered 503. */
export type StoreFaultCode = Extract<
  ErrorCode,
  'DATABASE_UNAVAILABLE' | 'REPLICA_UNAVAILABLE' | 'STORAGE_FULL' | 'STORAGE_FAILED'
>;

const codeOf = (err: unknown): string =>
  err !== null && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : '';

/**
 * SQLite's result codes (https://www.sqlite.org/rescode.html) that mean the disk, not the query, failed.
 * SQLITE_BUSY is left to the caller: waiting on another writer is contention, and the busy timeout's job.
 */
export function sqliteFaultOf(err: unknown): StoreFaultCode | undefined {
  const code = codeOf(err);
  if (code === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB)/.test(code)) return 'STORAGE_FAILED';
  return undefined;
}

/**
 * PostgreSQL failures that are the server's or the network's, not the query's: SQLSTATE classes 08
 * (connection), 53 (insufficient resources; 53100 is a full disk), 57P0x (shutting down), 57014 (statement
 * timeout), 25P03 (idle-in-transaction timeout) and 58 (system I/O); and every error the client raises
 * itself (refused, reset, timed out, terminated), except programming errors.
 */
export function postgresFaultOf(err: unknown): StoreFaultCode | undefined {
  if (err instanceof pg.DatabaseError) {
    const state = err.code ?? '';
    if (state === '53100') return 'STORAGE_FULL';
    if (state.startsWith('58')) return 'STORAGE_FAILED';
    if (/^(08|53|57P0)/.test(state) || state === '57014' || state === '25P03') return 'DATABASE_UNAVAILABLE';
    return undefined;
  }
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return undefined;
  return err instanceof Error ? 'DATABASE_UNAVAILABLE' : undefined;
}

/** The driver's error, renamed to say which database it concerns (a SQLite file's path), for the logs. */
export function faultCause(err: unknown, where: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(`${message} (${where})`, { cause: err }), { code: codeOf(err) });
}

/** Turns a store failure into the AppError its request is answered with; other errors pass unchanged. */
export function toAppError(code: StoreFaultCode, err: unknown, where: string): AppError {
  return new AppError(code, { cause: faultCause(err, where) });
}

/** A write failure the store has not yet seen cleared, for readiness. */
export interface StorageFault {
  readonly code: StoreFaultCode;
  /** The driver's code, e.g. SQLITE_FULL or 53100. */
  readonly driverCode: string;
  readonly at: number;
}

/**
 * How long a write failure keeps readiness failing when nothing writes afterwards: as Envoy's outlier
 * detection ejects a failing host for a base time and then lets traffic probe it again.
 */
const FAULT_HOLD_MS = 30_000;

/** Remembers the last storage failure until a write succeeds or it has stood for FAULT_HOLD_MS. */
export function createFaultMemory(now: () => number = Date.now) {
  let last: StorageFault | undefined;
  return {
    failed(code: StoreFaultCode, err: unknown): void {
      if (code === 'STORAGE_FULL' || code === 'STORAGE_FAILED')
        last = { code, driverCode: codeOf(err), at: now() };
    },
    wrote(): void {
      last = undefined;
    },
    current(): StorageFault | undefined {
      if (last && now() - last.at >= FAULT_HOLD_MS) last = undefined;
      return last;
    },
  };
}

export type FaultMemory = ReturnType<typeof createFaultMemory>;

/**
 * The database or disk failure behind `err`, in a line, when it is operational (busy, locked, unreachable,
 * full), not a problem with the input: the CLI exits 75 (EX_TEMPFAIL) for these so scripts retry later.
 */
export function operationalFailureOf(err: unknown): string | undefined {
  if (isAppError(err)) {
    const operational = ['DATABASE_UNAVAILABLE', 'REPLICA_UNAVAILABLE', 'STORAGE_FULL', 'STORAGE_FAILED'];
    if (!operational.includes(err.code)) return undefined;
    return err.cause instanceof Error ? err.cause.message : err.code;
  }
  const busy = /^SQLITE_(BUSY|LOCKED)/.test(codeOf(err));
  if (!busy && !sqliteFaultOf(err) && !(err instanceof pg.DatabaseError && postgresFaultOf(err)))
    return undefined;
  return err instanceof Error ? err.message : String(err);
}
