import { sign, type KeyObject } from 'node:crypto';
import type { Subject } from '../session/index.ts';

/** Claims of `X-Dwaar-Assertion`. */
export interface AssertionClaims {
  sub: string;
  name: string;
  zone: string | null;
  district: string | null;
  wing: string | null;
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
export function createAssertionSigner(kid: string, privateKey: KeyObject): AssertionSigner {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid })).toString('base64url');
  return {
    kid,
    sign(subject, sessionId, audience, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const claims: AssertionClaims = {
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
