import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { enqueueMail } from '../src/mail/outbox.ts';
import { startMailWorker, type MailWorker } from '../src/mail/worker.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';

const MAILS = 40;

describe.each(TEST_DIALECTS)('several mail workers on one database (%s)', (dialect) => {
  let smtp: DevSmtp;
  let a: TestApp;
  let b: TestApp | undefined;
  let workers: MailWorker[] = [];

  beforeAll(async () => {
    smtp = await startDevSmtp({ port: 0 });
    const env = { DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` };
    a = await createTestApp({ dialect, env });
    // On PostgreSQL the workers run on two gateway nodes sharing one schema; SQLite has one writer process.
    if (dialect === 'postgres') {
      b = await createTestApp({
        dialect,
        env,
        clock: a.clock,
        shared: { pgSchema: a.pgSchema ?? '', redisPrefix: a.redisPrefix },
      });
    }
    const nodes = [a, b ?? a];
    workers = nodes.flatMap((node) =>
      [1, 2, 3].map(() => startMailWorker(node.deps, { pollMs: 3_600_000, batchSize: 7 })),
    );
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await b?.close();
    await a.close();
    await smtp.close();
  });

  it('sends each mail exactly once when workers run their passes at the same time', async () => {
    await a.deps.store.db.transaction().execute(async (trx) => {
      for (let i = 0; i < MAILS; i++) {
        await enqueueMail(trx, a.deps.keyring, a.deps.clock, {
          kind: 'guide',
          to: `reader${i}@ctd.up.example`,
          subject: `मार्गदर्शिका / Guide ${i}`,
          text: `पाठ ${i}`,
          html: `<p>${i}</p>`,
        });
      }
    });

    let total = 0;
    for (let round = 0; round < 10; round++) {
      const sent = await Promise.all(workers.map((w) => w.runOnce()));
      const n = sent.reduce((x, y) => x + y, 0);
      if (n === 0) break;
      total += n;
    }

    expect(total).toBe(MAILS);
    const recipients = smtp.messages().map((m) => m.to);
    expect(recipients).toHaveLength(MAILS);
    expect(new Set(recipients).size).toBe(MAILS);

    const rows = await a.deps.store.db.selectFrom('mail_outbox').select(['id', 'status']).execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const audited = await a.deps.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'mail.sent')
      .execute();
    expect(audited).toHaveLength(MAILS);
  });
});
