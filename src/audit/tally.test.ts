import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.ts';
import type { AuditInput } from './events.ts';
import { createTally } from './tally.ts';

describe('audit tally', () => {
  function setup(maxKeys?: number) {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 10, 0, 5));
    const written: AuditInput[] = [];
    const tally = createTally({
      clock,
      write: (e) => {
        written.push(e);
        return Promise.resolve();
      },
      onError: (err) => {
        throw err;
      },
      ...(maxKeys === undefined ? {} : { maxKeys }),
    });
    return { clock, written, tally };
  }

  it('writes one record per type, address and minute, with the count', async () => {
    const { clock, written, tally } = setup();
    for (let i = 0; i < 500; i++)
      tally.note({ type: 'login.unknown_user', actor: `ghost${i}`, ip: '10.0.0.1' });
    tally.note({ type: 'login.unknown_user', actor: 'x', ip: '10.0.0.2' });
    await tally.flushDue();
    expect(written).toHaveLength(0);
    clock.advance(60_000);
    tally.note({ type: 'login.unknown_user', actor: 'late', ip: '10.0.0.1' });
    await tally.flushDue();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatchObject({ type: 'login.unknown_user', ip: '10.0.0.1', actor: 'anonymous' });
    expect(written[0]?.detail).toMatchObject({ count: 500, window_s: 60 });
    expect(String(written[0]?.detail?.actors).split(',')).toHaveLength(10);
    expect(written[1]?.detail).toMatchObject({ count: 1 });
    await tally.close();
    expect(written).toHaveLength(3);
    expect(written[2]).toMatchObject({ actor: 'late', detail: { count: 1 } });
  });

  it('keeps memory bounded: addresses beyond the limit share one count', async () => {
    const { written, tally } = setup(3);
    for (let i = 0; i < 10; i++) tally.note({ type: 'inspection.failed', ip: `10.0.0.${i}` });
    await tally.close();
    expect(written).toHaveLength(4);
    expect(written.find((w) => w.ip === '*')?.detail).toMatchObject({ count: 7 });
  });
});
