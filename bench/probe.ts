// One plain HTTP request, for checking a target answers as expected before (and after) timing it.
import { type IncomingHttpHeaders, request } from 'node:http';

export interface ProbeResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
}

const PROBE_TIMEOUT_MS = 5000;

/** GETs `url` on a fresh connection with the given headers (Host included, if set). */
export function probe(url: string, headers: Readonly<Record<string, string>>): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
      let bodyBytes = 0;
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bodyBytes }));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`no answer from ${url} in ${PROBE_TIMEOUT_MS} ms`)));
    req.once('error', reject);
    req.end();
  });
}

/** Retries `probe` until the target answers at all (any status), or the time is up. */
export async function waitUntilAnswering(
  url: string,
  timeoutMs: number,
  isDead: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await probe(url, {});
      return;
    } catch (err) {
      if (isDead() || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
