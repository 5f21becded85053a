import { openSeededStore, type SeededStore } from './import-data.ts';
import { CSV_COLUMNS } from '../../src/proposals/import/csv-format.ts';
import { TEST_PG_URL, type TestDialect } from '../test-env.ts';

/**
 * What the import's tests share: the demo directory seeded afresh on each SQL dialect under test, the
 * generated officers' CSV, and its header line.
 */

export { generateOfficerCsv, listImportDistricts, type SeededStore } from './import-data.ts';
export { TEST_DIALECTS } from '../test-env.ts';

/** The header line of the officers' CSV. */
export const HEADER = CSV_COLUMNS.join(',');

/** The demo directory and its staff, seeded afresh on `dialect`. */
export function openImportStore(dialect: TestDialect): Promise<SeededStore> {
  return openSeededStore({ dialect, pgUrl: TEST_PG_URL });
}
