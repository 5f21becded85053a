import { sql, type Transaction } from 'kysely';
import { enqueueMail } from '../../mail/index.ts';
import type { Database } from '../../store/index.ts';
import { escapeHtml } from '../../web/index.ts';
import type { Keyring } from '../../crypto/index.ts';
import type { Clock } from '../../clock.ts';

export interface RejectedOfficer {
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly reason: string;
}

export interface DecisionMailInput {
  readonly proposalId: number;
  readonly zoneEn: string;
  readonly zoneHi: string;
  readonly proposerName: string;
  readonly approved: number;
  readonly rejected: readonly RejectedOfficer[];
}

/**
 * The bilingual "HQ has decided your proposal" mail: Hindi first, then English. It names each rejected
 * officer with HQ's reason. It carries no user IDs, passwords or links: officers get their own mail.
 */
export function composeDecisionMail(m: DecisionMailInput): { subject: string; text: string; html: string } {
  const n = m.rejected.length;
  const subject = `द्वार: प्रस्ताव #${m.proposalId} पर मुख्यालय का निर्णय / Dwaar: HQ decision on proposal #${m.proposalId}`;
  const hi = [
    `प्रिय ${m.proposerName},`,
    `${m.zoneHi} जोन के प्रस्ताव #${m.proposalId} पर मुख्यालय ने निर्णय ले लिया है: ${m.approved} अधिकारी स्वीकृत, ${n} अस्वीकृत।`,
    m.approved > 0 ? 'स्वीकृत अधिकारियों को उनकी यूज़र आईडी एवं सक्रियण लिंक उनके पंजीकृत ई-मेल पर अलग से भेजे गए हैं।' : '',
    n > 0 ? 'अस्वीकृत अधिकारी एवं कारण:' : '',
    ...m.rejected.map((r) => `• ${r.nameHi} (${r.employeeNo}): ${r.reason}`),
    'विवरण कंसोल के प्रस्ताव पृष्ठ पर देखें। यह सूचना गोपनीय है।',
  ].filter(Boolean);
  const en = [
    `Dear ${m.proposerName},`,
    `HQ has decided proposal #${m.proposalId} for ${m.zoneEn} zone: ${m.approved} officer(s) approved, ${n} rejected.`,
    m.approved > 0
      ? 'Approved officers have been sent their user ID and activation link separately, at their registered e-mail.'
      : '',
    n > 0 ? 'Rejected officers and reasons:' : '',
    ...m.rejected.map((r) => `• ${r.nameEn} (${r.employeeNo}): ${r.reason}`),
    'See the details on the proposal’s page in the console. This information is confidential.',
  ].filter(Boolean);
  const text = `${hi.join('\n\n')}\n\n----\n\n${en.join('\n\n')}\n`;
  const para = (lines: string[], lang: string) =>
    lines.map((l) => `<p lang="${lang}">${escapeHtml(l)}</p>`).join('\n');
  const html = `<!doctype html><html lang="hi"><body>${para(hi, 'hi')}<hr>${para(en, 'en')}</body></html>`;
  return { subject, text, html };
}

/**
 * Queues the decision mail to the proposal's creator (their account's e-mail), in the caller's
 * transaction. Returns false when the creator has no e-mail address on record.
 */
export async function notifyProposer(
  trx: Transaction<Database>,
  deps: { readonly keyring: Keyring; readonly clock: Clock },
  proposalId: number,
): Promise<boolean> {
  const proposal = await trx
    .selectFrom('proposals as p')
    .leftJoin('zones as z', 'z.id', 'p.zone_id')
    .innerJoin('accounts as c', 'c.id', 'p.created_by')
    .select([
      'p.id',
      (eb) => eb.fn.coalesce('z.name_en', sql.lit('All zones')).as('zoneEn'),
      (eb) => eb.fn.coalesce('z.name_hi', sql.lit('सभी जोन')).as('zoneHi'),
      'c.id as creatorId',
      'c.email',
      'c.display_name',
    ])
    .where('p.id', '=', proposalId)
    .executeTakeFirst();
  if (!proposal?.email) return false;
  const items = await trx
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .select(['pi.decision', 'pi.reason', 'o.employee_no', 'o.name_en', 'o.name_hi'])
    .where('pi.proposal_id', '=', proposalId)
    .orderBy('o.name_en')
    .execute();
  const mail = composeDecisionMail({
    proposalId,
    zoneEn: proposal.zoneEn,
    zoneHi: proposal.zoneHi,
    proposerName: proposal.display_name,
    approved: items.filter((i) => i.decision === 'approved').length,
    rejected: items
      .filter((i) => i.decision === 'rejected')
      .map((i) => ({
        employeeNo: i.employee_no,
        nameEn: i.name_en,
        nameHi: i.name_hi,
        reason: i.reason ?? '',
      })),
  });
  await enqueueMail(trx, deps.keyring, deps.clock, {
    kind: 'proposal_decided',
    to: proposal.email,
    accountId: proposal.creatorId,
    ...mail,
  });
  return true;
}
