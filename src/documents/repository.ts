import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { DocumentKind, DocumentTable } from './table.ts';

export type DocumentRow = Selectable<DocumentTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The newest published version of a document kind. */
export function findCurrentDocument(
  db: Db,
  kind: DocumentKind,
  now: number,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('published_at', '<=', now)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findDocument(db: Db, kind: DocumentKind, version: number): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function insertAcknowledgement(
  db: Db,
  ack: { accountId: number; documentId: number; sessionId: string | null; acceptedAt: number },
): Promise<void> {
  await db
    .insertInto('acknowledgements')
    .values({
      account_id: ack.accountId,
      document_id: ack.documentId,
      session_id: ack.sessionId,
      accepted_at: ack.acceptedAt,
    })
    .execute();
}
