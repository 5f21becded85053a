import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Jwks, ResourceTable } from '../gateway/index.ts';
import type { SignInDeps } from '../login/index.ts';
import type { SessionStore } from '../session/session-store.ts';
import type { Kv } from '../store/kv.ts';
import type { Store } from '../store/store.ts';

/** What the officers' portal needs. */
export interface PortalDeps extends SignInDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly sessions: SessionStore;
  readonly resources: ResourceTable;
  readonly jwks: Jwks;
  readonly config: Config;
}
