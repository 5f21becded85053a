import type { AccountStatus, Role } from '../accounts/table.ts';
import type { OfficeStatus } from '../directory/table.ts';

/**
 * The access policy's vocabulary: what a compiled policy file holds, what the runtime tells it about a
 * request, and what it answers. Plain data, no I/O: the gateway evaluates it on every request.
 */

export type SecondFactorUsed = 'none' | 'totp' | 'recovery' | 'passkey';
/** What a profile or rule asks of the second factor: any (TOTP, recovery code or passkey), or one kind. */
export type SecondFactorNeed = 'any' | 'totp' | 'passkey';
export type PostureValue = 'yes' | 'no' | 'unknown';

/** The inspector's signed report, once verified (see the inspector). */
export interface AgentPosture {
  readonly os: string;
  readonly osVersion: string;
  readonly osPatched: PostureValue;
  readonly diskEncryption: PostureValue;
  readonly firewall: PostureValue;
  readonly screenLock: PostureValue;
  /** When the report was verified (ms). */
  readonly at: number;
}
export const POSTURE_CHECKS = ['os_patched', 'disk_encryption', 'firewall', 'screen_lock'] as const;
export type PostureCheck = (typeof POSTURE_CHECKS)[number];

/** What the policy knows about the person: from the account and the directory, held with the session. */
export interface PersonFacts {
  readonly accountId: number;
  readonly userId: string;
  readonly role: Role;
  readonly accountStatus: AccountStatus;
  readonly zone: string | null;
  readonly district: string | null;
  readonly wing: string | null;
  readonly rank: string | null;
  /** The district office's status, for officers; null when unknown (staff, or no placement). */
  readonly officeStatus: OfficeStatus | null;
  readonly validUntil: number | null;
  /** Set when the district office reopened: access continues until then (the grace period). */
  readonly accessEndsAt: number | null;
  /** HQ approved access as an exception although the office is open. */
  readonly openOfficeException: boolean;
  /** Document kind → the highest version this person has acknowledged. */
  readonly acknowledged: ReadonlyMap<string, number>;
}

/** What the policy knows about the session the request belongs to. */
export interface SessionFacts {
  readonly secondFactor: SecondFactorUsed;
  /** The session's device is one the officer chose to trust, and it has not been revoked. */
  readonly deviceTrusted: boolean;
  /** The inspector's verified report for this session, if any. */
  readonly posture: AgentPosture | null;
}

/** One request, as the policy sees it. */
export interface AccessRequest {
  readonly person: PersonFacts;
  readonly session: SessionFacts;
  /** The client's address (after trusted proxies). */
  readonly ip: string;
  readonly now: number;
}

/** Document kind → its current version: what "acknowledged at the current version" compares against. */
export type CurrentDocuments = ReadonlyMap<string, number>;

export type DenyReason =
  | 'UNKNOWN_RESOURCE'
  | 'RESOURCE_DISABLED'
  | 'ACCOUNT_NOT_ACTIVE'
  | 'ACCESS_EXPIRED'
  | 'DENIED_BY_RULE'
  | 'NO_RULES'
  | 'ROLE_NOT_GRANTED'
  | 'ZONE_NOT_GRANTED'
  | 'DISTRICT_NOT_GRANTED'
  | 'WING_NOT_GRANTED'
  | 'RANK_NOT_GRANTED'
  | 'OFFICE_OPEN'
  | 'OFFICE_CLOSED'
  | 'ACKNOWLEDGEMENT_REQUIRED'
  | 'SECOND_FACTOR_REQUIRED'
  | 'DEVICE_NOT_TRUSTED'
  | 'POSTURE_REQUIRED'
  | 'POSTURE_FAILED'
  | 'OUTSIDE_HOURS'
  | 'NETWORK_NOT_ALLOWED';

export interface Decision {
  readonly effect: 'allow' | 'deny';
  readonly reason: 'GRANTED' | DenyReason;
  /** The id of the rule that made the decision; undefined for a built-in check. */
  readonly rule: string | undefined;
  /** What the failed condition needed, e.g. the document kind or the second factor. */
  readonly detail?: string | undefined;
}

/** One line of an explanation: a check, whether it held, and why, in English and Hindi. */
export interface ExplainLine {
  readonly ok: boolean;
  readonly en: string;
  readonly hi: string;
}

export interface Explanation {
  readonly decision: Decision;
  /** The built-in checks, then each rule in order with its conditions. */
  readonly lines: readonly ExplainLine[];
  /** One sentence: the decision and the rule that made it. */
  readonly summary: { readonly en: string; readonly hi: string };
}

/** A resource as the policy file declares it. */
export interface ResourceSpec {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly purposeEn: string;
  readonly purposeHi: string;
  /** Host name without port, lower case, e.g. `boweb.localhost`. */
  readonly host: string;
  readonly upstream: URL;
  readonly enabled: boolean;
  readonly websocket: boolean;
  /** Largest request body forwarded, bytes. */
  readonly bodyLimit: number;
  /** The gateway inserts the session bar's tag into this resource's HTML. */
  readonly sessionBar: boolean;
}

export const SIGN_IN_STEPS = [
  'inspection',
  'trust',
  'disclaimer',
  'acknowledgements',
  'password',
  'second_factor',
] as const;
export type SignInStep = (typeof SIGN_IN_STEPS)[number];
export type Channel = 'portal' | 'console';

/** An access profile: the sign-in steps and session limits of one channel. */
export interface ProfileSpec {
  readonly name: string;
  readonly steps: readonly SignInStep[];
  /** Undefined: the deployment's configured limits apply. */
  readonly idleTimeoutS: number | undefined;
  readonly absoluteTimeoutS: number | undefined;
  /** Live sessions one person may hold; at the limit they choose which to end. */
  readonly maxSessions: number;
  /** Document kinds acknowledged at the `acknowledgements` step. */
  readonly acknowledge: readonly string[];
  /** The second factor this role must use when signing in through this profile. */
  secondFactorFor(role: Role): SecondFactorNeed;
}

/** A loaded, validated and compiled policy file. Immutable: a reload makes a new one. */
export interface CompiledPolicy {
  /** SHA-256 of the file's bytes, hex. */
  readonly hash: string;
  readonly source: string;
  readonly resources: readonly ResourceSpec[];
  /** Every document kind the policy requires, at a profile's acknowledgements step or in a rule. */
  readonly documentKinds: readonly string[];
  resource(id: string): ResourceSpec | undefined;
  profile(channel: Channel): ProfileSpec;
  /** The decision for one request; under 2 µs (bench/policy.bench.ts). */
  decide(resourceId: string, request: AccessRequest, documents: CurrentDocuments): Decision;
  /** The same decision, with every check in words. */
  explain(resourceId: string, request: AccessRequest, documents: CurrentDocuments): Explanation;
}

/** A problem in a policy file: where, what, and how to fix it. */
export interface PolicyProblem {
  readonly line: number;
  readonly column: number;
  /** The field, as a path: `resources[0].rules[1].allow.wing`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

export type PolicyLoad =
  | { readonly ok: true; readonly policy: CompiledPolicy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** Why a policy was (re)loaded. */
/** `peer`: another node applied a new policy (from its console or a signal) and told the others to reload. */
export type ReloadTrigger = 'start' | 'watch' | 'signal' | 'console' | 'peer';

export type ReloadResult =
  | { readonly ok: true; readonly hash: string; readonly changed: boolean }
  | { readonly ok: false; readonly hash: string; readonly problems: readonly PolicyProblem[] };

/**
 * The live policy of this node: the compiled file, swapped whole on a good reload (a bad file never
 * replaces a good one), and the current version of every document kind.
 */
export interface PolicyRuntime {
  current(): CompiledPolicy;
  documents(): CurrentDocuments;
  /** Where the policy file lives. */
  readonly path: string;
  /** Reads the file again; applies it when it is valid and different; records and audits either way. */
  reload(trigger: ReloadTrigger, actor?: string): Promise<ReloadResult>;
  /** Re-reads the current version of each document kind (after a new version is published). */
  refreshDocuments(): Promise<void>;
  /**
   * A new version of a document was published: re-reads them here and tells every node. Live sessions whose
   * person acknowledged an older version are refused from their next request on until they acknowledge.
   */
  documentsChanged(): Promise<void>;
  /** Told after each applied reload. */
  onChange(listener: (policy: CompiledPolicy) => void): () => void;
  close(): void;
}
