import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { listWings, listZones } from '../directory/index.ts';
import { statusOf } from '../errors.ts';
import { staffOf, type Staff } from '../policy/index.ts';
import type { Database, Store } from '../store/index.ts';
import {
  attachmentDisposition,
  csvFileName,
  type ConsoleFeature,
  queryStrings,
  routesPlugin,
} from '../web/index.ts';
import { describeFilters, reportCsv } from './report-csv.ts';
import { renderReportPage } from './report-page.ts';
import { ReportQuery, effectiveFilters } from './report-params.ts';
import { loadRolloutReport } from './report-query.ts';

export interface ReportRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

/** The zones and wings a staff member may filter by: their own zone unless their reach is state-wide. */
async function filterOptions(db: Kysely<Database>, staff: Staff) {
  const zones = await listZones(db, staff.scope === 'all' ? undefined : (staff.zoneId ?? '__none__'));
  return { zones, wings: await listWings(db) };
}

/** Rollout reports: the page (a table and a chart, which is also the export's preview) and its CSV. */
export function reportRoutes(deps: ReportRouteDeps): ConsoleFeature {
  // Only reads, and a moment's lag is harmless: the read replica when there is one.
  const db = deps.store.readDb;
  const read = { config: { permission: 'report.read' } } as const;

  /** The query, or the page again saying the filters were not understood. */
  async function parse(request: FastifyRequest) {
    const staff = staffOf(request);
    const raw = queryStrings(request.query);
    const parsed = ReportQuery.safeParse(raw);
    if (parsed.success) return { staff, raw, query: parsed.data };
    const options = await filterOptions(db, staff);
    const page = renderReportPage(request, {
      staff,
      raw,
      options,
      query: undefined,
      report: undefined,
      now: deps.clock.now(),
      error: request.t('reports.errParams'),
    });
    return { staff, raw, page };
  }

  return routesPlugin((app) => {
    app.get('/console/reports', read, async (request, reply) => {
      const parsed = await parse(request);
      if (!parsed.query) return reply.page(parsed.page, statusOf('VALIDATION_FAILED'));
      const { staff, raw, query } = parsed;
      const now = deps.clock.now();
      const report = await loadRolloutReport(db, effectiveFilters(staff, query), now);
      const options = await filterOptions(db, staff);
      return reply.page(renderReportPage(request, { staff, raw, options, query, report, now }));
    });

    app.get('/console/reports.csv', read, async (request, reply) => {
      const parsed = await parse(request);
      if (!parsed.query) return reply.page(parsed.page, statusOf('VALIDATION_FAILED'));
      const { staff, query } = parsed;
      const now = deps.clock.now();
      const filters = effectiveFilters(staff, query);
      const report = await loadRolloutReport(db, filters, now);
      const csv = reportCsv(report, filters, { generatedAt: now, generatedBy: staff.userId });
      await deps.audit.append({
        type: 'report.exported',
        actor: staff.userId,
        ip: request.ip,
        target: 'rollout',
        detail: {
          group: filters.group,
          zone: filters.zoneId ?? null,
          district: filters.districtId ?? null,
          wing: filters.wingId ?? null,
          filters: describeFilters(filters),
          rows: report.rows.length,
        },
      });
      // Stamped in India time, like the page's "figures as of" line and the file's own header.
      const fileName = csvFileName(`dwaar-rollout-${filters.group}`, now);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(fileName))
        .send(csv);
    });
  });
}
