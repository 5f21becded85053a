import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeAccountLinkMail } from '../src/accounts/account-links.ts';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { claimDueMail } from '../src/mail/outbox-repository.ts';
import { enqueueMail } from '../src/mail/outbox.ts';
import { startMailWorker, type MailWorker } from '../src/mail/worker.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startTcpForwarder } from './tcp-forwarder.ts';
import { TEST_DIALECTS } from './test-env.ts';

function mailTo(to: string) {
  return {
    kind: 'activation',
    to,
    ...composeAccountLinkMail({
      purpose: 'activation',
      userId: 'lucknow.10001',
      nameEn: 'Ram Prakash',
      nameHi: 'राम प्रकाश',
      link: 'http://localhost/activate?token=tok_crash',
      ttlHours: 72,
      portal: 'http://localhost',
      helpdesk: '0522-2286-000',
    }),
  };
}

// Issue 7 item 18: mail after a crash.
describe.each(TEST_DIALECTS)('mail after a crash (%s)', (dialect) => {
  let smtp: DevSmtp;
  let saveDir: string;
  let t: TestApp;
  const workers: MailWorker[] = [];
  const start = (node: string) => {
    const worker = startMailWorker(t.deps, { pollMs: 3_600_000, node });
    workers.push(worker);
    return worker;
  };
  const enqueue = (to: string) =>
    t.deps.store.db
      .transaction()
      .execute((trx) => enqueueMail(trx, t.deps.keyring, t.deps.clock, mailTo(to)));
  /** What a worker killed mid-send leaves behind: its claim on the row, and nothing sent. */
  const crashedClaim = (node: string) =>
    claimDueMail(t.deps.store.db, t.deps.store.dialect, {
      now: t.clock.now(),
      leaseUntil: t.clock.now() + 15 * 60_000,
      limit: 100,
      node,
      run: 'the-run-that-crashed',
    });
  const caughtFor = (to: string) => smtp.messages().filter((m) => m.to === to);

  beforeAll(async () => {
    saveDir = await mkdtemp(join(tmpdir(), 'dwaar-mail-crash-'));
    smtp = await startDevSmtp({ port: 0, saveDir });
    t = await createTestApp({ dialect, env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await rm(saveDir, { recursive: true, force: true });
  });
  /** The Message-ID header as the SMTP server received it. */
  const messageIdOf = async (caught: { id: string } | undefined) => {
    const raw = await readFile(join(saveDir, `${caught?.id ?? ''}.eml`), 'utf8');
    return /^Message-ID:\s*(\S+)/im.exec(raw)?.[1];
  };

  it('sends a mail its node claimed before crashing as soon as the node restarts, not after the lease', async () => {
    await enqueue('crashed.claim@ctd.up.example');
    expect(await crashedClaim('gw-1:8080')).toHaveLength(1);

    // The restarted node, same name, new run; the clock does not move (before: due 15 minutes later).
    expect(await start('gw-1:8080').runOnce()).toBe(1);
    expect(caughtFor('crashed.claim@ctd.up.example')).toHaveLength(1);
  });

  it('leaves a live node’s claim to its lease, which is short: sent 2 minutes later, not 15', async () => {
    await enqueue('other.node@ctd.up.example');
    // Node gw-2 claims the mail and is stuck sending it: its SMTP server accepts and never answers.
    const silent = await startTcpForwarder(9);
    silent.blackhole();
    try {
      const config = {
        ...t.deps.config,
        mail: { ...t.deps.config.mail, smtpUrl: `smtp://127.0.0.1:${silent.port}` },
      };
      const stuck = startMailWorker({ ...t.deps, config }, { pollMs: 3_600_000, node: 'gw-2:8080' });
      workers.push(stuck);
      void stuck.runOnce();
      for (let i = 0; i < 100 && silent.accepted() === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(silent.accepted()).toBe(1);

      const worker = start('gw-1:8080');
      expect(await worker.runOnce()).toBe(0);
      t.clock.advance(2 * 60_000);
      expect(await worker.runOnce()).toBe(1);
      expect(caughtFor('other.node@ctd.up.example')).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  it('gives every attempt at one outbox row the same Message-ID, so a receiver can drop the duplicate', async () => {
    const id = await enqueue('twice@ctd.up.example');
    const saved = await t.deps.store.db
      .selectFrom('mail_outbox')
      .select('body_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const worker = start('gw-1:8080');
    expect(await worker.runOnce()).toBe(1);
    // The node crashed after the server accepted the mail and before it was marked sent: sent again.
    await t.deps.store.db
      .updateTable('mail_outbox')
      .set({
        status: 'pending',
        sent_at: null,
        body_sealed: saved.body_sealed,
        next_attempt_at: t.clock.now(),
      })
      .where('id', '=', id)
      .execute();
    expect(await worker.runOnce()).toBe(1);

    const sent = caughtFor('twice@ctd.up.example');
    expect(sent).toHaveLength(2);
    const first = await messageIdOf(sent[0]);
    expect(first).toMatch(new RegExp(`^<outbox-${id}\\.[A-Za-z0-9_-]{16}@dwaar\\.localhost>$`));
    expect(await messageIdOf(sent[1])).toBe(first);
    // Another row gets another one.
    await enqueue('other.row@ctd.up.example');
    expect(await worker.runOnce()).toBe(1);
    expect(await messageIdOf(caughtFor('other.row@ctd.up.example')[0])).not.toBe(first);
  });
});
