// The soak's pieces: a wrk Lua script that cycles through every session's cookie at a steady rate, and
// the trend of memory samples (least-squares slope, and whether it is more than noise).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Sample {
  /** Minutes since the soak started. */
  readonly min: number;
  readonly rss: number;
  readonly heapUsed: number;
}

export interface Trend {
  /** Bytes per minute, least squares. */
  readonly slope: number;
  /** Standard deviation of the samples around the fitted line, in bytes. */
  readonly noise: number;
  /** What the slope adds up to over the soak, in bytes. */
  readonly growth: number;
  readonly grows: boolean;
}

/** Below this, a trend over the soak is not growth whatever the noise (allocator and JIT settle). */
const GROWTH_FLOOR_BYTES = 2 * 1024 * 1024;

/**
 * Judges growth: the line fitted through the samples must rise over the soak by more than three times the
 * samples' scatter around it, and by more than 2 MB. A leak of a few hundred bytes per request rises
 * steadily (tens of MB over ten minutes at 500 requests/s); heap sawtooth and RSS jitter do not.
 */
export function trendOf(samples: readonly Sample[], pick: (s: Sample) => number): Trend {
  const n = samples.length;
  if (n < 3) return { slope: Number.NaN, noise: Number.NaN, growth: Number.NaN, grows: false };
  const mx = samples.reduce((a, s) => a + s.min, 0) / n;
  const my = samples.reduce((a, s) => a + pick(s), 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const s of samples) {
    sxy += (s.min - mx) * (pick(s) - my);
    sxx += (s.min - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const residuals = samples.map((s) => pick(s) - (my + slope * (s.min - mx)));
  const noise = Math.sqrt(residuals.reduce((a, r) => a + r * r, 0) / (n - 2));
  const span = (samples[n - 1]?.min ?? 0) - (samples[0]?.min ?? 0);
  const growth = slope * span;
  return { slope, noise, growth, grows: growth > Math.max(GROWTH_FLOOR_BYTES, 3 * noise) };
}

/** A wrk script sending each request with the next cookie of `cookiesFile`, `delayMs` apart per connection. */
export async function writeSoakScript(dir: string, cookiesFile: string, host: string, delayMs: number) {
  const path = join(dir, 'soak.lua');
  const lua = `
local cookies = {}
for line in io.lines(${JSON.stringify(cookiesFile)}) do
  if line ~= "" then cookies[#cookies + 1] = line end
end
local i = 0
request = function()
  i = i % #cookies + 1
  return wrk.format("GET", "/", { ["Host"] = ${JSON.stringify(host)}, ["Cookie"] = cookies[i] })
end
delay = function()
  return ${delayMs}
end
`;
  await writeFile(path, lua);
  return path;
}
