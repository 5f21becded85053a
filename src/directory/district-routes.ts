import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import { AppError, ERRORS, statusOf } from '../errors.ts';
import { requireReach, staffOf } from '../policy/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Store } from '../store/index.ts';
import { type ConsoleFeature, routesPlugin } from '../web/index.ts';
import { countOfficerAccess } from './access-repository.ts';
import { other, renderConfirm, renderDetail, renderDistricts, renderForm } from './district-pages.ts';
import {
  changeDistrictStatus,
  previewAccessEffect,
  readStatusForm,
  todayInIndia,
  validateStatusForm,
  type StatusFormError,
} from './district-status.ts';
import { findDistrict, listDistricts, listStatusHistory, type DistrictSummary } from './repository.ts';

export interface DistrictRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly config: Config;
  /** Told when a status changes, so every node decides the district's sessions on it at once. */
  readonly sessions: Pick<SessionStore, 'refreshFacts'>;
}

const Params = z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) });
const Step = z
  .object({ step: z.enum(['review', 'confirm', 'edit']).catch('review') })
  .catch({ step: 'review' });
const DetailQuery = z.object({ recorded: z.literal('1').optional() }).catch({});
const backToList = { href: '/console/districts', label: 'directory.backToList' } as const;

/** District offices in the console: their status, its history, and HQ's status changes. */
export function districtRoutes(deps: DistrictRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const graceDays = deps.config.provisioning.reopenGraceDays;

  const notFound = (request: FastifyRequest) =>
    new AppError('NOT_FOUND', { detail: request.t('directory.errNotFound'), back: backToList });

  /** The district named in the URL, if the staff member's scope reaches it. */
  async function reachableDistrict(params: unknown, request: FastifyRequest) {
    const parsed = Params.safeParse(params);
    const district = parsed.success ? await findDistrict(db, parsed.data.id) : undefined;
    if (!district) throw notFound(request);
    requireReach(staffOf(request), { zoneId: district.zoneId, districtId: district.id });
    return district;
  }

  return routesPlugin((app) => {
    app.get('/console/districts', { config: { permission: 'directory.read' } }, async (request, reply) => {
      const staff = staffOf(request);
      // The scope comes from the staff member's account, never from the query string.
      const districts = await listDistricts(db, {
        zoneId: staff.scope === 'all' ? undefined : (staff.zoneId ?? '__none__'),
        districtId: staff.scope === 'district' ? (staff.districtId ?? '__none__') : undefined,
      });
      return reply.page(renderDistricts(request, staff, districts));
    });

    app.get(
      '/console/districts/:id',
      { config: { permission: 'directory.read' } },
      async (request, reply) => {
        const district = await reachableDistrict(request.params, request);
        const history = await listStatusHistory(db, district.id);
        const ending = await countOfficerAccess(db, district.id, deps.clock.now());
        const recorded = DetailQuery.parse(request.query).recorded === '1';
        return reply.page(renderDetail(request, staffOf(request), { district, history, ending, recorded }));
      },
    );

    const setStatus = { config: { permission: 'district.set_status' } } as const;

    app.get('/console/districts/:id/status', setStatus, async (request, reply) => {
      const district: DistrictSummary = await reachableDistrict(request.params, request);
      const blank = { status: other(district.officeStatus), orderNo: '', orderDate: '', reason: '' };
      return reply.page(renderForm(request, staffOf(request), district, blank, [], graceDays));
    });

    app.post('/console/districts/:id/status', setStatus, async (request, reply) => {
      const staff = staffOf(request);
      const district = await reachableDistrict(request.params, request);
      const values = readStatusForm(request.body);
      const { step } = Step.parse(request.body ?? {});
      const form = (errors: StatusFormError[], status = statusOf('VALIDATION_FAILED')) =>
        reply.page(renderForm(request, staff, district, values, errors, graceDays), status);
      if (step === 'edit') return form([], 200);
      const checked = validateStatusForm(values, district.officeStatus, todayInIndia(deps.clock.now()));
      if (!checked.ok) return form(checked.errors);
      if (step === 'review') {
        const effect = await previewAccessEffect(db, {
          districtId: district.id,
          change: checked.change,
          now: deps.clock.now(),
          graceDays,
        });
        return reply.page(renderConfirm(request, staff, district, checked.change, effect));
      }
      const result = await changeDistrictStatus(deps, {
        districtId: district.id,
        change: checked.change,
        actor: staff.userId,
        ip: request.ip,
      });
      if (!result.ok) {
        if (result.code === 'NOT_FOUND') throw notFound(request);
        return form([{ field: 'status', key: ERRORS[result.code].body }], statusOf(result.code));
      }
      return reply.redirect(`/console/districts/${district.id}?recorded=1`, 303);
    });
  });
}
