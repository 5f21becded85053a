/** Shared set-up for the audit chain tests: a keyed chain on a fresh store, and ways to tamper with it. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import {
  type AuditCheckpoints,
  type AuditTrail,
  createAuditCheckpoints,
  openAuditLog,
} from '../src/audit/index.ts';
import { hashEvent } from '../src/audit/chain.ts';
import { createManualClock } from '../src/clock.ts';
import { createKeyring } from '../src/crypto/index.ts';
import { type Database, migrateToLatest, openStore, type Store } from '../src/store/index.ts';
import { TEST_PG_URL, type TestDialect } from './test-env.ts';

export const TEST_SECRET = 'audit-test-secret-audit-test-secret-0123';

export interface ChainFixture {
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly checkpoints: AuditCheckpoints;
  readonly clock: ReturnType<typeof createManualClock>;
  readonly chainKey: Buffer;
  readonly dir: string;
  readonly checkpointFile: string;
  readonly databaseUrl: string;
  verify(): ReturnType<AuditCheckpoints['verify']>;
  close(): Promise<void>;
}

/** A migrated store (SQLite file, or a fresh PostgreSQL schema) with a keyed audit log and checkpoints. */
export async function openChainFixture(
  dialect: TestDialect,
  o: { secret?: string; sqliteFile?: boolean } = {},
): Promise<ChainFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-chain-'));
  const schema = dialect === 'postgres' ? `ac_${randomBytes(6).toString('hex')}` : undefined;
  const databaseUrl =
    dialect === 'postgres'
      ? (TEST_PG_URL ?? '')
      : o.sqliteFile === false
        ? 'sqlite::memory:'
        : `sqlite:${join(dir, 'dwaar.sqlite')}`;
  const store = await openStore(databaseUrl, { pgSchema: schema });
  await migrateToLatest(store.db, store.pgSchema);
  const clock = createManualClock(Date.UTC(2026, 11, 1, 10, 0, 0));
  const keyring = createKeyring(o.secret ?? TEST_SECRET);
  const chainKey = keyring.derive('audit-chain');
  const audit = await openAuditLog(store.db, store.dialect, clock, { chainKey });
  const checkpointFile = join(dir, 'checkpoints', 'audit-checkpoints.jsonl');
  const checkpoints = createAuditCheckpoints({
    db: store.db,
    dialect: store.dialect,
    clock,
    audit,
    chainKey,
    seed: keyring.derive('audit-checkpoint-ed25519'),
    file: checkpointFile,
    node: 'test-node',
    databaseUrl,
  });
  return {
    store,
    audit,
    checkpoints,
    clock,
    chainKey,
    dir,
    checkpointFile,
    databaseUrl,
    verify: () => checkpoints.verify(),
    async close() {
      await audit.close();
      await store.close();
      if (schema && TEST_PG_URL) {
        const client = new pg.Client({ connectionString: TEST_PG_URL });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Appends `n` ordinary events, one second apart. */
export async function appendEvents(f: ChainFixture, n: number, prefix = 'user'): Promise<void> {
  for (let i = 1; i <= n; i++) {
    f.clock.advance(1000);
    await f.audit.append({
      type: 'login.succeeded',
      actor: `${prefix}${i}`,
      ip: '10.0.0.1',
      detail: { n: i },
    });
  }
}

/**
 * What an insider with only database access does to hide an edit from a plain hash chain: recompute every
 * `prev_hash` and `hash` from `fromSeq` on, and point the head at the new last hash (its MAC left as is).
 */
export async function rehashFrom(db: Kysely<Database>, fromSeq: number): Promise<void> {
  const rows = await db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
  let prev = rows.find((r) => r.seq === fromSeq - 1)?.hash;
  for (const row of rows) {
    if (row.seq < fromSeq) continue;
    const fields = { ...row, prev_hash: prev ?? row.prev_hash };
    const hash = hashEvent(fields);
    await db
      .updateTable('audit_events')
      .set({ prev_hash: fields.prev_hash, hash })
      .where('seq', '=', row.seq)
      .execute();
    prev = hash;
  }
  const last = rows[rows.length - 1];
  if (last && prev)
    await db.updateTable('audit_head').set({ seq: last.seq, hash: prev }).where('id', '=', 1).execute();
}

export type ExportLine = Record<string, unknown>;

export async function readExport(file: string): Promise<ExportLine[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ExportLine);
}

export async function writeExport(file: string, lines: readonly ExportLine[]): Promise<void> {
  await writeFile(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
}

/** The export's event lines re-hashed from `fromSeq` on, as the database tamper above. */
export function rehashExport(lines: ExportLine[], fromSeq: number): void {
  let prev: string | undefined;
  for (const line of lines) {
    if (typeof line.seq !== 'number') continue;
    if (line.seq === fromSeq - 1) prev = line.hash as string;
    if (line.seq < fromSeq) continue;
    line.prev_hash = prev ?? line.prev_hash;
    line.hash = hashEvent(line as unknown as Parameters<typeof hashEvent>[0]);
    prev = line.hash as string;
  }
}
