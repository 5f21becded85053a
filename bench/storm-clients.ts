// The login storm's officers: a process of its own (never the gateway's) that signs every officer in over
// HTTP through the portal's real steps, at most <concurrency> at a time, each from its own address
// (X-Forwarded-For, which the gateway trusts from 127.0.0.1), with its TOTP code.
// Usage: storm-clients.ts <portal-origin> <officers.json> <concurrency> <from> <to>: signs in officers
// [from, to) of the file; prints `RESULT <json>`.
import { readFile } from 'node:fs/promises';
import { Secret, TOTP } from 'otpauth';
import { z } from 'zod';
import { Browser, csrfFrom, disclaimerForm, inspectionForm, type Reply } from '../test/http-client.ts';
import { STORM_PASSWORD } from './storm-seed.ts';

const Officers = z.array(z.object({ userId: z.string(), totpSecret: z.string() }));
type Officer = z.infer<typeof Officers>[number];

export interface StormClientResult {
  readonly okCount: number;
  readonly failures: readonly string[];
  /** Each successful sign-in's duration, first request to session cookie, in ms. */
  readonly latenciesMs: readonly number[];
  readonly totalMs: number;
  readonly requests: number;
}

/** A distinct documentation-range-free address per officer: 10.x.y.z. */
function addressOf(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

function expect(reply: Reply, status: number, step: string): Reply {
  if (reply.status !== status) throw new Error(`${step}: expected ${status}, got ${reply.status}`);
  return reply;
}

/** Every step of the portal's sign-in; resolves when the session cookie is set. */
async function signIn(portal: string, officer: Officer, i: number): Promise<number> {
  const b = new Browser();
  const headers = { 'x-forwarded-for': addressOf(i + 1) };
  let requests = 0;
  const get = (path: string) => (requests++, b.fetch(`${portal}${path}`, { headers }));
  const post = (path: string, form: Record<string, string>) => (
    requests++,
    b.fetch(`${portal}${path}`, { headers, form })
  );
  await get('/');
  const inspect = expect(await get('/inspect'), 200, 'inspection page');
  expect(await post('/inspect', inspectionForm(inspect)), 200, 'inspection');
  const trust = expect(await get('/trust'), 200, 'trust page');
  expect(await post('/trust', { _csrf: csrfFrom(trust.body), trust: 'no' }), 303, 'trust');
  const disclaimer = expect(await get('/disclaimer'), 200, 'disclaimer page');
  expect(await post('/disclaimer', disclaimerForm(disclaimer)), 303, 'disclaimer');
  const login = expect(await get('/login'), 200, 'login page');
  const credentials = { _csrf: csrfFrom(login.body), userId: officer.userId, password: STORM_PASSWORD };
  const password = expect(await post('/login', credentials), 303, 'password');
  if (!password.location?.endsWith('/login/otp')) throw new Error(`password: went to ${password.location}`);
  const otp = expect(await get('/login/otp'), 200, 'code page');
  const totp = new TOTP({ secret: Secret.fromBase32(officer.totpSecret), digits: 6, period: 30 });
  const code = { _csrf: csrfFrom(otp.body), method: 'totp', code: totp.generate() };
  const coded = expect(await post('/login/otp', code), 303, 'code');
  if (coded.location?.endsWith('/login/acknowledge')) {
    const ack = expect(await get('/login/acknowledge'), 200, 'acknowledgement page');
    // The demo policy asks for one document (the confidentiality clause); Browser's form sends one value.
    const versions = [...ack.body.matchAll(/name="versions" value="([^"]+)"/g)].map((m) => m[1] ?? '');
    if (versions.length !== 1)
      throw new Error(`acknowledgement: expected one document, got ${versions.length}`);
    const form = { _csrf: csrfFrom(ack.body), action: 'accept', accept: 'yes', versions: versions[0] ?? '' };
    const accepted = await post('/login/acknowledge', form);
    expect(accepted, 303, 'acknowledgement');
  }
  if (!b.cookie(new URL(portal).hostname, 'dwaar_sid')) throw new Error('no session cookie at the end');
  return requests;
}

async function main(): Promise<void> {
  const [portal, file, concurrencyArg, from, to] = process.argv.slice(2);
  if (!portal || !file || !concurrencyArg || !from || !to)
    throw new Error('usage: storm-clients.ts <portal> <file> <concurrency> <from> <to>');
  const all = Officers.parse(JSON.parse(await readFile(file, 'utf8')));
  const officers = all.slice(Number(from), Number(to));
  const offset = Number(from);
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let requests = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < officers.length; i = next++) {
      const officer = officers[i];
      if (!officer) continue;
      const t0 = performance.now();
      try {
        const made = await signIn(portal, officer, offset + i);
        requests += made;
        latenciesMs.push(performance.now() - t0);
      } catch (err) {
        failures.push(`${officer.userId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
  const result: StormClientResult = {
    okCount: latenciesMs.length,
    failures: failures.slice(0, 20),
    latenciesMs,
    totalMs: performance.now() - started,
    requests,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

await main();
process.exit(0);
