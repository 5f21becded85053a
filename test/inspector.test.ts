import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIR_CONTEXT } from '../src/policy/agent-report.ts';
import { issuePairingCode, issueReportNonce } from '../src/portal/inspector-codes.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser } from './http-client.ts';
import { FACTS, inspectorSteps, postJson, runScript, signedReport } from './inspector-steps.ts';
import { TEST_DIALECTS, TEST_REDIS_URL } from './test-env.ts';

/**
 * The endpoint inspector end to end over HTTP: the officer trusts the site and asks to pair, the real
 * script (a child process) pairs with the code and reports with the session's nonce, and the session
 * carries the verified posture. Then every way a report must be refused, each leaving nothing stored.
 */

describe.each(TEST_DIALECTS)('the endpoint inspector on %s', (dialect) => {
  let t: TestApp;
  let home: string;
  let factsFile: string;

  beforeAll(async () => {
    // On PostgreSQL the one-time codes live in Redis too, as with several nodes.
    t = await createTestApp({ dialect, redis: dialect === 'postgres' && Boolean(TEST_REDIS_URL) });
    home = mkdtempSync(join(tmpdir(), 'dwaar-inspect-'));
    factsFile = join(home, 'facts.json');
    writeFileSync(factsFile, JSON.stringify(FACTS));
  });
  afterAll(async () => {
    await t.close();
    rmSync(home, { recursive: true, force: true });
  });

  const { url, signInTrusted, sessionOf, nonceFrom } = inspectorSteps(() => t);

  async function auditOf(type: string) {
    return t.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'actor', 'target', 'detail'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();
  }

  const owner = new Browser();
  let ownerKey: KeyObject;

  it('pairs the real script at the trust step and accepts its signed report for the session', async () => {
    const code = await signInTrusted(owner, true);
    const paired = await runScript(['pair', t.portalOrigin, code ?? ''], home, factsFile);
    expect(paired.stderr).toBe('');
    expect(paired.code).toBe(0);
    const keyFile = join(home, `localhost_${t.port}.key.pem`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    ownerKey = createPrivateKey(readFileSync(keyFile));

    const session = await sessionOf(owner);
    const device = await t.deps.store.db
      .selectFrom('devices')
      .select(['inspector_key'])
      .where('id', '=', session.deviceId ?? '')
      .executeTakeFirstOrThrow();
    expect(device.inspector_key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await owner.fetch(url('/inspector/pair'))).body).toContain(
      'The inspector is paired with this device.',
    );
    expect(await auditOf('device.inspector_paired')).toHaveLength(1);

    // The code served once: pairing again with it is refused.
    const again = await runScript(['pair', t.portalOrigin, code ?? ''], home, factsFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('404');

    expect(session.facts.posture).toBeNull();
    const report = await runScript(['report', t.portalOrigin, await nonceFrom(owner)], home, factsFile);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const after = await sessionOf(owner);
    expect(after.facts.posture).toEqual({ ...FACTS, at: t.clock.now() });
    const stored = await t.deps.store.db
      .selectFrom('sessions')
      .select(['posture', 'posture_at'])
      .where('id', '=', after.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.posture ?? 'null')).toMatchObject(FACTS);
    const audited = await auditOf('inspection.agent_report');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor: 'officer1', target: after.id });

    // The officer sees the findings in words, in both languages.
    const page = await owner.fetch(url('/inspector'));
    expect(page.body).toContain('Disk encryption');
    expect(page.body).toContain('Could not tell');
    owner.setCookie('localhost', 'dwaar_lang', 'hi');
    const hindi = await owner.fetch(url('/inspector'));
    owner.jar.get('localhost')?.delete('dwaar_lang');
    expect(hindi.body).toContain('डिस्क एन्क्रिप्शन');
    expect(hindi.body).toContain('पता नहीं चल सका');
  });

  it('shows the findings on the webtop', async () => {
    const webtop = await owner.fetch(url('/webtop'));
    expect(webtop.status).toBe(200);
    expect(webtop.body).toContain('Security updates installed');
    expect(webtop.body).toContain('href="/inspector"');
  });

  it('refuses a replayed report: the nonce serves once', async () => {
    const nonce = await nonceFrom(owner);
    const report = signedReport(ownerKey, nonce, t.clock.now());
    expect((await postJson(url('/inspector/report'), report)).status).toBe(200);
    const replay = await postJson(url('/inspector/report'), report);
    expect(replay).toMatchObject({ status: 404, json: { error: { code: 'INSPECTOR_NONCE_UNKNOWN' } } });
  });

  it('refuses a forged signature and stores nothing', async () => {
    const before = (await sessionOf(owner)).facts.posture;
    const forger = generateKeyPairSync('ed25519').privateKey;
    const nonce = await nonceFrom(owner);
    const forged = signedReport(forger, nonce, t.clock.now(), { ...FACTS, firewall: 'yes' });
    const answer = await postJson(url('/inspector/report'), forged);
    expect(answer).toMatchObject({ status: 403, json: { error: { code: 'INSPECTOR_BAD_SIGNATURE' } } });
    expect((await sessionOf(owner)).facts.posture).toEqual(before);
    // Facts changed after a genuine signature are a forgery too.
    const genuine = signedReport(ownerKey, await nonceFrom(owner), t.clock.now());
    const tampered = await postJson(url('/inspector/report'), {
      ...genuine,
      facts: { ...FACTS, firewall: 'yes' },
    });
    expect(tampered.status).toBe(403);
    expect((await sessionOf(owner)).facts.posture).toEqual(before);
    const rejected = await auditOf('inspection.agent_rejected');
    expect(rejected.map((r) => JSON.parse(r.detail) as { reason: string })).toContainEqual(
      expect.objectContaining({ reason: 'BAD_SIGNATURE' }),
    );
  });

  it('refuses a stale report, and one from the future', async () => {
    const before = (await sessionOf(owner)).facts.posture;
    const old = signedReport(ownerKey, await nonceFrom(owner), t.clock.now() - 6 * 60_000);
    expect((await postJson(url('/inspector/report'), old)).json).toMatchObject({
      error: { code: 'INSPECTOR_STALE' },
    });
    const ahead = signedReport(ownerKey, await nonceFrom(owner), t.clock.now() + 6 * 60_000);
    expect((await postJson(url('/inspector/report'), ahead)).status).toBe(422);
    expect((await sessionOf(owner)).facts.posture).toEqual(before);
  });

  it('refuses an unknown nonce and a malformed report', async () => {
    const unknown = signedReport(ownerKey, 'never-issued-never-issued', t.clock.now());
    expect((await postJson(url('/inspector/report'), unknown)).status).toBe(404);
    const malformed = await postJson(url('/inspector/report'), { nonce: 'x', facts: {} });
    expect(malformed).toMatchObject({ status: 400, json: { error: { code: 'INSPECTOR_MALFORMED' } } });
  });

  it('refuses a report made with another session’s nonce', async () => {
    // Another officer's browser, trusted and paired with a key of its own.
    const other = new Browser();
    const code = await signInTrusted(other, true, 'officer2', 'Officer@Dwaar2');
    const otherKey = generateKeyPairSync('ed25519');
    const spki = otherKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');
    const pairSignature = sign(
      null,
      Buffer.from(PAIR_CONTEXT + (code ?? '').replace('-', '')),
      otherKey.privateKey,
    );
    const paired = await postJson(url('/inspector/pair'), {
      code: (code ?? '').replace('-', ''),
      publicKey: spki,
      signature: pairSignature.toString('base64url'),
    });
    expect(paired.status).toBe(200);
    const otherBefore = (await sessionOf(other)).facts.posture;
    // The owner's inspector signs a report with the other session's nonce: the other device's key refuses it.
    const crossed = signedReport(ownerKey, await nonceFrom(other), t.clock.now(), {
      ...FACTS,
      firewall: 'yes',
    });
    expect((await postJson(url('/inspector/report'), crossed)).status).toBe(403);
    expect((await sessionOf(other)).facts.posture).toEqual(otherBefore);
  });

  it('refuses pairing without proof of the key, a second key for a paired device, and an unknown code', async () => {
    const session = await sessionOf(owner);
    const deviceId = session.deviceId ?? '';
    // Only the trust step issues codes; one issued anyway for a paired device cannot replace its key.
    const code = await issuePairingCode(t.deps.kv, deviceId);
    const intruder = generateKeyPairSync('ed25519');
    const intruderSpki = intruder.publicKey.export({ type: 'spki', format: 'der' }).toString('base64url');
    const goodSig = sign(null, Buffer.from(PAIR_CONTEXT + code), intruder.privateKey).toString('base64url');
    const replaced = await postJson(url('/inspector/pair'), {
      code,
      publicKey: intruderSpki,
      signature: goodSig,
    });
    expect(replaced).toMatchObject({ status: 409, json: { error: { code: 'INSPECTOR_ALREADY_PAIRED' } } });

    const code2 = await issuePairingCode(t.deps.kv, deviceId);
    const wrongProof = sign(null, Buffer.from(PAIR_CONTEXT + code2), ownerKey).toString('base64url');
    const unproven = await postJson(url('/inspector/pair'), {
      code: code2,
      publicKey: intruderSpki,
      signature: wrongProof,
    });
    expect(unproven).toMatchObject({ status: 400, json: { error: { code: 'INSPECTOR_PAIR_SIGNATURE' } } });
    const unknown = await postJson(url('/inspector/pair'), {
      code: 'ZZZZZZZZZZ',
      publicKey: intruderSpki,
      signature: goodSig,
    });
    expect(unknown.status).toBe(404);
    const device = await t.deps.store.db
      .selectFrom('devices')
      .select('inspector_key')
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(device.inspector_key).not.toBe(intruderSpki);
  });

  it('refuses a device without a key, and a session without a trusted device', async () => {
    const unpaired = new Browser();
    await signInTrusted(unpaired, false);
    const page = await unpaired.fetch(url('/inspector'));
    expect(page.status).toBe(200);
    expect(page.body).not.toMatch(/report http/);
    expect(page.body).toContain('not paired');
    // A nonce for it all the same (the page gives none): the report finds no key.
    const session = await sessionOf(unpaired);
    const nonce = await issueReportNonce(t.deps.kv, {
      sessionId: session.id,
      deviceId: session.deviceId ?? '',
      userId: 'officer1',
    });
    const answer = await postJson(url('/inspector/report'), signedReport(ownerKey, nonce, t.clock.now()));
    expect(answer).toMatchObject({ status: 409, json: { error: { code: 'INSPECTOR_NOT_PAIRED' } } });
    expect((await sessionOf(unpaired)).facts.posture).toBeNull();
  });

  it('serves the script itself, and asks for a session or a trusted device before anything else', async () => {
    const stranger = new Browser();
    const script = await stranger.fetch(url('/inspector/dwaar-inspect.js'));
    expect(script.status).toBe(200);
    expect(script.headers['content-disposition']).toContain('attachment');
    expect(script.body).toContain('dwaar-inspect report v1');
    expect((await stranger.fetch(url('/inspector'))).status).toBe(303);
    const pair = await stranger.fetch(url('/inspector/pair'));
    expect(pair.body).toContain('not a trusted device');
    expect(pair.body).not.toMatch(/pair http/);
  });

  it('refuses a report from a revoked device', async () => {
    const session = await sessionOf(owner);
    const nonce = await nonceFrom(owner);
    await t.deps.store.db
      .updateTable('devices')
      .set({ revoked_at: t.clock.now() })
      .where('id', '=', session.deviceId ?? '')
      .execute();
    const before = (await sessionOf(owner).catch(() => session)).facts.posture;
    const answer = await postJson(url('/inspector/report'), signedReport(ownerKey, nonce, t.clock.now()));
    expect([403, 410]).toContain(answer.status);
    expect(answer.json.accepted).toBeUndefined();
    expect(before).toEqual(session.facts.posture);
  });
});
