import { afterAll, beforeAll } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';
import type { TestDialect } from './test-env.ts';

/**
 * A suite's gateway on `dialect` with BOWEB pointed at an echo upstream: both started before the suite's
 * tests (`started` receives them) and closed after.
 */
export function useAppWithEcho(
  dialect: TestDialect,
  started: (app: TestApp, upstream: EchoUpstream) => void,
): void {
  let app: TestApp | undefined;
  let upstream: EchoUpstream | undefined;
  beforeAll(async () => {
    upstream = await startEchoUpstream();
    app = await createTestApp({ dialect, upstream: upstream.url });
    started(app, upstream);
  });
  afterAll(async () => {
    await app?.close();
    await upstream?.close();
  });
}
