import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERRORS, statusOf } from '../../errors.ts';
import { translator, type Lang, type MessageKey } from '../../i18n/index.ts';
import { staffOf } from '../../policy/index.ts';
import { type ConsoleFeature, html, renderConsolePage, routesPlugin } from '../../web/index.ts';
import { IMPORT_FAILURES } from './commit.ts';
import { loadPlaceNames, loadUploadChoices, zoneLabel } from './page-data.ts';
import { renderPreviewPage } from './preview-page.ts';
import { CREATE, type ImportReplies } from './replies.ts';
import type { ImportRouteDeps } from './routes.ts';
import { PAGE_LIMIT } from './tables.ts';
import { lookupUpload, saveUploadDetails, type StoredUpload } from './upload.ts';
import { validateImport } from './validate.ts';

const FAILURES = Object.keys(IMPORT_FAILURES) as [keyof typeof IMPORT_FAILURES];
/** `failed` names why a commit was refused, so the preview it returns to says so. */
const PreviewQuery = z.object({ failed: z.enum(FAILURES).optional() });
const PreviewParams = z.object({ uploadId: z.string().max(64) });
/** The paths the import's forms post to: a language switch or reload on their answer lands here as a GET. */
const FORM_PATHS: ReadonlySet<string> = new Set(['preview', 'commit']);

const other = (lang: Lang): Lang => (lang === 'hi' ? 'en' : 'hi');
const MISSING = {
  title: 'proposals.import.uploadMissingTitle',
  body: 'proposals.import.uploadMissingBody',
} as const satisfies NoPreview;
const FOREIGN = {
  title: 'proposals.import.uploadForeignTitle',
  body: 'proposals.import.uploadForeignBody',
} as const satisfies NoPreview;

interface NoPreview {
  readonly title: MessageKey;
  readonly body: MessageKey;
}

/**
 * Why an upload address shows no preview: in the page's language with the other language beneath (the
 * person may have followed a link from a colleague who reads the other), and a way to upload again.
 */
function renderNoPreview(request: FastifyRequest, o: NoPreview): string {
  const t = request.t;
  const second = other(request.lang);
  const there = translator(second);
  return renderConsolePage(request, {
    title: t(o.title),
    hasError: true,
    main: html`<h1>${t(o.title)}</h1>
      <p>${t(o.body)}</p>
      <p class="hint" lang="${second}">${there(o.title)}: ${there(o.body)}</p>
      <p class="actions">
        <a class="button" href="/console/proposals/import">${t('proposals.import.uploadNew')}</a>
      </p>`,
  });
}

/**
 * The preview of a stored upload, at its own address: checked again against the directory as it is now,
 * for the staff member who uploaded it only.
 */
export function importPreviewRoutes(deps: ImportRouteDeps, { uploadPage }: ImportReplies): ConsoleFeature {
  const { db } = deps.store;

  async function showPreview(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    upload: StoredUpload,
    failed: keyof typeof IMPORT_FAILURES | undefined,
  ): Promise<FastifyReply> {
    const staff = staffOf(request);
    const t = request.t;
    const report = await validateImport(
      db,
      { zoneId: upload.zoneId, csv: upload.csv, maxBytes: deps.config.importMaxBytes },
      { limit: PAGE_LIMIT },
    );
    if (report.fileProblems.length > 0) {
      // Only when the configured limit has shrunk since the upload: the file itself was checked then.
      return uploadPage(request, reply, {
        failure: 'IMPORT_FILE_REJECTED',
        zone: upload.zoneId,
        fileProblems: [...report.fileProblems],
      });
    }
    // What the person now sees is what a later commit compares with (see `directory_changed`).
    if (report.counts.rejected !== upload.rejectedAtPreview)
      await saveUploadDetails(deps.kv, key, { ...upload, rejectedAtPreview: report.counts.rejected });
    // The reason a commit was refused, while it still holds (the address may be reloaded much later).
    const holds = failed === 'nothing_valid' ? report.counts.valid === 0 : report.counts.rejected > 0;
    const code = failed === undefined || !holds ? undefined : IMPORT_FAILURES[failed];
    const errors = code === undefined ? [] : [t(ERRORS[code].body, { n: report.counts.rejected })];
    const [{ zones }, names] = await Promise.all([loadUploadChoices(db, null), loadPlaceNames(db)]);
    const label = zoneLabel(request.lang, zones, upload.zoneId, t('proposals.import.zoneAll'));
    const status =
      code !== undefined
        ? statusOf(code)
        : report.counts.rejected > 0
          ? statusOf('IMPORT_ROWS_REJECTED')
          : 200;
    return reply.page(
      renderPreviewPage(request, { staff, report, key, zoneLabel: label, names, errors }),
      status,
    );
  }

  return routesPlugin((app) => {
    app.get('/console/proposals/import/:uploadId', CREATE, async (request, reply) => {
      const staff = staffOf(request);
      const params = PreviewParams.safeParse(request.params);
      const id = params.success ? params.data.uploadId : '';
      if (FORM_PATHS.has(id)) return reply.redirect('/console/proposals/import', 303);
      const found = await lookupUpload(deps.kv, id, staff.accountId);
      if (found.kind === 'missing')
        return reply.page(renderNoPreview(request, MISSING), statusOf('NOT_FOUND'));
      // Someone else's upload (or, for a zonal head moved since, another zone's) is not shown; tried, it is
      // recorded as any refused console access is.
      if (found.kind === 'foreign' || (staff.scope !== 'all' && found.upload.zoneId !== staff.zoneId)) {
        await deps.audit.append({
          type: 'console.access_denied',
          actor: staff.userId,
          ip: request.ip,
          target: request.url.slice(0, 200),
          detail: { permission: 'proposal.create', upload: found.kind },
        });
        return reply.page(renderNoPreview(request, FOREIGN), statusOf('FORBIDDEN'));
      }
      const query = PreviewQuery.safeParse(request.query ?? {});
      return showPreview(request, reply, id, found.upload, query.success ? query.data.failed : undefined);
    });
  });
}
