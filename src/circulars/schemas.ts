import { z } from 'zod';
import { ROLES } from '../accounts/index.ts';
import { addDays, indiaTime, isoDayText, parseDay, type MessageKey } from '../i18n/index.ts';
import { unsafeBodyParts } from './render-body.ts';

/** How many audience rows the form offers (blank rows are ignored). */
export const AUDIENCE_ROWS = 8;

export type AudienceKind = 'recipient' | 'copy';

export interface AudienceInput {
  readonly kind: AudienceKind;
  readonly role: string | null;
  readonly zoneId: string | null;
  readonly districtId: string | null;
}

/** A draft as the service stores it: validated, dates in their stored form. */
export interface CircularDraft {
  readonly number: string;
  /** `YYYY-MM-DD`. */
  readonly issuedOn: string;
  readonly subjectEn: string;
  readonly subjectHi: string;
  readonly bodyEn: string;
  readonly bodyHi: string;
  readonly authorityEn: string;
  readonly authorityHi: string;
  readonly copyToEn: string;
  readonly copyToHi: string;
  readonly ackRequired: boolean;
  /** End of the deadline's day in India time (ms), or null. */
  readonly ackDeadline: number | null;
  readonly gatesAccess: boolean;
  readonly audiences: readonly AudienceInput[];
}

/** One problem with a form: which field, and the catalogue sentence that says how to fix it. */
export interface FieldProblem {
  readonly field: string;
  readonly key: MessageKey;
  readonly vars?: Readonly<Record<string, string | number>>;
}

const text = (max: number) => z.string().trim().max(max);
const lines = z
  .string()
  .max(4000)
  .transform((s) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .join('\n'),
  );

const Fields = z.object({
  number: text(80).min(1),
  issuedOn: z.string().trim().min(1).max(20),
  subjectEn: text(300).min(1),
  subjectHi: text(300).min(1),
  bodyEn: z.string().trim().min(1).max(50_000),
  bodyHi: z.string().trim().min(1).max(50_000),
  authorityEn: text(300).min(1),
  authorityHi: text(300).min(1),
  copyToEn: lines,
  copyToHi: lines,
  ackDeadline: z.string().trim().max(20),
});

const KIND = z.enum(['recipient', 'copy']);
const ROLE = z.enum(ROLES);
const PLACE = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z0-9-]*$/);

/** Form field → catalogue key for "required / too long / not understood". */
const FIELD_KEYS: Record<string, MessageKey> = {
  number: 'circulars.errNumber',
  issuedOn: 'circulars.errDate',
  subjectEn: 'circulars.errSubject',
  subjectHi: 'circulars.errSubject',
  bodyEn: 'circulars.errBody',
  bodyHi: 'circulars.errBody',
  authorityEn: 'circulars.errAuthority',
  authorityHi: 'circulars.errAuthority',
  copyToEn: 'circulars.errCopyTo',
  copyToHi: 'circulars.errCopyTo',
  ackDeadline: 'circulars.errDeadline',
};

function str(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v : '';
}

function parseAudiences(
  form: Record<string, unknown>,
  problems: FieldProblem[],
  districtZone: ReadonlyMap<string, string>,
  zones: ReadonlySet<string>,
): AudienceInput[] {
  const out: AudienceInput[] = [];
  for (let i = 0; i < AUDIENCE_ROWS; i++) {
    const kindRaw = str(form, `aud${i}Kind`);
    if (kindRaw === '') continue;
    const kind = KIND.safeParse(kindRaw);
    const roleRaw = str(form, `aud${i}Role`);
    const role = roleRaw === '' ? null : ROLE.safeParse(roleRaw);
    const zone = PLACE.safeParse(str(form, `aud${i}Zone`));
    const district = PLACE.safeParse(str(form, `aud${i}District`));
    const field = `aud${i}Kind`;
    if (!kind.success || (role && !role.success) || !zone.success || !district.success) {
      problems.push({ field, key: 'circulars.errAudience', vars: { row: i + 1 } });
      continue;
    }
    const zoneId = zone.data || null;
    const districtId = district.data || null;
    if (zoneId && !zones.has(zoneId)) {
      problems.push({ field: `aud${i}Zone`, key: 'circulars.errAudience', vars: { row: i + 1 } });
      continue;
    }
    if (districtId) {
      const inZone = districtZone.get(districtId);
      if (!inZone) {
        problems.push({ field: `aud${i}District`, key: 'circulars.errAudience', vars: { row: i + 1 } });
        continue;
      }
      if (zoneId && inZone !== zoneId) {
        problems.push({ field: `aud${i}District`, key: 'circulars.errDistrictZone', vars: { row: i + 1 } });
        continue;
      }
    }
    out.push({ kind: kind.data, role: role ? (role.data ?? null) : null, zoneId, districtId });
  }
  if (!out.some((a) => a.kind === 'recipient'))
    problems.push({ field: 'aud0Kind', key: 'circulars.errNoRecipients' });
  return out;
}

/** End of a day in India time: the last millisecond before the next day's midnight IST. */
export function endOfIndiaDay(day: { year: number; month: number; day: number }): number {
  return indiaTime(addDays(day, 1)) - 1;
}

export type DraftParse =
  | { readonly ok: true; readonly draft: CircularDraft }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * Reads the circular form. Every problem is reported together: fields missing or too long, a date that is
 * not dd-mm-yyyy, an audience row naming an unknown zone or a district outside its zone, no recipient
 * audience at all, and Markdown holding raw HTML or an unsafe link (listed, never silently changed).
 */
export function parseCircularForm(
  form: Record<string, unknown>,
  directory: { districtZone: ReadonlyMap<string, string>; zones: ReadonlySet<string> },
): DraftParse {
  const problems: FieldProblem[] = [];
  const raw = Object.fromEntries(Object.keys(Fields.shape).map((k) => [k, str(form, k)]));
  const parsed = Fields.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'number');
      if (seen.has(field)) continue;
      seen.add(field);
      problems.push({ field, key: FIELD_KEYS[field] ?? 'circulars.errNumber' });
    }
  }
  const issued = parseDay(str(form, 'issuedOn'));
  if (!issued && !problems.some((p) => p.field === 'issuedOn'))
    problems.push({ field: 'issuedOn', key: 'circulars.errDate' });
  const deadlineText = str(form, 'ackDeadline').trim();
  const deadline = deadlineText ? parseDay(deadlineText) : null;
  if (deadlineText && !deadline && !problems.some((p) => p.field === 'ackDeadline'))
    problems.push({ field: 'ackDeadline', key: 'circulars.errDeadline' });
  for (const field of ['bodyEn', 'bodyHi'] as const) {
    const unsafe = unsafeBodyParts(str(form, field));
    if (unsafe.length)
      problems.push({
        field,
        key: 'circulars.errUnsafeBody',
        vars: { parts: unsafe.slice(0, 5).join(', ') },
      });
  }
  const audiences = parseAudiences(form, problems, directory.districtZone, directory.zones);
  if (problems.length || !parsed.success || !issued) return { ok: false, problems };
  const f = parsed.data;
  return {
    ok: true,
    draft: {
      number: f.number,
      issuedOn: isoDayText(issued),
      subjectEn: f.subjectEn,
      subjectHi: f.subjectHi,
      bodyEn: f.bodyEn,
      bodyHi: f.bodyHi,
      authorityEn: f.authorityEn,
      authorityHi: f.authorityHi,
      copyToEn: f.copyToEn,
      copyToHi: f.copyToHi,
      ackRequired: str(form, 'ackRequired') === 'on' || str(form, 'ackRequired') === '1',
      ackDeadline: deadline ? endOfIndiaDay(deadline) : null,
      gatesAccess: str(form, 'gatesAccess') === 'on' || str(form, 'gatesAccess') === '1',
      audiences,
    },
  };
}

/** The withdraw form: a reason, required. */
export const WithdrawForm = z.object({ reason: z.string().trim().min(3).max(500) });
/** The attestation form: the zone (must be the attesting head's own) and an optional note. */
export const AttestForm = z.object({
  zone: z.string().trim().min(1).max(64),
  note: z.string().trim().max(500).default(''),
});
/** A path's numeric ID. */
export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
export const AttachmentParams = IdParams.extend({
  aid: z.coerce.number().int().positive().max(2_147_483_647),
});
