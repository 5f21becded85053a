import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { findAccountByUserId, findFirstActiveAccount, type AccountRow } from '../accounts/index.ts';
import { findZone } from '../directory/index.ts';
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
    .requiredOption('--zone <zone>', 'zone ID, or "all" for a state-wide import (HQ only)')
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
    const actor = await resolveActor(deps, o);
    if (typeof actor === 'string') {
      console.error(actor);
      return EXIT.usage;
    }
    if (size > MAX_CSV_BYTES) return print(o, oversize(o.zone, size), []);
    const csv = (await readFile(file)).toString('utf8');
    if (o.dryRun) return print(o, await validateImport(deps.store.db, { zoneId: o.zone, csv }), []);
    const result = await commitImport(deps, {
      zoneId: o.zone,
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

/** The account the proposal is created as, checked against the zone; or why the command cannot run. */
async function resolveActor(
  deps: { readonly store: Pick<Store, 'db'> },
  o: ImportOptions,
): Promise<AccountRow | string> {
  const account = o.as
    ? await findAccountByUserId(deps.store.db, o.as)
    : await findFirstActiveAccount(deps.store.db, 'hq_admin');
  if (!account)
    return o.as ? `No account ${o.as}.` : 'No active HQ administrator account: pass --as USER_ID.';
  const scope = scopeOf(account.role, 'proposal.create');
  if (!scope || account.status !== 'active') return `${account.user_id} may not create proposals.`;
  const zone = await findZone(deps.store.db, o.zone);
  if (o.zone === ALL_ZONES ? scope !== 'all' : !zone) {
    return o.zone === ALL_ZONES
      ? `${account.user_id} may not import for all zones.`
      : `Unknown zone ${o.zone}.`;
  }
  if (scope !== 'all' && account.scope_zone_id !== o.zone) {
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
