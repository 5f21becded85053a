import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DwaarApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps, type Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openStore } from '../src/store/store.ts';
import { freePort } from './create-test-app.ts';
import { Browser, type Reply } from './http-client.ts';
import { trySignIn } from './sign-in-steps.ts';

// Issue 7 item 19: a full disk is answered 503 with a clear page, logged with its cause and the database
// file, and reported by readiness; all of it clears once space is back. Item 14: private files, no counts.
describe('storage faults on a SQLite file', () => {
  let dir: string;
  let file: string;
  let deps: Deps;
  let app: DwaarApp;
  let portal: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-storage-'));
    file = join(dir, 'data', 'dwaar.sqlite');
    const port = await freePort();
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    deps = await createDeps(
      loadConfig({
        DWAAR_PORT: String(port),
        DWAAR_HOST: '127.0.0.1',
        DWAAR_SECRET: 'storage-test-secret-storage-test-secret-0123',
        DATABASE_URL: `sqlite:${file}`,
        DWAAR_ARGON2_MEMORY: '1024',
        DWAAR_ARGON2_TIME: '1',
        // Readiness connects to each upstream: any listener will do, so BOWEB's is the gateway's own port.
        DWAAR_BOWEB_UPSTREAM: `http://127.0.0.1:${port}`,
        DWAAR_DATA: join(dir, 'data'),
      }),
      {
        logger,
        prepare: async ({ store, passwords, audit, clock }) => {
          await seedDemo(
            { db: store.db, passwords, audit, now: clock.now() },
            { closedOfficers: 38, officersPerOpenDistrict: 1 },
          );
        },
      },
    );
    app = await buildApp(deps);
    await app.listen(port, '127.0.0.1');
    portal = `http://localhost:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await deps?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a sign-in on a full disk 503 with a clear page, logs the cause with the file, fails readiness, and recovers', async () => {
    expect((await new Browser().fetch(`${portal}/readyz`)).status).toBe(200);
    // A real SQLITE_FULL from the engine: the database may not grow by a single page.
    const [pages] = (await sql<{ page_count: number }>`pragma page_count`.execute(deps.store.db)).rows;
    await sql.raw(`pragma max_page_count = ${pages?.page_count ?? 1}`).execute(deps.store.db);

    let refused: Reply | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const reply = await trySignIn(portal);
      expect(reply.status).not.toBe(500);
      if (reply.status >= 400) refused = reply;
    }
    expect(refused?.status).toBe(503);
    expect(refused?.body).toContain('Temporarily unavailable');
    expect(refused?.body).toContain('storage is full');
    expect(refused?.headers['retry-after']).toBe('30');
    const logged = logLines.filter((l) => l.includes('SQLITE_FULL'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.join('\n')).toContain(file);
    expect(logLines.join('\n')).not.toContain('cannot rollback');

    const notReady = await new Browser().fetch(`${portal}/readyz`);
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({
      status: 'unavailable',
      database: 'ok',
      storage: 'full',
    });

    // Space is back: the next sign-in works and readiness clears with the first write that succeeds.
    await sql.raw('pragma max_page_count = 1073741823').execute(deps.store.db);
    const signedIn = await trySignIn(portal);
    expect(signedIn.status).toBe(303);
    const ready = await new Browser().fetch(`${portal}/readyz`);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ok', database: 'ok', storage: 'ok' });
  });

  it('creates the data directory 0700 and the database, its -wal and -shm 0600, whatever the umask', async () => {
    const mode = async (path: string) => (await stat(path)).mode & 0o777;
    expect(await mode(join(dir, 'data'))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, await mode(f)]).toEqual([f, 0o600]);

    const old = process.umask(0o000);
    try {
      const other = join(dir, 'fresh', 'nested', 'db.sqlite');
      const store = await openStore(`sqlite:${other}`);
      await sql`create table t (x integer)`.execute(store.db);
      await sql`insert into t values (1)`.execute(store.db);
      expect(await mode(join(dir, 'fresh'))).toBe(0o700);
      expect(await mode(join(dir, 'fresh', 'nested'))).toBe(0o700);
      for (const f of [other, `${other}-wal`, `${other}-shm`]) expect([f, await mode(f)]).toEqual([f, 0o600]);
      await store.close();
    } finally {
      process.umask(old);
    }
  });

  it('keeps the session count out of the liveness answer', async () => {
    const health = await new Browser().fetch(`${portal}/healthz`);
    expect(health.status).toBe(200);
    const body = JSON.parse(health.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok' });
    expect(body).not.toHaveProperty('sessions');
    expect(health.body).not.toMatch(/session/i);
  });
});
