const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/**
 * How long to wait before the next attempt, after `failures` failed attempts (1, 2, …): 30 s, 1 min,
 * 2 min, 4 min … capped at 1 h, plus up to 10 % jitter so mails that failed together do not retry in
 * lockstep. `random` returns [0, 1).
 */
export function retryDelayMs(failures: number, random: () => number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 20));
  const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** exponent);
  return delay + Math.floor(random() * delay * 0.1);
}
