import { access } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createStaffGuard, type Staff } from '../console/staff.ts';
import type { Deps } from '../deps.ts';
import { devMailboxDir, readDevMailbox } from './dev-mailbox-files.ts';
import { renderDevMailbox, renderOutbox } from './mailbox-pages.ts';
import { countOutboxByStatus, listOutbox } from './outbox-store.ts';
import { MAIL_STATUSES } from './table.ts';

const OUTBOX_LIMIT = 200;
const DEV_MAILBOX_LIMIT = 50;

const OutboxQuery = z.object({
  status: z.union([z.enum(MAIL_STATUSES), z.literal('').transform(() => undefined)]).optional(),
});

/**
 * The mail pages of the console, for HQ (`mailbox.read`): `/console/mailbox` tracks the outbox from the
 * database (status, attempts, last error; never a body), and `/console/mailbox/dev` shows what `npm start`'s
 * SMTP catcher caught, when it has run (it writes under `DWAAR_DATA/dev-mailbox`).
 */
export function registerMailboxRoutes(app: FastifyInstance, deps: Deps): void {
  const guard = createStaffGuard(deps);
  const devDir = devMailboxDir(deps.config.dataDir);

  /** HQ only: the permission reaches everything, or the request is refused (fails closed). */
  async function requireHq(request: FastifyRequest, reply: FastifyReply): Promise<Staff | undefined> {
    const staff = await guard.require(request, reply, 'mailbox.read');
    if (!staff) return undefined;
    if (staff.scope !== 'all') {
      await guard.deny(request, reply, staff.userId, 'mailbox.read');
      return undefined;
    }
    return staff;
  }

  app.get('/console/mailbox', async (request, reply) => {
    const staff = await requireHq(request, reply);
    if (!staff) return reply;
    const query = OutboxQuery.safeParse(request.query);
    const status = query.success ? query.data.status : undefined;
    const [entries, counts, devMailbox] = await Promise.all([
      listOutbox(deps.store.db, { status, limit: OUTBOX_LIMIT }),
      countOutboxByStatus(deps.store.db),
      exists(devDir),
    ]);
    return reply.page(
      renderOutbox(request, staff, {
        entries,
        counts,
        status,
        limit: OUTBOX_LIMIT,
        badFilter: !query.success,
        devMailbox,
      }),
      query.success ? 200 : 400,
    );
  });

  app.get('/console/mailbox/dev', async (request, reply) => {
    const staff = await requireHq(request, reply);
    if (!staff) return reply;
    const caught = await readDevMailbox(devDir, DEV_MAILBOX_LIMIT);
    return reply.page(
      renderDevMailbox(request, staff, {
        messages: caught?.messages,
        total: caught?.total ?? 0,
        portalOrigin: deps.config.publicUrl.origin,
      }),
    );
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
