import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { staffOf } from '../../policy/index.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { commitImport } from './commit.ts';
import { previewPath } from './preview-page.ts';
import { CREATE, type ImportReplies } from './replies.ts';
import type { ImportRouteDeps } from './routes.ts';
import { renderReportCsv } from './report-csv.ts';
import { PAGE_LIMIT } from './tables.ts';
import { dropUpload, readUpload, saveUploadDetails, takeUpload } from './upload.ts';
import { validateImport } from './validate.ts';

const CommitForm = z.object({
  key: z.string().max(64).default(''),
  dropRejected: z.string().max(10).optional(),
});
const ReportQuery = z.object({ key: z.string().max(64).default('') });

/**
 * The import's commit (re-validating the stored upload, then one transaction) and the full report download.
 * Both find the upload by its key, and only for the staff member who made it.
 */
export function importCommitRoutes(deps: ImportRouteDeps, { uploadPage }: ImportReplies): ConsoleFeature {
  const { db } = deps.store;

  return routesPlugin((app) => {
    app.post('/console/proposals/import/commit', CREATE, async (request, reply) => {
      const staff = staffOf(request);
      const form = CommitForm.safeParse(request.body ?? {});
      const key = form.success ? form.data.key : '';
      const upload = await takeUpload(deps.kv, key, staff.accountId);
      if (!upload) return uploadPage(request, reply, { failure: 'IMPORT_UPLOAD_EXPIRED' });
      if (staff.scope !== 'all' && upload.zoneId !== staff.zoneId) throw new AppError('FORBIDDEN');
      const result = await commitImport(deps, {
        zoneId: upload.zoneId,
        csv: upload.csv,
        actor: { accountId: staff.accountId, userId: staff.userId },
        dropRejected: form.success && form.data.dropRejected === 'yes',
        rejectedAtPreview: upload.rejectedAtPreview,
        ip: request.ip,
        via: 'console',
        maxBytes: deps.config.importMaxBytes,
        pageLimit: PAGE_LIMIT,
      });
      if (result.ok) {
        await dropUpload(deps.kv, key);
        const [only, ...more] = result.proposals;
        return reply.redirect(
          only && more.length === 0 ? `/console/proposals/${only.id}` : '/console/proposals',
          303,
        );
      }
      await saveUploadDetails(deps.kv, key, upload);
      // Back to the preview's own address, which says why (Post/Redirect/Get, as after the upload).
      return reply.redirect(`${previewPath(key)}?failed=${result.reason}`, 303);
    });

    app.get('/console/proposals/import/report.csv', CREATE, async (request, reply) => {
      const staff = staffOf(request);
      const query = ReportQuery.safeParse(request.query ?? {});
      const upload = query.success ? await readUpload(deps.kv, query.data.key, staff.accountId) : undefined;
      if (!upload) return uploadPage(request, reply, { failure: 'IMPORT_UPLOAD_EXPIRED' });
      const report = await validateImport(db, {
        zoneId: upload.zoneId,
        csv: upload.csv,
        maxBytes: deps.config.importMaxBytes,
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="dwaar-import-report.csv"')
        .send(renderReportCsv(report));
    });
  });
}
