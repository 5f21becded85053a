import type { FastifyRequest } from 'fastify';
import type { Role } from '../accounts/table.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { renderPage } from '../web/layout.ts';
import { scopeOf, type Permission } from './permissions.ts';
import type { Staff } from './staff.ts';

/** Console sections, shown to those whose role holds the permission. */
const SECTIONS: readonly { href: string; label: MessageKey; permission: Permission }[] = [
  { href: '/console', label: 'directoryTitle', permission: 'directory.read' },
  { href: '/console/districts', label: 'districtsTitle', permission: 'directory.read' },
  { href: '/console/proposals', label: 'proposalsNav', permission: 'proposal.read' },
  { href: '/console/review', label: 'reviewNav', permission: 'proposal.decide' },
  { href: '/console/accounts', label: 'accountsNav', permission: 'account.read' },
  { href: '/console/reports', label: 'reportsNav', permission: 'report.read' },
  { href: '/console/mailbox', label: 'mailboxNav', permission: 'mailbox.read' },
];

function consoleNav(request: FastifyRequest, staff: Staff): SafeHtml {
  const t = request.t;
  const current = request.url.split('?')[0];
  return html`<nav class="console-nav" aria-label="${t('consoleTitle')}">
    <ul>
      ${SECTIONS.filter((s) => scopeOf(staff.role, s.permission)).map(
        (s) =>
          html`<li>
            <a href="${s.href}" ${current === s.href ? html`aria-current="page"` : ''}>${t(s.label)}</a>
          </li>`,
      )}
      <li>
        ${t('signedInAs', { name: staff.session.subject.displayName, role: t(`role_${staff.role}` satisfies `role_${Role}`) })}
      </li>
      <li>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value="${staff.csrf}" /><button type="submit" class="secondary">
            ${t('logout')}
          </button>
        </form>
      </li>
    </ul>
  </nav>`;
}

/** A console page: the shared frame plus the console's navigation. */
export function renderConsolePage(
  request: FastifyRequest,
  staff: Staff,
  page: { title: string; main: SafeHtml; scripts?: readonly string[]; hasError?: boolean },
): string {
  return renderPage({
    lang: request.lang,
    t: request.t,
    title: page.title,
    path: request.url,
    nav: consoleNav(request, staff),
    main: page.main,
    scripts: ['/static/page.js', ...(page.scripts ?? [])],
    hasError: page.hasError,
  });
}
