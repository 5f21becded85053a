import { z } from 'zod';
import { normaliseText } from '../../web/index.ts';

/**
 * The review table as posted: one decision per row (`decision-<item>` and the fields that go with it), the
 * rows ticked for a bulk action, and which button was pressed. Field names carry the item's ID so that one
 * form holds every row and still works without JavaScript.
 */

/** A row's choice: approve, approve an officer of an open office as an exception, reject, or not yet. */
export type RowChoice = 'approve' | 'exception' | 'reject';

/** What was typed and chosen in one row; every text trimmed and in NFC. */
export interface RowValues {
  readonly choice: RowChoice | undefined;
  readonly reason: string;
  readonly exceptionReason: string;
  readonly validUntil: string;
}

export const EMPTY_ROW: RowValues = { choice: undefined, reason: '', exceptionReason: '', validUntil: '' };

/**
 * The buttons of the review page and of its confirm step: go on with the rows' own decisions, approve or
 * reject the ticked rows, or come back from the confirm step to change something.
 */
export type TableAction = 'rows' | 'approve_selected' | 'reject_selected' | 'edit';

export interface TableForm {
  readonly action: TableAction;
  /** Item IDs of the ticked rows, in the order posted, without repeats. */
  readonly selected: readonly number[];
  /** The one reason for "reject selected". */
  readonly bulkReason: string;
  /** By item ID; only rows of the proposal being reviewed. */
  readonly rows: ReadonlyMap<number, RowValues>;
  readonly confirm: boolean;
}

const MAX_TEXT = 500;
/** More fields than any proposal's table has is not a form this page sent. */
const MAX_FIELDS = 20_000;

const Text = z
  .string()
  .max(MAX_TEXT * 4)
  .optional()
  .transform((v) => normaliseText(v ?? '', 'line'));

const Id = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number);

const Fixed = z.object({
  do: z.enum(['rows', 'approve_selected', 'reject_selected', 'edit']).optional(),
  select: z
    .union([z.string(), z.array(z.string()).max(MAX_FIELDS)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(Id)),
  bulkReason: Text,
  confirm: z.literal('yes').optional(),
});

const Row = z.object({
  choice: z.enum(['approve', 'exception', 'reject', '']).optional(),
  reason: Text,
  exceptionReason: Text,
  validUntil: Text,
});

/**
 * Reads the posted table for the proposal's `itemIds`; fields of other items are ignored. Undefined when the
 * body is not a form this page sends (a field repeated where one is expected, an unknown choice).
 */
export function parseTableForm(body: unknown, itemIds: readonly number[]): TableForm | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  if (Object.keys(fields).length > MAX_FIELDS) return undefined;
  const fixed = Fixed.safeParse(fields);
  if (!fixed.success) return undefined;
  const rows = new Map<number, RowValues>();
  for (const id of itemIds) {
    const row = Row.safeParse({
      choice: fields[`decision-${id}`],
      reason: fields[`reason-${id}`],
      exceptionReason: fields[`exceptionReason-${id}`],
      validUntil: fields[`validUntil-${id}`],
    });
    if (!row.success) return undefined;
    const { choice, ...texts } = row.data;
    rows.set(id, { choice: choice === '' ? undefined : choice, ...texts });
  }
  const known = new Set(itemIds);
  return {
    action: fixed.data.do ?? 'rows',
    selected: [...new Set(fixed.data.select)].filter((id) => known.has(id)),
    bulkReason: fixed.data.bulkReason,
    rows,
    confirm: fixed.data.confirm === 'yes',
  };
}
