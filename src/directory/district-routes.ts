import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission } from '../console/permissions.ts';
import { createStaffGuard, reaches, type Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { messagePage } from '../web/layout.ts';
import { summariseAccessEnding } from './access-expiry.ts';
import {
  changeDistrictStatus,
  listStatusHistory,
  previewAccessEffect,
  readStatusForm,
  todayInIndia,
  validateStatusForm,
  type StatusFormError,
} from './district-status.ts';
import { findDistrict, listDistricts, type DistrictSummary } from './repository.ts';
import { other, renderConfirm, renderDetail, renderDistricts, renderForm } from './district-pages.ts';

const Params = z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const Step = z
  .object({ step: z.enum(['review', 'confirm', 'edit']).catch('review') })
  .catch({ step: 'review' });
const DetailQuery = z.object({ recorded: z.literal('1').optional() }).catch({});

/** District offices in the console: their status, its history, and HQ's status changes. */
export function registerDistrictRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const db = deps.store.db;

  /** The district named in the URL, if the staff member's scope reaches it; otherwise answers itself. */
  async function reachableDistrict(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    permission: Permission,
  ): Promise<DistrictSummary | undefined> {
    const params = Params.safeParse(request.params);
    const district = params.success ? await findDistrict(db, params.data.id) : undefined;
    if (!district) {
      const t = request.t;
      await reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('notFoundTitle'),
          path: request.url,
          heading: t('directory.errNotFound'),
          body: [],
          actions: html`<p class="actions"><a href="/console/districts">${t('directory.backToList')}</a></p>`,
        }),
        404,
      );
      return undefined;
    }
    if (!reaches(staff, { zoneId: district.zoneId, districtId: district.id })) {
      await guard.deny(request, reply, staff.userId, permission);
      return undefined;
    }
    return district;
  }

  app.get('/console/districts', async (request, reply) => {
    const staff = await guard.require(request, reply, 'directory.read');
    if (!staff) return reply;
    let districts = await listDistricts(db, staff.scope === 'all' ? undefined : (staff.zoneId ?? '__none__'));
    if (staff.scope === 'district') districts = districts.filter((d) => d.id === staff.districtId);
    return reply.page(renderDistricts(request, staff, districts));
  });

  app.get('/console/districts/:id', async (request, reply) => {
    const staff = await guard.require(request, reply, 'directory.read');
    if (!staff) return reply;
    const district = await reachableDistrict(request, reply, staff, 'directory.read');
    if (!district) return reply;
    const history = await listStatusHistory(db, district.id);
    const ending = await summariseAccessEnding(db, district.id, deps.clock.now());
    const recorded = DetailQuery.parse(request.query).recorded === '1';
    return reply.page(renderDetail(request, staff, { district, history, ending, recorded }));
  });

  app.get('/console/districts/:id/status', async (request, reply) => {
    const staff = await guard.require(request, reply, 'district.set_status');
    if (!staff) return reply;
    const district = await reachableDistrict(request, reply, staff, 'district.set_status');
    if (!district) return reply;
    const blank = { status: other(district.officeStatus), orderNo: '', orderDate: '', reason: '' };
    return reply.page(
      renderForm(request, staff, district, blank, [], deps.config.provisioning.reopenGraceDays),
    );
  });

  app.post('/console/districts/:id/status', async (request, reply) => {
    const staff = await guard.require(request, reply, 'district.set_status');
    if (!staff) return reply;
    const district = await reachableDistrict(request, reply, staff, 'district.set_status');
    if (!district) return reply;
    const t = request.t;
    if (!guard.validPost(request, staff)) {
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('errCsrf'),
          path: request.url,
          heading: t('errCsrf'),
          body: [],
        }),
        403,
      );
    }
    const values = readStatusForm(request.body);
    const { step } = Step.parse(request.body ?? {});
    const graceDays = deps.config.provisioning.reopenGraceDays;
    const form = (errors: StatusFormError[], status = 400) =>
      reply.page(renderForm(request, staff, district, values, errors, graceDays), status);
    if (step === 'edit') return form([], 200);
    const checked = validateStatusForm(values, district.officeStatus, todayInIndia(deps.clock.now()));
    if (!checked.ok) return form(checked.errors);
    if (step === 'review') {
      const effect = await previewAccessEffect(
        db,
        district.id,
        checked.change.status,
        deps.clock.now(),
        graceDays,
      );
      return reply.page(renderConfirm(request, staff, district, checked.change, effect));
    }
    const result = await changeDistrictStatus(deps, {
      districtId: district.id,
      change: checked.change,
      actor: staff.userId,
      ip: request.ip,
    });
    if (!result.ok) return form([{ field: 'status', key: 'directory.errUnchanged' }]);
    return reply.redirect(`/console/districts/${district.id}?recorded=1`, 303);
  });
}
