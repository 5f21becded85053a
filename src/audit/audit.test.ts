import { generateKeyPairSync, sign } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvents, type ChainFixture, openChainFixture, rehashFrom } from '../../test/audit-support.ts';
import { TEST_DIALECTS } from '../../test/test-env.ts';
import { createKeyring } from '../crypto/index.ts';
import { hashEvent } from './chain.ts';
import { checkpointMessage, keyIdOf } from './checkpoint-key.ts';
import { startCheckpointWorker } from './checkpoint-worker.ts';

describe.each(TEST_DIALECTS)('keyed audit chain on %s', (dialect) => {
  let f: ChainFixture;
  const db = () => f.store.db;
  const row = (seq: number) =>
    db().selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

  beforeEach(async () => {
    f = await openChainFixture(dialect);
    await appendEvents(f, 5);
  });
  afterEach(async () => {
    await f.close();
  });

  it('verifies an untouched chain, every row keyed', async () => {
    expect(await f.verify()).toEqual({ ok: true, count: 5, checkpoints: 0, lastCheckpoint: null });
    const unkeyed = await db().selectFrom('audit_events').select('seq').where('mac', 'is', null).execute();
    expect(unkeyed).toEqual([]);
  });

  it('verifies through Kysely pages too (the PostgreSQL path)', async () => {
    const { verifyAuditChain } = await import('./verify.ts');
    const verdict = await verifyAuditChain(db(), {
      chainKey: f.chainKey,
      publicKey: f.checkpoints.publicKeyPem,
    });
    expect(verdict).toMatchObject({ ok: true, count: 5 });
  });

  it('names the first edited event', async () => {
    await db().updateTable('audit_events').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 3, problem: 'event 3 was altered' });
  });

  it('names an edit that recomputes the row hash: its MAC no longer matches', async () => {
    const r = await row(2);
    const edited = { ...r, detail: '{"n":0}' };
    await db()
      .updateTable('audit_events')
      .set({ detail: edited.detail, hash: hashEvent(edited) })
      .where('seq', '=', 2)
      .execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 2,
      problem: expect.stringContaining('MAC does not match') as string,
    });
  });

  it('names the edited event when the whole chain is re-hashed with plain SHA-256', async () => {
    await db().updateTable('audit_events').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    await rehashFrom(db(), 3);
    const verdict = await f.verify();
    expect(verdict).toMatchObject({
      ok: false,
      badSeq: 3,
      problem: expect.stringContaining('without the chain key') as string,
    });
  });

  it('names a deleted event', async () => {
    await db().deleteFrom('audit_events').where('seq', '=', 2).execute();
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 2, problem: 'event 2 is missing' });
  });

  it('names an inserted event (later rows renumbered, the new row linked and hashed)', async () => {
    const rows = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', 3)
      .orderBy('seq', 'desc')
      .execute();
    for (const r of rows)
      await db()
        .updateTable('audit_events')
        .set({ seq: r.seq + 1 })
        .where('seq', '=', r.seq)
        .execute();
    const prev = await row(2);
    const forged = {
      seq: 3,
      at: prev.at + 1,
      type: 'login.succeeded',
      actor: 'ghost',
      target: null,
      ip: null,
      detail: '{}',
      prev_hash: prev.hash,
    };
    const hash = hashEvent(forged);
    await db()
      .insertInto('audit_events')
      .values({ ...forged, hash, mac: 'f'.repeat(64) })
      .execute();
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('notices reordered events', async () => {
    const [two, four] = [await row(2), await row(4)];
    const contents = (r: typeof two) => ({
      at: r.at,
      type: r.type,
      actor: r.actor,
      target: r.target,
      ip: r.ip,
      detail: r.detail,
      prev_hash: r.prev_hash,
      hash: r.hash,
      mac: r.mac,
    });
    await db().updateTable('audit_events').set(contents(four)).where('seq', '=', 2).execute();
    await db().updateTable('audit_events').set(contents(two)).where('seq', '=', 4).execute();
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 2 });
  });

  it('notices a removed tail with the head left alone', async () => {
    await db().deleteFrom('audit_events').where('seq', '>=', 4).execute();
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 4, problem: 'events after 3 were removed' });
  });

  it('notices a tail cut with the head moved back to an earlier row', async () => {
    const three = await row(3);
    await db().deleteFrom('audit_events').where('seq', '>=', 4).execute();
    await db().updateTable('audit_head').set({ seq: 3, hash: three.hash }).where('id', '=', 1).execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 4,
      problem: expect.stringContaining('head record was moved') as string,
    });
  });

  it('notices a tail cut re-hashed into a consistent plain chain and head', async () => {
    await db().deleteFrom('audit_events').where('seq', '>=', 4).execute();
    await db().updateTable('audit_events').set({ detail: '{"n":9}' }).where('seq', '=', 3).execute();
    await rehashFrom(db(), 3);
    expect(await f.verify()).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('with the head restored from a backup, the signed checkpoint past the end names the cut', async () => {
    const backupHead = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await appendEvents(f, 2, 'later');
    expect(await f.checkpoints.write('console', 'hq.admin')).toMatchObject({ seq: 7 });
    await db().deleteFrom('audit_events').where('seq', '>', 5).execute();
    await db()
      .updateTable('audit_head')
      .set({ seq: backupHead.seq, hash: backupHead.hash, mac: backupHead.mac })
      .where('id', '=', 1)
      .execute();
    const verdict = await f.verify();
    expect(verdict).toMatchObject({
      ok: false,
      badSeq: 6,
      problem: expect.stringMatching(
        /^events after 5 were removed; checkpoint at seq 7 signed 2026-12-01T10:00:07.000Z/,
      ) as string,
    });
  });

  it('with the checkpoint row deleted too, the checkpoint file still names the cut', async () => {
    const backupHead = await db().selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await appendEvents(f, 2, 'later');
    await f.checkpoints.write('console', 'hq.admin');
    await db().deleteFrom('audit_events').where('seq', '>', 5).execute();
    await db().deleteFrom('audit_checkpoints').execute();
    await db()
      .updateTable('audit_head')
      .set({ seq: backupHead.seq, hash: backupHead.hash, mac: backupHead.mac })
      .where('id', '=', 1)
      .execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 6,
      problem: expect.stringContaining('checkpoint at seq 7') as string,
    });
  });

  it('names a checkpoint deleted from the database but still in the file', async () => {
    await f.checkpoints.write('console', 'hq.admin');
    await db().deleteFrom('audit_checkpoints').where('seq', '=', 5).execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 5,
      problem: expect.stringContaining('was deleted from the database') as string,
    });
  });

  it('names a forged checkpoint: edited hash, edited seq, or another key', async () => {
    await f.checkpoints.write('console', 'hq.admin');
    const cp = await db().selectFrom('audit_checkpoints').selectAll().executeTakeFirstOrThrow();
    await db()
      .updateTable('audit_checkpoints')
      .set({ hash: (await row(4)).hash })
      .where('id', '=', cp.id)
      .execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 5,
      problem: expect.stringContaining('invalid signature') as string,
    });

    await db()
      .updateTable('audit_checkpoints')
      .set({ hash: cp.hash, seq: 4 })
      .where('id', '=', cp.id)
      .execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 4,
      problem: expect.stringContaining('invalid signature') as string,
    });

    const other = generateKeyPairSync('ed25519');
    const signature = sign(null, checkpointMessage(cp.seq, cp.hash, cp.at), other.privateKey).toString(
      'base64',
    );
    await db()
      .updateTable('audit_checkpoints')
      .set({ seq: cp.seq, signature, key_id: keyIdOf(other.publicKey) })
      .where('id', '=', cp.id)
      .execute();
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 5,
      problem: expect.stringContaining('signed by another key') as string,
    });
  });

  it('refuses a forged line in the checkpoint file', async () => {
    await f.checkpoints.write('console', 'hq.admin');
    const line = (await readFile(f.checkpointFile, 'utf8')).trim();
    const forged = { ...(JSON.parse(line) as Record<string, unknown>), seq: 3 };
    await appendFile(f.checkpointFile, `${JSON.stringify(forged)}\n`);
    expect(await f.verify()).toMatchObject({
      ok: false,
      badSeq: 3,
      problem: expect.stringContaining('invalid signature') as string,
    });
  });

  it('writes checkpoints once per new head, to the table and the file, and audits them', async () => {
    const first = await f.checkpoints.write('cli', 'cli');
    expect(first).toMatchObject({ seq: 5, hash: (await row(5)).hash });
    // Only the checkpoint's own record since: nothing to sign.
    expect(await f.checkpoints.write('interval', 'system')).toBeUndefined();
    await appendEvents(f, 1, 'new');
    expect(await f.checkpoints.write('interval', 'system')).toMatchObject({ seq: 7 });
    const latest = await f.checkpoints.latest(10);
    expect(latest.map((c) => c.seq)).toEqual([7, 5]);
    expect(latest[0]).toMatchObject({ key_id: f.checkpoints.keyId, node: 'test-node' });
    const lines = (await readFile(f.checkpointFile, 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([5, 7]);
    expect(JSON.parse((await row(6)).detail)).toEqual({
      seq: 5,
      hash: first?.hash.slice(0, 16),
      trigger: 'cli',
      keyId: f.checkpoints.keyId,
    });
    expect((await row(6)).type).toBe('audit.checkpoint');
    expect(await f.verify()).toMatchObject({
      ok: true,
      count: 8,
      checkpoints: 2,
      lastCheckpoint: { seq: 7 },
    });
  });

  it('refuses to sign a head that someone moved', async () => {
    const three = await row(3);
    await db().updateTable('audit_head').set({ seq: 3, hash: three.hash }).where('id', '=', 1).execute();
    await expect(f.checkpoints.write('console', 'hq.admin')).rejects.toThrow(/head does not verify/);
    expect(await f.checkpoints.latest(5)).toEqual([]);
  });

  it('a wrong secret fails at event 1 and says so', async () => {
    const { verifyAuditChain } = await import('./verify.ts');
    const verdict = await verifyAuditChain(db(), {
      chainKey: createKeyring('another-secret-another-secret-0123456789').derive('audit-chain'),
      publicKey: f.checkpoints.publicKeyPem,
    });
    expect(verdict).toMatchObject({
      ok: false,
      badSeq: 1,
      problem: expect.stringContaining('DWAAR_SECRET') as string,
    });
  });

  it('keeps the chain intact under concurrent appends and checkpoints', async () => {
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => f.audit.append({ type: 'login.failed', actor: `c${i}` })),
      f.checkpoints.write('interval', 'system'),
      f.checkpoints.write('console', 'hq.admin'),
    ]);
    expect(await f.verify()).toMatchObject({ ok: true });
    const n = await sql<{ n: number }>`select count(*) as n from audit_events`.execute(db());
    expect(Number(n.rows[0]?.n)).toBeGreaterThanOrEqual(26);
  });

  it('the checkpoint worker signs on its interval and at stop', async () => {
    const logged: unknown[] = [];
    const worker = startCheckpointWorker({
      checkpoints: f.checkpoints,
      logger: { info: (o: unknown) => logged.push(o), error: (o: unknown) => logged.push(o) } as never,
      config: { audit: { checkpointIntervalMs: 20 } },
    });
    await new Promise((r) => setTimeout(r, 150));
    await appendEvents(f, 1, 'x');
    await worker.stop();
    expect((await f.checkpoints.latest(5)).map((c) => c.seq)).toEqual([7, 5]);
    expect(logged).toEqual([{ seq: 5 }, { seq: 7 }]);
  });
});
