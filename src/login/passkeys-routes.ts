import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountRow } from '../accounts/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { html, SAFE_METHODS, type SafeHtml } from '../web/index.ts';
import {
  finishPasskeyEnrolment,
  findPasskeys,
  PASSKEY_NAME_MAX,
  removePasskey,
  renamePasskey,
  startPasskeyEnrolment,
  type PasskeyDeps,
} from './passkeys.ts';
import { passkeyManagement, type PasskeyListState } from './passkeys-forms.ts';

/** Who is signed in on the page's channel, for the passkey pages. */
export interface PasskeyPerson {
  readonly account: AccountRow;
  readonly sessionId: string;
  readonly csrf: string;
}

/** What the portal or the console supplies: where the pages live, who is signed in, and the page frame. */
export interface PasskeyPagesHost {
  /** The security page's path, e.g. `/account/security`; the forms post below it. */
  readonly base: string;
  /** Where a visitor without a session is sent. */
  readonly signIn: string;
  /** The signed-in person; undefined without a live session. */
  person(request: FastifyRequest): Promise<PasskeyPerson | undefined>;
  /** Whether an unsafe request carries the session's CSRF token from our origin. */
  validPost(request: FastifyRequest, person: PasskeyPerson): boolean;
  render(request: FastifyRequest, o: { title: string; main: SafeHtml; hasError: boolean }): string;
  /** The way back from the security page (the webtop, or the console's home). */
  readonly back: {
    readonly href: string;
    readonly label: 'passkeys.backToWebtop' | 'passkeys.backToConsole';
  };
}

const DoneQuery = z.object({ done: z.enum(['enrolled', 'renamed', 'removed']).optional() }).catch({});
const EnrolForm = z.object({
  name: z.string().max(1000).catch(''),
  response: z.string().max(12_000).catch(''),
});
const RenameForm = z.object({ id: z.string().max(1400).catch(''), name: z.string().max(1000).catch('') });
const RemoveForm = z.object({ id: z.string().max(1400).catch('') });

const NOTICE = {
  enrolled: 'passkeys.enrolled',
  renamed: 'passkeys.renamed',
  removed: 'passkeys.removed',
} as const;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A signed-in person's passkeys: the list, "Add a passkey" (options as JSON for passkeys.js, then the
 * answer as a form post), rename and remove. Every post needs the session's CSRF token; a passkey that is
 * not the person's own is answered 404 and audited (in the service).
 */
export function passkeyManagementRoutes(d: PasskeyDeps, host: PasskeyPagesHost): FastifyPluginAsync {
  const { base } = host;

  async function signedIn(request: FastifyRequest): Promise<PasskeyPerson> {
    const person = await host.person(request);
    if (!person)
      throw new AppError('SESSION_REQUIRED', { back: { href: host.signIn, label: 'signInAgain' } });
    if (!SAFE_METHODS.has(request.method) && !host.validPost(request, person))
      throw new AppError('CSRF_FAILED');
    return person;
  }

  async function page(request: FastifyRequest, person: PasskeyPerson, state: PasskeyListState = {}) {
    const t = request.t;
    const passkeys = await findPasskeys(d.db, person.account.id);
    const main = html`${passkeyManagement(t, request.lang, { base, csrf: person.csrf, passkeys, state })}
      <p><a href="${host.back.href}">${t(host.back.label)}</a></p>`;
    const hasError = state.error !== undefined || state.nameError !== undefined;
    return host.render(request, { title: t('passkeys.securityTitle'), main, hasError });
  }

  return (app) => {
    app.get(base, async (request, reply) => {
      const person = await host.person(request);
      if (!person) return reply.redirect(host.signIn, 303);
      const { done } = DoneQuery.parse(request.query ?? {});
      reply.header('cache-control', 'no-store');
      return reply.page(await page(request, person, done ? { notice: request.t(NOTICE[done]) } : {}));
    });

    app.post(`${base}/passkeys/options`, async (request, reply) => {
      const person = await signedIn(request);
      const options = await startPasskeyEnrolment(d, {
        account: person.account,
        sessionId: person.sessionId,
      });
      return reply.header('cache-control', 'no-store').send(options);
    });

    app.post(`${base}/passkeys`, async (request, reply) => {
      const person = await signedIn(request);
      const t = request.t;
      const form = EnrolForm.parse(request.body ?? {});
      const result = await finishPasskeyEnrolment(d, {
        account: person.account,
        sessionId: person.sessionId,
        response: parseJson(form.response),
        name: form.name,
        ip: request.ip,
      });
      if (result.ok) return reply.redirect(`${base}?done=enrolled`, 303);
      const state: PasskeyListState =
        result.problem === 'name'
          ? { name: form.name, nameError: t('passkeys.errName', { max: PASSKEY_NAME_MAX }) }
          : {
              name: form.name,
              error: t(result.problem === 'duplicate' ? 'passkeys.errDuplicate' : 'passkeys.errEnrol'),
            };
      return reply.page(await page(request, person, state), statusOf('UNPROCESSABLE'));
    });

    app.post(`${base}/passkeys/rename`, async (request, reply) => {
      const person = await signedIn(request);
      const t = request.t;
      const form = RenameForm.parse(request.body ?? {});
      const outcome = await renamePasskey(d, { account: person.account, ...form, ip: request.ip });
      if (outcome === 'ok') return reply.redirect(`${base}?done=renamed`, 303);
      if (outcome === 'name') {
        const error = t('passkeys.errName', { max: PASSKEY_NAME_MAX });
        return reply.page(await page(request, person, { error }), statusOf('UNPROCESSABLE'));
      }
      const error = t('passkeys.errNotFound');
      return reply.page(await page(request, person, { error }), statusOf('NOT_FOUND'));
    });

    app.post(`${base}/passkeys/remove`, async (request, reply) => {
      const person = await signedIn(request);
      const form = RemoveForm.parse(request.body ?? {});
      const outcome = await removePasskey(d, { account: person.account, id: form.id, ip: request.ip });
      if (outcome === 'ok') return reply.redirect(`${base}?done=removed`, 303);
      const error = request.t('passkeys.errNotFound');
      return reply.page(await page(request, person, { error }), statusOf('NOT_FOUND'));
    });
    return Promise.resolve();
  };
}
