import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { createDeps } from '../src/deps.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { openStore } from '../src/store/store.ts';
import { runCliCapturing } from './factories/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_POLICY = join(ROOT, 'config', 'policy.demo.yaml');

/** Runs `node bin/dwaar.js ARGS` as a child process, as a person would from a shell. */
function dwaar(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'dwaar.js'), ...args],
      { cwd: ROOT, env: { ...process.env, DWAAR_LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === 'number' ? err.code : err ? 1 : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

// Each run starts Node and compiles the CLI's TypeScript through tsx: seconds each on a busy machine.
describe('dwaar policy check', { timeout: 90_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-policy-check-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts the demo file: exit 0 and a one-line summary', async () => {
    const r = await dwaar(['policy', 'check', DEMO_POLICY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OK: 1 resource, 1 rule, hash [0-9a-f]{64}\n$/);
  });

  it('names each problem of a malformed file with its line, field and fix: exit 1', async () => {
    const file = join(dir, 'bad.yaml');
    // Three mistakes in the demo's file: an unknown step, a session limit that is no number, an id with capitals.
    const lines = (await readFile(DEMO_POLICY, 'utf8')).split('\n');
    const at = (re: RegExp) => {
      const i = lines.findIndex((l) => re.test(l));
      if (i < 0) throw new Error(`the demo policy has no line matching ${String(re)}`);
      return i;
    };
    const steps = at(/^\s+steps:/);
    const limit = at(/^\s+max_sessions:/);
    const id = at(/^\s+- id: boweb/);
    lines[steps] = '    steps: [inspection, trust, dance, password, second_factor]';
    lines[limit] = '    max_sessions: a few';
    lines[id] = '  - id: BOWEB';
    await writeFile(file, lines.join('\n'));
    const r = await dwaar(['policy', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const line of [steps, limit, id])
      expect(r.stderr).toMatch(new RegExp(`^${file}:${line + 1}:\\d+  \\S+  .+  \\(fix: .+\\)$`, 'm'));
  });

  it('reports YAML syntax errors with their line, and an unreadable file, with exit 1', async () => {
    const file = join(dir, 'syntax.yaml');
    await writeFile(file, 'version: 1\nprofiles:\n  portal: [unclosed\n');
    const r = await dwaar(['policy', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${file}:\\d+:\\d+ `, 'm'));
    const missing = await dwaar(['policy', 'check', join(dir, 'none.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read the file');
  });
});

describe('dwaar policy explain', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let passkeyPolicy: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-policy-explain-'));
    env = {
      DATABASE_URL: `sqlite:${join(dir, 'dwaar.sqlite')}`,
      DWAAR_DATA: dir,
      DWAAR_SECRET: 'x'.repeat(40),
      DWAAR_ARGON2_MEMORY: '1024',
      DWAAR_ARGON2_TIME: '1',
      DWAAR_LOG_LEVEL: 'silent',
      DWAAR_POLICY: DEMO_POLICY,
    };
    const deps = await createDeps(loadConfig(env), {
      prepare: async ({ store, passwords, audit, clock }) => {
        await seedDemo(
          { db: store.db, passwords, audit, now: clock.now() },
          { closedOfficers: 38, officersPerOpenDistrict: 1 },
        );
      },
    });
    await deps.close();
    // The demo's file, with BOWEB's rule asking for a passkey.
    passkeyPolicy = join(dir, 'passkey.yaml');
    const demo = parseDocument(await readFile(DEMO_POLICY, 'utf8'));
    demo.setIn(['resources', 0, 'rules', 0, 'allow', 'second_factor'], 'passkey');
    await writeFile(passkeyPolicy, demo.toString());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (args: string[]) => runCliCapturing(['policy', 'explain', ...args], env);

  it('allows an officer of a closed office: exit 0, the rule, each check and the assumptions', async () => {
    // A time after the demo's documents were published (the seed publishes them now): the clause is in force.
    const r = await run(['--user', 'officer1', '--resource', 'boweb', '--at', '01-12-2030 10:30']);
    expect(r.out).toContain('ALLOWED');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decided by rule closed-office-officers.');
    expect(r.out).toContain('[holds]');
    expect(r.out).toContain('Time: 01-12-2030, 10:30 India time.');
    expect(r.out).toContain('Second factor used at sign-in: authenticator app.');
    expect(r.out).toContain('Request from address 127.0.0.1.');
  });

  it('denies an officer whose office is open: exit 2, with the failing check', async () => {
    const r = await run(['--user', 'officer2', '--resource', 'boweb']);
    expect(r.out).toContain('DENIED');
    expect(r.out).toContain('[fails]');
    expect(r.code).toBe(2);
  });

  it('takes the session assumptions into the decision, and speaks Hindi', async () => {
    const base = ['--user', 'officer1', '--resource', 'boweb', '--policy', passkeyPolicy];
    const totp = await run(base);
    expect(totp.code).toBe(2);
    expect(totp.out).toContain('DENIED');
    const passkey = await run([...base, '--second-factor', 'passkey', '--lang', 'hi']);
    expect(passkey.code).toBe(0);
    expect(passkey.out).toContain('अनुमति है');
    expect(passkey.out).toContain('पासकी');
  });

  it('exits 1 with a clear message for an unknown user or resource, or a bad time', async () => {
    const user = await run(['--user', 'no.such.user', '--resource', 'boweb']);
    expect(user.code).toBe(1);
    expect(user.out).toContain('No account has the user ID no.such.user.');
    const resource = await run(['--user', 'officer1', '--resource', 'dms']);
    expect(resource.code).toBe(1);
    expect(resource.out).toContain('has no resource dms. Resources: boweb');
    const at = await run(['--user', 'officer1', '--resource', 'boweb', '--at', '31-02-2026 10:00']);
    expect(at.code).toBe(1);
    expect(at.out).toContain('--at');
    const missing = await run(['--resource', 'boweb']);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('--user');
  });

  it('records each explanation in the audit trail', async () => {
    const store = await openStore(env.DATABASE_URL ?? '');
    try {
      const rows = await store.db
        .selectFrom('audit_events')
        .select(['actor', 'target', 'detail'])
        .where('type', '=', 'policy.explained')
        .execute();
      expect(rows.some((r) => r.actor === 'cli' && r.target === 'officer1')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
