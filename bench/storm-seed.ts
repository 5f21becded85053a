// Seeds the benchmark officers straight into the database, as the demo seed does: each an officer of the
// directory in a closed district (so the demo policy lets them into BOWEB) with an active account. The
// login storm also gives every account a password and an authenticator app (a sealed TOTP secret).
import type { Kysely } from 'kysely';
import { generateTotpSecret } from '../src/login/totp.ts';
import type { Keyring } from '../src/crypto/index.ts';
import type { Database } from '../src/store/index.ts';

/** Every storm officer's password (one shared hash; see `credentials`). */
export const STORM_PASSWORD = 'storm monsoon lantern 2026';

export interface SeededOfficer {
  readonly accountId: number;
  readonly userId: string;
  /** Base32, for the clients' authenticator; absent without `credentials`. */
  readonly totpSecret?: string;
}

export interface SeedOfficersOptions {
  readonly count: number;
  readonly now: number;
  /** User IDs are `<prefix>00001`…; employee numbers follow from them. */
  readonly prefix: string;
  /** An encoded argon2id hash shared by every account (hashing 2,000 times would only slow the set-up). */
  readonly credentials?: { readonly passwordHash: string; readonly keyring: Keyring };
}

const BATCH = 500;

export async function seedOfficers(db: Kysely<Database>, o: SeedOfficersOptions): Promise<SeededOfficer[]> {
  const seeded: SeededOfficer[] = [];
  for (let start = 0; start < o.count; start += BATCH) {
    const n = Math.min(BATCH, o.count - start);
    const numbers = Array.from({ length: n }, (_, i) => start + i + 1);
    const employee = (k: number) => `${o.prefix.toUpperCase()}${String(k).padStart(6, '0')}`;
    const officers = await db
      .insertInto('officers')
      .values(
        numbers.map((k) => ({
          employee_no: employee(k),
          name_en: `Bench Officer ${k}`,
          name_hi: `बेंच अधिकारी ${k}`,
          rank_id: 'cto',
          wing_id: k % 2 === 0 ? 'adjudication' : 'enforcement',
          district_id: 'lucknow',
          email: `${o.prefix}${k}@ctd.up.example`,
          mobile: null,
          created_at: o.now,
        })),
      )
      .returning(['id', 'employee_no'])
      .execute();
    const officerIds = new Map(officers.map((r) => [r.employee_no, r.id]));
    const rows = numbers.map((k) => {
      const secret = o.credentials ? generateTotpSecret() : undefined;
      return {
        k,
        secret,
        values: {
          user_id: `${o.prefix}${String(k).padStart(5, '0')}`,
          officer_id: officerIds.get(employee(k)) ?? null,
          display_name: `Bench Officer ${k}`,
          role: 'officer' as const,
          scope_zone_id: null,
          scope_district_id: null,
          status: 'active' as const,
          password_hash: o.credentials?.passwordHash ?? null,
          totp_secret_enc: secret ? (o.credentials?.keyring.seal('totp-encryption', secret) ?? null) : null,
          locked_until: null,
          valid_until: null,
          last_login_at: null,
          email: null,
          access_ends_at: null,
          created_at: o.now,
          updated_at: o.now,
        },
      };
    });
    const accounts = await db
      .insertInto('accounts')
      .values(rows.map((r) => r.values))
      .returning(['id', 'user_id'])
      .execute();
    const ids = new Map(accounts.map((a) => [a.user_id, a.id]));
    for (const r of rows) {
      const accountId = ids.get(r.values.user_id);
      if (accountId === undefined) throw new Error(`no account for ${r.values.user_id}`);
      seeded.push({ accountId, userId: r.values.user_id, ...(r.secret ? { totpSecret: r.secret } : {}) });
    }
  }
  return seeded;
}

/** Records the confidentiality clause as accepted at activation, as the demo does for its officers. */
export async function acknowledgeClause(
  db: Kysely<Database>,
  accountIds: readonly number[],
  now: number,
): Promise<void> {
  const clause = await db
    .selectFrom('documents')
    .select('id')
    .where('kind', '=', 'confidentiality')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  for (let i = 0; i < accountIds.length; i += BATCH) {
    await db
      .insertInto('acknowledgements')
      .values(
        accountIds.slice(i, i + BATCH).map((id) => ({
          account_id: id,
          document_id: clause.id,
          session_id: null,
          accepted_at: now,
          ip: null,
          channel: 'activation',
        })),
      )
      .execute();
  }
}
