import { monitorEventLoopDelay } from 'node:perf_hooks';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type TestApp } from '../create-test-app.ts';
import { generateOfficerCsv, listImportDistricts } from '../factories/import-data.ts';
import { consoleSignIn } from '../factories/staff.ts';
import { Browser, csrfFrom, follow, signIn } from '../http-client.ts';
import { TEST_DIALECTS } from '../test-env.ts';
import { useAppWithEcho } from '../app-with-echo.ts';

/**
 * A 50,000-row CSV import, previewed and committed through the console, while an officer keeps using
 * BOWEB through the proxy: the gateway's event loop must never stall for more than 50 ms, so no proxied
 * request waits on the import.
 */

const ROWS = 50_000;
const MAX_DELAY_MS = 50;

/**
 * A form post with a body built (and encoded to bytes) beforehand, so the test's own encoding does not
 * stall the loop it measures: this process is both the gateway and its client.
 */
async function postPrebuilt(browser: Browser, url: string, body: Buffer) {
  const u = new URL(url);
  const cookies = [...(browser.jar.get(u.hostname) ?? new Map<string, string>())];
  const res = await request(`http://127.0.0.1:${u.port}${u.pathname}`, {
    method: 'POST',
    headers: {
      host: u.host,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookies.map(([k, v]) => `${k}=${v}`).join('; '),
    },
    body,
  });
  return { status: res.statusCode, body: await res.body.text(), location: res.headers.location };
}

describe.each(TEST_DIALECTS)('a 50,000-row import beside proxied traffic on %s', (dialect) => {
  let t: TestApp;
  useAppWithEcho(dialect, (app) => {
    t = app;
  });

  it('never delays the event loop, or a proxied request, by more than 50 ms', async () => {
    const officer = new Browser();
    const login = await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1', `${t.bowebOrigin}/`);
    expect((await follow(officer, login)).status).toBe(200);
    const zonal = await consoleSignIn(t, 'zonal.lucknow');
    const districts = await listImportDistricts(t.deps.store, 'lucknow');
    const csv = generateOfficerCsv({ rows: ROWS, districts, prefix: 'EVL' });
    const page = await zonal.fetch(`${t.portalOrigin}/console/proposals/import`);
    const previewBody = Buffer.from(
      new URLSearchParams({ _csrf: csrfFrom(page.body), csvFile: csv }).toString(),
    );

    const histogram = monitorEventLoopDelay({ resolution: 5 });
    const latencies: number[] = [];
    let running = true;
    const traffic = (async () => {
      while (running) {
        const started = performance.now();
        const reply = await officer.fetch(`${t.bowebOrigin}/dealers`);
        latencies.push(performance.now() - started);
        expect(reply.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    histogram.enable();
    let preview;
    let done;
    try {
      const checked = await postPrebuilt(
        zonal,
        `${t.portalOrigin}/console/proposals/import/preview`,
        previewBody,
      );
      // The check answers with the preview's own address (issue 8, item 10), checked again there.
      expect(checked.status).toBe(303);
      preview = await zonal.fetch(`${t.portalOrigin}${String(checked.location)}`);
      const key = /name="key" value="([0-9a-f]{32})"/.exec(preview.body)?.[1] ?? '';
      const commitBody = Buffer.from(new URLSearchParams({ _csrf: csrfFrom(preview.body), key }).toString());
      done = await postPrebuilt(zonal, `${t.portalOrigin}/console/proposals/import/commit`, commitBody);
    } finally {
      histogram.disable();
      running = false;
      await traffic;
    }
    const worstLoopMs = histogram.max / 1e6;
    const worstRequestMs = Math.max(...latencies);
    const p99RequestMs = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)] ?? 0;
    console.info(
      `${dialect}: event-loop delay max ${worstLoopMs.toFixed(1)} ms, p99 ${(histogram.percentile(99) / 1e6).toFixed(1)} ms; ` +
        `${latencies.length} proxied requests, p99 ${p99RequestMs.toFixed(1)} ms, slowest ${worstRequestMs.toFixed(1)} ms`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toContain(`All ${ROWS} rows are valid.`);
    expect(done.status).toBe(303);
    expect(latencies.length).toBeGreaterThan(10);
    // The gateway's loop never stalls longer than the bound, so no proxied request waits longer on it. In this
    // one test process a request crosses that loop four times (this client, the gateway in, the echo
    // upstream, the gateway out), so its own slowest time is printed and its 99th percentile held to the bound.
    expect(worstLoopMs).toBeLessThan(MAX_DELAY_MS);
    expect(p99RequestMs).toBeLessThan(MAX_DELAY_MS);
  }, 180_000);
});
