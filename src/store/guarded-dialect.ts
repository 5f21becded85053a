import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { isAppError } from '../errors.ts';
import type { FaultMemory, StoreFaultCode } from './faults.ts';
import { toAppError } from './faults.ts';

/** How one database's failures are told apart and reported. */
export interface DriverGuard {
  /** The fault an error means, or undefined for an ordinary query error (a constraint, a syntax error). */
  faultOf(err: unknown): StoreFaultCode | undefined;
  /** Names the database in logs: the SQLite file's path, or PostgreSQL. */
  readonly where: string;
  readonly faults: FaultMemory;
  /**
   * False when the database has already ended the transaction itself: SQLite rolls a transaction back on
   * SQLITE_FULL and some I/O errors (https://www.sqlite.org/lang_transaction.html, "Response To Errors
   * Within A Transaction"), and a ROLLBACK then fails with "cannot rollback", hiding the real error.
   */
  inTransaction?(): boolean;
  /** The statement that opens a transaction, when not the driver's own (SQLite: `begin immediate`). */
  readonly beginSql?: string;
}

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly guard: DriverGuard,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.inner.executeQuery<R>(query);
      if (WRITES.has(query.query.kind)) this.guard.faults.wrote();
      return result;
    } catch (err) {
      throw translate(this.guard, err);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (err) {
      throw translate(this.guard, err);
    }
  }
}

function translate(guard: DriverGuard, err: unknown): unknown {
  if (isAppError(err)) return err;
  const code = guard.faultOf(err);
  if (!code) return err;
  guard.faults.failed(code, err);
  return toAppError(code, err, guard.where);
}

const innerOf = (c: DatabaseConnection) => (c instanceof GuardedConnection ? c.inner : c);

type Compile = QueryCompiler['compileQuery'];

/**
 * Wraps a dialect's driver so that a database or disk failure reaches callers as an AppError code (its
 * driver error, with the database named, as the cause), a rollback never hides the error that caused it,
 * and write failures are remembered for readiness. Ordinary query errors pass through untouched.
 */
class GuardedDriver implements Driver {
  readonly savepoint?: (c: DatabaseConnection, name: string, compile: Compile) => Promise<void>;
  readonly rollbackToSavepoint?: (c: DatabaseConnection, name: string, compile: Compile) => Promise<void>;
  readonly releaseSavepoint?: (c: DatabaseConnection, name: string, compile: Compile) => Promise<void>;

  constructor(
    private readonly inner: Driver,
    private readonly guard: DriverGuard,
  ) {
    // Kysely calls these only when the driver has them, so they are copied over only when present.
    const savepoint = inner.savepoint?.bind(inner);
    const rollbackTo = inner.rollbackToSavepoint?.bind(inner);
    const release = inner.releaseSavepoint?.bind(inner);
    if (savepoint) this.savepoint = (c, n, q) => this.run(() => savepoint(innerOf(c), n, q));
    if (rollbackTo) this.rollbackToSavepoint = (c, n, q) => this.run(() => rollbackTo(innerOf(c), n, q));
    if (release) this.releaseSavepoint = (c, n, q) => this.run(() => release(innerOf(c), n, q));
  }

  private async run<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      throw translate(this.guard, err);
    }
  }

  init(): Promise<void> {
    return this.run(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new GuardedConnection(await this.run(() => this.inner.acquireConnection()), this.guard);
  }

  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = this.guard.beginSql;
    if (begin) {
      return this.run(async () => {
        await innerOf(c).executeQuery(CompiledQuery.raw(begin));
      });
    }
    return this.run(() => this.inner.beginTransaction(innerOf(c), settings));
  }

  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await this.run(() => this.inner.commitTransaction(innerOf(c)));
    this.guard.faults.wrote();
  }

  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    if (this.guard.inTransaction?.() === false) return;
    try {
      await this.inner.rollbackTransaction(innerOf(c));
    } catch (err) {
      // A connection that failed mid-transaction cannot roll back, and need not: PostgreSQL rolls back the
      // transaction of a connection that ends. Keep the error that stopped the transaction.
      if (this.guard.faultOf(err) === undefined) throw err;
    }
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(c));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** `inner` with its driver guarded (see GuardedDriver). */
export function guardDialect(inner: Dialect, guard: DriverGuard): Dialect {
  return {
    createDriver: () => new GuardedDriver(inner.createDriver(), guard),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}
