import type { AccessRequest, CurrentDocuments, DenyReason, PostureCheck } from './model.ts';
import { compileNetworks } from './network.ts';
import { DAYS, type ConditionsSpec } from './policy-schema.ts';

/** A compiled condition: a test for the hot path, and words for `explain`. */
export interface Condition {
  /** Why a request that fails it is denied. */
  readonly reason: DenyReason;
  /** What it needed, for the decision's `detail`. */
  readonly detail: string | undefined;
  test(r: AccessRequest, docs: CurrentDocuments): boolean;
  /** The condition and what the request had, in English and Hindi. */
  describe(r: AccessRequest, docs: CurrentDocuments): { en: string; hi: string };
}

const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;
const DAY_HI: Record<(typeof DAYS)[number], string> = {
  sun: 'रवि',
  mon: 'सोम',
  tue: 'मंगल',
  wed: 'बुध',
  thu: 'गुरु',
  fri: 'शुक्र',
  sat: 'शनि',
};
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const none = (v: string | null) => v ?? '—';

/** Minutes after midnight and the weekday (0 = Sunday), in India time. */
export function indiaClock(now: number): { minutes: number; day: number } {
  const local = now + IST_OFFSET_MS;
  return {
    minutes: Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000),
    // 1 January 1970 was a Thursday.
    day: (((Math.floor(local / DAY_MS) + 4) % 7) + 7) % 7,
  };
}

/** The directory fields a rule can list, each read by its own function (a fixed property read is fastest). */
const FIELDS = {
  zone: (p: AccessRequest['person']) => p.zone,
  district: (p: AccessRequest['person']) => p.district,
  wing: (p: AccessRequest['person']) => p.wing,
  rank: (p: AccessRequest['person']) => p.rank,
} as const;

function memberOf(
  field: keyof typeof FIELDS,
  list: readonly string[],
  reason: DenyReason,
  hi: string,
): Condition {
  const set = new Set(list);
  const shown = list.join(', ');
  const read = FIELDS[field];
  return {
    reason,
    detail: shown,
    test: (r) => {
      const v = read(r.person);
      return v !== null && set.has(v);
    },
    describe: (r) => ({
      en: `${field} is one of ${shown} (this person: ${none(read(r.person))})`,
      hi: `${hi} ${shown} में से हो (इनका: ${none(read(r.person))})`,
    }),
  };
}

const POSTURE_FIELD = {
  os_patched: 'osPatched',
  disk_encryption: 'diskEncryption',
  firewall: 'firewall',
  screen_lock: 'screenLock',
} as const satisfies Record<PostureCheck, string>;

/** Compiles a rule's conditions, in a fixed order: who, where, what they acknowledged, how they signed in, when, from where. */
export function compileConditions(c: ConditionsSpec): Condition[] {
  const out: Condition[] = [];
  if (c.role) {
    const roles: ReadonlySet<string> = new Set(c.role);
    const shown = c.role.join(', ');
    out.push({
      reason: 'ROLE_NOT_GRANTED',
      detail: shown,
      test: (r) => roles.has(r.person.role),
      describe: (r) => ({
        en: `role is one of ${shown} (this person: ${r.person.role})`,
        hi: `भूमिका ${shown} में से हो (इनकी: ${r.person.role})`,
      }),
    });
  }
  if (c.zone) out.push(memberOf('zone', c.zone, 'ZONE_NOT_GRANTED', 'जोन'));
  if (c.district) out.push(memberOf('district', c.district, 'DISTRICT_NOT_GRANTED', 'जनपद'));
  if (c.wing) out.push(memberOf('wing', c.wing, 'WING_NOT_GRANTED', 'विंग'));
  if (c.rank) out.push(memberOf('rank', c.rank, 'RANK_NOT_GRANTED', 'पद'));
  if (c.office) {
    const { status, grace, exceptions } = c.office;
    const closed = status === 'closed';
    const also = closed
      ? [
          grace ? 'a reopened office in its grace period' : '',
          exceptions ? 'an officer HQ approved as an exception' : '',
        ]
          .filter(Boolean)
          .join(', or ')
      : '';
    out.push({
      reason: closed ? 'OFFICE_OPEN' : 'OFFICE_CLOSED',
      detail: status,
      test: closed
        ? (r) =>
            r.person.officeStatus === 'closed' ||
            (grace && r.person.accessEndsAt !== null) ||
            (exceptions && r.person.openOfficeException)
        : (r) => r.person.officeStatus === 'open',
      describe: (r) => {
        const p = r.person;
        const found = `${none(p.officeStatus)}${p.accessEndsAt !== null ? ', in grace period' : ''}${p.openOfficeException ? ', HQ exception' : ''}`;
        return {
          en: `district office is ${status}${also ? ` (or ${also})` : ''} (found: ${found})`,
          hi: `जनपद कार्यालय ${closed ? 'बंद' : 'खुला'} हो${closed && grace ? ' (पुनः खुलने के बाद की छूट अवधि भी मान्य)' : ''}${closed && exceptions ? ' (मुख्यालय द्वारा अनुमोदित अपवाद भी मान्य)' : ''} (स्थिति: ${found})`,
        };
      },
    });
  }
  if (c.acknowledged) {
    const kinds = c.acknowledged;
    const shown = kinds.join(', ');
    out.push({
      reason: 'ACKNOWLEDGEMENT_REQUIRED',
      detail: shown,
      test: (r, docs) => {
        for (const kind of kinds) {
          const current = docs.get(kind);
          // A document that is not published cannot have been acknowledged: fail closed.
          if (current === undefined || (r.person.acknowledged.get(kind) ?? 0) < current) return false;
        }
        return true;
      },
      describe: (r, docs) => {
        const found = kinds
          .map((k) => `${k}: ${r.person.acknowledged.get(k) ?? '—'} / ${docs.get(k) ?? 'not published'}`)
          .join('; ');
        return {
          en: `has acknowledged ${shown} at the current version (acknowledged / current: ${found})`,
          hi: `${shown} के वर्तमान संस्करण की पावती दी हो (दी गई / वर्तमान: ${found})`,
        };
      },
    });
  }
  if (c.second_factor) {
    const need = c.second_factor;
    out.push({
      reason: 'SECOND_FACTOR_REQUIRED',
      detail: need,
      test:
        need === 'any' ? (r) => r.session.secondFactor !== 'none' : (r) => r.session.secondFactor === need,
      describe: (r) => ({
        en: `signed in with ${need === 'any' ? 'a second factor' : `a ${need}`} (this session: ${r.session.secondFactor})`,
        hi: `${need === 'any' ? 'दूसरे सत्यापन चरण' : need === 'passkey' ? 'पासकी' : 'ऑथेंटिकेटर कोड'} से लॉग इन किया हो (इस सत्र में: ${r.session.secondFactor})`,
      }),
    });
  }
  if (c.device_trusted) {
    out.push({
      reason: 'DEVICE_NOT_TRUSTED',
      detail: undefined,
      test: (r) => r.session.deviceTrusted,
      describe: (r) => ({
        en: `on a device the officer trusted (this session: ${r.session.deviceTrusted ? 'yes' : 'no'})`,
        hi: `विश्वसनीय डिवाइस पर हो (इस सत्र में: ${r.session.deviceTrusted ? 'हाँ' : 'नहीं'})`,
      }),
    });
  }
  if (c.posture) {
    const checks = c.posture.require;
    const maxAgeMs = c.posture.max_age * 1000;
    const shown = checks.length ? checks.join(', ') : 'any findings';
    const fresh = (r: AccessRequest) =>
      r.session.posture !== null && r.now - r.session.posture.at <= maxAgeMs;
    out.push({
      reason: 'POSTURE_REQUIRED',
      detail: shown,
      test: fresh,
      describe: (r) => ({
        en: `a verified inspector report no older than ${c.posture?.max_age ?? 0} s (this session: ${r.session.posture ? 'reported' : 'none'})`,
        hi: `${c.posture?.max_age ?? 0} सेकंड से पुरानी न हो ऐसी सत्यापित इंस्पेक्टर रिपोर्ट (इस सत्र में: ${r.session.posture ? 'है' : 'नहीं'})`,
      }),
    });
    if (checks.length) {
      out.push({
        reason: 'POSTURE_FAILED',
        detail: shown,
        test: (r) => {
          const p = r.session.posture;
          if (!p) return false;
          for (const check of checks) if (p[POSTURE_FIELD[check]] !== 'yes') return false;
          return true;
        },
        describe: (r) => {
          const p = r.session.posture;
          const found = checks.map((k) => `${k}: ${p ? p[POSTURE_FIELD[k]] : '—'}`).join(', ');
          return {
            en: `the inspector found ${shown} (found: ${found})`,
            hi: `इंस्पेक्टर ने ${shown} पाया हो (पाया: ${found})`,
          };
        },
      });
    }
  }
  if (c.hours) {
    const { from, to } = c.hours;
    const days = new Set(c.hours.days.map((d) => DAYS.indexOf(d)));
    const wraps = to < from;
    const shownDays = c.hours.days.join(', ');
    out.push({
      reason: 'OUTSIDE_HOURS',
      detail: `${hhmm(from)}-${hhmm(to)}`,
      test: (r) => {
        const { minutes, day } = indiaClock(r.now);
        // A window past midnight belongs to the day it starts on.
        if (wraps && minutes < to) return days.has((day + 6) % 7);
        return days.has(day) && (wraps ? minutes >= from : minutes >= from && minutes < to);
      },
      describe: (r) => {
        const { minutes, day } = indiaClock(r.now);
        const found = `${DAYS[day] ?? ''} ${hhmm(minutes)}`;
        return {
          en: `between ${hhmm(from)} and ${hhmm(to)} India time on ${shownDays} (now: ${found})`,
          hi: `भारतीय समय ${hhmm(from)} से ${hhmm(to)} के बीच, ${c.hours?.days.map((d) => DAY_HI[d]).join(', ') ?? ''} (अभी: ${DAY_HI[DAYS[day] ?? 'sun']} ${hhmm(minutes)})`,
        };
      },
    });
  }
  if (c.network) {
    const nets = compileNetworks(c.network);
    const shown = c.network.join(', ');
    out.push({
      reason: 'NETWORK_NOT_ALLOWED',
      detail: shown,
      test: (r) => nets.matches(r.ip),
      describe: (r) => ({
        en: `from the network ${shown} (address: ${r.ip})`,
        hi: `नेटवर्क ${shown} से हो (पता: ${r.ip})`,
      }),
    });
  }
  return out;
}
