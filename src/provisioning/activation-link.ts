import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenPurpose } from '../accounts/index.ts';
import { AppError } from '../errors.ts';
import { formatDateTime, type MessageKey } from '../i18n/index.ts';
import {
  checkCsrf,
  cookieOptions,
  csrfField,
  csrfToken,
  html,
  renderPage,
  sameOrigin,
} from '../web/index.ts';
import type { ActivationContext } from './activation-context.ts';
import { checkLink } from './activation-service.ts';
import {
  ACTIVATION_TTL_MS,
  nextActivationStep,
  progressOf,
  startActivation,
  type ActivationState,
} from './activation-state.ts';
import { findLinkToken } from './progress-repository.ts';
import type { ActivationDeps } from './routes.ts';

/**
 * Opening a one-time link (`/activate?token=…`, `/reset?token=…`) only shows a page with a button; the
 * button's POST starts (or resumes) the activation. Mail scanners and chat apps' link previews fetch links
 * to look at them: a GET that spent the link left the officer with "already used" (issue 8 item 1).
 *
 * The page carries no token: its form, and a short-lived cookie that lets the language switch come back to
 * the page, hold a signed reference to the link's row instead, which only this server could have made
 * after checking the token.
 */
export const LINK_COOKIE = 'dwaar_act_link';

const LinkQuery = z.object({ token: z.string().max(200).optional() });
const LinkForm = z.object({ _csrf: z.string().max(200), link: z.string().max(300) });
const RefSchema = z.object({
  i: z.number().int().positive(),
  p: z.enum(['activation', 'reset']),
  t: z.number().int(),
});
type LinkRef = z.infer<typeof RefSchema>;

const STEP_KEYS: Record<string, [number, MessageKey]> = {
  '/activate/confidentiality': [1, 'provisioning.stepConfidentiality'],
  '/activate/password': [2, 'provisioning.stepPassword'],
  '/activate/totp': [3, 'provisioning.stepTotp'],
  '/activate/done': [4, 'provisioning.stepRecovery'],
};

export function registerLinkPages(app: FastifyInstance, deps: ActivationDeps, ctx: ActivationContext): void {
  const { keyring, clock, config } = deps;
  const secure = config.publicUrl.protocol === 'https:';

  const signRef = (ref: LinkRef) =>
    keyring.sign('cookie-signing', `act-link:${Buffer.from(JSON.stringify(ref)).toString('base64url')}`);
  /** A reference this server signed within the last 30 minutes, for a link of `purpose`. */
  const readRef = (signed: string | undefined, purpose: TokenPurpose): LinkRef | undefined => {
    if (!signed || signed.length > 300) return undefined;
    const value = keyring.unsign('cookie-signing', signed);
    if (!value?.startsWith('act-link:')) return undefined;
    try {
      const ref = RefSchema.safeParse(JSON.parse(Buffer.from(value.slice(9), 'base64url').toString()));
      if (!ref.success || ref.data.p !== purpose) return undefined;
      return clock.now() - ref.data.t <= ACTIVATION_TTL_MS ? ref.data : undefined;
    } catch {
      return undefined;
    }
  };
  const csrfBinding = (ref: LinkRef) => `act-link:${ref.i}:${ref.t}`;

  const linkPage = (
    request: FastifyRequest,
    o: { purpose: TokenPurpose; path: string; signed: string; ref: LinkRef; expiresAt: number },
    progress: ActivationState | undefined,
  ): string => {
    const t = request.t;
    const activation = o.purpose === 'activation';
    const title = activation ? t('provisioning.title') : t('provisioning.resetTitle');
    const resumeAt = progress && activation ? STEP_KEYS[nextActivationStep(progress)] : undefined;
    const button = activation
      ? t(progress ? 'provisioning.linkContinue' : 'provisioning.linkStart')
      : t('continue');
    return renderPage({
      lang: request.lang,
      t,
      title,
      // Never the query: the language switch must not carry the token to another address.
      path: o.path,
      main: html`<h1>${title}</h1>
        <p>${activation ? t('provisioning.linkIntro') : t('provisioning.linkResetIntro')}</p>
        ${resumeAt ? html`<p class="status-box">${t('provisioning.linkResume', { n: resumeAt[0], step: t(resumeAt[1]) })}</p>` : ''}
        <p>${t('provisioning.linkValidUntil', { expires: formatDateTime(request.lang, o.expiresAt) })}</p>
        <form method="post" action="${o.path}">
          ${csrfField(csrfToken(keyring, csrfBinding(o.ref)))}
          <input type="hidden" name="link" value="${o.signed}" />
          <p>${t('provisioning.linkNothingYet')}</p>
          <p class="actions"><button type="submit">${button}</button></p>
        </form>`,
    });
  };

  /**
   * The page's `Referrer-Policy: no-referrer` makes browsers send `Origin: null` with its form (Fetch
   * standard); such a post is ours only when the browser also says it came from our own origin.
   */
  const fromOurPage = (request: FastifyRequest): boolean => {
    const origin = request.headers.origin;
    if (origin === 'null') return request.headers['sec-fetch-site'] === 'same-origin';
    return sameOrigin(origin, config.publicUrl.origin);
  };

  const setLinkHeaders = (reply: FastifyReply) => {
    // The page is about a one-time link: no cache keeps it, no Referer carries its address elsewhere.
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-robots-tag', 'noindex, nofollow');
  };

  const openLink = (purpose: TokenPurpose) => {
    const path = purpose === 'activation' ? '/activate' : '/reset';

    app.get(path, async (request, reply) => {
      setLinkHeaders(reply);
      const query = LinkQuery.safeParse(request.query);
      const token = query.success ? query.data.token : undefined;
      // Back from the language switch: the cookie names the link the page was showing.
      const remembered = token === undefined ? readRef(request.cookies[LINK_COOKIE], purpose) : undefined;
      const checked = remembered
        ? await checkLink(deps, { tokenId: remembered.i, purpose, ip: request.ip })
        : await checkLink(deps, { token: token ?? '', purpose, ip: request.ip });
      if (!checked.ok) return ctx.refuse(request, reply, checked);
      const row = await findLinkToken(deps.store.db, { id: checked.tokenId }, purpose);
      const ref: LinkRef = { i: checked.tokenId, p: purpose, t: clock.now() };
      const signed = signRef(ref);
      reply.setCookie(LINK_COOKIE, signed, cookieOptions(secure, ACTIVATION_TTL_MS / 1000));
      const progress = await progressOf(deps, { tokenId: checked.tokenId, purpose });
      const o = { purpose, path, signed, ref, expiresAt: row?.expires_at ?? clock.now() };
      return reply.page(linkPage(request, o, progress));
    });

    app.post(path, async (request, reply) => {
      setLinkHeaders(reply);
      const form = LinkForm.safeParse(request.body ?? {});
      const ref = form.success ? readRef(form.data.link, purpose) : undefined;
      const csrfOk =
        fromOurPage(request) &&
        form.success &&
        ref !== undefined &&
        checkCsrf(keyring, form.data._csrf, csrfBinding(ref));
      if (form.success && ref === undefined) {
        // The page was left open too long (or its reference is not ours): the link itself still works.
        return ctx.refuse(request, reply, { code: 'ACTIVATION_STOPPED' });
      }
      if (!csrfOk || !ref) throw new AppError('CSRF_FAILED', { back: { href: '/', label: 'home' } });
      const checked = await checkLink(deps, { tokenId: ref.i, purpose, ip: request.ip });
      if (!checked.ok) return ctx.refuse(request, reply, checked);
      const cookie = await startActivation(deps, {
        tokenId: checked.tokenId,
        accountId: checked.accountId,
        purpose,
      });
      ctx.setCookie(reply, cookie);
      reply.clearCookie(LINK_COOKIE, cookieOptions(secure));
      const progress = await progressOf(deps, { tokenId: checked.tokenId, purpose });
      const first = purpose === 'activation' ? '/activate/confidentiality' : '/reset/password';
      return reply.redirect(progress ? nextActivationStep(progress) : first, 303);
    });
  };

  openLink('activation');
  openLink('reset');
}
