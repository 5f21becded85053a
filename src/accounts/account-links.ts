import type { Transaction } from 'kysely';
import { escapeHtml } from '../web/index.ts';
import type { Database } from '../store/index.ts';
import { enqueueMail } from '../mail/index.ts';
import { issueAccountToken, type TokenPurpose } from './account-tokens.ts';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';

/** Where an account's mail goes: the officer's registered e-mail, else the staff account's own. */
async function findMailTarget(trx: Transaction<Database>, accountId: number) {
  return trx
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .select([
      'a.id',
      'a.user_id',
      'a.display_name',
      'a.email as staffEmail',
      'o.email as officerEmail',
      'o.name_hi as nameHi',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
}

/**
 * Issues a fresh one-time link (superseding any earlier one) and queues the bilingual mail with the user ID
 * and the link, in the caller's transaction. The mail never contains a password. Returns false when the
 * account has no e-mail address.
 */
export async function sendAccountLink(
  trx: Transaction<Database>,
  deps: {
    readonly config: Config;
    readonly clock: Clock;
    readonly keyring: Keyring;
    readonly audit: AuditLog;
  },
  input: { accountId: number; purpose: TokenPurpose; actor: string; ip?: string | null },
): Promise<boolean> {
  const target = await findMailTarget(trx, input.accountId);
  const to = target?.officerEmail ?? target?.staffEmail;
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
    userId: target.user_id,
    nameEn: target.display_name,
    nameHi: target.nameHi ?? target.display_name,
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
      target: target.user_id,
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

/** The bilingual mail: Hindi first, as the department writes, then English. */
export function composeAccountLinkMail(m: LinkMailInput): { subject: string; text: string; html: string } {
  const activation = m.purpose === 'activation';
  const subject = activation
    ? 'द्वार: आपकी यूज़र आईडी एवं सक्रियण लिंक / Dwaar: your user ID and activation link'
    : 'द्वार: पासवर्ड रीसेट लिंक / Dwaar: password reset link';
  const hi = [
    `प्रिय ${m.nameHi},`,
    activation
      ? `वर्क फ्रॉम होम हेतु द्वार गेटवे पर आपका खाता बनाया गया है। आपकी यूज़र आईडी है: ${m.userId}`
      : `आपके खाते (${m.userId}) का पासवर्ड रीसेट करने का अनुरोध किया गया है।`,
    `${activation ? 'खाता सक्रिय करने' : 'नया पासवर्ड बनाने'} के लिए यह लिंक खोलें (केवल एक बार, ${m.ttlHours} घंटे तक मान्य): ${m.link}`,
    'हम आपसे कभी आपका पासवर्ड नहीं माँगते। यह सूचना गोपनीय है; कर्तव्य के अतिरिक्त जानबूझकर प्रकटन धारा 133 के अंतर्गत दंडनीय है।',
    `समस्या होने पर अपने स्थान के सिस्टम इंटीग्रेटर से संपर्क करें: ${m.helpdesk}। पोर्टल: ${m.portal}`,
  ];
  const en = [
    `Dear ${m.nameEn},`,
    activation
      ? `An account has been created for you on the Dwaar gateway for working from home. Your user ID is: ${m.userId}`
      : `A password reset was requested for your account (${m.userId}).`,
    `To ${activation ? 'activate the account' : 'choose a new password'}, open this link (single use, valid for ${m.ttlHours} hours): ${m.link}`,
    'We never ask for your password. This information is confidential; wilful disclosure except in duty is punishable under section 133.',
    `If you have trouble, contact the system integrator at your location: ${m.helpdesk}. Portal: ${m.portal}`,
  ];
  const text = `${hi.join('\n\n')}\n\n----\n\n${en.join('\n\n')}\n`;
  const para = (lines: string[], lang: string) =>
    lines
      .map(
        (l) =>
          `<p lang="${lang}">${escapeHtml(l).replace(escapeHtml(m.link), `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a>`)}</p>`,
      )
      .join('\n');
  const html = `<!doctype html><html lang="hi"><body>${para(hi, 'hi')}<hr>${para(en, 'en')}</body></html>`;
  return { subject, text, html };
}
