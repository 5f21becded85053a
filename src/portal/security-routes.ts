import { findAccountById } from '../accounts/index.ts';
import { passkeyManagementRoutes, PASSKEYS_SCRIPT } from '../login/index.ts';
import { isValidFormPost, renderPage } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

/** The officer's "Passkeys and security keys" page at `/account/security`, linked from the webtop. */
export function securityRoutes(deps: PortalDeps, portal: PortalSessions) {
  const passkeys = {
    db: deps.store.db,
    kv: deps.kv,
    clock: deps.clock,
    audit: deps.audit,
    keyring: deps.keyring,
    config: deps.config,
  };
  const guard = { keyring: deps.keyring, origin: deps.config.publicUrl.origin };
  return passkeyManagementRoutes(passkeys, {
    base: '/account/security',
    signIn: '/',
    back: { href: '/webtop', label: 'passkeys.backToWebtop' },
    async person(request) {
      const session = await portal.current(request);
      if (!session) return undefined;
      const account = await findAccountById(deps.store.db, session.subject.accountId);
      if (!account || account.status !== 'active') return undefined;
      return { account, sessionId: session.id, csrf: portal.csrf(session) };
    },
    validPost: (request, person) => isValidFormPost(request, guard, person.sessionId),
    render: (request, o) =>
      renderPage({
        lang: request.lang,
        t: request.t,
        title: o.title,
        path: request.url,
        main: o.main,
        hasError: o.hasError,
        scripts: ['/static/page.js', PASSKEYS_SCRIPT],
      }),
  });
}
