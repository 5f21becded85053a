import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Checkpoint } from './checkpoint-key.ts';

/**
 * Checkpoints are also appended, one JSON object a line, to a file outside the database
 * (`config.audit.checkpointFile`): whoever rolls the database back, or deletes checkpoint rows, still
 * disagrees with this file. Each node appends the checkpoints it signs.
 */
export const checkpointSchema = z.strictObject({
  seq: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number().int().nonnegative(),
  signature: z.string().min(1).max(200),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});

const fileLineSchema = checkpointSchema.extend({ node: z.string().nullable().optional() });

export function checkpointLine(c: Checkpoint, node: string | null): string {
  return `${JSON.stringify({ seq: c.seq, hash: c.hash, at: c.at, signature: c.signature, keyId: c.keyId, node })}\n`;
}

export async function appendCheckpointFile(file: string, c: Checkpoint, node: string | null): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, checkpointLine(c, node), { mode: 0o600 });
}

export type CheckpointFileRead =
  | { readonly ok: true; readonly checkpoints: readonly Checkpoint[] }
  | { readonly ok: false; readonly problem: string };

/** The file's checkpoints; a missing file has none; a line that does not parse is a problem. */
export async function readCheckpointFile(file: string): Promise<CheckpointFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, checkpoints: [] };
    throw err;
  }
  const checkpoints: Checkpoint[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const result = fileLineSchema.safeParse(parsed);
    if (!result.success) {
      // A last line without its newline is an append cut short by a crash, not a claim about the chain.
      if (i === lines.length - 1) break;
      return { ok: false, problem: `line ${i + 1} of the checkpoint file ${file} is not a checkpoint` };
    }
    const { seq, hash, at, signature, keyId } = result.data;
    checkpoints.push({ seq, hash, at, signature, keyId });
  }
  return { ok: true, checkpoints };
}
