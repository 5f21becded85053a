import type { Kysely, Transaction } from 'kysely';
import { findAccountById, type AccountRow } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { type Keyring, randomToken, sha256 } from '../crypto/index.ts';
import { formatDateTime } from '../i18n/index.ts';
import { composeMail, enqueueMail, perLang } from '../mail/index.ts';
import type { Database, Kv } from '../store/index.ts';
import { liftLock } from './repository.ts';
import { insertUnlockToken, useUnlockToken } from './unlock-repository.ts';

/** An unlock link lasts as long as the longest lock it could lift needs to be useful, capped at a day. */
const UNLOCK_TTL_MS = 24 * 60 * 60_000;

export interface UnlockDeps {
  readonly db: Kysely<Database>;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
}

/**
 * Mails the owner of an account whose sign-ins from unknown devices were just locked a one-time link that
 * lifts the lock (OWASP's device-cookie defence: the owner gets a way back that the attacker lacks). Only
 * the token's hash is stored; the mail body is sealed in the outbox and never logged. Runs in the lock's
 * transaction, so the mail goes if and only if the lock is recorded.
 */
export async function mailUnlockLink(
  trx: Transaction<Database>,
  d: Pick<UnlockDeps, 'clock' | 'keyring' | 'audit'> & { readonly publicUrl: URL },
  input: { account: AccountRow; until: number; ip: string },
): Promise<void> {
  const { account } = input;
  if (!account.email) return;
  const now = d.clock.now();
  const token = randomToken(32);
  await insertUnlockToken(trx, {
    tokenHash: sha256(token),
    accountId: account.id,
    now,
    expiresAt: now + UNLOCK_TTL_MS,
  });
  const href = new URL(`/login/unlock?token=${token}`, d.publicUrl).toString();
  const mail = composeMail({
    subject: 'signin.unlockSubject',
    vars: {
      name: account.display_name,
      until: perLang((lang) => formatDateTime(lang, input.until)),
    },
    blocks: [
      { kind: 'paragraph', key: 'mail.bodyGreeting' },
      { kind: 'paragraph', key: 'signin.unlockMailLocked' },
      { kind: 'link', key: 'signin.unlockMailLink', href },
      { kind: 'paragraph', key: 'signin.unlockMailNotYou' },
    ],
  });
  await enqueueMail(trx, d.keyring, d.clock, {
    kind: 'unlock',
    to: account.email,
    accountId: account.id,
    ...mail,
  });
  await d.audit.append(
    {
      type: 'account.unlock_sent',
      actor: 'system',
      target: account.user_id,
      ip: input.ip,
      detail: { until: input.until },
    },
    trx,
  );
}

/**
 * Redeems an unlock link: the token is spent, and the account's lock on unknown devices and its count of
 * failures end. A second use, an unknown or an expired token finds nothing (false).
 */
export async function redeemUnlockLink(d: UnlockDeps, token: string, ip: string): Promise<boolean> {
  if (!/^[\w-]{20,100}$/.test(token)) return false;
  const now = d.clock.now();
  const account = await d.db.transaction().execute(async (trx) => {
    const accountId = await useUnlockToken(trx, sha256(token), now);
    if (accountId === undefined) return undefined;
    const found = await findAccountById(trx, accountId);
    if (!found) return undefined;
    await liftLock(trx, found.id, now);
    await d.audit.append(
      { type: 'account.unlocked', actor: found.user_id, target: found.user_id, ip, detail: { via: 'link' } },
      trx,
    );
    return found;
  });
  if (!account) return false;
  await d.kv.del(`lock:${account.user_id}`);
  await d.kv.del(`fail:${account.user_id}`);
  return true;
}
