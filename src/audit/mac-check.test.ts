import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createChainMac } from './chain-mac.ts';
import { createMacChecker } from './mac-check.ts';

const key = createHash('sha256').update('mac-check-test').digest();
const hashOf = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
const macOf = (h: string) => createHmac('sha256', key).update(h).digest('hex');

describe('MAC checks', () => {
  it('the fast HMAC is HMAC-SHA256 of the hex hash, and of the head record', () => {
    const mac = createChainMac(key);
    for (let i = 0; i < 50; i++) expect(mac.ofEvent(hashOf(i))).toBe(macOf(hashOf(i)));
    expect(mac.ofEvent('short')).toBe(macOf('short'));
    expect(mac.ofHead(7, hashOf(7))).toBe(macOf(`head|7|${hashOf(7)}`));
    expect(mac.matches(null, macOf('x'))).toBe(false);
  });

  it.each([
    ['on this thread', 1_000],
    ['on a worker thread', 120_000],
  ])(
    'names the first bad MAC %s',
    async (_where, rows) => {
      const run = async (bad: readonly number[]) => {
        const checker = createMacChecker(key, rows);
        for (let seq = 1; seq <= rows; seq++) {
          const h = hashOf(seq);
          checker.add(seq, h, bad.includes(seq) ? macOf(hashOf(seq + 1)) : macOf(h));
        }
        return checker.finish();
      };
      expect(await run([])).toBeUndefined();
      expect(await run([rows - 3, rows - 1])).toBe(rows - 3);
      expect(await run([rows, 2])).toBe(2);
    },
    60_000,
  );
});
