import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/accounts/table.ts';
import { enqueueGuideMails } from '../src/guide/guide-mail.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { TEST_DIALECTS } from './test-env.ts';
import { insertAccount } from './factories/accounts.ts';

/**
 * Makes sure a staff account exists with an e-mail address (the demo seed provides zonal.lucknow and
 * jc.lucknow; this keeps the test independent of which staff it seeds with addresses).
 */
async function ensureStaff(
  t: TestApp,
  a: { userId: string; role: Role; zone: string; email: string | null; status?: 'active' | 'suspended' },
): Promise<void> {
  const db = t.deps.store.db;
  const now = t.clock.now();
  const existing = await db
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', a.userId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('accounts')
      .set({ email: a.email, status: a.status ?? 'active', scope_zone_id: a.zone })
      .where('id', '=', existing.id)
      .execute();
    return;
  }
  await insertAccount(db, now, {
    user_id: a.userId,
    role: a.role,
    scope_zone_id: a.zone,
    status: a.status ?? 'active',
    email: a.email,
  });
}

describe.each(TEST_DIALECTS)('guide mails on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureStaff(t, {
      userId: 'zonal.lucknow',
      role: 'zonal_head',
      zone: 'lucknow',
      email: 'zonal.lucknow@ctd.up.example',
    });
    await ensureStaff(t, {
      userId: 'jc.lucknow',
      role: 'joint_commissioner',
      zone: 'lucknow',
      email: 'jc.lucknow@ctd.up.example',
    });
    await ensureStaff(t, { userId: 'jc2.lucknow', role: 'joint_commissioner', zone: 'lucknow', email: null });
    await ensureStaff(t, {
      userId: 'jc3.lucknow',
      role: 'joint_commissioner',
      zone: 'lucknow',
      email: 'jc3.lucknow@ctd.up.example',
      status: 'suspended',
    });
    await ensureStaff(t, {
      userId: 'zonal.kanpur',
      role: 'zonal_head',
      zone: 'kanpur',
      email: 'zonal.kanpur@ctd.up.example',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('queues a bilingual mail to the zone’s active zonal head and joint commissioner only, audited', async () => {
    const db = t.deps.store.db;
    const count = await db
      .transaction()
      .execute((trx) => enqueueGuideMails(trx, t.deps, 'lucknow', 'hq.admin'));
    expect(count).toBe(2);
    const mails = await db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('kind', '=', 'guide')
      .orderBy('to_address')
      .execute();
    expect(mails.map((m) => m.to_address)).toEqual([
      'jc.lucknow@ctd.up.example',
      'zonal.lucknow@ctd.up.example',
    ]);
    const first = mails[0];
    if (!first?.body_sealed) throw new Error('no sealed body');
    const body = JSON.parse(t.deps.keyring.open('mail-encryption', first.body_sealed)) as {
      text: string;
      html: string;
    };
    expect(body.text).toContain(`${t.portalOrigin}/guide`);
    expect(body.text).toContain(`${t.portalOrigin}/guide.pdf`);
    expect(body.text).toContain('उपयोगकर्ता मार्गदर्शिका');
    expect(body.text).toContain('user guide');
    expect(body.text).toContain(t.deps.config.helpdeskPhone);
    expect(body.text).not.toMatch(/token=|password:/i);
    expect(body.html).toContain(`<a href="${t.portalOrigin}/guide.pdf">`);
    expect(body.html).toContain('<p lang="en">');
    expect(first.subject).toContain('Dwaar: user guide');

    const audit = await db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', 'guide.sent')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor).toBe('hq.admin');
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ zone: 'lucknow', recipients: 2 });
  });

  it('queues nothing for another zone’s staff and nothing when the transaction rolls back', async () => {
    const db = t.deps.store.db;
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueGuideMails(trx, t.deps, 'kanpur', 'hq.admin');
        throw new Error('decision failed');
      }),
    ).rejects.toThrow('decision failed');
    const kanpur = await db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', 'zonal.kanpur@ctd.up.example')
      .execute();
    expect(kanpur).toHaveLength(0);
    const count = await db
      .transaction()
      .execute((trx) => enqueueGuideMails(trx, t.deps, 'kanpur', 'hq.admin'));
    expect(count).toBe(1);
    const lucknowMails = await db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('kind', '=', 'guide')
      .execute();
    expect(lucknowMails.map((m) => m.to_address).sort()).toEqual([
      'jc.lucknow@ctd.up.example',
      'zonal.kanpur@ctd.up.example',
      'zonal.lucknow@ctd.up.example',
    ]);
  });
});
