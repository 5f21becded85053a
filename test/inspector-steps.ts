import { execFile } from 'node:child_process';
import { sign, type KeyObject } from 'node:crypto';
import { resolve } from 'node:path';
import { request } from 'undici';
import { expect } from 'vitest';
import { reportMessage, type AgentFacts } from '../src/policy/agent-report.ts';
import type { TestApp } from './create-test-app.ts';
import { type Browser, csrfFrom, disclaimerForm, follow, inspectionForm } from './http-client.ts';

/** Steps of the inspector's tests: the real script as a child process, signed reports, the sign-in with trust. */

const SCRIPT = resolve(import.meta.dirname, '../bin/dwaar-inspect.js');

export const FACTS: AgentFacts = {
  os: 'Ubuntu',
  osVersion: '24.04 (kernel 6.8.0)',
  osPatched: 'yes',
  diskEncryption: 'yes',
  firewall: 'no',
  screenLock: 'unknown',
};

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/dwaar-inspect.js with its key folder at `home` and the facts in `factsFile` instead of probes. */
export function runScript(args: string[], home: string, factsFile: string): Promise<ScriptRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { ...process.env, DWAAR_INSPECT_HOME: home, DWAAR_INSPECT_FACTS: factsFile }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A JSON POST as the script makes it: no cookies. */
export async function postJson(url: string, body: unknown) {
  const res = await request(url.replace('//localhost:', '//127.0.0.1:'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', host: new URL(url).host },
    body: JSON.stringify(body),
  });
  const json = (await res.body.json()) as { error?: { code: string }; accepted?: boolean };
  return { status: res.statusCode, json };
}

export function signedReport(key: KeyObject, nonce: string, at: number, facts: AgentFacts = FACTS) {
  const signature = sign(null, Buffer.from(reportMessage(nonce, facts, at)), key).toString('base64url');
  return { nonce, at, facts, signature };
}

export function inspectorSteps(app: () => TestApp) {
  const url = (path: string) => `${app().portalOrigin}${path}`;

  /** Inspection → trust (optionally asking to pair) → disclaimer → login; returns the pairing code shown. */
  async function signInTrusted(
    b: Browser,
    pair: boolean,
    userId = 'officer1',
    password = 'Officer@Dwaar1',
  ): Promise<string | undefined> {
    await b.fetch(url('/'));
    const inspect = await b.fetch(url('/inspect'));
    await b.fetch(url('/inspect'), { form: inspectionForm(inspect) });
    const trustPage = await b.fetch(url('/trust'));
    expect(trustPage.body).toContain('name="inspector"');
    const trusted = await b.fetch(url('/trust'), {
      form: { _csrf: csrfFrom(trustPage.body), trust: 'yes', ...(pair ? { inspector: 'yes' } : {}) },
    });
    let code: string | undefined;
    if (pair) {
      expect(trusted.location).toBe(url('/inspector/pair'));
      const page = await b.fetch(url('/inspector/pair'));
      expect(page.status).toBe(200);
      code = new RegExp(`pair ${app().portalOrigin} ([0-9A-Z]{5}-[0-9A-Z]{5})`).exec(page.body)?.[1];
      expect(code).toBeDefined();
    } else {
      expect(trusted.location).toBe(url('/disclaimer'));
    }
    const disclaimer = await b.fetch(url('/disclaimer'));
    await b.fetch(url('/disclaimer'), { form: disclaimerForm(disclaimer) });
    const login = await b.fetch(url('/login'));
    const done = await b.fetch(url('/login'), { form: { _csrf: csrfFrom(login.body), userId, password } });
    expect(done.status).toBe(303);
    await follow(b, done);
    return code;
  }

  async function sessionOf(b: Browser) {
    const found = await app().deps.sessions.authenticate(b.cookie('localhost', 'dwaar_sid'));
    if (!found.ok) throw new Error(`no live session: ${found.reason}`);
    return found.session;
  }

  /** The one-time nonce in the report command the inspector page shows. */
  async function nonceFrom(b: Browser): Promise<string> {
    const page = await b.fetch(url('/inspector'));
    expect(page.status).toBe(200);
    const nonce = new RegExp(`report ${app().portalOrigin} ([A-Za-z0-9_-]+)`).exec(page.body)?.[1];
    if (!nonce) throw new Error('no report command on the inspector page');
    return nonce;
  }

  return { url, signInTrusted, sessionOf, nonceFrom };
}
