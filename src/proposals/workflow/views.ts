import type { Kysely } from 'kysely';
import { reaches, scopeOf, type Staff } from '../../policy/index.ts';
import type { Database } from '../../store/index.ts';
import type { FieldError } from '../pages-common.ts';
import type { DetailView } from './pages-detail.ts';
import type { ListView } from './pages-list.ts';
import type { PickerView } from './pages-picker.ts';
import { loadPickerChoices } from './eligible-officers.ts';
import { listEligibleOfficers } from './repository.ts';
import { findProposal, listProposalItems, listProposals, type ProposalSummary } from '../queries.ts';

/** The zone whose proposals the staff member reads: undefined for all; an impossible ID when none. */
export function readableZone(staff: Staff): string | undefined {
  const scope = scopeOf(staff.role, 'proposal.read');
  if (scope === 'all') return undefined;
  return scope === 'zone' ? (staff.zoneId ?? '__none__') : '__none__';
}

/** True when the staff member may read this proposal. */
export function mayRead(staff: Staff, proposal: Pick<ProposalSummary, 'zoneId'>): boolean {
  const scope = scopeOf(staff.role, 'proposal.read');
  return scope !== undefined && reaches({ ...staff, scope }, { zoneId: proposal.zoneId, districtId: null });
}

/** True when the staff member may create (and so edit and submit) proposals for this zone. */
/** A null zone (a state-wide proposal) is within reach of state-wide staff only. */
export function mayCreateFor(staff: Staff, zoneId: string | null): boolean {
  const scope = scopeOf(staff.role, 'proposal.create');
  return scope !== undefined && reaches({ ...staff, scope }, { zoneId, districtId: null });
}

export interface PickInput {
  readonly zone?: string | undefined;
  readonly district?: string | undefined;
  readonly wing?: string | undefined;
}

async function loadPicker(
  db: Kysely<Database>,
  staff: Staff,
  pick: PickInput,
  checked: ReadonlySet<number>,
): Promise<PickerView | undefined> {
  const scope = scopeOf(staff.role, 'proposal.create');
  if (!scope) return undefined;
  const canPickZone = scope === 'all';
  const wanted = canPickZone ? pick.zone : (staff.zoneId ?? undefined);
  const first = await loadPickerChoices(db, undefined);
  // A zone, district or wing that does not exist (or is outside the zone) is ignored, never trusted.
  const zoneId = first.zones.some((z) => z.id === wanted) ? wanted : undefined;
  const choices = zoneId ? await loadPickerChoices(db, zoneId) : first;
  const districtId = choices.districts.some((d) => d.id === pick.district) ? pick.district : undefined;
  const wingId = choices.wings.some((w) => w.id === pick.wing) ? pick.wing : undefined;
  const officers = zoneId ? await listEligibleOfficers(db, { zoneId, districtId, wingId }) : [];
  return { zoneId, canPickZone, choices, districtId, wingId, officers, checked };
}

/** Everything `/console/proposals` shows to this staff member. */
export async function loadListView(
  db: Kysely<Database>,
  staff: Staff,
  input: {
    pick: PickInput;
    errors?: readonly FieldError[];
    checked?: ReadonlySet<number>;
    notice?: readonly string[];
  },
): Promise<ListView> {
  const proposals = await listProposals(db, { zoneId: readableZone(staff), order: 'newest' });
  const picker = await loadPicker(db, staff, input.pick, input.checked ?? new Set());
  return { proposals, picker, errors: input.errors, notice: input.notice };
}

/** Everything `/console/proposals/:id` shows, with the actions this staff member may take. */
export async function loadDetailView(
  db: Kysely<Database>,
  staff: Staff,
  proposalId: number,
  extras: { errors?: readonly FieldError[]; notice?: readonly string[] } = {},
): Promise<DetailView | undefined> {
  const proposal = await findProposal(db, proposalId);
  if (!proposal) return undefined;
  const items = await listProposalItems(db, proposalId);
  return {
    proposal,
    items,
    canEdit: proposal.status === 'draft' && mayCreateFor(staff, proposal.zoneId),
    canReview:
      proposal.status === 'submitted' &&
      scopeOf(staff.role, 'proposal.decide') !== undefined &&
      proposal.createdById !== staff.accountId,
    ...extras,
  };
}
