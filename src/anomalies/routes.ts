import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import {
  attachmentDisposition,
  csvFileName,
  type ConsoleFeature,
  queryStrings,
  routesPlugin,
} from '../web/index.ts';
import { anomaliesCsv, describeAnomalyFilters } from './csv.ts';
import { AnomalyFilters, listAnomalies, listAnomaliesForExport } from './list-query.ts';
import { renderAnomalyPage } from './page.ts';

export interface AnomalyRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

/**
 * The anomalies the detector flagged, within the staff member's reach (`audit.read`), and their CSV.
 * Reading them is reading the audit, so both are audited (`audit.searched`).
 */
export function anomalyRoutes(deps: AnomalyRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const read = { config: { permission: 'audit.read' } } as const;

  /** The filters, or the page again saying they were not understood (and nothing was read). */
  function parse(request: FastifyRequest) {
    const staff = staffOf(request);
    const raw = queryStrings(request.query);
    const parsed = AnomalyFilters.safeParse(raw);
    if (parsed.success) return { staff, raw, filters: parsed.data };
    const page = renderAnomalyPage(request, {
      staff,
      raw,
      filters: undefined,
      result: undefined,
      error: request.t('anomalies.errParams'),
    });
    return { staff, raw, page };
  }

  return routesPlugin((app) => {
    app.get('/console/anomalies', read, async (request, reply) => {
      const parsed = parse(request);
      if (!parsed.filters) return reply.page(parsed.page, statusOf('VALIDATION_FAILED'));
      const { staff, raw, filters } = parsed;
      const result = await listAnomalies(db, staff, filters);
      await deps.audit.append({
        type: 'audit.searched',
        actor: staff.userId,
        ip: request.ip,
        target: 'anomalies',
        detail: {
          view: 'anomalies',
          filters: describeAnomalyFilters(filters),
          page: result.page,
          rows: result.rows.length,
        },
      });
      return reply.page(renderAnomalyPage(request, { staff, raw, filters, result }));
    });

    app.get('/console/anomalies.csv', read, async (request, reply) => {
      const parsed = parse(request);
      if (!parsed.filters) return reply.page(parsed.page, statusOf('VALIDATION_FAILED'));
      const { staff, filters } = parsed;
      const now = deps.clock.now();
      const rows = await listAnomaliesForExport(db, staff, filters);
      await deps.audit.append({
        type: 'audit.searched',
        actor: staff.userId,
        ip: request.ip,
        target: 'anomalies',
        detail: {
          view: 'anomalies',
          format: 'csv',
          filters: describeAnomalyFilters(filters),
          rows: rows.length,
        },
      });
      const csv = anomaliesCsv(rows, filters, { generatedAt: now, generatedBy: staff.userId });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(csvFileName('dwaar-anomalies', now)))
        .send(csv);
    });
  });
}
