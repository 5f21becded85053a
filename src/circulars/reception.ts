import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { findCurrentDocument, insertAcknowledgement } from '../documents/index.ts';
import { AppError } from '../errors.ts';
import type { SessionStore } from '../session/index.ts';
import type { Database, Store } from '../store/index.ts';
import {
  type AddressedCircular,
  type AttachmentRow,
  findAddressedCircular,
  findAttachment,
  findAwaitingAcknowledgement,
  findUnreadFor,
  type InboxRow,
  listAttachments,
  listCircularsFor,
  markAcknowledged,
  markRead,
  type UnreadRow,
} from './reception-repository.ts';

export type { AddressedCircular, AttachmentRow, InboxRow, UnreadRow };

export interface ReceptionDeps {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly sessions: Pick<SessionStore, 'refreshFacts'>;
}

/** The person reading: their account, user ID for the audit, session (if any) and address. */
export interface Reader {
  readonly accountId: number;
  readonly userId: string;
  readonly sessionId: string | null;
  readonly ip: string;
  /** `portal` or `console`: where it was read or acknowledged, for the audit. */
  readonly channel: 'portal' | 'console';
}

/** A banner shows this many circulars, then "and N more". */
export const BANNER_LINES = 3;

type Db = Store['db'];

/** Issued and withdrawn circulars addressed to the account, newest first, with its read/ack state. */
export function circularsFor(db: Db, accountId: number): Promise<InboxRow[]> {
  return listCircularsFor(db, accountId);
}

/** Unread issued circulars for a banner: the newest few, and how many there are in all. */
export async function unreadFor(db: Db, accountId: number): Promise<{ rows: UnreadRow[]; total: number }> {
  const rows = await findUnreadFor(db, accountId, BANNER_LINES);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Issued circulars still awaiting this recipient's acknowledgement (the webtop lists them). */
export function awaitingAcknowledgement(db: Db, accountId: number): Promise<InboxRow[]> {
  return findAwaitingAcknowledgement(db, accountId);
}

/** The target every audit event about a circular names: its id, as drafting and issuing name it. */
const targetOf = (circularId: number) => String(circularId);

/**
 * A circular addressed to the reader, with its attachments. The first opening records `read_at` and audits
 * `circular.read`, once (a conditional update, so two tabs opening it at once still record one reading).
 * @throws CIRCULAR_INBOX_NOT_FOUND when it does not exist, is a draft or is not addressed to the reader:
 *   the same answer for all three, so nobody learns of another person's circular.
 */
export async function openCircular(
  deps: ReceptionDeps,
  reader: Reader,
  circularId: number,
): Promise<{ circular: AddressedCircular; attachments: AttachmentRow[] }> {
  const db = deps.store.db;
  const found = await findAddressedCircular(db, circularId, reader.accountId);
  if (!found) throw new AppError('CIRCULAR_INBOX_NOT_FOUND');
  let circular = found;
  if (found.read_at === null) {
    const now = deps.clock.now();
    const first = await db.transaction().execute(async (trx) => {
      const marked = await markRead(trx, circularId, reader.accountId, now);
      if (marked) await auditRead(deps, trx, reader, found);
      return marked;
    });
    if (first) circular = { ...found, read_at: now };
  }
  return { circular, attachments: await listAttachments(db, circularId) };
}

function auditRead(deps: ReceptionDeps, trx: Transaction<Database>, reader: Reader, c: AddressedCircular) {
  return deps.audit.append(
    {
      type: 'circular.read',
      actor: reader.userId,
      target: targetOf(c.id),
      ip: reader.ip,
      detail: { number: c.number, kind: c.kind, channel: reader.channel },
    },
    trx,
  );
}

export type AcknowledgeResult = 'acknowledged' | 'already';

/**
 * Records the reader's acknowledgement (time and address), audited as `circular.acknowledged`. Idempotent:
 * a second post records nothing and answers `already`. A circular that gates access also records an
 * acknowledgement of its document's current version in the same transaction; after commit the person's
 * live sessions are marked stale, so their next request sees it.
 * @throws CIRCULAR_INBOX_NOT_FOUND not addressed to the reader (as `openCircular`);
 *   CIRCULAR_INBOX_WITHDRAWN withdrawn; CIRCULAR_INBOX_NO_ACK a copy, or a circular that asks for none.
 */
export async function acknowledge(
  deps: ReceptionDeps,
  reader: Reader,
  circularId: number,
): Promise<AcknowledgeResult> {
  const db = deps.store.db;
  const c = await findAddressedCircular(db, circularId, reader.accountId);
  if (!c) throw new AppError('CIRCULAR_INBOX_NOT_FOUND');
  if (c.kind !== 'recipient' || c.ack_required !== 1) throw new AppError('CIRCULAR_INBOX_NO_ACK');
  if (c.acknowledged_at !== null) return 'already';
  if (c.status !== 'issued') throw new AppError('CIRCULAR_INBOX_WITHDRAWN');
  const now = deps.clock.now();
  const done = await db.transaction().execute(async (trx) => {
    if (!(await markAcknowledged(trx, c.id, reader.accountId, now, reader.ip))) return false;
    // Acknowledging without the reading page (a stale form) still counts as reading it.
    if (await markRead(trx, c.id, reader.accountId, now)) await auditRead(deps, trx, reader, c);
    const document =
      c.gates_access === 1 && c.document_kind !== null
        ? await findCurrentDocument(trx, c.document_kind, now)
        : undefined;
    if (document)
      await insertAcknowledgement(trx, {
        accountId: reader.accountId,
        documentId: document.id,
        sessionId: reader.sessionId,
        acceptedAt: now,
        ip: reader.ip,
        channel: 'circular',
      });
    await deps.audit.append(
      {
        type: 'circular.acknowledged',
        actor: reader.userId,
        target: targetOf(c.id),
        ip: reader.ip,
        detail: {
          number: c.number,
          channel: reader.channel,
          ...(document ? { document_kind: document.kind, document_version: document.version } : {}),
        },
      },
      trx,
    );
    return { gated: document !== undefined };
  });
  if (!done) return 'already';
  if (done.gated) await deps.sessions.refreshFacts({ accountId: reader.accountId });
  return 'acknowledged';
}

/**
 * An attachment of a circular addressed to the reader.
 * @throws CIRCULAR_INBOX_NOT_FOUND when the circular is not theirs or the attachment is not its own.
 */
export async function attachmentFor(
  db: Db,
  accountId: number,
  circularId: number,
  attachmentId: number,
): Promise<AttachmentRow> {
  const circular = await findAddressedCircular(db, circularId, accountId);
  const row = circular ? await findAttachment(db, circularId, attachmentId) : undefined;
  if (!row) throw new AppError('CIRCULAR_INBOX_NOT_FOUND');
  return row;
}
