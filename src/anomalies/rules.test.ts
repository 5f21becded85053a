import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/index.ts';
import { indiaTime } from '../i18n/index.ts';
import { detailWords } from './describe.ts';
import { DEFAULT_THRESHOLDS, isQuietHour, networkOf } from './rules.ts';

describe('networkOf', () => {
  it.each([
    ['10.1.2.3', '10.1.2.0/24'],
    ['10.1.2.254', '10.1.2.0/24'],
    ['::ffff:10.1.2.3', '10.1.2.0/24'],
    ['2001:db8:1:2::5', '2001:db8:1::/48'],
    ['2001:0db8:0001:ffff:0:0:0:1', '2001:db8:1::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
  ])('puts %s in %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });

  it.each([null, undefined, '', 'unknown', '*', '10.1.2', '1:2:3', '1::2::3', '300.1.1.1'])(
    'finds no network for %s',
    (ip) => {
      expect(networkOf(ip)).toBeUndefined();
    },
  );
});

describe('isQuietHour', () => {
  const day = { year: 2026, month: 12, day: 1 };
  it.each([
    ['21:59', 21, 59, false],
    ['22:00', 22, 0, true],
    ['00:00', 0, 0, true],
    ['05:59', 5, 59, true],
    ['06:00', 6, 0, false],
    ['12:00', 12, 0, false],
  ])('%s India time is quiet: %s', (_label, hour, minute, quiet) => {
    expect(isQuietHour(indiaTime(day, hour, minute), DEFAULT_THRESHOLDS)).toBe(quiet);
  });

  it('handles a window that does not wrap past midnight', () => {
    const t = { quietFromHour: 1, quietToHour: 5 };
    expect(isQuietHour(indiaTime(day, 0, 30), t)).toBe(false);
    expect(isQuietHour(indiaTime(day, 3, 0), t)).toBe(true);
  });
});

describe('detailWords', () => {
  it('says the detail could not be read rather than failing on a damaged row', () => {
    const t = translator('en');
    expect(detailWords(t, 'new_device', 'not json')).toBe('Details could not be read.');
    expect(detailWords(t, 'new_device', '{"device":{"nested":1}}')).toBe('Details could not be read.');
    expect(detailWords(t, 'new_device', '{}')).toBe(
      'First sign-in on the device “—”; the account already had — other device(s).',
    );
  });
});
