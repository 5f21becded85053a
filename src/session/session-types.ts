import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { PersonFacts, SessionFacts } from '../policy/index.ts';
import type { Database, DialectName, Kv } from '../store/index.ts';
import type { EndReason, LiveSession, ResourceBinding, Subject } from './live-session.ts';

/** What the session store takes and answers. */

export interface NewSession {
  subject: Subject;
  person: PersonFacts;
  facts: SessionFacts;
  ip: string | null;
  userAgent: string | null;
  deviceId: string | null;
  disclaimerVersion: number;
  /** The access profile's limits; the store's defaults otherwise. */
  idleTimeoutS?: number | undefined;
  absoluteTimeoutS?: number | undefined;
}

/** What `loadSubject` rebuilds for a session: who it is and what the policy knows about them. */
export interface LoadedSubject {
  readonly subject: Subject;
  readonly person: PersonFacts;
}

export type SessionLookup =
  | { readonly ok: true; readonly session: LiveSession }
  | { readonly ok: false; readonly reason: 'missing' | 'invalid' | EndReason };

export type BindingLookup =
  | { readonly ok: true; readonly binding: ResourceBinding }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'invalid' | EndReason;
      /** When the session ended, for an ended one (the session-ended page says so). */
      readonly endedAt?: number | undefined;
    };

export interface SessionStoreOptions {
  db: Kysely<Database>;
  kv: Kv;
  clock: Clock;
  audit: AuditLog;
  idleTimeoutS: number;
  absoluteTimeoutS: number;
  /** Rebuilds the subject and grants of a session another node created. */
  loadSubject(accountId: number): Promise<LoadedSubject | undefined>;
  onError: (err: unknown) => void;
  dialect: DialectName;
  /** Key for the MAC inside session and binding IDs. */
  idKey: Buffer;
}
