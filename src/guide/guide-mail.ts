import type { Transaction } from 'kysely';
import { composeMail, enqueueMail, type ComposedMail } from '../mail/index.ts';
import type { Database } from '../store/index.ts';
import { collectGuideFacts, hashGuideFacts, type GuideDeps, type GuideFacts } from './guide-facts.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { ResourceTable } from '../gateway/index.ts';
import { findGuideRecipients } from './repository.ts';

export type GuideMailDeps = {
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly resources: ResourceTable;
  readonly policy: GuideDeps['policy'];
};

/** The bilingual mail announcing the guide, with links to it. No secrets, no sign-in links. */
export function composeGuideMail(facts: GuideFacts, version: string): ComposedMail {
  return composeMail({
    subject: 'guide.mailSubject',
    blocks: [
      { kind: 'paragraph', key: 'guide.mailGreeting' },
      { kind: 'paragraph', key: 'guide.mailIntro' },
      { kind: 'link', key: 'guide.mailLinkHtml', href: `${facts.portalUrl}/guide` },
      { kind: 'link', key: 'guide.mailLinkPdf', href: `${facts.portalUrl}/guide.pdf` },
      {
        kind: 'paragraph',
        key: 'guide.mailSummary',
        vars: { url: { href: facts.portalUrl }, phone: facts.helpdeskPhone },
      },
      { kind: 'facts', rows: [{ label: 'guide.mailVersionLabel', value: version }] },
      { kind: 'notice', key: 'guide.mailNoSecrets' },
    ],
  });
}

/**
 * Queues the guide mail to every active zonal head and joint commissioner of `zoneId` that has an e-mail
 * address, in the caller's transaction, and audits `guide.sent` with the number of recipients.
 * Returns that number.
 */
export async function enqueueGuideMails(
  trx: Transaction<Database>,
  deps: GuideMailDeps,
  zoneId: string,
  actor: string,
): Promise<number> {
  const recipients = await findGuideRecipients(trx, zoneId);
  const facts = await collectGuideFacts(trx, deps);
  const mail = composeGuideMail(facts, hashGuideFacts(facts));
  for (const r of recipients) {
    if (!r.email) continue;
    await enqueueMail(trx, deps.keyring, deps.clock, {
      kind: 'guide',
      to: r.email,
      accountId: r.id,
      ...mail,
    });
  }
  await deps.audit.append(
    { type: 'guide.sent', actor, target: zoneId, detail: { zone: zoneId, recipients: recipients.length } },
    trx,
  );
  return recipients.length;
}
