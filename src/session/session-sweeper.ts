/** A background loop; `stop` waits for the pass under way. */
type Worker = { stop(): Promise<void> };
import type { SessionStore } from './session-store.ts';
import type { Logger } from 'pino';

const SWEEP_EVERY_MS = 60_000;

/** Ends abandoned sessions once a minute (see `SessionStore.sweep`). */
export function startSessionSweeper(deps: {
  readonly sessions: SessionStore;
  readonly logger: Logger;
}): Worker {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = deps.sessions
      .sweep()
      .catch((err: unknown) => deps.logger.error({ err }, 'session sweep failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
