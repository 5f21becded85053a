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

/** Document kind → the highest version this account has acknowledged. */
export async function loadAcknowledged(db: Db, accountId: number): Promise<ReadonlyMap<string, number>> {
  const rows = await db
    .selectFrom('acknowledgements as a')
    .innerJoin('documents as d', 'd.id', 'a.document_id')
    .select(['d.kind', (eb) => eb.fn.max('d.version').as('version')])
    .where('a.account_id', '=', accountId)
    .groupBy('d.kind')
    .execute();
  return new Map(rows.map((r) => [r.kind, r.version]));
}

/** Document kind → its current version (the newest published by `now`). */
export async function loadCurrentVersions(db: Db, now: number): Promise<ReadonlyMap<string, number>> {
  const rows = await db
    .selectFrom('documents')
    .select(['kind', (eb) => eb.fn.max('version').as('version')])
    .where('published_at', '<=', now)
    .groupBy('kind')
    .execute();
  return new Map(rows.map((r) => [r.kind, r.version]));
}
