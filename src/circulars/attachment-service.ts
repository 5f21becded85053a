import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import type { Store } from '../store/index.ts';
import { detectAttachmentType, sanitiseFileName, storeAttachmentFile } from './attachment-files.ts';
import type { Actor } from './draft-service.ts';
import { countAttachments, deleteAttachment, findCircular, insertAttachment } from './repository.ts';

/** At most this many attachments on one circular. */
export const MAX_ATTACHMENTS = 10;

export interface AttachmentDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly config: { readonly dataDir: string; readonly circulars: { readonly attachmentMaxBytes: number } };
}

/** What the multipart reader found: one file at most is accepted per post. */
export interface Upload {
  readonly files: number;
  readonly fileName: string;
  readonly data: Buffer | undefined;
  /** The file was longer than the limit; only part of it was read, and none of it is kept. */
  readonly truncated: boolean;
}

async function refuse(
  deps: AttachmentDeps,
  actor: Actor,
  id: number,
  code: ErrorCode,
  detail: Record<string, string | number>,
) {
  await deps.audit.append({
    type: 'circular.attachment_refused',
    actor: actor.userId,
    ip: actor.ip,
    target: String(id),
    detail: { reason: code.toLowerCase(), ...detail },
  });
  return new AppError(code, {
    vars: { max: Math.floor(deps.config.circulars.attachmentMaxBytes / 1024 / 1024) },
  });
}

/**
 * Adds an attachment to a draft. Refused, audited (`circular.attachment_refused`) and nothing stored when:
 * no file or more than one (400), over the size limit (413), extension and content disagree or the type is
 * not allowed (415), or the circular already has ten (422). Stored by SHA-256 outside the database.
 */
export async function addAttachment(
  deps: AttachmentDeps,
  actor: Actor,
  id: number,
  upload: Upload,
): Promise<number> {
  const db = deps.store.db;
  const circular = await findCircular(db, id);
  if (!circular) throw new AppError('CIRCULAR_NOT_FOUND');
  if (circular.status !== 'draft') throw new AppError('CIRCULAR_NOT_DRAFT');
  const name = sanitiseFileName(upload.fileName);
  if (upload.truncated)
    throw await refuse(deps, actor, id, 'CIRCULAR_ATTACHMENT_TOO_LARGE', {
      name,
      limit: deps.config.circulars.attachmentMaxBytes,
    });
  if (upload.files !== 1 || !upload.data || upload.data.length === 0)
    throw await refuse(deps, actor, id, 'CIRCULAR_ATTACHMENT_MISSING', { files: upload.files });
  const data = upload.data;
  if (data.length > deps.config.circulars.attachmentMaxBytes)
    throw await refuse(deps, actor, id, 'CIRCULAR_ATTACHMENT_TOO_LARGE', { name, size: data.length });
  const type = detectAttachmentType(name, data);
  if (!type) throw await refuse(deps, actor, id, 'CIRCULAR_ATTACHMENT_TYPE', { name, size: data.length });
  if ((await countAttachments(db, id)) >= MAX_ATTACHMENTS)
    throw await refuse(deps, actor, id, 'CIRCULAR_ATTACHMENT_LIMIT', { name });
  const sha256 = await storeAttachmentFile(deps.config.dataDir, data);
  return db.transaction().execute(async (trx) => {
    const aid = await insertAttachment(trx, {
      circular_id: id,
      file_name: name,
      content_type: type,
      size: data.length,
      sha256,
      uploaded_by: actor.userId,
      uploaded_at: deps.clock.now(),
    });
    await deps.audit.append(
      {
        type: 'circular.attachment_added',
        actor: actor.userId,
        ip: actor.ip,
        target: String(id),
        detail: { attachment: aid, name, type, size: data.length, sha256 },
      },
      trx,
    );
    return aid;
  });
}

/**
 * Removes an attachment from a draft (the stored file stays: another circular may hold the same bytes).
 * Audited as `circular.updated`.
 */
export async function removeAttachment(deps: AttachmentDeps, actor: Actor, id: number, aid: number) {
  const db = deps.store.db;
  const circular = await findCircular(db, id);
  if (!circular) throw new AppError('CIRCULAR_NOT_FOUND');
  if (circular.status !== 'draft') throw new AppError('CIRCULAR_NOT_DRAFT');
  await db.transaction().execute(async (trx) => {
    if (!(await deleteAttachment(trx, id, aid))) throw new AppError('CIRCULAR_NOT_FOUND');
    await deps.audit.append(
      {
        type: 'circular.updated',
        actor: actor.userId,
        ip: actor.ip,
        target: String(id),
        detail: { removedAttachment: aid },
      },
      trx,
    );
  });
}
