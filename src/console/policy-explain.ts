import { isIP } from 'node:net';
import type { Kysely } from 'kysely';
import { findAccountByUserId, normaliseUserId } from '../accounts/index.ts';
import { formatDateTime, indiaTime, parseDay, translator, type Lang } from '../i18n/index.ts';
import { loadPersonFacts } from '../login/index.ts';
import type {
  CompiledPolicy,
  CurrentDocuments,
  Explanation,
  PersonFacts,
  Placement,
  ResourceSpec,
  SecondFactorUsed,
} from '../policy/index.ts';
import type { Database } from '../store/index.ts';

/**
 * One explanation of an access decision, shared by the console and `dwaar policy explain`: the person's
 * facts as the gateway would load them, a session described by the caller's assumptions (nothing is signed
 * in), and the compiled policy's own `explain`.
 */

/** The second factors a session can have been opened with, as the form and `--second-factor` name them. */
export const SECOND_FACTORS = [
  'totp',
  'passkey',
  'recovery',
  'none',
] as const satisfies readonly SecondFactorUsed[];
/** The address assumed when none is given: loopback matches no department network, so it never widens access. */
export const DEFAULT_IP = '127.0.0.1';

/** What explain assumes about the session, since there is none. */
export interface SessionAssumptions {
  readonly at: number;
  readonly secondFactor: SecondFactorUsed;
  readonly deviceTrusted: boolean;
  readonly ip: string;
}

export interface ExplainResult {
  readonly person: PersonFacts;
  readonly resource: ResourceSpec;
  readonly explanation: Explanation;
  readonly assumptions: SessionAssumptions;
}

/**
 * A time as people type it: `dd-mm-yyyy HH:MM` in India time (also with / or .), or ISO 8601 with a time
 * and a zone (`2026-12-01T10:30:00Z`, `…+05:30`). Undefined when it names no real instant.
 */
export function parseAt(text: string): number | undefined {
  const s = text.trim();
  // ISO only with an explicit zone: a bare "2026-12-01T10:30" would be read in the server's own zone.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const ms = Date.parse(s);
    return Number.isFinite(ms) ? ms : undefined;
  }
  const local = /^(\S+)[ ,]+(\d{1,2}):(\d{2})$/.exec(s);
  const day = local ? parseDay(local[1] ?? '') : null;
  const hour = Number(local?.[2]);
  const minute = Number(local?.[3]);
  if (!day || hour > 23 || minute > 59) return undefined;
  return indiaTime(day, hour, minute);
}

/** True for an IPv4 or IPv6 address (no ranges, no host names). */
export const isAddress = (text: string): boolean => isIP(text) !== 0;

/** The person behind a user ID, with the facts the policy decides on; undefined when no account has it. */
export async function findPerson(db: Kysely<Database>, userId: string): Promise<PersonFacts | undefined> {
  const account = await findAccountByUserId(db, normaliseUserId(userId));
  if (!account) return undefined;
  return (await loadPersonFacts(db, account)).person;
}

/** Where a person sits in the directory, for the staff member's reach. */
export const placementOf = (person: PersonFacts): Placement => ({
  zoneId: person.zone,
  districtId: person.district,
});

/** The explanation, or the resource ids there are when the policy has no `resourceId`. */
export function explainFor(
  policy: CompiledPolicy,
  documents: CurrentDocuments,
  person: PersonFacts,
  resourceId: string,
  assumptions: SessionAssumptions,
): ExplainResult | { readonly unknownResource: readonly string[] } {
  const resource = policy.resource(resourceId);
  if (!resource) return { unknownResource: policy.resources.map((r) => r.id) };
  const request = {
    person,
    session: {
      secondFactor: assumptions.secondFactor,
      deviceTrusted: assumptions.deviceTrusted,
      posture: null,
    },
    ip: assumptions.ip,
    now: assumptions.at,
  };
  return { person, resource, assumptions, explanation: policy.explain(resource.id, request, documents) };
}

/** The explanation's parts in one language: what the console shows and the CLI prints. */
export function explanationParts(result: ExplainResult, lang: Lang) {
  const t = translator(lang);
  const { person, resource, explanation, assumptions } = result;
  const dash = t('policy.unknownValue');
  const rule = explanation.decision.rule;
  return {
    title: t('policy.resultTitle', {
      user: person.userId,
      resource: lang === 'hi' ? resource.nameHi : resource.nameEn,
    }),
    verdict: t(`policy.decision_${explanation.decision.effect}`),
    summary: explanation.summary[lang],
    decidedBy: rule === undefined ? t('policy.decidedBuiltIn') : t('policy.decidedBy', { rule }),
    person: t('policy.person', {
      user: person.userId,
      role: t(`role_${person.role}`),
      zone: person.zone ?? dash,
      district: person.district ?? dash,
      wing: person.wing ?? dash,
      rank: person.rank ?? dash,
    }),
    checks: explanation.lines.map((l) => ({ ok: l.ok, text: l[lang] })),
    assumptions: [
      t('policy.assumeAt', { at: formatDateTime(lang, assumptions.at) }),
      t('policy.assumeSecondFactor', { factor: t(`policy.sf_${assumptions.secondFactor}`) }),
      t('policy.assumeDevice', { value: t(assumptions.deviceTrusted ? 'policy.yes' : 'policy.no') }),
      t('policy.assumeIp', { ip: assumptions.ip }),
      t('policy.assumePosture'),
    ],
  };
}

/** The explanation as plain text lines, for the terminal. */
export function explanationText(result: ExplainResult, lang: Lang): string[] {
  const t = translator(lang);
  const p = explanationParts(result, lang);
  return [
    `${p.title}: ${p.verdict}`,
    p.summary,
    p.decidedBy,
    p.person,
    '',
    `${t('policy.checksCaption')}:`,
    ...p.checks.map((c) => `  [${c.ok ? t('policy.held') : t('policy.failed')}] ${c.text}`),
    '',
    `${t('policy.assumptions')}:`,
    ...p.assumptions.map((a) => `  - ${a}`),
  ];
}
