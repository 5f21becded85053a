import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import { composeMail, enqueueMail, type ComposedMail } from '../mail/index.ts';
import { issueAccountToken, type TokenPurpose } from './account-tokens.ts';
import { findAccountTarget } from './lifecycle-target.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';

/** What issuing a link and queuing its mail needs; provisioning passes the same on. */
export type AccountLinkDeps = {
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
};

/**
 * Issues a fresh one-time link (superseding any earlier one) and queues the bilingual mail with the user ID
 * and the link, in the caller's transaction. The mail never contains a password. Returns false when the
 * account has no e-mail address.
 */
export async function sendAccountLink(
  trx: Transaction<Database>,
  deps: AccountLinkDeps,
  input: { accountId: number; purpose: TokenPurpose; actor: string; ip?: string | null },
): Promise<boolean> {
  const target = await findAccountTarget(trx, input.accountId);
  // An officer's link goes to the directory's address. A staff account's goes only to the staff member's
  // own registered address, never to a linked officer record's, which zonal staff can set through an
  // import: otherwise an administrator could route a colleague's reset link to themselves (account takeover).
  const to = target?.role === 'officer' ? (target.officerEmail ?? target.email) : target?.email;
  if (!target || !to) return false;
  const now = deps.clock.now();
  const ttlHours = deps.config.provisioning.activationTtlHours;
  const token = await issueAccountToken(trx, {
    accountId: input.accountId,
    purpose: input.purpose,
    now,
    ttlMs: ttlHours * 3600_000,
  });
  const path = input.purpose === 'activation' ? '/activate' : '/reset';
  const link = `${deps.config.publicUrl.origin}${path}?token=${encodeURIComponent(token)}`;
  const mail = composeAccountLinkMail({
    purpose: input.purpose,
    userId: target.userId,
    nameEn: target.displayName,
    nameHi: target.nameHi ?? target.displayName,
    link,
    ttlHours,
    portal: deps.config.publicUrl.origin,
    helpdesk: deps.config.helpdeskPhone,
  });
  await enqueueMail(trx, deps.keyring, deps.clock, {
    kind: input.purpose,
    to,
    accountId: input.accountId,
    ...mail,
  });
  await deps.audit.append(
    {
      type: input.purpose === 'activation' ? 'account.activation_sent' : 'account.reset_sent',
      actor: input.actor,
      target: target.userId,
      ip: input.ip ?? null,
      detail: { to, expires_in_hours: ttlHours },
    },
    trx,
  );
  return true;
}

interface LinkMailInput {
  purpose: TokenPurpose;
  userId: string;
  nameEn: string;
  nameHi: string;
  link: string;
  ttlHours: number;
  portal: string;
  helpdesk: string;
}

/**
 * The bilingual activation or reset mail: the user ID, the one-time link and how long it lasts. The portal
 * address is shown, not linked: the guide tells officers to type it themselves.
 */
export function composeAccountLinkMail(m: LinkMailInput): ComposedMail {
  const activation = m.purpose === 'activation';
  return composeMail({
    subject: activation ? 'provisioning.mailActivationSubject' : 'provisioning.mailResetSubject',
    vars: { name: { hi: m.nameHi, en: m.nameEn }, hours: m.ttlHours, phone: m.helpdesk },
    blocks: [
      { kind: 'paragraph', key: 'mail.bodyGreeting' },
      {
        kind: 'paragraph',
        key: activation ? 'provisioning.mailActivationIntro' : 'provisioning.mailResetIntro',
      },
      {
        kind: 'facts',
        rows: [
          { label: 'mail.bodyUserIdLabel', value: m.userId },
          { label: 'mail.bodyPortalLabel', value: m.portal },
        ],
      },
      {
        kind: 'link',
        key: activation ? 'provisioning.mailActivationLink' : 'provisioning.mailResetLink',
        href: m.link,
      },
      { kind: 'paragraph', key: 'provisioning.mailHelp' },
      { kind: 'paragraph', key: 'provisioning.mailNeverAsk' },
      { kind: 'notice', key: 'provisioning.mailConfidential' },
    ],
  });
}
