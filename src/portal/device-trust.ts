import { type Keyring, randomToken } from '../crypto/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { browserOf, deviceNameOf } from '../session/index.ts';
import type { Store } from '../store/index.ts';
import { findDevice, insertDevice } from './repository.ts';

type DeviceDeps = {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly keyring: Keyring;
};

/**
 * Remembers that this browser's owner trusts the site and allows the device check. The cookie holds a
 * signed device ID; the device row can be revoked, which ends the trust at the next visit.
 */
export async function trustDevice(deps: DeviceDeps, userAgent: string | null, ip: string): Promise<string> {
  const id = randomToken(16);
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    const ua = userAgent?.slice(0, 300) ?? null;
    // Named from the browser ("Chrome on Windows") so its owner can tell it apart in the list.
    const name = deviceNameOf(ua);
    await insertDevice(trx, { id, userAgent: ua, name, browser: browserOf(ua).browser, now });
    await deps.audit.append(
      { type: 'device.trusted', actor: 'anonymous', target: id, ip, detail: { name } },
      trx,
    );
  });
  return deps.keyring.sign('cookie-signing', `device:${id}`);
}

/** True when the device cookie is genuine and its device has not been revoked. */
export async function isTrustedDevice(deps: DeviceDeps, cookie: string | undefined): Promise<boolean> {
  if (!cookie) return false;
  const value = deps.keyring.unsign('cookie-signing', cookie);
  if (!value?.startsWith('device:')) return false;
  const row = await findDevice(deps.store.db, value.slice('device:'.length));
  return row !== undefined && row.revoked_at === null;
}
