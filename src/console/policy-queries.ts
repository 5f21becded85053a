import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PolicyProblem, ReloadTrigger } from '../policy/index.ts';
import type { Database } from '../store/index.ts';

/** One load of the policy file, as the console's history shows it. */
export interface PolicyLoadRow {
  readonly id: number;
  readonly hash: string;
  readonly loadedAt: number;
  readonly outcome: 'applied' | 'rejected';
  readonly trigger: ReloadTrigger;
  readonly node: string | null;
  readonly problems: readonly PolicyProblem[];
}

/** The most loads one page or export lists: years of reloads, and a bound on what one request reads. */
export const HISTORY_LIMIT = 1000;

const Problems = z.array(
  z.object({
    line: z.number(),
    column: z.number(),
    path: z.string(),
    message: z.string(),
    fix: z.string(),
  }),
);

/** Stored problems, read defensively: a row written by another version must not break the page. */
function problemsOf(errors: string | null): readonly PolicyProblem[] {
  if (errors === null) return [];
  try {
    const parsed = Problems.safeParse(JSON.parse(errors));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Every load of the policy file, newest first (up to HISTORY_LIMIT). */
export async function listPolicyLoads(db: Kysely<Database>): Promise<PolicyLoadRow[]> {
  const rows = await db
    .selectFrom('policy_versions')
    .select(['id', 'hash', 'loaded_at', 'outcome', 'trigger', 'node', 'errors'])
    .orderBy('loaded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    hash: r.hash,
    loadedAt: r.loaded_at,
    outcome: r.outcome,
    trigger: r.trigger,
    node: r.node,
    problems: problemsOf(r.errors),
  }));
}

/**
 * Since when the policy with `hash` has been in force: the first time it was applied after the last time
 * any other file was applied. Undefined when no load of it is recorded.
 */
export async function appliedSince(db: Kysely<Database>, hash: string): Promise<number | undefined> {
  const lastOther = await db
    .selectFrom('policy_versions')
    .select((eb) => eb.fn.max('loaded_at').as('at'))
    .where('outcome', '=', 'applied')
    .where('hash', '!=', hash)
    .executeTakeFirst();
  const after = lastOther?.at ?? -1;
  const first = await db
    .selectFrom('policy_versions')
    .select((eb) => eb.fn.min('loaded_at').as('at'))
    .where('outcome', '=', 'applied')
    .where('hash', '=', hash)
    .where('loaded_at', '>', after)
    .executeTakeFirst();
  return first?.at ?? undefined;
}
