import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { messagePage } from '../web/layout.ts';
import type { ImportIssue } from './import-issues.ts';
import { loadUploadChoices } from './import-page-data.ts';
import { renderUploadPage } from './import-pages.ts';

export interface UploadPageOptions {
  status?: number;
  /** HQ's chosen zone, to keep it selected. */
  zone?: string;
  errors?: string[];
  fileProblems?: ImportIssue[];
  pasted?: string;
}

export type ImportReplies = ReturnType<typeof createImportReplies>;

/** Answers the import routes share: the upload page (with its data) and the refusal of a stale form. */
export function createImportReplies(deps: Deps) {
  const { db } = deps.store;

  async function uploadPage(
    request: FastifyRequest,
    reply: FastifyReply,
    staff: Staff,
    o: UploadPageOptions = {},
  ): Promise<FastifyReply> {
    const own = staff.scope === 'all' ? (o.zone ?? null) : staff.zoneId;
    const choices = await loadUploadChoices(db, own);
    return reply.page(
      renderUploadPage(request, {
        staff,
        zones: staff.scope === 'all' ? choices.zones : [],
        zone: choices.zones.find((z) => z.id === own),
        selectedZone: own ?? '',
        ranks: choices.ranks,
        wings: choices.wings,
        districts: choices.districts,
        errors: o.errors,
        fileProblems: o.fileProblems,
        pasted: o.pasted,
      }),
      o.status ?? 200,
    );
  }

  const badCsrf = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply.page(
      messagePage({
        lang: request.lang,
        t: request.t,
        title: request.t('forbiddenTitle'),
        path: request.url,
        heading: request.t('forbiddenTitle'),
        body: [request.t('errCsrf')],
      }),
      403,
    );

  return { uploadPage, badCsrf };
}
