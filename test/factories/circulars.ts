import type { Insertable, Kysely } from 'kysely';
import type { AudienceKind, CircularTable } from '../../src/circulars/table.ts';
import type { Database } from '../../src/store/index.ts';

let seq = 0;

/**
 * A circular as issuing would leave it (status `issued` unless told), straight into the table: the
 * recipients' side is tested without the drafting and issuing pages. Returns its id.
 */
export async function insertCircular(
  db: Kysely<Database>,
  now: number,
  overrides: Partial<Insertable<CircularTable>> = {},
): Promise<number> {
  seq += 1;
  const row = await db
    .insertInto('circulars')
    .values({
      number: `${seq}/वाणिज्य कर/2020`,
      issued_on: '2020-06-12',
      subject_en: `Confidentiality of return information ${seq}`,
      subject_hi: `विवरणी सूचना की गोपनीयता ${seq}`,
      body_en: `Every user must be **informed** of section 133.\n\n<script>alert(${seq})</script>`,
      body_hi: 'प्रत्येक उपयोगकर्ता को धारा 133 से **अवगत** कराया जाए।',
      authority_en: 'Commissioner, Commercial Tax',
      authority_hi: 'कमिश्नर, वाणिज्य कर',
      copy_to_en: 'Principal Secretary, Finance\nAll Deputy Commissioners',
      copy_to_hi: 'प्रमुख सचिव, वित्त\nसमस्त डिप्टी कमिश्नर',
      status: 'issued',
      ack_required: 1,
      ack_deadline: null,
      gates_access: 0,
      document_kind: null,
      created_by: 'hq.admin',
      created_at: now,
      updated_at: now,
      issued_by: 'hq.admin',
      issued_at: now + seq,
      ...overrides,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Addresses a circular to an account, as recipient or copy. */
export async function addRecipient(
  db: Kysely<Database>,
  circularId: number,
  accountId: number,
  kind: AudienceKind = 'recipient',
): Promise<void> {
  await db
    .insertInto('circular_recipients')
    .values({
      circular_id: circularId,
      account_id: accountId,
      kind,
      zone_id: null,
      district_id: null,
      mailed_at: null,
      read_at: null,
      acknowledged_at: null,
      ack_ip: null,
      reminded_at: null,
    })
    .execute();
}

/** The account id of a (demo) user. */
export async function accountIdOf(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The recipient row, to check what was recorded. */
export function recipientRow(db: Kysely<Database>, circularId: number, accountId: number) {
  return db
    .selectFrom('circular_recipients')
    .selectAll()
    .where('circular_id', '=', circularId)
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
}

/** How many audit events of `type` name this circular. */
export async function auditCount(db: Kysely<Database>, type: string, circularId: number): Promise<number> {
  const rows = await db
    .selectFrom('audit_events')
    .select('seq')
    .where('type', '=', type)
    .where('target', '=', String(circularId))
    .execute();
  return rows.length;
}
