import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, TEST_PG_URL } from '../../test/test-env.ts';
import { migrateToLatest } from './migrate.ts';
import { openStore } from './store.ts';

describe.each(TEST_DIALECTS)('migrations on %s', (dialect) => {
  it('keeps existing proposals and their items when 0003 makes the zone optional', async () => {
    const store =
      dialect === 'postgres'
        ? await openStore(TEST_PG_URL ?? '', { pgSchema: `m_${randomBytes(6).toString('hex')}` })
        : await openStore('sqlite::memory:');
    try {
      await migrateToLatest(store.db, store.pgSchema, '0002-rollout');
      const db = store.db;
      await db.insertInto('zones').values({ id: 'z', name_en: 'Z', name_hi: 'ज़' }).execute();
      await db
        .insertInto('districts')
        .values({
          id: 'd',
          zone_id: 'z',
          name_en: 'D',
          name_hi: 'ड',
          office_status: 'closed',
          status_changed_at: 1,
          status_changed_by: null,
        })
        .execute();
      await db.insertInto('wings').values({ id: 'w', name_en: 'W', name_hi: 'व' }).execute();
      await db.insertInto('ranks').values({ id: 'r', name_en: 'R', name_hi: 'र' }).execute();
      const officer = await db
        .insertInto('officers')
        .values({
          employee_no: 'E1',
          name_en: 'A',
          name_hi: 'अ',
          rank_id: 'r',
          wing_id: 'w',
          district_id: 'd',
          email: 'a@x.example',
          mobile: null,
          created_at: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const account = await db
        .insertInto('accounts')
        .values({
          user_id: 'u',
          officer_id: null,
          display_name: 'U',
          role: 'hq_admin',
          scope_zone_id: null,
          scope_district_id: null,
          status: 'active',
          password_hash: null,
          totp_secret_enc: null,
          locked_until: null,
          valid_until: null,
          last_login_at: null,
          created_at: 1,
          updated_at: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const proposal = await db
        .insertInto('proposals')
        .values({
          zone_id: 'z',
          created_by: account.id,
          status: 'draft',
          created_at: 1,
          submitted_at: null,
          decided_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('proposal_items')
        .values({
          proposal_id: proposal.id,
          officer_id: officer.id,
          decision: 'pending',
          reason: null,
          open_office_exception: null,
          decided_by: null,
          decided_at: null,
          account_id: null,
        })
        .execute();

      expect(await migrateToLatest(store.db, store.pgSchema)).toContain('0003-state-wide-proposals');
      expect(await db.selectFrom('proposals').select(['id', 'zone_id']).execute()).toEqual([
        { id: proposal.id, zone_id: 'z' },
      ]);
      expect(await db.selectFrom('proposal_items').select('proposal_id').execute()).toEqual([
        { proposal_id: proposal.id },
      ]);
      // A state-wide proposal has no zone; the foreign key to accounts still holds.
      await db
        .insertInto('proposals')
        .values({
          zone_id: null,
          created_by: account.id,
          status: 'draft',
          created_at: 2,
          submitted_at: null,
          decided_at: null,
        })
        .execute();
      await expect(
        db
          .insertInto('proposals')
          .values({
            zone_id: null,
            created_by: 9999,
            status: 'draft',
            created_at: 3,
            submitted_at: null,
            decided_at: null,
          })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
