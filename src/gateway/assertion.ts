import { randomBytes, sign, type KeyObject } from 'node:crypto';
import type { Subject } from '../session/index.ts';

/** Claims of `X-Dwaar-Assertion`. */
export interface AssertionClaims {
  /** The portal's public origin: an upstream trusting several issuers can tell ours apart. */
  iss: string;
  /** Random per token, so an upstream can refuse a replayed one (RFC 7519 §4.1.7). */
  jti: string;
  sub: string;
  name: string;
  zone: string | null;
  district: string | null;
  wing: string | null;
  /**
   * The session's ID. Not a bearer secret: the cookie is `id.secret` and only the secret's hash
   * authenticates (src/session/session-id.ts), so the ID alone opens nothing and can be shown upstream.
   */
  sid: string;
  aud: string;
  iat: number;
  exp: number;
}

export const ASSERTION_TTL_S = 60;
/** A token is reused for half its life, so upstreams always get one with at least 30 s left. */
export const ASSERTION_REUSE_MS = (ASSERTION_TTL_S / 2) * 1000;

export interface AssertionSigner {
  readonly kid: string;
  sign(subject: Subject, sessionId: string, audience: string, nowMs: number): string;
}

/**
 * Signs ES256 JWTs with Node's crypto directly: the header is encoded once, and the signature is
 * the raw r||s form JWS requires (RFC 7518 §3.4).
 */
export function createAssertionSigner(kid: string, privateKey: KeyObject, issuer: string): AssertionSigner {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid })).toString('base64url');
  return {
    kid,
    sign(subject, sessionId, audience, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const claims: AssertionClaims = {
        iss: issuer,
        jti: randomBytes(16).toString('base64url'),
        sub: subject.userId,
        name: subject.displayName,
        zone: subject.zone,
        district: subject.district,
        wing: subject.wing,
        sid: sessionId,
        aud: audience,
        iat,
        exp: iat + ASSERTION_TTL_S,
      };
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${input}.${signature.toString('base64url')}`;
    },
  };
}
