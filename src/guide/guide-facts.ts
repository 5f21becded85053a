import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { findCurrentDocument } from '../documents/index.ts';
import { MIN_BROWSER } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import type { PolicyRuntime } from '../policy/index.ts';
import type { Config } from '../config.ts';
import type { ResourceTable } from '../gateway/index.ts';
import type { Clock } from '../clock.ts';

/** Raised when the guide's wording changes, so the version moves even if the configuration does not. */
const GUIDE_EDITION = 1;

/** Everything the guide says that comes from the live configuration. Plain data, hashed for the version. */
export interface GuideFacts {
  readonly edition: number;
  readonly portalUrl: string;
  readonly resources: readonly {
    readonly nameEn: string;
    readonly nameHi: string;
    readonly purposeEn: string;
    readonly purposeHi: string;
  }[];
  readonly helpdeskPhone: string;
  readonly idleMinutes: number;
  readonly absoluteHours: number;
  readonly lockout: {
    readonly maxFailures: number;
    readonly firstLockMinutes: number;
    readonly maxLockHours: number;
  };
  readonly activationTtlHours: number;
  readonly reopenGraceDays: number;
  readonly minBrowser: { readonly chromium: number; readonly firefox: number; readonly safari: number };
  readonly disclaimerVersion: number | null;
  readonly confidentialityVersion: number | null;
}

export type GuideDeps = {
  readonly config: Config;
  readonly resources: ResourceTable;
  readonly clock: Clock;
  readonly policy: Pick<PolicyRuntime, 'current'>;
};

/** Reads the facts from the configuration, the resource table and the current documents. */
export async function collectGuideFacts(
  db: Kysely<Database> | Transaction<Database>,
  deps: GuideDeps,
): Promise<GuideFacts> {
  const { config } = deps;
  const now = deps.clock.now();
  const disclaimer = await findCurrentDocument(db, 'disclaimer', now);
  const confidentiality = await findCurrentDocument(db, 'confidentiality', now);
  // The officers' limits are the portal's access profile's, where it sets them.
  const profile = deps.policy.current().profile('portal');
  const idleS = profile.idleTimeoutS ?? config.session.idleTimeoutS;
  const absoluteS = profile.absoluteTimeoutS ?? config.session.absoluteTimeoutS;
  return {
    edition: GUIDE_EDITION,
    portalUrl: config.publicUrl.origin,
    resources: deps.resources
      .all()
      .filter((r) => r.enabled)
      .map((r) => ({ nameEn: r.nameEn, nameHi: r.nameHi, purposeEn: r.purposeEn, purposeHi: r.purposeHi })),
    helpdeskPhone: config.helpdeskPhone,
    idleMinutes: Math.round(idleS / 60),
    absoluteHours: Math.round((absoluteS / 3600) * 10) / 10,
    lockout: {
      maxFailures: config.lockout.maxFailures,
      firstLockMinutes: Math.max(1, Math.round(config.lockout.baseLockS / 60)),
      maxLockHours: Math.max(1, Math.round(config.lockout.maxLockS / 3600)),
    },
    activationTtlHours: config.provisioning.activationTtlHours,
    reopenGraceDays: config.provisioning.reopenGraceDays,
    minBrowser: { ...MIN_BROWSER },
    disclaimerVersion: disclaimer?.version ?? null,
    confidentialityVersion: confidentiality?.version ?? null,
  };
}

/** The guide's version: the first 12 hex digits of the SHA-256 of the facts it was built from. */
export function hashGuideFacts(facts: GuideFacts): string {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 12);
}
