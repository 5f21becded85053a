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
