import { expect } from 'vitest';
import { csrfFrom, type Browser, type Reply } from '../http-client.ts';

/** The signed link reference the link's first page carries in its form (never the token itself). */
export function linkRefFrom(body: string): string {
  const ref = /name="link" value="([^"]+)"/.exec(body)?.[1];
  if (!ref) throw new Error('no link reference in the page');
  return ref.replace(/&amp;/g, '&');
}

/**
 * Opens a one-time link as the officer does (issue 8 item 1): the GET shows a page with a button and
 * changes nothing; pressing the button (a POST to the same path, without the token) starts or resumes the
 * steps. Returns the page and the button's answer (a 303 to the first unfinished step).
 */
export async function openLink(
  browser: Browser,
  origin: string,
  pathAndQuery: string,
): Promise<{ page: Reply; started: Reply }> {
  const page = await browser.fetch(`${origin}${pathAndQuery}`);
  expect(page.status, page.body.slice(0, 300)).toBe(200);
  const path = pathAndQuery.split('?')[0] ?? '/activate';
  const started = await browser.fetch(`${origin}${path}`, {
    form: { _csrf: csrfFrom(page.body), link: linkRefFrom(page.body) },
  });
  return { page, started };
}
