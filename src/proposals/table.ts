import type { ColumnType, Generated } from 'kysely';

export type ProposalStatus = 'draft' | 'submitted' | 'decided';
export type ItemDecision = 'pending' | 'approved' | 'rejected';

export interface ProposalTable {
  id: Generated<number>;
  /** Null for a state-wide proposal (HQ's import across all zones). */
  zone_id: string | null;
  created_by: number;
  status: ProposalStatus;
  note: Generated<string>;
  created_at: number;
  submitted_at: number | null;
  decided_at: number | null;
}

export interface ProposalItemTable {
  id: Generated<number>;
  proposal_id: number;
  officer_id: number;
  decision: ItemDecision;
  reason: string | null;
  /** The reason HQ gave for approving an officer whose office is open. */
  open_office_exception: string | null;
  decided_by: number | null;
  decided_at: number | null;
  account_id: number | null;
  /** The e-mail address the proposal's CSV row gave; null when picked from the directory. */
  proposed_email: ColumnType<string | null, string | null | undefined, string | null>;
  /** The mobile the proposal's CSV row gave; null when picked or left blank. */
  proposed_mobile: ColumnType<string | null, string | null | undefined, string | null>;
}
