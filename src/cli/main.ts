import { Command, CommanderError } from 'commander';
import { migrateToLatest, openStore, operationalFailureOf } from '../store/index.ts';
import { registerAuditCommand } from './audit-command.ts';
import { loadCliConfig } from './load-config.ts';
import { registerPolicyCommand } from './policy-command.ts';
import { registerProposalsCommand } from './proposals-command.ts';
import { runBoweb } from './boweb-process.ts';
import { startDemoStack } from './start.ts';

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
    .action(async () => {
      const stop = await startDemoStack(await loadCliConfig(process.env));
      await new Promise<void>((resolve) => {
        const shutdown = () => {
          stop().then(resolve, (err: unknown) => {
            console.error(err);
            resolve();
          });
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
      });
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
