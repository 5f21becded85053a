import type { KeyObject } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, DialectName } from '../store/index.ts';
import type { AuditLog } from './audit-log.ts';
import { createChainMac } from './chain-mac.ts';
import { appendCheckpointFile } from './checkpoint-file.ts';
import { createCheckpointSigner } from './checkpoint-key.ts';
import type { AuditCheckpointTable } from './table.ts';
import { type AuditVerdict, verifyAuditChain } from './verify.ts';

export type CheckpointRow = Selectable<AuditCheckpointTable>;
export type CheckpointTrigger = 'interval' | 'console' | 'cli' | 'export';

/** Signed checkpoints of the chain (see checkpoint-key.ts for the exact signed bytes). */
export interface AuditCheckpoints {
  /** First 16 hex characters of SHA-256 over the public key's SPKI DER: what the console shows. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly publicKey: KeyObject;
  /**
   * Signs the current head, stores the checkpoint (once per seq, whichever node is first), appends it to
   * the checkpoint file, and records `audit.checkpoint`. Undefined when nothing but checkpoint records was
   * written since the last checkpoint. Throws when the head itself does not verify: never sign a head
   * someone moved.
   */
  write(
    trigger: CheckpointTrigger,
    actor: string,
  ): Promise<{ seq: number; hash: string; at: number } | undefined>;
  /** The newest checkpoints, newest first. */
  latest(limit: number): Promise<CheckpointRow[]>;
  /** The whole chain against the MACs, the checkpoints and the checkpoint file. */
  verify(): Promise<AuditVerdict>;
}

export interface CheckpointOptions {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly clock: Clock;
  readonly audit: AuditLog;
  /** `keyring.derive('audit-chain')`. */
  readonly chainKey: Buffer;
  /** `keyring.derive('audit-checkpoint-ed25519')`: the Ed25519 key's seed. */
  readonly seed: Buffer;
  /** `config.audit.checkpointFile`. */
  readonly file: string;
  /** This node's name, stored with the checkpoints it signs. */
  readonly node: string;
  /** The database's URL: a SQLite file is verified through a read-only connection of its own (faster). */
  readonly databaseUrl?: string;
}

/** `{ sqliteFile }` for a `sqlite:<file>` URL (not `sqlite::memory:`), else nothing. */
export function sqliteFileOption(databaseUrl: string | undefined): { sqliteFile?: string } {
  if (!databaseUrl?.startsWith('sqlite:')) return {};
  const file = databaseUrl.slice('sqlite:'.length);
  return file === ':memory:' || file === '' ? {} : { sqliteFile: file };
}

export function createAuditCheckpoints(o: CheckpointOptions): AuditCheckpoints {
  const signer = createCheckpointSigner(o.seed);
  const mac = createChainMac(o.chainKey);
  const { db } = o;

  return {
    keyId: signer.keyId,
    publicKeyPem: signer.publicKeyPem,
    publicKey: signer.publicKey,
    async write(trigger, actor) {
      const made = await db.transaction().execute(async (trx) => {
        // The head row lock (PostgreSQL) keeps appenders and other nodes' checkpoints out until commit.
        const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1);
        const head = await (o.dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirst();
        if (!head || head.seq === 0) return undefined;
        const row = await trx
          .selectFrom('audit_events')
          .select(['hash', 'mac'])
          .where('seq', '=', head.seq)
          .executeTakeFirst();
        if (
          !mac.matches(head.mac, mac.ofHead(head.seq, head.hash)) ||
          row?.hash !== head.hash ||
          !mac.matches(row.mac, mac.ofEvent(row.hash))
        ) {
          throw new Error(
            'the audit chain head does not verify: run `npx dwaar audit verify`; no checkpoint signed',
          );
        }
        const last = await trx
          .selectFrom('audit_checkpoints')
          .select('seq')
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (last && last.seq >= head.seq) return undefined;
        if (last) {
          // A checkpoint moves the head by its own record; that alone is not worth another checkpoint.
          const news = await trx
            .selectFrom('audit_events')
            .select('seq')
            .where('seq', '>', last.seq)
            .where('type', '<>', 'audit.checkpoint')
            .limit(1)
            .executeTakeFirst();
          if (!news) return undefined;
        }
        const checkpoint = signer.sign(head.seq, head.hash, o.clock.now());
        const inserted = await trx
          .insertInto('audit_checkpoints')
          .values({
            seq: checkpoint.seq,
            hash: checkpoint.hash,
            at: checkpoint.at,
            signature: checkpoint.signature,
            key_id: checkpoint.keyId,
            node: o.node,
          })
          .onConflict((oc) => oc.column('seq').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
        await o.audit.append(
          {
            type: 'audit.checkpoint',
            actor,
            detail: {
              seq: checkpoint.seq,
              hash: checkpoint.hash.slice(0, 16),
              trigger,
              keyId: checkpoint.keyId,
            },
          },
          trx,
        );
        return checkpoint;
      });
      if (!made) return undefined;
      await appendCheckpointFile(o.file, made, o.node);
      return { seq: made.seq, hash: made.hash, at: made.at };
    },
    latest(limit) {
      return db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').limit(limit).execute();
    },
    verify() {
      return verifyAuditChain(db, {
        chainKey: o.chainKey,
        publicKey: signer.publicKey,
        checkpointFile: o.file,
        ...sqliteFileOption(o.databaseUrl),
      });
    },
  };
}
