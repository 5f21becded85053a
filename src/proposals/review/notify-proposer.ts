import type { Transaction } from 'kysely';
import { composeMail, enqueueMail, type ComposedMail, type PerLang } from '../../mail/index.ts';
import type { Database } from '../../store/index.ts';
import type { Keyring } from '../../crypto/index.ts';
import type { Clock } from '../../clock.ts';
import { findProposerNotice, listDecidedItems } from './repository.ts';

export interface RejectedOfficer {
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly reason: string;
}

export interface DecisionMailInput {
  readonly proposalId: number;
  /** The proposal's zone in each language; null for a proposal that covers all zones. */
  readonly zone: PerLang | null;
  readonly proposerName: string;
  readonly approved: number;
  readonly rejected: readonly RejectedOfficer[];
}

/**
 * The bilingual "HQ has decided your proposal" mail. It names each rejected officer with HQ's reason.
 * It carries no user IDs, passwords or links: officers get their own mail.
 */
export function composeDecisionMail(m: DecisionMailInput): ComposedMail {
  return composeMail({
    subject: 'proposals.workflow.mailSubject',
    vars: { id: m.proposalId, name: m.proposerName, approved: m.approved, rejected: m.rejected.length },
    blocks: [
      { kind: 'paragraph', key: 'mail.bodyGreeting' },
      m.zone
        ? { kind: 'paragraph', key: 'proposals.workflow.mailDecided', vars: { zone: m.zone } }
        : { kind: 'paragraph', key: 'proposals.workflow.mailDecidedAllZones' },
      m.approved > 0 && { kind: 'paragraph', key: 'proposals.workflow.mailApprovedSent' },
      {
        kind: 'list',
        intro: 'proposals.workflow.mailRejectedIntro',
        item: 'proposals.workflow.mailRejectedItem',
        items: m.rejected.map((r) => ({
          name: { hi: r.nameHi, en: r.nameEn },
          employeeNo: r.employeeNo,
          reason: r.reason,
        })),
      },
      { kind: 'paragraph', key: 'proposals.workflow.mailSeeConsole' },
      { kind: 'notice', key: 'proposals.workflow.mailConfidential' },
    ],
  });
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
  const proposal = await findProposerNotice(trx, proposalId);
  if (!proposal?.email) return false;
  const items = await listDecidedItems(trx, proposalId);
  const mail = composeDecisionMail({
    proposalId,
    zone:
      proposal.zoneEn !== null && proposal.zoneHi !== null
        ? { en: proposal.zoneEn, hi: proposal.zoneHi }
        : null,
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
