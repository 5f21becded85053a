/** Injected time source, so expiry and lockout tests are deterministic. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can move forward. */
export function createManualClock(
  start = Date.UTC(2026, 10, 29, 9, 0, 0),
): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/** A background loop's handle: `stop` waits for the pass under way. */
export interface Polling {
  stop(): Promise<void>;
}

/**
 * Runs `pass` at once and then `intervalMs` after each pass ends (never two at a time), reporting a failed
 * pass to `onError` and going on. The timer does not hold the process open.
 */
export function startPolling(
  pass: () => Promise<void>,
  o: { readonly intervalMs: number; readonly onError: (err: unknown) => void },
): Polling {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    timer = undefined;
    running = pass()
      .catch(o.onError)
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(run, o.intervalMs).unref();
      });
  };
  timer = setTimeout(run, 0).unref();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
