import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import type { ErrorCode } from '../../errors.ts';
import type { Store } from '../../store/index.ts';
import { insertDraftProposal, insertProposalItems, type ProposedContact } from '../repository.ts';
import { insertOfficers, lockImports, yieldToLoop } from './repository.ts';
import { validateForCommit, type ImportReport, type ImportZone } from './validate.ts';

export interface CommitImportDeps {
  readonly store: Pick<Store, 'db' | 'dialect'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

export interface CommitImportInput {
  readonly zoneId: ImportZone;
  /** The file, as text or as its UTF-8 bytes. */
  readonly csv: string | Uint8Array;
  /** The account creating the proposal, and its user ID for the audit trail. */
  readonly actor: { readonly accountId: number; readonly userId: string };
  /** Import the valid rows and leave out the rejected ones; otherwise any rejected row stops the import. */
  readonly dropRejected: boolean;
  /**
   * Rows the preview rejected, when there was one: a refused import that now rejects more rows is refused
   * because the directory changed since (`directory_changed`), which the person did not see.
   */
  readonly rejectedAtPreview?: number;
  readonly ip?: string | null;
  readonly via: 'console' | 'cli';
  /** Largest file accepted, in bytes of UTF-8 (the console's configured limit; the CLI keeps the default). */
  readonly maxBytes?: number;
  /**
   * Bring back only this many of each list in the report (a page's worth, for the console): the rows are
   * then written a chunk at a time as the worker hands them over. Unset, the report is whole (the CLI).
   */
  readonly pageLimit?: number;
}

export interface CreatedProposal {
  readonly id: number;
  /** Null for a state-wide proposal. */
  readonly zoneId: string | null;
  readonly officers: number;
  readonly newOfficers: number;
}

/** Rows fetched from the worker and written between two turns of the event loop. */
const ROW_CHUNK = 100;
/** Proposal items written between two turns of the event loop (see `yieldToLoop`). */
const ITEM_CHUNK = 100;

/**
 * The failure each refusal of an import answers with, from the one error table. The reasons themselves
 * are the service's contract (tests name them).
 */
export const IMPORT_FAILURES = {
  file_problems: 'IMPORT_FILE_REJECTED',
  rows_rejected: 'IMPORT_ROWS_REJECTED',
  nothing_valid: 'IMPORT_NOTHING_VALID',
  directory_changed: 'IMPORT_DIRECTORY_CHANGED',
} as const satisfies Record<string, ErrorCode>;

export type CommitImportResult =
  | { ok: true; proposals: CreatedProposal[]; report: ImportReport }
  | { ok: false; reason: keyof typeof IMPORT_FAILURES; report: ImportReport };

/** Why the checked file cannot be imported as asked, if it cannot. */
function refusalOf(report: ImportReport, input: CommitImportInput): keyof typeof IMPORT_FAILURES | undefined {
  if (report.fileProblems.length > 0) return 'file_problems';
  const reason =
    report.counts.rejected > 0 && !input.dropRejected
      ? 'rows_rejected'
      : report.counts.valid === 0
        ? 'nothing_valid'
        : undefined;
  const changed = input.rejectedAtPreview !== undefined && report.counts.rejected > input.rejectedAtPreview;
  return reason && changed ? 'directory_changed' : reason;
}

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
    await lockImports(trx, d.store.dialect);
    const { report, rows: held } = await validateForCommit(trx, input, input.pageLimit);
    try {
      const refusal = refusalOf(report, input);
      if (refusal) return { ok: false, reason: refusal, report };
      const now = d.clock.now();
      const officerIds: number[] = [];
      // What the file gave as each officer's address and mobile, for HQ's review to compare with the directory.
      const contacts = new Map<number, ProposedContact>();
      for (let from = 0; from < report.counts.valid; from += ROW_CHUNK) {
        if (from > 0) await yieldToLoop();
        const rows = await held.at(from, ROW_CHUNK);
        const newIds = await insertOfficers(
          trx,
          rows.filter((r) => r.officerId === null),
          now,
        );
        for (const r of rows) {
          const officerId = r.officerId ?? newIds.get(r.employeeNo);
          if (officerId === undefined) throw new Error('commitImport: an inserted officer is missing');
          officerIds.push(officerId);
          contacts.set(officerId, { email: r.email, mobile: r.mobile });
        }
      }
      const zoneId = input.zoneId === 'all' ? null : input.zoneId;
      const id = await insertDraftProposal(trx, { zoneId, createdBy: input.actor.accountId, now });
      const items = [...new Set(officerIds)];
      for (let i = 0; i < items.length; i += ITEM_CHUNK) {
        await yieldToLoop();
        await insertProposalItems(trx, id, items.slice(i, i + ITEM_CHUNK), contacts);
      }
      const { valid, newOfficers } = report.counts;
      await d.audit.append(
        {
          type: 'proposal.imported',
          actor: input.actor.userId,
          target: `proposal:${id}`,
          ip: input.ip ?? null,
          detail: {
            zone: zoneId ?? 'all',
            rows: valid,
            newOfficers,
            existingOfficers: valid - newOfficers,
            rejectedRowsDropped: input.dropRejected ? report.counts.rejected : 0,
            via: input.via,
          },
        },
        trx,
      );
      return { ok: true, proposals: [{ id, zoneId, officers: valid, newOfficers }], report };
    } finally {
      await held.release();
    }
  });
}
