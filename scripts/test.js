#!/usr/bin/env node
// `npm test`: format, lint, type-check, then every test. It probes for PostgreSQL, Redis and Chromium,
// uses what it finds, and says plainly what it skipped and why. With DWAAR_TEST_REQUIRE_ALL=1 (CI),
// anything missing is a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { connect } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env };
const requireAll = env.DWAAR_TEST_REQUIRE_ALL === '1';

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

async function executable(path) {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const skipped = [];
env.TEST_PG_URL ??= (await reachable('127.0.0.1', 5432)) ? 'postgres://postgres@127.0.0.1:5432/test' : '';
if (!env.TEST_PG_URL)
  skipped.push('PostgreSQL store tests: nothing listens on 127.0.0.1:5432 (set TEST_PG_URL)');
env.TEST_REDIS_URL ??= (await reachable('127.0.0.1', 6379)) ? 'redis://127.0.0.1:6379' : '';
if (!env.TEST_REDIS_URL)
  skipped.push('Redis session tests: nothing listens on 127.0.0.1:6379 (set TEST_REDIS_URL)');
env.TEST_CHROMIUM ??= (await executable('/usr/bin/chromium')) ? '/usr/bin/chromium' : '';
if (!env.TEST_CHROMIUM)
  skipped.push(
    'browser (e2e) tests: /usr/bin/chromium is not installed (apt-get install chromium fonts-noto-core)',
  );
// Tests that run these programs skip themselves without them; say so here.
const programs = [
  ['/usr/sbin/haproxy', 'haproxy', 'the HAProxy sample and the multi-node test'],
  ['/usr/bin/systemd-analyze', 'systemd', 'the systemd unit checks'],
  ['/usr/sbin/nginx', 'nginx', 'the benchmark peer tests'],
  ['/usr/bin/caddy', 'caddy', 'the benchmark peer tests'],
];
for (const [path, pkg, what] of programs) {
  if (!(await executable(path))) skipped.push(`${what}: ${path} is not installed (apt-get install ${pkg})`);
}
for (const key of ['TEST_PG_URL', 'TEST_REDIS_URL', 'TEST_CHROMIUM']) {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- three known names
  if (!env[key]) delete env[key];
}

if (skipped.length > 0) {
  console.log(`\nnpm test will SKIP:\n  - ${skipped.join('\n  - ')}\n`);
  if (requireAll) {
    console.error('DWAAR_TEST_REQUIRE_ALL=1: refusing to skip. Install or start what is missing.');
    process.exit(1);
  }
}

const steps = [
  ['format', ['npx', 'prettier', '--check', '.']],
  ['lint', ['npx', 'eslint', '.']],
  ['typecheck', ['npx', 'tsc', '--noEmit']],
  [
    'tests',
    [
      'npx',
      'vitest',
      'run',
      '--project=unit',
      '--project=e2e',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${join(tmpdir(), `dwaar-vitest-${process.pid}.json`)}`,
    ],
  ],
  // Alone on the machine, after everything else: see vitest.config.ts.
  ['load tests', ['npx', 'vitest', 'run', '--project=load']],
];
for (const [name, [cmd, ...args]] of steps) {
  console.log(`\n== ${name}: ${[cmd, ...args].join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\nnpm test: ${name} failed.`);
    process.exit(result.status ?? 1);
  }
}
const report = join(tmpdir(), `dwaar-vitest-${process.pid}.json`);
const counts = JSON.parse(await readFile(report, 'utf8'));
await rm(report, { force: true });
if (skipped.length > 0) console.log(`\nnpm test passed, but SKIPPED:\n  - ${skipped.join('\n  - ')}`);
else console.log('\nnpm test passed: PostgreSQL, Redis and Chromium suites all ran.');
console.log(
  `tests: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${counts.numPendingTests} skipped`,
);
