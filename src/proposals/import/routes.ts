import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { AppError, statusOf } from '../../errors.ts';
import { staffOf } from '../../policy/index.ts';
import type { Kv, Store } from '../../store/index.ts';
import { type ConsoleFeature, routesPlugin } from '../../web/index.ts';
import { decodeFormOffThread, warmImportWorker } from './check-thread.ts';
import { readBodyInto } from './body-stream.ts';
import { decodeForm } from './form-decode.ts';
import { renderCsvTemplate } from './csv-format.ts';
import { megabytes } from './csv-read.ts';
import { importCommitRoutes } from './commit-routes.ts';
import { issue } from './issues.ts';
import { chooseZone, exampleDistrict, loadUploadChoices } from './page-data.ts';
import { previewPath } from './preview-page.ts';
import { importPreviewRoutes } from './preview-routes.ts';
import { PAGE_LIMIT } from './tables.ts';
import { CREATE, createImportReplies } from './replies.ts';
import { dropUpload, saveUploadDetails, stashUploadFile } from './upload.ts';
import { validateImport } from './validate.ts';

/** The largest file, form-encoded: Devanagari triples in size (%E0%A4%95), plus room for the other fields. */
const bodyLimitFor = (maxCsvBytes: number) => 3 * maxCsvBytes + 64 * 1024;
const NO_BYTES = new Uint8Array(0);
/** The file fields arrive as UTF-8 bytes (see `decodeForm`); the limit on them is the body's own. */
const FILE_FIELDS: ReadonlySet<string> = new Set(['csv', 'csvFile']);
const PreviewForm = z.object({
  zone: z.string().max(50).optional(),
  csv: z.instanceof(Uint8Array).default(NO_BYTES),
  csvFile: z.instanceof(Uint8Array).default(NO_BYTES),
});
const text = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
/** Only spaces and line breaks (or nothing): stops at the first other byte, so a real file costs nothing. */
function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  return true;
}
/** Forms up to this size are decoded in place; larger ones on the import worker. */
const INLINE_FORM_BYTES = 64 * 1024;
/** Pasted text is shown again after a problem with the file, unless it is too long for a page. */
const REFILL_LIMIT = 256 * 1024;

export interface ImportRouteDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly config: Pick<Config, 'importMaxBytes'>;
}

/** CSV import of officers into a draft proposal: template, upload, dry-run preview, commit. */
export function importRoutes(deps: ImportRouteDeps): ConsoleFeature {
  const { db } = deps.store;
  const replies = createImportReplies(db);
  const { uploadPage } = replies;
  const maxCsvBytes = deps.config.importMaxBytes;
  const bodyLimit = bodyLimitFor(maxCsvBytes);

  return async (app) => {
    app.get('/console/proposals/import', CREATE, async (request, reply) => {
      warmImportWorker();
      return uploadPage(request, reply);
    });

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
      const problem = issue('too_large', {
        value: `> ${megabytes(maxCsvBytes)}`,
        params: { max: megabytes(maxCsvBytes, '') },
      });
      uploadPage(request, reply, { failure: 'IMPORT_FILE_TOO_LARGE', fileProblems: [problem] }).catch(
        (err: unknown) => reply.send(err),
      );
    };

    // The upload's own parser, in its own scope: Fastify reads the body only after the staff scope's onRequest
    // hook has found a staff member allowed to import (nginx likewise answers auth_request before proxying a
    // body), streams it into one buffer, and the worker decodes it.
    await app.register(
      routesPlugin((upload) => {
        // Only the form: a 30 MB JSON body would otherwise be parsed on the event loop under this limit.
        upload.removeAllContentTypeParsers();
        upload.addContentTypeParser(
          'application/x-www-form-urlencoded',
          async (request: FastifyRequest, payload: FastifyRequest['raw']) => {
            const body = await readBodyInto(payload, request.routeOptions.bodyLimit ?? bodyLimit);
            return body.length <= INLINE_FORM_BYTES
              ? decodeForm(body, FILE_FIELDS)
              : decodeFormOffThread(body, FILE_FIELDS);
          },
        );
        upload.post(
          '/console/proposals/import/preview',
          { ...CREATE, bodyLimit, errorHandler: tooLarge },
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
                detail: {
                  permission: 'proposal.create',
                  postedZone: form.data.zone ?? null,
                  zone: staff.zoneId,
                },
              });
            }
            const pasted = form.data.csv.length <= REFILL_LIMIT ? text(form.data.csv) : '';
            if (zone.kind === 'missing')
              return uploadPage(request, reply, { failure: 'IMPORT_ZONE_REQUIRED', pasted });
            const csv = form.data.csvFile.length > 0 ? form.data.csvFile : form.data.csv;
            if (isBlank(csv))
              return uploadPage(request, reply, { failure: 'IMPORT_CSV_MISSING', zone: zone.zoneId });
            // Kept before it is checked: a large file's bytes are then handed to the import worker, not copied.
            const key = await stashUploadFile(deps.kv, staff.sessionId, csv);
            const report = await validateImport(
              db,
              { zoneId: zone.zoneId, csv, maxBytes: maxCsvBytes },
              { limit: PAGE_LIMIT },
            );
            if (report.fileProblems.length > 0) {
              await dropUpload(deps.kv, key);
              return uploadPage(request, reply, {
                failure: 'IMPORT_FILE_REJECTED',
                zone: zone.zoneId,
                fileProblems: [...report.fileProblems],
                pasted,
              });
            }
            await saveUploadDetails(deps.kv, key, {
              sessionId: staff.sessionId,
              accountId: staff.accountId,
              zoneId: zone.zoneId,
              rejectedAtPreview: report.counts.rejected,
            });
            // The preview has its own address (Post/Redirect/Get): the language switch, a reload and the
            // back button show it again instead of posting the file anew or finding nothing.
            return reply.redirect(previewPath(key), 303);
          },
        );
      }),
    );

    await app.register(importCommitRoutes(deps, replies));
    await app.register(importPreviewRoutes(deps, replies));
  };
}
