import type { FastifyReply } from 'fastify';
import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import {
  detectAttachmentType,
  sanitiseFileName,
  sendCircularAttachment,
  storeAttachmentFile,
  type AttachmentType,
} from '../circulars/index.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Database } from '../store/index.ts';
import type { NewAttachment, TicketAttachmentRow } from './model.ts';
import { insertTicketAttachment } from './ticket-repository.ts';

/**
 * A ticket's attachment (a screenshot, a PDF, a text log): at most `config.circulars.attachmentMaxBytes`,
 * PDF, PNG, JPEG or plain text by extension AND content (circulars' rule), stored once by SHA-256 under
 * `<data>/attachments` (the circulars' folder) and served as a download with the same safe headers.
 */
export interface AttachmentCheckDeps {
  readonly audit: AuditLog;
  readonly config: { readonly dataDir: string; readonly circulars: { readonly attachmentMaxBytes: number } };
}

/** An attachment that passed the checks: what may be stored. */
export interface CheckedAttachment {
  readonly fileName: string;
  readonly contentType: AttachmentType;
  readonly data: Buffer;
}

/** Only these types are taken with a ticket (no CSV: nothing asks an officer for a spreadsheet). */
const TICKET_TYPES: ReadonlySet<AttachmentType> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
]);

/**
 * Checks an attachment before anything is stored. Too large → `TICKET_ATTACHMENT_TOO_LARGE` (413); empty,
 * a type we do not take, or an extension its bytes contradict → `TICKET_ATTACHMENT_TYPE` (415). Each refusal
 * is audited `ticket.attachment_refused` (who, the ticket or "new", the file's name and size) and nothing is
 * written to disk or to the database.
 */
export async function checkAttachment(
  deps: AttachmentCheckDeps,
  who: { readonly userId: string; readonly ip: string | null },
  ticket: string,
  attachment: NewAttachment,
): Promise<CheckedAttachment> {
  const name = sanitiseFileName(attachment.fileName) || 'attachment';
  const max = deps.config.circulars.attachmentMaxBytes;
  const size = attachment.data.length;
  const refuse = async (code: 'TICKET_ATTACHMENT_TOO_LARGE' | 'TICKET_ATTACHMENT_TYPE') => {
    await deps.audit.append({
      type: 'ticket.attachment_refused',
      actor: who.userId,
      ip: who.ip,
      target: ticket,
      detail: { reason: code.toLowerCase(), name, size, limit: max },
    });
    return new AppError(code, { vars: { max: Math.floor(max / 1024 / 1024) } });
  };
  if (size > max) throw await refuse('TICKET_ATTACHMENT_TOO_LARGE');
  const type = detectAttachmentType(name, attachment.data);
  if (!type || !TICKET_TYPES.has(type)) throw await refuse('TICKET_ATTACHMENT_TYPE');
  return { fileName: name, contentType: type, data: attachment.data };
}

/** Writes a checked attachment's bytes (content-addressed, atomic); returns their SHA-256. */
export function storeCheckedAttachment(dataDir: string, checked: CheckedAttachment): Promise<string> {
  return storeAttachmentFile(dataDir, checked.data);
}

/** The attachment's row, in the transaction that records its event. */
export function recordAttachment(
  trx: Transaction<Database>,
  at: { readonly ticketId: number; readonly eventId: number; readonly by: string; readonly now: number },
  checked: CheckedAttachment,
  sha256: string,
): Promise<TicketAttachmentRow> {
  return insertTicketAttachment(trx, {
    ticket_id: at.ticketId,
    event_id: at.eventId,
    file_name: checked.fileName,
    content_type: checked.contentType,
    size: checked.data.length,
    sha256,
    uploaded_by: at.by,
    uploaded_at: at.now,
  });
}

/**
 * Streams a ticket's attachment as a download (nosniff, sandboxing CSP, no caching). The caller has checked
 * the reader may see the ticket (`TicketService.attachments`). A file missing on disk → `TICKET_NOT_FOUND`.
 */
export async function sendTicketAttachment(
  reply: FastifyReply,
  row: Pick<TicketAttachmentRow, 'sha256' | 'content_type' | 'file_name'>,
  dataDir: string,
): Promise<FastifyReply> {
  try {
    return await sendCircularAttachment(reply, row, dataDir);
  } catch (error) {
    if (isAppError(error) && error.code === 'CIRCULAR_NOT_FOUND') throw new AppError('TICKET_NOT_FOUND');
    throw error;
  }
}
