import { isIP } from 'node:net';
import type { AuditEventType } from '../audit/index.ts';
import { indiaDay, indiaTime } from '../i18n/index.ts';
import type { AnomalyKind } from './table.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * What the detector counts as unusual. Every number can be changed through the detector's options; the
 * defaults are:
 * - `account_failures`: 5 failed sign-in steps for one account within 15 minutes (the lockout's own limit,
 *   so a lock is always reported, and so are failures spread over several addresses or devices).
 * - `address_failures`: 20 failed sign-in steps from one address within 15 minutes, counting the tallied
 *   records of unknown user IDs and refused attempts by their `count` (a password-spraying address).
 * - `unusual_hour`: a successful sign-in from 22:00 to 06:00 India time.
 * - `new_device`: the first sign-in on a trusted device by an account that already had another device.
 * - `concurrent_networks`: a sign-in while the same account holds another live session from a different
 *   network (IPv4 /24, IPv6 /48).
 * A burst flags once: after a flag, the same kind for the same subject is not flagged again until
 * `repeatAfterMs[kind]` has passed (by the events' times), so 100 failures in a minute make one anomaly.
 */
export interface AnomalyThresholds {
  readonly accountFailures: number;
  readonly addressFailures: number;
  readonly failureWindowMs: number;
  /** India-time hours: a sign-in at or after `quietFromHour`, or before `quietToHour`, is unusual. */
  readonly quietFromHour: number;
  readonly quietToHour: number;
  readonly repeatAfterMs: Readonly<Record<AnomalyKind, number>>;
}

export const DEFAULT_THRESHOLDS: AnomalyThresholds = {
  accountFailures: 5,
  addressFailures: 20,
  failureWindowMs: 15 * MINUTE,
  quietFromHour: 22,
  quietToHour: 6,
  repeatAfterMs: {
    account_failures: 15 * MINUTE,
    address_failures: 15 * MINUTE,
    // One a night for a person working late, not one per sign-in.
    unusual_hour: 8 * HOUR,
    // Each device's first sign-in happens once anyway.
    new_device: 0,
    concurrent_networks: HOUR,
  },
};

/** Failed sign-in steps that count against the account named as actor. */
export const ACCOUNT_FAILURE_TYPES: readonly AuditEventType[] = [
  'login.failed',
  'login.mfa_failed',
  'login.passkey_failed',
  'login.locked',
];

/**
 * Failed sign-in steps that count against the source address: the account's, plus the tallied ones (one
 * record per address and minute, with a `count`) that anyone can cause with made-up user IDs.
 */
export const ADDRESS_FAILURE_TYPES: readonly AuditEventType[] = [
  ...ACCOUNT_FAILURE_TYPES,
  'login.unknown_user',
  'login.rate_limited',
  'login.rejected_locked',
];

/** Successful sign-ins, portal and console. */
export const SIGN_IN_TYPES: readonly AuditEventType[] = ['login.succeeded', 'console.login_succeeded'];

/** Actors that name no person. */
export const NOT_A_PERSON: ReadonlySet<string> = new Set(['anonymous', 'system', '']);

/** Hour and minute of `ms` in India, from the day's India midnight (i18n's helpers; IST has no DST). */
export function indiaClock(ms: number): { hour: number; minute: number } {
  const sinceMidnight = ms - indiaTime(indiaDay(ms));
  return { hour: Math.floor(sinceMidnight / HOUR), minute: Math.floor((sinceMidnight % HOUR) / MINUTE) };
}

/** True when `ms` falls in the quiet hours, India time; the window may wrap past midnight. */
export function isQuietHour(
  ms: number,
  t: Pick<AnomalyThresholds, 'quietFromHour' | 'quietToHour'>,
): boolean {
  const { hour } = indiaClock(ms);
  return t.quietFromHour > t.quietToHour
    ? hour >= t.quietFromHour || hour < t.quietToHour
    : hour >= t.quietFromHour && hour < t.quietToHour;
}

/** The eight groups of an IPv6 address, `::` expanded; undefined when it is not one. */
function ipv6Groups(ip: string): number[] | undefined {
  const [head = '', tail, extra] = ip.split('::');
  if (extra !== undefined) return undefined;
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail ?? '');
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/**
 * The network an address belongs to for "a different network": its IPv4 /24 or IPv6 /48, as text
 * (`10.1.2.0/24`, `2001:db8:1::/48`). An IPv4-mapped IPv6 address counts as IPv4. Undefined for anything
 * that is not an address.
 */
export function networkOf(ip: string | null | undefined): string | undefined {
  if (!ip) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  switch (isIP(address)) {
    case 4:
      return `${address.split('.').slice(0, 3).join('.')}.0/24`;
    case 6: {
      const groups = ipv6Groups(address.toLowerCase().replace(/%.*$/, ''));
      if (!groups) return undefined;
      return `${groups
        .slice(0, 3)
        .map((g) => g.toString(16))
        .join(':')}::/48`;
    }
    default:
      return undefined;
  }
}
