import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { formatDateTime, translator } from '../i18n/index.ts';
import { staffOf, type Staff } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import {
  attachmentDisposition,
  csvFileName,
  type ConsoleFeature,
  type CsvValue,
  queryStrings,
  routesPlugin,
  toCsv,
} from '../web/index.ts';
import { loadHelpdeskReport, type HelpdeskReport } from './reports-data.ts';
import { REPORTS_PATH, renderHelpdeskReportPage } from './reports-page.ts';
import { bilingualTable, REPORT_TABLES, type ReportTableId } from './reports-tables.ts';

export interface HelpdeskReportDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

const CsvQuery = z.object({ table: z.enum(REPORT_TABLES) });

const en = translator('en');
const hi = translator('hi');
const both = (key: Parameters<typeof en>[0]) => `${hi(key)} / ${en(key)}`;

/** The reader's reach, as the CSV header and the audit record state it. */
function reachText(staff: Staff): string {
  if (staff.scope === 'district') return `district=${staff.districtId ?? 'none'}`;
  if (staff.scope === 'zone') return `zone=${staff.zoneId ?? 'none'}`;
  return 'all';
}

/** One table as a CSV document: a confidential header block (what, when, by whom, reach), then the table. */
export function helpdeskReportCsv(
  report: HelpdeskReport,
  id: ReportTableId,
  meta: { generatedAt: number; generatedBy: string; reach: string },
): string {
  const tbl = bilingualTable(report, id);
  const rows: CsvValue[][] = [
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('ticketMail.reportTitle'), tbl.caption],
    [both('ticketMail.csvGeneratedAt'), formatDateTime('en', meta.generatedAt)],
    [both('ticketMail.csvGeneratedBy'), meta.generatedBy],
    [both('ticketMail.csvReach'), meta.reach],
    [],
    [...tbl.columns],
    ...tbl.rows.map((r) => [...r]),
  ];
  return toCsv(rows);
}

/**
 * Helpdesk reports (issue 11) at `/console/helpdesk/reports` and `.csv?table=…`, for `ticket.read`: an SI
 * counts their district's tickets and officers, a zonal head their zone's, others all.
 */
export function helpdeskReportRoutes(deps: HelpdeskReportDeps): ConsoleFeature {
  // Counting is read-only and may lag a moment: both read the replica when there is one (`readDb`).
  const read = { config: { permission: 'ticket.read' } } as const;
  return routesPlugin((app) => {
    app.get(REPORTS_PATH, read, async (request, reply) => {
      const staff = staffOf(request);
      const now = deps.clock.now();
      const report = await loadHelpdeskReport(deps.store.readDb, staff, now);
      return reply.page(
        renderHelpdeskReportPage(request, { report, now, userId: staff.userId, scope: staff.scope }),
      );
    });

    app.get(`${REPORTS_PATH}.csv`, read, async (request, reply) => {
      const staff = staffOf(request);
      const parsed = CsvQuery.safeParse(queryStrings(request.query));
      if (!parsed.success) {
        throw new AppError('VALIDATION_FAILED', {
          detail: request.t('ticketMail.errTable'),
          back: { href: REPORTS_PATH, label: 'ticketMail.reportTitle' },
        });
      }
      const { table } = parsed.data;
      const now = deps.clock.now();
      const report = await loadHelpdeskReport(deps.store.readDb, staff, now);
      const reach = reachText(staff);
      const csv = helpdeskReportCsv(report, table, { generatedAt: now, generatedBy: staff.userId, reach });
      await deps.audit.append({
        type: 'report.exported',
        actor: staff.userId,
        ip: request.ip,
        target: `helpdesk:${table}`,
        detail: { table, reach },
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(csvFileName(`dwaar-helpdesk-${table}`, now)))
        .send(csv);
    });
  });
}
