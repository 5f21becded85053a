import type { Generated } from 'kysely';

/**
 * The documents Dwaar itself keeps. Circulars that gate access add kinds of their own (`circular-<id>`),
 * so a document's kind is any string; these two always exist.
 */
export type DocumentKind = 'disclaimer' | 'confidentiality';

export interface DocumentTable {
  id: Generated<number>;
  kind: string;
  version: number;
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
  published_at: number;
  /** SHA-256 of the version's titles and bodies, hex: what an acknowledgement names. Null on old rows. */
  content_hash: string | null;
  published_by: string | null;
}

export interface AcknowledgementTable {
  id: Generated<number>;
  account_id: number;
  document_id: number;
  session_id: string | null;
  accepted_at: number;
  /** Where it was given from, and at which step (`sign-in`, `session`, `activation`, `circular`). */
  ip: string | null;
  channel: string | null;
}
