import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { AgentPosture, PostureValue } from './model.ts';

/**
 * The inspector's signed report, checked without I/O: the shape, the Ed25519 signature over the canonical
 * text, and freshness. The portal supplies the device's key and the nonce it issued; what this module
 * accepts becomes the session's `AgentPosture`, which the policy reads. bin/dwaar-inspect.js builds the
 * same texts (it cannot import this file: it must run alone on an officer's PC).
 */

/** Prefixes of the signed texts: a signature made for pairing can never pass for a report, or back. */
export const REPORT_CONTEXT = 'dwaar-inspect report v1\n';
export const PAIR_CONTEXT = 'dwaar-inspect pair v1\n';

/** A report signed longer ago than this (or this far in the future: clock skew) is refused. */
export const REPORT_MAX_AGE_MS = 5 * 60_000;

const Posture = z.enum(['yes', 'no', 'unknown']);
/** Free text from the PC: bounded, and without control characters (it is shown and audited). */
const Label = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]*$/u);
const Base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

export const AgentFactsSchema = z
  .object({
    os: Label,
    osVersion: Label,
    osPatched: Posture,
    diskEncryption: Posture,
    firewall: Posture,
    screenLock: Posture,
  })
  .strict();
export type AgentFacts = z.infer<typeof AgentFactsSchema>;

export const AgentReportSchema = z
  .object({
    nonce: Base64url.min(16).max(64),
    at: z.number().int().nonnegative(),
    facts: AgentFactsSchema,
    signature: Base64url.max(200),
  })
  .strict();
export type AgentReport = z.infer<typeof AgentReportSchema>;

export const PairRequestSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{4,32}$/),
    // An Ed25519 SPKI is 44 bytes (59 base64url characters); anything far larger is not one.
    publicKey: Base64url.max(120),
    signature: Base64url.max(200),
  })
  .strict();
export type PairRequest = z.infer<typeof PairRequestSchema>;

/** JSON with keys sorted at every level and no spaces: both sides rebuild the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The exact text a report's signature covers. */
export function reportMessage(nonce: string, facts: AgentFacts, at: number): string {
  return REPORT_CONTEXT + canonicalJson({ at, facts, nonce });
}

/** An Ed25519 public key from its SPKI (DER, base64url); undefined for anything else. */
export function importInspectorKey(spki: string): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

function verifyText(key: KeyObject, text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export type PairCheck =
  | { readonly ok: true; readonly publicKey: string }
  | { readonly ok: false; readonly reason: 'BAD_KEY' | 'BAD_SIGNATURE' };

/**
 * A pairing request proves it holds the private half of the key it registers (it signs the one-time code),
 * so nobody can register a key they cannot sign with. Returns the key normalised to its SPKI.
 */
export function checkPairRequest(request: PairRequest): PairCheck {
  const key = importInspectorKey(request.publicKey);
  if (!key) return { ok: false, reason: 'BAD_KEY' };
  if (!verifyText(key, PAIR_CONTEXT + request.code, request.signature))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true, publicKey: key.export({ type: 'spki', format: 'der' }).toString('base64url') };
}

export type ReportRejection = 'NO_KEY' | 'BAD_SIGNATURE' | 'STALE' | 'WRONG_NONCE';

export type ReportCheck =
  | { readonly ok: true; readonly posture: AgentPosture }
  | { readonly ok: false; readonly reason: ReportRejection };

/**
 * Checks a parsed report against the nonce the portal issued for this session and the device's key. The
 * signature comes first: an unsigned claim about the time or nonce is not worth judging.
 */
export function verifyAgentReport(
  report: AgentReport,
  expected: { readonly nonce: string; readonly inspectorKey: string | null; readonly now: number },
): ReportCheck {
  const key = expected.inspectorKey === null ? undefined : importInspectorKey(expected.inspectorKey);
  if (!key) return { ok: false, reason: 'NO_KEY' };
  if (!verifyText(key, reportMessage(report.nonce, report.facts, report.at), report.signature))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  if (report.nonce !== expected.nonce) return { ok: false, reason: 'WRONG_NONCE' };
  if (Math.abs(expected.now - report.at) > REPORT_MAX_AGE_MS) return { ok: false, reason: 'STALE' };
  const f = report.facts;
  return {
    ok: true,
    posture: {
      os: f.os,
      osVersion: f.osVersion,
      osPatched: f.osPatched satisfies PostureValue,
      diskEncryption: f.diskEncryption,
      firewall: f.firewall,
      screenLock: f.screenLock,
      at: expected.now,
    },
  };
}
