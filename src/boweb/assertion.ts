import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { z } from 'zod';

export const ASSERTION_HEADER = 'x-dwaar-assertion';

// The gateway signs assertions for at most 60 s; anything longer-lived is not one of ours.
const MAX_LIFETIME_SECONDS = 60;
// Generous for a compact ES256 JWT; stops us parsing megabytes of junk.
const MAX_TOKEN_LENGTH = 8 * 1024;

const identitySchema = z
  .object({
    sub: z.string().min(1),
    name: z.string(),
    zone: z.string(),
    district: z.string(),
    wing: z.string(),
    sid: z.string().min(1),
    iat: z.number(),
    exp: z.number(),
  })
  .refine((claims) => claims.exp - claims.iat <= MAX_LIFETIME_SECONDS, 'assertion lifetime exceeds 60 s');

export interface GatewayIdentity {
  readonly sub: string;
  readonly name: string;
  readonly zone: string;
  readonly district: string;
  readonly wing: string;
  readonly sid: string;
}

export type AssertionFailureReason = 'missing' | 'invalid';

export type AssertionResult =
  | { readonly ok: true; readonly identity: GatewayIdentity }
  | { readonly ok: false; readonly reason: AssertionFailureReason; readonly detail: string };

export type AssertionVerifier = (header: string | readonly string[] | undefined) => Promise<AssertionResult>;

export interface AssertionVerifierOptions {
  readonly jwksUrl: string;
  readonly audience: string;
  /** Expected `iss`: the gateway portal's public origin. */
  readonly issuer: string;
  /** Time source in milliseconds; the gateway's tests share a manual clock with BOWEB. */
  readonly now?: () => number;
}

/** Clocks of two hosts never agree exactly; a few seconds of skew must not lock officers out. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Builds a verifier; the JWKS is fetched lazily on first use and cached by jose. */
export function createAssertionVerifier(options: AssertionVerifierOptions): AssertionVerifier {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl));

  return async (header) => {
    if (header === undefined || header === '') return { ok: false, reason: 'missing', detail: 'no header' };
    // Two assertion headers means someone other than the gateway added one.
    if (typeof header !== 'string') return { ok: false, reason: 'invalid', detail: 'repeated header' };
    if (header.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'invalid', detail: 'too long' };

    try {
      const { payload } = await jwtVerify(header, jwks, {
        audience: options.audience,
        issuer: options.issuer,
        algorithms: ['ES256'],
        maxTokenAge: `${MAX_LIFETIME_SECONDS}s`,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        ...(options.now ? { currentDate: new Date(options.now()) } : {}),
        requiredClaims: ['iss', 'aud', 'sub', 'iat', 'exp'],
      });
      // jose accepts an `aud` array that merely contains ours; a token meant for several services at once
      // is not one the gateway issues, so only the exact string passes.
      if (payload.aud !== options.audience)
        return { ok: false, reason: 'invalid', detail: 'audience not exact' };
      const parsed = identitySchema.safeParse(payload);
      if (!parsed.success) return { ok: false, reason: 'invalid', detail: 'claims do not match schema' };
      const { sub, name, zone, district, wing, sid } = parsed.data;
      return { ok: true, identity: { sub, name, zone, district, wing, sid } };
    } catch (error) {
      // Fail closed on everything, including an unreachable JWKS endpoint.
      const detail = error instanceof errors.JOSEError ? error.code : 'verification error';
      return { ok: false, reason: 'invalid', detail };
    }
  };
}
