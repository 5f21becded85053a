import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startDemoStack } from '../src/cli/start.ts';
import { loadConfig } from '../src/config.ts';
import { createKeyring } from '../src/crypto/keyring.ts';
import { systemClock } from '../src/clock.ts';
import { devMailboxDir, readDevMailbox } from '../src/mail/dev-mailbox-files.ts';
import { enqueueMail } from '../src/mail/outbox.ts';
import { openStore } from '../src/store/store.ts';
import { freePort } from './create-test-app.ts';

const SECRET = 'start-test-secret-start-test-secret-0123456789';

async function stackEnv(dataDir: string, extra: Record<string, string> = {}) {
  return {
    DWAAR_DATA: dataDir,
    DWAAR_PORT: String(await freePort()),
    DWAAR_HOST: '127.0.0.1',
    DWAAR_BOWEB_PORT: String(await freePort()),
    DWAAR_SECRET: SECRET,
    DWAAR_ARGON2_MEMORY: '1024',
    DWAAR_ARGON2_TIME: '1',
    DWAAR_LOG_LEVEL: 'silent',
    ...extra,
  };
}

describe('npm start and mail', () => {
  let dataDir: string;
  let banner: string[];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwaar-start-'));
    banner = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void banner.push(args.join(' ')));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('catches mail in the dev mailbox, sent by the running worker, and says where to read it', async () => {
    const smtpPort = await freePort();
    const env = await stackEnv(dataDir, { DWAAR_DEV_SMTP_PORT: String(smtpPort) });
    const config = loadConfig(env);
    const stop = await startDemoStack(config);
    const store = await openStore(config.databaseUrl);
    try {
      expect(banner.join('\n')).toContain(
        `Dev mailbox         ${config.publicUrl.origin}/console/mailbox/dev (SMTP catcher on 127.0.0.1:${smtpPort}`,
      );
      await store.db.transaction().execute((trx) =>
        enqueueMail(trx, createKeyring(SECRET), systemClock, {
          kind: 'guide',
          to: 'zonal.lucknow@ctd.up.example',
          subject: 'मार्गदर्शिका / Guide',
          text: 'नमस्ते / Hello',
          html: '<p>नमस्ते</p>',
        }),
      );
      await vi.waitFor(
        async () => {
          const caught = await readDevMailbox(devMailboxDir(dataDir), 10);
          const subjects = caught?.messages.map((m) => m.subject) ?? [];
          expect(subjects).toContain('मार्गदर्शिका / Guide');
          // The demo's first start issues the reference circular to its zonal heads, JCs and HQ (copy).
          expect(subjects.filter((s) => s.includes('Circular 08/'))).toHaveLength(4);
        },
        { timeout: 10_000, interval: 200 },
      );
    } finally {
      await store.close();
      await stop();
    }
  });

  it('uses DWAAR_SMTP_URL when set: no catcher, and earlier dev mail is removed', async () => {
    const dir = devMailboxDir(dataDir);
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, '1795967133579-000000.eml'),
      'Subject: old link\n\nhttp://x/activate?token=old\n',
    );
    const devPort = await freePort();
    const env = await stackEnv(dataDir, {
      DWAAR_SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      DWAAR_DEV_SMTP_PORT: String(devPort),
    });
    const stop = await startDemoStack(loadConfig(env));
    try {
      await expect(access(dir)).rejects.toThrow();
      expect(banner.join('\n')).toContain('/console/mailbox (mail goes out through DWAAR_SMTP_URL)');
      expect(banner.join('\n')).not.toContain('Dev mailbox');
    } finally {
      await stop();
    }
  });

  it('seeds nothing and issues no circular with DWAAR_DEMO_DATA=0 (production)', async () => {
    const env = await stackEnv(dataDir, {
      DWAAR_SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      DWAAR_DEMO_DATA: '0',
      DWAAR_DEMO_BOWEB: '0',
    });
    const config = loadConfig(env);
    const stop = await startDemoStack(config);
    const store = await openStore(config.databaseUrl);
    try {
      const count = async (table: 'accounts' | 'officers' | 'mail_outbox') =>
        Number(
          (
            await store.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('accounts')).toBe(0);
      expect(await count('officers')).toBe(0);
      expect(await count('mail_outbox')).toBe(0);
      expect(banner.join('\n')).not.toContain('Seeded the demo directory');
      expect(banner.join('\n')).toContain('not started here (DWAAR_DEMO_BOWEB=0)');
    } finally {
      await store.close();
      await stop();
    }
  });

  it('refuses a bad DWAAR_DEV_SMTP_PORT before starting anything', async () => {
    const env = await stackEnv(dataDir, { DWAAR_DEV_SMTP_PORT: 'smtp' });
    expect(() => loadConfig(env)).toThrow(/DWAAR_DEV_SMTP_PORT/);
  });
});
