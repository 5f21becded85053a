import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportAuditTrail, verifyAuditExport } from '../src/audit/index.ts';
import { checkpointMessage, keyIdOf } from '../src/audit/checkpoint-key.ts';
import {
  appendEvents,
  type ChainFixture,
  type ExportLine,
  openChainFixture,
  readExport,
  rehashExport,
  writeExport,
} from './audit-support.ts';
import { TEST_DIALECTS } from './test-env.ts';

type CheckpointLine = {
  checkpoint: { seq: number; hash: string; at: number; signature: string; keyId: string };
};
const isCheckpoint = (l: ExportLine): l is ExportLine & CheckpointLine => 'checkpoint' in l;

describe.each(TEST_DIALECTS)('audit export on %s', (dialect) => {
  let f: ChainFixture;
  let file: string;

  /** 8 events with a checkpoint after event 4, then the export's own checkpoint at event 9. */
  beforeEach(async () => {
    f = await openChainFixture(dialect);
    await appendEvents(f, 4);
    await f.checkpoints.write('interval', 'system'); // checkpoint at 4, its record is event 5
    await f.audit.append({
      type: 'circular.issued',
      actor: 'hq.admin',
      target: 'परिपत्र/2026/7',
      detail: { subject: 'गोपनीयता "धारा 133"\n\ttab\u0001 \u2028 é / \\', n: 1.5 },
    });
    await appendEvents(f, 3, 'late');
    file = join(f.dir, 'trail.jsonl');
    expect(
      await exportAuditTrail({
        db: f.store.db,
        clock: f.clock,
        audit: f.audit,
        checkpoints: f.checkpoints,
        out: file,
        actor: 'tester',
      }),
    ).toEqual({ events: 9, checkpoints: 2, upTo: 9 });
  });
  afterEach(async () => {
    await f.close();
  });

  const verifyWith = (lines: ExportLine[]) => writeExport(file, lines).then(() => verifyAuditExport(file));

  it('writes the header, the events without MACs, the checkpoints; records the export after its checkpoint', async () => {
    const lines = await readExport(file);
    expect(lines[0]).toMatchObject({
      format: 'dwaar-audit-export/1',
      publicKey: f.checkpoints.publicKeyPem,
      keyId: f.checkpoints.keyId,
    });
    expect(Object.keys(lines[1] ?? {})).toEqual([
      'seq',
      'at',
      'type',
      'actor',
      'target',
      'ip',
      'detail',
      'prev_hash',
      'hash',
    ]);
    expect(lines.filter(isCheckpoint).map((l) => l.checkpoint.seq)).toEqual([4, 9]);
    const tail = await f.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', 9)
      .orderBy('seq')
      .execute();
    expect(tail.map((r) => r.type)).toEqual(['audit.checkpoint', 'audit.exported']);
    expect(JSON.parse(tail[1]?.detail ?? '')).toEqual({
      events: 9,
      checkpoints: 2,
      upTo: 9,
      file: 'trail.jsonl',
    });
    expect(await f.verify()).toMatchObject({ ok: true, count: 11 });
  });

  it('verifies offline, with the export’s key (flagged) or a given key', async () => {
    expect(await verifyAuditExport(file)).toEqual({
      ok: true,
      count: 9,
      checkpoints: 2,
      lastCheckpoint: { seq: 9, at: f.clock.now() },
      keyId: f.checkpoints.keyId,
      keyFromExport: true,
    });
    expect(await verifyAuditExport(file, { publicKeyPem: f.checkpoints.publicKeyPem })).toMatchObject({
      ok: true,
      keyFromExport: false,
    });
  });

  it('names an edited event', async () => {
    const lines = await readExport(file);
    (lines[3] as ExportLine).actor = 'someone-else';
    expect(await verifyWith(lines)).toMatchObject({ ok: false, badSeq: 3, problem: 'event 3 was altered' });
  });

  it('names a deleted event', async () => {
    const lines = await readExport(file);
    lines.splice(2, 1);
    expect(await verifyWith(lines)).toMatchObject({ ok: false, badSeq: 2, problem: 'event 2 is missing' });
  });

  it('names an inserted event', async () => {
    const lines = await readExport(file);
    lines.splice(3, 0, { ...lines[3], actor: 'ghost' });
    rehashExport(lines.slice(0, 4), 3);
    expect(await verifyWith(lines)).toMatchObject({
      ok: false,
      badSeq: 3,
      problem: 'event 3 is out of order (expected event 4)',
    });
  });

  it('names reordered events', async () => {
    const lines = await readExport(file);
    [lines[2], lines[4]] = [lines[4] as ExportLine, lines[2] as ExportLine];
    expect(await verifyWith(lines)).toMatchObject({ ok: false, badSeq: 2 });
  });

  it('names a cut tail by the checkpoint that covers it', async () => {
    const lines = await readExport(file);
    const cut = lines.filter((l) => isCheckpoint(l) || typeof l.seq !== 'number' || l.seq <= 6);
    expect(await verifyWith(cut)).toMatchObject({
      ok: false,
      badSeq: 7,
      problem: expect.stringMatching(/^events after 6 were removed; checkpoint at seq 9 signed /) as string,
    });
  });

  it('names a tail that no signature covers', async () => {
    const lines = await readExport(file);
    expect(await verifyWith(lines.filter((l) => !(isCheckpoint(l) && l.checkpoint.seq === 9)))).toMatchObject(
      { ok: false, badSeq: 5, problem: 'events after 4 are not covered by a signature' },
    );
  });

  it('catches a chain re-hashed with plain SHA-256 at the next checkpoint, naming the range', async () => {
    const lines = await readExport(file);
    (lines[6] as ExportLine).actor = 'someone-else';
    rehashExport(lines, 6);
    expect(await verifyWith(lines)).toMatchObject({
      ok: false,
      badSeq: 5,
      problem: expect.stringMatching(
        /^events between 5 and 9 were changed: checkpoint at seq 9 signed .* does not match$/,
      ) as string,
    });
  });

  it('names a forged checkpoint: edited hash, edited seq, another key', async () => {
    const lines = await readExport(file);
    const cp = lines.filter(isCheckpoint)[0] as CheckpointLine;
    const original = { ...cp.checkpoint };
    cp.checkpoint.hash = (lines[3] as ExportLine).hash as string;
    expect(await verifyWith(lines)).toMatchObject({
      ok: false,
      badSeq: 4,
      problem: expect.stringContaining('invalid signature') as string,
    });
    cp.checkpoint = { ...original, seq: 3 };
    expect(await verifyWith(lines)).toMatchObject({
      ok: false,
      badSeq: 3,
      problem: expect.stringContaining('invalid signature') as string,
    });
    const other = generateKeyPairSync('ed25519');
    cp.checkpoint = {
      ...original,
      keyId: keyIdOf(other.publicKey),
      signature: sign(
        null,
        checkpointMessage(original.seq, original.hash, original.at),
        other.privateKey,
      ).toString('base64'),
    };
    expect(await verifyWith(lines)).toMatchObject({
      ok: false,
      badSeq: 4,
      problem: expect.stringContaining('signed by another key') as string,
    });
  });

  it('an export re-signed under another key passes only its own key; the trusted key refuses it', async () => {
    const lines = await readExport(file);
    (lines[2] as ExportLine).actor = 'someone-else';
    rehashExport(lines, 2);
    const other = generateKeyPairSync('ed25519');
    const keyId = keyIdOf(other.publicKey);
    const hashOf = new Map(
      lines.filter((l) => typeof l.seq === 'number').map((l) => [l.seq as number, l.hash as string]),
    );
    for (const l of lines.filter(isCheckpoint)) {
      const hash = hashOf.get(l.checkpoint.seq) ?? '';
      l.checkpoint = {
        ...l.checkpoint,
        hash,
        keyId,
        signature: sign(
          null,
          checkpointMessage(l.checkpoint.seq, hash, l.checkpoint.at),
          other.privateKey,
        ).toString('base64'),
      };
    }
    lines[0] = {
      ...lines[0],
      publicKey: other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      keyId,
    };
    await writeExport(file, lines);
    const own = await verifyAuditExport(file);
    expect(own).toMatchObject({ ok: true, keyFromExport: true, keyId });
    expect(own.keyId).not.toBe(f.checkpoints.keyId);
    expect(await verifyAuditExport(file, { publicKeyPem: f.checkpoints.publicKeyPem })).toMatchObject({
      ok: false,
      badSeq: 0,
      problem: expect.stringContaining('another public key') as string,
    });
  });

  it('refuses a file that is not an export, and a malformed line by position', async () => {
    await writeFile(file, '{"format":"something-else"}\n');
    expect(await verifyAuditExport(file)).toMatchObject({
      ok: false,
      badSeq: 0,
      problem: 'line 1 is not a dwaar-audit-export/1 header',
    });
    const lines = await readExport(join(f.dir, 'trail.jsonl')).catch(() => []);
    expect(lines).toHaveLength(1);
  });
});
