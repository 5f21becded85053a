import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { PasswordHasher } from '../login/index.ts';
import type { SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';
import type { TokenPurpose } from '../accounts/index.ts';
import { createActivationContext } from './activation-context.ts';
import { registerActivationSteps } from './activation-routes.ts';
import { registerResetSteps } from './activation-reset-routes.ts';
import { redeemLink } from './activation-service.ts';
import { startActivation } from './activation-state.ts';
import { routesPlugin } from '../web/index.ts';

const LinkQuery = z.object({ token: z.string().max(200).optional() });

/**
 * Account activation (`/activate?token=…`, then four steps) and password reset (`/reset?token=…`, one step).
 * The link is redeemed on first opening; from then on a signed 30-minute cookie carries the activation, so
 * no later URL holds the token.
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
    const openLink = (purpose: TokenPurpose) =>
      app.get(purpose === 'activation' ? '/activate' : '/reset', async (request, reply) => {
        const query = LinkQuery.safeParse(request.query);
        const token = query.success ? (query.data.token ?? '') : '';
        const result = await redeemLink(deps, { token, purpose, ip: request.ip });
        if (!result.ok) return ctx.refuse(request, reply, result);
        const cookie = await startActivation(deps, { accountId: result.accountId, purpose });
        ctx.setCookie(reply, cookie);
        return reply.redirect(
          purpose === 'activation' ? '/activate/confidentiality' : '/reset/password',
          303,
        );
      });

    openLink('activation');
    openLink('reset');
    registerActivationSteps(app, deps, ctx);
    registerResetSteps(app, deps, ctx);
  });
}
