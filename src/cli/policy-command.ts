import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { createAuditLog } from '../audit/index.ts';
import { systemClock } from '../clock.ts';
import { createKeyring } from '../crypto/index.ts';
import {
  DEFAULT_IP,
  explainFor,
  explanationText,
  findPerson,
  isAddress,
  parseAt,
  ruleCount,
  SECOND_FACTORS,
} from '../console/index.ts';
import { loadCurrentVersions } from '../documents/index.ts';
import { loadPolicyText, type CompiledPolicy } from '../policy/index.ts';
import { openStore } from '../store/index.ts';
import { loadCliConfig } from './load-config.ts';

/** Exit codes: `check` 0 good, 1 problems; `explain` 0 allowed, 2 denied, 1 the question cannot be answered. */
const EXIT = { ok: 0, problems: 1, denied: 2 } as const;

const ExplainOptions = z.object({
  user: z.string({ error: 'required: the user ID to explain' }).min(1).max(100),
  resource: z.string({ error: 'required: the resource id' }).min(1).max(80),
  at: z.string().max(40).optional(),
  secondFactor: z.enum(SECOND_FACTORS).default('totp'),
  deviceTrusted: z.enum(['yes', 'no']).default('yes'),
  ip: z.string().max(45).default(DEFAULT_IP),
  lang: z.enum(['en', 'hi']).default('en'),
  policy: z.string().min(1).optional(),
});
type ExplainOptions = z.infer<typeof ExplainOptions>;

/** Reads and compiles a policy file; prints its problems as `FILE:LINE:COLUMN  path  message  (fix: …)`. */
async function compileFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CompiledPolicy | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`${file}: cannot read the file (${err instanceof Error ? err.message : String(err)}).`);
    return undefined;
  }
  const loaded = loadPolicyText(text, env);
  if (loaded.ok) return loaded.policy;
  for (const p of loaded.problems)
    console.error(`${file}:${p.line}:${p.column}  ${p.path || '(file)'}  ${p.message}  (fix: ${p.fix})`);
  console.error(`${file}: ${loaded.problems.length} problem(s); the file would not be applied.`);
  return undefined;
}

async function runCheck(file: string): Promise<number> {
  // The shell's environment: `check` runs before a deployment, where the server's will be set.
  const policy = await compileFile(file, process.env);
  if (!policy) return EXIT.problems;
  const rules = ruleCount(policy.source);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  console.log(
    `OK: ${count(policy.resources.length, 'resource')}, ${count(rules, 'rule')}, hash ${policy.hash}`,
  );
  return EXIT.ok;
}

async function runExplain(o: ExplainOptions): Promise<number> {
  const at = o.at === undefined ? systemClock.now() : parseAt(o.at);
  if (at === undefined) {
    console.error(`--at ${o.at ?? ''}: write "dd-mm-yyyy HH:MM" (India time) or ISO 8601 with a zone.`);
    return EXIT.problems;
  }
  if (!isAddress(o.ip)) {
    console.error(`--ip ${o.ip}: not an IPv4 or IPv6 address.`);
    return EXIT.problems;
  }
  const config = await loadCliConfig(process.env);
  const file = o.policy ?? config.policyPath;
  // The environment the server reads the file with, so `${VAR}` resolves as it does there.
  const policy = await compileFile(file, config.policyEnv);
  if (!policy) return EXIT.problems;
  const store = await openStore(config.databaseUrl, config.database);
  try {
    const person = await findPerson(store.db, o.user);
    if (!person) {
      console.error(`No account has the user ID ${o.user}.`);
      return EXIT.problems;
    }
    const documents = await loadCurrentVersions(store.db, at);
    const assumptions = {
      at,
      secondFactor: o.secondFactor,
      deviceTrusted: o.deviceTrusted === 'yes',
      ip: o.ip,
    };
    const result = explainFor(policy, documents, person, o.resource, assumptions);
    if ('unknownResource' in result) {
      console.error(
        `${file} has no resource ${o.resource}. Resources: ${result.unknownResource.join(', ')}.`,
      );
      return EXIT.problems;
    }
    for (const line of explanationText(result, o.lang)) console.log(line);
    const decision = result.explanation.decision;
    // Looking up how the policy treats a named officer is recorded, as it is in the console.
    const chainKey = createKeyring(config.secret).derive('audit-chain');
    await createAuditLog(store.db, store.dialect, systemClock, { chainKey }).append({
      type: 'policy.explained',
      actor: 'cli',
      target: person.userId,
      detail: {
        resource: result.resource.id,
        effect: decision.effect,
        reason: decision.reason,
        rule: decision.rule ?? null,
        at,
        policyHash: policy.hash,
      },
    });
    return decision.effect === 'allow' ? EXIT.ok : EXIT.denied;
  } finally {
    await store.close();
  }
}

/** `dwaar policy check FILE` and `dwaar policy explain --user U --resource R [options]`. */
export function registerPolicyCommand(program: Command, setExitCode: (code: number) => void): void {
  const policy = program.command('policy').description('the access policy file');
  policy
    .command('check')
    .description('validate a policy file: "OK: …" and exit 0, or each problem with its line and exit 1')
    .argument('<file>', 'policy file (YAML)')
    .action(async (file: string) => {
      setExitCode(await runCheck(file));
    });
  policy
    .command('explain')
    .description('the decision for one person and resource, the rule that made it and every check, in words')
    // Not requiredOption: commander's usage errors exit 2, which here means "denied".
    .option('--user <userId>', 'the account’s user ID (required)')
    .option('--resource <id>', 'the resource id, as the policy file names it (required)')
    .option('--at <time>', 'when: "dd-mm-yyyy HH:MM" India time, or ISO 8601 with a zone (default: now)')
    .option(
      '--second-factor <kind>',
      'second factor the session used: totp, passkey, recovery or none',
      'totp',
    )
    .option('--device-trusted <yes|no>', 'whether the session’s device is trusted', 'yes')
    .option('--ip <address>', 'the address the request comes from', DEFAULT_IP)
    .option('--lang <lang>', 'en or hi', 'en')
    .option('--policy <file>', 'policy file (default: DWAAR_POLICY, the configured file)')
    .action(async (options: unknown) => {
      const parsed = ExplainOptions.safeParse(options);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          console.error(
            `--${issue.path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`,
          );
        setExitCode(EXIT.problems);
        return;
      }
      setExitCode(await runExplain(parsed.data));
    });
}
