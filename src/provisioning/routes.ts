import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { PasswordHasher } from '../login/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';
import { createActivationContext } from './activation-context.ts';
import { registerLinkPages } from './activation-link.ts';
import { registerActivationSteps } from './activation-routes.ts';
import { registerResetSteps } from './activation-reset-routes.ts';
import { routesPlugin } from '../web/index.ts';

/**
 * Account activation (`/activate?token=…`, then four steps) and password reset (`/reset?token=…`, one step).
 * Opening the link shows a page with a button; pressing it starts (or resumes) the steps, and from then on a
 * signed 30-minute cookie names the link, so no later URL holds the token. Each step is saved per link, and
 * the link is spent only when the last step completes.
 */
export interface ActivationDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
  readonly passwords: PasswordHasher;
  readonly sessions: SessionStore;
  readonly config: Config;
}

export function activationRoutes(deps: ActivationDeps) {
  const ctx = createActivationContext(deps);

  return routesPlugin((app) => {
    registerLinkPages(app, deps, ctx);
    registerActivationSteps(app, deps, ctx);
    registerResetSteps(app, deps, ctx);
  });
}
