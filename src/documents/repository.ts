import { createHash } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { DocumentTable } from './table.ts';

export type DocumentRow = Selectable<DocumentTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The newest published version of a document kind. */
export function findCurrentDocument(db: Db, kind: string, now: number): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('published_at', '<=', now)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findDocument(db: Db, kind: string, version: number): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('version', '=', version)
    .executeTakeFirst();
}

export interface AcknowledgementInput {
  readonly accountId: number;
  readonly documentId: number;
  readonly sessionId: string | null;
  readonly acceptedAt: number;
  /** Where from, and at which step: `sign-in`, `session`, `activation`, `circular`. */
  readonly ip?: string | null;
  readonly channel?: string | null;
}

export async function insertAcknowledgement(db: Db, ack: AcknowledgementInput): Promise<void> {
  await db
    .insertInto('acknowledgements')
    .values({
      account_id: ack.accountId,
      document_id: ack.documentId,
      session_id: ack.sessionId,
      accepted_at: ack.acceptedAt,
      ip: ack.ip ?? null,
      channel: ack.channel ?? null,
    })
    .execute();
}

/** SHA-256 over a version's titles and bodies (length-prefixed, so no two splits hash alike), hex. */
export function documentContentHash(d: {
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
}): string {
  const hash = createHash('sha256');
  for (const part of [d.title_en, d.title_hi, d.body_en, d.body_hi]) {
    hash.update(`${Buffer.byteLength(part, 'utf8')}:`).update(part, 'utf8');
  }
  return hash.digest('hex');
}

export interface NewDocumentVersion {
  readonly kind: string;
  readonly title_en: string;
  readonly title_hi: string;
  readonly body_en: string;
  readonly body_hi: string;
  readonly publishedBy: string;
  readonly publishedAt: number;
}

/**
 * Publishes the next version of a document kind (version 1 for a new kind). Call inside the transaction
 * that audits it; afterwards tell the nodes with `policy.documentsChanged()`.
 */
export async function publishDocumentVersion(
  trx: Transaction<Database>,
  doc: NewDocumentVersion,
): Promise<DocumentRow> {
  const last = await trx
    .selectFrom('documents')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('kind', '=', doc.kind)
    .executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  return trx
    .insertInto('documents')
    .values({
      kind: doc.kind,
      version,
      title_en: doc.title_en,
      title_hi: doc.title_hi,
      body_en: doc.body_en,
      body_hi: doc.body_hi,
      published_at: doc.publishedAt,
      content_hash: documentContentHash(doc),
      published_by: doc.publishedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
