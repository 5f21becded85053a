import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../errors.ts';
import { scopeOf, staffOf, type Staff } from '../policy/index.ts';
import {
  attachmentDisposition,
  csvFileName,
  type ConsoleFeature,
  queryStrings,
  routesPlugin,
} from '../web/index.ts';
import { loadTicketView, staffActor, ticketOf } from './console-access.ts';
import { registerLocationRoutes } from './console-locations-routes.ts';
import { describeQueueFilters, queueCsv } from './console-queue-csv.ts';
import { renderQueuePage } from './console-queue-page.ts';
import { registerSettingsRoutes } from './console-settings-routes.ts';
import { registerTicketActions, type TicketActionDeps } from './console-ticket-actions.ts';
import { TICKET_FORMS } from './console-ticket-forms.ts';
import { renderTicketPage } from './console-ticket-page.ts';
import { tierWords } from './console-words.ts';
import {
  QueueFilters,
  effectiveTier,
  listQueue,
  listQueueForExport,
  type QueueReader,
} from './queue-query.ts';
import { listHolidayDays } from './ticket-repository.ts';
import { sendTicketAttachment } from './ticket-attachments.ts';
import { createTicketService } from './tickets.ts';
import type { TicketService } from './model.ts';

/** What the console's helpdesk needs: `Deps` serves (the ticket service is built from it unless given). */
export type HelpdeskConsoleDeps = Omit<TicketActionDeps, 'tickets'> & { readonly tickets?: TicketService };

const AttachmentParams = z.object({
  number: z.string().max(40),
  id: z.coerce.number().int().positive(),
});
const Done = z.object({ done: z.enum(TICKET_FORMS).optional() });

/** The reader of the queue: their role and the reach of their `ticket.read` grant. */
function readerOf(staff: Staff): QueueReader {
  const scope = scopeOf(staff.role, 'ticket.read');
  if (!scope) throw new AppError('FORBIDDEN');
  return { role: staff.role, scope, zoneId: staff.zoneId, districtId: staff.districtId };
}

/** Whose tickets the queue holds, in a sentence. */
function scopeNote(request: FastifyRequest, reader: QueueReader, filters: QueueFilters | undefined): string {
  const t = request.t;
  const tier = filters ? effectiveTier(reader, filters) : undefined;
  const tierText = tier ? tierWords(t, tier) : t('helpdesk.tierAll');
  if (reader.scope === 'district') return t('helpdesk.scopeDistrict', { tier: tierText });
  if (reader.scope === 'zone') return t('helpdesk.scopeZone', { tier: tierText });
  return t('helpdesk.scopeAll', { tier: tierText });
}

/**
 * The console's helpdesk: the queue (`ticket.read`, within reach, in SQL) and its CSV, a ticket's page and
 * its attachments, the ticket's forms (`ticket.work`), and the support set-up (`support.manage`): locations
 * and their system integrators, holidays, SLA targets.
 */
export function helpdeskRoutes(given: HelpdeskConsoleDeps): ConsoleFeature {
  const deps: TicketActionDeps = { ...given, tickets: given.tickets ?? createTicketService(given) };
  const db = deps.store.db;
  const read = { config: { permission: 'ticket.read' } } as const;

  function parseQueue(request: FastifyRequest) {
    const staff = staffOf(request);
    const reader = readerOf(staff);
    const raw = queryStrings(request.query);
    const parsed = QueueFilters.safeParse(raw);
    return { staff, reader, raw, filters: parsed.success ? parsed.data : undefined };
  }

  return routesPlugin((app) => {
    app.get('/console/helpdesk', read, async (request, reply) => {
      const { staff, reader, raw, filters } = parseQueue(request);
      const now = deps.clock.now();
      const holidays = await listHolidayDays(db);
      const manages = scopeOf(staff.role, 'support.manage') !== undefined;
      const note = scopeNote(request, reader, filters);
      if (!filters) {
        const page = renderQueuePage(request, {
          raw,
          filters,
          result: undefined,
          now,
          holidays,
          manages,
          scopeNote: note,
          error: request.t('helpdesk.errParams'),
        });
        return reply.page(page, statusOf('VALIDATION_FAILED'));
      }
      const result = await listQueue(db, reader, filters);
      return reply.page(
        renderQueuePage(request, { raw, filters, result, now, holidays, manages, scopeNote: note }),
      );
    });

    app.get('/console/helpdesk.csv', read, async (request, reply) => {
      const { staff, reader, filters } = parseQueue(request);
      if (!filters) throw new AppError('VALIDATION_FAILED');
      const now = deps.clock.now();
      const rows = await listQueueForExport(db, reader, filters);
      const described = describeQueueFilters(filters, effectiveTier(reader, filters));
      await deps.audit.append({
        type: 'report.exported',
        actor: staff.userId,
        ip: request.ip,
        target: 'tickets',
        detail: { view: 'helpdesk_queue', filters: described, scope: reader.scope, rows: rows.length },
      });
      const csv = queueCsv(rows, {
        generatedAt: now,
        generatedBy: staff.userId,
        filters: described,
        holidays: await listHolidayDays(db),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(csvFileName('dwaar-tickets', now)))
        .send(csv);
    });

    app.get('/console/helpdesk/tickets/:number', read, async (request, reply) => {
      const found = await ticketOf(deps, request);
      const done = Done.safeParse(queryStrings(request.query)).data?.done;
      const view = await loadTicketView(deps, found, {
        done: done ? request.t(`helpdesk.done_${done}`) : undefined,
      });
      return reply.page(renderTicketPage(request, view));
    });

    app.get('/console/helpdesk/tickets/:number/attachments/:id', read, async (request, reply) => {
      const p = AttachmentParams.safeParse(request.params);
      if (!p.success) throw new AppError('TICKET_NOT_FOUND');
      const { ticket } = await ticketOf(deps, request);
      const actor = staffActor(staffOf(request), request.ip);
      const row = (await deps.tickets.attachments(ticket.id, actor)).find((a) => a.id === p.data.id);
      if (!row) throw new AppError('TICKET_NOT_FOUND');
      return sendTicketAttachment(reply, row, deps.config.dataDir);
    });

    registerTicketActions(app, deps);
    registerLocationRoutes(app, deps);
    registerSettingsRoutes(app, deps);
  });
}
