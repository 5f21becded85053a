import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { SessionStore } from '../session/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import { ERRORS } from '../errors.ts';
import { indiaDay, isoDayText, parseDay, type MessageKey } from '../i18n/index.ts';
import type { Database, Store } from '../store/index.ts';
import { checkText } from '../web/index.ts';
import { cancelAccessEnd, scheduleAccessEnd } from './access-expiry.ts';
import { countOfficerAccess } from './access-repository.ts';
import { findDistrict, insertStatusHistory, setOfficeStatus } from './repository.ts';
import type { OfficeStatus } from './table.ts';
import { reopenedAccessEnd } from './working-day.ts';

export const ORDER_NO_MAX = 100;
export const REASON_MAX = 1000;

/** The status form as typed, trimmed; anything that is not a single string reads as empty. */
export interface StatusFormValues {
  readonly status: string;
  readonly orderNo: string;
  readonly orderDate: string;
  readonly reason: string;
}

/** A checked request to change a district office's status. */
export interface StatusChange {
  readonly status: OfficeStatus;
  readonly orderNo: string;
  /** yyyy-mm-dd, as stored (people type and read dd-mm-yyyy). */
  readonly orderDate: string;
  readonly reason: string;
}

export type StatusField = keyof StatusFormValues;
export interface StatusFormError {
  readonly field: StatusField;
  readonly key: MessageKey;
}

const text = z
  .string()
  .max(10_000)
  .transform((s) => s.trim())
  .catch('');
const RawStatusForm = z.object({ status: text, orderNo: text, orderDate: text, reason: text });

export function readStatusForm(body: unknown): StatusFormValues {
  return RawStatusForm.parse(typeof body === 'object' && body !== null ? body : {});
}

/** Today's date (yyyy-mm-dd) in India, where orders are dated. */
export function todayInIndia(now: number): string {
  return isoDayText(indiaDay(now));
}

/** Checks the form against the office's current status; every problem is reported at once. */
export function validateStatusForm(
  v: StatusFormValues,
  current: OfficeStatus,
  today: string,
): { ok: true; change: StatusChange } | { ok: false; errors: StatusFormError[] } {
  const errors: StatusFormError[] = [];
  const status = v.status === 'open' || v.status === 'closed' ? v.status : undefined;
  if (!status) errors.push({ field: 'status', key: 'directory.errStatus' });
  else if (status === current) errors.push({ field: 'status', key: ERRORS.OFFICE_STATUS_UNCHANGED.body });
  // The order number is one line of letters, digits and `./-(),:#` (it is quoted in officers' mails); the
  // reason is a paragraph, as the order states it: line breaks allowed, control characters not.
  const orderNo = checkText(v.orderNo, 'reference', ORDER_NO_MAX);
  const reason = checkText(v.reason, 'paragraph', REASON_MAX);
  if (v.orderNo === '' || (!orderNo.ok && orderNo.problem === 'too_long'))
    errors.push({ field: 'orderNo', key: 'directory.errOrderNo' });
  else if (!orderNo.ok) errors.push({ field: 'orderNo', key: 'directory.errOrderNoCharacters' });
  // Typed as the department writes dates (dd-mm-yyyy or dd/mm/yyyy); yyyy-mm-dd still, as date pickers send.
  const orderDay = parseDay(v.orderDate);
  const orderDate = orderDay ? isoDayText(orderDay) : '';
  if (!orderDay) errors.push({ field: 'orderDate', key: 'directory.errOrderDate' });
  else if (orderDate > today) errors.push({ field: 'orderDate', key: 'directory.errOrderDateFuture' });
  if (v.reason === '' || (!reason.ok && reason.problem === 'too_long'))
    errors.push({ field: 'reason', key: 'directory.errReason' });
  else if (!reason.ok) errors.push({ field: 'reason', key: 'directory.errReasonCharacters' });
  if (errors.length > 0 || !status || !orderNo.ok || !reason.ok) return { ok: false, errors };
  return {
    ok: true,
    change: { status, orderNo: orderNo.value, orderDate, reason: reason.value },
  };
}

export type StatusChangeResult =
  | {
      readonly ok: true;
      readonly from: OfficeStatus;
      readonly to: OfficeStatus;
      /** Officer accounts whose access now ends (office opened) or no longer ends (closed again). */
      readonly accounts: number;
      readonly endsAt: number | null;
    }
  | { readonly ok: false; readonly code: 'NOT_FOUND' | 'OFFICE_STATUS_UNCHANGED' };

/**
 * Records a status change: the history row, the district's own status, the officers' access end (or its
 * cancellation) with their notices, and the audit events, in one transaction. An unchanged status writes
 * nothing. The update is conditional on the status read, so two HQ users cannot both apply one change.
 */
export async function changeDistrictStatus(
  deps: {
    readonly store: Store;
    readonly config: Config;
    readonly clock: Clock;
    readonly keyring: Keyring;
    readonly audit: AuditLog;
    readonly sessions: Pick<SessionStore, 'refreshFacts'>;
  },
  input: { districtId: string; change: StatusChange; actor: string; ip: string | null },
): Promise<StatusChangeResult> {
  const result = await recordStatusChange(deps, input);
  // Every node decides the district's officers' next request on the new status (the policy reads it).
  if (result.ok) await deps.sessions.refreshFacts({ district: input.districtId });
  return result;
}

function recordStatusChange(
  deps: Parameters<typeof changeDistrictStatus>[0],
  input: Parameters<typeof changeDistrictStatus>[1],
): Promise<StatusChangeResult> {
  const { change, districtId, actor } = input;
  return deps.store.db.transaction().execute(async (trx): Promise<StatusChangeResult> => {
    const district = await findDistrict(trx, districtId);
    if (!district) return { ok: false, code: 'NOT_FOUND' };
    const from = district.officeStatus;
    const unchanged = { ok: false, code: 'OFFICE_STATUS_UNCHANGED' } as const;
    if (from === change.status) return unchanged;
    const now = deps.clock.now();
    if (!(await setOfficeStatus(trx, { districtId, from, to: change.status, actor, now }))) return unchanged;
    await insertStatusHistory(trx, districtId, {
      officeStatus: change.status,
      orderNo: change.orderNo,
      orderDate: change.orderDate,
      reason: change.reason,
      changedBy: actor,
      changedAt: now,
    });
    await deps.audit.append(
      {
        type: 'district.status_changed',
        actor,
        target: districtId,
        ip: input.ip,
        detail: { from, to: change.status, order_no: change.orderNo, order_date: change.orderDate },
      },
      trx,
    );
    const access = { districtId, orderNo: change.orderNo, orderDate: change.orderDate, actor };
    if (change.status === 'open') {
      const endsAt = accessEndFor(change.orderDate, now, deps.config.provisioning.reopenGraceDays);
      const { accounts } = await scheduleAccessEnd(trx, deps, { ...access, endsAt });
      return { ok: true, from, to: change.status, accounts, endsAt };
    }
    const { accounts } = await cancelAccessEnd(trx, deps, access);
    return { ok: true, from, to: change.status, accounts, endsAt: null };
  });
}

/** What a change would do to officers' access, for the confirm step. */
export interface AccessEffect {
  readonly accounts: number;
  /** Of those, accounts never activated: they get no notice (see `scheduleAccessEnd`). */
  readonly notActivated: number;
  readonly endsAt: number | null;
}

/**
 * When a reopened district's access ends, from the order's date (yyyy-mm-dd, checked) and the time HQ
 * records it; the same computation serves the confirm step and the change itself.
 */
export function accessEndFor(orderDate: string, recordedAt: number, workingDays: number): number {
  const orderDay = parseDay(orderDate) ?? indiaDay(recordedAt);
  return reopenedAccessEnd({ orderDay, recordedAt, workingDays });
}

/** The confirm step's preview: how many accounts a change touches and, when reopening, when access ends. */
export async function previewAccessEffect(
  db: Kysely<Database>,
  input: { districtId: string; change: StatusChange; now: number; graceDays: number },
): Promise<AccessEffect> {
  const { districtId, change, now } = input;
  if (change.status === 'closed') return countOfficerAccess(db, districtId, now);
  const { accounts, notActivated } = await countOfficerAccess(db, districtId);
  return { accounts, notActivated, endsAt: accessEndFor(change.orderDate, now, input.graceDays) };
}
