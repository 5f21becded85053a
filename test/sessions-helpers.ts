import { readFileSync, writeFileSync } from 'node:fs';
import type { TestApp } from './create-test-app.ts';
import { Browser, CHROME_UA, csrfFrom, disclaimerForm, inspectionForm, type Reply } from './http-client.ts';

/** A browser that names itself as desktop Chrome on Linux (device names are made from it). */
export class ChromeBrowser extends Browser {
  constructor(readonly userAgent = CHROME_UA) {
    super();
  }
  override fetch(url: string, init: Parameters<Browser['fetch']>[1] = {}): Promise<Reply> {
    return super.fetch(url, { ...init, headers: { 'user-agent': this.userAgent, ...init.headers } });
  }
}

/**
 * Sets the live sessions one person may hold, as HQ would: edits `max_sessions` in the gateway's policy file
 * and reloads it.
 */
export async function limitSessions(t: Pick<TestApp, 'deps' | 'policyPath'>, max: number): Promise<void> {
  const text = readFileSync(t.policyPath, 'utf8');
  writeFileSync(t.policyPath, text.replace(/max_sessions: \d+/g, `max_sessions: ${max}`));
  const result = await t.deps.policy.reload('console', 'hq.admin');
  if (!result.ok) throw new Error(`the test policy did not load: ${JSON.stringify(result.problems)}`);
}

/**
 * Walks the portal's steps as `userId`, answering the trust step (yes: a trusted device), and returns the
 * reply to the login POST.
 */
export async function signInTrusting(
  b: Browser,
  portal: string,
  userId = 'officer1',
  password = 'Officer@Dwaar1',
  trust: 'yes' | 'no' | 'skip' = 'yes',
): Promise<Reply> {
  await b.fetch(`${portal}/`);
  const inspect = await b.fetch(`${portal}/inspect`);
  const inspected = await b.fetch(`${portal}/inspect`, { form: inspectionForm(inspect) });
  if (inspected.status !== 200) throw new Error(`inspection failed: ${inspected.status}`);
  if (trust !== 'skip') {
    const page = await b.fetch(`${portal}/trust`);
    await b.fetch(`${portal}/trust`, { form: { _csrf: csrfFrom(page.body), trust } });
  }
  const disclaimer = await b.fetch(`${portal}/disclaimer`);
  await b.fetch(`${portal}/disclaimer`, { form: disclaimerForm(disclaimer) });
  const login = await b.fetch(`${portal}/login`);
  return b.fetch(`${portal}/login`, { form: { _csrf: csrfFrom(login.body), userId, password } });
}

/** The session IDs offered as radio buttons on the session limit page. */
export function offeredSessions(body: string): string[] {
  return [...body.matchAll(/type="radio" id="end-\d+" name="session" value="([^"]+)"/g)].map(
    (m) => m[1] ?? '',
  );
}
