import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { listDistricts, listZones } from '../directory/index.ts';
import { scopeOf, staffOf } from '../policy/index.ts';
import { routesPlugin, type ConsoleFeature } from '../web/index.ts';
import { readableCircular, recipientScope } from './access.ts';
import { registerAttachmentRoutes } from './attachment-routes.ts';
import { checkCircularForm, saveDraft } from './draft-service.ts';
import { attestCircular, issueCircular, withdrawCircular, type IssueDeps } from './issue-service.ts';
import { listCirculars } from './list-query.ts';
import { formValues, valuesOf, type FormValues } from './pages-common.ts';
import { renderCircularPage } from './pages-circular.ts';
import { renderFormPage, type FormView } from './pages-form.ts';
import { issuedNotice, renderIssueConfirm, renderListPage } from './pages-list.ts';
import { registerPrintRoutes } from './print-routes.ts';
import {
  loadCandidates,
  listAttestations,
  listRecipientLines,
  resolveAudiences,
} from './recipients-query.ts';
import { findCircular, listAttachments, listAudiences, reachedZone, type CircularRow } from './repository.ts';
import { AttestForm, IdParams, WithdrawForm, type CircularDraft, type FieldProblem } from './schemas.ts';
import type { AttachmentDeps } from './attachment-service.ts';

export type CircularRouteDeps = IssueDeps & AttachmentDeps;

export interface CircularRouteOptions {
  /** Chromium for the PDF (tests point it at a missing file to see the fallback). */
  readonly chromiumPath?: string;
}

const read = { config: { permission: 'circular.read' } } as const;
const issue = { config: { permission: 'circular.issue' }, bodyLimit: 2 * 1024 * 1024 } as const;
const attest = { config: { permission: 'circular.attest' } } as const;

const actorOf = (request: FastifyRequest) => ({ userId: staffOf(request).userId, ip: request.ip });

function idOf(request: FastifyRequest): number {
  const p = IdParams.safeParse(request.params);
  if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
  return p.data.id;
}

/** Circulars in the console: list, draft (with preview), issue, withdraw, attest, tally, CSV, print. */
export function circularRoutes(deps: CircularRouteDeps, options: CircularRouteOptions = {}): ConsoleFeature {
  const db = deps.store.db;

  async function formView(
    id: number | undefined,
    values: FormValues,
    extra: Partial<FormView> = {},
  ): Promise<FormView> {
    const [zones, districts, attachments] = await Promise.all([
      listZones(db),
      listDistricts(db, { order: 'name' }),
      id === undefined ? Promise.resolve([]) : listAttachments(db, id),
    ]);
    return { id, values, problems: [], zones, districts, attachments, ...extra };
  }

  async function draftOf(id: number): Promise<CircularRow> {
    const c = await findCircular(db, id);
    if (!c) throw new AppError('CIRCULAR_NOT_FOUND');
    if (c.status !== 'draft') throw new AppError('CIRCULAR_NOT_DRAFT');
    return c;
  }

  async function reach(draft: CircularDraft) {
    const people = resolveAudiences(
      draft.audiences.map((a) => ({
        kind: a.kind,
        role: a.role,
        zone_id: a.zoneId,
        district_id: a.districtId,
      })),
      await loadCandidates(db),
    );
    const recipients = people.filter((p) => p.kind === 'recipient').length;
    return { draft, recipients, copies: people.length - recipients };
  }

  /** Preview or save, for a new draft or an existing one; re-renders the form with what went wrong. */
  async function submit(request: FastifyRequest, reply: FastifyReply, id: number | undefined) {
    const staff = staffOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const show = async (status: number, problems: readonly FieldProblem[], preview?: FormView['preview']) =>
      reply.page(
        renderFormPage(request, await formView(id, values, { problems, preview }), staff.csrf),
        status,
      );
    if (values.action === 'preview') {
      const parsed = await checkCircularForm(db, body);
      if (!parsed.ok) return show(400, parsed.problems);
      return show(200, [], await reach(parsed.draft));
    }
    const saved = await saveDraft({ db, clock: deps.clock, audit: deps.audit }, actorOf(request), body, id);
    if (!saved.ok) return show(saved.status, saved.problems);
    return reply.redirect(`/console/circulars/${saved.id}/edit?saved=1`, 303);
  }

  return routesPlugin((app) => {
    app.get('/console/circulars', read, async (request, reply) => {
      const staff = staffOf(request);
      const lines = await listCirculars(
        db,
        staff.scope === 'all'
          ? { all: true }
          : { all: false, zoneId: staff.zoneId, accountId: staff.accountId },
      );
      const canIssue = scopeOf(staff.role, 'circular.issue') !== undefined;
      const zones = await listZones(db);
      return reply.page(renderListPage(request, { staff, lines, canIssue, zones }));
    });

    app.get('/console/circulars/new', issue, async (request, reply) => {
      const values = { ackRequired: 'on', aud0Kind: 'recipient' };
      return reply.page(renderFormPage(request, await formView(undefined, values), staffOf(request).csrf));
    });
    app.post('/console/circulars/new', issue, (request, reply) => submit(request, reply, undefined));

    app.get('/console/circulars/:id/edit', issue, async (request, reply) => {
      const id = idOf(request);
      const c = await draftOf(id);
      const saved = (request.query as Record<string, unknown>).saved === '1';
      const view = await formView(id, valuesOf(c, await listAudiences(db, id)), {
        notice: saved ? request.t('circulars.savedNotice') : undefined,
      });
      return reply.page(renderFormPage(request, view, staffOf(request).csrf));
    });
    app.post('/console/circulars/:id/edit', issue, async (request, reply) => {
      const id = idOf(request);
      await draftOf(id);
      return submit(request, reply, id);
    });

    app.get('/console/circulars/:id/issue', issue, async (request, reply) => {
      const id = idOf(request);
      const c = await draftOf(id);
      const people = resolveAudiences(await listAudiences(db, id), await loadCandidates(db));
      const recipients = people.filter((p) => p.kind === 'recipient').length;
      return reply.page(
        renderIssueConfirm(request, {
          id,
          number: c.number,
          recipients,
          copies: people.length - recipients,
          gates: c.gates_access === 1,
          csrf: staffOf(request).csrf,
        }),
      );
    });
    app.post('/console/circulars/:id/issue', issue, async (request, reply) => {
      const id = idOf(request);
      await issueCircular(deps, actorOf(request), id);
      return reply.redirect(`/console/circulars/${id}?issued=1`, 303);
    });

    app.post('/console/circulars/:id/withdraw', issue, async (request, reply) => {
      const id = idOf(request);
      const form = WithdrawForm.safeParse(request.body);
      if (!form.success) throw new AppError('CIRCULAR_REASON_REQUIRED');
      await withdrawCircular(deps, actorOf(request), id, form.data.reason);
      return reply.redirect(`/console/circulars/${id}`, 303);
    });

    app.post('/console/circulars/:id/attest', attest, async (request, reply) => {
      const id = idOf(request);
      const staff = staffOf(request);
      const form = AttestForm.safeParse(request.body);
      if (!form.success) throw new AppError('CIRCULAR_ATTEST_INVALID');
      await attestCircular(
        deps,
        { ...actorOf(request), accountId: staff.accountId, zoneId: staff.zoneId },
        id,
        form.data,
      );
      return reply.redirect(`/console/circulars/${id}`, 303);
    });

    app.get('/console/circulars/:id', read, async (request, reply) => {
      const staff = staffOf(request);
      const id = idOf(request);
      const circular = await readableCircular(deps, staff, id);
      const [attachments, lines, attestations, zones] = await Promise.all([
        listAttachments(db, id),
        listRecipientLines(db, id, recipientScope(staff)),
        listAttestations(db, id),
        listZones(db),
      ]);
      const mayAttest = scopeOf(staff.role, 'circular.attest') === 'zone' && staff.zoneId !== null;
      const attestZone =
        mayAttest &&
        circular.status === 'issued' &&
        staff.zoneId &&
        !attestations.some((a) => a.zoneId === staff.zoneId) &&
        (await reachedZone(db, id, staff.zoneId))
          ? staff.zoneId
          : undefined;
      const issuedNow =
        (request.query as Record<string, unknown>).issued === '1' && circular.status === 'issued';
      return reply.page(
        renderCircularPage(request, {
          circular,
          attachments,
          lines,
          attestations,
          zones,
          csrf: staff.csrf,
          canIssue: scopeOf(staff.role, 'circular.issue') !== undefined,
          attestZone,
          scoped: staff.scope !== 'all',
          notice: issuedNow ? issuedNotice(request, circular.number, lines) : undefined,
        }),
      );
    });

    registerAttachmentRoutes(app, deps, { formView, draftOf });
    registerPrintRoutes(app, deps, options);
  });
}
