import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { StaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { commitImport } from './import-commit.ts';
import { loadUploadChoices, zoneLabel } from './import-page-data.ts';
import { renderPreviewPage } from './import-preview-page.ts';
import type { ImportReplies } from './import-replies.ts';
import { renderReportCsv } from './import-report-csv.ts';
import { readUpload, restoreUpload, takeUpload } from './import-upload.ts';
import { validateImport } from './import-validate.ts';

const CommitForm = z.object({
  key: z.string().max(64).default(''),
  dropRejected: z.string().max(10).optional(),
});
const ReportQuery = z.object({ key: z.string().max(64).default('') });

/**
 * The import's commit (re-validating the stored upload, then one transaction) and the full report download.
 * Both find the upload by its key, and only for the session that made it.
 */
export function registerImportCommitRoutes(
  app: FastifyInstance,
  deps: Deps,
  guard: StaffGuard,
  { uploadPage, badCsrf }: ImportReplies,
): void {
  const { db } = deps.store;

  app.post('/console/proposals/import/commit', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    if (!guard.validPost(request, staff)) return badCsrf(request, reply);
    const t = request.t;
    const form = CommitForm.safeParse(request.body ?? {});
    const key = form.success ? form.data.key : '';
    const upload = await takeUpload(deps.kv, key, staff.session.id);
    if (!upload)
      return uploadPage(request, reply, staff, { status: 410, errors: [t('proposals.import.errExpired')] });
    if (staff.scope !== 'all' && upload.zoneId !== staff.zoneId) {
      return guard.deny(request, reply, staff.userId, 'proposal.create');
    }
    const result = await commitImport(deps, {
      zoneId: upload.zoneId,
      csv: upload.csv,
      actor: { accountId: staff.accountId, userId: staff.userId },
      dropRejected: form.success && form.data.dropRejected === 'yes',
      ip: request.ip,
      via: 'console',
    });
    if (result.ok) {
      const [only, ...more] = result.proposals;
      return reply.redirect(
        only && more.length === 0 ? `/console/proposals/${only.id}` : '/console/proposals',
        303,
      );
    }
    await restoreUpload(deps.kv, key, upload);
    const { counts } = result.report;
    const changed = counts.rejected > upload.rejectedAtPreview;
    const error =
      result.reason === 'nothing_valid'
        ? t('proposals.import.errNothingValid')
        : result.reason === 'file_problems'
          ? t('proposals.import.errFile')
          : changed
            ? t('proposals.import.errChanged', { n: counts.rejected })
            : t('proposals.import.errMustDrop');
    const { zones } = await loadUploadChoices(db, null);
    const label = zoneLabel(request.lang, zones, upload.zoneId, t('proposals.import.zoneAll'));
    return reply.page(
      renderPreviewPage(request, { staff, report: result.report, key, zoneLabel: label, errors: [error] }),
      changed ? 409 : 422,
    );
  });

  app.get('/console/proposals/import/report.csv', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    const query = ReportQuery.safeParse(request.query ?? {});
    const upload = query.success ? await readUpload(deps.kv, query.data.key, staff.session.id) : undefined;
    if (!upload) {
      return uploadPage(request, reply, staff, {
        status: 410,
        errors: [request.t('proposals.import.errExpired')],
      });
    }
    const report = await validateImport(db, { zoneId: upload.zoneId, csv: upload.csv });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="dwaar-import-report.csv"')
      .send(renderReportCsv(report));
  });
}
