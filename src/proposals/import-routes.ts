import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createStaffGuard } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { MAX_CSV_BYTES, renderCsvTemplate } from './csv-format.ts';
import { registerImportCommitRoutes } from './import-commit-routes.ts';
import { issue } from './import-issues.ts';
import { chooseZone, exampleDistrict, loadUploadChoices, zoneLabel } from './import-page-data.ts';
import { renderPreviewPage } from './import-preview-page.ts';
import { createImportReplies } from './import-replies.ts';
import { saveUpload } from './import-upload.ts';
import { validateImport } from './import-validate.ts';

/** A 10 MB file, form-encoded: Devanagari triples in size (%E0%A4%95), plus room for the other fields. */
const BODY_LIMIT = 3 * MAX_CSV_BYTES + 64 * 1024;
const PreviewForm = z.object({
  zone: z.string().max(50).optional(),
  csv: z.string().max(BODY_LIMIT).default(''),
  csvFile: z.string().max(BODY_LIMIT).default(''),
});
/** Pasted text is shown again after a problem with the file, unless it is too long for a page. */
const REFILL_LIMIT = 256 * 1024;

/** CSV import of officers into a draft proposal: template, upload, dry-run preview, commit. */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const { db } = deps.store;

  const replies = createImportReplies(deps);
  const { uploadPage, badCsrf } = replies;

  app.get('/console/proposals/import', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    return uploadPage(request, reply, staff);
  });

  app.get('/console/proposals/template.csv', async (request, reply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    const district = await exampleDistrict(db, staff.scope === 'all' ? null : staff.zoneId);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="dwaar-officers-template.csv"')
      .send(renderCsvTemplate(district));
  });

  // A body over the limit never reaches the handler: answer it as the file problem it is.
  const tooLarge = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (error.statusCode !== 413) throw error;
    answerTooLarge(request, reply).catch((err: unknown) => reply.send(err));
  };
  const answerTooLarge = async (request: FastifyRequest, reply: FastifyReply) => {
    const staff = await guard.require(request, reply, 'proposal.create');
    if (!staff) return reply;
    const problem = issue('too_large', { value: '> 10 MB', params: { max: 10 } });
    const t = request.t;
    return uploadPage(request, reply, staff, {
      status: 413,
      errors: [t('proposals.import.errFile')],
      fileProblems: [problem],
    });
  };

  app.post(
    '/console/proposals/import/preview',
    { bodyLimit: BODY_LIMIT, errorHandler: tooLarge },
    async (request, reply) => {
      const staff = await guard.require(request, reply, 'proposal.create');
      if (!staff) return reply;
      if (!guard.validPost(request, staff)) return badCsrf(request, reply);
      const t = request.t;
      const form = PreviewForm.safeParse(request.body ?? {});
      if (!form.success)
        return uploadPage(request, reply, staff, { status: 400, errors: [t('proposals.import.errNoCsv')] });
      const { zones } = await loadUploadChoices(db, null);
      const zone = chooseZone(staff, form.data.zone, zones);
      if (zone.kind === 'denied') return guard.deny(request, reply, staff.userId, 'proposal.create');
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
      if (zone.kind === 'missing') {
        return uploadPage(request, reply, staff, {
          status: 422,
          errors: [t('proposals.import.errZone')],
          pasted,
        });
      }
      const csv = form.data.csvFile !== '' ? form.data.csvFile : form.data.csv;
      if (csv.trim() === '') {
        return uploadPage(request, reply, staff, {
          status: 422,
          zone: zone.zoneId,
          errors: [t('proposals.import.errNoCsv')],
        });
      }
      const report = await validateImport(db, { zoneId: zone.zoneId, csv });
      if (report.fileProblems.length > 0) {
        return uploadPage(request, reply, staff, {
          status: 422,
          zone: zone.zoneId,
          errors: [t('proposals.import.errFile')],
          fileProblems: [...report.fileProblems],
          pasted,
        });
      }
      const key = await saveUpload(deps.kv, {
        sessionId: staff.session.id,
        zoneId: zone.zoneId,
        csv,
        rejectedAtPreview: report.counts.rejected,
      });
      const label = zoneLabel(request.lang, zones, zone.zoneId, t('proposals.import.zoneAll'));
      return reply.page(
        renderPreviewPage(request, { staff, report, key, zoneLabel: label }),
        report.counts.rejected > 0 ? 422 : 200,
      );
    },
  );

  registerImportCommitRoutes(app, deps, guard, replies);
}
