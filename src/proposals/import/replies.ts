import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { staffOf } from '../../policy/index.ts';
import type { Database } from '../../store/index.ts';
import type { ImportIssue } from './issues.ts';
import { loadUploadChoices } from './page-data.ts';
import { renderUploadPage } from './upload-page.ts';

/** Every import route needs `proposal.create`. */
export const CREATE = { config: { permission: 'proposal.create' } } as const;

export interface UploadPageOptions {
  status?: number;
  /** HQ's chosen zone, to keep it selected. */
  zone?: string;
  errors?: string[];
  fileProblems?: ImportIssue[];
  pasted?: string;
}

export type ImportReplies = ReturnType<typeof createImportReplies>;

/** The upload page with its data, which the import routes answer with whenever the CSV cannot go ahead. */
export function createImportReplies(db: Kysely<Database>) {
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
        errors: o.errors,
        fileProblems: o.fileProblems,
        pasted: o.pasted,
      }),
      o.status ?? 200,
    );
  }

  return { uploadPage };
}
