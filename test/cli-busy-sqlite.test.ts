import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapturing } from './factories/cli.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { openStore } from '../src/store/store.ts';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Another process writing to the same SQLite file the way a busy gateway node does: it takes the write lock
 * for `holdMs`, commits, and lets go for `gapMs`, over and over, until killed.
 */
const BUSY_NODE = `
const Database = require('better-sqlite3');
const db = new Database(process.env.DB_FILE, { timeout: 20000 });
db.pragma('journal_mode = WAL');
db.exec('create table if not exists busy_probe (n integer)');
const insert = db.prepare('insert into busy_probe values (1)');
const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(pause, 0, 0, ms);
db.exec('begin immediate');
process.stdout.write('locked\\n');
for (;;) {
  insert.run();
  sleep(Number(process.env.HOLD_MS));
  db.exec('commit');
  sleep(Number(process.env.GAP_MS));
  db.exec('begin immediate');
}
`;

async function startBusyNode(file: string, holdMs: number, gapMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', BUSY_NODE], {
    cwd: ROOT,
    env: { ...process.env, DB_FILE: file, HOLD_MS: String(holdMs), GAP_MS: String(gapMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout ?? child, 'data')) as [Buffer];
  if (!chunk.toString().includes('locked')) throw new Error('the busy node did not start');
  return child;
}

describe('dwaar proposals import against a busy SQLite node', () => {
  let dir: string;
  let file: string;
  let env: NodeJS.ProcessEnv;
  let busy: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-cli-busy-'));
    file = join(dir, 'dwaar.sqlite');
    env = {
      DATABASE_URL: `sqlite:${file}`,
      DWAAR_DATA: dir,
      DWAAR_SECRET: 'x'.repeat(40),
      DWAAR_ARGON2_MEMORY: '1024',
      DWAAR_ARGON2_TIME: '1',
      DWAAR_LOG_LEVEL: 'silent',
    };
    const deps = await createDeps(loadConfig(env), {
      prepare: async ({ store, passwords, audit, clock }) => {
        await seedDemo(
          { db: store.db, passwords, audit, now: clock.now() },
          { closedOfficers: 38, officersPerOpenDistrict: 1 },
        );
      },
    });
    await deps.close();
  });
  afterEach(async () => {
    // A child killed by a signal keeps exitCode null: check both, or this would wait for an exit already seen.
    if (busy && busy.exitCode === null && busy.signalCode === null) {
      busy.kill('SIGKILL');
      await once(busy, 'exit');
    }
    busy = undefined;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) => runCliCapturing(args, env);

  async function csv(name: string, employeeNos: string[]): Promise<string> {
    const path = join(dir, name);
    const rows = employeeNos.map(
      (no) => `${no},Ravi Verma,रवि वर्मा,cto,enforcement,lucknow,${no.toLowerCase()}@ctd.up.example,`,
    );
    await writeFile(path, `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`);
    return path;
  }

  async function proposalsFor(employeeNo: string): Promise<number> {
    const store = await openStore(`sqlite:${file}`);
    try {
      const rows = await store.db
        .selectFrom('officers')
        .select('id')
        .where('employee_no', '=', employeeNo)
        .execute();
      return rows.length;
    } finally {
      await store.close();
    }
  }

  it('waits for the gateway node’s write lock and imports (exit 0) instead of failing with "database is locked"', async () => {
    busy = await startBusyNode(file, 100, 50);
    const path = await csv('busy.csv', ['BUSY001', 'BUSY002']);
    const result = await run(['proposals', 'import', '--zone', 'lucknow', path]);
    expect(result.out).not.toContain('database is locked');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Created draft proposal \d+ for zone lucknow: 2 officers, 2 new\./);
    busy.kill('SIGKILL');
    await once(busy, 'exit');
    expect(await proposalsFor('BUSY001')).toBe(1);
  });

  it('exits 75 (operational failure, retry later), not 1 (rows rejected), when the lock outlasts the busy timeout', async () => {
    busy = await startBusyNode(file, 60_000, 0);
    const path = await csv('held.csv', ['HELD001']);
    const result = await run(['proposals', 'import', '--zone', 'lucknow', path]);
    expect(result.code).toBe(75);
    expect(result.out).toContain('database is locked');
    expect(result.out).toContain('Nothing was imported');
    busy.kill('SIGKILL');
    await once(busy, 'exit');
    expect(await proposalsFor('HELD001')).toBe(0);
  });
});
