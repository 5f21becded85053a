import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import { sendCircularAttachment } from './attachment-files.ts';
import { addAttachment, removeAttachment, type AttachmentDeps, type Upload } from './attachment-service.ts';
import { valuesOf, type FormValues } from './pages-common.ts';
import { renderFormPage, type FormView } from './pages-form.ts';
import { findAttachment, listAudiences, type CircularRow } from './repository.ts';
import { readableCircular } from './access.ts';
import { AttachmentParams, IdParams } from './schemas.ts';

interface Helpers {
  formView(id: number, values: FormValues, extra?: Partial<FormView>): Promise<FormView>;
  draftOf(id: number): Promise<CircularRow>;
}

/** What one upload post carried, collected while the multipart body is read. */
interface Collected {
  files: number;
  fileName: string;
  data: Buffer | undefined;
  truncated: boolean;
}

/** Reads one file part into memory (at most the size limit; busboy truncates beyond it and says so). */
async function collect(state: Collected, part: MultipartFile): Promise<void> {
  state.files++;
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) if (state.files === 1) chunks.push(chunk as Buffer);
  if (state.files !== 1) return;
  state.fileName = part.filename;
  state.truncated = part.file.truncated;
  state.data = state.truncated ? undefined : Buffer.concat(chunks);
}

const REFUSALS = new Set([
  'CIRCULAR_ATTACHMENT_TOO_LARGE',
  'CIRCULAR_ATTACHMENT_TYPE',
  'CIRCULAR_ATTACHMENT_MISSING',
  'CIRCULAR_ATTACHMENT_LIMIT',
]);

/**
 * Attachments: upload to a draft (multipart, in its own scope so the console's CSRF check still finds
 * `_csrf` among the fields), remove from a draft, and download for anyone who may read the circular.
 */
export function registerAttachmentRoutes(app: FastifyInstance, deps: AttachmentDeps, h: Helpers) {
  const maxBytes = deps.config.circulars.attachmentMaxBytes;

  async function showRefusal(request: FastifyRequest, reply: FastifyReply, id: number, error: AppError) {
    const c = await h.draftOf(id);
    const view = await h.formView(id, valuesOf(c, await listAudiences(deps.store.db, id)), {
      attachmentError: request.t(
        error.code === 'CIRCULAR_ATTACHMENT_TOO_LARGE'
          ? 'circulars.errTooLarge'
          : error.code === 'CIRCULAR_ATTACHMENT_TYPE'
            ? 'circulars.errType'
            : error.code === 'CIRCULAR_ATTACHMENT_LIMIT'
              ? 'circulars.errTooMany'
              : 'circulars.errNoFile',
        error.vars,
      ),
    });
    return reply.page(renderFormPage(request, view, staffOf(request).csrf), error.status);
  }

  void app.register(async (scope) => {
    const uploads = new WeakMap<FastifyRequest, Collected>();
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: maxBytes, fields: 5, fieldSize: 1024, parts: 12, headerPairs: 100 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        let state = uploads.get(this);
        if (!state)
          uploads.set(this, (state = { files: 0, fileName: '', data: undefined, truncated: false }));
        await collect(state, part);
      },
    });
    scope.post(
      '/console/circulars/:id/attachments',
      { config: { permission: 'circular.issue' } },
      async (request, reply) => {
        const p = IdParams.safeParse(request.params);
        if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
        const id = p.data.id;
        const state: Upload = uploads.get(request) ?? {
          files: 0,
          fileName: '',
          data: undefined,
          truncated: false,
        };
        try {
          await addAttachment(deps, { userId: staffOf(request).userId, ip: request.ip }, id, state);
        } catch (error) {
          if (isAppError(error) && REFUSALS.has(error.code)) return showRefusal(request, reply, id, error);
          throw error;
        }
        return reply.redirect(`/console/circulars/${id}/edit#attachments`, 303);
      },
    );
  });

  app.post(
    '/console/circulars/:id/attachments/:aid/delete',
    { config: { permission: 'circular.issue' } },
    async (request, reply) => {
      const p = AttachmentParams.safeParse(request.params);
      if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
      await removeAttachment(
        deps,
        { userId: staffOf(request).userId, ip: request.ip },
        p.data.id,
        p.data.aid,
      );
      return reply.redirect(`/console/circulars/${p.data.id}/edit#attachments`, 303);
    },
  );

  app.get(
    '/console/circulars/:id/attachments/:aid',
    { config: { permission: 'circular.read' } },
    async (request, reply) => {
      const p = AttachmentParams.safeParse(request.params);
      if (!p.success) throw new AppError('CIRCULAR_NOT_FOUND');
      await readableCircular(deps, staffOf(request), p.data.id);
      const row = await findAttachment(deps.store.db, p.data.id, p.data.aid);
      if (!row) throw new AppError('CIRCULAR_NOT_FOUND');
      return sendCircularAttachment(reply, row, deps.config.dataDir);
    },
  );
}
