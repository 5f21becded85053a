import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, signIn } from './http-client.ts';

/**
 * Issue 7, item 12: a return address outside Latin-1 (`/。evil`) in `next` or `back` used to reach a
 * Location header and answer 500. It is refused as unsafe, and the visitor goes to the default page.
 */

const UNSAFE = ['/\u3002evil', '/\u3002\u3002/x?y=\u0939'];

describe('non-Latin-1 return addresses', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(UNSAFE)('falls back to / for back=%j on the language switch', async (back) => {
    const reply = await new Browser().fetch(`${t.portalOrigin}/lang?to=hi&back=${encodeURIComponent(back)}`);
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`${t.portalOrigin}/`);
  });

  it.each(UNSAFE)('signs in and lands on the webtop for next=%j', async (next) => {
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1', next);
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    // Signed in already, the start page sends the officer on at once: still no 500.
    const again = await browser.fetch(`${t.portalOrigin}/?next=${encodeURIComponent(next)}`);
    expect(again.status).toBe(303);
    expect(again.location).toBe(`${t.portalOrigin}/webtop`);
  });

  it('passes a return address that is already percent-encoded through unchanged', async () => {
    const reply = await new Browser().fetch(
      `${t.portalOrigin}/lang?to=en&back=${encodeURIComponent('/%E3%80%82evil')}`,
    );
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(`${t.portalOrigin}/%E3%80%82evil`);
  });

  it('keeps a resource return address, percent-encoded', async () => {
    const browser = new Browser();
    const login = await signIn(
      browser,
      t.portalOrigin,
      'officer1',
      'Officer@Dwaar1',
      `${t.bowebOrigin}/\u3002evil`,
    );
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${t.bowebOrigin}/.dwaar/start?path=${encodeURIComponent('/%E3%80%82evil')}`);
  });
});
