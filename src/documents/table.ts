import type { Generated } from 'kysely';

export type DocumentKind = 'disclaimer' | 'confidentiality';

export interface DocumentTable {
  id: Generated<number>;
  kind: DocumentKind;
  version: number;
  title_en: string;
  title_hi: string;
  body_en: string;
  body_hi: string;
  published_at: number;
}

export interface AcknowledgementTable {
  id: Generated<number>;
  account_id: number;
  document_id: number;
  session_id: string | null;
  accepted_at: number;
}
