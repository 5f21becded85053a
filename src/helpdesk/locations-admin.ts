import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { listDistricts } from '../directory/index.ts';
import type { Store } from '../store/index.ts';
import { checkText, toCsv, type CsvValue } from '../web/index.ts';
import { deleteLocation, listLocations, upsertLocation } from './locations-admin-repository.ts';

/** The columns of the locations CSV, in the order the export writes them. */
export const LOCATION_COLUMNS = [
  'district',
  'si_name',
  'si_phone',
  'si_email',
  'hours_en',
  'hours_hi',
] as const;
export type LocationColumn = (typeof LOCATION_COLUMNS)[number];

/** The most rows one import holds (Uttar Pradesh has 75 districts; a file much longer is a mistake). */
export const MAX_IMPORT_ROWS = 500;
/** The largest import file, in bytes. */
export const MAX_IMPORT_BYTES = 256 * 1024;

/** What can be wrong with one field (each has a sentence in the catalogue: `helpdesk.loc_<code>`). */
export type LocationProblemCode =
  | 'district_unknown'
  | 'district_duplicate'
  | 'name_invalid'
  | 'phone_invalid'
  | 'email_invalid'
  | 'hours_invalid';

export interface LocationProblem {
  /** The line in the file (the header is line 1); 0 for a form. */
  readonly line: number;
  readonly column: LocationColumn;
  readonly code: LocationProblemCode;
  readonly value: string;
}

/** A location as typed: every field a string. */
export type LocationValues = Readonly<Record<LocationColumn, string>>;

export interface LocationInput {
  readonly districtId: string;
  readonly siName: string;
  readonly siPhone: string;
  readonly siEmail: string | null;
  readonly hoursEn: string;
  readonly hoursHi: string;
}

/** Indian phone numbers as people write them: an optional +91 or 0, then digits with spaces or dashes. */
const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;
const EMAIL = z.email().max(200);

/** District IDs by ID and by English or Hindi name (case-insensitive, NFC). */
export type DistrictLookup = ReadonlyMap<string, string>;

const key = (s: string) => s.normalize('NFC').trim().toLowerCase();

export async function districtLookup(store: Store): Promise<DistrictLookup> {
  const lookup = new Map<string, string>();
  for (const d of await listDistricts(store.db)) {
    lookup.set(key(d.id), d.id);
    lookup.set(key(d.nameEn), d.id);
    lookup.set(key(d.nameHi), d.id);
  }
  return lookup;
}

/** Checks one location; the value to keep, or every problem with it. */
export function checkLocation(
  values: LocationValues,
  districts: DistrictLookup,
  line: number,
): { ok: true; value: LocationInput } | { ok: false; problems: LocationProblem[] } {
  const problems: LocationProblem[] = [];
  const bad = (column: LocationColumn, code: LocationProblemCode) =>
    problems.push({ line, column, code, value: values[column] });
  const districtId = districts.get(key(values.district));
  if (!districtId) bad('district', 'district_unknown');
  // A name, perhaps with a word on the role ("Ravi Shankar (SI, Lucknow)"): one line with a letter in it.
  const name = checkText(values.si_name, 'line', 120);
  if (!name.ok || !/\p{L}/u.test(name.value)) bad('si_name', 'name_invalid');
  const phone = values.si_phone.trim();
  const digits = phone.replace(/\D/g, '').length;
  if (!PHONE.test(phone) || digits < 10 || digits > 13) bad('si_phone', 'phone_invalid');
  const email = values.si_email.trim();
  if (email !== '' && !EMAIL.safeParse(email).success) bad('si_email', 'email_invalid');
  const hoursEn = checkText(values.hours_en, 'line', 120);
  if (!hoursEn.ok || hoursEn.value === '') bad('hours_en', 'hours_invalid');
  const hoursHi = checkText(values.hours_hi, 'line', 120);
  if (!hoursHi.ok || hoursHi.value === '') bad('hours_hi', 'hours_invalid');
  if (problems.length > 0 || !districtId || !name.ok || !hoursEn.ok || !hoursHi.ok)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      districtId,
      siName: name.value,
      siPhone: phone,
      siEmail: email === '' ? null : email,
      hoursEn: hoursEn.value,
      hoursHi: hoursHi.value,
    },
  };
}

/** Why a whole file cannot be read (a sentence each: `helpdesk.file_<code>`). */
export type FileProblemCode = 'too_large' | 'malformed' | 'header' | 'empty' | 'too_many_rows';

export type ImportCheck =
  | { readonly kind: 'file'; readonly code: FileProblemCode }
  | { readonly kind: 'rows'; readonly problems: readonly LocationProblem[]; readonly rows: number }
  | { readonly kind: 'ok'; readonly locations: readonly LocationInput[] };

/**
 * A cell as typed: NFC, and without the `'` our own export puts before a cell that starts like a formula
 * (a phone number `+91…`), so an exported file imports again unchanged.
 */
function cellOf(field: string): string {
  const value = field.normalize('NFC');
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

/**
 * Reads and checks a locations CSV: a header naming exactly the six columns (any order, any case), then
 * one row per district office. Every row is checked; the file is usable only when no row has a problem
 * (a district named twice is a problem of the second row).
 */
export function checkLocationsCsv(text: string, districts: DistrictLookup): ImportCheck {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES) return { kind: 'file', code: 'too_large' };
  let records: string[][];
  try {
    const parsed: unknown = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
    records = Array.isArray(parsed)
      ? parsed.map((r: unknown) => (Array.isArray(r) ? r.map((f: unknown) => cellOf(String(f))) : []))
      : [];
  } catch {
    return { kind: 'file', code: 'malformed' };
  }
  const [header, ...rows] = records;
  if (!header) return { kind: 'file', code: 'empty' };
  const names = header.map((h) => h.toLowerCase());
  const complete = LOCATION_COLUMNS.every((c) => names.filter((n) => n === c).length === 1);
  if (!complete || names.length !== LOCATION_COLUMNS.length) return { kind: 'file', code: 'header' };
  if (rows.length === 0) return { kind: 'file', code: 'empty' };
  if (rows.length > MAX_IMPORT_ROWS) return { kind: 'file', code: 'too_many_rows' };
  const at = (row: string[], c: LocationColumn) => row[names.indexOf(c)] ?? '';
  const problems: LocationProblem[] = [];
  const locations: LocationInput[] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    // Lines as a spreadsheet numbers them (quoted line breaks are not expected in these short fields).
    const line = i + 2;
    const values = Object.fromEntries(LOCATION_COLUMNS.map((c) => [c, at(row, c)])) as LocationValues;
    const checked = checkLocation(values, districts, line);
    if (!checked.ok) {
      problems.push(...checked.problems);
    } else if (seen.has(checked.value.districtId)) {
      problems.push({ line, column: 'district', code: 'district_duplicate', value: values.district });
    } else {
      seen.add(checked.value.districtId);
      locations.push(checked.value);
    }
  }
  return problems.length > 0 ? { kind: 'rows', problems, rows: rows.length } : { kind: 'ok', locations };
}

export interface LocationAdminDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

interface Actor {
  readonly userId: string;
  readonly ip: string | null;
}

const rowOf = (l: LocationInput, now: number, by: string) => ({
  district_id: l.districtId,
  si_name: l.siName,
  si_phone: l.siPhone,
  si_email: l.siEmail,
  hours_en: l.hoursEn,
  hours_hi: l.hoursHi,
  updated_at: now,
  updated_by: by,
});

/** Saves every location of a checked file in one transaction, audited once with the count. */
export async function importLocations(
  deps: LocationAdminDeps,
  actor: Actor,
  locations: readonly LocationInput[],
): Promise<void> {
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    for (const l of locations) await upsertLocation(trx, rowOf(l, now, actor.userId));
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: 'support_locations',
        detail: {
          what: 'locations_imported',
          rows: locations.length,
          districts: locations.map((l) => l.districtId).join(' '),
        },
      },
      trx,
    );
  });
}

/** Saves one location (the edit form), audited with what it now says. */
export async function saveLocation(deps: LocationAdminDeps, actor: Actor, l: LocationInput): Promise<void> {
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    await upsertLocation(trx, rowOf(l, now, actor.userId));
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: l.districtId,
        detail: { what: 'location_saved', district: l.districtId, si_name: l.siName, si_phone: l.siPhone },
      },
      trx,
    );
  });
}

/** Removes a district's SI, audited; false when none was set (nothing audited). */
export async function removeLocation(
  deps: LocationAdminDeps,
  actor: Actor,
  districtId: string,
): Promise<boolean> {
  return deps.store.db.transaction().execute(async (trx) => {
    if (!(await deleteLocation(trx, districtId))) return false;
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: districtId,
        detail: { what: 'location_removed', district: districtId },
      },
      trx,
    );
    return true;
  });
}

/** Every location with an SI as CSV, in the import's own format (so an export can be edited and imported). */
export async function locationsCsv(store: Store): Promise<string> {
  const rows = (await listLocations(store.db)).filter((r) => r.siName !== null);
  const table: CsvValue[][] = [
    [...LOCATION_COLUMNS],
    ...rows.map((r) => [r.districtId, r.siName, r.siPhone, r.siEmail, r.hoursEn, r.hoursHi]),
  ];
  return toCsv(table);
}
