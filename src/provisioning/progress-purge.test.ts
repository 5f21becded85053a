import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/create-test-app.ts';
import { insertAccount } from '../../test/factories/accounts.ts';
import { TEST_DIALECTS } from '../../test/test-env.ts';
import { ensureProgress, findProgress, purgeStaleProgress } from './progress-repository.ts';

/** A sealed authenticator key and a password hash must not outlive the link they were saved for. */
describe.each(TEST_DIALECTS)('stale activation progress on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  async function linkWithProgress(
    userId: string,
    link: { expiresAt: number; usedAt?: number; supersededAt?: number },
  ) {
    const now = t.clock.now();
    const accountId = await insertAccount(t.deps.store.db, now, {
      user_id: userId,
      status: 'pending_activation',
    });
    const token = await t.deps.store.db
      .insertInto('account_tokens')
      .values({
        account_id: accountId,
        purpose: 'activation',
        token_hash: `hash-${userId}`,
        created_at: now,
        expires_at: link.expiresAt,
        used_at: link.usedAt ?? null,
        superseded_at: link.supersededAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ensureProgress(t.deps.store.db, { tokenId: token.id, accountId, now });
    return token.id;
  }

  it('forgets the steps of expired, spent and superseded links, and keeps those of live ones', async () => {
    const now = t.clock.now();
    const live = await linkWithProgress('purge.live', { expiresAt: now + 3_600_000 });
    const expired = await linkWithProgress('purge.expired', { expiresAt: now - 1 });
    const spent = await linkWithProgress('purge.spent', { expiresAt: now + 3_600_000, usedAt: now - 5 });
    const superseded = await linkWithProgress('purge.superseded', {
      expiresAt: now + 3_600_000,
      supersededAt: now - 5,
    });

    expect(await purgeStaleProgress(t.deps.store.db, now)).toBe(3);
    expect(await findProgress(t.deps.store.db, live)).toBeDefined();
    for (const gone of [expired, spent, superseded]) {
      expect(await findProgress(t.deps.store.db, gone)).toBeUndefined();
    }
    expect(await purgeStaleProgress(t.deps.store.db, now)).toBe(0);
  });
});
