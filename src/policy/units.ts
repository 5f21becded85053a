import { z } from 'zod';

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const SIZE = /^(\d+)\s*(b|kb|mb|gb)$/i;
const BYTES = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 } as const;

/** `90`, `90s`, `15m`, `8h`, `1d` → seconds. */
export const Duration = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .regex(DURATION, 'a duration such as 90s, 15m, 8h or 1d')
      .transform((s) => {
        const [, n, unit] = DURATION.exec(s) ?? [];
        return Number(n) * SECONDS[unit as keyof typeof SECONDS];
      }),
  ],
  { error: 'a duration such as 90s, 15m, 8h or 1d' },
);

/** `1048576`, `512kb`, `10mb` → bytes. */
export const Size = z.union(
  [
    z.number().int().positive(),
    z
      .string()
      .regex(SIZE, 'a size such as 512kb or 10mb')
      .transform((s) => {
        const [, n, unit] = SIZE.exec(s) ?? [];
        return Number(n) * BYTES[(unit ?? 'b').toLowerCase() as keyof typeof BYTES];
      }),
  ],
  { error: 'a size such as 512kb or 10mb' },
);

/** `HH:MM`, 24-hour → minutes after midnight. */
export const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 09:30 (24-hour, India time)')
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));
