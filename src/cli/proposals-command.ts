import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { findAccountByUserId, findFirstActiveAccount, type AccountRow } from '../accounts/index.ts';
import { listZones } from '../directory/index.ts';
import { scopeOf } from '../policy/index.ts';
import { createDeps } from '../deps.ts';
import {
  ALL_ZONES,
  commitImport,
  type CreatedProposal,
  formatReportJson,
  formatReportText,
  type ImportReport,
  isClean,
  issue,
  MAX_CSV_BYTES,
  validateImport,
} from '../proposals/index.ts';
import { operationalFailureOf, type Store } from '../store/index.ts';
import { loadCliConfig } from './load-config.ts';

const ImportOptions = z.object({
  zone: z.string().min(1).max(50),
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  as: z.string().max(100).optional(),
});
type ImportOptions = z.infer<typeof ImportOptions>;

/**
 * Exit codes: 0 imported (or clean dry run), 1 rows or file rejected, 2 the command itself is wrong, 75 the
 * database was busy or unavailable (EX_TEMPFAIL from sysexits.h: nothing changed, run it again later).
 */
const EXIT = { ok: 0, rejected: 1, usage: 2, tempfail: 75 } as const;

/** `dwaar proposals import --zone Z FILE.csv [--dry-run] [--json] [--as USER_ID]`. */
export function registerProposalsCommand(program: Command, setExitCode: (code: number) => void): void {
  const proposals = program.command('proposals').description('proposals of officers for remote access');
  proposals
    .command('import')
    .description('check a CSV of officers and, unless --dry-run, import it as a draft proposal')
    .argument(
      '<file>',
      'CSV file, UTF-8 (header: employee_no,name_en,name_hi,rank,wing,district,email,mobile)',
    )
    .requiredOption(
      '--zone <zone>',
      'zone ID or name, English or Hindi, in any case; or "all" for a state-wide import (HQ only)',
    )
    .option('--dry-run', 'check the file and print the report; change nothing')
    .option('--json', 'print the report as JSON')
    .option('--as <userId>', 'account that creates the proposal (default: the first HQ administrator)')
    .action(async (file: string, options: unknown) => {
      const o = ImportOptions.parse(options);
      setExitCode(
        await runImport(file, o).catch((err: unknown) => {
          const failure = operationalFailureOf(err);
          if (failure === undefined) throw err;
          // The import is one transaction: a failure anywhere in it leaves the database as it was.
          console.error(`The database is busy or unavailable (${failure}).`);
          console.error('Nothing was imported: run the command again later.');
          return EXIT.tempfail;
        }),
      );
    });
}

async function runImport(file: string, o: ImportOptions): Promise<number> {
  const size = await stat(file).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) {
    console.error(`Cannot read ${file}.`);
    return EXIT.usage;
  }
  const deps = await createDeps(await loadCliConfig(process.env));
  try {
    const zoneId = await resolveZone(deps.store.db, o.zone);
    if (zoneId.error !== undefined) {
      console.error(zoneId.error);
      return EXIT.usage;
    }
    const actor = await resolveActor(deps, zoneId.id, o.as);
    if (typeof actor === 'string') {
      console.error(actor);
      return EXIT.usage;
    }
    const zone = zoneId.id;
    if (size > MAX_CSV_BYTES) return print(o, oversize(zone, size), []);
    const csv = (await readFile(file)).toString('utf8');
    if (o.dryRun) return print(o, await validateImport(deps.store.db, { zoneId: zone, csv }), []);
    const result = await commitImport(deps, {
      zoneId: zone,
      csv,
      actor: { accountId: actor.id, userId: actor.user_id },
      dropRejected: false,
      via: 'cli',
    });
    return print(o, result.report, result.ok ? result.proposals : []);
  } finally {
    await deps.close();
  }
}

/**
 * How a zone is matched on the command line, as the CSV matches districts: spaces and hyphens alike, any
 * case; a trailing "zone" (जोन, ज़ोन) is the word people add, not part of the name.
 */
const zoneKey = (value: string): string =>
  value
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/ (?:zone|\u091C\u094B\u0928|\u091C\u093C\u094B\u0928|\u095B\u094B\u0928)$/u, '');

/**
 * The zone `--zone` names: "all", a zone's ID, or its English or Hindi name in any case ("LUCKNOW",
 * "लखनऊ"); or why none (unknown, or a name two zones share).
 */
export async function resolveZone(
  db: Store['db'],
  given: string,
): Promise<{ id: string; error?: undefined } | { id?: undefined; error: string }> {
  if (zoneKey(given) === ALL_ZONES) return { id: ALL_ZONES };
  const zones = await listZones(db);
  const key = zoneKey(given);
  const byId = zones.find((z) => zoneKey(z.id) === key);
  if (byId) return { id: byId.id };
  const byName = zones.filter((z) => zoneKey(z.nameEn) === key || zoneKey(z.nameHi) === key);
  const [only, ...more] = byName;
  if (only && more.length === 0) return { id: only.id };
  if (only)
    return { error: `Zone ${given} is ambiguous: give one of ${byName.map((z) => z.id).join(', ')}.` };
  return { error: `Unknown zone ${given}. Give a zone's ID or its English or Hindi name, or "all".` };
}

/** The account the proposal is created as, checked against the zone; or why the command cannot run. */
async function resolveActor(
  deps: { readonly store: Pick<Store, 'db'> },
  zoneId: string,
  as: string | undefined,
): Promise<AccountRow | string> {
  const account = as
    ? await findAccountByUserId(deps.store.db, as)
    : await findFirstActiveAccount(deps.store.db, 'hq_admin');
  if (!account) return as ? `No account ${as}.` : 'No active HQ administrator account: pass --as USER_ID.';
  const scope = scopeOf(account.role, 'proposal.create');
  if (!scope || account.status !== 'active') return `${account.user_id} may not create proposals.`;
  if (zoneId === ALL_ZONES && scope !== 'all') return `${account.user_id} may not import for all zones.`;
  if (scope !== 'all' && account.scope_zone_id !== zoneId) {
    return `${account.user_id} may import only for zone ${account.scope_zone_id ?? '(none)'}.`;
  }
  return account;
}

function oversize(zoneId: string, bytes: number): ImportReport {
  return {
    zoneId,
    fileProblems: [
      issue('too_large', {
        value: `${(bytes / 1024 / 1024).toFixed(1)} MB`,
        params: { max: MAX_CSV_BYTES / 1024 / 1024 },
      }),
    ],
    problems: [],
    notes: [],
    rows: [],
    counts: { rows: 0, valid: 0, rejected: 0, newOfficers: 0, existingOfficers: 0 },
  };
}

function print(o: ImportOptions, report: ImportReport, proposals: readonly CreatedProposal[]): number {
  if (o.json) {
    console.log(formatReportJson(report, proposals));
  } else {
    console.log(formatReportText(report));
    for (const p of proposals) {
      console.log(
        `Created draft proposal ${p.id} for zone ${p.zoneId}: ${p.officers} officers, ${p.newOfficers} new.`,
      );
    }
    if (!isClean(report))
      console.log('Nothing was imported: correct the rejected rows and run the command again.');
    else if (o.dryRun) console.log('Dry run: nothing was imported.');
  }
  return isClean(report) ? EXIT.ok : EXIT.rejected;
}
