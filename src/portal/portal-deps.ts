import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { AccessDecider, Jwks, ResourceTable } from '../gateway/index.ts';
import type { Metrics } from '../metrics/index.ts';
import type { PolicyRuntime } from '../policy/index.ts';
import type { SignInDeps } from '../login/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';

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
  readonly policy: PolicyRuntime;
  readonly access: AccessDecider;
  /** What `/metrics` serves (to allowed addresses only). */
  readonly metrics: Metrics;
  /** True while the node drains for shutdown: readiness then answers 503 (set by the app). */
  readonly draining?: () => boolean;
}
