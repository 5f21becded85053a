import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sha256 } from '../crypto/index.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import {
  AgentReportSchema,
  PairRequestSchema,
  checkPairRequest,
  verifyAgentReport,
  type ReportRejection,
} from '../policy/index.ts';
import { COOKIE, routesPlugin } from '../web/index.ts';
import {
  issuePairingCode,
  issueReportNonce,
  pendingPairingCode,
  takePairingCode,
  takeReportNonce,
  type NonceBinding,
} from './inspector-codes.ts';
import { INSPECTOR_SCRIPT_PATH, renderInspectorPage, renderPairPage } from './inspector-pages.ts';
import { nextStepPath } from './sign-in-context.ts';
import { findDeviceInspector, setDeviceInspectorKey } from './inspector-repository.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

/**
 * The optional endpoint inspector (bin/dwaar-inspect.js). Its key is paired with a device at the trust step
 * (a one-time code the officer asked for there); a signed-in officer gets a one-time nonce bound to the
 * session and its device, and the inspector's signed report, once verified with that device's key, becomes
 * the session's posture, which the access policy reads. The two POSTs come from the script, not a browser:
 * they carry no cookies, and the code or nonce with the signature is their whole authority.
 */

/** The trust form's opt-in, read beside the lead's own TrustForm. */
const PairOptIn = z.object({ inspector: z.literal('yes') });

const REJECTION_ERROR = {
  NO_KEY: 'INSPECTOR_NOT_PAIRED',
  BAD_SIGNATURE: 'INSPECTOR_BAD_SIGNATURE',
  WRONG_NONCE: 'INSPECTOR_BAD_SIGNATURE',
  STALE: 'INSPECTOR_STALE',
} as const satisfies Record<ReportRejection, ErrorCode>;

/** Where the script lives in the repository: officers download it from their own portal, never a registry. */
const SCRIPT_FILE = new URL('../../bin/dwaar-inspect.js', import.meta.url);

/**
 * Called by the trust step after it trusted this browser: when the officer also ticked "pair the inspector",
 * issues the device's pairing code and answers true (the step then shows the pairing page).
 */
export async function offerInspectorPairing(
  deps: Pick<PortalDeps, 'kv' | 'keyring'>,
  body: unknown,
  deviceCookie: string,
): Promise<boolean> {
  if (!PairOptIn.safeParse(body ?? {}).success) return false;
  const deviceId = deviceIdOf(deps.keyring, deviceCookie);
  if (deviceId === undefined) return false;
  await issuePairingCode(deps.kv, deviceId);
  return true;
}

/** The device a genuine device cookie (the trust step's, see device-trust.ts) names. */
function deviceIdOf(keyring: PortalDeps['keyring'], cookie: string | undefined): string | undefined {
  const value = cookie === undefined ? undefined : keyring.unsign('cookie-signing', cookie);
  return value?.startsWith('device:') ? value.slice('device:'.length) : undefined;
}

export function inspectorRoutes(deps: PortalDeps, portal: PortalSessions) {
  const { store, kv, clock, audit, config } = deps;
  const origin = config.publicUrl.origin;
  // Read when the app is built (not at import), once: it changes only with a deployment.
  const script = readFileSync(SCRIPT_FILE);

  /** Records a refused report or pairing for a known nonce or code, then stops the request. */
  async function refuse(
    request: FastifyRequest,
    code: ErrorCode,
    reason: string,
    who: { actor: string; target: string; device: string },
  ): Promise<never> {
    await audit.append({
      type: 'inspection.agent_rejected',
      actor: who.actor,
      target: who.target,
      ip: request.ip,
      detail: { reason, device: who.device, step: request.url.endsWith('/pair') ? 'pair' : 'report' },
    });
    throw new AppError(code);
  }

  return routesPlugin((app) => {
    app.get(INSPECTOR_SCRIPT_PATH, async (_request, reply) => {
      reply.header('content-type', 'text/javascript; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="dwaar-inspect.js"');
      return reply.send(script);
    });

    // The pairing code of the device this browser just trusted, shown again on reload or language switch.
    app.get('/inspector/pair', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const next = nextStepPath(deps.policy.current().profile('portal').steps, 'trust');
      const deviceId = deviceIdOf(deps.keyring, request.cookies[COOKIE.device]);
      const device = deviceId === undefined ? undefined : await findDeviceInspector(store.db, deviceId);
      if (!device || device.revoked_at !== null)
        return reply.page(renderPairPage(request, { kind: 'not-trusted', next }));
      if (device.inspector_key !== null) return reply.page(renderPairPage(request, { kind: 'paired', next }));
      const code = await pendingPairingCode(kv, device.id);
      return reply.page(
        renderPairPage(request, code ? { kind: 'code', code, origin, next } : { kind: 'none', next }),
      );
    });

    app.post('/inspector/pair', async (request, reply) => {
      const parsed = PairRequestSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new AppError('INSPECTOR_MALFORMED');
      const deviceId = await takePairingCode(kv, parsed.data.code);
      if (deviceId === undefined) {
        await audit.append({ type: 'inspection.agent_unknown_code', actor: 'anonymous', ip: request.ip });
        throw new AppError('INSPECTOR_CODE_UNKNOWN');
      }
      const who = { actor: 'anonymous', target: deviceId, device: deviceId };
      const proof = checkPairRequest(parsed.data);
      if (!proof.ok) return refuse(request, 'INSPECTOR_PAIR_SIGNATURE', proof.reason, who);
      const device = await findDeviceInspector(store.db, deviceId);
      if (!device || device.revoked_at !== null)
        return refuse(request, 'INSPECTOR_DEVICE_REVOKED', 'DEVICE_REVOKED', who);
      const paired = await store.db.transaction().execute(async (trx) => {
        if (!(await setDeviceInspectorKey(trx, deviceId, proof.publicKey, clock.now()))) return false;
        await audit.append(
          {
            type: 'device.inspector_paired',
            actor: 'anonymous',
            target: deviceId,
            ip: request.ip,
            // The key's fingerprint: enough to tell keys apart in the log without storing the key twice.
            detail: { key: sha256(proof.publicKey).slice(0, 16) },
          },
          trx,
        );
        return true;
      });
      if (!paired) return refuse(request, 'INSPECTOR_ALREADY_PAIRED', 'ALREADY_PAIRED', who);
      return reply.send({ paired: true });
    });

    app.get('/inspector', async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const session = lookup.session;
      reply.header('cache-control', 'no-store');
      const posture = session.facts.posture;
      if (session.deviceId === null)
        return reply.page(renderInspectorPage(request, { kind: 'no-device' }, posture));
      const device = await findDeviceInspector(store.db, session.deviceId);
      if (!device || device.revoked_at !== null || device.inspector_key === null)
        return reply.page(renderInspectorPage(request, { kind: 'not-paired' }, posture));
      const binding: NonceBinding = {
        sessionId: session.id,
        deviceId: session.deviceId,
        userId: session.subject.userId,
      };
      const nonce = await issueReportNonce(kv, binding);
      return reply.page(renderInspectorPage(request, { kind: 'ready', nonce, origin }, posture));
    });

    app.post('/inspector/report', async (request, reply) => {
      const parsed = AgentReportSchema.safeParse(request.body ?? {});
      if (!parsed.success) throw new AppError('INSPECTOR_MALFORMED');
      const report = parsed.data;
      // Taken first: whatever follows, this nonce has served its one attempt (a replay finds nothing).
      const bound = await takeReportNonce(kv, report.nonce);
      if (!bound) {
        await audit.append({ type: 'inspection.agent_unknown_code', actor: 'anonymous', ip: request.ip });
        throw new AppError('INSPECTOR_NONCE_UNKNOWN');
      }
      const who = { actor: bound.userId, target: bound.sessionId, device: bound.deviceId };
      const session = await deps.sessions.findLive(bound.sessionId);
      if (!session) return refuse(request, 'INSPECTOR_SESSION_ENDED', 'SESSION_ENDED', who);
      const device = await findDeviceInspector(store.db, bound.deviceId);
      if (session.deviceId !== bound.deviceId || !device || device.revoked_at !== null)
        return refuse(request, 'INSPECTOR_DEVICE_REVOKED', 'DEVICE_REVOKED', who);
      const check = verifyAgentReport(report, {
        nonce: report.nonce,
        inspectorKey: device.inspector_key,
        now: clock.now(),
      });
      if (!check.ok) return refuse(request, REJECTION_ERROR[check.reason], check.reason, who);
      await deps.sessions.setPosture(session.id, check.posture);
      const { at: _at, ...facts } = check.posture;
      await audit.append({
        type: 'inspection.agent_report',
        actor: bound.userId,
        target: session.id,
        ip: request.ip,
        detail: { ...facts, device: bound.deviceId },
      });
      return reply.send({ accepted: true, posture: check.posture });
    });
  });
}
