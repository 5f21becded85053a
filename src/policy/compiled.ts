import type { Role } from '../accounts/table.ts';
import { compileConditions, type Condition } from './conditions.ts';
import type {
  AccessRequest,
  Channel,
  CompiledPolicy,
  CurrentDocuments,
  Decision,
  DenyReason,
  ExplainLine,
  Explanation,
  ProfileSpec,
  ResourceSpec,
} from './model.ts';
import type { PolicyFileSpec, ProfileFileSpec, ResourceFileSpec } from './policy-schema.ts';

interface CompiledRule {
  readonly id: string;
  readonly effect: 'allow' | 'deny';
  readonly conditions: readonly Condition[];
  /** The decision when the rule applies, made once: deciding allocates nothing. */
  readonly applied: Decision;
  /** For an allow rule, the decision when each condition fails, in order. */
  readonly failed: readonly Decision[];
}

interface CompiledResource {
  readonly spec: ResourceSpec;
  readonly denies: readonly CompiledRule[];
  readonly allows: readonly CompiledRule[];
  readonly rules: readonly CompiledRule[];
}

const deny = (reason: DenyReason, rule?: string, detail?: string): Decision =>
  Object.freeze({ effect: 'deny', reason, rule, detail });

const UNKNOWN = deny('UNKNOWN_RESOURCE');
const DISABLED = deny('RESOURCE_DISABLED');
const NOT_ACTIVE = deny('ACCOUNT_NOT_ACTIVE');
const EXPIRED = deny('ACCESS_EXPIRED');
const NO_RULES = deny('NO_RULES');

function compileRule(rule: ResourceFileSpec['rules'][number]): CompiledRule {
  const effect = rule.allow ? 'allow' : 'deny';
  const conditions = compileConditions(rule.allow ?? rule.deny ?? {});
  return {
    id: rule.id,
    effect,
    conditions,
    applied:
      effect === 'allow'
        ? Object.freeze({ effect: 'allow', reason: 'GRANTED', rule: rule.id })
        : deny('DENIED_BY_RULE', rule.id),
    failed: conditions.map((c) => deny(c.reason, rule.id, c.detail)),
  };
}

function matches(rule: CompiledRule, r: AccessRequest, docs: CurrentDocuments): boolean {
  for (const c of rule.conditions) if (!c.test(r, docs)) return false;
  return true;
}

function resourceSpec(r: ResourceFileSpec): ResourceSpec {
  return {
    id: r.id,
    nameEn: r.name.en,
    nameHi: r.name.hi,
    purposeEn: r.purpose?.en ?? '',
    purposeHi: r.purpose?.hi ?? '',
    host: r.host,
    upstream: new URL(r.upstream),
    enabled: r.enabled,
    websocket: r.websocket,
    bodyLimit: r.body_limit,
    sessionBar: r.session_bar,
  };
}

function profileSpec(name: string, p: ProfileFileSpec): ProfileSpec {
  const byRole: Partial<Record<Role, ProfileFileSpec['second_factor']>> = p.second_factor_by_role;
  return {
    name,
    steps: p.steps,
    idleTimeoutS: p.idle_timeout,
    absoluteTimeoutS: p.absolute_timeout,
    maxSessions: p.max_sessions,
    acknowledge: p.acknowledge ?? [],
    secondFactorFor: (role) => byRole[role] ?? p.second_factor,
  };
}

const line = (ok: boolean, en: string, hi: string): ExplainLine => ({ ok, en, hi });

/** The built-in checks every request passes before any rule, as `explain` shows them. */
function guardLines(spec: ResourceSpec, r: AccessRequest): ExplainLine[] {
  const p = r.person;
  const expired =
    (p.validUntil !== null && p.validUntil <= r.now) || (p.accessEndsAt !== null && p.accessEndsAt <= r.now);
  return [
    line(spec.enabled, `resource ${spec.id} is enabled`, `संसाधन ${spec.id} सक्षम है`),
    line(
      p.accountStatus === 'active',
      `account ${p.userId} is active (found: ${p.accountStatus})`,
      `खाता ${p.userId} सक्रिय है (स्थिति: ${p.accountStatus})`,
    ),
    line(!expired, 'access has not expired', 'एक्सेस की अवधि समाप्त नहीं हुई है'),
  ];
}

/** Reasons decided before any rule: the resource's own state and the account's. */
const BUILT_IN: ReadonlySet<string> = new Set(['RESOURCE_DISABLED', 'ACCOUNT_NOT_ACTIVE', 'ACCESS_EXPIRED']);

function summaryOf(d: Decision, firstAllow: CompiledRule | undefined): { en: string; hi: string } {
  const rule = d.rule ?? '';
  if (d.effect === 'allow')
    return { en: `Allowed by rule "${rule}".`, hi: `नियम "${rule}" के अनुसार अनुमति है।` };
  if (d.reason === 'DENIED_BY_RULE')
    return { en: `Denied by rule "${rule}".`, hi: `नियम "${rule}" के अनुसार अस्वीकृत।` };
  if (d.reason === 'NO_RULES')
    return {
      en: 'Denied: no rule allows this resource.',
      hi: 'अस्वीकृत: इस संसाधन की अनुमति देने वाला कोई नियम नहीं है।',
    };
  if (d.reason === 'UNKNOWN_RESOURCE')
    return { en: 'Denied: no such resource.', hi: 'अस्वीकृत: ऐसा कोई संसाधन नहीं है।' };
  if (BUILT_IN.has(d.reason))
    return { en: `Denied before any rule: ${d.reason}.`, hi: `किसी नियम से पहले ही अस्वीकृत: ${d.reason}।` };
  // Every other reason is a failed condition of the first allow rule.
  const first = firstAllow?.id ?? '';
  return {
    en: `Denied: no rule allows it; the first, "${first}", fails on ${d.reason}.`,
    hi: `अस्वीकृत: कोई नियम अनुमति नहीं देता; पहला नियम "${first}" ${d.reason} पर विफल है।`,
  };
}

/** Turns a validated policy file into the form the gateway decides from on every request. */
export function compilePolicy(spec: PolicyFileSpec, source: string, hash: string): CompiledPolicy {
  const compiled = new Map<string, CompiledResource>();
  for (const r of spec.resources) {
    const rules = r.rules.map(compileRule);
    compiled.set(r.id, {
      spec: resourceSpec(r),
      rules,
      denies: rules.filter((x) => x.effect === 'deny'),
      allows: rules.filter((x) => x.effect === 'allow'),
    });
  }
  const resources = [...compiled.values()].map((c) => c.spec);
  const profiles: Record<Channel, ProfileSpec> = {
    portal: profileSpec('portal', spec.profiles.portal),
    console: profileSpec('console', spec.profiles.console),
  };

  function decide(resourceId: string, r: AccessRequest, docs: CurrentDocuments): Decision {
    const res = compiled.get(resourceId);
    if (!res) return UNKNOWN;
    if (!res.spec.enabled) return DISABLED;
    const p = r.person;
    if (p.accountStatus !== 'active') return NOT_ACTIVE;
    if (
      (p.validUntil !== null && p.validUntil <= r.now) ||
      (p.accessEndsAt !== null && p.accessEndsAt <= r.now)
    )
      return EXPIRED;
    // Deny wins: any deny rule that applies decides, whatever the allow rules say.
    for (const rule of res.denies) if (matches(rule, r, docs)) return rule.applied;
    for (const rule of res.allows) if (matches(rule, r, docs)) return rule.applied;
    const first = res.allows[0];
    if (!first) return NO_RULES;
    // Nothing allows it: the reason is the first allow rule's first failing condition.
    for (let i = 0; i < first.conditions.length; i++)
      if (!first.conditions[i]?.test(r, docs)) return first.failed[i] ?? NO_RULES;
    return NO_RULES;
  }

  function explain(resourceId: string, r: AccessRequest, docs: CurrentDocuments): Explanation {
    const decision = decide(resourceId, r, docs);
    const res = compiled.get(resourceId);
    if (!res) return { decision, lines: [], summary: summaryOf(decision, undefined) };
    const lines = guardLines(res.spec, r);
    for (const rule of [...res.denies, ...res.allows]) {
      const applies = matches(rule, r, docs);
      lines.push(
        line(
          rule.effect === 'allow' ? applies : !applies,
          `rule "${rule.id}" (${rule.effect}) ${applies ? 'applies' : 'does not apply'}`,
          `नियम "${rule.id}" (${rule.effect === 'allow' ? 'अनुमति' : 'निषेध'}) ${applies ? 'लागू होता है' : 'लागू नहीं होता'}`,
        ),
      );
      for (const c of rule.conditions) {
        const text = c.describe(r, docs);
        lines.push(line(c.test(r, docs), `  ${text.en}`, `  ${text.hi}`));
      }
    }
    const summary = summaryOf(decision, res.allows[0]);
    // A refusal by a failed condition says the condition in words, not only its code.
    const failed = res.allows[0]?.conditions.find((c) => c.reason === decision.reason && !c.test(r, docs));
    if (failed && decision.rule === res.allows[0]?.id) {
      const text = failed.describe(r, docs);
      return {
        decision,
        lines,
        summary: {
          en: `Denied: no rule allows it; the first, "${decision.rule}", needs: ${text.en}.`,
          hi: `अस्वीकृत: कोई नियम अनुमति नहीं देता; पहले नियम "${decision.rule}" की शर्त: ${text.hi}।`,
        },
      };
    }
    return { decision, lines, summary };
  }

  // Every document kind the file requires: at a profile's acknowledgements step or in a rule's condition.
  const documentKinds = [
    ...new Set([
      ...profiles.portal.acknowledge,
      ...profiles.console.acknowledge,
      ...spec.resources.flatMap((r) =>
        r.rules.flatMap((rule) => (rule.allow ?? rule.deny)?.acknowledged ?? []),
      ),
    ]),
  ];

  return {
    hash,
    source,
    resources,
    documentKinds,
    resource: (id) => compiled.get(id)?.spec,
    profile: (channel) => profiles[channel],
    decide,
    explain,
  };
}
