import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random, URL-safe token with `bytes` of entropy (default 32 bytes = 256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 in base64url: for storing high-entropy secrets (tokens, session secrets) without storing them. */
export function sha256(value: string): string {
  // One-shot hash (Node ≥ 20.12): no hash object per call; this runs on the proxy path.
  return hash('sha256', value, 'base64url');
}

/** Compares two strings without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Splits an `id.secret` token; returns undefined for anything malformed. */
export function splitToken(token: string | undefined): { id: string; secret: string } | undefined {
  if (!token || token.length > 200) return undefined;
  const dot = token.indexOf('.');
  if (dot < 1 || dot === token.length - 1) return undefined;
  return { id: token.slice(0, dot), secret: token.slice(dot + 1) };
}
