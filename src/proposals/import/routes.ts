import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import { AppError, statusOf } from '../../errors.ts';
import { staffOf } from '../../policy/index.ts';
import type { Kv, Store } from '../../store/index.ts';
import type { ConsoleFeature } from '../../web/index.ts';
import { MAX_CSV_BYTES, renderCsvTemplate } from './csv-format.ts';
import { importCommitRoutes } from './commit-routes.ts';
import { issue } from './issues.ts';
import { chooseZone, exampleDistrict, loadUploadChoices, zoneLabel } from './page-data.ts';
import { renderPreviewPage } from './preview-page.ts';
import { CREATE, createImportReplies } from './replies.ts';
import { saveUpload } from './upload.ts';
import { validateImport } from './validate.ts';

/** A 10 MB file, form-encoded: Devanagari triples in size (%E0%A4%95), plus room for the other fields. */
const BODY_LIMIT = 3 * MAX_CSV_BYTES + 64 * 1024;
const PreviewForm = z.object({
  zone: z.string().max(50).optional(),
  csv: z.string().max(BODY_LIMIT).default(''),
  csvFile: z.string().max(BODY_LIMIT).default(''),
});
/** Pasted text is shown again after a problem with the file, unless it is too long for a page. */
const REFILL_LIMIT = 256 * 1024;

export interface ImportRouteDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

/** CSV import of officers into a draft proposal: template, upload, dry-run preview, commit. */
export function importRoutes(deps: ImportRouteDeps): ConsoleFeature {
  const { db } = deps.store;
  const replies = createImportReplies(db);
  const { uploadPage } = replies;

  return async (app) => {
    app.get('/console/proposals/import', CREATE, async (request, reply) => uploadPage(request, reply));

    app.get('/console/proposals/template.csv', CREATE, async (request, reply) => {
      const staff = staffOf(request);
      const district = await exampleDistrict(db, staff.scope === 'all' ? null : staff.zoneId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="dwaar-officers-template.csv"')
        .send(renderCsvTemplate(district));
    });

    // A body over the limit never reaches the handler: answer it as the file problem it is.
    const tooLarge = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
      if (error.statusCode !== statusOf('PAYLOAD_TOO_LARGE')) throw error;
      const problem = issue('too_large', { value: '> 10 MB', params: { max: 10 } });
      uploadPage(request, reply, { failure: 'IMPORT_FILE_TOO_LARGE', fileProblems: [problem] }).catch(
        (err: unknown) => reply.send(err),
      );
    };

    app.post(
      '/console/proposals/import/preview',
      { ...CREATE, bodyLimit: BODY_LIMIT, errorHandler: tooLarge },
      async (request, reply) => {
        const staff = staffOf(request);
        const form = PreviewForm.safeParse(request.body ?? {});
        if (!form.success) return uploadPage(request, reply, { failure: 'IMPORT_FORM_UNREADABLE' });
        const { zones } = await loadUploadChoices(db, null);
        const zone = chooseZone(staff, form.data.zone, zones);
        if (zone.kind === 'denied') throw new AppError('FORBIDDEN');
        if (zone.mismatch) {
          await deps.audit.append({
            type: 'console.access_denied',
            actor: staff.userId,
            ip: request.ip,
            target: request.url.slice(0, 200),
            detail: { permission: 'proposal.create', postedZone: form.data.zone ?? null, zone: staff.zoneId },
          });
        }
        const pasted = form.data.csv.length <= REFILL_LIMIT ? form.data.csv : '';
        if (zone.kind === 'missing')
          return uploadPage(request, reply, { failure: 'IMPORT_ZONE_REQUIRED', pasted });
        const csv = form.data.csvFile !== '' ? form.data.csvFile : form.data.csv;
        if (csv.trim() === '')
          return uploadPage(request, reply, { failure: 'IMPORT_CSV_MISSING', zone: zone.zoneId });
        const report = await validateImport(db, { zoneId: zone.zoneId, csv });
        if (report.fileProblems.length > 0) {
          return uploadPage(request, reply, {
            failure: 'IMPORT_FILE_REJECTED',
            zone: zone.zoneId,
            fileProblems: [...report.fileProblems],
            pasted,
          });
        }
        const key = await saveUpload(deps.kv, {
          sessionId: staff.sessionId,
          zoneId: zone.zoneId,
          csv,
          rejectedAtPreview: report.counts.rejected,
        });
        const label = zoneLabel(request.lang, zones, zone.zoneId, request.t('proposals.import.zoneAll'));
        return reply.page(
          renderPreviewPage(request, { staff, report, key, zoneLabel: label }),
          report.counts.rejected > 0 ? statusOf('IMPORT_ROWS_REJECTED') : 200,
        );
      },
    );

    await app.register(importCommitRoutes(deps, replies));
  };
}
