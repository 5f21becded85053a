import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapturing } from './factories/cli.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { CSV_COLUMNS } from '../src/proposals/import/csv-format.ts';
import { openStore, type Store } from '../src/store/store.ts';

const HEADER = CSV_COLUMNS.join(',');
const row = (no: string, district = 'lucknow', wing = 'enforcement') =>
  `${no},Ravi Verma,रवि वर्मा,cto,${wing},${district},${no.toLowerCase()}@ctd.up.example,`;

describe('dwaar proposals import', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-import-cli-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'dwaar.sqlite')}`,
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
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the command with the test database, capturing what it prints. */
  const run = (args: string[]) => runCliCapturing(args, env);

  async function file(name: string, rows: string[]): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, `\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`);
    return path;
  }
  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore(env.DATABASE_URL ?? '');
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }
  const counts = () =>
    withStore(async (s) => ({
      officers: Number(
        (
          await s.db
            .selectFrom('officers')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      proposals: Number(
        (
          await s.db
            .selectFrom('proposals')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    }));

  it('prints the per-row report and exits 1 when a row is rejected, importing nothing', async () => {
    const path = await file('bad.csv', [
      row('CLI001'),
      row('CLI002', 'agra'),
      row('CLI003', 'lucknow', 'sib'),
    ]);
    const before = await counts();
    const dry = await run(['proposals', 'import', '--zone', 'lucknow', path, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain('Rows: 3 · valid: 1 · rejected: 2');
    expect(dry.out).toMatch(/3 {5}district {5}agra +This district is not in Lucknow zone\./);
    expect(dry.out).toContain('यह जनपद लखनऊ जोन में नहीं है।');
    expect(dry.out).toMatch(/4 {5}wing +sib +Officers of this wing are not eligible/);
    const real = await run(['proposals', 'import', '--zone', 'lucknow', path]);
    expect(real.code).toBe(1);
    expect(real.out).toContain('Nothing was imported');
    expect(await counts()).toEqual(before);
  });

  it('prints JSON with --json and exits 0 on a clean dry run', async () => {
    const path = await file('good.csv', [row('CLI101'), row('CLI102', 'unnao')]);
    const before = await counts();
    const dry = await run(['proposals', 'import', '--zone', 'lucknow', '--dry-run', '--json', path]);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.out) as { ok: boolean; counts: { valid: number }; problems: unknown[] };
    expect(report).toMatchObject({
      ok: true,
      counts: { valid: 2, rejected: 0, newOfficers: 2 },
      problems: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('commits as the first HQ administrator by default and prints the proposal ID', async () => {
    const path = await file('commit.csv', [row('CLI201'), row('CLI202', 'unnao')]);
    const result = await run(['proposals', 'import', '--zone', 'lucknow', path]);
    expect(result.code).toBe(0);
    const id = Number(
      /Created draft proposal (\d+) for zone lucknow: 2 officers, 2 new\./.exec(result.out)?.[1],
    );
    expect(id).toBeGreaterThan(0);
    await withStore(async (s) => {
      const proposal = await s.db
        .selectFrom('proposals')
        .innerJoin('accounts', 'accounts.id', 'proposals.created_by')
        .select(['proposals.zone_id', 'proposals.status', 'accounts.user_id'])
        .where('proposals.id', '=', id)
        .executeTakeFirstOrThrow();
      expect(proposal).toEqual({ zone_id: 'lucknow', status: 'draft', user_id: 'hq.admin' });
      const event = await s.db
        .selectFrom('audit_events')
        .select(['actor', 'detail'])
        .where('type', '=', 'proposal.imported')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.actor).toBe('hq.admin');
      expect(JSON.parse(event.detail)).toMatchObject({ via: 'cli', rows: 2, newOfficers: 2 });
    });
    const json = await run([
      'proposals',
      'import',
      '--zone',
      'lucknow',
      '--json',
      await file('c2.csv', [row('CLI203')]),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ proposals: [{ zoneId: 'lucknow', officers: 1 }] });
  });

  it('imports as another account with --as, within that account’s zone only', async () => {
    const path = await file('zonal.csv', [row('CLI301')]);
    const other = await run(['proposals', 'import', '--zone', 'agra', '--as', 'zonal.lucknow', path]);
    expect(other.code).toBe(2);
    expect(other.out).toContain('zonal.lucknow may import only for zone lucknow.');
    const own = await run(['proposals', 'import', '--zone', 'lucknow', '--as', 'zonal.lucknow', path]);
    expect(own.code).toBe(0);
    const officer = await run(['proposals', 'import', '--zone', 'lucknow', '--as', 'officer1', path]);
    expect(officer.code).toBe(2);
    expect(officer.out).toContain('officer1 may not create proposals.');
  });

  it('takes the zone by its name, English or Hindi, in any case, as well as by its ID', async () => {
    const path = await file('named.csv', [row('CLI501'), row('CLI502', 'unnao')]);
    for (const zone of ['Lucknow', 'LUCKNOW', ' lucknow ', 'लखनऊ', 'lucknow', 'Lucknow zone', 'लखनऊ जोन']) {
      const dry = await run(['proposals', 'import', '--zone', zone, '--dry-run', path]);
      expect(dry.code, zone).toBe(0);
      expect(dry.out, zone).toContain('Zone: lucknow');
      expect(dry.out, zone).toContain('Rows: 2 · valid: 2 · rejected: 0');
    }
    // The zonal head's own zone by its Hindi name; another zone by name is still another zone.
    const own = await run(['proposals', 'import', '--zone', 'लखनऊ', '--as', 'zonal.lucknow', path]);
    expect(own.code).toBe(0);
    expect(own.out).toMatch(/Created draft proposal \d+ for zone lucknow: 2 officers, 2 new\./);
    const agra = await run(['proposals', 'import', '--zone', 'AGRA', '--as', 'zonal.lucknow', path]);
    expect(agra.code).toBe(2);
    expect(agra.out).toContain('zonal.lucknow may import only for zone lucknow.');
    expect((await run(['proposals', 'import', '--zone', 'ALL', '--dry-run', path])).out).toContain(
      'Zone: all',
    );
    const unknown = await run(['proposals', 'import', '--zone', 'Lucknow Zone East', path]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain(
      "Unknown zone Lucknow Zone East. Give a zone's ID or its English or Hindi name",
    );
  });

  it('exits 2 on a wrong command: unknown zone, missing file, missing --zone', async () => {
    const path = await file('any.csv', [row('CLI401')]);
    expect((await run(['proposals', 'import', '--zone', 'atlantis', path])).out).toContain(
      'Unknown zone atlantis.',
    );
    expect((await run(['proposals', 'import', '--zone', 'atlantis', path])).code).toBe(2);
    expect((await run(['proposals', 'import', '--zone', 'lucknow', join(dir, 'missing.csv')])).code).toBe(2);
    expect((await run(['proposals', 'import', path])).code).toBe(2);
  });
});
