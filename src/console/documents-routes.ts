import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { documentContentHash, findCurrentDocument, publishDocumentVersion } from '../documents/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { formatDateTime, translator } from '../i18n/index.ts';
import { staffOf, type PolicyRuntime } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import {
  attachmentDisposition,
  type ConsoleFeature,
  csvFileName,
  type CsvValue,
  routesPlugin,
  toCsv,
} from '../web/index.ts';
import {
  documentName,
  PUBLISHABLE_KINDS,
  type PublishableKind,
  type PublishErrors,
  type PublishForm,
  renderDocumentsPage,
  renderPublishPage,
  renderVersionsPage,
} from './documents-pages.ts';
import { countActiveOfficers, listAcknowledgements, listDocumentVersions } from './documents-queries.ts';

export interface DocumentRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly policy: PolicyRuntime;
}

const TITLE_MAX = 200;
const BODY_MAX = 20_000;
const LIMITS: Record<keyof PublishForm, number> = {
  title_en: TITLE_MAX,
  title_hi: TITLE_MAX,
  body_en: BODY_MAX,
  body_hi: BODY_MAX,
};

const Kind = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);
const PublishedQuery = z
  .object({
    published: z
      .string()
      .regex(/^[a-z][a-z0-9-]*:\d+:[0-9a-f]{64}$/)
      .optional(),
  })
  .catch({});
const RawForm = z.object({
  title_en: z.string().optional().default(''),
  title_hi: z.string().optional().default(''),
  body_en: z.string().optional().default(''),
  body_hi: z.string().optional().default(''),
});

/** Line endings as a browser posts them differ from what was stored: compare texts in one form. */
const normalise = (s: string) => s.replace(/\r\n?/g, '\n').trim();

function validate(t: FastifyRequest['t'], form: PublishForm): PublishErrors {
  const errors: PublishErrors = {};
  for (const key of Object.keys(LIMITS) as (keyof PublishForm)[]) {
    if (form[key] === '') errors[key] = t('documents.errRequired');
    else if (form[key].length > LIMITS[key]) errors[key] = t('documents.errTooLong', { max: LIMITS[key] });
  }
  return errors;
}

const isPublishable = (kind: string): kind is PublishableKind =>
  (PUBLISHABLE_KINDS as readonly string[]).includes(kind);

/**
 * Versioned documents in the console (issue 10): what is in force and who acknowledged it, every version,
 * and publishing the next version of the disclaimer or the section-133 clause. Publishing tells every node;
 * when the access policy requires the document, each officer's next access waits for the acknowledgement.
 */
export function documentRoutes(deps: DocumentRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const permission = { config: { permission: 'document.publish' } } as const;

  async function kindOr404(raw: string): Promise<string> {
    const kind = Kind.safeParse(raw);
    if (!kind.success || !(await findCurrentDocument(db, kind.data, deps.clock.now())))
      throw new AppError('DOCUMENT_UNKNOWN');
    return kind.data;
  }

  return routesPlugin((app) => {
    app.get('/console/documents', permission, async (request, reply) => {
      const all = await listDocumentVersions(db);
      const current = all.filter((d, i) => i === 0 || all[i - 1]?.kind !== d.kind);
      const [kind, version, hash] = PublishedQuery.parse(request.query ?? {}).published?.split(':') ?? [];
      const published =
        kind !== undefined && version !== undefined && hash !== undefined
          ? { kind, version: Number(version), hash }
          : undefined;
      return reply.page(
        renderDocumentsPage(request, {
          current,
          required: new Set(deps.policy.current().documentKinds),
          activeOfficers: await countActiveOfficers(db),
          published,
        }),
      );
    });

    app.get<{ Params: { kind: string } }>('/console/documents/:kind', permission, async (request, reply) => {
      const kind = await kindOr404(request.params.kind);
      return reply.page(renderVersionsPage(request, kind, await listDocumentVersions(db, kind)));
    });

    app.get<{ Params: { kind: string } }>(
      '/console/documents/:kind/acknowledgements.csv',
      permission,
      async (request, reply) => {
        const kind = await kindOr404(request.params.kind);
        const staff = staffOf(request);
        const rows = await listAcknowledgements(db, kind);
        const en = translator('en');
        const hi = translator('hi');
        const both = (key: Parameters<typeof en>[0]) => `${hi(key)} / ${en(key)}`;
        const now = deps.clock.now();
        const csv: CsvValue[][] = [
          [
            `${hi('documents.csvTitle', { document: documentName(hi, kind) })} / ${en('documents.csvTitle', { document: documentName(en, kind) })}`,
          ],
          [formatDateTime('en', now), staff.userId],
          [
            both('documents.csvUser'),
            both('documents.csvName'),
            both('documents.csvVersion'),
            both('documents.csvHash'),
            both('documents.csvAt'),
            both('documents.csvIp'),
            both('documents.csvChannel'),
          ],
          ...rows.map((r) => [
            r.userId,
            r.name,
            r.version,
            r.contentHash ?? '',
            formatDateTime('en', r.acceptedAt),
            r.ip ?? '',
            r.channel ?? '',
          ]),
        ];
        await deps.audit.append({
          type: 'report.exported',
          actor: staff.userId,
          target: `acknowledgements:${kind}`,
          ip: request.ip,
          detail: { rows: rows.length },
        });
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', attachmentDisposition(csvFileName(`acknowledgements-${kind}`, now)))
          .header('cache-control', 'no-store')
          .send(toCsv(csv));
      },
    );

    app.get<{ Params: { kind: string } }>(
      '/console/documents/:kind/new',
      permission,
      async (request, reply) => {
        const kind = request.params.kind;
        if (!isPublishable(kind)) throw new AppError('DOCUMENT_UNKNOWN');
        const doc = await findCurrentDocument(db, kind, deps.clock.now());
        const form = {
          title_en: doc?.title_en ?? '',
          title_hi: doc?.title_hi ?? '',
          body_en: doc?.body_en ?? '',
          body_hi: doc?.body_hi ?? '',
        };
        const required = deps.policy.current().documentKinds.includes(kind);
        const nextVersion = (doc?.version ?? 0) + 1;
        const page = renderPublishPage(request, staffOf(request), {
          kind,
          nextVersion,
          form,
          errors: {},
          required,
        });
        return reply.page(page);
      },
    );

    app.post<{ Params: { kind: string } }>('/console/documents/:kind', permission, async (request, reply) => {
      const kind = request.params.kind;
      if (!isPublishable(kind)) throw new AppError('DOCUMENT_UNKNOWN');
      const staff = staffOf(request);
      const parsed = RawForm.safeParse(request.body ?? {});
      if (!parsed.success) throw new AppError('BAD_REQUEST');
      const form: PublishForm = {
        title_en: normalise(parsed.data.title_en),
        title_hi: normalise(parsed.data.title_hi),
        body_en: normalise(parsed.data.body_en),
        body_hi: normalise(parsed.data.body_hi),
      };
      const current = await findCurrentDocument(db, kind, deps.clock.now());
      const errors = validate(request.t, form);
      const unchanged =
        current !== undefined &&
        documentContentHash(form) ===
          documentContentHash({
            title_en: normalise(current.title_en),
            title_hi: normalise(current.title_hi),
            body_en: normalise(current.body_en),
            body_hi: normalise(current.body_hi),
          });
      if (unchanged) errors.body_en = request.t('documents.errUnchanged', { version: current.version });
      const required = deps.policy.current().documentKinds.includes(kind);
      if (Object.keys(errors).length > 0) {
        const nextVersion = (current?.version ?? 0) + 1;
        const page = renderPublishPage(request, staff, { kind, nextVersion, form, errors, required });
        return reply.page(page, statusOf('VALIDATION_FAILED'));
      }
      const doc = await db.transaction().execute(async (trx) => {
        const row = await publishDocumentVersion(trx, {
          kind,
          ...form,
          publishedBy: staff.userId,
          publishedAt: deps.clock.now(),
        });
        await deps.audit.append(
          {
            type: 'document.published',
            actor: staff.userId,
            target: kind,
            ip: request.ip,
            detail: { version: row.version, hash: row.content_hash, required },
          },
          trx,
        );
        return row;
      });
      // Every node compares against the new version from its next request: live sessions are asked to acknowledge.
      await deps.policy.documentsChanged();
      const published = `${kind}:${doc.version}:${doc.content_hash ?? ''}`;
      return reply.redirect(`/console/documents?published=${encodeURIComponent(published)}`, 303);
    });
  });
}
