import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Database } from '../store/index.ts';
import { purgeStaleProgress } from './progress-repository.ts';

const PURGE_EVERY_MS = 15 * 60_000;

/**
 * Every quarter of an hour, forgets the saved steps of activation links that can no longer be used. Safe on
 * several nodes at once: the purge is one idempotent DELETE.
 */
export function startProgressSweeper(
  deps: { readonly store: { readonly db: Kysely<Database> }; readonly clock: Clock; readonly logger: Logger },
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = purgeStaleProgress(deps.store.db, deps.clock.now())
      .then((purged) => {
        if (purged > 0) deps.logger.info({ purged }, 'stale activation progress purged');
      })
      .catch((err: unknown) => deps.logger.error({ err }, 'activation progress purge failed'));
  }, options.intervalMs ?? PURGE_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
