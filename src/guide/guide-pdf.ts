import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Playwright from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../web/index.ts';

export { CHROMIUM_PATH };

export type PdfResult =
  | { readonly ok: true; readonly pdf: Buffer }
  | { readonly ok: false; readonly reason: 'no_browser' | 'render_failed'; readonly error?: unknown };

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The site's stylesheet and the guide's print styles, to inline into the PDF's document. */
export async function readGuideCss(): Promise<string> {
  const dir = join(import.meta.dirname, '..', 'web', 'static');
  const [site, guide] = await Promise.all([
    readFile(join(dir, 'dwaar.css'), 'utf8'),
    readFile(join(dir, 'guide.css'), 'utf8'),
  ]);
  return `${site}\n${guide}`;
}

/**
 * Prints a standalone HTML document to a tagged (accessible) A4 PDF with a heading outline. Launches
 * Chromium for this one render and always closes it. Says `no_browser` when Chromium or playwright-core is
 * missing, so the caller can point to the HTML guide instead.
 */
export async function renderPdf(document: string, executablePath = CHROMIUM_PATH): Promise<PdfResult> {
  if (!(await isExecutable(executablePath))) return { ok: false, reason: 'no_browser' };
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch (error) {
    return { ok: false, reason: 'no_browser', error };
  }
  let browser: Playwright.Browser | undefined;
  try {
    browser = await playwright.chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], timeout: 30_000 });
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.setContent(document, { waitUntil: 'load', timeout: 30_000 });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, tagged: true, outline: true });
    return { ok: true, pdf };
  } catch (error) {
    return { ok: false, reason: 'render_failed', error };
  } finally {
    await browser?.close().catch(() => undefined);
  }
}
