import type { Transaction } from 'kysely';
import { translator, type Lang } from '../i18n/index.ts';
import { enqueueMail } from '../mail/index.ts';
import type { Database } from '../store/index.ts';
import { escapeHtml } from '../web/index.ts';
import { collectGuideFacts, hashGuideFacts, type GuideFacts } from './guide-facts.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { ResourceTable } from '../gateway/index.ts';

export type GuideMailDeps = {
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly resources: ResourceTable;
};

/** The zone's active zonal heads and joint commissioners that have an e-mail address. */
function findGuideRecipients(trx: Transaction<Database>, zoneId: string) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('scope_zone_id', '=', zoneId)
    .where('role', 'in', ['zonal_head', 'joint_commissioner'])
    .where('status', '=', 'active')
    .where('email', 'is not', null)
    .where('email', '!=', '')
    .orderBy('id')
    .execute();
}

/** The bilingual mail announcing the guide: Hindi first, then English. No secrets, no sign-in links. */
export function composeGuideMail(
  facts: GuideFacts,
  version: string,
): { subject: string; text: string; html: string } {
  const htmlUrl = `${facts.portalUrl}/guide`;
  const pdfUrl = `${facts.portalUrl}/guide.pdf`;
  const paragraphs = (lang: Lang) => {
    const t = translator(lang);
    return [
      t('guide.mailGreeting'),
      t('guide.mailIntro'),
      t('guide.mailLinks', { html: htmlUrl, pdf: pdfUrl }),
      t('guide.mailSummary', { url: facts.portalUrl, phone: facts.helpdeskPhone }),
      t('guide.mailVersion', { version }),
    ];
  };
  const hi = paragraphs('hi');
  const en = paragraphs('en');
  // Addresses become links; escaped text holds no quotes or angle brackets to break out of the attribute.
  const linkify = (text: string) =>
    escapeHtml(text).replace(/https?:\/\/[^\s<,;)]*[^\s<,;).।]/g, (url) => `<a href="${url}">${url}</a>`);
  const block = (lines: string[], lang: Lang) =>
    lines.map((l) => `<p lang="${lang}">${linkify(l)}</p>`).join('\n');
  return {
    subject: `${translator('hi')('guide.mailSubject')} / ${translator('en')('guide.mailSubject')}`,
    text: `${hi.join('\n\n')}\n\n----\n\n${en.join('\n\n')}\n`,
    html: `<!doctype html><html lang="hi"><body>${block(hi, 'hi')}<hr>${block(en, 'en')}</body></html>`,
  };
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
