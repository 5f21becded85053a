import { expect } from 'vitest';
import type { Browser } from './http-client.ts';

/**
 * Walks a hand-off trip as far as the callback URL: the portal's `/go/<id>` sends the browser to the
 * resource host's start path (which sets the state cookie there), that comes back to `/go/<id>` with the
 * state, and the portal answers with the callback URL carrying a code bound to it.
 */
export async function handoffCallbackUrl(
  browser: Browser,
  portalOrigin: string,
  id: string,
  path = '/',
): Promise<string> {
  const go = await browser.fetch(
    `${portalOrigin}/go/${id}${path === '/' ? '' : `?path=${encodeURIComponent(path)}`}`,
  );
  expect(go.status).toBe(303);
  expect(go.location).toContain('/.dwaar/start?path=');
  const started = await browser.fetch(go.location ?? '');
  expect(started.status).toBe(302);
  expect(started.location).toContain(`${portalOrigin}/go/${id}?path=`);
  const back = await browser.fetch(started.location ?? '');
  expect(back.status).toBe(303);
  return back.location ?? '';
}
