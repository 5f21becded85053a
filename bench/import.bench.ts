/**
 * CSV import benchmark: a state-wide file of 50,000 officers (every district), checked (preview) and then
 * committed in one transaction, on SQLite (a file in a temporary directory) and on PostgreSQL (a fresh
 * schema). Run: `node bin/run-ts.js bench/import.bench.ts [rows]`. PostgreSQL is taken from
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test) and skipped, saying so, if unreachable.
 */
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { commitImport } from '../src/proposals/import/commit.ts';
import { isClean, validateImport } from '../src/proposals/import/validate.ts';
import { generateOfficerCsv, listImportDistricts, openSeededStore } from '../test/factories/import-data.ts';

const ROWS = Number(process.argv[2] ?? 50_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_MS = 10_000;

interface Result {
  dialect: string;
  previewMs: number;
  commitMs: number;
  /** This process's CPU time for preview + commit: the database server's work is not in it. */
  cpuMs: number;
  proposals: number;
}

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 5432), timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function runOne(dialect: 'sqlite' | 'postgres'): Promise<Result> {
  const s = await openSeededStore({ dialect, pgUrl: PG_URL, sqlite: 'file' });
  try {
    const districts = await listImportDistricts(s.store);
    const csv = generateOfficerCsv({ rows: ROWS, districts, prefix: 'BENCH' });
    const mb = (Buffer.byteLength(csv) / 1024 / 1024).toFixed(1);
    console.log(`${dialect}: ${ROWS} rows, ${districts.length} districts, ${mb} MB`);

    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const report = await validateImport(s.store.db, { zoneId: 'all', csv });
    const t1 = performance.now();
    if (!isClean(report) || report.counts.valid !== ROWS) {
      throw new Error(`preview rejected rows: ${JSON.stringify(report.counts)}`);
    }
    const result = await commitImport(s, {
      zoneId: 'all',
      csv,
      actor: s.hq,
      dropRejected: false,
      via: 'cli',
    });
    const t2 = performance.now();
    const used = process.cpuUsage(cpu);
    if (!result.ok) throw new Error(`commit refused: ${result.reason}`);

    const items = await s.store.db
      .selectFrom('proposal_items')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(items.n) !== ROWS)
      throw new Error(`expected ${ROWS} proposal items, found ${String(items.n)}`);
    return {
      dialect,
      previewMs: t1 - t0,
      commitMs: t2 - t1,
      cpuMs: (used.user + used.system) / 1000,
      proposals: result.proposals.length,
    };
  } finally {
    await s.close();
  }
}

const perSecond = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-IN');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const results: Result[] = [await runOne('sqlite')];
if (await reachable(PG_URL)) results.push(await runOne('postgres'));
else console.log(`postgres: SKIPPED, nothing answers at ${PG_URL} (set BENCH_PG_URL)`);

console.log(`\nCSV import of ${ROWS.toLocaleString('en-IN')} officers (state-wide, one transaction)`);
console.log('dialect   preview          commit (re-checks)   total     client CPU  proposals  within 10 s');
for (const r of results) {
  const total = r.previewMs + r.commitMs;
  console.log(
    [
      r.dialect.padEnd(10),
      `${seconds(r.previewMs)} ${perSecond(r.previewMs)}/s`.padEnd(17),
      `${seconds(r.commitMs)} ${perSecond(r.commitMs)}/s`.padEnd(21),
      seconds(total).padEnd(10),
      seconds(r.cpuMs).padEnd(12),
      String(r.proposals).padEnd(11),
      total < TARGET_MS ? 'yes' : 'NO',
    ].join(''),
  );
}
console.log(`(load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} CPUs at the end)`);
process.exitCode = results.every((r) => r.previewMs + r.commitMs < TARGET_MS) ? 0 : 1;
