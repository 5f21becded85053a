import cluster from 'node:cluster';
import { Command, CommanderError } from 'commander';
import { migrateToLatest, openStore, operationalFailureOf } from '../store/index.ts';
import { registerAuditCommand } from './audit-command.ts';
import { loadCliConfig } from './load-config.ts';
import { registerPolicyCommand } from './policy-command.ts';
import { registerProposalsCommand } from './proposals-command.ts';
import { runBoweb } from './boweb-process.ts';
import { MAX_WORKERS, parseWorkerCount, startClusterPrimary } from './cluster-primary.ts';
import { runClusterWorker } from './cluster-worker.ts';
import { startDemoStack } from './start.ts';
import { runUntilSignal } from './until-signal.ts';

const EX_TEMPFAIL = 75;

/** Runs the `dwaar` command line; resolves to the process exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('dwaar')
    .description('Dwaar (द्वार): secure work-from-home gateway')
    .exitOverride();

  program
    .command('start')
    .description('start the gateway, console and demo back office (seeds demo data on first run)')
    .option(
      '-w, --workers <n>',
      `gateway processes on one port (1 to ${MAX_WORKERS}; default DWAAR_WORKERS or 1); N > 1 needs PostgreSQL and Redis`,
    )
    .action(async (options: { workers?: string }) => {
      const config = await loadCliConfig(process.env);
      if (cluster.isWorker) {
        await runClusterWorker(config);
        return;
      }
      const count = parseWorkerCount(options.workers ?? config.operations.workers);
      if (count === 1) {
        const { done } = runUntilSignal(await startDemoStack(config));
        await done;
        return;
      }
      const primary = await startClusterPrimary(config, count);
      const { done } = runUntilSignal(primary.stop, primary.kill);
      await done;
    });

  program
    .command('boweb')
    .description('run the demo back office (BOWEB) alone, as `dwaar start` does beside the gateway')
    .action(async () => {
      const stop = await runBoweb(await loadCliConfig(process.env));
      await new Promise<void>((resolve) => {
        const shutdown = () => void stop().then(resolve, resolve);
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = await loadCliConfig(process.env);
      const store = await openStore(config.databaseUrl, config.database);
      try {
        const applied = await migrateToLatest(store.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Already up to date.');
      } finally {
        await store.close();
      }
    });

  registerAuditCommand(program, (code) => {
    exitCode = code;
  });
  registerProposalsCommand(program, (code) => {
    exitCode = code;
  });
  registerPolicyCommand(program, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const failure = operationalFailureOf(err);
    console.error(failure ?? (err instanceof Error ? err.message : err));
    // EX_TEMPFAIL (sysexits.h) when the database was busy or unavailable: worth retrying, unlike a bad input.
    return failure === undefined ? 1 : EX_TEMPFAIL;
  }
  return exitCode;
}
