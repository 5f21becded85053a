import { z } from 'zod';
import type { AccountStatus } from '../../src/accounts/table.ts';
import type { Deps } from '../../src/deps.ts';
import type { TokenPurpose } from '../../src/accounts/account-tokens.ts';
import { sendAccountLink } from '../../src/accounts/account-links.ts';
import { CONFIDENTIALITY_V1 } from '../../src/demo/disclaimer.ts';
import { provisionOfficerAccount } from '../../src/provisioning/index.ts';
import { insertAccount } from './accounts.ts';

/**
 * Helpers for tests (and demos) of activation: an account for a directory officer, a link sent the way HQ
 * sends it, and the token read back out of the queued (sealed) mail.
 */

/** Creates an account for the officer with `employeeNo`, in `status`; returns its ID. */
export async function insertOfficerAccount(
  deps: Pick<Deps, 'store' | 'clock'>,
  input: { employeeNo: string; userId: string; status?: AccountStatus },
): Promise<number> {
  const db = deps.store.db;
  const officer = await db
    .selectFrom('officers')
    .select(['id', 'name_en'])
    .where('employee_no', '=', input.employeeNo)
    .executeTakeFirstOrThrow();
  const now = deps.clock.now();
  return insertAccount(db, now, {
    user_id: input.userId,
    officer_id: officer.id,
    display_name: officer.name_en,
    status: input.status ?? 'pending_activation',
  });
}

/** Sends a fresh link (superseding earlier ones) as HQ would, and returns the token from the mail. */
export async function sendLinkAndReadToken(
  deps: Pick<Deps, 'store' | 'clock' | 'config' | 'keyring' | 'audit'>,
  input: { accountId: number; purpose: TokenPurpose },
): Promise<string> {
  const sent = await deps.store.db
    .transaction()
    .execute((trx) =>
      sendAccountLink(trx, deps, { accountId: input.accountId, purpose: input.purpose, actor: 'hq.admin' }),
    );
  if (!sent) throw new Error('the account has no e-mail address');
  const mail = await deps.store.db
    .selectFrom('mail_outbox')
    .select('body_sealed')
    .where('account_id', '=', input.accountId)
    .where('kind', '=', input.purpose)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  if (!mail.body_sealed) throw new Error('the mail body was erased');
  const body = z
    .object({ text: z.string() })
    .parse(JSON.parse(deps.keyring.open('mail-encryption', mail.body_sealed)));
  const path = input.purpose === 'activation' ? '/activate' : '/reset';
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(body.text);
  if (!match?.[1]) throw new Error('no link in the mail');
  return decodeURIComponent(match[1]);
}

/** Publishes the section-133 confidentiality document when the database has none yet. */
export async function ensureConfidentialityDocument(deps: Pick<Deps, 'store' | 'clock'>): Promise<void> {
  const db = deps.store.db;
  const existing = await db
    .selectFrom('documents')
    .select('id')
    .where('kind', '=', 'confidentiality')
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('documents')
    .values({ ...CONFIDENTIALITY_V1, published_at: deps.clock.now() - 60_000 })
    .execute();
}

/**
 * Approves, the way HQ's decision does, a directory officer of `districtId` who has no account yet and has an
 * e-mail address: the account is created pending activation and its activation mail is queued.
 */
export async function provisionPendingOfficer(
  deps: Deps,
  districtId: string,
  actor = 'hq.approver',
): Promise<{ userId: string; email: string }> {
  const db = deps.store.db;
  const officer = await db
    .selectFrom('officers as o')
    .leftJoin('accounts as a', 'a.officer_id', 'o.id')
    .select(['o.id', 'o.email'])
    .where('o.district_id', '=', districtId)
    .where('a.id', 'is', null)
    .where('o.email', '!=', '')
    .executeTakeFirstOrThrow();
  const provisioned = await db
    .transaction()
    .execute((trx) => provisionOfficerAccount(trx, deps, { officerId: officer.id, validUntil: null, actor }));
  if (!provisioned.ok || !provisioned.created || !provisioned.linkSent) {
    throw new Error(`no pending officer could be provisioned in ${districtId}`);
  }
  return { userId: provisioned.userId, email: officer.email };
}
