import type { CsvColumn } from './csv-format.ts';
import { issue, type ImportIssue, type IssueParam, type NoteCode } from './issues.ts';
import { normaliseEmail, type DirectoryOfficer, type ImportLookups, type Named } from './lookups.ts';
import type { ImportRow } from './rules.ts';

const both = (n: Named) => ({ en: n.nameEn, hi: n.nameHi });

/** What differs from the directory (which the import never overwrites), and open offices. */
export function notesFor(
  row: ImportRow,
  existing: DirectoryOfficer | undefined,
  lookups: ImportLookups,
): ImportIssue<NoteCode>[] {
  const notes: ImportIssue<NoteCode>[] = [];
  const at = { line: row.line };
  if (existing) {
    const name = (map: ReadonlyMap<string, Named>, id: string) => {
      const n = map.get(id);
      return n ? both(n) : id;
    };
    const differs = (column: CsvColumn, same: boolean, value: string, directory: IssueParam) => {
      if (!same) notes.push(issue('directory_differs', { ...at, column, value, params: { directory } }));
    };
    differs('name_en', existing.nameEn.trim() === row.nameEn, row.nameEn, existing.nameEn);
    differs('name_hi', existing.nameHi.normalize('NFC').trim() === row.nameHi, row.nameHi, existing.nameHi);
    differs('rank', existing.rankId === row.rankId, row.rankId, name(lookups.ranks, existing.rankId));
    differs('wing', existing.wingId === row.wingId, row.wingId, name(lookups.wings, existing.wingId));
    const home = name(lookups.districts, existing.districtId);
    differs('district', existing.districtId === row.districtId, row.districtId, home);
    differs('email', normaliseEmail(existing.email) === row.email, row.email, existing.email);
    if (row.mobile !== null)
      differs('mobile', existing.mobile === row.mobile, row.mobile, existing.mobile ?? '—');
  }
  const districtId = existing?.districtId ?? row.districtId;
  const district = lookups.districts.get(districtId);
  if (district?.officeStatus === 'open')
    notes.push(
      issue('office_open', {
        ...at,
        column: 'district',
        value: districtId,
        params: { district: both(district) },
      }),
    );
  return notes;
}
