import { z } from 'zod';
import { addDays, indiaTime, parseDay, type MessageKey } from '../i18n/index.ts';
import { EVENT_TYPES, isEventType } from './event-types.ts';

/** The search form's fields, in the order the form shows them (and the error summary lists them). */
export const FIELDS = ['user', 'zone', 'district', 'action', 'from', 'to', 'q'] as const;
export type Field = (typeof FIELDS)[number];

/** What each field's error says, with the fix. */
export const FIELD_ERRORS: Record<Field, MessageKey> = {
  user: 'auditView.errUser',
  zone: 'auditView.errZone',
  district: 'auditView.errDistrict',
  action: 'auditView.errAction',
  from: 'auditView.errFrom',
  to: 'auditView.errTo',
  q: 'auditView.errText',
};

/** A prefix such as `login.` (or `login.*`) that names at least one event type. */
function knownPrefix(value: string): boolean {
  const prefix = value.endsWith('.*') ? value.slice(0, -1) : value;
  return prefix.endsWith('.') && prefix.length > 1 && EVENT_TYPES.some((t) => t.startsWith(prefix));
}

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
const slug = z
  .string()
  .trim()
  .max(60)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .transform(blank);
const day = z
  .string()
  .trim()
  .max(10)
  .optional()
  .transform(blank)
  .refine((v) => v === undefined || parseDay(v) !== null);

/** The search's GET parameters, shared by the page, the exports and the paging links. */
export const SearchQuery = z
  .object({
    user: z
      .string()
      .trim()
      .toLowerCase()
      .max(64)
      .regex(/^[a-z0-9._@-]*$/)
      .optional()
      .transform(blank),
    zone: slug,
    district: slug,
    action: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform(blank)
      .refine((v) => v === undefined || isEventType(v) || knownPrefix(v)),
    from: day,
    to: day,
    q: z.string().trim().max(100).optional().transform(blank),
    // Keyset paging: events older than this sequence number. Not a form field: a bad one is a bad link.
    before: z
      .string()
      .regex(/^[1-9]\d{0,14}$/)
      .optional()
      .transform((v) => (v === undefined ? undefined : Number(v))),
  })
  .superRefine((q, ctx) => {
    const from = q.from === undefined ? null : parseDay(q.from);
    const to = q.to === undefined ? null : parseDay(q.to);
    if (from && to && indiaTime(from) > indiaTime(to))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'before from' });
  });
export type SearchQuery = z.infer<typeof SearchQuery>;

/** The filters a query asks for, in the form the queries take: times as instants, actions as a type list. */
export interface EventFilters {
  readonly userId: string | undefined;
  readonly zoneId: string | undefined;
  readonly districtId: string | undefined;
  /** Exact types (one for a type, several for a prefix); undefined for any. */
  readonly types: readonly string[] | undefined;
  /** From the start of the `from` day, India time (inclusive). */
  readonly fromMs: number | undefined;
  /** Up to the end of the `to` day, India time (exclusive bound: the next day's midnight). */
  readonly toMs: number | undefined;
  /** Text the target must contain. */
  readonly text: string | undefined;
}

export function filtersOf(q: SearchQuery): EventFilters {
  const from = q.from === undefined ? null : parseDay(q.from);
  const to = q.to === undefined ? null : parseDay(q.to);
  let types: readonly string[] | undefined;
  if (q.action !== undefined) {
    const prefix = q.action.endsWith('.*') ? q.action.slice(0, -1) : q.action;
    types = isEventType(prefix) ? [prefix] : EVENT_TYPES.filter((t) => t.startsWith(prefix));
  }
  return {
    userId: q.user,
    zoneId: q.zone,
    districtId: q.district,
    types,
    fromMs: from ? indiaTime(from) : undefined,
    toMs: to ? indiaTime(addDays(to, 1)) : undefined,
    text: q.q,
  };
}

/** The parameters that reproduce a query (for export links and the "older" link), without `before`. */
export function searchString(q: SearchQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = q[field];
    if (value !== undefined) params.set(field, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

/** The query as the audit record of a search stores it: only what was asked. */
export function askedDetail(q: SearchQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = q[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** The form fields a failed parse names, in form order (a bad `before` names none: the link is at fault). */
export function fieldsOf(error: z.ZodError): Field[] {
  const named = new Set(error.issues.map((i) => String(i.path[0] ?? '')));
  return FIELDS.filter((f) => named.has(f));
}
