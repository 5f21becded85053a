import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { enqueueMail } from '../src/mail/outbox.ts';
import { startMailWorker, type MailWorker, type MailWorkerOptions } from '../src/mail/worker.ts';
import { composeAccountLinkMail } from '../src/accounts/account-links.ts';
import { createTestApp, freePort, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

const TOKEN = 'tok_Secret-One-Time-Link-0123456789';

function activationMail(to: string) {
  return {
    kind: 'activation',
    to,
    ...composeAccountLinkMail({
      purpose: 'activation',
      userId: 'lucknow.10001',
      nameEn: 'Ram Prakash',
      nameHi: 'राम प्रकाश',
      link: `http://localhost/activate?token=${TOKEN}`,
      ttlHours: 72,
      portal: 'http://localhost',
      helpdesk: '0522-2286-000',
    }),
  };
}

async function enqueue(t: TestApp, to = 'officer@ctd.up.example'): Promise<number> {
  return t.deps.store.db
    .transaction()
    .execute((trx) => enqueueMail(trx, t.deps.keyring, t.deps.clock, activationMail(to)));
}

async function outboxRow(t: TestApp, id: number) {
  return t.deps.store.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function auditRows(t: TestApp, type: 'mail.sent' | 'mail.failed', outboxId?: number) {
  const rows = await t.deps.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('type', '=', type)
    .execute();
  return rows.filter((r) => outboxId === undefined || detailOf(r).outbox_id === outboxId);
}

function detailOf(row: { detail: string } | undefined): Record<string, unknown> {
  return JSON.parse(row?.detail ?? '{}') as Record<string, unknown>;
}

describe.each(TEST_DIALECTS)('mail delivery over SMTP (%s)', (dialect) => {
  let smtp: DevSmtp;
  let t: TestApp;
  let worker: MailWorker | undefined;

  const startWorker = (app: TestApp, options: MailWorkerOptions = {}) =>
    (worker = startMailWorker(app.deps, { pollMs: 3_600_000, ...options }));

  beforeAll(async () => {
    smtp = await startDevSmtp({ port: 0 });
    t = await createTestApp({ dialect, env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends a queued mail with its Hindi and English text intact, marks it sent and erases the body', async () => {
    const before = smtp.messages().length;
    const id = await enqueue(t, 'ram.prakash@ctd.up.example');
    expect(await startWorker(t).runOnce()).toBe(1);

    const caught = smtp.messages();
    expect(caught.length).toBe(before + 1);
    const mail = caught[0];
    expect(mail?.to).toBe('ram.prakash@ctd.up.example');
    expect(mail?.subject).toBe(activationMail('x').subject);
    expect(mail?.from).toContain('no-reply@dwaar.localhost');
    expect(mail?.text).toContain('प्रिय राम प्रकाश,');
    expect(mail?.text).toContain('यूज़र आईडी: lucknow.10001');
    expect(mail?.text).toContain('User ID: lucknow.10001');
    expect(mail?.text).toContain('Dear Ram Prakash,');
    expect(mail?.text).toContain(`http://localhost/activate?token=${TOKEN}`);
    expect(mail?.html).toContain('<p lang="hi">प्रिय राम प्रकाश,</p>');

    const row = await outboxRow(t, id);
    expect(row.status).toBe('sent');
    expect(row.sent_at).toBe(t.clock.now());
    expect(row.body_sealed).toBeNull();
    expect(row.attempts).toBe(0);
    const audited = await auditRows(t, 'mail.sent', id);
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor).toBe('system');
    expect(detailOf(audited[0])).toMatchObject({ kind: 'activation', outbox_id: id });
    expect(JSON.stringify(audited)).not.toContain(TOKEN);

    // Nothing is due any more: a second pass sends nothing.
    expect(await worker?.runOnce()).toBe(0);
    expect(smtp.messages().length).toBe(before + 1);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const before = smtp.messages().length;
    await expect(
      t.deps.store.db.transaction().execute(async (trx) => {
        await enqueueMail(trx, t.deps.keyring, t.deps.clock, activationMail('rolled.back@ctd.up.example'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await startWorker(t).runOnce()).toBe(0);
    expect(smtp.messages().length).toBe(before);
    const rows = await t.deps.store.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', 'rolled.back@ctd.up.example')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('fails a mail at once, audited, when the server refuses the recipient for good (5xx)', async () => {
    const { SMTPServer } = await import('smtp-server');
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
      },
    });
    const port = await new Promise<number>((resolve) =>
      refusing.listen(0, '127.0.0.1', () => {
        const address = refusing.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      }),
    );
    const app = await createTestApp({ dialect, env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const id = await enqueue(app, 'nobody@ctd.up.example');
      expect(await startWorker(app).runOnce()).toBe(0);
      const row = await outboxRow(app, id);
      expect(row.status).toBe('failed');
      expect(row.attempts).toBe(1);
      expect(row.last_error).toContain('No such mailbox');
      expect(row.body_sealed).toBeNull();
      const failed = await auditRows(app, 'mail.failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]?.target).toBe('nobody@ctd.up.example');
    } finally {
      await worker?.stop();
      worker = undefined;
      await app.close();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('gives back the rest of a batch, unsent and uncounted, once half the claim lease has passed', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await enqueue(t, `slow${i}@ctd.up.example`));
    // A clock that moves a minute each time it is read stands in for a slow SMTP server.
    let ms = t.clock.now();
    const slowClock = { now: () => (ms += 60_000) };
    const before = smtp.messages().length;
    const slow = startMailWorker({ ...t.deps, clock: slowClock }, { pollMs: 3_600_000, leaseMs: 5 * 60_000 });
    try {
      const sent = await slow.runOnce();
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(4);
      expect(smtp.messages().length).toBe(before + sent);
      const rows = await Promise.all(ids.map((id) => outboxRow(t, id)));
      const released = rows.filter((r) => r.status === 'pending');
      expect(released).toHaveLength(4 - sent);
      for (const r of released) {
        expect(r.attempts).toBe(0);
        expect(r.next_attempt_at).toBeLessThanOrEqual(ms);
      }
      // The released mails go out on the next pass.
      t.clock.advance(ms - t.clock.now());
      expect(await startWorker(t).runOnce()).toBe(4 - sent);
    } finally {
      await slow.stop();
    }
  });

  it('fails a mail whose sealed body cannot be opened, without trying to send it', async () => {
    const id = await enqueue(t, 'garbled@ctd.up.example');
    await t.deps.store.db
      .updateTable('mail_outbox')
      .set({ body_sealed: 'not.a.sealed-value' })
      .where('id', '=', id)
      .execute();
    const before = smtp.messages().length;
    expect(await startWorker(t).runOnce()).toBe(0);
    expect(smtp.messages().length).toBe(before);
    const row = await outboxRow(t, id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/cannot be opened/);
  });
});

describe.each(TEST_DIALECTS)('mail delivery while the SMTP server is down (%s)', (dialect) => {
  let port: number;
  let t: TestApp;
  let worker: MailWorker;

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ dialect, env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    worker = startMailWorker(t.deps, { pollMs: 3_600_000, maxAttempts: 3, random: () => 0.5 });
  });
  afterAll(async () => {
    await worker.stop();
    await t.close();
  });

  it('backs off, fails after the last attempt with an audit record, and never records the body', async () => {
    const id = await enqueue(t, 'unlucky@ctd.up.example');
    const start = t.clock.now();
    expect(await worker.runOnce()).toBe(0);
    let row = await outboxRow(t, id);
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/ECONNREFUSED/);
    // 30 s plus 10 % × 0.5 jitter.
    expect(row.next_attempt_at).toBe(start + 31_500);
    expect(row.body_sealed).not.toBeNull();

    // Not due yet: nothing is tried.
    t.clock.advance(30_000);
    await worker.runOnce();
    expect((await outboxRow(t, id)).attempts).toBe(1);

    t.clock.advance(1_500);
    await worker.runOnce();
    row = await outboxRow(t, id);
    expect(row.attempts).toBe(2);
    expect(row.next_attempt_at).toBe(t.clock.now() + 63_000);

    t.clock.advance(63_000);
    await worker.runOnce();
    row = await outboxRow(t, id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(3);
    expect(row.body_sealed).toBeNull();
    expect(row.sent_at).toBeNull();

    const failed = await auditRows(t, 'mail.failed', id);
    expect(failed).toHaveLength(1);
    expect(detailOf(failed[0])).toMatchObject({ kind: 'activation', attempts: 3 });
    const everything = JSON.stringify([failed, row]);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('प्रिय');

    // A failed mail stays failed.
    t.clock.advance(24 * 3600_000);
    expect(await worker.runOnce()).toBe(0);
    expect((await outboxRow(t, id)).status).toBe('failed');
  });

  it('sends a pending mail once the server is back', async () => {
    const id = await enqueue(t, 'patient@ctd.up.example');
    await worker.runOnce();
    expect((await outboxRow(t, id)).attempts).toBe(1);

    const smtp = await startDevSmtp({ port });
    try {
      t.clock.advance(31_500);
      expect(await worker.runOnce()).toBe(1);
      expect(smtp.messages().map((m) => m.to)).toEqual(['patient@ctd.up.example']);
      const row = await outboxRow(t, id);
      expect(row.status).toBe('sent');
      expect(row.last_error).toBeNull();
      expect(row.body_sealed).toBeNull();
    } finally {
      await smtp.close();
    }
  });
});

describe('mail delivery without SMTP configured', () => {
  it('leaves mail queued and untouched', async () => {
    const t = await createTestApp();
    const worker = startMailWorker(t.deps, { pollMs: 3_600_000 });
    try {
      const id = await enqueue(t);
      expect(await worker.runOnce()).toBe(0);
      const row = await outboxRow(t, id);
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(0);
      expect(row.body_sealed).not.toBeNull();
    } finally {
      await worker.stop();
      await t.close();
    }
  });
});
