import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, statusOf } from '../errors.ts';
import { fileStamp } from '../i18n/index.ts';
import { attachmentDisposition } from '../web/index.ts';
import type { ActivationDeps } from './routes.ts';
import { findCurrentDocument, findDocument } from '../documents/index.ts';
import type { ActivationContext, ActivationStep } from './activation-context.ts';
import {
  renderConfidentiality,
  renderPasswordForm,
  renderRecoveryCodes,
  renderTotpEnrolment,
  recoveryCodesText,
  type ActivationPageContext,
} from './activation-pages.ts';
import { choosePassword } from './activation-password.ts';
import { completeActivation, recordConfidentiality, wrongStatus } from './activation-service.ts';
import { saveActivation } from './activation-state.ts';
import { findActivationAccount } from './repository.ts';
import { confirmTotp, enrolmentCodes, enrolmentSetup } from '../login/index.ts';

const ConfidentialityForm = z.object({
  accept: z.literal('yes').optional(),
  version: z.coerce.number().int().positive(),
});
const TotpForm = z.object({ code: z.string().max(50).default('') });
const DoneForm = z.object({ saved: z.literal('yes').optional() });

/** The four activation steps: confidentiality → password → authenticator app → recovery codes. */
export function registerActivationSteps(
  app: FastifyInstance,
  deps: ActivationDeps,
  ctx: ActivationContext,
): void {
  const { clock, keyring, store } = deps;
  const page = (request: ActivationPageContext['request'], step: ActivationStep): ActivationPageContext => ({
    request,
    csrf: ctx.csrf(step.key),
    userId: step.account.userId,
  });

  const invalid = statusOf('VALIDATION_FAILED');
  /** The confidentiality document in force; without one no activation can go on. */
  const currentDocument = async () => {
    const doc = await findCurrentDocument(store.db, 'confidentiality', clock.now());
    if (!doc) throw new AppError('CONFIDENTIALITY_UNPUBLISHED', { vars: { phone: ctx.phone } });
    return doc;
  };

  app.get('/activate/confidentiality', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/confidentiality');
    if (!step) return reply;
    return reply.page(renderConfidentiality(page(request, step), await currentDocument()));
  });

  app.post('/activate/confidentiality', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/confidentiality');
    if (!step) return reply;
    ctx.requirePost(request, step.key);
    const current = await currentDocument();
    const form = ConfidentialityForm.safeParse(request.body ?? {});
    const doc = form.success ? await findDocument(store.db, 'confidentiality', form.data.version) : undefined;
    // Unticked, or accepted a version that is no longer current: show the current one again.
    if (!form.success || form.data.accept !== 'yes' || !doc || doc.version !== current.version) {
      const error = request.t('provisioning.errAcceptRequired');
      return reply.page(renderConfidentiality(page(request, step), current, error), invalid);
    }
    await recordConfidentiality(deps, { account: step.account, document: doc, ip: request.ip });
    await saveActivation(deps, { ...step.state, ack: { documentId: doc.id, version: doc.version } });
    return reply.redirect('/activate/password', 303);
  });

  app.get('/activate/password', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/password');
    if (!step) return reply;
    return reply.page(renderPasswordForm(page(request, step), 'activation'));
  });

  app.post('/activate/password', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/password');
    if (!step) return reply;
    ctx.requirePost(request, step.key);
    const chosen = await choosePassword(request.body, step.account, deps.passwords, request.t);
    if (!chosen.ok)
      return reply.page(renderPasswordForm(page(request, step), 'activation', chosen.errors), invalid);
    await saveActivation(deps, { ...step.state, passwordHash: chosen.hash });
    return reply.redirect('/activate/totp', 303);
  });

  /**
   * The authenticator step. The key is made once per link and saved (sealed) at once, so a reload, or the
   * same link opened again after the tab was closed, shows the same key and the app's entry stays valid.
   */
  const totpPage = async (
    request: ActivationPageContext['request'],
    step: ActivationStep,
    o: { error?: string; resumed?: boolean } = {},
  ) => {
    const userId = step.account.userId;
    let shown = await enrolmentSetup(keyring, step.state, userId);
    if (shown.state !== step.state) {
      const saved = await saveActivation(deps, { ...step.state, ...shown.state });
      // Another tab saved its key first: show that one.
      if (saved.totpSealed !== shown.state.totpSealed) shown = await enrolmentSetup(keyring, saved, userId);
    }
    return renderTotpEnrolment(page(request, step), shown.setup, o);
  };

  app.get('/activate/totp', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/totp');
    if (!step) return reply;
    return reply.page(await totpPage(request, step, { resumed: step.state.totpSealed !== undefined }));
  });

  app.post('/activate/totp', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/totp');
    if (!step) return reply;
    ctx.requirePost(request, step.key);
    const form = TotpForm.safeParse(request.body ?? {});
    const confirmed = await confirmTotp(deps, step.account.id, step.state, form.data?.code ?? '');
    if (!confirmed.ok) {
      if (confirmed.problem === 'no_secret') return reply.redirect('/activate/totp', 303);
      const error = request.t(
        confirmed.problem === 'required' ? 'provisioning.errTotpRequired' : 'provisioning.errTotpWrong',
      );
      return reply.page(await totpPage(request, step, { error }), invalid);
    }
    await saveActivation(deps, { ...step.state, ...confirmed.state });
    return reply.redirect('/activate/done', 303);
  });

  /** The codes on show: made once per link and kept sealed, so a reload or a later opening shows the same ten. */
  const pendingCodes = async (step: ActivationStep): Promise<readonly string[]> => {
    const made = enrolmentCodes(keyring, step.state);
    if (made.state === step.state) return made.codes;
    const saved = await saveActivation(deps, { ...step.state, ...made.state });
    return saved.recoverySealed === made.state.recoverySealed
      ? made.codes
      : enrolmentCodes(keyring, saved).codes;
  };

  app.get('/activate/done', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/done');
    if (!step) return reply;
    return reply.page(renderRecoveryCodes(page(request, step), await pendingCodes(step)));
  });

  // The codes as a text file, made here rather than by script (the pages allow no inline script).
  app.get('/activate/done/codes.txt', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/done');
    if (!step) return reply;
    const codes = await pendingCodes(step);
    const now = clock.now();
    const name = `dwaar-recovery-codes-${step.account.userId}-${fileStamp(now)}.txt`;
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', attachmentDisposition(name))
      .header('cache-control', 'no-store')
      .send(recoveryCodesText(request, { userId: step.account.userId, codes, now }));
  });

  app.post('/activate/done', async (request, reply) => {
    const step = await ctx.requireStep(request, reply, 'activation', '/activate/done');
    if (!step) return reply;
    ctx.requirePost(request, step.key);
    const { passwordHash, totpSealed, recoverySealed } = step.state;
    if (!passwordHash || !totpSealed || !recoverySealed) return reply.redirect('/activate/done', 303);
    const codes = await pendingCodes(step);
    const form = DoneForm.safeParse(request.body ?? {});
    if (!form.success || form.data.saved !== 'yes') {
      const error = request.t('provisioning.errRecoverySaved');
      return reply.page(renderRecoveryCodes(page(request, step), codes, error), invalid);
    }
    const done = await completeActivation(deps, {
      account: step.account,
      tokenId: step.state.tokenId,
      passwordHash,
      totpSealed,
      recoveryCodes: codes,
      ip: request.ip,
    });
    ctx.clearCookie(reply);
    if (!done) {
      // Finished meanwhile in another browser, or the link was re-sent, or it ran out.
      const now = await findActivationAccount(store.db, step.account.id);
      const problem =
        now?.status === 'active' ? wrongStatus('active') : { code: 'ACTIVATION_STOPPED' as const };
      return ctx.refuse(request, reply, problem);
    }
    return ctx.sendDone(request, reply, 'provisioning.activatedTitle', 'provisioning.activatedBody');
  });
}
