import cluster from 'node:cluster';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { createDeps } from '../deps.ts';
import { PrimaryMessage, WORKER_MAIL_ENV, WorkerMail } from './cluster-messages.ts';
import { runUntilSignal } from './until-signal.ts';

/** The configuration the primary prepared: its mail route in place of this process's own. */
function withPrimaryMail(config: Config, env: NodeJS.ProcessEnv): Config {
  const raw = env[WORKER_MAIL_ENV];
  if (!raw) return config;
  const mail = WorkerMail.parse(JSON.parse(raw));
  return Object.freeze({ ...config, mail: { ...config.mail, ...mail } });
}

/**
 * One gateway worker of `dwaar start --workers N`: its own deps and app, listening on the port every worker
 * shares (node:cluster hands each accepted connection to one of them). The primary has migrated and seeded
 * the database and runs the background work, so a worker only serves. It drains on the primary's word or on
 * its own SIGTERM/SIGINT (Ctrl+C reaches every process of the terminal's group), then exits.
 */
export async function runClusterWorker(baseConfig: Config): Promise<void> {
  const config = withPrimaryMail(baseConfig, process.env);
  const deps = await createDeps(config);
  const app = await buildApp(deps).catch(async (err: unknown) => {
    await deps.close();
    throw err;
  });
  await app.listen(config.port, config.host);
  const { done, begin } = runUntilSignal(async () => {
    await app.close();
    await deps.close();
  });
  process.on('message', (raw: unknown) => {
    const message = PrimaryMessage.safeParse(raw);
    if (!message.success) return;
    if (message.data.type === 'dwaar:drain') begin();
    else
      deps.policy
        .reload('signal')
        .catch((err: unknown) => deps.logger.error({ err }, 'access policy reload failed'));
  });
  await done;
  // The IPC channel keeps a worker alive: leave the cluster once everything has closed.
  cluster.worker?.disconnect();
}
