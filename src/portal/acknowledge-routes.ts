import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AccountRow, findAccountById } from '../accounts/index.ts';
import { findCurrentDocument, insertAcknowledgement, type DocumentRow } from '../documents/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { flowOf, loadPersonFacts, withoutSecondFactor, type FlowState } from '../login/index.ts';
import type { PersonFacts, SecondFactorUsed } from '../policy/index.ts';
import { renderAcknowledge } from './acknowledge-page.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { SignInContext } from './sign-in-context.ts';

export const ACKNOWLEDGE_PATH = '/login/acknowledge';
/** As long as a pending second factor: reading a circular takes a while, not all day. */
const ACKNOWLEDGE_TIMEOUT_MS = 15 * 60_000;

/** A sign-in that passed every factor and waits for the officer's acknowledgements; held server-side, taken once. */
const PendingSchema = z.object({
  accountId: z.number().int().positive(),
  secondFactor: z.enum(['none', 'totp', 'recovery', 'passkey']),
  at: z.number().int(),
});
const pendingKey = (flow: FlowState) => `acknowledge:portal:${flow.n}`;

const AcknowledgeForm = z.object({
  action: z.enum(['accept', 'cancel']).catch('accept'),
  accept: z.literal('yes').optional().catch(undefined),
  versions: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

/** The current documents of the profile's `acknowledge` list that this person has not acknowledged at that version. */
export async function documentsToAcknowledge(
  deps: Pick<PortalDeps, 'store' | 'clock' | 'policy'>,
  person: PersonFacts,
): Promise<DocumentRow[]> {
  const profile = deps.policy.current().profile('portal');
  if (!profile.steps.includes('acknowledgements')) return [];
  return documentsDue(deps, person, profile.acknowledge);
}

/** The current version of each of `kinds` that this person has not acknowledged; an unpublished kind has none. */
export async function documentsDue(
  deps: Pick<PortalDeps, 'store' | 'clock'>,
  person: PersonFacts,
  kinds: readonly string[],
): Promise<DocumentRow[]> {
  const due: DocumentRow[] = [];
  for (const kind of kinds) {
    const doc = await findCurrentDocument(deps.store.db, kind, deps.clock.now());
    if (doc && (person.acknowledged.get(kind) ?? 0) < doc.version) due.push(doc);
  }
  return due;
}

/** Holds a sign-in until the officer acknowledges: records who and how, and sends them to the step. */
export async function holdForAcknowledgement(
  deps: Pick<PortalDeps, 'kv' | 'clock'>,
  ctx: SignInContext,
  reply: FastifyReply,
  input: { flow: FlowState; account: AccountRow; secondFactor: SecondFactorUsed },
): Promise<FastifyReply> {
  const pending = { accountId: input.account.id, secondFactor: input.secondFactor, at: deps.clock.now() };
  await deps.kv.set(pendingKey(input.flow), JSON.stringify(pending), ACKNOWLEDGE_TIMEOUT_MS);
  // The second factor is spent: the only way on is through the acknowledgement.
  ctx.cookies.write(reply, withoutSecondFactor(input.flow));
  return reply.redirect(ACKNOWLEDGE_PATH, 303);
}

type Open = (
  request: FastifyRequest,
  reply: FastifyReply,
  flow: FlowState,
  account: AccountRow,
  secondFactor: SecondFactorUsed,
) => Promise<FastifyReply>;

/**
 * The acknowledgements step's routes, inside the sign-in scope (its hook requires the flow cookie and its
 * CSRF token on every post). Acknowledging records each document's version for the officer, audited, tells
 * every node (a live session elsewhere is decided on it from its next request), then opens the session.
 */
export function registerAcknowledgeStep(
  app: FastifyInstance,
  deps: PortalDeps,
  ctx: SignInContext,
  open: Open,
): void {
  async function pending(request: FastifyRequest, take: boolean) {
    const flow = flowOf(request);
    const stored = take ? await deps.kv.take(pendingKey(flow)) : await deps.kv.get(pendingKey(flow));
    let held: z.infer<typeof PendingSchema> | undefined;
    try {
      held = stored === undefined ? undefined : PendingSchema.safeParse(JSON.parse(stored)).data;
    } catch {
      held = undefined;
    }
    if (held && deps.clock.now() - held.at > ACKNOWLEDGE_TIMEOUT_MS) held = undefined;
    const account = held ? await findAccountById(deps.store.db, held.accountId) : undefined;
    return { flow, held, account };
  }

  async function due(account: AccountRow): Promise<DocumentRow[]> {
    const { person } = await loadPersonFacts(deps.store.db, account);
    return documentsToAcknowledge(deps, person);
  }

  app.get(ACKNOWLEDGE_PATH, async (request, reply) => {
    const { flow, held, account } = await pending(request, false);
    if (!held || !account) return reply.redirect('/login', 303);
    reply.header('cache-control', 'no-store');
    return reply.page(
      renderAcknowledge(request, { csrf: ctx.cookies.csrf(flow), documents: await due(account) }),
    );
  });

  app.post(ACKNOWLEDGE_PATH, async (request, reply) => {
    const form = AcknowledgeForm.parse(request.body ?? {});
    if (form.action === 'cancel') {
      await deps.kv.del(pendingKey(flowOf(request)));
      ctx.cookies.clear(reply);
      return reply.redirect('/', 303);
    }
    const { flow, held, account } = await pending(request, false);
    if (!held || !account) return reply.redirect('/login', 303);
    if (account.status !== 'active') throw new AppError('ACCOUNT_NOT_ACTIVE');
    const documents = await due(account);
    const shown = new Set(form.versions);
    // A version published while the page was open must be read first: show the page again.
    const current = documents.every((d) => shown.has(`${d.kind}:${d.version}`));
    if (form.accept !== 'yes' || !current) {
      const error = request.t(current ? 'access.ackRequired' : 'access.ackChanged');
      const page = renderAcknowledge(request, { csrf: ctx.cookies.csrf(flow), documents, error });
      return reply.page(page, statusOf('VALIDATION_FAILED'));
    }
    // Taken once: a replayed post finds nothing to continue.
    const taken = await pending(request, true);
    if (!taken.held) return reply.redirect('/login', 303);
    const now = deps.clock.now();
    await deps.store.db.transaction().execute(async (trx) => {
      for (const doc of documents) {
        await insertAcknowledgement(trx, {
          accountId: account.id,
          documentId: doc.id,
          sessionId: null,
          acceptedAt: now,
          ip: request.ip,
          channel: 'sign-in',
        });
        await deps.audit.append(
          {
            type: 'document.acknowledged',
            actor: account.user_id,
            target: doc.kind,
            ip: request.ip,
            detail: { version: doc.version, step: 'sign-in' },
          },
          trx,
        );
      }
    });
    await deps.sessions.refreshFacts({ accountId: account.id });
    return open(request, reply, flow, account, taken.held.secondFactor);
  });
}
