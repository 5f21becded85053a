import type { Deps } from './deps.ts';

/** A background loop; `stop` waits for the current pass to finish. */
export interface Worker {
  stop(): Promise<void>;
}

/**
 * Starts the background work (mail outbox, access expiry). Each worker polls on its own timer; across
 * several nodes a PostgreSQL advisory lock lets one node run a pass at a time.
 */
export function startWorkers(_deps: Deps): Worker[] {
  return [];
}
