import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevSmtp, startDevSmtp } from '../src/mail/index.ts';
import { freePort } from './create-test-app.ts';
import {
  type BowebProcess,
  type GatewayProcess,
  startBowebProcess,
  startGatewayProcess,
} from './gateway-process.ts';
import { frontServerStates, HAPROXY_BIN, type RunningFront, startFront } from './haproxy-front.ts';
import { Browser, csrfFrom, follow, type Reply, signIn, walkToLogin } from './http-client.ts';
import { TEST_PG_URL, TEST_REDIS_URL } from './test-env.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function admin<T>(database: string | undefined, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(TEST_PG_URL ?? '');
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** The BOWEB user's name in the back office's header: the back office's own session is alive. */
const BOWEB_USER = 'Ramesh Sharma';

/**
 * Issue 12, "Done when": the production shape for real. One PostgreSQL database and one Redis prefix of its
 * own, a separate back office process (`dwaar boweb`), two gateway processes A and B (`dwaar start` with
 * DWAAR_DEMO_BOWEB=0) and, in front, HAProxy running deploy/haproxy.cfg (ports and servers swapped).
 */
describe.skipIf(!TEST_PG_URL || !TEST_REDIS_URL || !HAPROXY_BIN)(
  'two gateway nodes behind the sample front',
  () => {
    const id = randomBytes(4).toString('hex');
    const dbName = `dwaar_multi_${id}`;
    let dir: string;
    let smtp: DevSmtp;
    let boweb: BowebProcess | undefined;
    let a: GatewayProcess | undefined;
    let b: GatewayProcess | undefined;
    let front: RunningFront | undefined;
    /** The officer's browser: signed in once, on A, for the whole test. */
    const officer = new Browser();
    let nodeA: { port: number; portal: string; resource: string };
    let nodeB: { port: number; portal: string; resource: string };

    beforeAll(async () => {
      await admin(undefined, (c) => c.query(`create database ${dbName}`));
      dir = await mkdtemp(join(tmpdir(), 'dwaar-multi-'));
      // The shared data directory exists before any node starts, as ops would create it (/readyz writes it).
      await mkdir(join(dir, 'data'));
      smtp = await startDevSmtp({ port: 0, host: '127.0.0.1', saveDir: join(dir, 'caught') });
      const [frontPort, portA, portB, bowebPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const database = new URL(TEST_PG_URL ?? '');
      database.pathname = `/${dbName}`;
      // What every node shares, as /etc/dwaar/dwaar.env would: the stores, the secret, the public origin
      // (the front), the front as trusted proxy, the data directory, the back office, and real SMTP.
      const shared = {
        DATABASE_URL: database.toString(),
        REDIS_URL: TEST_REDIS_URL ?? '',
        DWAAR_REDIS_PREFIX: `dwaar-multi-${id}:`,
        DWAAR_PUBLIC_URL: `http://localhost:${frontPort}`,
        DWAAR_TRUSTED_PROXIES: '127.0.0.1,::ffff:127.0.0.1',
        DWAAR_DATA: join(dir, 'data'),
        DWAAR_DEMO_BOWEB: '0',
        DWAAR_BOWEB_PORT: String(bowebPort),
        DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        DWAAR_LOCKOUT_FAILURES: '4',
        DWAAR_POLICY_WATCH: '0',
      };
      // The back office and A start together (A first of the nodes: it migrates and seeds; B then finds
      // the database ready). Both settle before going on, so afterAll stops whichever did start.
      const starting = await Promise.allSettled([
        startBowebProcess({
          DWAAR_BOWEB_PORT: String(bowebPort),
          DWAAR_PUBLIC_URL: shared.DWAAR_PUBLIC_URL,
          // Keys through the front: the back office keeps verifying assertions whichever node is gone.
          DWAAR_BOWEB_JWKS_URL: `http://127.0.0.1:${frontPort}/.well-known/jwks.json`,
        }).then((p) => (boweb = p)),
        startGatewayProcess({ ...shared, DWAAR_PORT: String(portA) }).then((p) => (a = p)),
      ]);
      for (const s of starting) if (s.status === 'rejected') throw s.reason;
      b = await startGatewayProcess({ ...shared, DWAAR_PORT: String(portB) });
      front = await startFront(
        [
          { name: 'a', port: portA },
          { name: 'b', port: portB },
        ],
        { port: frontPort, cfgPath: join(dir, 'haproxy.cfg') },
      );
      const node = (port: number) => ({
        port,
        portal: `http://localhost:${port}`,
        resource: `http://boweb.localhost:${port}`,
      });
      nodeA = node(portA);
      nodeB = node(portB);
      // Both nodes pass the sample's /readyz health check before the test starts.
      const deadline = Date.now() + 15_000;
      while (Object.values(await frontServerStates(front)).join() !== 'UP,UP') {
        if (Date.now() > deadline)
          throw new Error(`front: ${JSON.stringify(await frontServerStates(front))}`);
        await sleep(200);
      }
    }, 120_000);

    afterAll(async () => {
      // Every process goes, whatever failed: the front, both nodes, the back office, the catcher.
      await Promise.allSettled([front?.stop(), a?.stop(), b?.stop(), boweb?.stop()]);
      await smtp?.close();
      await rm(dir, { recursive: true, force: true });
      await admin(undefined, (c) => c.query(`drop database if exists ${dbName} with (force)`));
    }, 30_000);

    /** Follows a redirect chain, sending each hop for the front's origin to `port` instead. */
    async function followVia(browser: Browser, reply: Reply, port: number): Promise<Reply> {
      let current = reply;
      for (let i = 0; i < 10 && current.location && current.status >= 300 && current.status < 400; i++) {
        const next = new URL(current.location);
        if (next.port === String(front?.port)) next.port = String(port);
        current = await browser.fetch(next.toString());
      }
      return current;
    }

    /** officer1 signs in on A only (every step of the flow on A) and lands in the back office, through A. */
    /**
     * officer1 signs in on A only (every step of the flow, and the hand-off to the back office, on A), then
     * opens the back office from the webtop's button (`/go/boweb`), as an officer does: the browser holds a resource cookie.
     */
    async function signInOnA(browser: Browser): Promise<void> {
      const login = await signIn(browser, nodeA.portal, 'officer1', 'Officer@Dwaar1');
      expect([login.status, login.location]).toEqual([303, `${nodeA.portal}/webtop`]);
      const landed = await followVia(browser, await browser.fetch(`${nodeA.portal}/go/boweb`), nodeA.port);
      expect(landed.status).toBe(200);
      expect(browser.cookie('boweb.localhost', 'dwaar_rs')).toBeDefined();
    }

    it('a session made on A works on B: the resource cookie proxied by B reaches the back office as the officer', async () => {
      await signInOnA(officer);
      const viaB = await officer.fetch(`${nodeB.resource}/login`);
      expect([viaB.status, viaB.location]).toEqual([200, undefined]);
      // The back office's banner names whom the gateway vouched for: the officer, from B's assertion.
      expect(viaB.body).toContain('(officer1)');
      // The officer also signs in to the back office itself (through B): its own session, in its own process.
      const form = await officer.fetch(`${nodeB.resource}/login`);
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const bo = await follow(
        officer,
        await officer.fetch(`${nodeB.resource}/login`, {
          form: { username: 'bo.sharma', password: 'Boweb@2020', csrf },
        }),
      );
      expect(bo.status).toBe(200);
      expect(bo.body).toContain(BOWEB_USER);
      const viaA = await officer.fetch(`${nodeA.resource}/`);
      expect([viaA.status, viaA.body.includes(BOWEB_USER)]).toEqual([200, true]);
    });

    it('a sign-out on A ends the session on B within a second', async () => {
      const other = new Browser();
      await signInOnA(other);
      // The back office's own login page (200) through B: B now holds the session in its memory.
      const alive = await other.fetch(`${nodeB.resource}/login`);
      expect([alive.status, alive.body.includes('(officer1)')]).toEqual([200, true]);
      const webtop = await other.fetch(`${nodeA.portal}/webtop`);
      // Timed from the moment the sign-out is sent to A, so A's own work counts against the second too.
      const signedOut = Date.now();
      const out = await other.fetch(`${nodeA.portal}/logout`, { form: { _csrf: csrfFrom(webtop.body) } });
      expect(out.status).toBe(303);
      let refused: Reply | undefined;
      while (Date.now() - signedOut < 3_000) {
        const r = await other.fetch(`${nodeB.resource}/login`);
        if (r.status !== 200) {
          refused = r;
          break;
        }
        await sleep(5);
      }
      const elapsed = Date.now() - signedOut;
      console.log(`a sign-out on A was refused on B ${elapsed} ms after it was sent`);
      // B's own answer: the session ended, back to the portal (the front's origin) to say so.
      expect(refused?.status).toBe(302);
      expect(refused?.location).toBe(
        `http://localhost:${front?.port}/ended?reason=logout&next=${encodeURIComponent(`http://boweb.localhost:${front?.port}/login`)}`,
      );
      expect(elapsed).toBeLessThan(1_000);
      // The first officer's session is untouched.
      expect((await officer.fetch(`${nodeB.resource}/`)).status).toBe(200);
    });

    it('lockout counts add up across nodes: failures split between A and B lock the account on both', async () => {
      await admin(dbName, (c) =>
        c.query(`update accounts set email = 'officer2@ctd.up.example' where user_id = 'officer2'`),
      );
      const attacker = new Browser();
      await walkToLogin(attacker, nodeA.portal);
      const attempt = async (node: { portal: string }, password: string) => {
        const page = await attacker.fetch(`${node.portal}/login`);
        return (
          await attacker.fetch(`${node.portal}/login`, {
            form: { _csrf: csrfFrom(page.body), userId: 'officer2', password },
          })
        ).status;
      };
      // DWAAR_LOCKOUT_FAILURES=4: three failures answer 401 wherever they land; the fourth, on the other
      // node, locks the account; either node then refuses it.
      const statuses = [
        await attempt(nodeA, 'wrong-1'),
        await attempt(nodeB, 'wrong-2'),
        await attempt(nodeA, 'wrong-3'),
        await attempt(nodeB, 'wrong-4'),
        await attempt(nodeA, 'wrong-5'),
      ];
      expect(statuses).toEqual([401, 401, 401, 423, 423]);
      for (const node of [nodeA, nodeB]) {
        const fresh = new Browser();
        const right = await signIn(fresh, node.portal, 'officer2', 'Officer@Dwaar2');
        expect([node.port, right.status]).toEqual([node.port, 423]);
      }
      // One lock across the two nodes: one lock event, one unlock mail.
      const locks = await admin(dbName, (c) =>
        c.query<{ n: string }>(
          `select count(*) as n from audit_events where type = 'login.locked' and actor = 'officer2'`,
        ),
      );
      expect(Number(locks.rows[0]?.n)).toBe(1);
    });

    it('the outbox sends each mail once, with both nodes’ workers running against one SMTP server', async () => {
      // Mail queued through both nodes (besides A's demo circular and the unlock mail above): help codes
      // asked on A and on B, each delivered by whichever node's worker claims it.
      const asks: [{ portal: string }, string][] = [
        [nodeA, 'zonal.lucknow'],
        [nodeB, 'jc.lucknow'],
        [nodeA, 'auditor'],
        [nodeB, 'hq.approver'],
      ];
      for (const [node, userId] of asks) {
        const browser = new Browser();
        const form = await browser.fetch(`${node.portal}/help/identify?next=diagnose`);
        const sent = await browser.fetch(`${node.portal}/help/identify`, {
          form: { _csrf: csrfFrom(form.body), userId, next: 'diagnose' },
        });
        expect(sent.status).toBe(200);
      }
      // Every queued mail is sent.
      const deadline = Date.now() + 20_000;
      let rows: { id: number; status: string }[] = [];
      for (;;) {
        rows = (
          await admin(dbName, (c) =>
            c.query<{ id: number; status: string }>('select id, status from mail_outbox'),
          )
        ).rows;
        if (rows.length > 0 && rows.every((r) => r.status === 'sent')) break;
        if (Date.now() > deadline) throw new Error(`outbox not drained: ${JSON.stringify(rows)}`);
        await sleep(250);
      }
      await sleep(2_500); // one more poll of every worker: a duplicate would arrive now
      // The catcher's raw messages, by their Message-ID `<outbox-ID.KEY@…>`: each outbox row exactly once.
      const caughtDir = join(dir, 'caught');
      const ids: number[] = [];
      for (const file of await readdir(caughtDir)) {
        const raw = await readFile(join(caughtDir, file), 'latin1');
        const m = /^Message-ID:\s*<outbox-(\d+)\./im.exec(raw);
        ids.push(m ? Number(m[1]) : -1);
      }
      ids.sort((x, y) => x - y);
      console.log(`outbox: ${rows.length} mails, ${ids.length} delivered`);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(ids).toEqual(rows.map((r) => r.id).sort((x, y) => x - y));
      expect(smtp.messages()).toHaveLength(rows.length);
    }, 40_000);

    it('with A killed under load, the front sends everything to B: no failure after the first second, no new sign-in', async () => {
      if (!front || !a) throw new Error('not started');
      const target = `http://boweb.localhost:${front.port}/`;
      const results: { at: number; ok: boolean; status: number | string }[] = [];
      let running = true;
      // Four officers' tabs, sending request after request through the front (round robin over A and B).
      const loops = Array.from({ length: 4 }, async () => {
        while (running) {
          try {
            const r = await officer.fetch(target);
            results.push({
              at: Date.now(),
              ok: r.status === 200 && r.body.includes(BOWEB_USER),
              status: r.status,
            });
          } catch (err) {
            results.push({ at: Date.now(), ok: false, status: (err as Error).message });
          }
        }
      });
      await sleep(1_000);
      const killedAt = Date.now();
      await a.kill('SIGKILL');
      await sleep(4_000);
      running = false;
      await Promise.all(loops);
      const before = results.filter((r) => r.at < killedAt);
      const after = results.filter((r) => r.at >= killedAt);
      const failedWindow = after.filter((r) => !r.ok && r.at < killedAt + 1_000);
      const failedLater = after.filter((r) => !r.ok && r.at >= killedAt + 1_000);
      console.log(
        `kill under load: ${before.length} requests before, ${after.length} after; ` +
          `${failedWindow.length} failed in the first second, ${failedLater.length} later`,
      );
      expect(before.length).toBeGreaterThan(20);
      expect(before.every((r) => r.ok)).toBe(true);
      expect(after.filter((r) => r.at >= killedAt + 1_000).length).toBeGreaterThan(20);
      expect(failedLater).toEqual([]);
      // The front's health checks have taken A out by now (2 checks 2 s apart).
      const states = await frontServerStates(front);
      expect([states.a?.startsWith('DOWN'), states.b]).toEqual([true, 'UP']);
      // No new sign-in: the same cookies still reach the back office, whose own session survived too.
      const page = await officer.fetch(target);
      expect([page.status, page.body.includes(BOWEB_USER), page.body.includes('(officer1)')]).toEqual([
        200,
        true,
        true,
      ]);
      expect(boweb?.alive()).toBe(true);
    }, 30_000);
  },
);
