import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import { queryStrings } from '../web/index.ts';
import { renderHolidaysPage, renderSlaPage } from './console-settings-page.ts';
import {
  HolidayForm,
  addHoliday,
  checkHoliday,
  checkHolidayDay,
  removeHoliday,
  type SettingsDeps,
} from './holidays-admin.ts';
import { listHolidays } from './holidays-repository.ts';
import { SlaForm, checkSlaTargets, saveSlaTargets } from './sla-targets-admin.ts';
import { listSlaTargets } from './sla-targets-repository.ts';

const HolidayDone = z.object({ done: z.enum(['added', 'removed']).optional() });
const SlaDone = z.object({ done: z.enum(['saved']).optional() });
const DayParams = z.object({ day: z.string().max(20) });
const EMPTY_HOLIDAY: HolidayForm = { day: '', name_en: '', name_hi: '' };

/**
 * The support calendar (`support.manage`): holidays (add, remove) and the SLA targets per priority. Every
 * change is audited as `support.changed`; a bad input shows the form again, having changed nothing.
 */
export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsDeps): void {
  const manage = { config: { permission: 'support.manage' } } as const;

  app.get('/console/helpdesk/holidays', manage, async (request, reply) => {
    const done = HolidayDone.safeParse(queryStrings(request.query)).data?.done;
    return reply.page(
      renderHolidaysPage(request, {
        holidays: await listHolidays(deps.store.db),
        csrf: staffOf(request).csrf,
        typed: EMPTY_HOLIDAY,
        problems: [],
        done: done ? request.t(`helpdesk.holDone_${done}`) : undefined,
      }),
    );
  });

  app.post('/console/helpdesk/holidays', manage, async (request, reply) => {
    const staff = staffOf(request);
    const form = HolidayForm.safeParse(request.body ?? {});
    const typed = form.success ? form.data : EMPTY_HOLIDAY;
    const checked = checkHoliday(typed);
    const outcome = checked.ok
      ? await addHoliday(deps, { userId: staff.userId, ip: request.ip }, checked.row)
      : undefined;
    if (outcome === 'added') return reply.redirect('/console/helpdesk/holidays?done=added', 303);
    const problems = checked.ok ? [{ field: 'day' as const, code: 'exists' as const }] : checked.problems;
    const page = renderHolidaysPage(request, {
      holidays: await listHolidays(deps.store.db),
      csrf: staff.csrf,
      typed,
      problems,
    });
    return reply.page(page, checked.ok ? statusOf('CONFLICT') : statusOf('VALIDATION_FAILED'));
  });

  app.post('/console/helpdesk/holidays/:day/delete', manage, async (request, reply) => {
    const staff = staffOf(request);
    const p = DayParams.safeParse(request.params);
    const day = p.success ? checkHolidayDay(p.data.day) : undefined;
    if (!day || !(await removeHoliday(deps, { userId: staff.userId, ip: request.ip }, day)))
      throw new AppError('NOT_FOUND');
    return reply.redirect('/console/helpdesk/holidays?done=removed', 303);
  });

  app.get('/console/helpdesk/sla-targets', manage, async (request, reply) => {
    const values: Record<string, string> = {};
    for (const r of await listSlaTargets(deps.store.db)) {
      values[`response_${r.priority}`] = String(r.responseMinutes);
      values[`resolution_${r.priority}`] = String(r.resolutionMinutes);
    }
    const done = SlaDone.safeParse(queryStrings(request.query)).data?.done;
    return reply.page(
      renderSlaPage(request, {
        values,
        csrf: staffOf(request).csrf,
        problems: [],
        done: done ? request.t(`helpdesk.slaDone_${done}`) : undefined,
      }),
    );
  });

  app.post('/console/helpdesk/sla-targets', manage, async (request, reply) => {
    const staff = staffOf(request);
    const form = SlaForm.safeParse(request.body ?? {});
    const typed = form.success ? form.data : {};
    const checked = checkSlaTargets(typed);
    if (!checked.ok) {
      const page = renderSlaPage(request, { values: typed, csrf: staff.csrf, problems: checked.problems });
      return reply.page(page, statusOf('VALIDATION_FAILED'));
    }
    await saveSlaTargets(deps, { userId: staff.userId, ip: request.ip }, checked.rows);
    return reply.redirect('/console/helpdesk/sla-targets?done=saved', 303);
  });
}
