import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../errors.ts';
import { isLocalPath } from '../gateway/index.ts';
import {
  diagnoseAccount,
  findAccountDistrict,
  findSupportContact,
  listSupportContacts,
  renderDiagnosis,
  requestHelpCode,
  verifyHelpCode,
} from '../helpdesk/index.ts';
import { createFlowCookies } from '../login/index.ts';
import { html, routesPlugin } from '../web/index.ts';
import { helpPage, renderCodeForm, renderHelpHome, renderIdentifyForm } from './help-pages.ts';
import type { HelpIdentity, HelpSessions } from './help-session.ts';
import type { PortalDeps } from './portal-deps.ts';

const STEPS = [
  'landing',
  'inspect',
  'trust',
  'disclaimer',
  'login',
  'otp',
  'acknowledge',
  'webtop',
  'ended',
] as const;
/** The portal steps a help link may come from, and where "back" returns to. */
const STEP_BACK = {
  landing: '/',
  inspect: '/inspect',
  trust: '/trust',
  disclaimer: '/disclaimer',
  login: '/login',
  otp: '/login/otp',
  acknowledge: '/login/acknowledge',
  webtop: '/webtop',
  ended: '/',
} as const satisfies Record<(typeof STEPS)[number], string>;
const HelpQuery = z.object({
  from: z.enum(STEPS).optional().catch(undefined),
  district: z
    .string()
    .max(40)
    .regex(/^[a-z0-9_-]*$/i)
    .optional()
    .catch(undefined),
  notice: z.enum(['signed_out']).optional().catch(undefined),
});
/** Where a visitor goes once identified: a closed set, never a free address. */
const NEXT_PATH = {
  diagnose: '/help/diagnose',
  ticket: '/help/tickets/new',
  tickets: '/help/tickets',
} as const;
const Next = z.enum(['diagnose', 'ticket', 'tickets']).catch('diagnose');
const NextQuery = z.object({ next: Next }).catch({ next: 'diagnose' });
const IdentifyForm = z.object({ userId: z.string().trim().min(1).max(100), next: Next });
const CodeForm = z.object({ userId: z.string().trim().min(1).max(100), code: z.string().trim(), next: Next });
const SixDigits = /^\d{6}$/;

/**
 * The help page and identification by mailed code (issue 11): `/help`, `/help/identify`, `/help/code`,
 * `/help/diagnose`, `/help/signout`. Anonymous forms carry a CSRF token bound to the sign-in flow's nonce;
 * an identified visitor's, to their session or help cookie.
 */
export function helpRoutes(deps: PortalDeps, help: HelpSessions) {
  const { store, clock, config } = deps;
  const flows = createFlowCookies(deps);

  /** The flow for an anonymous form (started if there is none), and its CSRF token. */
  const anonymousCsrf = (request: FastifyRequest, reply: FastifyReply) =>
    flows.csrf(flows.readOrStart(request, reply));
  const checkAnonymousPost = (request: FastifyRequest) => {
    const flow = flows.read(request);
    if (flow.kind !== 'ok' || !flows.validPost(request, flow.flow))
      throw new AppError('CSRF_FAILED', { back: { href: '/help', label: 'help' } });
  };

  return routesPlugin((app) => {
    app.get('/help', async (request, reply) => {
      const q = HelpQuery.parse(request.query ?? {});
      const who = await help.identity(request);
      const own = who ? await findAccountDistrict(store.db, who.accountId) : undefined;
      const districtId = q.district || own;
      const back = q.from ? STEP_BACK[q.from] : undefined;
      return reply.page(
        renderHelpHome(request, {
          who,
          contacts: await listSupportContacts(store.db),
          chosen: districtId ? await findSupportContact(store.db, districtId) : undefined,
          phone: config.helpdeskPhone,
          back: back && isLocalPath(back) ? back : undefined,
          csrf: who ? help.csrf(who) : undefined,
          notice: q.notice === 'signed_out' ? request.t('selfHelp.signedOut') : undefined,
        }),
      );
    });

    app.get('/help/identify', async (request, reply) => {
      const { next } = NextQuery.parse(request.query ?? {});
      if (await help.identity(request)) return reply.redirect(NEXT_PATH[next], 303);
      return reply.page(renderIdentifyForm(request, { csrf: anonymousCsrf(request, reply), next }));
    });

    app.post('/help/identify', async (request, reply) => {
      checkAnonymousPost(request);
      const form = IdentifyForm.safeParse(request.body ?? {});
      const csrf = anonymousCsrf(request, reply);
      if (!form.success) {
        const error = request.t('selfHelp.errUserId');
        return reply.page(
          renderIdentifyForm(request, { csrf, next: 'diagnose', error }),
          statusOf('HELP_FORM_INVALID'),
        );
      }
      // Whatever happened (unknown ID, no address, limit reached), the answer is the same page.
      await requestHelpCode(deps, form.data.userId, request.ip);
      const { userId, next } = form.data;
      return reply.page(renderCodeForm(request, { csrf, next, userId, sent: true }));
    });

    app.post('/help/code', async (request, reply) => {
      checkAnonymousPost(request);
      const form = CodeForm.safeParse(request.body ?? {});
      if (!form.success)
        throw new AppError('HELP_FORM_INVALID', { back: { href: '/help/identify', label: 'help' } });
      const { userId, code, next } = form.data;
      const accountId = SixDigits.test(code)
        ? await verifyHelpCode(deps, userId, code, request.ip)
        : undefined;
      if (accountId === undefined) {
        const error = request.t(SixDigits.test(code) ? 'selfHelp.errCode' : 'selfHelp.errCodeFormat');
        const csrf = anonymousCsrf(request, reply);
        return reply.page(
          renderCodeForm(request, { csrf, next, userId, sent: false, error }),
          statusOf('UNPROCESSABLE'),
        );
      }
      help.start(reply, accountId);
      return reply.redirect(NEXT_PATH[next], 303);
    });

    app.get('/help/diagnose', async (request, reply) => {
      const who = await help.identity(request);
      if (!who) return reply.redirect('/help/identify?next=diagnose', 303);
      const diagnosis = await diagnoseAccount(store.db, clock, who.accountId, [request.ip]);
      return reply.page(helpPageWithDiagnosis(request, who, renderDiagnosis(request, diagnosis)));
    });

    app.post('/help/signout', async (request, reply) => {
      const who = await help.identity(request);
      if (who && !help.validPost(request, who))
        throw new AppError('CSRF_FAILED', { back: { href: '/help', label: 'help' } });
      help.end(reply);
      return reply.redirect('/help?notice=signed_out', 303);
    });
  });
}

function helpPageWithDiagnosis(
  request: FastifyRequest,
  who: HelpIdentity,
  diagnosis: ReturnType<typeof renderDiagnosis>,
) {
  const t = request.t;
  return helpPage(
    request,
    t('selfHelp.diagnoseTitle'),
    html`<p>${t('selfHelp.identifiedAs', { userId: who.userId })}</p>
      ${diagnosis}
      <h2>${t('selfHelp.ticketTitle')}</h2>
      <p>${t('selfHelp.ticketIntro')}</p>
      <p>
        <a class="button" href="/help/tickets/new">${t('selfHelp.ticketTitle')}</a>
        <a href="/help">${t('selfHelp.siTitle')}</a>
      </p>`,
  );
}
