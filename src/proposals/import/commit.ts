import { sql, type Transaction } from 'kysely';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import type { Database, Store } from '../../store/index.ts';
import type { ImportRow } from './rules.ts';
import { validateImport, type ImportReport, type ImportZone } from './validate.ts';
import { insertDraftProposal, insertProposalItems } from '../store.ts';

export interface CommitImportDeps {
  readonly store: Pick<Store, 'db' | 'dialect'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface CommitImportInput {
  readonly zoneId: ImportZone;
  readonly csv: string;
  /** The account creating the proposal, and its user ID for the audit trail. */
  readonly actor: { readonly accountId: number; readonly userId: string };
  /** Import the valid rows and leave out the rejected ones; otherwise any rejected row stops the import. */
  readonly dropRejected: boolean;
  readonly ip?: string | null;
  readonly via: 'console' | 'cli';
}

export interface CreatedProposal {
  readonly id: number;
  /** Null for a state-wide proposal. */
  readonly zoneId: string | null;
  readonly officers: number;
  readonly newOfficers: number;
}

export type CommitImportResult =
  | { ok: true; proposals: CreatedProposal[]; report: ImportReport }
  | { ok: false; reason: 'file_problems' | 'rows_rejected' | 'nothing_valid'; report: ImportReport };

/** Officers per INSERT: 9 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const BATCH = 500;
/** Serialises imports on PostgreSQL, so two imports cannot both add the same new officer. */
const IMPORT_LOCK = 73_290_001;

/**
 * Imports a CSV of officers: re-validates it against the directory as it is now, then in ONE transaction
 * adds the new officers, one draft proposal with its items (state-wide when HQ imports for all zones), and
 * a `proposal.imported` audit record. All or nothing: with any rejected row (and `dropRejected` off) nothing
 * is written.
 */
export async function commitImport(
  d: CommitImportDeps,
  input: CommitImportInput,
): Promise<CommitImportResult> {
  return d.store.db.transaction().execute(async (trx): Promise<CommitImportResult> => {
    if (d.store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
    const report = await validateImport(trx, input);
    if (report.fileProblems.length > 0) return { ok: false, reason: 'file_problems', report };
    if (report.problems.length > 0 && !input.dropRejected)
      return { ok: false, reason: 'rows_rejected', report };
    if (report.rows.length === 0) return { ok: false, reason: 'nothing_valid', report };

    const now = d.clock.now();
    const newIds = await insertOfficers(
      trx,
      report.rows.filter((r) => r.officerId === null),
      now,
    );
    const zoneId = input.zoneId === 'all' ? null : input.zoneId;
    const rows = report.rows;
    {
      const officerIds = rows.map((r) => r.officerId ?? newIds.get(r.employeeNo));
      if (officerIds.some((id) => id === undefined))
        throw new Error('commitImport: an inserted officer is missing');
      const id = await insertDraftProposal(trx, { zoneId, createdBy: input.actor.accountId, now });
      await insertProposalItems(
        trx,
        id,
        officerIds.filter((x) => x !== undefined),
      );
      const newOfficers = rows.filter((r) => r.officerId === null).length;
      await d.audit.append(
        {
          type: 'proposal.imported',
          actor: input.actor.userId,
          target: `proposal:${id}`,
          ip: input.ip ?? null,
          detail: {
            zone: zoneId ?? 'all',
            rows: rows.length,
            newOfficers,
            existingOfficers: rows.length - newOfficers,
            rejectedRowsDropped: input.dropRejected ? report.counts.rejected : 0,
            via: input.via,
          },
        },
        trx,
      );
      return { ok: true, proposals: [{ id, zoneId, officers: rows.length, newOfficers }], report };
    }
  });
}

/** Adds the new officers in batches; returns employee number → officer ID. */
async function insertOfficers(
  trx: Transaction<Database>,
  rows: readonly ImportRow[],
  now: number,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await trx
      .insertInto('officers')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          employee_no: r.employeeNo,
          name_en: r.nameEn,
          name_hi: r.nameHi,
          rank_id: r.rankId,
          wing_id: r.wingId,
          district_id: r.districtId,
          email: r.email,
          mobile: r.mobile,
          created_at: now,
        })),
      )
      .returning(['id', 'employee_no'])
      .execute();
    for (const o of inserted) ids.set(o.employee_no, o.id);
  }
  return ids;
}
