import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvents, type ChainFixture, openChainFixture, TEST_SECRET } from '../../test/audit-support.ts';
import { TEST_DIALECTS } from '../../test/test-env.ts';
import { runCli } from '../cli/main.ts';
import { createManualClock } from '../clock.ts';
import { createKeyring } from '../crypto/index.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { openStore } from '../store/store.ts';
import { createAuditLog, openAuditLog } from './audit-log.ts';
import { createCheckpointSigner } from './checkpoint-key.ts';

describe.each(TEST_DIALECTS)('keying rows written before the chain was keyed, on %s', (dialect) => {
  let f: ChainFixture;
  beforeEach(async () => {
    f = await openChainFixture(dialect);
    await appendEvents(f, 4);
    // As migration 0011 leaves them: no MACs anywhere.
    await f.store.db.updateTable('audit_events').set({ mac: null }).execute();
    await f.store.db.updateTable('audit_head').set({ mac: null }).execute();
  });
  afterEach(async () => {
    await f.close();
  });
  const reopen = () =>
    openAuditLog(f.store.db, f.store.dialect, f.clock, {
      chainKey: f.chainKey,
      onKeying: (o) => outcomes.push(o),
    });
  let outcomes: unknown[] = [];
  beforeEach(() => {
    outcomes = [];
  });

  it('keys every row and the head once, and records audit.keyed', async () => {
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 1,
      problem: expect.stringContaining('no MAC') as string,
    });
    await (await reopen()).close();
    await (await reopen()).close();
    expect(outcomes).toEqual([{ kind: 'keyed', count: 4 }, { kind: 'nothing' }]);
    const last = await f.store.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ seq: 5, type: 'audit.keyed', actor: 'system', detail: '{"count":4}' });
    expect(await f.verify()).toMatchObject({ ok: true, count: 5 });
  });

  it('refuses to key a plain chain that does not verify', async () => {
    await f.store.db.updateTable('audit_events').set({ actor: 'edited' }).where('seq', '=', 2).execute();
    await (await reopen()).close();
    expect(outcomes).toEqual([{ kind: 'refused', problem: { badSeq: 2, problem: 'event 2 was altered' } }]);
    const keyed = await f.store.db
      .selectFrom('audit_events')
      .select('seq')
      .where('mac', 'is not', null)
      .execute();
    expect(keyed).toEqual([]);
  });

  it('never fills MACs once a checkpoint exists: verify names the unkeyed row', async () => {
    const one = await f.store.db
      .selectFrom('audit_events')
      .select('hash')
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    const signer = createCheckpointSigner(createKeyring(TEST_SECRET).derive('audit-checkpoint-ed25519'));
    const cp = signer.sign(1, one.hash, 0);
    await f.store.db
      .insertInto('audit_checkpoints')
      .values({ seq: 1, hash: cp.hash, at: 0, signature: cp.signature, key_id: cp.keyId, node: null })
      .execute();
    await (await reopen()).close();
    expect(outcomes).toEqual([{ kind: 'checkpointed', unkeyed: 4 }]);
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 1,
      problem: expect.stringContaining('no MAC') as string,
    });
  });
});

describe('dwaar audit verify (database)', () => {
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
    const chainKey = createKeyring(TEST_SECRET).derive('audit-chain');
    const audit = createAuditLog(store.db, store.dialect, createManualClock(), { chainKey });
    for (let i = 0; i < 3; i++) await audit.append({ type: 'login.failed', actor: `u${i}` });
    const env = { ...process.env };
    process.env.DATABASE_URL = url;
    process.env.DWAAR_DATA = dir;
    process.env.DWAAR_SECRET = TEST_SECRET;
    const lines: string[] = [];
    const log = console.log;
    const error = console.error;
    console.log = (m: string) => lines.push(m);
    console.error = (m: string) => lines.push(m);
    try {
      expect(await runCli(['audit', 'verify'])).toBe(0);
      expect(await runCli(['audit', 'checkpoint'])).toBe(0);
      expect(await runCli(['audit', 'verify'])).toBe(0);
      await store.db
        .updateTable('audit_events')
        .set({ type: 'login.succeeded' })
        .where('seq', '=', 2)
        .execute();
      expect(await runCli(['audit', 'verify'])).toBe(1);
      process.env.DWAAR_SECRET = 'y'.repeat(40);
      expect(await runCli(['audit', 'verify'])).toBe(1);
    } finally {
      console.log = log;
      console.error = error;
      process.env = env;
      await store.close();
    }
    expect(lines[0]).toBe('Chain verified: 3 events intact.');
    expect(lines[1]).toBe('No signed checkpoint yet: write one with `npx dwaar audit checkpoint`.');
    expect(lines[2]).toMatch(/^Checkpoint signed: event 3, /);
    expect(lines[3]).toBe('Chain verified: 4 events intact.');
    expect(lines[4]).toMatch(/^Latest signed checkpoint: event 3, /);
    expect(lines[5]).toBe('Mismatch at event 2: event 2 was altered. Report to HQ.');
    expect(lines[6]).toContain('Mismatch at event 1');
  });
});
