import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { statusOf } from '../errors.ts';
import { formatDateTime, translator, type MessageKey } from '../i18n/index.ts';
import { requireReach, staffOf, type PolicyRuntime } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import {
  attachmentDisposition,
  type ConsoleFeature,
  csvFileName,
  type CsvValue,
  queryStrings,
  routesPlugin,
  toCsv,
} from '../web/index.ts';
import { renderExplainPage, type ExplainErrors } from './policy-explain-page.ts';
import {
  DEFAULT_IP,
  explainFor,
  findPerson,
  isAddress,
  parseAt,
  placementOf,
  SECOND_FACTORS,
} from './policy-explain.ts';
import { renderHistoryPage, renderPolicyPage } from './policy-pages.ts';
import { appliedSince, listPolicyLoads, type PolicyLoadRow } from './policy-queries.ts';
import { rulesOf } from './policy-rules.ts';

export interface PolicyRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly policy: PolicyRuntime;
}

const Text = (max: number) => z.string().max(max).optional().default('');
/** The explain form's query. Length limits only; meaning is checked field by field to name the field. */
const ExplainQuery = z.object({
  user: Text(100),
  resource: Text(80),
  at: Text(40),
  secondFactor: z.enum(SECOND_FACTORS).optional().default('totp'),
  device: z.enum(['yes', 'no']).optional().default('yes'),
  ip: Text(45),
});
const ReloadedQuery = z.object({ reloaded: z.enum(['changed', 'unchanged']).optional() }).catch({});

const en = translator('en');
const hi = translator('hi');
const both = (key: MessageKey) => `${hi(key)} / ${en(key)}`;

/** The history as a CSV file: a header saying what and when, then one row per load. */
function historyCsv(loads: readonly PolicyLoadRow[], meta: { at: number; by: string }): string {
  const rows: CsvValue[][] = [
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('policy.historyTitle')],
    [both('policy.csvGeneratedAt'), formatDateTime('en', meta.at)],
    [both('policy.csvGeneratedBy'), meta.by],
    [],
    [
      both('policy.colLoadedAt'),
      both('policy.colTrigger'),
      both('policy.colOutcome'),
      'SHA-256',
      both('policy.colErrors'),
      both('policy.colNode'),
    ],
    ...loads.map((l): CsvValue[] => [
      formatDateTime('en', l.loadedAt),
      l.trigger,
      l.outcome,
      l.hash,
      l.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message} (fix: ${p.fix})`).join('\n'),
      l.node,
    ]),
  ];
  return toCsv(rows);
}

/** The console's policy section: the live policy, its reload, its history and explain. */
export function policyRoutes(deps: PolicyRouteDeps): ConsoleFeature {
  const db = deps.store.db;
  const read = { config: { permission: 'policy.read' } } as const;

  async function policyView(reload?: Parameters<typeof renderPolicyPage>[2]['reload']) {
    const policy = deps.policy.current();
    return {
      policy,
      path: deps.policy.path,
      since: await appliedSince(db, policy.hash),
      rules: rulesOf(policy.source),
      reload,
    };
  }

  /** The explain page for a submitted form, after the staff member's reach has been checked. */
  async function explain(request: FastifyRequest, values: z.infer<typeof ExplainQuery>) {
    const t = request.t;
    const policy = deps.policy.current();
    const resources = policy.resources;
    const errors: ExplainErrors = {};
    const at = values.at.trim() === '' ? deps.clock.now() : parseAt(values.at);
    if (at === undefined) errors.at = t('policy.errAt');
    const ip = values.ip.trim() === '' ? DEFAULT_IP : values.ip.trim();
    if (!isAddress(ip)) errors.ip = t('policy.errIp');
    if (values.user.trim() === '') errors.user = t('policy.errUser');
    const known = resources.map((r) => r.id).join(', ');
    if (!policy.resource(values.resource))
      errors.resource = t('policy.errUnknownResource', { resource: values.resource, known });
    const invalid = (code: Parameters<typeof statusOf>[0]) => ({
      page: renderExplainPage(request, { values, resources, errors }),
      status: statusOf(code),
    });
    if (Object.keys(errors).length > 0 || at === undefined) return invalid('POLICY_EXPLAIN_INVALID');

    const person = await findPerson(db, values.user);
    if (!person) {
      errors.user = t('policy.errUnknownUser', { user: values.user.trim() });
      return invalid('POLICY_UNKNOWN_USER');
    }
    const staff = staffOf(request);
    // Out of reach: a FORBIDDEN the console scope answers and audits as console.access_denied.
    requireReach(staff, placementOf(person));
    const assumptions = {
      at,
      secondFactor: values.secondFactor,
      deviceTrusted: values.device !== 'no',
      ip,
    };
    const result = explainFor(policy, deps.policy.documents(), person, values.resource, assumptions);
    if ('unknownResource' in result) return invalid('POLICY_UNKNOWN_RESOURCE');
    const decision = result.explanation.decision;
    await deps.audit.append({
      type: 'policy.explained',
      actor: staff.userId,
      ip: request.ip,
      target: person.userId,
      detail: {
        resource: result.resource.id,
        effect: decision.effect,
        reason: decision.reason,
        rule: decision.rule ?? null,
        at,
        secondFactor: assumptions.secondFactor,
        deviceTrusted: assumptions.deviceTrusted,
        requestIp: ip,
        policyHash: policy.hash,
      },
    });
    return { page: renderExplainPage(request, { values, resources, errors, result }), status: 200 };
  }

  return routesPlugin((app) => {
    app.get('/console/policy', read, async (request, reply) => {
      const staff = staffOf(request);
      const { reloaded } = ReloadedQuery.parse(request.query);
      const view = await policyView();
      const hash = view.policy.hash;
      const reload = reloaded ? { ok: true as const, hash, changed: reloaded === 'changed' } : undefined;
      return reply.page(renderPolicyPage(request, staff, { ...view, reload }));
    });

    app.post(
      '/console/policy/reload',
      { config: { permission: 'policy.reload' } },
      async (request, reply) => {
        const staff = staffOf(request);
        // The runtime records the load in policy_versions and audits it, applied or rejected.
        const result = await deps.policy.reload('console', staff.userId);
        if (result.ok)
          return reply.redirect(`/console/policy?reloaded=${result.changed ? 'changed' : 'unchanged'}`, 303);
        const page = renderPolicyPage(request, staff, await policyView(result));
        return reply.page(page, statusOf('POLICY_REJECTED'));
      },
    );

    app.get('/console/policy/history', read, async (request, reply) => {
      return reply.page(renderHistoryPage(request, await listPolicyLoads(db)));
    });

    app.get('/console/policy/history.csv', read, async (request, reply) => {
      const staff = staffOf(request);
      const now = deps.clock.now();
      const loads = await listPolicyLoads(db);
      await deps.audit.append({
        type: 'report.exported',
        actor: staff.userId,
        ip: request.ip,
        target: 'policy_history',
        detail: { rows: loads.length },
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', attachmentDisposition(csvFileName('dwaar-policy-history', now)))
        .send(historyCsv(loads, { at: now, by: staff.userId }));
    });

    app.get('/console/policy/explain', read, async (request, reply) => {
      const raw = queryStrings(request.query);
      const resources = deps.policy.current().resources;
      const blank = {
        user: '',
        resource: resources[0]?.id ?? '',
        at: '',
        secondFactor: 'totp',
        device: 'yes',
        ip: '',
      };
      if (raw.user === undefined)
        return reply.page(renderExplainPage(request, { values: blank, resources, errors: {} }));
      const parsed = ExplainQuery.safeParse(raw);
      if (!parsed.success) {
        const errors = { form: request.t('policy.errForm') };
        const values = { ...blank, ...raw };
        return reply.page(
          renderExplainPage(request, { values, resources, errors }),
          statusOf('POLICY_EXPLAIN_INVALID'),
        );
      }
      const { page, status } = await explain(request, parsed.data);
      return reply.page(page, status);
    });
  });
}
