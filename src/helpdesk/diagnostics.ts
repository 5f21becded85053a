import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { Database } from '../store/index.ts';
import type { Kysely, Transaction } from 'kysely';
import {
  findDiagnosisAccount,
  findLatestActivation,
  listAnonymousFailures,
  listUserAddresses,
  listUserFailures,
} from './diagnostics-queries.ts';

/**
 * Self-diagnostics (issue 11): why an officer cannot get in, in findings a person can act on. Each finding
 * names a catalogue sentence (`selfHelp.f_<code>`) and its fix (`selfHelp.fix_<code>`). Built only from
 * states and dates: never a hash, token, code, TOTP secret or password.
 */

export const FINDING_CODES = [
  'account_active',
  'account_pending',
  'account_locked',
  'account_suspended',
  'account_expired',
  'account_revoked',
  'access_ends',
  'link_none',
  'link_sent',
  'link_expired',
  'link_used',
  'link_superseded',
  'office_closed',
  'office_reopened',
  'office_open',
  'office_unknown',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const ATTEMPT_KINDS = [
  'wrong_password',
  'wrong_code',
  'passkey_failed',
  'locked',
  'not_active',
  'disclaimer_declined',
  'inspection_failed',
  'policy_office',
  'policy_acknowledgement',
  'policy_expired',
  'policy_other',
] as const;
export type AttemptKind = (typeof ATTEMPT_KINDS)[number];

export interface Finding {
  readonly code: FindingCode;
  /** True when this stops the officer getting in (shown first, marked in words). */
  readonly problem: boolean;
  /** A time the sentence names (locked until, sent at, ends at), ms since the epoch. */
  readonly at: number | null;
  /** The district's name, for the office findings. */
  readonly place: { readonly en: string; readonly hi: string } | null;
}

export interface Attempt {
  readonly at: number;
  readonly kind: AttemptKind;
  /** The failed device checks, or the policy's reason code; never anything secret. */
  readonly detail: string;
  /** Recorded from this user's address before they typed their ID (device check, disclaimer). */
  readonly byAddress: boolean;
}

export interface Diagnosis {
  readonly accountId: number;
  readonly userId: string;
  readonly findings: readonly Finding[];
  /** The last failed sign-in steps, newest first (at most 10). */
  readonly attempts: readonly Attempt[];
}

const USER_FAILURES = [
  'login.failed',
  'login.mfa_failed',
  'login.passkey_failed',
  'login.locked',
  'login.rejected_locked',
  'login.rejected_inactive',
  'access.denied',
] as const;
const ADDRESS_FAILURES = ['inspection.failed', 'disclaimer.declined'] as const;
const WINDOW_MS = 14 * 24 * 3600_000;
const MAX_ATTEMPTS = 10;

type Db = Kysely<Database> | Transaction<Database>;

function detailOf(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** One audit row as an attempt, in words the officer understands. */
function attemptOf(row: { at: number; type: string; detail: string }, byAddress: boolean): Attempt {
  const d = detailOf(row.detail);
  const make = (kind: AttemptKind, detail = ''): Attempt => ({ at: row.at, kind, detail, byAddress });
  switch (row.type) {
    case 'login.failed':
      return make('wrong_password');
    case 'login.mfa_failed':
      return make('wrong_code');
    case 'login.passkey_failed':
      return make('passkey_failed');
    case 'login.locked':
    case 'login.rejected_locked':
      return make('locked');
    case 'login.rejected_inactive':
      return make('not_active', typeof d.status === 'string' ? d.status : '');
    case 'disclaimer.declined':
      return make('disclaimer_declined');
    case 'inspection.failed': {
      // Counted per address and minute (audit tally): the checks are in the first failure's `sample`.
      const checks = typeof d.sample === 'string' ? detailOf(d.sample) : d;
      // Only the names of the checks that failed: `{ os: 'fail:…' }` → "os".
      return make(
        'inspection_failed',
        Object.entries(checks)
          .filter(([, v]) => typeof v === 'string' && v.startsWith('fail'))
          .map(([k]) => k)
          .join(', '),
      );
    }
    default: {
      const reason = typeof d.reason === 'string' ? d.reason : '';
      if (reason === 'OFFICE_OPEN' || reason === 'OFFICE_CLOSED') return make('policy_office', reason);
      if (reason === 'ACKNOWLEDGEMENT_REQUIRED') return make('policy_acknowledgement', reason);
      if (reason === 'ACCESS_EXPIRED') return make('policy_expired', reason);
      return make('policy_other', reason.slice(0, 40));
    }
  }
}

function accountFinding(
  a: {
    status: string;
    locked_until: number | null;
    valid_until: number | null;
    access_ends_at: number | null;
  },
  now: number,
): Finding {
  const f = (code: FindingCode, problem: boolean, at: number | null = null): Finding => ({
    code,
    problem,
    at,
    place: null,
  });
  if (a.status === 'locked' || (a.locked_until !== null && a.locked_until > now))
    return f('account_locked', true, a.locked_until);
  switch (a.status) {
    case 'pending_activation':
      return f('account_pending', true);
    case 'suspended':
      return f('account_suspended', true);
    case 'expired':
      return f('account_expired', true, a.access_ends_at ?? a.valid_until);
    case 'revoked':
      return f('account_revoked', true);
    default:
      return f('account_active', false);
  }
}

function linkFinding(
  t:
    | { created_at: number; expires_at: number; used_at: number | null; superseded_at: number | null }
    | undefined,
  pending: boolean,
  now: number,
): Finding {
  const f = (code: FindingCode, problem: boolean, at: number | null): Finding => ({
    code,
    problem,
    at,
    place: null,
  });
  if (!t) return f('link_none', pending, null);
  if (t.used_at !== null) return f('link_used', false, t.used_at);
  if (t.superseded_at !== null) return f('link_superseded', pending, t.superseded_at);
  if (t.expires_at <= now) return f('link_expired', pending, t.expires_at);
  return f('link_sent', false, t.created_at);
}

/**
 * Diagnoses why `accountId` may not get in: account state and access end, activation link state, district
 * office state, and the last failed sign-in steps with their reasons. `addresses` adds places the officer is
 * known to be at now (the help page's own request address), whose anonymous device-check and disclaimer
 * failures then count too. Throws `NOT_FOUND` for an unknown account.
 */
export async function diagnoseAccount(
  db: Db,
  clock: Clock,
  accountId: number,
  addresses: readonly string[] = [],
): Promise<Diagnosis> {
  const now = clock.now();
  const a = await findDiagnosisAccount(db, accountId);
  if (!a) throw new AppError('NOT_FOUND');
  const findings: Finding[] = [accountFinding(a, now)];
  const ends = a.access_ends_at ?? a.valid_until;
  if (ends !== null && a.status !== 'expired')
    findings.push({ code: 'access_ends', problem: ends <= now, at: ends, place: null });
  findings.push(
    linkFinding(await findLatestActivation(db, accountId), a.status === 'pending_activation', now),
  );
  const place = a.district_en && a.district_hi ? { en: a.district_en, hi: a.district_hi } : null;
  if (!a.office_status) findings.push({ code: 'office_unknown', problem: false, at: null, place });
  else if (a.office_status === 'closed')
    findings.push({ code: 'office_closed', problem: false, at: a.status_changed_at, place });
  else if (a.access_ends_at !== null)
    findings.push({ code: 'office_reopened', problem: a.access_ends_at <= now, at: a.access_ends_at, place });
  else
    findings.push({ code: 'office_open', problem: !a.open_office_exception, at: a.status_changed_at, place });

  const since = now - WINDOW_MS;
  const own = await listUserFailures(db, a.user_id, USER_FAILURES, since, MAX_ATTEMPTS);
  const ips = [...new Set([...addresses, ...(await listUserAddresses(db, a.user_id, since))])].slice(0, 10);
  const byAddress = await listAnonymousFailures(db, ips, ADDRESS_FAILURES, since, MAX_ATTEMPTS);
  const attempts = [...own.map((r) => ({ r, anon: false })), ...byAddress.map((r) => ({ r, anon: true }))]
    .sort((x, y) => y.r.seq - x.r.seq)
    .slice(0, MAX_ATTEMPTS)
    .map(({ r, anon }) => attemptOf(r, anon));
  return {
    accountId: a.id,
    userId: a.user_id,
    findings: [...findings.filter((f) => f.problem), ...findings.filter((f) => !f.problem)],
    attempts,
  };
}
