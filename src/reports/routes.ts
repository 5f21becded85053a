import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createStaffGuard, type Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { attachmentDisposition } from '../web/csv-export.ts';
import { describeFilters, reportCsv } from './report-csv.ts';
import { renderReportPage } from './report-page.ts';
import { ReportQuery, effectiveFilters } from './report-params.ts';
import { loadRolloutReport } from './report-query.ts';

/** Every value of a GET query as a string, for echoing back into the form. */
function queryStrings(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof query !== 'object' || query === null) return out;
  for (const [key, value] of Object.entries(query)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Rollout reports: the page (a table and a chart, which is also the export's preview) and its CSV. */
export function registerReportRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const db = deps.store.db;

  async function filterOptions(staff: Staff) {
    let zones = db
      .selectFrom('zones')
      .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
      .orderBy('name_en');
    if (staff.scope !== 'all') zones = zones.where('id', '=', staff.zoneId ?? '__none__');
    const wings = db
      .selectFrom('wings')
      .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
      .orderBy('sort_order');
    return { zones: await zones.execute(), wings: await wings.execute() };
  }

  async function renderError(request: FastifyRequest, staff: Staff, raw: Record<string, string>) {
    const options = await filterOptions(staff);
    return renderReportPage(request, {
      staff,
      raw,
      options,
      query: undefined,
      report: undefined,
      now: deps.clock.now(),
      error: request.t('reports.errParams'),
    });
  }

  app.get('/console/reports', async (request, reply) => {
    const staff = await guard.require(request, reply, 'report.read');
    if (!staff) return reply;
    const raw = queryStrings(request.query);
    const parsed = ReportQuery.safeParse(raw);
    if (!parsed.success) return reply.page(await renderError(request, staff, raw), 400);
    const now = deps.clock.now();
    const report = await loadRolloutReport(db, effectiveFilters(staff, parsed.data), now);
    const options = await filterOptions(staff);
    return reply.page(renderReportPage(request, { staff, raw, options, query: parsed.data, report, now }));
  });

  app.get('/console/reports.csv', async (request, reply) => {
    const staff = await guard.require(request, reply, 'report.read');
    if (!staff) return reply;
    const raw = queryStrings(request.query);
    const parsed = ReportQuery.safeParse(raw);
    if (!parsed.success) return reply.page(await renderError(request, staff, raw), 400);
    const now = deps.clock.now();
    const filters = effectiveFilters(staff, parsed.data);
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
    const day = new Date(now).toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(`dwaar-rollout-${filters.group}-${day}.csv`))
      .send(csv);
  });
}
