import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devMailboxDir } from '../src/mail/dev-mailbox-files.ts';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { enqueueMail } from '../src/mail/outbox.ts';
import { startMailWorker } from '../src/mail/worker.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { consoleSignIn } from './factories/staff.ts';

const TOKEN = 'tok_MailboxPage-0123456789abcdef';

const consoleBrowser = (t: TestApp, userId: string, password: string): Promise<Browser> =>
  consoleSignIn(t, userId, password);

async function enqueue(t: TestApp, to: string, subject: string): Promise<number> {
  return t.deps.store.db.transaction().execute((trx) =>
    enqueueMail(trx, t.deps.keyring, t.deps.clock, {
      kind: 'activation',
      to,
      subject,
      text: `प्रिय अधिकारी, खोलें: ${t.portalOrigin}/activate?token=${TOKEN}\nNot ours: https://elsewhere.example/x`,
      html: `<p lang="hi">प्रिय अधिकारी</p><script>alert(1)</script><a href="${t.portalOrigin}/activate?token=${TOKEN}">link</a>`,
    }),
  );
}

describe.each(TEST_DIALECTS)('the console mailbox (%s)', (dialect) => {
  let dataDir: string;
  let smtp: DevSmtp;
  let t: TestApp;
  let hq: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwaar-mailbox-'));
    smtp = await startDevSmtp({ port: 0, saveDir: devMailboxDir(dataDir) });
    t = await createTestApp({
      dialect,
      devMailbox: true,
      env: { DWAAR_DATA: dataDir, DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    await enqueue(t, 'sent.officer@ctd.up.example', 'द्वार: सक्रियण / Dwaar: activation');
    const worker = startMailWorker(t.deps, { pollMs: 3_600_000 });
    await worker.runOnce();
    await worker.stop();
    await enqueue(t, 'waiting.officer@ctd.up.example', 'Waiting mail');
    const failedId = await enqueue(t, 'failed.officer@ctd.up.example', 'Failed mail');
    await t.deps.store.db
      .updateTable('mail_outbox')
      .set({
        status: 'failed',
        attempts: 8,
        last_error: 'connect ECONNREFUSED 127.0.0.1:25',
        body_sealed: null,
      })
      .where('id', '=', failedId)
      .execute();
    hq = await consoleBrowser(t, 'hq.admin', 'Admin@Dwaar1');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows HQ every mail with its status in words, and never a body or link', async () => {
    const page = await hq.fetch(`${t.portalOrigin}/console/mailbox`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sent: 1. Pending: 1. Failed: 1.');
    for (const text of [
      'sent.officer@ctd.up.example',
      'द्वार: सक्रियण / Dwaar: activation',
      'waiting.officer@ctd.up.example',
      'connect ECONNREFUSED 127.0.0.1:25',
      '>Sent</span>',
      '>Pending</span>',
      '>Failed</span>',
      'Activation link',
      'scope="col"',
      'href="/console/mailbox/dev"',
    ]) {
      expect(page.body).toContain(text);
    }
    expect(page.body).not.toContain(TOKEN);
    expect(page.body).not.toContain('प्रिय अधिकारी');
  });

  it('filters by status, and answers a made-up status with a bilingual error and status 400', async () => {
    const failed = await hq.fetch(`${t.portalOrigin}/console/mailbox?status=failed`);
    expect(failed.status).toBe(200);
    expect(failed.body).toContain('failed.officer@ctd.up.example');
    expect(failed.body).not.toContain('waiting.officer@ctd.up.example');

    const bad = await hq.fetch(`${t.portalOrigin}/console/mailbox?status=bounced`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('id="error-summary"');
    expect(bad.body).toContain('Choose a status from the list');

    hq.setCookie('localhost', 'dwaar_lang', 'hi');
    const hindi = await hq.fetch(`${t.portalOrigin}/console/mailbox?status=bounced`);
    expect(hindi.body).toContain('सूची से स्थिति चुनें');
    expect(hindi.body).toContain('>विफल</span>');
    hq.setCookie('localhost', 'dwaar_lang', 'en');
  });

  it('shows the mail caught in development, bodies as escaped text', async () => {
    const page = await hq.fetch(`${t.portalOrigin}/console/mailbox/dev`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('द्वार: सक्रियण / Dwaar: activation');
    expect(page.body).toContain('sent.officer@ctd.up.example');
    // The developer's inbox shows one-time links on purpose, clickable when they lead to this portal.
    const link = `${t.portalOrigin}/activate?token=${TOKEN}`;
    expect(page.body).toContain(`<a href="${link}">${link}</a>`);
    expect(page.body).toContain('https://elsewhere.example/x');
    expect(page.body).not.toContain('<a href="https://elsewhere.example/x">');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)</script>');
  });

  it('refuses a zonal head with 403, audited', async () => {
    const zonal = await consoleBrowser(t, 'zonal.lucknow', 'Zonal@Dwaar1');
    for (const path of ['/console/mailbox', '/console/mailbox/dev']) {
      const page = await zonal.fetch(`${t.portalOrigin}${path}`);
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('sent.officer@ctd.up.example');
    }
    const denied = await t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target'])
      .where('type', '=', 'console.access_denied')
      .where('actor', '=', 'zonal.lucknow')
      .execute();
    expect(denied.map((d) => d.target)).toEqual(['/console/mailbox', '/console/mailbox/dev']);
  });

  it('sends a visitor without a session to the console sign-in', async () => {
    const page = await new Browser().fetch(`${t.portalOrigin}/console/mailbox`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`${t.portalOrigin}/console/login`);
  });
});

describe('the console mailbox without a development catcher', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwaar-mailbox-'));
    t = await createTestApp({ env: { DWAAR_DATA: dataDir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows clear empty states', async () => {
    const hq = await consoleBrowser(t, 'hq.admin', 'Admin@Dwaar1');
    const outbox = await hq.fetch(`${t.portalOrigin}/console/mailbox`);
    expect(outbox.status).toBe(200);
    expect(outbox.body).toContain('No mail yet.');
    expect(outbox.body).not.toContain('href="/console/mailbox/dev"');
  });
});

describe('the development mailbox in the demo only (issue 7 item 11)', () => {
  let dataDir: string;
  let smtp: DevSmtp;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwaar-mailbox-'));
    // Mail with a one-time link caught earlier lies in the data directory, as after a demo run.
    smtp = await startDevSmtp({ port: 0, saveDir: devMailboxDir(dataDir) });
  });
  afterAll(async () => {
    await smtp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is absent (404, no link) outside the demo, even with caught mail on disk; present in the demo', async () => {
    for (const devMailbox of [false, true]) {
      const t = await createTestApp({
        devMailbox,
        env: { DWAAR_DATA: dataDir, DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
      });
      try {
        await enqueue(t, 'caught.officer@ctd.up.example', 'Caught mail');
        const worker = startMailWorker(t.deps, { pollMs: 3_600_000 });
        await worker.runOnce();
        await worker.stop();
        const hq = await consoleBrowser(t, 'hq.admin', 'Admin@Dwaar1');
        const outbox = await hq.fetch(`${t.portalOrigin}/console/mailbox`);
        const dev = await hq.fetch(`${t.portalOrigin}/console/mailbox/dev`);
        if (devMailbox) {
          expect(outbox.body).toContain('href="/console/mailbox/dev"');
          expect(dev.status).toBe(200);
          expect(dev.body).toContain('Caught mail');
        } else {
          expect(outbox.body).not.toContain('href="/console/mailbox/dev"');
          expect(dev.status).toBe(404);
          expect(dev.body).not.toContain(TOKEN);
        }
      } finally {
        await t.close();
      }
    }
  });
});
