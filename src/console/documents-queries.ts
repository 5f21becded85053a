import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/** One version of a document, with how many people acknowledged exactly that version. */
export interface DocumentVersionRow {
  readonly id: number;
  readonly kind: string;
  readonly version: number;
  readonly titleEn: string;
  readonly titleHi: string;
  readonly bodyEn: string;
  readonly bodyHi: string;
  readonly publishedAt: number;
  readonly publishedBy: string | null;
  readonly contentHash: string | null;
  readonly acknowledgedBy: number;
}

const VERSION_COLUMNS = [
  'd.id',
  'd.kind',
  'd.version',
  'd.title_en',
  'd.title_hi',
  'd.body_en',
  'd.body_hi',
  'd.published_at',
  'd.published_by',
  'd.content_hash',
] as const;

/** Every version of every document (or of one kind), newest first within each kind. */
export async function listDocumentVersions(
  db: Kysely<Database>,
  kind?: string,
): Promise<DocumentVersionRow[]> {
  let query = db
    .selectFrom('documents as d')
    .leftJoin('acknowledgements as a', 'a.document_id', 'd.id')
    .select(VERSION_COLUMNS)
    .select((eb) => eb.fn.count<number>('a.account_id').distinct().as('acknowledged_by'))
    .groupBy(VERSION_COLUMNS)
    .orderBy('d.kind')
    .orderBy('d.version', 'desc');
  if (kind !== undefined) query = query.where('d.kind', '=', kind);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    version: r.version,
    titleEn: r.title_en,
    titleHi: r.title_hi,
    bodyEn: r.body_en,
    bodyHi: r.body_hi,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    contentHash: r.content_hash,
    acknowledgedBy: r.acknowledged_by,
  }));
}

/** Active officers: what "acknowledged by N of M" counts against. */
export async function countActiveOfficers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'officer')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row?.n ?? 0;
}

/** One acknowledgement of a kind's versions, for the export: who, which version and hash, when, from where. */
export interface AcknowledgementExportRow {
  readonly userId: string;
  readonly name: string;
  readonly version: number;
  readonly contentHash: string | null;
  readonly acceptedAt: number;
  readonly ip: string | null;
  readonly channel: string | null;
}

/** The most rows one export holds: every officer of a large state several times over. */
export const ACK_EXPORT_LIMIT = 200_000;

export async function listAcknowledgements(
  db: Kysely<Database>,
  kind: string,
): Promise<AcknowledgementExportRow[]> {
  const rows = await db
    .selectFrom('acknowledgements as a')
    .innerJoin('documents as d', 'd.id', 'a.document_id')
    .innerJoin('accounts as c', 'c.id', 'a.account_id')
    .select([
      'c.user_id',
      'c.display_name',
      'd.version',
      'd.content_hash',
      'a.accepted_at',
      'a.ip',
      'a.channel',
    ])
    .where('d.kind', '=', kind)
    .orderBy('a.accepted_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(ACK_EXPORT_LIMIT)
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.display_name,
    version: r.version,
    contentHash: r.content_hash,
    acceptedAt: r.accepted_at,
    ip: r.ip,
    channel: r.channel,
  }));
}
