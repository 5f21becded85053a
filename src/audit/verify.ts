import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { createChainMac } from './chain-mac.ts';
import { type ChainSource, kyselySource, sqliteFileSource } from './chain-source.ts';
import { type ChainProblem, createChainWalk, macProblem } from './chain-walk.ts';
import { createMacChecker } from './mac-check.ts';
import { readCheckpointFile } from './checkpoint-file.ts';
import {
  type Checkpoint,
  checkpointSignatureProblem,
  keyIdOf,
  readCheckpointPublicKey,
} from './checkpoint-key.ts';

export type AuditVerdict =
  | {
      readonly ok: true;
      readonly count: number;
      /** Signed checkpoints checked (database and file). */
      readonly checkpoints: number;
      /** The latest signed checkpoint: events after it are covered only by the MACs. */
      readonly lastCheckpoint: { readonly seq: number; readonly at: number } | null;
    }
  | { readonly ok: false; readonly count: number; readonly badSeq: number; readonly problem: string };

export interface VerifyOptions {
  /** `keyring.derive('audit-chain')`. */
  readonly chainKey: Buffer;
  /**
   * The checkpoint key's public half (PEM or key object): `checkpoints.publicKeyPem`. Without it, any
   * checkpoint found is a problem (it cannot be checked); fine only for a chain that has none.
   */
  readonly publicKey?: KeyObject | string;
  /** `config.audit.checkpointFile`: its checkpoints must be in the database too and hold. */
  readonly checkpointFile?: string;
  /** The database's file when it is SQLite on disk: read through a read-only connection (faster). */
  readonly sqliteFile?: string;
}

/**
 * Walks the chain in sequence order and names the first event that does not fit: a deleted, inserted,
 * reordered or edited row, a chain re-hashed without the key (MAC), a tail cut with the head record moved
 * back (head MAC, and any signed checkpoint past the last row), a forged checkpoint, or a checkpoint deleted
 * from the database but still in the checkpoint file.
 */
export async function verifyAuditChain(db: Kysely<Database>, o: VerifyOptions): Promise<AuditVerdict> {
  const source = o.sqliteFile ? sqliteFileSource(o.sqliteFile) : kyselySource(db);
  try {
    return await verifyFrom(source, o);
  } finally {
    source.close();
  }
}

const iso = (at: number) => new Date(at).toISOString();

async function verifyFrom(source: ChainSource, o: VerifyOptions): Promise<AuditVerdict> {
  const publicKey = typeof o.publicKey === 'string' ? readCheckpointPublicKey(o.publicKey) : o.publicKey;
  const keyId = publicKey ? keyIdOf(publicKey) : '';
  const signatureProblem = (c: Checkpoint) =>
    publicKey
      ? checkpointSignatureProblem(publicKey, keyId, c)
      : `checkpoint at seq ${c.seq} cannot be checked: no public key was given`;
  const mac = createChainMac(o.chainKey);
  const problems: ChainProblem[] = [];

  // Checkpoints before the head: each was written with the head at or past its seq, so none can look
  // like it runs past a chain that merely grew while we read.
  const stored = await source.checkpoints();
  const file = o.checkpointFile
    ? await readCheckpointFile(o.checkpointFile)
    : { ok: true as const, checkpoints: [] };
  if (!file.ok) problems.push({ badSeq: 0, problem: file.problem });
  const filed = file.ok ? file.checkpoints : [];
  const head = await source.head();
  if (!head) return { ok: false, count: 0, badSeq: 1, problem: 'the head record is missing' };

  const macs = createMacChecker(o.chainKey, head.seq);
  const walk = createChainWalk({ macs, remember: new Set([...stored, ...filed].map((c) => c.seq)) });
  let broken: ChainProblem | undefined;
  try {
    await source.walk(head.seq, (e) => {
      broken = walk.step(e);
      return broken === undefined;
    });
  } finally {
    const macBad = await macs.finish();
    if (macBad !== undefined && (broken === undefined || macBad < broken.badSeq)) broken = macProblem(macBad);
  }
  const count = broken ? broken.badSeq - 1 : walk.count;
  if (broken) problems.push(broken);
  else {
    if (count < head.seq) problems.push({ badSeq: count + 1, problem: `events after ${count} were removed` });
    else if (!mac.matches(head.mac, mac.ofHead(head.seq, head.hash)) || head.hash !== walk.lastHash) {
      problems.push({
        badSeq: count + 1,
        problem: `the head record was moved without the chain key (events after ${count} may have been removed)`,
      });
    } else {
      const past = await source.firstAfter(head.seq);
      const now = await source.head();
      if (past !== undefined && now?.seq === head.seq) {
        problems.push({
          badSeq: past,
          problem: `event ${past} lies past the head record (the head was moved back)`,
        });
      }
    }
  }

  const lastGood = broken ? broken.badSeq - 1 : count;
  const check = (c: Checkpoint, where: string) => {
    const bad = signatureProblem(c);
    if (bad) return problems.push({ badSeq: c.seq, problem: `${bad}${where}` });
    if (c.seq > lastGood) {
      if (!broken) {
        problems.push({
          badSeq: count + 1,
          problem: `events after ${count} were removed; checkpoint at seq ${c.seq} signed ${iso(c.at)} covers them`,
        });
      }
      return;
    }
    if (walk.hashAt(c.seq) !== c.hash) {
      problems.push({
        badSeq: c.seq,
        problem: `events up to ${c.seq} were changed: checkpoint at seq ${c.seq} signed ${iso(c.at)} does not match`,
      });
    }
    return;
  };
  for (const c of stored) check(c, '');
  const bySeq = new Map(stored.map((c) => [c.seq, c]));
  for (const c of filed) {
    const inDb = bySeq.get(c.seq);
    if (!inDb) {
      if (signatureProblem(c)) check(c, ' in the checkpoint file');
      else {
        problems.push({
          badSeq: c.seq,
          problem: `checkpoint at seq ${c.seq} signed ${iso(c.at)} was deleted from the database (the checkpoint file still has it)`,
        });
        check(c, ' in the checkpoint file');
      }
    } else if (inDb.hash !== c.hash || inDb.at !== c.at || inDb.signature !== c.signature) {
      check(c, ' in the checkpoint file');
      problems.push({
        badSeq: c.seq,
        problem: `checkpoint at seq ${c.seq} in the database differs from the checkpoint file`,
      });
    }
  }

  if (problems.length > 0) {
    // The earliest event wins; for the same event, the sentence that says more (a signed checkpoint's) wins.
    const first = problems.reduce((a, b) =>
      b.badSeq < a.badSeq ||
      (b.badSeq === a.badSeq &&
        b.problem.includes('checkpoint at seq') &&
        !a.problem.includes('checkpoint at seq'))
        ? b
        : a,
    );
    return { ok: false, count, ...first };
  }
  const all = [...stored, ...filed.filter((c) => !bySeq.has(c.seq))];
  const latest = all.reduce<Checkpoint | undefined>((a, c) => (a && a.seq >= c.seq ? a : c), undefined);
  return {
    ok: true,
    count,
    checkpoints: stored.length,
    lastCheckpoint: latest ? { seq: latest.seq, at: latest.at } : null,
  };
}
