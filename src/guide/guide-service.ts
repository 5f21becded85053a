import { collectGuideFacts, hashGuideFacts, type GuideDeps } from './guide-facts.ts';
import { renderGuideDocument, type GuideSnapshot } from './guide-page.ts';
import { CHROMIUM_PATH, readGuideCss, renderPdf, type PdfResult } from './guide-pdf.ts';
import type { Config } from '../config.ts';
import type { ResourceTable } from '../gateway/index.ts';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/index.ts';

/** How long a failed PDF render is remembered before the next request tries again. */
const RETRY_AFTER_FAILURE_MS = 30_000;

export type GuideService = ReturnType<typeof createGuideService>;

/** What building the guide reads: the configuration, the resources, the clock and the current documents. */
export interface GuideServiceDeps {
  readonly config: Config;
  readonly resources: ResourceTable;
  readonly clock: Clock;
  readonly store: Store;
  readonly policy: GuideDeps['policy'];
}

/**
 * The guide built from the live configuration. Each version (hash of the facts) remembers when it was
 * first built, which the guide shows as "Last updated". The PDF is rendered lazily on the first request
 * for a version and kept in memory; after a failed render the next attempt waits a short pause.
 */
export function createGuideService(deps: GuideServiceDeps, options: { chromiumPath?: string } = {}) {
  const firstBuilt = new Map<string, number>();
  const pdfs = new Map<string, Promise<PdfResult>>();
  let css: Promise<string> | undefined;

  async function current(): Promise<GuideSnapshot> {
    const facts = await collectGuideFacts(deps.store.db, deps);
    const version = hashGuideFacts(facts);
    let updatedAt = firstBuilt.get(version);
    if (updatedAt === undefined) {
      updatedAt = deps.clock.now();
      firstBuilt.set(version, updatedAt);
    }
    return { facts, version, updatedAt };
  }

  async function renderFor(guide: GuideSnapshot): Promise<PdfResult> {
    css ??= readGuideCss();
    let stylesheet: string;
    try {
      stylesheet = await css;
    } catch (error) {
      css = undefined;
      return { ok: false, reason: 'render_failed', error };
    }
    return renderPdf(renderGuideDocument(guide, stylesheet), options.chromiumPath ?? CHROMIUM_PATH);
  }

  async function pdf(): Promise<{ guide: GuideSnapshot; result: PdfResult }> {
    const guide = await current();
    let pending = pdfs.get(guide.version);
    if (!pending) {
      // Only the current version is worth keeping.
      pdfs.clear();
      pending = renderFor(guide);
      pdfs.set(guide.version, pending);
      const settled = pending;
      void settled.then((r) => {
        if (r.ok) return;
        // Keep a failure briefly, so a public URL cannot make the server launch Chromium in a loop.
        setTimeout(() => {
          if (pdfs.get(guide.version) === settled) pdfs.delete(guide.version);
        }, RETRY_AFTER_FAILURE_MS).unref();
      });
    }
    return { guide, result: await pending };
  }

  return { current, pdf };
}
