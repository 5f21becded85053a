import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { AppError, statusOf } from '../errors.ts';
import { fileStamp } from '../i18n/index.ts';
import { staffOf, type Staff } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import {
  attachmentDisposition,
  csvFileName,
  queryStrings,
  renderRefusal,
  routesPlugin,
  type ConsoleFeature,
} from '../web/index.ts';
import { csvLines, EXPORT_CAP, jsonLines, type ExportFormat } from './export.ts';
import { loadFilterOptions } from './filter-options.ts';
import { renderSearchPage, type CheckpointPanel, type SearchView } from './search-page.ts';
import { askedDetail } from './search-params.ts';
import { findEventPage, findHeadSeq, findPersonEvents, streamEvents } from './search-query.ts';
import { findPerson, reachesPerson, resolveSearch, type ResolvedSearch } from './search-service.ts';
import { groupByIndiaDay } from './timeline.ts';
import { renderTimelinePage } from './timeline-page.ts';

/**
 * The signed checkpoints of the audit chain, as the console needs them (the audit chain's owner implements
 * it; this feature names only the shape). `write` returns undefined when nothing happened since the last one.
 */
export interface AuditCheckpoints {
  readonly keyId: string;
  readonly publicKeyPem: string;
  write(trigger: 'console', actor: string): Promise<{ seq: number; hash: string; at: number } | undefined>;
  latest(limit: number): Promise<readonly { seq: number; hash: string; at: number; key_id: string }[]>;
}

export interface AuditSearchDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly checkpoints: AuditCheckpoints;
}

/** Results per page. */
export const PAGE_SIZE = 50;
/** How far back a person's timeline reaches, and the most events it reads. */
const TIMELINE_DAYS = 90;
const TIMELINE_MAX_EVENTS = 5000;
const EXPORT_BATCH = 1000;

const UserParams = z.object({
  userId: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9._@-]+$/),
});
const Flash = z.object({
  written: z.coerce.number().int().min(0).optional().catch(undefined),
  notice: z.literal('unchanged').optional().catch(undefined),
});

/** The audit trail in the console: search, exports, a person's timeline, and the signed checkpoints. */
export function auditSearchRoutes(deps: AuditSearchDeps): ConsoleFeature {
  // Every query here only reads (records of the reading go through `audit`, checkpoints through
  // `checkpoints`, both on the primary), so the read replica serves them when there is one. The export's
  // head and its rows come from the same database, so a lagging replica cannot leave a gap in a file.
  const db = deps.store.readDb;
  const read = { config: { permission: 'audit.read' } } as const;

  async function checkpointPanel(
    staff: Staff,
    raw: Record<string, string>,
  ): Promise<CheckpointPanel | undefined> {
    if (staff.scope !== 'all') return undefined;
    const flash = Flash.parse(raw);
    return {
      keyId: deps.checkpoints.keyId,
      publicKeyPem: deps.checkpoints.publicKeyPem,
      latest: await deps.checkpoints.latest(10),
      notice: flash.written !== undefined ? { written: flash.written } : flash.notice,
    };
  }

  /** The page for a search that does not run: its problems (400, nothing audited) or its refusal (403). */
  async function notRun(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    raw: Record<string, string>,
    resolved: Exclude<ResolvedSearch, { kind: 'ok' }>,
    format: ExportFormat | 'page',
  ) {
    const view: SearchView = {
      staff,
      raw,
      options: await loadFilterOptions(db, staff),
      now: deps.clock.now(),
      ...(resolved.kind === 'invalid' ? { problems: resolved.problems } : { refused: true }),
    };
    if (resolved.kind === 'invalid')
      return reply.page(renderSearchPage(request, view), statusOf('AUDIT_QUERY_INVALID'));
    await deps.audit.append({
      type: 'audit.refused',
      actor: staff.userId,
      ip: request.ip,
      target: resolved.asked.slice(0, 200),
      detail: { ...askedDetail(resolved.query), format, scope: staff.scope },
    });
    return reply.page(renderSearchPage(request, view), statusOf('AUDIT_OUT_OF_SCOPE'));
  }

  async function exportTrail(request: FastifyRequest, reply: FastifyReply, format: ExportFormat) {
    const staff = staffOf(request);
    const raw = queryStrings(request.query);
    const resolved = await resolveSearch(db, staff, raw);
    if (resolved.kind !== 'ok') return notRun(request, reply, staff, raw, resolved, format);
    const now = deps.clock.now();
    // The export covers the trail as it stands now; its own record (next) and later events are left out.
    const untilSeq = await findHeadSeq(db);
    const asked = askedDetail(resolved.query);
    await deps.audit.append({
      type: 'audit.searched',
      actor: staff.userId,
      ip: request.ip,
      target: format,
      detail: { ...asked, format, scope: staff.scope, untilSeq },
    });
    const rows = streamEvents(db, resolved.scope, resolved.filters, {
      untilSeq,
      batch: EXPORT_BATCH,
      cap: EXPORT_CAP,
    });
    const filters = Object.entries(asked)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const body =
      format === 'csv'
        ? csvLines(rows, { generatedAt: now, generatedBy: staff.userId, filters: filters || 'all' })
        : jsonLines(rows);
    const fileName =
      format === 'csv' ? csvFileName('dwaar-audit', now) : `dwaar-audit-${fileStamp(now)}.jsonl`;
    return reply
      .header(
        'content-type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      )
      .header('content-disposition', attachmentDisposition(fileName))
      .header('cache-control', 'no-store')
      .send(Readable.from(body));
  }

  return routesPlugin((app) => {
    app.get('/console/audit', read, async (request, reply) => {
      const staff = staffOf(request);
      const raw = queryStrings(request.query);
      const resolved = await resolveSearch(db, staff, raw);
      if (resolved.kind !== 'ok') return notRun(request, reply, staff, raw, resolved, 'page');
      const page = await findEventPage(db, resolved.scope, resolved.filters, {
        before: resolved.query.before,
        limit: PAGE_SIZE,
      });
      // One record per page view, whatever it shows: reading the trail is itself on the trail.
      await deps.audit.append({
        type: 'audit.searched',
        actor: staff.userId,
        ip: request.ip,
        target: 'page',
        detail: {
          ...askedDetail(resolved.query),
          before: resolved.query.before ?? null,
          shown: page.rows.length,
          scope: staff.scope,
        },
      });
      const view: SearchView = {
        staff,
        raw,
        options: await loadFilterOptions(db, staff),
        result: { query: resolved.query, ...page },
        checkpoints: await checkpointPanel(staff, raw),
        now: deps.clock.now(),
      };
      return reply.page(renderSearchPage(request, view));
    });

    app.get('/console/audit.csv', read, (request, reply) => exportTrail(request, reply, 'csv'));
    app.get('/console/audit.jsonl', read, (request, reply) => exportTrail(request, reply, 'jsonl'));

    app.get('/console/audit/people/:userId', read, async (request, reply) => {
      const staff = staffOf(request);
      const userId = UserParams.safeParse(request.params).data?.userId;
      const person = userId === undefined ? undefined : await findPerson(db, userId);
      if (!person)
        throw new AppError('NOT_FOUND', { back: { href: '/console/audit', label: 'auditView.nav' } });
      if (!reachesPerson(staff, person)) {
        await deps.audit.append({
          type: 'audit.refused',
          actor: staff.userId,
          ip: request.ip,
          target: `user=${person.userId}`,
          detail: { user: person.userId, format: 'timeline', scope: staff.scope },
        });
        return reply.page(
          renderRefusal(request, {
            code: 'AUDIT_OUT_OF_SCOPE',
            back: { href: '/console/audit', label: 'auditView.nav' },
          }),
          statusOf('AUDIT_OUT_OF_SCOPE'),
        );
      }
      const now = deps.clock.now();
      const events = await findPersonEvents(
        db,
        person.userId,
        now - TIMELINE_DAYS * 86_400_000,
        TIMELINE_MAX_EVENTS,
      );
      const days = groupByIndiaDay(events);
      await deps.audit.append({
        type: 'audit.timeline_viewed',
        actor: staff.userId,
        ip: request.ip,
        target: person.userId,
        detail: { days: days.length, events: events.length, scope: staff.scope },
      });
      return reply.page(
        renderTimelinePage(request, {
          person,
          days,
          windowDays: TIMELINE_DAYS,
          capped: events.length >= TIMELINE_MAX_EVENTS,
        }),
      );
    });

    app.post('/console/audit/checkpoint', read, async (request, reply) => {
      const staff = staffOf(request);
      // Only state-wide readers (HQ administrators, auditors) sign the chain's head; the refusal is audited
      // by the console scope as an access denial.
      if (staff.scope !== 'all') throw new AppError('FORBIDDEN');
      const written = await deps.checkpoints.write('console', staff.userId);
      return reply.redirect(
        written ? `/console/audit?written=${written.seq}` : '/console/audit?notice=unchanged',
        303,
      );
    });
  });
}
