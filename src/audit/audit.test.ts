import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import { runCli } from '../cli/main.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openStore, type Store } from '../store/store.ts';
import { TEST_DIALECTS, TEST_PG_URL } from '../../test/test-env.ts';
import { createAuditLog, type AuditLog } from './audit-log.ts';
import { verifyAuditChain } from './verify.ts';

describe.each(TEST_DIALECTS)('audit chain on %s', (dialect) => {
  let store: Store;
  let audit: AuditLog;

  beforeEach(async () => {
    store =
      dialect === 'postgres'
        ? await openStore(TEST_PG_URL ?? '', { pgSchema: `a_${randomBytes(6).toString('hex')}` })
        : await openStore('sqlite::memory:');
    await migrateToLatest(store.db, store.pgSchema);
    audit = createAuditLog(store.db, store.dialect, createManualClock());
    for (let i = 1; i <= 5; i++) {
      await audit.append({
        type: 'login.failed',
        actor: `user${i}`,
        ip: '10.0.0.1',
        detail: { failures: i },
      });
    }
  });
  afterEach(async () => {
    await store.close();
  });

  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 5 });
  });

  it('names the first edited event', async () => {
    await store.db.updateTable('audit_events').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      badSeq: 3,
      problem: 'event 3 was altered',
    });
  });

  it('notices an edit that recomputes the row hash but not its successor', async () => {
    const { hashEvent } = await import('./chain.ts');
    const row = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const edited = { ...row, detail: '{"failures":0}' };
    await store.db
      .updateTable('audit_events')
      .set({ detail: edited.detail, hash: hashEvent(edited) })
      .where('seq', '=', 2)
      .execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('names a deleted event', async () => {
    await store.db.deleteFrom('audit_events').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      badSeq: 2,
      problem: 'event 2 is missing',
    });
  });

  it('notices reordered events', async () => {
    // Swap the contents of events 2 and 4 (keeping their sequence numbers).
    const rows = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', 'in', [2, 4])
      .orderBy('seq')
      .execute();
    const [two, four] = rows;
    if (!two || !four) throw new Error('missing rows');
    const contents = (row: typeof two) => ({
      at: row.at,
      type: row.type,
      actor: row.actor,
      target: row.target,
      ip: row.ip,
      detail: row.detail,
      prev_hash: row.prev_hash,
      hash: row.hash,
    });
    const twoFields = contents(two);
    const fourFields = contents(four);
    await store.db.updateTable('audit_events').set(fourFields).where('seq', '=', 2).execute();
    await store.db.updateTable('audit_events').set(twoFields).where('seq', '=', 4).execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, badSeq: 2 });
  });

  it('notices a removed tail', async () => {
    await store.db.deleteFrom('audit_events').where('seq', '>=', 4).execute();
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, badSeq: 4 });
  });

  it('keeps the chain intact under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => audit.append({ type: 'login.failed', actor: `c${i}` })),
    );
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 25 });
    const head = await sql<{ n: number }>`select count(*) as n from audit_events`.execute(store.db);
    expect(Number(head.rows[0]?.n)).toBe(25);
  });
});

describe('dwaar audit verify', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-audit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 on an intact chain and 1 naming the first bad event', async () => {
    const url = `sqlite:${join(dir, 'dwaar.sqlite')}`;
    const store = await openStore(url);
    await migrateToLatest(store.db, store.pgSchema);
    const audit = createAuditLog(store.db, store.dialect, createManualClock());
    for (let i = 0; i < 3; i++) await audit.append({ type: 'login.failed', actor: `u${i}` });
    const env = { ...process.env };
    process.env.DATABASE_URL = url;
    process.env.DWAAR_DATA = dir;
    process.env.DWAAR_SECRET = 'x'.repeat(40);
    const lines: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (m: string) => lines.push(m);
    console.error = (m: string) => lines.push(m);
    try {
      expect(await runCli(['audit', 'verify'])).toBe(0);
      await store.db
        .updateTable('audit_events')
        .set({ type: 'login.succeeded' })
        .where('seq', '=', 2)
        .execute();
      expect(await runCli(['audit', 'verify'])).toBe(1);
    } finally {
      console.log = log;
      console.error = error;
      process.env = env;
      await store.close();
    }
    expect(lines[0]).toBe('Chain verified: 3 events intact.');
    expect(lines[1]).toContain('Mismatch at event 2');
  });
});
