import { rm } from 'node:fs/promises';
import { buildApp } from '../app.ts';
import { BOWEB_DEMO_USERS } from '../boweb/index.ts';
import type { Config } from '../config.ts';
import { createDeps, type Deps } from '../deps.ts';
import { issueDemoCircular } from '../circulars/index.ts';
import { startReplyListener } from '../helpdesk/index.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../demo/index.ts';
import { devMailboxDir, type DevSmtp, startDevSmtp } from '../mail/index.ts';
import { startWorkers, stopWorkers } from '../workers.ts';
import { type BowebProcess, startBowebProcess } from './boweb-process.ts';

/**
 * Where `npm start` sends mail: the configured SMTP server when DWAAR_SMTP_URL is set (and then no dev
 * mailbox: earlier caught mail, with its one-time links, is removed), else an SMTP catcher on loopback whose
 * mail the console shows at /console/mailbox/dev.
 */
async function prepareMail(config: Config): Promise<{ config: Config; catcher?: DevSmtp }> {
  const dir = devMailboxDir(config.dataDir);
  if (config.mail.smtpUrl) {
    await rm(dir, { recursive: true, force: true });
    return { config };
  }
  const catcher = await startDevSmtp({
    port: config.mail.devSmtpPort,
    host: '127.0.0.1',
    saveDir: dir,
    onError: (err) => console.error(`dev SMTP catcher: ${err.message}`),
  });
  const smtpUrl = `smtp://127.0.0.1:${catcher.port}`;
  // The demo is the one configuration with a dev mailbox: the console shows what the catcher caught.
  const mail = { ...config.mail, smtpUrl, devMailbox: true };
  return { config: Object.freeze({ ...config, mail }), catcher };
}

/** What a node prepares once, whether it serves itself or through cluster workers. */
export interface PreparedNode {
  readonly config: Config;
  readonly deps: Deps;
  readonly catcher?: DevSmtp;
  readonly boweb?: BowebProcess;
}

/**
 * The steps before serving, each pushing its stop onto `started`: the mail catcher, the database (migrated,
 * and seeded with demo data on first run), the demo circular, and the demo back office's own process.
 */
export async function prepareNode(
  baseConfig: Config,
  started: (() => Promise<void>)[],
): Promise<PreparedNode> {
  const { config, catcher } = await prepareMail(baseConfig);
  if (catcher) started.push(() => catcher.close());
  let firstRun = false;
  // Production (DWAAR_DEMO_DATA=0) never seeds: the demo's accounts have published passwords.
  const deps = await createDeps(config, {
    prepare: config.demoData
      ? async ({ store, passwords, audit, clock }) => {
          const { seeded } = await seedDemo({ db: store.db, passwords, audit, now: clock.now() }, {});
          if (seeded) console.log('Seeded the demo directory (75 districts, 19 closed, 484 officers).');
          firstRun = seeded;
        }
      : undefined,
  });
  started.push(() => deps.close());
  // The circular that started the project, issued as HQ would: its zonal heads and joint commissioners
  // find it in their mail and as a banner in the console.
  if (firstRun) await issueDemoCircular(deps);
  // The demo back office is its own process: a gateway node that dies does not take it along.
  let boweb: BowebProcess | undefined;
  if (config.demoBoweb.start) {
    const bowebProcess = await startBowebProcess(config);
    boweb = bowebProcess;
    started.push(() => bowebProcess.stop());
  }
  return { config, deps, catcher, boweb };
}

/** The background workers and the helpdesk's reply listener, stopped (via `started`) after the gateway. */
export async function startBackground(deps: Deps, started: (() => Promise<void>)[]): Promise<void> {
  const workers = startWorkers(deps);
  started.push(() => stopWorkers(workers));
  // Officers' replies to ticket mail, when DWAAR_HELPDESK_SMTP_PORT names a port.
  const replies = await startReplyListener(deps);
  if (replies) started.push(() => replies.close());
}

/** `kill -HUP` reloads the access policy, as nginx reloads its configuration; sessions stay open. */
export function reloadPolicyOnHangUp(
  deps: Deps,
  started: (() => Promise<void>)[],
  also: () => void = () => undefined,
): void {
  const onHangUp = () => {
    also();
    deps.policy
      .reload('signal')
      .then((r) =>
        r.ok
          ? deps.logger.info({ hash: r.hash, changed: r.changed }, 'access policy reloaded')
          : deps.logger.error({ problems: r.problems }, 'access policy has problems; the previous one stays'),
      )
      .catch((err: unknown) => deps.logger.error({ err }, 'access policy reload failed'));
  };
  process.on('SIGHUP', onHangUp);
  started.push(() => {
    process.off('SIGHUP', onHangUp);
    return Promise.resolve();
  });
}

/** Runs `started` stops in reverse order (the last started stops first). */
export async function stopInReverse(started: (() => Promise<void>)[]): Promise<void> {
  for (const stop of started.splice(0).reverse()) await stop();
}

/**
 * `dwaar start`: the gateway with its console, plus the demo back office on 127.0.0.1, seeded with demo
 * data on first run, the background workers, and (unless DWAAR_SMTP_URL is set) a development SMTP catcher.
 * Returns a function that shuts everything down: the gateway drains first (requests in flight finish, see
 * `DwaarApp.drain`), then the background workers stop, then the pools close.
 */
export async function startDemoStack(baseConfig: Config): Promise<() => Promise<void>> {
  // Everything started is stopped in reverse order: on shutdown, and if a later step fails to start.
  const started: (() => Promise<void>)[] = [];
  const stopAll = () => stopInReverse(started);
  try {
    const { config, deps, catcher, boweb } = await prepareNode(baseConfig, started);
    await startBackground(deps, started);
    const app = await buildApp(deps);
    await app.listen(config.port, config.host);
    started.push(() => app.close());
    reloadPolicyOnHangUp(deps, started);
    printBanner(config, catcher, boweb);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}

/** The banner `npm start` prints once the gateway listens; `workers` names the cluster's processes. */
export function printBanner(
  config: Config,
  catcher: DevSmtp | undefined,
  boweb: BowebProcess | undefined,
  workers?: readonly number[],
): void {
  const origin = config.publicUrl.origin;
  const resourceOrigin = `${config.publicUrl.protocol}//boweb.localhost:${config.publicUrl.port || '80'}`;
  const mailLine = catcher
    ? `  Dev mailbox         ${origin}/console/mailbox/dev (SMTP catcher on 127.0.0.1:${catcher.port}; HQ admins)`
    : `  Mail outbox         ${origin}/console/mailbox (mail goes out through DWAAR_SMTP_URL)`;
  console.log(`
Dwaar is running.
  Gateway portal      ${origin}/
  Console             ${origin}/console
  BOWEB (via gateway) ${resourceOrigin}/
${workers ? `  Gateway workers     ${workers.length} processes (pids ${workers.join(', ')}) on one port\n` : ''}  BOWEB process       ${boweb ? `pid ${boweb.pid} on 127.0.0.1:${config.bowebPort}` : 'not started here (DWAAR_DEMO_BOWEB=0)'}
  Health              ${origin}/healthz (liveness), ${origin}/readyz (readiness)
  Access policy       ${config.policyPath} (reloads on change or SIGHUP)
${mailLine}

Demo accounts (gateway):
${Object.values(DEMO_ACCOUNTS)
  .map((a) => `  ${a.userId.padEnd(15)} ${a.password.padEnd(18)} ${a.description}`)
  .join('\n')}
Staff set up an authenticator app (any TOTP app, or oathtool) on their first console sign-in.
Demo back-office (BOWEB) logins, used after the gateway:
${BOWEB_DEMO_USERS.map((u) => `  ${u.username.padEnd(15)} ${u.password}`).join('\n')}

Data: ${config.dataDir} (database ${config.databaseUrl.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL'}). Press Ctrl+C to stop.
`);
}
