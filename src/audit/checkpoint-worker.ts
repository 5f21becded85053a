import type { Logger } from 'pino';
import type { AuditCheckpoints } from './checkpoints.ts';

/**
 * Writes a signed checkpoint every `config.audit.checkpointIntervalMs` when the chain has grown, and one
 * more at stop. Safe on several nodes: the head lock and the unique seq make a second node's attempt a
 * no-op. `stop` waits for the pass under way.
 */
export function startCheckpointWorker(deps: {
  readonly checkpoints: Pick<AuditCheckpoints, 'write'>;
  readonly logger: Pick<Logger, 'error' | 'info'>;
  readonly config: { readonly audit: { readonly checkpointIntervalMs: number } };
}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const pass = () =>
    deps.checkpoints.write('interval', 'system').then(
      (made) => {
        if (made) deps.logger.info({ seq: made.seq }, 'audit checkpoint signed');
      },
      (err: unknown) => deps.logger.error({ err }, 'audit checkpoint failed'),
    );
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = pass().finally(() => (busy = false));
  }, deps.config.audit.checkpointIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await pass();
    },
  };
}
