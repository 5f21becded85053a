import { describe, expect, it } from 'vitest';
import { helpSessionValue, parseHelpSession } from './help-codes.ts';

describe('help session cookie value', () => {
  const now = Date.UTC(2026, 11, 1, 10, 0, 0);

  it('reads back the account while it lasts', () => {
    expect(parseHelpSession(helpSessionValue(42, now + 1), now)).toBe(42);
  });

  it('is nothing once expired, or when malformed', () => {
    expect(parseHelpSession(helpSessionValue(42, now), now)).toBeUndefined();
    for (const bad of [undefined, '', 'help:42', 'help:x:1', `session:42:${now + 1}`, `help:42:${now + 1}:x`])
      expect(parseHelpSession(bad, now), String(bad)).toBeUndefined();
  });
});
