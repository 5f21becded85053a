import { describe, expect, it } from 'vitest';
import { addressProblem, createAddressAllowList } from './allow-list.ts';

describe('the metrics allow list', () => {
  it('admits exact addresses and CIDRs, IPv4, IPv6 and IPv4-mapped IPv6, and nothing else', () => {
    const list = createAddressAllowList([
      '127.0.0.1',
      '::1',
      '10.20.0.0/16',
      'fd00:1::/32',
      '::ffff:192.0.2.0/120',
    ]);
    for (const yes of [
      '127.0.0.1',
      '::ffff:127.0.0.1',
      '::1',
      '10.20.3.4',
      '::ffff:10.20.255.1',
      'fd00:1:2::9',
      '192.0.2.77',
    ])
      expect(list.allows(yes), yes).toBe(true);
    for (const no of ['127.0.0.2', '10.21.0.1', '::2', 'fd00:2::1', '192.0.3.1', '', 'localhost', undefined])
      expect(list.allows(no), String(no)).toBe(false);
  });

  it('allows no one when the list is empty', () => {
    expect(createAddressAllowList([]).allows('127.0.0.1')).toBe(false);
  });

  it('refuses entries that are not addresses or CIDRs, naming them', () => {
    expect(addressProblem('10.0.0.0/8')).toBeUndefined();
    expect(addressProblem('10.0.0.0/33')).toMatch(/prefix/);
    expect(addressProblem('::/129')).toMatch(/prefix/);
    expect(addressProblem('10.0.0.0/x')).toMatch(/prefix/);
    expect(addressProblem('monitoring.internal')).toMatch(/not an IP/);
    expect(addressProblem('1.2.3.4/8/9')).toMatch(/not an IP/);
    expect(() => createAddressAllowList(['127.0.0.1', 'prometheus'])).toThrow(
      /DWAAR_METRICS_ALLOW: "prometheus"/,
    );
  });
});
