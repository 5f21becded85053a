import { findAccountById } from '../accounts/index.ts';
import { passkeyManagementRoutes, PASSKEYS_SCRIPT } from '../login/index.ts';
import { staffOf } from '../policy/index.ts';
import { renderConsolePage } from '../web/index.ts';
import type { ConsoleDeps } from './index.ts';

/**
 * A staff member's own passkeys at `/console/security` (HQ staff may be required to use one). Inside the
 * console's scope, which has already found the signed-in staff member and checked every post's CSRF token.
 */
export function consoleSecurityRoutes(deps: ConsoleDeps) {
  const passkeys = {
    db: deps.store.db,
    kv: deps.kv,
    clock: deps.clock,
    audit: deps.audit,
    keyring: deps.keyring,
    config: deps.config,
  };
  return passkeyManagementRoutes(passkeys, {
    base: '/console/security',
    signIn: '/console/login',
    back: { href: '/console', label: 'passkeys.backToConsole' },
    async person(request) {
      const staff = staffOf(request);
      const account = await findAccountById(deps.store.db, staff.accountId);
      return account ? { account, sessionId: staff.sessionId, csrf: staff.csrf } : undefined;
    },
    // The console scope's preHandler refuses a post without the session's token from our origin.
    validPost: () => true,
    render: (request, o) =>
      renderConsolePage(request, {
        title: o.title,
        main: o.main,
        hasError: o.hasError,
        scripts: [PASSKEYS_SCRIPT],
      }),
  });
}
