import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database } from '../store/index.ts';
import type { AuditLog } from './audit-log.ts';
import type { AuditCheckpoints } from './checkpoints.ts';

/** The export's first line names its format; the verifier refuses any other. */
export const EXPORT_FORMAT = 'dwaar-audit-export/1';

const PAGE = 5_000;

export interface ExportSummary {
  readonly events: number;
  readonly checkpoints: number;
  /** The last event exported: the newest checkpoint's seq (every exported event is covered by a signature). */
  readonly upTo: number;
}

/**
 * Writes the chain as JSON Lines: a header with the public key, one line per event (the public fields and
 * hashes, never the MACs), then one line per checkpoint. A fresh checkpoint is taken first, and the export
 * stops at the newest checkpoint, so every event in it is covered by a signature; the checkpoint's own
 * record and the `audit.exported` record go into the next export. Streams: a million events never sit in
 * memory.
 */
export async function exportAuditTrail(o: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly checkpoints: AuditCheckpoints;
  readonly out: string;
  readonly actor: string;
}): Promise<ExportSummary> {
  await o.checkpoints.write('export', o.actor);
  const last = await o.db
    .selectFrom('audit_checkpoints')
    .select('seq')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const upTo = last?.seq ?? 0;
  const stream = createWriteStream(o.out, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const write = async (line: string) => {
    if (!stream.write(`${line}\n`)) await Promise.race([once(stream, 'drain'), failed]);
  };
  let events = 0;
  let checkpoints = 0;
  try {
    await write(
      JSON.stringify({
        format: EXPORT_FORMAT,
        publicKey: o.checkpoints.publicKeyPem,
        keyId: o.checkpoints.keyId,
        exportedAt: new Date(o.clock.now()).toISOString(),
      }),
    );
    let after = 0;
    while (after < upTo) {
      const rows = await o.db
        .selectFrom('audit_events')
        .select(['seq', 'at', 'type', 'actor', 'target', 'ip', 'detail', 'prev_hash', 'hash'])
        .where('seq', '>', after)
        .where('seq', '<=', upTo)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const r of rows) {
        await write(
          JSON.stringify({
            seq: r.seq,
            at: r.at,
            type: r.type,
            actor: r.actor,
            target: r.target,
            ip: r.ip,
            detail: r.detail,
            prev_hash: r.prev_hash,
            hash: r.hash,
          }),
        );
      }
      events += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]?.seq ?? upTo;
    }
    const signed = await o.db
      .selectFrom('audit_checkpoints')
      .select(['seq', 'hash', 'at', 'signature', 'key_id'])
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .execute();
    for (const c of signed) {
      await write(
        JSON.stringify({
          checkpoint: { seq: c.seq, hash: c.hash, at: c.at, signature: c.signature, keyId: c.key_id },
        }),
      );
    }
    checkpoints = signed.length;
    stream.end();
    await Promise.race([once(stream, 'finish'), failed]);
  } catch (err) {
    stream.destroy();
    throw err;
  }
  await o.audit.append({
    type: 'audit.exported',
    actor: o.actor,
    detail: { events, checkpoints, upTo, file: basename(o.out) },
  });
  return { events, checkpoints, upTo };
}
