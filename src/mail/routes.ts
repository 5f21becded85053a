import { access } from 'node:fs/promises';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { AppError, statusOf } from '../errors.ts';
import { staffOf } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { type ConsoleFeature, routesPlugin } from '../web/index.ts';
import { devMailboxDir, readDevMailbox } from './dev-mailbox-files.ts';
import { renderDevMailbox, renderOutbox } from './mailbox-pages.ts';
import { countOutboxByStatus, listOutbox } from './outbox-repository.ts';
import { MAIL_STATUSES } from './table.ts';

export interface MailboxRouteDeps {
  readonly store: Store;
  readonly config: Pick<Config, 'dataDir' | 'publicUrl'> & {
    readonly mail: Pick<Config['mail'], 'devMailbox'>;
  };
}

const OUTBOX_LIMIT = 200;
const DEV_MAILBOX_LIMIT = 50;

const OutboxQuery = z.object({
  status: z.union([z.enum(MAIL_STATUSES), z.literal('').transform(() => undefined)]).optional(),
});

/**
 * The mail pages of the console, for HQ (`mailbox.read`): `/console/mailbox` tracks the outbox from the
 * database (status, attempts, last error; never a body), and `/console/mailbox/dev` shows what `npm start`'s
 * SMTP catcher caught (it writes under `DWAAR_DATA/dev-mailbox`). The dev mailbox shows one-time links in
 * clear, so it exists only in the demo (`config.mail.devMailbox`); in any other configuration the route is
 * not registered at all (404), whatever lies in the data directory.
 */
export function mailboxRoutes(deps: MailboxRouteDeps): ConsoleFeature {
  const devDir = devMailboxDir(deps.config.dataDir);
  const devMailbox = deps.config.mail.devMailbox;
  const read = { config: { permission: 'mailbox.read' } } as const;

  /** HQ only: the permission must reach everything, or the request is refused (fails closed). */
  const requireHq = (request: Parameters<typeof staffOf>[0]) => {
    if (staffOf(request).scope !== 'all') throw new AppError('FORBIDDEN');
  };

  return routesPlugin((app) => {
    app.get('/console/mailbox', read, async (request, reply) => {
      requireHq(request);
      const query = OutboxQuery.safeParse(request.query);
      const status = query.success ? query.data.status : undefined;
      const [entries, counts, caught] = await Promise.all([
        listOutbox(deps.store.db, { status, limit: OUTBOX_LIMIT }),
        countOutboxByStatus(deps.store.db),
        devMailbox && exists(devDir),
      ]);
      const view = {
        entries,
        counts,
        status,
        limit: OUTBOX_LIMIT,
        badFilter: !query.success,
        devMailbox: caught,
      };
      return reply.page(renderOutbox(request, view), query.success ? 200 : statusOf('VALIDATION_FAILED'));
    });

    if (!devMailbox) return;
    app.get('/console/mailbox/dev', read, async (request, reply) => {
      requireHq(request);
      const caught = await readDevMailbox(devDir, DEV_MAILBOX_LIMIT);
      return reply.page(
        renderDevMailbox(request, {
          messages: caught?.messages,
          total: caught?.total ?? 0,
          portalOrigin: deps.config.publicUrl.origin,
        }),
      );
    });
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
