import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { frontConfigFor, HAPROXY_BIN, HAPROXY_SAMPLE } from './haproxy-front.ts';

// Issue 12: the deployment samples are checked by the tools that will read them, not only by eye.
const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'dwaar-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Names of the variables src/config.ts reads: its schema's keys and any `env.NAME` read directly. */
export function configVariables(source: string): string[] {
  const start = source.indexOf('const EnvSchema = z.object({');
  const end = source.indexOf('\n});', start);
  if (start < 0 || end < 0) throw new Error('src/config.ts has no EnvSchema object');
  const schema = source.slice(start, end);
  const names = new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? ''));
  for (const m of source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) names.add(m[1] ?? '');
  return [...names].sort();
}

/** Names the env example sets or shows commented out (`NAME=` or `#NAME=` at the start of a line). */
export function exampleVariables(example: string): string[] {
  return [...new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1] ?? ''))].sort();
}

/** The example as an environment: only its live lines, or every line with the comment mark removed. */
function exampleEnv(example: string, uncomment: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of example.matchAll(uncomment ? /^#?([A-Z][A-Z0-9_]*)=(.*)$/gm : /^([A-Z][A-Z0-9_]*)=(.*)$/gm))
    // An empty value documents a setting without one (unset), as systemd would pass an empty string.
    if (m[2]) env[m[1] ?? ''] = m[2];
  return env;
}

describe('deploy/dwaar.env.example', () => {
  const example = read('deploy/dwaar.env.example');
  const config = read('src/config.ts');

  it('names exactly the variables src/config.ts reads, each with a comment', () => {
    const expected = configVariables(config);
    expect(expected).toContain('DATABASE_URL');
    expect(expected).toContain('DWAAR_BOWEB_UPSTREAM');
    expect(expected.length).toBeGreaterThan(40);
    const listed = exampleVariables(example);
    expect({
      missing: expected.filter((n) => !listed.includes(n)),
      unknown: listed.filter((n) => !expected.includes(n)),
    }).toEqual({ missing: [], unknown: [] });
    // Every setting is preceded by a comment (directly, or by a group of settings under one comment).
    const lines = example.split('\n');
    for (const [i, line] of lines.entries()) {
      if (!/^#?[A-Z][A-Z0-9_]*=/.test(line)) continue;
      let j = i - 1;
      while (j >= 0 && /^#?[A-Z][A-Z0-9_]*=/.test(lines[j] ?? '')) j--;
      expect(lines[j] ?? '', `a comment above ${line}`).toMatch(/^# /);
    }
  });

  it('fails when config gains a variable the example lacks, or the example names one config does not read', () => {
    const withNew = config.replace(
      'DWAAR_PORT: z.coerce',
      'DWAAR_NEW_SETTING: z.string().optional(),\n  DWAAR_PORT: z.coerce',
    );
    expect(exampleVariables(example)).not.toEqual(configVariables(withNew));
    expect(exampleVariables(`${example}\nDWAAR_STALE=1\n`)).not.toEqual(configVariables(config));
  });

  it('is a valid configuration as written, and with every commented default switched on', () => {
    const live = loadConfig(exampleEnv(example, false));
    expect(live.demoBoweb.start).toBe(false);
    expect(live.mail.smtpUrl).toMatch(/^smtp:/);
    expect(live.publicUrl.protocol).toBe('https:');
    expect(live.trustedProxies.length).toBeGreaterThan(0);
    const all = exampleEnv(example, true);
    expect(() => loadConfig(all)).not.toThrow();
    // DWAAR_REDIS_SENTINELS commented in is parsed into nodes, so its example is well formed.
    expect(loadConfig(all).redisSentinel?.nodes.length).toBe(3);
  });
});

const SYSTEMD_ANALYZE = which('systemd-analyze');

/**
 * `systemd-analyze verify` on a copy of `unit` (the node binary pointed at this one, so the check does not
 * depend on where Node is installed). systemd reports bad keys and values as warnings and still exits 0,
 * so every line it prints about the unit counts as a problem.
 */
function verifyUnit(name: string, unit: string): string[] {
  const dir = mkdtempSync(join(tmp, 'unit-'));
  const path = join(dir, name);
  writeFileSync(path, unit.replaceAll('/usr/bin/node ', `${process.execPath} `));
  const run = spawnSync(SYSTEMD_ANALYZE ?? 'systemd-analyze', ['verify', '--man=no', path], {
    encoding: 'utf8',
    cwd: dir,
  });
  const unitName = basename(name, '.service');
  const problems = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter((l) => l.trim() !== '' && l.includes(unitName));
  if (run.status !== 0) problems.push(`exit ${run.status}: ${run.stderr}`);
  return problems;
}

/** systemd's offline exposure score, 0 (locked down) to 10; verify's checks do not look at hardening. */
function exposure(name: string, unit: string): number {
  const dir = mkdtempSync(join(tmp, 'sec-'));
  const path = join(dir, name);
  writeFileSync(path, unit);
  const out = spawnSync(
    SYSTEMD_ANALYZE ?? 'systemd-analyze',
    ['security', '--offline=true', '--no-pager', path],
    { encoding: 'utf8', cwd: dir },
  ).stdout;
  const score = /Overall exposure level for \S+: ([\d.]+)/.exec(out)?.[1];
  if (!score) throw new Error(`no exposure level in:\n${out}`);
  return Number(score);
}

/** The value of `key=` in a unit (the last one, as systemd takes it). */
function directive(unit: string, key: string): string | undefined {
  return [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].at(-1)?.[1];
}

describe.skipIf(!SYSTEMD_ANALYZE)('deploy/*.service', () => {
  const gateway = read('deploy/dwaar.service');
  const boweb = read('deploy/dwaar-boweb.service');
  const example = read('deploy/dwaar.env.example');

  it('pass systemd-analyze verify', () => {
    expect(verifyUnit('dwaar.service', gateway)).toEqual([]);
    expect(verifyUnit('dwaar-boweb.service', boweb)).toEqual([]);
  });

  it('a broken unit fails the same check (bad value, unknown key, missing binary)', () => {
    expect(verifyUnit('dwaar.service', gateway.replace('Type=simple', 'Type=simpel'))).not.toEqual([]);
    expect(
      verifyUnit('dwaar.service', gateway.replace('[Service]', '[Service]\nRestartt=always')),
    ).not.toEqual([]);
    expect(
      verifyUnit('dwaar.service', gateway.replace('/usr/bin/node ', '/usr/bin/no-such-node ')),
    ).not.toEqual([]);
  });

  it('run the gateway as the brief for a node says: reload by SIGHUP, stop within the grace, locked down', () => {
    expect(directive(gateway, 'Type')).toBe('simple');
    expect(directive(gateway, 'User')).toBe('dwaar');
    expect(directive(gateway, 'EnvironmentFile')).toBe('/etc/dwaar/dwaar.env');
    expect(directive(gateway, 'ExecStart')).toBe('/usr/bin/node /opt/dwaar/bin/dwaar.js start');
    expect(directive(gateway, 'ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(directive(gateway, 'KillSignal')).toBe('SIGTERM');
    expect(directive(gateway, 'Restart')).toBe('on-failure');
    expect(directive(gateway, 'CapabilityBoundingSet')).toBe('');
    expect(directive(gateway, 'NoNewPrivileges')).toBe('yes');
    expect(directive(gateway, 'ProtectSystem')).toBe('strict');
    // The one writable path is the data directory the env example configures.
    expect(directive(gateway, 'ReadWritePaths')).toBe(exampleEnv(example, false).DWAAR_DATA);
    expect(Number(directive(gateway, 'LimitNOFILE'))).toBeGreaterThanOrEqual(32_768);
    // systemd must not SIGKILL a clean stop: its timeout is above the example's shutdown grace.
    const stopS = Number(/^(\d+)s$/.exec(directive(gateway, 'TimeoutStopSec') ?? '')?.[1]);
    const graceMs = Number(exampleEnv(example, false).DWAAR_SHUTDOWN_GRACE_MS);
    expect(stopS * 1000).toBeGreaterThanOrEqual(graceMs + 10_000);
    expect(directive(boweb, 'ExecStart')).toBe('/usr/bin/node /opt/dwaar/bin/dwaar.js boweb');
  });

  it('score low on systemd-analyze security (and an unhardened unit does not)', () => {
    expect(exposure('dwaar.service', gateway)).toBeLessThanOrEqual(2.5);
    expect(exposure('dwaar-boweb.service', boweb)).toBeLessThanOrEqual(2.5);
    const bare = gateway
      .split('\n')
      .filter((l) => !/^(NoNewPrivileges|CapabilityBoundingSet|Protect|Private|Restrict|SystemCall)/.test(l))
      .join('\n');
    expect(exposure('dwaar.service', bare)).toBeGreaterThan(5);
  });
});

describe.skipIf(!HAPROXY_BIN || !which('openssl'))('deploy/haproxy.cfg', () => {
  const sample = readFileSync(HAPROXY_SAMPLE, 'utf8');
  const pem = join(tmp, 'dwaar.pem');

  /** `haproxy -c` in zero-warning mode (-dW): a warning is a failure too. */
  function check(text: string): { ok: boolean; output: string } {
    const path = join(mkdtempSync(join(tmp, 'hap-')), 'haproxy.cfg');
    writeFileSync(path, text);
    const run = spawnSync(HAPROXY_BIN ?? 'haproxy', ['-dW', '-c', '-f', path], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  }

  it('is valid for HAProxy, with a real (self-signed) certificate in place of the placeholder', () => {
    const key = join(tmp, 'key.pem');
    const crt = join(tmp, 'crt.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
        ...['-keyout', key, '-out', crt, '-days', '1', '-subj', '/CN=wfh.tax.example.gov.in'],
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(pem, readFileSync(crt, 'utf8') + readFileSync(key, 'utf8'));
    const withCert = sample.replace('/etc/haproxy/certs/dwaar.pem', pem);
    expect(withCert).not.toBe(sample);
    const result = check(withCert);
    expect(result.output).toContain('Configuration file is valid');
    expect(result.ok).toBe(true);
    // The same check rejects a broken front: an unknown ACL, and a warning (a WebSocket timeout set on the
    // frontend, where HAProxy ignores it).
    expect(check(withCert.replace('unless METH_GET', 'unless METH_GOT')).ok).toBe(false);
    const ignored = withCert.replace(
      '    default_backend dwaar_nodes\n',
      '    default_backend dwaar_nodes\n    timeout tunnel 1h\n',
    );
    expect(ignored).not.toBe(withCert);
    expect(check(ignored).ok).toBe(false);
  });

  it('balances round robin on /readyz, retries elsewhere, stays under 20,000 connections, stats on loopback', () => {
    expect(sample).toMatch(/^\s*balance roundrobin$/m);
    expect(sample).not.toMatch(/^\s*(cookie|stick|hash-type)\b/m);
    expect(sample).toMatch(/^\s*option httpchk GET \/readyz$/m);
    expect(sample).toMatch(/^\s*http-check expect status 200$/m);
    expect(sample).toMatch(/^\s*option forwardfor$/m);
    expect(sample).toMatch(/^\s*http-request set-header X-Request-Id %\[unique-id\]$/m);
    expect(sample).toMatch(/^\s*unique-id-format \S+/m);
    expect(sample).toMatch(/^\s*retries 2$/m);
    expect(sample).toMatch(/^\s*option redispatch\b/m);
    expect(sample).toMatch(/^\s*timeout tunnel \S+/m);
    for (const m of sample.matchAll(/^\s*maxconn (\d+)$/gm)) expect(Number(m[1])).toBeLessThan(20_000);
    const statsBinds = /frontend stats\n([\s\S]*?)(\n\n|$)/.exec(sample)?.[1] ?? '';
    expect(statsBinds).toMatch(/bind 127\.0\.0\.1:\d+/);
    expect(statsBinds).not.toMatch(/bind (\*|0\.0\.0\.0|:::?)\S*/);
  });

  it('rewritten for a loopback test front (as test/multi-node.test.ts runs it), is still valid', () => {
    const front = frontConfigFor(sample, {
      port: 18443,
      redirectPort: 18080,
      statsPort: 18404,
      nodes: [
        { name: 'a', port: 18001 },
        { name: 'b', port: 18002 },
      ],
    });
    expect(front).toContain('server a 127.0.0.1:18001 check');
    expect(front).not.toContain('10.0.0.11');
    expect(check(front).ok).toBe(true);
    expect(() =>
      frontConfigFor(sample.replace('bind :443', 'bind :8443'), {
        port: 1,
        redirectPort: 2,
        statsPort: 3,
        nodes: [],
      }),
    ).toThrow(/no longer matches/);
  });
});
