import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { type ChainProblem, createChainWalk, type WalkedEvent } from './chain-walk.ts';
import { checkpointSchema } from './checkpoint-file.ts';
import {
  type Checkpoint,
  checkpointSignatureProblem,
  keyIdOf,
  readCheckpointPublicKey,
} from './checkpoint-key.ts';
import { EXPORT_FORMAT } from './export.ts';

export type ExportVerdict = (
  | {
      readonly ok: true;
      readonly count: number;
      readonly checkpoints: number;
      readonly lastCheckpoint: { readonly seq: number; readonly at: number } | null;
    }
  | { readonly ok: false; readonly count: number; readonly badSeq: number; readonly problem: string }
) & {
  /** The key the checkpoints were checked against. */
  readonly keyId: string | null;
  /** True when no key was given and the export's own key was used: compare its key ID out of band. */
  readonly keyFromExport: boolean;
};

const headerSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  publicKey: z.string().min(1).max(2000),
  keyId: z.string(),
  exportedAt: z.string(),
});
const checkpointLineSchema = z.strictObject({ checkpoint: checkpointSchema });

const iso = (at: number) => new Date(at).toISOString();
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isSeq = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** An event line's fields, or undefined when the line is not one (no schema library in this loop: speed). */
function eventOf(v: unknown): WalkedEvent | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const e = v as Record<string, unknown>;
  const { seq, at, type, actor, target, ip, detail, prev_hash, hash } = e;
  if (!isSeq(seq) || typeof at !== 'number' || !Number.isSafeInteger(at)) return undefined;
  if (typeof type !== 'string' || typeof detail !== 'string') return undefined;
  if (typeof prev_hash !== 'string' || typeof hash !== 'string') return undefined;
  if (!isNullableString(actor) || !isNullableString(target) || !isNullableString(ip)) return undefined;
  return { seq, at, type, actor, target, ip, detail, prev_hash, hash };
}

function lines(file: string) {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Verifies an export offline, with nothing but the file (and, better, the public key from the console):
 * the public chain recomputed and linked, every checkpoint's signature and its hash against the event at
 * its seq, and every event covered by a checkpoint. Names the first bad event. Reads the file twice (the
 * checkpoints come last) and never holds the events in memory.
 */
export async function verifyAuditExport(
  file: string,
  o: { publicKeyPem?: string } = {},
): Promise<ExportVerdict> {
  const keyFromExport = o.publicKeyPem === undefined;
  const fail = (badSeq: number, problem: string, keyId: string | null = null, count = 0): ExportVerdict => ({
    ok: false,
    count,
    badSeq,
    problem,
    keyId,
    keyFromExport,
  });

  // Pass 1: the header and the checkpoints.
  let header: z.infer<typeof headerSchema> | undefined;
  const checkpoints: Checkpoint[] = [];
  let lineNo = 0;
  for await (const line of lines(file)) {
    lineNo += 1;
    if (lineNo === 1) {
      const parsed = headerSchema.safeParse(parse(line));
      if (!parsed.success) return fail(0, `line 1 is not a ${EXPORT_FORMAT} header`);
      header = parsed.data;
      continue;
    }
    if (!line.includes('"checkpoint"')) continue;
    const parsed = checkpointLineSchema.safeParse(parse(line));
    if (parsed.success) checkpoints.push(parsed.data.checkpoint);
  }
  if (!header) return fail(0, 'the file is empty');

  let publicKey: KeyObject;
  try {
    publicKey = readCheckpointPublicKey(o.publicKeyPem ?? header.publicKey);
  } catch (err) {
    return fail(
      0,
      `${o.publicKeyPem === undefined ? 'the export’s' : 'the given'} ${(err as Error).message.replace(/^the /, '')}`,
    );
  }
  const keyId = keyIdOf(publicKey);
  if (!keyFromExport) {
    let exportKeyId: string | undefined;
    try {
      exportKeyId = keyIdOf(readCheckpointPublicKey(header.publicKey));
    } catch {
      exportKeyId = undefined;
    }
    if (exportKeyId !== keyId) {
      return fail(
        0,
        `the export carries another public key (${exportKeyId ?? 'unreadable'}) than the one given (${keyId})`,
        keyId,
      );
    }
  }
  checkpoints.sort((a, b) => a.seq - b.seq);

  // Pass 2: the events, in order.
  const walk = createChainWalk({ remember: new Set(checkpoints.map((c) => c.seq)) });
  let broken: ChainProblem | undefined;
  lineNo = 0;
  for await (const line of lines(file)) {
    lineNo += 1;
    if (lineNo === 1 || line === '') continue;
    const value = parse(line);
    if (typeof value === 'object' && value !== null && 'checkpoint' in value) {
      if (!checkpointLineSchema.safeParse(value).success) {
        broken = { badSeq: walk.count + 1, problem: `line ${lineNo} is not a well-formed checkpoint` };
        break;
      }
      continue;
    }
    const event = eventOf(value);
    broken = event
      ? walk.step(event)
      : { badSeq: walk.count + 1, problem: `line ${lineNo} is not an event (after event ${walk.count})` };
    if (broken) break;
  }
  const count = walk.count;

  const problems: ChainProblem[] = broken ? [broken] : [];
  const lastGood = broken ? broken.badSeq - 1 : count;
  let matchedUpTo = 0;
  for (const c of checkpoints) {
    const bad = checkpointSignatureProblem(publicKey, keyId, c);
    if (bad) {
      problems.push({ badSeq: c.seq, problem: bad });
      continue;
    }
    if (c.seq > lastGood) {
      if (!broken) {
        problems.push({
          badSeq: count + 1,
          problem: `events after ${count} were removed; checkpoint at seq ${c.seq} signed ${iso(c.at)} covers them`,
        });
      }
      continue;
    }
    if (walk.hashAt(c.seq) !== c.hash) {
      problems.push({
        badSeq: matchedUpTo + 1,
        problem: `events between ${matchedUpTo + 1} and ${c.seq} were changed: checkpoint at seq ${c.seq} signed ${iso(c.at)} does not match`,
      });
    } else matchedUpTo = Math.max(matchedUpTo, c.seq);
  }
  const covered = checkpoints.reduce((m, c) => Math.max(m, c.seq), 0);
  if (!broken && covered < count) {
    problems.push({ badSeq: covered + 1, problem: `events after ${covered} are not covered by a signature` });
  }
  if (problems.length > 0) {
    const first = problems.reduce((a, b) => (b.badSeq < a.badSeq ? b : a));
    return { ok: false, count, ...first, keyId, keyFromExport };
  }
  const last = checkpoints[checkpoints.length - 1];
  return {
    ok: true,
    count,
    checkpoints: checkpoints.length,
    lastCheckpoint: last ? { seq: last.seq, at: last.at } : null,
    keyId,
    keyFromExport,
  };
}
