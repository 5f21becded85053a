import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, statusOf, type ErrorCode } from '../../errors.ts';
import { staffOf } from '../../policy/index.ts';
import type { Db } from '../repository.ts';
import type { ImportIssue } from './issues.ts';
import { loadUploadChoices } from './page-data.ts';
import { renderUploadPage } from './upload-page.ts';

/** Every import route needs `proposal.create`. */
export const CREATE = { config: { permission: 'proposal.create' } } as const;

export interface UploadPageOptions {
  /** Why the CSV cannot go ahead: the page's status and its error, from the error table. */
  failure?: ErrorCode;
  /** HQ's chosen zone, to keep it selected. */
  zone?: string;
  fileProblems?: ImportIssue[];
  pasted?: string;
}

export type ImportReplies = ReturnType<typeof createImportReplies>;

/** The upload page with its data, which the import routes answer with whenever the CSV cannot go ahead. */
export function createImportReplies(db: Db) {
  async function uploadPage(
    request: FastifyRequest,
    reply: FastifyReply,
    o: UploadPageOptions = {},
  ): Promise<FastifyReply> {
    const staff = staffOf(request);
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
        errors: o.failure ? [request.t(ERRORS[o.failure].body)] : [],
        fileProblems: o.fileProblems,
        pasted: o.pasted,
      }),
      o.failure ? statusOf(o.failure) : 200,
    );
  }

  return { uploadPage };
}
