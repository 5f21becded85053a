import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, disclaimerForm, inspectionForm, walkToLogin, type Reply } from './http-client.ts';

/** Issue 8, items 6 and 8: the sign-in steps' snags, over HTTP (e2e/sign-in-snags.spec.ts walks them in Chromium). */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({});
});
afterAll(async () => {
  await t.close();
});

const FLOW_EXPIRED = 'Sign-in took too long, so it was stopped for your safety. Start again.';
const KEPT = (userId: string) => `Your user ID ${userId} is kept`;

/** The text of the cookies row of a device-check result page. */
function cookiesRow(page: Reply): string {
  const row = /<th scope="row">\s*Cookies\s*<\/th>([\s\S]*?)<\/tr>/.exec(page.body)?.[1] ?? '';
  return row
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Landing, device check passed, and the trust step's page. */
async function walkToTrust(b: Browser): Promise<Reply> {
  await b.fetch(`${t.portalOrigin}/`);
  const inspect = await b.fetch(`${t.portalOrigin}/inspect`);
  expect((await b.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(inspect) })).status).toBe(200);
  return b.fetch(`${t.portalOrigin}/trust`);
}

/** The rest of the steps after a lost flow: device check, trust ("Not this time"), disclaimer, login page. */
async function comeBackRound(b: Browser): Promise<Reply> {
  const trust = await walkToTrust(b);
  await b.fetch(`${t.portalOrigin}/trust`, { form: { _csrf: csrfFrom(trust.body), trust: 'no' } });
  const disclaimer = await b.fetch(`${t.portalOrigin}/disclaimer`);
  await b.fetch(`${t.portalOrigin}/disclaimer`, { form: disclaimerForm(disclaimer) });
  return b.fetch(`${t.portalOrigin}/login`);
}

describe('item 8: the device check says "Blocked" when cookies are blocked', () => {
  it('reports a cookie that did not come back as blocked, with the fix, though the browser claimed cookies', async () => {
    const b = new Browser();
    const inspect = await b.fetch(`${t.portalOrigin}/inspect`);
    b.jar.clear(); // the browser drops the flow cookie it was given
    const result = await b.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(inspect) });
    expect(result.status).toBe(422);
    const row = cookiesRow(result);
    expect(row).toContain('✘ Failed');
    expect(row).toContain('Blocked');
    expect(row).not.toContain('Yes');
    expect(row).toContain('Allow cookies for this site in your browser settings, then choose Retry.');
  });

  it('reports cookies the browser itself says are off as blocked, in Hindi too', async () => {
    const b = new Browser();
    b.setCookie('localhost', 'dwaar_lang', 'hi');
    const inspect = await b.fetch(`${t.portalOrigin}/inspect`);
    const result = await b.fetch(`${t.portalOrigin}/inspect`, {
      form: { ...inspectionForm(inspect), cookiesEnabled: 'no' },
    });
    expect(result.status).toBe(422);
    const row = /<th scope="row">\s*कुकीज़\s*<\/th>([\s\S]*?)<\/tr>/.exec(result.body)?.[1] ?? '';
    expect(row).toContain('अवरुद्ध');
    expect(row).not.toContain('हाँ');
  });

  it('reports cookies that work as allowed', async () => {
    const b = new Browser();
    const inspect = await b.fetch(`${t.portalOrigin}/inspect`);
    const result = await b.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(inspect) });
    expect(result.status).toBe(200);
    expect(cookiesRow(result)).toMatch(/✔ Passed\s+Allowed/);
  });
});

describe('item 8: the trust step asks for an explicit choice', () => {
  it('offers two unticked choices and refuses "Continue" without one, with the error beside the field', async () => {
    const b = new Browser();
    const trust = await walkToTrust(b);
    expect(trust.status).toBe(200);
    const radios = trust.body.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(2);
    expect(radios.some((r) => r.includes('checked'))).toBe(false);
    expect(trust.body).toContain('Trust this site on this device and always allow the device check');
    expect(trust.body).toContain('Not this time');

    const refused = await b.fetch(`${t.portalOrigin}/trust`, { form: { _csrf: csrfFrom(trust.body) } });
    expect(refused.status).toBe(400);
    expect(refused.location).toBeUndefined();
    expect(refused.body).toContain('<p class="field-error" id="trust-error">');
    expect(refused.body).toContain('Choose whether to trust this site on this device.');
    expect(refused.body).toContain('aria-describedby="trust-error"');
    expect(refused.body).toContain('id="error-summary"');
    expect(b.cookie('localhost', 'dwaar_device')).toBeUndefined();

    const junk = await b.fetch(`${t.portalOrigin}/trust`, {
      form: { _csrf: csrfFrom(trust.body), trust: 'maybe' },
    });
    expect(junk.status).toBe(400);
  });

  it('"Not this time" trusts nothing, and forgets an earlier trust; "Trust" remembers the device', async () => {
    const b = new Browser();
    const trust = await walkToTrust(b);
    const trusted = await b.fetch(`${t.portalOrigin}/trust`, {
      form: { _csrf: csrfFrom(trust.body), trust: 'yes' },
    });
    expect(trusted.location).toBe(`${t.portalOrigin}/disclaimer`);
    expect(b.cookie('localhost', 'dwaar_device')).toBeDefined();
    // The next device check knows the device and skips the trust step.
    const again = await b.fetch(`${t.portalOrigin}/inspect`);
    const passed = await b.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(again) });
    expect(passed.body).toContain('This device is trusted.');
    expect(passed.body).toContain('href="/disclaimer"');

    const other = new Browser();
    const asked = await walkToTrust(other);
    const declined = await other.fetch(`${t.portalOrigin}/trust`, {
      form: { _csrf: csrfFrom(asked.body), trust: 'no' },
    });
    expect(declined.location).toBe(`${t.portalOrigin}/disclaimer`);
    expect(other.cookie('localhost', 'dwaar_device')).toBeUndefined();
    const next = await other.fetch(`${t.portalOrigin}/inspect`);
    const checked = await other.fetch(`${t.portalOrigin}/inspect`, { form: inspectionForm(next) });
    expect(checked.body).not.toContain('This device is trusted.');
    expect(checked.body).toContain('href="/trust"');

    // A browser that trusted the site before and now says "Not this time" is asked again next time.
    const withdrawn = await walkToTrust(b);
    await b.fetch(`${t.portalOrigin}/trust`, { form: { _csrf: csrfFrom(withdrawn.body), trust: 'no' } });
    expect(b.cookie('localhost', 'dwaar_device')).toBeUndefined();
  });
});

describe('item 8: attempts left, singular and plural', () => {
  it('says "1 attempt left" and "1 प्रयास शेष है", and "2 attempts left" before it', async () => {
    const own = await createTestApp({});
    try {
      for (const lang of ['en', 'hi'] as const) {
        const b = new Browser();
        b.setCookie('localhost', 'dwaar_lang', lang);
        const userId = lang === 'en' ? 'officer1' : 'officer2';
        const login = await walkToLogin(b, own.portalOrigin);
        let body = login.body;
        const said: string[] = [];
        for (let i = 0; i < 4; i++) {
          const reply = await b.fetch(`${own.portalOrigin}/login`, {
            form: { _csrf: csrfFrom(body), userId, password: 'Wrong@Password9' },
          });
          body = reply.body;
          said.push(body);
        }
        if (lang === 'en') {
          expect(said[2]).toContain('2 attempts left before the account is locked.');
          expect(said[3]).toContain('1 attempt left before the account is locked.');
          expect(said[3]).not.toContain('1 attempts');
        } else {
          expect(said[2]).toContain('खाता लॉक होने से पहले 2 प्रयास शेष हैं।');
          expect(said[3]).toContain('खाता लॉक होने से पहले 1 प्रयास शेष है।');
        }
      }
    } finally {
      await own.close();
    }
  });
});

describe('item 6: a lost or timed-out sign-in says so and keeps the user ID', () => {
  it('after the flow timed out, "Log in" explains, and the login form is filled in again', async () => {
    const b = new Browser();
    const login = await walkToLogin(b, t.portalOrigin);
    t.clock.advance(11 * 60_000);
    const stopped = await b.fetch(`${t.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(login.body), userId: 'officer1', password: 'Officer@Dwaar1' },
    });
    expect(stopped.status).toBe(440);
    expect(stopped.location).toBeUndefined();
    expect(stopped.body).toContain(FLOW_EXPIRED);
    expect(stopped.body).toContain(KEPT('officer1'));
    expect(stopped.body).toContain('href="/inspect"');
    // The password is never written back.
    expect(stopped.body).not.toContain('Officer@Dwaar1');

    const again = await comeBackRound(b);
    expect(again.status).toBe(200);
    expect(again.body).toMatch(/id="userId"[^>]*value="officer1"/);
    expect(again.body).not.toContain('Officer@Dwaar1');
    // And the sign-in completes from there.
    const done = await b.fetch(`${t.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(again.body), userId: 'officer1', password: 'Officer@Dwaar1' },
    });
    expect(done.location).toBe(`${t.portalOrigin}/webtop`);
    // The kept user ID ends with the finished flow.
    expect(b.cookie('localhost', 'dwaar_flow')).toBeUndefined();
  });

  it('after the flow cookie was lost, "Log in" explains instead of restarting silently, and keeps the ID', async () => {
    const b = new Browser();
    const login = await walkToLogin(b, t.portalOrigin);
    b.jar.get('localhost')?.delete('dwaar_flow');
    const stopped = await b.fetch(`${t.portalOrigin}/login`, {
      form: { _csrf: csrfFrom(login.body), userId: ' officer1 ', password: 'Officer@Dwaar1' },
      headers: { origin: t.portalOrigin },
    });
    expect(stopped.status).toBe(440);
    expect(stopped.location).toBeUndefined();
    expect(stopped.body).toContain(FLOW_EXPIRED);
    expect(stopped.body).toContain('this browser may be blocking cookies');
    expect(stopped.body).toContain(KEPT('officer1'));
    const again = await comeBackRound(b);
    expect(again.body).toMatch(/id="userId"[^>]*value="officer1"/);
  });

  it('keeps no user ID posted from another site, nor one that cannot be a user ID', async () => {
    for (const [userId, origin] of [
      ['officer1', 'https://evil.example'],
      ['officer1\u202e', t.portalOrigin],
      ['<script>', t.portalOrigin],
    ] as const) {
      const b = new Browser();
      await walkToLogin(b, t.portalOrigin);
      b.jar.get('localhost')?.delete('dwaar_flow');
      const stopped = await b.fetch(`${t.portalOrigin}/login`, {
        form: { _csrf: 'lost', userId, password: 'x' },
        headers: { origin },
      });
      expect(stopped.status).toBe(440);
      expect(stopped.body).toContain(FLOW_EXPIRED);
      expect(stopped.body).not.toContain('is kept');
      expect(stopped.body).not.toContain('<script>');
      // Nothing is written either: a cross-site post cannot reset a sign-in in progress.
      expect(stopped.headers['set-cookie']).toBeUndefined();
      const again = await comeBackRound(b);
      expect(again.body).toMatch(/id="userId"[^>]*value=""/);
    }
  });

  it('answers the other steps\u2019 forms after a lost flow the same way, without a user ID', async () => {
    for (const path of ['/trust', '/disclaimer', '/login/otp']) {
      const b = new Browser();
      const stopped = await b.fetch(`${t.portalOrigin}${path}`, { form: { _csrf: 'none' } });
      expect(stopped.status).toBe(440);
      expect(stopped.body).toContain(FLOW_EXPIRED);
      expect(stopped.body).not.toContain('is kept');
    }
    // Pages opened (not posted) without a flow still go to the device check.
    expect((await new Browser().fetch(`${t.portalOrigin}/login`)).location).toBe(`${t.portalOrigin}/inspect`);
  });
});
