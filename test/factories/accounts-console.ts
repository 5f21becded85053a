import { afterAll, beforeAll } from 'vitest';
import type { AccountStatus, Role } from '../../src/accounts/table.ts';
import type { LoginDeps } from '../../src/login/password-check.ts';
import { createTestApp, type TestApp } from '../create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from '../echo-upstream.ts';
import { csrfFrom, type Browser } from '../http-client.ts';
import type { TestDialect } from '../test-env.ts';
import { insertAccount, insertOfficer } from './accounts.ts';
import { consoleSignIn } from './staff.ts';

/**
 * The accounts console's tests share one gateway (with an echo upstream for the resource) and three staff
 * browsers signed in: HQ, the Lucknow zonal head and the Lucknow system integrator. Call once in a describe.
 */
export function useAccountsConsole(dialect: TestDialect) {
  let app: TestApp | undefined;
  let echo: EchoUpstream | undefined;
  const browsers = new Map<string, Browser>();
  let officers = 0;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} starts in beforeAll`);
    return value;
  };

  beforeAll(async () => {
    echo = await startEchoUpstream();
    app = await createTestApp({ dialect, upstream: echo.url });
    for (const userId of ['hq.admin', 'zonal.lucknow', 'si.lucknow'])
      browsers.set(userId, await consoleSignIn(app, userId));
  });
  afterAll(async () => {
    await app?.close();
    await echo?.close();
  });

  const c = {
    get t(): TestApp {
      return need(app, 'the app');
    },
    get upstream(): EchoUpstream {
      return need(echo, 'the upstream');
    },
    get hq(): Browser {
      return need(browsers.get('hq.admin'), 'hq.admin');
    },
    get zonal(): Browser {
      return need(browsers.get('zonal.lucknow'), 'zonal.lucknow');
    },
    get si(): Browser {
      return need(browsers.get('si.lucknow'), 'si.lucknow');
    },
    db: () => c.t.deps.store.db,
    url: (path: string) => `${c.t.portalOrigin}${path}`,

    async addStaff(
      userId: string,
      password: string,
      role: Role,
      zone: string | null,
      district: string | null,
    ) {
      await insertAccount(c.db(), c.t.clock.now(), {
        user_id: userId,
        role,
        scope_zone_id: zone,
        scope_district_id: district,
        password_hash: await c.t.deps.passwords.hash(password),
        email: `${userId}@ctd.up.example`,
      });
    },

    /** A new officer in `district` with an account in `status`. */
    async addOfficerAccount(
      district: string,
      status: AccountStatus,
      password: string | null = null,
    ): Promise<{ id: number; userId: string; nameHi: string }> {
      const now = c.t.clock.now();
      const officer = await insertOfficer(c.db(), now, { district_id: district });
      officers += 1;
      const userId = `test.${district}.${officers}`;
      const id = await insertAccount(c.db(), now, {
        user_id: userId,
        officer_id: officer.id,
        display_name: officer.nameEn,
        status,
        password_hash: password ? await c.t.deps.passwords.hash(password) : null,
      });
      return { id, userId, nameHi: officer.nameHi };
    },

    staffSignIn: (userId: string, password: string): Promise<Browser> => consoleSignIn(c.t, userId, password),

    /** Posts an action the way the confirm page does, with the staff member's own CSRF token. */
    async act(browser: Browser, id: number, action: string, form: Record<string, string> = {}) {
      const list = await browser.fetch(c.url('/console/accounts'));
      return browser.fetch(c.url(`/console/accounts/${id}/${action}`), {
        form: { _csrf: csrfFrom(list.body), ...form },
      });
    },

    accountRow: (id: number) =>
      c
        .db()
        .selectFrom('accounts')
        .select(['status', 'failed_logins', 'locked_until', 'updated_at'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),

    accountIdOf: async (userId: string) =>
      (
        await c
          .db()
          .selectFrom('accounts')
          .select('id')
          .where('user_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).id,

    auditTypes: (type: string) =>
      c
        .db()
        .selectFrom('audit_events')
        .select(['actor', 'target', 'detail'])
        .where('type', '=', type)
        .orderBy('seq')
        .execute(),

    loginDeps: (): LoginDeps => ({
      db: c.db(),
      kv: c.t.deps.kv,
      clock: c.t.clock,
      audit: c.t.deps.audit,
      passwords: c.t.deps.passwords,
      lockout: c.t.deps.config.lockout,
      keyring: c.t.deps.keyring,
    }),
  };
  return c;
}
