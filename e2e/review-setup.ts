import type { TestApp } from '../test/create-test-app.ts';
import { insertOfficer } from '../test/factories/accounts.ts';
import { actorFor } from '../test/factories/proposals.ts';
import { createProposalFromPicks, submitProposal } from '../src/proposals/workflow/service.ts';

/** An officer of the HQ review spec, as the directory has them. */
export interface ReviewOfficer {
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly district: string;
}

/** Three officers in closed offices (Lucknow, Unnao) and one in Hardoi, whose office is open. */
const PEOPLE = {
  asha: { nameEn: 'Asha Tripathi', nameHi: 'आशा त्रिपाठी', district: 'lucknow' },
  vikram: { nameEn: 'Vikram Singh', nameHi: 'विक्रम सिंह', district: 'unnao' },
  sunita: { nameEn: 'Sunita Mishra', nameHi: 'सुनीता मिश्रा', district: 'lucknow' },
  prakash: { nameEn: 'Prakash Dubey', nameHi: 'प्रकाश दुबे', district: 'hardoi' },
} as const;

export type ReviewOfficers = { readonly [K in keyof typeof PEOPLE]: ReviewOfficer };

/**
 * A submitted proposal of the Lucknow zonal head with the four officers (added to the directory first, with
 * employee numbers `UPRV<tag>1…4` so that each test can have its own), as the proposal pages leave it.
 */
export async function submittedReviewProposal(
  app: TestApp,
  tag: string,
): Promise<{ proposalId: number; officers: ReviewOfficers }> {
  const now = app.clock.now();
  const officer = (key: keyof typeof PEOPLE, n: number): ReviewOfficer => ({
    employeeNo: `UPRV${tag}${n}`,
    ...PEOPLE[key],
  });
  const officers: ReviewOfficers = {
    asha: officer('asha', 1),
    vikram: officer('vikram', 2),
    sunita: officer('sunita', 3),
    prakash: officer('prakash', 4),
  };
  const ids: number[] = [];
  for (const o of Object.values(officers)) {
    const row = await insertOfficer(app.deps.store.db, now, {
      district_id: o.district,
      employee_no: o.employeeNo,
      name_en: o.nameEn,
      name_hi: o.nameHi,
      email: `${o.employeeNo.toLowerCase()}@ctd.up.example`,
      mobile: '9876543210',
    });
    ids.push(row.id);
  }
  const actor = await actorFor(app.deps, 'zonal.lucknow', 'proposal.create');
  const created = await createProposalFromPicks(app.deps, { actor, zoneId: 'lucknow', officerIds: ids });
  if (!created.ok) throw new Error(`draft refused: ${created.reason}`);
  const sent = await submitProposal(app.deps, { actor, proposalId: created.proposalId });
  if (!sent.ok) throw new Error(`submit refused: ${sent.reason}`);
  return { proposalId: created.proposalId, officers };
}
