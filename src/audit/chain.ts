import { createHash } from 'node:crypto';
import type { AuditDetail } from './events.ts';

/** The hash the chain starts from: the hash of nothing. */
export const GENESIS_HASH = createHash('sha256').update('dwaar-audit-genesis').digest('hex');

/** JSON with sorted keys, so the same detail always hashes the same. */
export function canonicalDetail(detail: AuditDetail): string {
  const sorted: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(detail).sort()) sorted[key] = detail[key] ?? null;
  return JSON.stringify(sorted);
}

export interface ChainedFields {
  seq: number;
  at: number;
  type: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  detail: string;
  prev_hash: string;
}

/** SHA-256 over the previous hash and every field of the event, in a fixed order. */
export function hashEvent(e: ChainedFields): string {
  return createHash('sha256')
    .update(JSON.stringify([e.prev_hash, e.seq, e.at, e.type, e.actor, e.target, e.ip, e.detail]))
    .digest('hex');
}
