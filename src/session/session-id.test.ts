import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSessionIds } from './session-id.ts';

describe('session IDs', () => {
  it('recognises IDs it issued and refuses made-up or foreign ones without a lookup', () => {
    const ids = createSessionIds(randomBytes(32));
    const id = ids.issue();
    expect(ids.isGenuine(id)).toBe(true);
    expect(ids.isGenuine(`${id.slice(0, 27)}${id.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(ids.isGenuine(randomBytes(21).toString('base64url'))).toBe(false);
    expect(createSessionIds(randomBytes(32)).isGenuine(id)).toBe(false);
    expect(ids.isGenuine('')).toBe(false);
  });
});
