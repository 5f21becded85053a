import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/index.ts';
import {
  findDeviceRow,
  findDevicesOfAccount,
  findLiveSessionRows,
  findOpenSessionIds,
  markDeviceRevoked,
  type SessionOwner,
} from './listing-queries.ts';
import type { EndReason } from './live-session.ts';

/** A live session as its owner and the console list it: where, on what, since when. */
export interface LiveSessionView {
  readonly id: string;
  readonly accountId: number;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** The place: the client's address as the gateway saw it. */
  readonly ip: string | null;
  readonly deviceId: string | null;
  readonly deviceName: string | null;
  readonly browser: BrowserFacts;
}

/** A device as its owner and the console list it. */
export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly browser: BrowserFacts;
  readonly trustedAt: number;
  readonly lastSeenAt: number;
  readonly revokedAt: number | null;
  readonly revokedBy: string | null;
}

/** A browser and its system, read from the User-Agent (names, not versions: they change every month). */
export interface BrowserFacts {
  readonly browser: string;
  readonly os: string;
}

/** Reads the browser and system names from a User-Agent; "—" where they cannot be told. */
export function browserOf(userAgent: string | null): BrowserFacts {
  const ua = userAgent ?? '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /(?:HeadlessChrome|Chrome|Chromium)\//.test(ua)
      ? 'Chrome'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Version\/[\d.]+ .*Safari\//.test(ua)
          ? 'Safari'
          : '—';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /CrOS/.test(ua)
        ? 'ChromeOS'
        : /iPhone|iPad/.test(ua)
          ? 'iOS'
          : /Mac OS X/.test(ua)
            ? 'macOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : '—';
  return { browser, os };
}

/** The name a trusted device gets until its owner renames it: "Chrome on Windows". */
export function deviceNameOf(userAgent: string | null): string {
  const { browser, os } = browserOf(userAgent);
  return `${browser} on ${os}`;
}

/** A person's or a device's live sessions, newest first. */
export async function liveSessionsOf(
  deps: { readonly store: Store; readonly clock: Clock },
  owner: SessionOwner,
): Promise<LiveSessionView[]> {
  const rows = await findLiveSessionRows(deps.store.db, owner, deps.clock.now());
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    deviceId: r.device_id,
    deviceName: r.device_name,
    browser: browserOf(r.user_agent),
  }));
}

/** A person's devices, revoked ones included. */
export async function devicesOf(deps: { readonly store: Store }, accountId: number): Promise<DeviceView[]> {
  const rows = await findDevicesOfAccount(deps.store.db, accountId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name ?? deviceNameOf(r.user_agent),
    browser: browserOf(r.user_agent),
    trustedAt: r.trusted_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
  }));
}

/** The device row, for an ownership check before acting on it. */
export function findDevice(deps: { readonly store: Store }, id: string) {
  return findDeviceRow(deps.store.db, id);
}

interface EndDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly sessions: { end(id: string, reason: EndReason, actor: string): Promise<void> };
}

/**
 * Ends every session a person or a device still holds. Each end is recorded, audited and broadcast by the
 * session store, so every node drops it at once. Returns how many were ended.
 */
export async function endSessionsOf(deps: EndDeps, owner: SessionOwner, actor: string): Promise<number> {
  const ids = await findOpenSessionIds(deps.store.db, owner);
  for (const id of ids) await deps.sessions.end(id, 'revoked', actor);
  return ids.length;
}

/**
 * Revokes a trusted device: the next sign-in in that browser asks about trust again, and every session
 * opened on it ends on every node. The caller has checked that `actor` may do this. False when it was
 * already revoked (nothing more happens, nothing is audited twice).
 */
export async function revokeDevice(
  deps: EndDeps,
  input: { deviceId: string; accountId: number | null; actor: string; ip: string; reason?: string },
): Promise<boolean> {
  const now = deps.clock.now();
  const revoked = await deps.store.db.transaction().execute(async (trx) => {
    if (!(await markDeviceRevoked(trx, input.deviceId, input.actor, now))) return false;
    const detail = { account_id: input.accountId, ...(input.reason ? { reason: input.reason } : {}) };
    await deps.audit.append(
      { type: 'device.revoked', actor: input.actor, target: input.deviceId, ip: input.ip, detail },
      trx,
    );
    return true;
  });
  // Ended after the commit: a session opening meanwhile sees the revocation (start-session checks it).
  if (revoked) await endSessionsOf(deps, { deviceId: input.deviceId }, input.actor);
  return revoked;
}
