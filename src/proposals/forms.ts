import { z } from 'zod';
import { normaliseText } from '../web/index.ts';
import { MAX_PICKS } from './workflow/eligible-officers.ts';

/** A positive database ID in a path or form field. */
const Id = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number);

/** A field that may be sent once, many times, or not at all (checkbox lists). */
const IdList = z
  .union([z.string(), z.array(z.string()).max(MAX_PICKS + 1)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
  .pipe(z.array(Id));

const Slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .transform((v) => v || undefined);

/** Typed text, trimmed and in Unicode NFC; its characters are checked by the rules that use it. */
const Text = (max: number) =>
  z
    .string()
    .max(max * 4)
    .optional()
    .transform((v) => normaliseText(v ?? '', 'line'));

export const ProposalParams = z.object({ id: Id });
export const ItemParams = z.object({ id: Id, itemId: Id });

/** The picker's filters (GET). Unknown values are dropped later against the real choices. */
export const PickQuery = z.object({ zone: Slug, district: Slug, wing: Slug }).catch({
  zone: undefined,
  district: undefined,
  wing: undefined,
});

export const CreateForm = z.object({ zone: Slug, officer: IdList });
export type CreateFormValues = z.infer<typeof CreateForm>;

export const RemoveForm = z.object({ item: IdList });

export const ConfirmForm = z.object({ confirm: z.literal('yes').optional() });

/** One officer's decision as posted from the review page (and echoed by its confirm page). */
export const DecisionForm = z.object({
  decision: z.enum(['approve', 'reject']).optional(),
  reason: Text(500),
  exception: z.literal('yes').optional(),
  exceptionReason: Text(500),
  validUntil: Text(10),
  confirm: z.literal('yes').optional(),
});
export type DecisionFormValues = z.infer<typeof DecisionForm>;

export const BulkForm = z.object({
  validUntil: Text(10),
  item: IdList,
  confirm: z.literal('yes').optional(),
});
