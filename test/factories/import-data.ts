/**
 * Data for the CSV import benchmark and its tests: a seeded store (SQLite file or fresh PostgreSQL schema)
 * and generated officer files in the real format.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createAuditLog, type AuditLog } from '../../src/audit/audit-log.ts';
import { createManualClock, type Clock } from '../../src/clock.ts';
import { createKeyring } from '../../src/crypto/index.ts';
import { demoName, RANKS } from '../../src/demo/reference-data.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createPasswordHasher } from '../../src/login/password.ts';
import { CSV_COLUMNS, csvLine, type CsvColumn } from '../../src/proposals/import/csv-format.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { openStore, type Store } from '../../src/store/store.ts';

/** The audit chain's key in these fixtures (the import tests verify the chain they wrote). */
export const IMPORT_AUDIT_CHAIN_KEY = createKeyring('import-test-secret-0123456789abcdef0123').derive(
  'audit-chain',
);

export interface SeededStore {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly clock: Clock & { advance(ms: number): void };
  /** The demo HQ administrator, who may import for any zone. */
  readonly hq: { readonly accountId: number; readonly userId: string };
  close(): Promise<void>;
}

export interface SeedOptions {
  dialect: 'sqlite' | 'postgres';
  /** Required for PostgreSQL; a fresh schema is made in it and dropped on close. */
  pgUrl?: string;
  /** SQLite: ':memory:' (default) or 'file' for a file in a new temporary directory. */
  sqlite?: ':memory:' | 'file';
  closedOfficers?: number;
  officersPerOpenDistrict?: number;
}

/** A migrated store holding the demo directory (75 districts, 18 zones) and demo accounts. */
export async function openSeededStore(o: SeedOptions): Promise<SeededStore> {
  const clock = createManualClock();
  const dir =
    o.dialect === 'sqlite' && o.sqlite === 'file' ? await mkdtemp(join(tmpdir(), 'dwaar-import-')) : '';
  const schema = o.dialect === 'postgres' ? `imp_${randomBytes(6).toString('hex')}` : undefined;
  if (o.dialect === 'postgres' && !o.pgUrl)
    throw new Error('openSeededStore: pgUrl is required for PostgreSQL');
  const url =
    o.dialect === 'postgres'
      ? (o.pgUrl ?? '')
      : dir
        ? `sqlite:${join(dir, 'dwaar.sqlite')}`
        : 'sqlite::memory:';
  const store = await openStore(url, { pgSchema: schema });
  await migrateToLatest(store.db, store.pgSchema);
  const audit = createAuditLog(store.db, store.dialect, clock, { chainKey: IMPORT_AUDIT_CHAIN_KEY });
  const passwords = await createPasswordHasher({ memoryCost: 1024, timeCost: 1 });
  await seedDemo(
    { db: store.db, passwords, audit, now: clock.now() },
    {
      closedOfficers: o.closedOfficers ?? 38,
      officersPerOpenDistrict: o.officersPerOpenDistrict ?? 1,
    },
  );
  const hq = await store.db
    .selectFrom('accounts')
    .select(['id', 'user_id'])
    .where('role', '=', 'hq_admin')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return {
    store,
    audit,
    clock,
    hq: { accountId: hq.id, userId: hq.user_id },
    async close() {
      await store.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      if (schema && o.pgUrl) {
        const client = new pg.Client({ connectionString: o.pgUrl });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      }
    },
  };
}

export interface DistrictRow {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

/** The districts of a zone, or of the whole state. */
export function listImportDistricts(store: Store, zoneId?: string): Promise<DistrictRow[]> {
  let query = store.db.selectFrom('districts').select(['id', 'name_en as nameEn', 'name_hi as nameHi']);
  if (zoneId) query = query.where('zone_id', '=', zoneId);
  return query.orderBy('id').execute();
}

/** One generated officer row, as the CSV columns hold it. */
export function officerRow(n: number, district: DistrictRow, prefix = 'GEN'): Record<CsvColumn, string> {
  const [en, hi] = demoName(n);
  const rank = RANKS[2 + (n % 3)] ?? RANKS[4];
  // Vary the forms rank, wing and district are written in, as real files do.
  const form = n % 3;
  return {
    employee_no: `${prefix}${String(n).padStart(6, '0')}`,
    // Surname first, as some files write it (without a comma: names are letters, spaces and . ' - only).
    name_en: n % 7 === 0 ? en.split(' ').reverse().join(' ') : en,
    name_hi: hi,
    rank: form === 0 ? rank.id : form === 1 ? rank.name_en.toUpperCase() : rank.name_hi,
    wing:
      n % 2 === 0
        ? (['adjudication', 'Adjudication', 'एडजुडिकेशन'][form] ?? '')
        : (['enforcement', 'ENFORCEMENT', 'प्रवर्तन'][form] ?? ''),
    district: form === 0 ? district.id : form === 1 ? district.nameEn : district.nameHi,
    email: `${prefix.toLowerCase()}${n}@ctd.up.example`,
    mobile:
      n % 5 === 0
        ? ''
        : n % 5 === 1
          ? `+91 9${String(n).padStart(9, '0')}`
          : `8${String(n).padStart(9, '0')}`,
  };
}

/** A whole file: the header, then `rows` officers spread over `districts` (CRLF, with BOM, as Excel saves). */
export function generateOfficerCsv(o: {
  rows: number;
  districts: readonly DistrictRow[];
  prefix?: string;
  first?: number;
}): string {
  if (o.districts.length === 0) throw new Error('generateOfficerCsv: no districts');
  const lines = [csvLine(CSV_COLUMNS)];
  const first = o.first ?? 1;
  for (let i = 0; i < o.rows; i++) {
    const district = o.districts[i % o.districts.length] ?? o.districts[0];
    if (!district) continue;
    const row = officerRow(first + i, district, o.prefix);
    lines.push(csvLine(CSV_COLUMNS.map((c) => row[c])));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
