import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  type AuditCheckpoints,
  type AuditTrail,
  checkpointPublicKey,
  createAuditCheckpoints,
  exportAuditTrail,
  openAuditLog,
  verifyAuditExport,
} from '../audit/index.ts';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createKeyring } from '../crypto/index.ts';
import { openStore } from '../store/index.ts';
import { loadCliConfig } from './load-config.ts';

/** Exit codes: 0 verified (or done), 1 a problem found or the question could not be answered. */
const EXIT = { ok: 0, problems: 1 } as const;

const VerifyOptions = z.strictObject({
  file: z.string().min(1, 'a file name').optional(),
  publicKey: z.string().min(1, 'a file name').optional(),
});
const ExportOptions = z.strictObject({
  out: z.string({ error: 'required: the file to write' }).min(1, 'required: the file to write'),
});

const iso = (at: number) => new Date(at).toISOString();
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function problemsOf(error: z.ZodError): void {
  for (const issue of error.issues) {
    const name = issue.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    console.error(name ? `--${name}: ${issue.message}` : issue.message);
  }
}

/** The store and the chain's keys, from the configuration; `close` flushes the audit log first. */
async function openChain(config: Config, withLog: boolean) {
  const store = await openStore(config.databaseUrl, config.database);
  const keyring = createKeyring(config.secret);
  const chainKey = keyring.derive('audit-chain');
  let audit: AuditTrail | undefined;
  try {
    if (withLog) audit = await openAuditLog(store.db, store.dialect, systemClock, { chainKey });
  } catch (err) {
    await store.close();
    throw err;
  }
  const checkpoints: AuditCheckpoints = createAuditCheckpoints({
    db: store.db,
    dialect: store.dialect,
    clock: systemClock,
    // Only `verify` and `public-key` run without a log, and neither writes.
    audit: audit ?? { append: () => Promise.reject(new Error('read-only')) },
    chainKey,
    seed: keyring.derive('audit-checkpoint-ed25519'),
    file: config.audit.checkpointFile,
    node: `${hostname()}:${process.pid}:cli`,
    databaseUrl: config.databaseUrl,
  });
  return {
    store,
    audit,
    checkpoints,
    async close() {
      await audit?.close();
      await store.close();
    },
  };
}

async function verifyDatabase(): Promise<number> {
  const config = await loadCliConfig(process.env);
  const chain = await openChain(config, false);
  try {
    const verdict = await chain.checkpoints.verify();
    if (!verdict.ok) {
      console.error(
        verdict.badSeq > 0
          ? `Mismatch at event ${verdict.badSeq}: ${verdict.problem}. Report to HQ.`
          : `The audit trail does not verify: ${verdict.problem}. Report to HQ.`,
      );
      return EXIT.problems;
    }
    console.log(`Chain verified: ${plural(verdict.count, 'event')} intact.`);
    console.log(
      verdict.lastCheckpoint
        ? `Latest signed checkpoint: event ${verdict.lastCheckpoint.seq}, ${iso(verdict.lastCheckpoint.at)} (key ${chain.checkpoints.keyId}).`
        : 'No signed checkpoint yet: write one with `npx dwaar audit checkpoint`.',
    );
    return EXIT.ok;
  } finally {
    await chain.close();
  }
}

/** Offline: only the file (and the public key, if given); no configuration, database or secret. */
async function verifyFile(file: string, keyFile: string | undefined): Promise<number> {
  let publicKeyPem: string | undefined;
  if (keyFile) {
    try {
      publicKeyPem = await readFile(keyFile, 'utf8');
    } catch (err) {
      console.error(`${keyFile}: cannot read the public key (${(err as Error).message}).`);
      return EXIT.problems;
    }
  }
  let verdict;
  try {
    verdict = await verifyAuditExport(file, publicKeyPem === undefined ? {} : { publicKeyPem });
  } catch (err) {
    console.error(`${file}: cannot read the export (${(err as Error).message}).`);
    return EXIT.problems;
  }
  if (verdict.keyFromExport && verdict.keyId) {
    console.error(
      `Warning: checked against the public key inside the export, key ID ${verdict.keyId}. Compare it with the ` +
        'key ID the console shows (Audit trail → checkpoints) or `npx dwaar audit public-key` prints, or pass ' +
        '--public-key FILE with a key you trust.',
    );
  }
  if (!verdict.ok) {
    console.error(
      verdict.badSeq > 0
        ? `Mismatch at event ${verdict.badSeq}: ${verdict.problem}.`
        : `The export does not verify: ${verdict.problem}.`,
    );
    return EXIT.problems;
  }
  const last = verdict.lastCheckpoint;
  console.log(
    `Export verified: ${plural(verdict.count, 'event')} intact, covered by ${plural(verdict.checkpoints, 'signed checkpoint')}` +
      (last ? ` (latest: event ${last.seq}, ${iso(last.at)}; key ${verdict.keyId ?? ''}).` : '.'),
  );
  return EXIT.ok;
}

/** `dwaar audit verify|export|checkpoint|public-key`. */
export function registerAuditCommand(program: Command, setExitCode: (code: number) => void): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'check the chain (MACs, head, signed checkpoints and the checkpoint file) in the database, or with ' +
        '--file an export offline; exits 1 naming the first bad event',
    )
    .option('--file <export>', 'verify this export (JSON Lines) offline, without the database or the secret')
    .option('--public-key <pem>', 'with --file: the public key to trust (PEM), as the console shows it')
    .action(async (options: unknown) => {
      const parsed = VerifyOptions.safeParse(options);
      if (!parsed.success) {
        problemsOf(parsed.error);
        return setExitCode(EXIT.problems);
      }
      const { file, publicKey } = parsed.data;
      if (publicKey && !file) {
        console.error('--public-key: only with --file (the database is checked with the configured secret).');
        return setExitCode(EXIT.problems);
      }
      setExitCode(file ? await verifyFile(file, publicKey) : await verifyDatabase());
    });
  audit
    .command('export')
    .description(
      'write the chain, its checkpoints and the public key as JSON Lines (takes a fresh checkpoint)',
    )
    .option('--out <file>', 'the file to write (required)')
    .action(async (options: unknown) => {
      const parsed = ExportOptions.safeParse(options);
      if (!parsed.success) {
        problemsOf(parsed.error);
        return setExitCode(EXIT.problems);
      }
      const config = await loadCliConfig(process.env);
      const chain = await openChain(config, true);
      try {
        const { audit: log, checkpoints, store } = chain;
        if (!log) throw new Error('audit log not open');
        const summary = await exportAuditTrail({
          db: store.db,
          clock: systemClock,
          audit: log,
          checkpoints,
          out: parsed.data.out,
          actor: 'cli',
        });
        console.log(
          `Exported ${plural(summary.events, 'event')} and ${plural(summary.checkpoints, 'checkpoint')} ` +
            `to ${parsed.data.out} (key ${checkpoints.keyId}). Verify with: npx dwaar audit verify --file ${parsed.data.out}`,
        );
      } finally {
        await chain.close();
      }
    });
  audit
    .command('checkpoint')
    .description('sign a checkpoint of the chain now (database and checkpoint file)')
    .action(async () => {
      const config = await loadCliConfig(process.env);
      const chain = await openChain(config, true);
      try {
        const made = await chain.checkpoints.write('cli', 'cli');
        console.log(
          made
            ? `Checkpoint signed: event ${made.seq}, ${iso(made.at)}, hash ${made.hash.slice(0, 16)}… (key ${chain.checkpoints.keyId}).`
            : 'Nothing new since the last checkpoint.',
        );
      } finally {
        await chain.close();
      }
    });
  audit
    .command('public-key')
    .description('print the checkpoint signing key (PEM) and its key ID')
    .action(async () => {
      const config = await loadCliConfig(process.env);
      const keyring = createKeyring(config.secret);
      const seed = keyring.derive('audit-checkpoint-ed25519');
      const { keyId, publicKeyPem } = checkpointPublicKey(seed);
      process.stdout.write(publicKeyPem);
      console.log(`Key ID: ${keyId}`);
    });
}
