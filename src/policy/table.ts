import type { Generated } from 'kysely';

/** Every load of the policy file: applied or rejected, with its text and hash (the console's history). */
export interface PolicyVersionTable {
  id: Generated<number>;
  /** SHA-256 of the file's bytes, hex. */
  hash: string;
  source: string;
  loaded_at: number;
  outcome: 'applied' | 'rejected';
  /** JSON array of `PolicyProblem` when rejected. */
  errors: string | null;
  trigger: 'start' | 'watch' | 'signal' | 'console' | 'peer';
  node: string | null;
}
