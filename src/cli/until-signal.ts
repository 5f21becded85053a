const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** After a graceful stop, how long the process may take to exit on its own. */
const LINGER_MS = 3_000;

/**
 * Waits for SIGINT or SIGTERM, then runs `stop` (a graceful drain) and resolves when it is done. A second
 * signal while it runs means "now": the process exits at once with code 1 and a line saying so, as nginx's
 * fast shutdown does after a graceful one was asked for (`onForced` runs first). `begin` (on a message from a
 * cluster's primary) starts the same drain without counting as a signal.
 */
export function runUntilSignal(
  stop: () => Promise<void>,
  onForced: () => void = () => undefined,
): { done: Promise<void>; begin: () => void } {
  let stopping: Promise<void> | undefined;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const begin = () => {
    stopping ??= stop()
      .catch((err: unknown) => console.error(err))
      .finally(() => {
        for (const s of SIGNALS) process.off(s, onSignal);
        // Everything is closed; a handle some library left open must not keep the process up.
        setTimeout(() => {
          console.error('dwaar: a handle stayed open after shutdown; exiting.');
          process.exit();
        }, LINGER_MS).unref();
        resolveDone();
      });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`dwaar: ${signal} again during shutdown; exiting now without waiting.`);
      onForced();
      process.exit(1);
    }
    begin();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return { done, begin };
}
