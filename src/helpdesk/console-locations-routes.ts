import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listDistricts } from '../directory/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import { attachmentDisposition, csvFileName, queryStrings } from '../web/index.ts';
import { renderLocationEdit, renderLocationsPage, type LocationsView } from './console-locations-page.ts';
import {
  MAX_IMPORT_BYTES,
  checkLocation,
  checkLocationsCsv,
  districtLookup,
  importLocations,
  locationsCsv,
  removeLocation,
  saveLocation,
  type LocationAdminDeps,
  type LocationValues,
} from './locations-admin.ts';
import { listLocations } from './locations-admin-repository.ts';

const DistrictParams = z.object({ district: z.string().min(1).max(80) });
const Done = z.object({
  done: z.enum(['saved', 'removed', 'imported']).optional(),
  n: z.coerce.number().int().min(0).max(100_000).optional(),
});
const field = z.string().max(1000).default('');
const LocationForm = z.object({
  district: field,
  si_name: field,
  si_phone: field,
  si_email: field,
  hours_en: field,
  hours_hi: field,
});

/** One uploaded file, read into memory up to the limit (busboy truncates beyond it and says so). */
interface Upload {
  files: number;
  data: Buffer | undefined;
  truncated: boolean;
}

async function collect(state: Upload, part: MultipartFile): Promise<void> {
  state.files++;
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) if (state.files === 1) chunks.push(chunk as Buffer);
  if (state.files !== 1) return;
  state.truncated = part.file.truncated;
  state.data = state.truncated ? undefined : Buffer.concat(chunks);
}

/**
 * Locations and their system integrators (`support.manage`): the list, one location's form, removal, the
 * CSV export, and the CSV import (multipart, in its own scope so the console's CSRF check finds `_csrf`
 * among the fields) — all or nothing, with a report by row.
 */
export function registerLocationRoutes(app: FastifyInstance, deps: LocationAdminDeps): void {
  const manage = { config: { permission: 'support.manage' } } as const;

  async function districtOf(request: FastifyRequest) {
    const p = DistrictParams.safeParse(request.params);
    const d = p.success
      ? (await listDistricts(deps.store.db, { districtId: p.data.district }))[0]
      : undefined;
    if (!d) throw new AppError('NOT_FOUND');
    return d;
  }

  app.get('/console/helpdesk/locations', manage, async (request, reply) => {
    const staff = staffOf(request);
    const q = Done.safeParse(queryStrings(request.query)).data;
    const done = q?.done ? request.t(`helpdesk.locDone_${q.done}`, { n: q.n ?? 0 }) : undefined;
    const rows = await listLocations(deps.store.db);
    return reply.page(renderLocationsPage(request, { rows, csrf: staff.csrf, done }));
  });

  app.get('/console/helpdesk/locations.csv', manage, async (request, reply) => {
    const staff = staffOf(request);
    const now = deps.clock.now();
    const csv = await locationsCsv(deps.store);
    await deps.audit.append({
      type: 'report.exported',
      actor: staff.userId,
      ip: request.ip,
      target: 'support_locations',
      detail: { view: 'support_locations' },
    });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', attachmentDisposition(csvFileName('dwaar-support-locations', now)))
      .send(csv);
  });

  app.get('/console/helpdesk/locations/:district', manage, async (request, reply) => {
    const d = await districtOf(request);
    const current = (await listLocations(deps.store.db)).find((r) => r.districtId === d.id);
    const values: LocationValues = {
      district: d.id,
      si_name: current?.siName ?? '',
      si_phone: current?.siPhone ?? '',
      si_email: current?.siEmail ?? '',
      hours_en: current?.hoursEn ?? '',
      hours_hi: current?.hoursHi ?? '',
    };
    const districtName = request.lang === 'hi' ? d.nameHi : d.nameEn;
    const csrf = staffOf(request).csrf;
    const exists = Boolean(current?.siName);
    return reply.page(
      renderLocationEdit(request, { districtId: d.id, districtName, values, problems: [], exists, csrf }),
    );
  });

  app.post('/console/helpdesk/locations/:district', manage, async (request, reply) => {
    const staff = staffOf(request);
    const d = await districtOf(request);
    const form = LocationForm.safeParse(request.body ?? {});
    const typed = form.success ? form.data : LocationForm.parse({});
    const values: LocationValues = { ...typed, district: d.id };
    const checked = checkLocation(values, new Map([[d.id.toLowerCase(), d.id]]), 0);
    if (!checked.ok) {
      const districtName = request.lang === 'hi' ? d.nameHi : d.nameEn;
      const page = renderLocationEdit(request, {
        districtId: d.id,
        districtName,
        values,
        problems: checked.problems,
        exists: false,
        csrf: staff.csrf,
      });
      return reply.page(page, statusOf('VALIDATION_FAILED'));
    }
    await saveLocation(deps, { userId: staff.userId, ip: request.ip }, checked.value);
    return reply.redirect('/console/helpdesk/locations?done=saved', 303);
  });

  app.post('/console/helpdesk/locations/:district/delete', manage, async (request, reply) => {
    const staff = staffOf(request);
    const d = await districtOf(request);
    await removeLocation(deps, { userId: staff.userId, ip: request.ip }, d.id);
    return reply.redirect('/console/helpdesk/locations?done=removed', 303);
  });

  void app.register(async (scope) => {
    const uploads = new WeakMap<FastifyRequest, Upload>();
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_IMPORT_BYTES, fields: 5, fieldSize: 1024, parts: 8, headerPairs: 100 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        let state = uploads.get(this);
        if (!state) uploads.set(this, (state = { files: 0, data: undefined, truncated: false }));
        await collect(state, part);
      },
    });
    scope.post('/console/helpdesk/locations/import', manage, async (request, reply) => {
      const staff = staffOf(request);
      const upload = uploads.get(request);
      const rows = () => listLocations(deps.store.db);
      const refuse = async (view: Pick<LocationsView, 'fileProblem' | 'rowProblems'>) =>
        reply.page(
          renderLocationsPage(request, { rows: await rows(), csrf: staff.csrf, ...view }),
          statusOf('VALIDATION_FAILED'),
        );
      if (upload?.truncated) return refuse({ fileProblem: 'too_large' });
      if (!upload?.data || upload.data.length === 0) return refuse({ fileProblem: 'empty' });
      const text = new TextDecoder('utf-8', { fatal: false }).decode(upload.data);
      if (text.includes('\uFFFD')) return refuse({ fileProblem: 'malformed' });
      const checked = checkLocationsCsv(text, await districtLookup(deps.store));
      if (checked.kind === 'file') return refuse({ fileProblem: checked.code });
      if (checked.kind === 'rows') return refuse({ rowProblems: checked.problems });
      await importLocations(deps, { userId: staff.userId, ip: request.ip }, checked.locations);
      return reply.redirect(`/console/helpdesk/locations?done=imported&n=${checked.locations.length}`, 303);
    });
  });
}
