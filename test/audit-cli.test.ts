import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportAuditTrail } from '../src/audit/index.ts';
import { runCli } from '../src/cli/main.ts';
import {
  appendEvents,
  type ChainFixture,
  type ExportLine,
  openChainFixture,
  readExport,
  rehashExport,
  TEST_SECRET,
  writeExport,
} from './audit-support.ts';

describe('npx dwaar audit export / verify --file / public-key', () => {
  let f: ChainFixture;
  let out: string[];
  const saved = {
    log: console.log,
    error: console.error,
    write: process.stdout.write.bind(process.stdout),
    env: { ...process.env },
  };
  beforeEach(async () => {
    f = await openChainFixture('sqlite');
    await appendEvents(f, 6);
    out = [];
    console.log = (m: string) => out.push(m);
    console.error = (m: string) => out.push(m);
    process.stdout.write = (chunk: string) => {
      out.push(chunk);
      return true;
    };
    process.env.DATABASE_URL = f.databaseUrl;
    process.env.DWAAR_DATA = f.dir;
    process.env.DWAAR_SECRET = TEST_SECRET;
    process.env.DWAAR_AUDIT_CHECKPOINTS = f.checkpointFile;
  });
  afterEach(async () => {
    console.log = saved.log;
    console.error = saved.error;
    process.stdout.write = saved.write;
    process.env = { ...saved.env };
    await f.close();
  });

  it('exports, verifies offline without any configuration, and names a bad event', async () => {
    const file = join(f.dir, 'out', 'trail.jsonl');
    await mkdir(join(f.dir, 'out'));
    expect(await runCli(['audit', 'export'])).toBe(1);
    expect(out.pop()).toBe('--out: required: the file to write');
    expect(await runCli(['audit', 'export', '--out', file])).toBe(0);
    expect(out.pop()).toMatch(/^Exported 6 events and 1 checkpoint to .*trail\.jsonl \(key [0-9a-f]{16}\)/);
    expect(await runCli(['audit', 'public-key'])).toBe(0);
    const pem = out.slice(-2)[0] ?? '';
    expect(pem).toBe(f.checkpoints.publicKeyPem);
    expect(out.pop()).toBe(`Key ID: ${f.checkpoints.keyId}`);
    const pemFile = join(f.dir, 'dwaar-audit.pem');
    await writeFile(pemFile, pem);

    // Offline: no database, no secret, no data directory.
    const {
      DATABASE_URL: _url,
      DWAAR_SECRET: _secret,
      DWAAR_DATA: _data,
      DWAAR_AUDIT_CHECKPOINTS: _file,
      ...bare
    } = process.env;
    process.env = bare;
    expect(await runCli(['audit', 'verify', '--file', file])).toBe(0);
    expect(out.slice(-2)[0]).toContain(`key ID ${f.checkpoints.keyId}`);
    expect(out.pop()).toMatch(
      /^Export verified: 6 events intact, covered by 1 signed checkpoint \(latest: event 6, /,
    );
    const before = out.length;
    expect(await runCli(['audit', 'verify', '--file', file, '--public-key', pemFile])).toBe(0);
    expect(out.slice(before)).toEqual([expect.stringMatching(/^Export verified/) as string]);

    const lines = await readExport(file);
    (lines[4] as ExportLine).ip = '203.0.113.9';
    await writeExport(file, lines);
    expect(await runCli(['audit', 'verify', '--file', file, '--public-key', pemFile])).toBe(1);
    expect(out.pop()).toBe('Mismatch at event 4: event 4 was altered.');
    expect(await runCli(['audit', 'verify', '--file', join(f.dir, 'missing.jsonl')])).toBe(1);
    expect(out.pop()).toMatch(/cannot read the export/);
    expect(await runCli(['audit', 'verify', '--public-key', pemFile])).toBe(1);
    expect(out.pop()).toMatch(/^--public-key: only with --file/);
  });

  it('the documented procedure (python3 + openssl) accepts an export and catches a changed one', async () => {
    const tools = ['python3', 'openssl'].filter(
      (t) => spawnSync(t, ['--version']).status !== 0 && spawnSync(t, ['version']).status !== 0,
    );
    if (tools.length > 0) {
      console.warn(`skipped: ${tools.join(', ')} not on this machine`);
      return;
    }
    const doc = await readFile(new URL('../docs/audit-verification.md', import.meta.url), 'utf8');
    const script = /```python\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(script).toBeDefined();
    const scriptFile = join(f.dir, 'verify_export.py');
    await writeFile(scriptFile, script ?? '');
    await f.audit.append({
      type: 'circular.issued',
      actor: 'hq.admin',
      detail: { subject: 'परिपत्र "धारा 133"\n\t\u0001 \u2028 / \\' },
    });
    const file = join(f.dir, 'trail.jsonl');
    await exportAuditTrail({
      db: f.store.db,
      clock: f.clock,
      audit: f.audit,
      checkpoints: f.checkpoints,
      out: file,
      actor: 'tester',
    });
    const pemFile = join(f.dir, 'key.pem');
    await writeFile(pemFile, f.checkpoints.publicKeyPem);
    const cps = join(f.dir, 'cps');
    const ok = spawnSync('python3', [scriptFile, file, cps], { encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^chain intact: 7 events, 1 checkpoints/);
    const keyId = execFileSync(
      'sh',
      ['-c', `openssl pkey -pubin -in '${pemFile}' -outform DER | sha256sum | cut -c1-16`],
      { encoding: 'utf8' },
    ).trim();
    expect(keyId).toBe(f.checkpoints.keyId);
    const msgs = (await readdir(cps)).filter((n) => n.endsWith('.msg'));
    expect(msgs).toEqual(['7.msg']);
    for (const m of msgs) {
      const v = spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          pemFile,
          '-rawin',
          '-in',
          join(cps, m),
          '-sigfile',
          join(cps, m.replace('.msg', '.sig')),
        ],
        { encoding: 'utf8' },
      );
      expect(v.stdout.trim()).toBe('Signature Verified Successfully');
    }
    // A forged signature fails openssl; an edited event fails the script, named.
    const sig = await readFile(join(cps, '7.sig'));
    sig[0] = (sig[0] ?? 0) ^ 1;
    await writeFile(join(cps, '7.sig'), sig);
    const bad = spawnSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        pemFile,
        '-rawin',
        '-in',
        join(cps, '7.msg'),
        '-sigfile',
        join(cps, '7.sig'),
      ],
      { encoding: 'utf8' },
    );
    expect(bad.status).not.toBe(0);
    const lines = await readExport(file);
    (lines[7] as ExportLine).detail = '{"subject":"changed"}';
    await writeExport(file, lines);
    const edited = spawnSync('python3', [scriptFile, file, cps], { encoding: 'utf8' });
    expect(edited.status).toBe(1);
    expect(edited.stderr.trim()).toBe('event 7 was altered');
    rehashExport(lines, 7);
    await writeExport(file, lines);
    const rehashed = spawnSync('python3', [scriptFile, file, cps], { encoding: 'utf8' });
    expect(rehashed.stderr.trim()).toBe(
      'events between 1 and 7 were changed: checkpoint at seq 7 does not match',
    );
  });
});
