import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';
import { describeError } from './worker.ts';

describe('mail retry backoff', () => {
  it('doubles from 30 seconds and stops growing at an hour', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, none))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(500, none)).toBe(3_600_000);
    expect(retryDelayMs(0, none)).toBe(30_000);
  });

  it('adds at most 10 % jitter', () => {
    expect(retryDelayMs(1, () => 0.999_999)).toBe(32_999);
    expect(retryDelayMs(8, () => 0.5)).toBe(3_780_000);
  });
});

describe('describing a send error', () => {
  it('keeps one short line and blanks anything that looks like a one-time token', () => {
    const err = new Error('Message failed: 554 rejected\r\n content http://x/activate?token=SECRET123&a=1');
    expect(describeError(err)).toBe(
      'Message failed: 554 rejected content http://x/activate?token=[redacted]&a=1',
    );
    expect(describeError(new Error('x'.repeat(1000)))).toHaveLength(300);
    expect(describeError('plain string')).toBe('plain string');
  });
});
