/** A background loop; `stop` waits for the pass under way. */
type Worker = { stop(): Promise<void> };
import type { SessionStore } from './session-store.ts';
import type { Logger } from 'pino';

const SWEEP_EVERY_MS = 60_000;
/**
 * How stale this node's cache may get when a bus notice is lost without a disconnect: one query for all
 * cached session IDs this often, never a database round trip per request (issue 7, item 16).
 */
export const REVALIDATE_EVERY_MS = 5_000;

/**
 * Ends abandoned sessions once a minute (see `SessionStore.sweep`), and every few seconds drops cached
 * sessions that ended on another node (see `SessionStore.revalidate`).
 */
export function startSessionSweeper(
  deps: {
    readonly sessions: SessionStore;
    readonly logger: Logger;
  },
  options: { revalidateEveryMs?: number } = {},
): Worker {
  let running: Promise<unknown> = Promise.resolve();
  let checking: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = deps.sessions
      .sweep()
      .catch((err: unknown) => deps.logger.error({ err }, 'session sweep failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  let busy = false;
  const check = setInterval(() => {
    if (busy) return; // a slow database must not pile up checks
    busy = true;
    checking = deps.sessions
      .revalidate()
      .catch((err: unknown) => deps.logger.error({ err }, 'session revalidation failed'))
      .finally(() => (busy = false));
  }, options.revalidateEveryMs ?? REVALIDATE_EVERY_MS);
  check.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(check);
      await Promise.all([running, checking]);
    },
  };
}
