import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type DwaarApp } from '../src/app.ts';
import { createManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createDeps, LOG_REDACT, type Deps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { startMailWorker, type MailWorker } from '../src/mail/worker.ts';
import { freePort, type ManualClock } from './create-test-app.ts';
import { Browser, csrfFrom, follow, signIn, type Reply } from './http-client.ts';
import { TEST_PG_URL, TEST_DIALECTS, type TestDialect } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

/**
 * After a whole rollout over HTTP (import, submit, approve, mail over SMTP, activation, sign-in with the
 * second factor), the officer's password, TOTP secret and used activation token appear nowhere they must
 * not: mail outbox, caught mail, audit log, any table, pages, log lines (at trace level).
 */

const PASSWORD = 'marigold canal seven ribbon';
const OFFICER = {
  employeeNo: 'UPCT91001',
  userId: 'lucknow.upct91001',
  email: 'leela.pandey@ctd.up.example',
};
const CSV = `employee_no,name_en,name_hi,rank,wing,district,email,mobile\n${OFFICER.employeeNo},Leela Pandey,लीला पाण्डेय,cto,adjudication,lucknow,${OFFICER.email},\n`;

interface LoggedApp {
  deps: Deps;
  app: DwaarApp;
  clock: ManualClock;
  origin: string;
  pgSchema: string | undefined;
}

/**
 * The app as `createTestApp` builds it (no BOWEB), but logging every line at trace level, with the
 * production redaction, into `lines`: createTestApp takes no logger.
 */
async function startLoggedApp(dialect: TestDialect, smtpPort: number, lines: string[]): Promise<LoggedApp> {
  const clock = createManualClock(Date.now());
  const port = await freePort();
  const pgSchema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const config = loadConfig({
    DWAAR_PORT: String(port),
    DWAAR_HOST: '127.0.0.1',
    DWAAR_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    DATABASE_URL: dialect === 'postgres' ? (TEST_PG_URL ?? '') : 'sqlite::memory:',
    DWAAR_ARGON2_MEMORY: '1024',
    DWAAR_ARGON2_TIME: '1',
    DWAAR_LOG_LEVEL: 'trace',
    DWAAR_REDIS_PREFIX: `dwaar-test:${randomBytes(6).toString('hex')}:`,
    DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  });
  const logger = pino({ level: 'trace', redact: LOG_REDACT }, { write: (line: string) => lines.push(line) });
  const deps = await createDeps(config, {
    clock,
    logger,
    pgSchema,
    prepare: async ({ store, passwords, audit }) => {
      await seedDemo(
        { db: store.db, passwords, audit, now: clock.now() },
        { closedOfficers: 38, officersPerOpenDistrict: 1 },
      );
    },
  });
  const app = await buildApp(deps);
  await app.listen(port, '127.0.0.1');
  return { deps, app, clock, origin: `http://localhost:${port}`, pgSchema };
}

/** JSON of anything read from the database (PostgreSQL counts come back as bigint). */
const dump = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

const match = (pattern: RegExp, text: string, what: string): string => {
  const found = pattern.exec(text)?.[1];
  if (!found) throw new Error(`no ${what} in the page`);
  return found;
};

describe.each(TEST_DIALECTS)('no secret leaks during a rollout on %s', (dialect) => {
  const lines: string[] = [];
  let t: LoggedApp;
  let smtp: DevSmtp;
  let worker: MailWorker;
  let accountId = 0;
  /** Filled by the rollout: the TOTP secret as stored (no spaces) and the raw token of the used link. */
  const secret = { totp: '', token: '' };
  /** Every page fetched, and whether it came after the activation had finished. */
  const pages: { path: string; reply: Reply; afterActivation: boolean }[] = [];
  let activated = false;

  const get = async (b: Browser, path: string, form?: Record<string, string>) => {
    const reply = await b.fetch(`${t.origin}${path}`, form ? { form } : {});
    pages.push({ path, reply, afterActivation: activated });
    return reply;
  };
  const consoleLogin = (userId: string, password: string) =>
    consoleSignIn({ ...t, portalOrigin: t.origin }, userId, password, (path, reply) =>
      pages.push({ path, reply, afterActivation: activated }),
    );
  const code = (offsetMs: number) =>
    new TOTP({ secret: Secret.fromBase32(secret.totp), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: t.clock.now() + offsetMs,
    });
  /** The secrets as they could be written: the TOTP secret also grouped, as the enrolment page shows it. */
  const secretForms = () => ({
    password: [PASSWORD],
    totp: [secret.totp, (secret.totp.match(/.{1,4}/g) ?? []).join(' ')],
    token: [secret.token, encodeURIComponent(secret.token)],
  });
  const expectNone = (text: string, kinds: readonly ('password' | 'totp' | 'token')[], where: string) => {
    const forms = secretForms();
    for (const kind of kinds) {
      for (const form of forms[kind]) expect(text.includes(form), `${kind} in ${where}`).toBe(false);
    }
  };

  beforeAll(async () => {
    smtp = await startDevSmtp({ port: 0 });
    t = await startLoggedApp(dialect, smtp.port, lines);
    worker = startMailWorker(t.deps, { pollMs: 100 });

    // The zonal head imports one officer and submits the proposal.
    const zonal = await consoleLogin('zonal.lucknow', 'Zonal@Dwaar1');
    const upload = await get(zonal, '/console/proposals/import');
    const checked = await get(zonal, '/console/proposals/import/preview', {
      _csrf: csrfFrom(upload.body),
      csv: CSV,
    });
    expect(checked.status).toBe(303);
    const preview = await get(zonal, new URL(checked.location ?? '').pathname);
    expect(preview.status).toBe(200);
    const key = match(/name="key" value="([0-9a-f]{32})"/, preview.body, 'upload key');
    const commit = await get(zonal, '/console/proposals/import/commit', {
      _csrf: csrfFrom(preview.body),
      key,
    });
    const proposalId = match(/\/console\/proposals\/(\d+)$/, commit.location ?? '', 'proposal');
    const detail = await get(zonal, `/console/proposals/${proposalId}`);
    const submit = await get(zonal, `/console/proposals/${proposalId}/submit`, {
      _csrf: csrfFrom(detail.body),
      confirm: 'yes',
    });
    expect(submit.status).toBe(303);

    // HQ approves; the activation link goes out over SMTP.
    const hq = await consoleLogin('hq.approver', 'Admin@Dwaar2');
    const review = await get(hq, `/console/review/${proposalId}`);
    const itemId = match(/name="decision-(\d+)"/, review.body, 'decision row');
    const approved = await get(hq, `/console/review/${proposalId}/items/${itemId}`, {
      _csrf: csrfFrom(review.body),
      decision: 'approve',
      reason: '',
      exceptionReason: '',
      validUntil: '',
      confirm: 'yes',
    });
    expect(approved.body).toContain(`Account ${OFFICER.userId} created`);
    const activationMail = await vi.waitFor(
      () => {
        const mail = smtp.messages().find((m) => m.to.includes(OFFICER.email));
        if (!mail) throw new Error('the activation mail has not arrived');
        return mail;
      },
      { timeout: 10_000, interval: 100 },
    );
    secret.token = match(/\/activate\?token=([A-Za-z0-9_-]+)/, activationMail.text, 'token');

    // The officer activates with a known password and an authenticator app.
    const officer = new Browser();
    // The link's page has a button; pressing it starts the steps (issue 8 item 1).
    const linkPage = await get(officer, `/activate?token=${secret.token}`);
    const opened = await get(officer, '/activate', {
      _csrf: csrfFrom(linkPage.body),
      link: match(/name="link" value="([^"]+)"/, linkPage.body, 'link reference'),
    });
    expect(opened.location).toBe(`${t.origin}/activate/confidentiality`);
    const conf = await get(officer, '/activate/confidentiality');
    const version = match(/name="version" value="(\d+)"/, conf.body, 'version');
    await get(officer, '/activate/confidentiality', { _csrf: csrfFrom(conf.body), version, accept: 'yes' });
    const pw = await get(officer, '/activate/password');
    const chosen = await get(officer, '/activate/password', {
      _csrf: csrfFrom(pw.body),
      password: PASSWORD,
      confirm: PASSWORD,
    });
    expect(chosen.location).toBe(`${t.origin}/activate/totp`);
    const totp = await get(officer, '/activate/totp');
    secret.totp = match(/id="totp-secret">([A-Z2-7 ]+)</, totp.body, 'TOTP secret').replace(/\s/g, '');
    await get(officer, '/activate/totp', { _csrf: csrfFrom(totp.body), code: code(0) });
    const done = await get(officer, '/activate/done');
    const finished = await get(officer, '/activate/done', { _csrf: csrfFrom(done.body), saved: 'yes' });
    expect(finished.body).toContain('Your account is active');
    activated = true;

    // The officer signs in; HQ looks at the account, the proposal and the mail outbox.
    const login = await signIn(officer, t.origin, OFFICER.userId, PASSWORD);
    expect(login.location).toBe(`${t.origin}/login/otp`);
    const otp = await get(officer, '/login/otp');
    const verified = await get(officer, '/login/otp', {
      _csrf: csrfFrom(otp.body),
      method: 'totp',
      code: code(30_000),
    });
    const webtop = await follow(officer, verified);
    pages.push({ path: '/webtop', reply: webtop, afterActivation: true });
    expect(webtop.body).toContain(`(${OFFICER.userId})`);
    const account = await t.deps.store.db
      .selectFrom('accounts')
      .select(['id', 'status'])
      .where('user_id', '=', OFFICER.userId)
      .executeTakeFirstOrThrow();
    expect(account.status).toBe('active');
    accountId = account.id;
    for (const path of [
      `/console/accounts/${accountId}`,
      '/console/accounts',
      `/console/proposals/${proposalId}`,
      '/console/mailbox',
    ]) {
      expect((await get(hq, path)).status, path).toBe(200);
    }
    // Every mail of the rollout is delivered: activation, decision, guide to the zonal head and the JC.
    await vi.waitFor(() => expect(smtp.messages()).toHaveLength(4), { timeout: 10_000, interval: 100 });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await t?.app.close();
    await t?.deps.close();
    await smtp?.close();
  });

  it('keeps them out of the mail outbox, sealed bodies included (the link only in its own mail)', async () => {
    const rows = await t.deps.store.db.selectFrom('mail_outbox').selectAll().execute();
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const { body_sealed: sealed, ...row } of rows) {
      expectNone(dump(row), ['password', 'totp', 'token'], `outbox row ${row.id}`);
      if (sealed === null) continue;
      const body = t.deps.keyring.open('mail-encryption', sealed);
      expectNone(
        body,
        row.kind === 'activation' ? ['password', 'totp'] : ['password', 'totp', 'token'],
        'body',
      );
    }
  });

  it('keeps them out of every caught SMTP message (the link only in the activation mail)', () => {
    const caught = smtp.messages();
    for (const mail of caught) {
      const isActivation = mail.to.includes(OFFICER.email);
      const kinds = isActivation ? (['password', 'totp'] as const) : (['password', 'totp', 'token'] as const);
      expectNone(dump(mail), kinds, `mail to ${mail.to}`);
    }
    expect(caught.filter((m) => m.text.includes(secret.token)).map((m) => m.to)).toEqual([OFFICER.email]);
  });

  it('keeps them out of the audit log', async () => {
    const events = await t.deps.store.db.selectFrom('audit_events').selectAll().execute();
    expect(events.some((e) => e.type === 'account.activated' || e.type === 'login.succeeded')).toBe(true);
    for (const e of events) expectNone(dump(e), ['password', 'totp', 'token'], `audit event ${e.type}`);
  });

  it('stores none of them in plaintext in any table', async () => {
    const tables = (await t.deps.store.db.introspection.getTables()).filter(
      (table) => !table.isView && (t.pgSchema === undefined || table.schema === t.pgSchema),
    );
    expect(tables.map((table) => table.name)).toContain('accounts');
    for (const table of tables) {
      const rows = await t.deps.store.db
        .selectFrom(table.name as 'accounts')
        .selectAll()
        .execute();
      expectNone(dump(rows), ['password', 'totp', 'token'], `table ${table.name}`);
    }
  });

  it('shows none of them on a page: the password never, the key only while enrolling', () => {
    expect(pages.filter((p) => p.afterActivation).length).toBeGreaterThanOrEqual(6);
    for (const { path, reply, afterActivation } of pages) {
      const page = `${dump(reply.headers)}\n${reply.body}`;
      expectNone(page, ['password', 'token'], path);
      if (afterActivation || path !== '/activate/totp') expectNone(page, ['totp'], path);
    }
  });

  const linesWith = (kinds: readonly ('password' | 'totp' | 'token')[]) => {
    const forms = secretForms();
    return lines.filter((line) => kinds.some((kind) => forms[kind].some((form) => line.includes(form))));
  };

  it('writes neither the password nor the TOTP secret to the log, even at trace level', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(linesWith(['password', 'totp'])).toEqual([]);
  });

  // KNOWN BUG: Fastify's "incoming request" line (level info, so in production too) logs `req.url`, which
  // for `/activate?token=…` and `/reset?token=…` is the raw one-time token: LOG_REDACT (src/deps.ts) does
  // not cover the URL. Fix: give the logger a `req` serializer that redacts `token=` in the query. When it
  // is fixed, this test fails: drop `.fails`.
  it('writes no activation token to the log', () => {
    expect(linesWith(['token'])).toEqual([]);
  });
});
