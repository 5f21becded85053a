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
  readonly config: Pick<Config, 'dataDir' | 'publicUrl'>;
}

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
export function mailboxRoutes(deps: MailboxRouteDeps): ConsoleFeature {
  const devDir = devMailboxDir(deps.config.dataDir);
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
      const [entries, counts, devMailbox] = await Promise.all([
        listOutbox(deps.store.db, { status, limit: OUTBOX_LIMIT }),
        countOutboxByStatus(deps.store.db),
        exists(devDir),
      ]);
      const view = { entries, counts, status, limit: OUTBOX_LIMIT, badFilter: !query.success, devMailbox };
      return reply.page(renderOutbox(request, view), query.success ? 200 : statusOf('VALIDATION_FAILED'));
    });

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
