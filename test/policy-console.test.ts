import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom, type Browser } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const DEMO_POLICY = resolve(import.meta.dirname, '..', 'config', 'policy.demo.yaml');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The demo file with two mistakes: the portal's session limit is not a number, and a resource id has capitals. */
function brokenPolicy(good: string): { text: string; lines: number[] } {
  const lines = good.split('\n');
  const find = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) throw new Error(`the demo policy has no line matching ${String(re)}`);
    return i;
  };
  const limit = find(/^\s+max_sessions:/);
  const id = find(/^\s+- id: boweb/);
  lines[limit] = lines[limit]?.replace(/max_sessions:.*/, 'max_sessions: many') ?? '';
  lines[id] = lines[id]?.replace('boweb', 'BOWEB!') ?? '';
  return { text: lines.join('\n'), lines: [limit + 1, id + 1] };
}

describe.each(TEST_DIALECTS)('the access policy in the console on %s', (dialect) => {
  let t: TestApp;
  let dir: string;
  let policyFile: string;
  let good: string;
  let hq: Browser;
  let zonal: Browser;
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const db = () => t.deps.store.db;
  const auditOf = (type: string) =>
    db().selectFrom('audit_events').selectAll().where('type', '=', type).orderBy('seq', 'desc').execute();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dwaar-policy-console-'));
    policyFile = join(dir, 'policy.yaml');
    good = await readFile(DEMO_POLICY, 'utf8');
    await writeFile(policyFile, good);
    t = await createTestApp({ dialect, env: { DWAAR_POLICY: policyFile } });
    // An officer of Agra zone, out of the Lucknow zonal head's reach.
    const officer = await db()
      .insertInto('officers')
      .values({
        employee_no: 'POL00001',
        name_en: 'Agra Officer',
        name_hi: 'आगरा अधिकारी',
        rank_id: 'cto',
        wing_id: 'adjudication',
        district_id: 'agra',
        email: 'pol1@ctd.up.example',
        mobile: null,
        created_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertAccount(db(), t.clock.now(), { user_id: 'agra.pol1', officer_id: officer.id });
    hq = await consoleSignIn(t, 'hq.admin');
    zonal = await consoleSignIn(t, 'zonal.lucknow');
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows HQ the live policy: hash, resources, rules, profiles and the file, with a reload button', async () => {
    const page = await hq.fetch(url('/console/policy'));
    expect(page.status).toBe(200);
    expect(page.body).toContain(sha256(good));
    expect(page.body).toContain('<code>boweb.localhost</code>');
    expect(page.body).toContain('closed-office-officers');
    expect(page.body).toContain('<code>wing</code>: adjudication, enforcement');
    expect(page.body).toContain('Portal (officers)');
    expect(page.body).toContain('version: 1');
    expect(page.body).toContain('action="/console/policy/reload"');
    expect(page.body).toContain('href="/console/policy"');
  });

  it('shows a zonal head the policy without the reload button, and refuses the reload (audited)', async () => {
    const page = await zonal.fetch(url('/console/policy'));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('action="/console/policy/reload"');
    const before = (await auditOf('console.access_denied')).length;
    const denied = await zonal.fetch(url('/console/policy/reload'), { form: { _csrf: csrfFrom(page.body) } });
    expect(denied.status).toBe(403);
    const after = await auditOf('console.access_denied');
    expect(after.length).toBe(before + 1);
    expect(after[0]?.detail).toContain('policy.reload');
  });

  it('in Hindi', async () => {
    hq.setCookie('localhost', 'dwaar_lang', 'hi');
    try {
      const page = await hq.fetch(url('/console/policy'));
      expect(page.body).toContain('एक्सेस नीति');
      expect(page.body).toContain('पोर्टल (अधिकारी)');
    } finally {
      hq.setCookie('localhost', 'dwaar_lang', 'en');
    }
  });

  it('explains an allowed officer to HQ, in words, and audits the look-up', async () => {
    const page = await hq.fetch(
      url('/console/policy/explain?user=officer1&resource=boweb&at=01-12-2026+10:30'),
    );
    expect(page.status).toBe(200);
    expect(page.body).toContain('ALLOWED');
    expect(page.body).toContain('closed-office-officers');
    expect(page.body).toContain('Time: 01-12-2026, 10:30 India time.');
    const [event] = await auditOf('policy.explained');
    expect(event?.actor).toBe('hq.admin');
    expect(event?.target).toBe('officer1');
    expect(event?.detail).toContain('"effect":"allow"');
  });

  it('explains a denial (office open) to the zonal head of that officer', async () => {
    const page = await zonal.fetch(url('/console/policy/explain?user=officer2&resource=boweb'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('DENIED');
  });

  it('refuses the zonal head an officer of another zone: 403, audited, nothing explained', async () => {
    const explainedBefore = (await auditOf('policy.explained')).length;
    const before = (await auditOf('console.access_denied')).length;
    const page = await zonal.fetch(url('/console/policy/explain?user=agra.pol1&resource=boweb'));
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('ALLOWED');
    expect(page.body).not.toContain('DENIED');
    expect((await auditOf('console.access_denied')).length).toBe(before + 1);
    expect((await auditOf('policy.explained')).length).toBe(explainedBefore);
    // HQ reaches everyone.
    expect((await hq.fetch(url('/console/policy/explain?user=agra.pol1&resource=boweb'))).status).toBe(200);
  });

  it('names the field for an unknown user, an unknown resource, a bad time or address', async () => {
    const unknown = await hq.fetch(url('/console/policy/explain?user=nobody.here&resource=boweb'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('No account has the user ID nobody.here.');
    const resource = await hq.fetch(url('/console/policy/explain?user=officer1&resource=dms'));
    expect(resource.status).toBe(400);
    expect(resource.body).toContain('The policy has no resource dms');
    const time = await hq.fetch(
      url('/console/policy/explain?user=officer1&resource=boweb&at=31-02-2026+10:00'),
    );
    expect(time.status).toBe(400);
    expect(time.body).toContain('aria-invalid="true"');
    const ip = await hq.fetch(url('/console/policy/explain?user=officer1&resource=boweb&ip=10.0.0.300'));
    expect(ip.status).toBe(400);
    const forged = await hq.fetch(
      url('/console/policy/explain?user=officer1&resource=boweb&secondFactor=sms'),
    );
    expect(forged.status).toBe(400);
  });

  it('reload: a bad file keeps the good policy and shows each problem with its line', async () => {
    const broken = brokenPolicy(good);
    await writeFile(policyFile, broken.text);
    const page = await hq.fetch(url('/console/policy'));
    const reply = await hq.fetch(url('/console/policy/reload'), { form: { _csrf: csrfFrom(page.body) } });
    expect(reply.status).toBe(422);
    expect(reply.body).toContain(`<td>${broken.lines[0]}:`);
    expect(reply.body).toContain(`<td>${broken.lines[1]}:`);
    expect(reply.body).toContain('was not applied');
    expect(t.deps.policy.current().hash).toBe(sha256(good));
    const after = await hq.fetch(url('/console/policy'));
    expect(after.body).toContain(sha256(good));
    const history = await hq.fetch(url('/console/policy/history'));
    expect(history.body).toContain('rejected');
    expect(history.body).toContain(sha256(broken.text).slice(0, 12));
  });

  it('reload: a good changed file applies at once', async () => {
    const changed = `${good}\n# changed by the console test\n`;
    await writeFile(policyFile, changed);
    const page = await hq.fetch(url('/console/policy'));
    const reply = await hq.fetch(url('/console/policy/reload'), { form: { _csrf: csrfFrom(page.body) } });
    expect(reply.status).toBe(303);
    expect(t.deps.policy.current().hash).toBe(sha256(changed));
    const shown = await hq.fetch(reply.location ?? '');
    expect(shown.body).toMatch(/Reloaded|has not changed/);
    expect(shown.body).toContain(sha256(changed));
  });

  it('refuses a reload without the CSRF token', async () => {
    const reply = await hq.fetch(url('/console/policy/reload'), { form: { _csrf: 'forged' } });
    expect(reply.status).toBe(403);
  });

  it('exports the history as CSV, newest first, audited', async () => {
    const reply = await hq.fetch(url('/console/policy/history.csv'));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(reply.body, { bom: true, relax_column_count: true });
    const loads = rows.filter((r) => r[1] === 'start' || r[1] === 'console' || r[1] === 'watch');
    expect(loads.length).toBeGreaterThanOrEqual(3);
    // Newest first: the good reload, then the rejected one, and the start-up load last.
    expect(loads[0]?.slice(1, 3)).toEqual(['console', 'applied']);
    expect(loads.at(-1)?.slice(1, 3)).toEqual(['start', 'applied']);
    expect(loads.some((r) => r[2] === 'rejected' && (r[4] ?? '').includes('max_sessions'))).toBe(true);
    const [event] = await auditOf('report.exported');
    expect(event?.target).toBe('policy_history');
  });
});
