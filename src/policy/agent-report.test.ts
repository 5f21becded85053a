import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AgentReportSchema,
  PAIR_CONTEXT,
  PairRequestSchema,
  REPORT_MAX_AGE_MS,
  canonicalJson,
  checkPairRequest,
  importInspectorKey,
  reportMessage,
  verifyAgentReport,
  type AgentFacts,
} from './agent-report.ts';

const NOW = Date.UTC(2026, 11, 1, 6, 30);
const NONCE = 'n0nce-n0nce-n0nce-n0nce';
const FACTS: AgentFacts = {
  os: 'Debian GNU/Linux',
  osVersion: '12 (kernel 6.1.0)',
  osPatched: 'yes',
  diskEncryption: 'yes',
  firewall: 'unknown',
  screenLock: 'no',
};

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url') };
}

function signed(privateKey: KeyObject, over: { nonce?: string; at?: number; facts?: AgentFacts } = {}) {
  const nonce = over.nonce ?? NONCE;
  const at = over.at ?? NOW - 1000;
  const facts = over.facts ?? FACTS;
  const signature = sign(null, Buffer.from(reportMessage(nonce, facts, at)), privateKey).toString(
    'base64url',
  );
  return AgentReportSchema.parse({ nonce, at, facts, signature });
}

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
});

describe('verifyAgentReport', () => {
  const { privateKey, spki } = keyPair();
  const expected = { nonce: NONCE, inspectorKey: spki, now: NOW };

  it('accepts a fresh report signed with the device key, stamping the verification time', () => {
    const check = verifyAgentReport(signed(privateKey), expected);
    expect(check).toEqual({ ok: true, posture: { ...FACTS, at: NOW } });
  });

  it('refuses a device without a key, or with a key that is not Ed25519', () => {
    expect(verifyAgentReport(signed(privateKey), { ...expected, inspectorKey: null })).toEqual({
      ok: false,
      reason: 'NO_KEY',
    });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const rsaSpki = rsa.export({ type: 'spki', format: 'der' }).toString('base64url');
    expect(verifyAgentReport(signed(privateKey), { ...expected, inspectorKey: rsaSpki }).ok).toBe(false);
  });

  it('refuses a report signed by another key (a forged or another device’s report)', () => {
    const other = keyPair();
    expect(verifyAgentReport(signed(other.privateKey), expected)).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('refuses facts changed after signing', () => {
    const report = signed(privateKey);
    const tampered = {
      ...report,
      facts: { ...report.facts, diskEncryption: 'yes' as const, firewall: 'yes' as const },
    };
    expect(verifyAgentReport(tampered, expected)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyAgentReport({ ...report, at: report.at + 1 }, expected).ok).toBe(false);
  });

  it('refuses a report for another nonce, even when genuinely signed', () => {
    const report = signed(privateKey, { nonce: 'another-nonce-another' });
    expect(verifyAgentReport(report, expected)).toEqual({ ok: false, reason: 'WRONG_NONCE' });
  });

  it('refuses a report older than five minutes, or from five minutes ahead', () => {
    expect(verifyAgentReport(signed(privateKey, { at: NOW - REPORT_MAX_AGE_MS }), expected).ok).toBe(true);
    expect(verifyAgentReport(signed(privateKey, { at: NOW - REPORT_MAX_AGE_MS - 1 }), expected)).toEqual({
      ok: false,
      reason: 'STALE',
    });
    expect(verifyAgentReport(signed(privateKey, { at: NOW + REPORT_MAX_AGE_MS + 1 }), expected)).toEqual({
      ok: false,
      reason: 'STALE',
    });
  });

  it('refuses a pairing signature offered as a report signature', () => {
    const report = signed(privateKey);
    const pairSig = sign(null, Buffer.from(PAIR_CONTEXT + 'ABCD'), privateKey).toString('base64url');
    expect(verifyAgentReport({ ...report, signature: pairSig }, expected).ok).toBe(false);
  });
});

describe('the report schema', () => {
  it('refuses unknown fields, unknown posture values and control characters', () => {
    const base = { nonce: NONCE, at: NOW, facts: FACTS, signature: 'abc' };
    expect(AgentReportSchema.safeParse(base).success).toBe(true);
    expect(AgentReportSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(AgentReportSchema.safeParse({ ...base, facts: { ...FACTS, firewall: 'maybe' } }).success).toBe(
      false,
    );
    expect(AgentReportSchema.safeParse({ ...base, facts: { ...FACTS, os: 'Linux\u001b[31m' } }).success).toBe(
      false,
    );
    expect(AgentReportSchema.safeParse({ ...base, facts: { ...FACTS, os: 'x'.repeat(101) } }).success).toBe(
      false,
    );
  });
});

describe('checkPairRequest', () => {
  const { privateKey, spki } = keyPair();
  const pairSig = (code: string, key = privateKey) =>
    sign(null, Buffer.from(PAIR_CONTEXT + code), key).toString('base64url');

  it('accepts a key that signed the code, and returns it normalised', () => {
    const request = PairRequestSchema.parse({
      code: 'ABCD2345',
      publicKey: spki,
      signature: pairSig('ABCD2345'),
    });
    expect(checkPairRequest(request)).toEqual({ ok: true, publicKey: spki });
    expect(importInspectorKey(spki)?.asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a key that did not sign this code (proof of possession)', () => {
    const other = keyPair();
    const request = PairRequestSchema.parse({
      code: 'ABCD2345',
      publicKey: spki,
      signature: pairSig('ABCD2345', other.privateKey),
    });
    expect(checkPairRequest(request)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    const wrongCode = PairRequestSchema.parse({
      code: 'ABCD2345',
      publicKey: spki,
      signature: pairSig('WXYZ2345'),
    });
    expect(checkPairRequest(wrongCode).ok).toBe(false);
  });

  it('refuses something that is not an Ed25519 key', () => {
    const request = PairRequestSchema.parse({
      code: 'ABCD2345',
      publicKey: 'AAAA',
      signature: pairSig('ABCD2345'),
    });
    expect(checkPairRequest(request)).toEqual({ ok: false, reason: 'BAD_KEY' });
  });
});
