import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listDistricts, listZones } from '../directory/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { renderPdf } from '../guide/index.ts';
import { formatDateTime, isLang, translator, type Lang } from '../i18n/index.ts';
import { staffOf } from '../policy/index.ts';
import { csvFileName, html, renderPage, toCsv } from '../web/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/index.ts';
import { readableCircular, recipientScope } from './access.ts';
import { downloadDisposition } from './attachment-files.ts';
import { PRINT_CSS, renderPrintPage } from './print-page.ts';
import { listRecipientLines } from './recipients-query.ts';
import { listAudiences, type CircularRow } from './repository.ts';
import { IdParams } from './schemas.ts';

export interface PrintDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

const read = { config: { permission: 'circular.read' } } as const;

/** `?lang=hi|en` prints one language; anything else prints both, Hindi first. */
function langsOf(request: FastifyRequest): Lang[] {
  const lang = (request.query as Record<string, unknown>).lang;
  return typeof lang === 'string' && isLang(lang) ? [lang] : ['hi', 'en'];
}

/** The bilingual 503 page when Chromium is missing, pointing to the printable HTML. */
function pdfUnavailable(request: FastifyRequest, id: number): string {
  const t = request.t;
  const other = translator(request.lang === 'hi' ? 'en' : 'hi');
  const href = `/console/circulars/${id}/print`;
  return renderPage({
    lang: request.lang,
    t,
    title: t('circulars.pdfUnavailableTitle'),
    path: request.url,
    main: html`<h1>${t('circulars.pdfUnavailableTitle')}</h1>
      <p>${t('circulars.pdfUnavailableBody')}</p>
      <p class="actions"><a class="button" href="${href}">${t('circulars.openPrintable')}</a></p>
      <div lang="${request.lang === 'hi' ? 'en' : 'hi'}">
        <h2>${other('circulars.pdfUnavailableTitle')}</h2>
        <p>${other('circulars.pdfUnavailableBody')}</p>
        <p><a href="${href}">${other('circulars.openPrintable')}</a></p>
      </div>`,
  });
}

/** The recipients CSV: one line a person within the reader's reach, with a header naming the circular. */
function recipientsCsv(
  c: CircularRow,
  lines: Awaited<ReturnType<typeof listRecipientLines>>,
  by: string,
  now: number,
) {
  const t = translator('en');
  const at = (ms: number | null) => (ms === null ? '' : formatDateTime('en', ms));
  return toCsv([
    [
      t('circulars.csvTitle', { number: c.number }),
      `${t('circulars.csvGenerated')} ${at(now)} (${by})`,
      'गोपनीय / Confidential',
    ],
    [
      'User ID',
      'Name',
      'Kind',
      'Zone',
      'District',
      'Mailed at',
      'Read at',
      'Acknowledged at',
      'From address',
      'Reminded at',
    ],
    ...lines.map((l) => [
      l.userId,
      l.displayName,
      l.kind,
      l.zoneId,
      l.districtEn,
      at(l.mailedAt),
      at(l.readAt),
      at(l.acknowledgedAt),
      l.ackIp,
      at(l.remindedAt),
    ]),
  ]);
}

/** Print (HTML, PDF) and the recipients' CSV for staff who may read the circular. */
export function registerPrintRoutes(
  app: FastifyInstance,
  deps: PrintDeps,
  options: { chromiumPath?: string },
) {
  const db = deps.store.db;

  async function printable(request: FastifyRequest, styles: 'link' | 'inline') {
    const p = IdParams.safeParse(request.params);
    if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
    const circular = await readableCircular(deps, staffOf(request), p.data.id);
    const [audiences, zones, districts] = await Promise.all([
      listAudiences(db, circular.id),
      listZones(db),
      listDistricts(db, { order: 'name' }),
    ]);
    return {
      circular,
      html: renderPrintPage({ circular, audiences, zones, districts, langs: langsOf(request), styles }),
    };
  }

  app.get('/console/circulars/print.css', read, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'private, max-age=300')
      .send(PRINT_CSS),
  );

  app.get('/console/circulars/:id/print', read, async (request, reply) => {
    const doc = await printable(request, 'link');
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .send(doc.html);
  });

  app.get('/console/circulars/:id/print.pdf', read, async (request, reply) => {
    const doc = await printable(request, 'inline');
    const result = await renderPdf(doc.html, options.chromiumPath);
    if (!result.ok) {
      if (result.reason === 'render_failed')
        request.log.error({ err: result.error }, 'circular PDF could not be rendered');
      return reply.page(pdfUnavailable(request, doc.circular.id), statusOf('CIRCULAR_PDF_UNAVAILABLE'));
    }
    const name = `circular-${doc.circular.number.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', downloadDisposition(name).replace(/^attachment/, 'inline'))
      .header('cache-control', 'private, no-store')
      .send(result.pdf);
  });

  app.get('/console/circulars/:id/recipients.csv', read, async (request, reply) => {
    const staff = staffOf(request);
    const p = IdParams.safeParse(request.params);
    if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
    const circular = await readableCircular(deps, staff, p.data.id);
    const lines = await listRecipientLines(db, circular.id, recipientScope(staff));
    const now = deps.clock.now();
    await deps.audit.append({
      type: 'report.exported',
      actor: staff.userId,
      ip: request.ip,
      target: `circular-${circular.id}`,
      detail: {
        report: 'circular_recipients',
        number: circular.number,
        rows: lines.length,
        scope: staff.scope,
      },
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        downloadDisposition(csvFileName(`circular-${circular.id}-recipients`, now)),
      )
      .header('cache-control', 'private, no-store')
      .send(recipientsCsv(circular, lines, staff.userId, now));
  });
}
