import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { request } from 'undici';
import { circularRoutes, type CircularRouteOptions } from '../src/circulars/index.ts';
import { staffScope } from '../src/console/index.ts';
import {
  registerErrorHandling,
  registerHostPrefixedCookies,
  registerRequestContext,
} from '../src/web/index.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { insertAccount, insertOfficer } from './factories/accounts.ts';
import { consoleSignIn } from './factories/staff.ts';
import { csrfFrom, type Browser, type Reply } from './http-client.ts';
import type { TestDialect } from './test-env.ts';

/** Attachments in tests: small, so "oversized" is cheap. */
export const TEST_ATTACHMENT_MAX = 64 * 1024;

/** A gateway with its own data folder (attachments land there, never in the repository's `data/`). */
export async function createCircularTestApp(dialect: TestDialect): Promise<TestApp & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dwaar-circulars-'));
  const t = await createTestApp({
    dialect,
    env: { DWAAR_DATA: dataDir, DWAAR_ATTACHMENT_MAX_BYTES: String(TEST_ATTACHMENT_MAX) },
  });
  return Object.assign(t, { dataDir });
}

/**
 * The console's protected scope holding only the circular feature, on its own port over the same deps,
 * as `buildApp` registers it (request context, cookies, forms, error pages). The tests sign in on the
 * real gateway (the same host name, so the same cookies) and drive circulars here, independent of where
 * the lead wires the feature, and with a Chromium path of their choosing.
 */
export async function startCircularConsole(
  t: TestApp,
  options: CircularRouteOptions = {},
): Promise<{ origin: string; web: FastifyInstance; close(): Promise<void> }> {
  const web = Fastify({ bodyLimit: 16 * 1024 });
  await web.register(cookie);
  registerHostPrefixedCookies(web, false);
  await web.register(formbody);
  registerRequestContext(web);
  registerErrorHandling(web);
  const deps = t.deps;
  await web.register(
    staffScope({ ...deps, db: deps.store.db, origin: deps.config.publicUrl.origin }, [
      circularRoutes(deps, options),
    ]),
  );
  await web.listen({ port: 0, host: '127.0.0.1' });
  const address = web.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { origin: `http://localhost:${port}`, web, close: () => web.close() };
}

/** Signs a demo staff member in on the gateway; the browser then works on the circular console too. */
export function signInStaff(t: TestApp, userId: string, password?: string): Promise<Browser> {
  return consoleSignIn(t, userId, password);
}

/** A person for a circular to reach: an officer (placed by their district) or a staff member (by scope). */
export async function addPerson(
  t: TestApp,
  o: {
    userId: string;
    role?: 'officer' | 'zonal_head' | 'joint_commissioner' | 'hq_admin' | 'system_integrator';
    district?: string;
    zone?: string;
    email?: string | null;
    status?: 'active' | 'pending_activation' | 'revoked';
    /** Set, so the person can sign in to the console. */
    password?: string;
  },
): Promise<number> {
  const db = t.deps.store.db;
  const now = t.clock.now();
  const role = o.role ?? 'officer';
  const officer =
    role === 'officer' && o.district
      ? await insertOfficer(db, now, { district_id: o.district, email: `${o.userId}@ctd.up.example` })
      : undefined;
  return insertAccount(db, now, {
    user_id: o.userId,
    role,
    officer_id: officer?.id ?? null,
    scope_zone_id: role === 'officer' ? null : (o.zone ?? null),
    scope_district_id: role === 'officer' ? null : (o.district ?? null),
    email: o.email === undefined ? (role === 'officer' ? null : `${o.userId}@ctd.up.example`) : o.email,
    status: o.status ?? 'active',
    password_hash: o.password ? await t.deps.passwords.hash(o.password) : null,
  });
}

/** A complete, valid circular form; tests override fields to break it. */
export function circularForm(
  overrides: Record<string, string> = {},
): Record<string, string> & { number: string } {
  return {
    number: `T-${Math.random().toString(36).slice(2, 8)}/2026`,
    action: 'save',
    issuedOn: '20-04-2020',
    subjectHi: 'VPN सुविधा एवं गोपनीयता',
    subjectEn: 'VPN access and confidentiality',
    bodyHi: 'कृपया सभी अधीनस्थ अधिकारियों को **अवगत** कराएँ।',
    bodyEn: 'Please **inform** all subordinate officers.',
    authorityHi: 'कमिश्नर, वाणिज्य कर, उ0प्र0',
    authorityEn: 'Commissioner, Commercial Tax, U.P.',
    copyToHi: 'निजी सचिव, अपर मुख्य सचिव\nएडीशनल कमिश्नर, वाणिज्य कर',
    copyToEn: 'Private Secretary to the Additional Chief Secretary\nAdditional Commissioner, Commercial Tax',
    ackRequired: 'on',
    ackDeadline: '',
    aud0Kind: 'recipient',
    aud0Role: 'officer',
    aud0Zone: 'lucknow',
    ...overrides,
  };
}

/** Fetches the new-circular form and posts `form` with its CSRF token. */
export async function postNew(b: Browser, origin: string, form: Record<string, string>): Promise<Reply> {
  const page = await b.fetch(`${origin}/console/circulars/new`);
  return b.fetch(`${origin}/console/circulars/new`, { form: { _csrf: csrfFrom(page.body), ...form } });
}

/** Saves a valid draft and returns its ID. */
export async function createDraft(b: Browser, origin: string, form: Record<string, string>): Promise<number> {
  const reply = await postNew(b, origin, form);
  const id = /\/console\/circulars\/(\d+)\/edit/.exec(reply.location ?? '')?.[1];
  if (reply.status !== 303 || !id)
    throw new Error(`draft not saved: ${reply.status} ${reply.body.slice(0, 400)}`);
  return Number(id);
}

/** Issues a draft through its confirm page. */
export async function issue(b: Browser, origin: string, id: number): Promise<Reply> {
  const confirm = await b.fetch(`${origin}/console/circulars/${id}/issue`);
  if (confirm.status !== 200) return confirm;
  return b.fetch(`${origin}/console/circulars/${id}/issue`, { form: { _csrf: csrfFrom(confirm.body) } });
}

/** Posts one multipart upload as the browser would (its cookies, the form's CSRF token). */
export async function upload(
  b: Browser,
  origin: string,
  id: number,
  files: readonly { name: string; data: Buffer; type?: string }[],
  csrf?: string,
): Promise<Reply> {
  const token = csrf ?? csrfFrom((await b.fetch(`${origin}/console/circulars/${id}/edit`)).body);
  // Built by hand, as a browser sends it: the CSRF field first, then each file part.
  const boundary = `----dwaar${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
  ];
  for (const f of files) {
    const name = f.name.replace(/"/g, '%22');
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\n` +
          `content-type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const u = new URL(`${origin}/console/circulars/${id}/attachments`);
  const cookies = b.jar.get(u.hostname);
  const res = await request(`http://127.0.0.1:${u.port}${u.pathname}`, {
    method: 'POST',
    headers: {
      host: u.host,
      accept: 'text/html',
      cookie: [...(cookies ?? [])].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body: Buffer.concat(parts),
  });
  const location = res.headers.location;
  return {
    status: res.statusCode,
    headers: res.headers,
    body: await res.body.text(),
    location: typeof location === 'string' ? new URL(location, u).toString() : undefined,
  };
}

/** Audit events of a type, newest last, with their details parsed. */
export async function auditOf(t: TestApp, type: string) {
  const rows = await t.deps.store.db
    .selectFrom('audit_events')
    .select(['actor', 'target', 'detail'])
    .where('type', '=', type)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
