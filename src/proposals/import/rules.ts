import { z } from 'zod';
import { textProblem, type TextClass } from '../../web/index.ts';
import { ELIGIBLE_WINGS, type CsvColumn } from './csv-format.ts';
import type { CsvRecord } from './csv-read.ts';
import { issue, type ImportIssue, type NoteCode, type RowIssueCode } from './issues.ts';
import {
  lookupKey,
  normaliseEmail,
  normaliseEmployeeNo,
  type DirectoryOfficer,
  type ImportLookups,
  type Named,
  type OfficerRecord,
} from './lookups.ts';
import { notesFor } from './notes.ts';

/** A row that passed every check: what the commit writes. */
export interface ImportRow extends OfficerRecord {
  readonly line: number;
  /** The officer's zone: the directory's for an officer already there. */
  readonly zoneId: string;
  /** Set when the officer is already in the directory: reused, never overwritten. */
  readonly officerId: number | null;
}

export interface RowCheck {
  readonly rows: ImportRow[];
  readonly problems: ImportIssue<RowIssueCode>[];
  readonly notes: ImportIssue<NoteCode>[];
}

const EMPLOYEE_NO = /^[A-Z0-9][A-Z0-9/_.-]{0,29}$/;
// Devanagari letters and signs (with dandas, digits and Vedic marks), zero-width (non-)joiners, spaces
// and name punctuation; and at least one Devanagari letter.
const DEVANAGARI_NAME = /^(?:[\p{scx=Deva}\s.'’(),\u200C-]|\u200D)+$/u;
const DEVANAGARI_LETTER = /(?=\p{L})\p{sc=Deva}/u;
const MOBILE = /^(?:\+?91)?([6-9]\d{9})$/;
const Email = z.email().max(254);

/** Longest value of each column, in characters (RFC 5321 §4.5.3.1.3 caps a path, so an address, at 254). */
export const CELL_MAX: Readonly<Record<CsvColumn, number>> = {
  employee_no: 30,
  name_en: 100,
  name_hi: 100,
  rank: 100,
  wing: 100,
  district: 100,
  email: 254,
  mobile: 20,
};
/** The character class of each column (src/web/text-fields.ts); the column's own check follows. */
const CELL_CLASS: Readonly<Record<CsvColumn, TextClass>> = {
  employee_no: 'line',
  name_en: 'name',
  name_hi: 'name',
  rank: 'line',
  wing: 'line',
  district: 'line',
  email: 'line',
  mobile: 'line',
};
const TEXT_ISSUE = {
  line_break: 'line_break',
  control: 'control_characters',
  characters: 'name_characters',
  too_long: 'too_long',
} as const satisfies Record<string, RowIssueCode>;

const both = (n: Named) => ({ en: n.nameEn, hi: n.nameHi });

/** Finds IDs by name; the few distinct values in a file are looked up once each. */
function resolver(keys: ReadonlyMap<string, string>): (value: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (value) => {
    if (seen.has(value)) return seen.get(value);
    const id = keys.get(lookupKey(value));
    seen.set(value, id);
    return id;
  };
}

/** Lines sharing a normalised value, for values used more than once in the file (most are not). */
function repeatedLines(records: readonly CsvRecord[], key: (r: CsvRecord) => string): Map<string, number[]> {
  const first = new Map<string, number>();
  const repeated = new Map<string, number[]>();
  for (const r of records) {
    const k = key(r);
    if (k === '') continue;
    const line = first.get(k);
    const lines = repeated.get(k);
    if (line === undefined) first.set(k, r.line);
    else if (lines) lines.push(r.line);
    else repeated.set(k, [line, r.line]);
  }
  return repeated;
}

/** The line where each value first appears in the file. */
function firstLines(records: readonly CsvRecord[], key: (r: CsvRecord) => string): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of records) {
    const k = key(r);
    if (k !== '' && !first.has(k)) first.set(k, r.line);
  }
  return first;
}

/**
 * Checks every row against the directory (already loaded into `lookups`) and the zone being imported.
 * Pure: no queries. A repeated employee number rejects only its later rows, naming the first: that is one
 * officer listed twice, and "import only the valid rows" keeps the first. An e-mail shared by different
 * officers rejects each of their rows, as the file cannot say whose address it is.
 */
export function checkImportRows(
  records: readonly CsvRecord[],
  lookups: ImportLookups,
  zoneId: string,
): RowCheck {
  const employeeFirst = firstLines(records, (r) => normaliseEmployeeNo(r.values.employee_no));
  const isRepeat = (r: CsvRecord) => {
    const no = normaliseEmployeeNo(r.values.employee_no);
    return no !== '' && employeeFirst.get(no) !== r.line;
  };
  // A repeated officer's later rows are rejected as repeats already; their address is not another officer's.
  const emailLines = repeatedLines(
    records.filter((r) => !isRepeat(r)),
    (r) => normaliseEmail(r.values.email),
  );
  const zoneName = (id: string) => {
    const zone = lookups.zones.get(id);
    return zone ? both(zone) : id;
  };
  const out: RowCheck = { rows: [], problems: [], notes: [] };
  const rankOf = resolver(lookups.rankKeys);
  const wingOf = resolver(lookups.wingKeys);
  const districtOf = resolver(lookups.districtKeys);

  for (const { line, values: v } of records) {
    const problems: ImportIssue<RowIssueCode>[] = [];
    const add = (code: RowIssueCode, column: CsvColumn, params?: Record<string, string | number>) =>
      problems.push(issue(code, { line, column, value: v[column], params }));
    /** The cell fits its column's length and characters; otherwise the problem is added and false returned. */
    const fits = (column: CsvColumn): boolean => {
      const problem = textProblem(v[column], CELL_CLASS[column], CELL_MAX[column]);
      if (problem) add(TEXT_ISSUE[problem], column, { max: CELL_MAX[column] });
      return problem === undefined;
    };
    const others = (lines: readonly number[] | undefined) => {
      const rest = (lines ?? []).filter((l) => l !== line);
      return rest.length > 10 ? `${rest.slice(0, 10).join(', ')} …` : rest.join(', ');
    };

    const employeeNo = normaliseEmployeeNo(v.employee_no);
    const firstLine = employeeFirst.get(employeeNo);
    let existing: DirectoryOfficer | undefined;
    if (employeeNo === '') add('required', 'employee_no');
    else if (!fits('employee_no')) {
      // Reported above; the number is not looked up.
    } else if (!EMPLOYEE_NO.test(employeeNo)) add('employee_no_invalid', 'employee_no');
    else {
      if (firstLine !== undefined && firstLine !== line)
        add('employee_no_duplicate', 'employee_no', { line: firstLine });
      existing = lookups.officers.get(employeeNo);
    }
    if (existing) {
      const home = lookups.districts.get(existing.districtId);
      if (zoneId !== 'all' && home?.zoneId !== zoneId)
        problems.push(
          issue('employee_no_other_zone', {
            line,
            column: 'employee_no',
            value: v.employee_no,
            params: { zone: zoneName(home?.zoneId ?? '') },
          }),
        );
      if (lookups.accountHolders.has(existing.id)) add('officer_has_account', 'employee_no');
      const proposal = lookups.pending.get(existing.id);
      if (proposal !== undefined) add('officer_pending', 'employee_no', { proposal });
      const wing = lookups.wings.get(existing.wingId);
      if (!ELIGIBLE_WINGS.has(existing.wingId))
        problems.push(
          issue('directory_wing_not_eligible', {
            line,
            column: 'wing',
            value: v.wing,
            params: { wing: wing ? both(wing) : existing.wingId },
          }),
        );
    }

    if (v.name_en === '') add('required', 'name_en');
    else fits('name_en');
    if (v.name_hi === '') add('required', 'name_hi');
    else if (fits('name_hi') && (!DEVANAGARI_NAME.test(v.name_hi) || !DEVANAGARI_LETTER.test(v.name_hi)))
      add('name_hi_not_devanagari', 'name_hi');

    const rankId = rankOf(v.rank);
    if (v.rank === '') add('required', 'rank');
    else if (fits('rank') && !rankId) add('rank_unknown', 'rank');

    const wingId = wingOf(v.wing);
    if (v.wing === '') add('required', 'wing');
    else if (!fits('wing')) {
      // Reported above; the wing is not looked at further.
    } else if (!wingId) add('wing_unknown', 'wing');
    else if (!ELIGIBLE_WINGS.has(wingId)) add('wing_not_eligible', 'wing');

    const districtId = districtOf(v.district);
    const district = districtId ? lookups.districts.get(districtId) : undefined;
    if (v.district === '') add('required', 'district');
    else if (!fits('district')) {
      // Reported above; the district is not looked at further.
    } else if (!district) add('district_unknown', 'district');
    else if (zoneId !== 'all' && district.zoneId !== zoneId)
      problems.push(
        issue('district_outside_zone', {
          line,
          column: 'district',
          value: v.district,
          params: { zone: zoneName(zoneId) },
        }),
      );

    const email = normaliseEmail(v.email);
    if (email === '') add('required', 'email');
    else if (!fits('email')) {
      // Reported above; the address is not looked at further.
    } else if (!Email.safeParse(email).success) add('email_invalid', 'email');
    else {
      const lines = emailLines.get(email);
      if (lines?.includes(line) && lines.length > 1)
        add('email_duplicate', 'email', { lines: others(lines) });
      if ((lookups.emails.get(email) ?? []).some((no) => no !== employeeNo)) add('email_taken', 'email');
    }

    const mobileMatch = MOBILE.exec(v.mobile.replace(/[\s-]/g, ''));
    if (v.mobile !== '' && fits('mobile') && !mobileMatch) add('mobile_invalid', 'mobile');

    if (problems.length > 0 || !rankId || !wingId || !district) {
      out.problems.push(...problems);
      continue;
    }
    const row: ImportRow = {
      line,
      employeeNo,
      nameEn: v.name_en,
      nameHi: v.name_hi,
      rankId,
      wingId,
      districtId: district.id,
      zoneId: existing
        ? (lookups.districts.get(existing.districtId)?.zoneId ?? district.zoneId)
        : district.zoneId,
      email,
      mobile: mobileMatch?.[1] ?? null,
      officerId: existing?.id ?? null,
    };
    out.rows.push(row);
    out.notes.push(...notesFor(row, existing, lookups));
  }
  return out;
}
