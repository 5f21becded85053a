import { Counter, Gauge, Registry } from 'prom-client';
import { RouteMeter } from './route-meter.ts';
import { registerRouteSeries } from './route-series.ts';
import { processMetrics, registerEventLoopDelay } from './runtime.ts';
import { createTally } from './tally.ts';

/**
 * Why a sign-in attempt did not go on, or that it succeeded (a session opened). One attempt counts once:
 * a wrong password that also locks the user ID counts as `bad_password`, and the lock in lockouts_total.
 */
export const SIGN_IN_RESULTS = [
  'success',
  'bad_password',
  'unknown_user',
  'bad_second_factor',
  'locked',
  'rate_limited',
  'inactive',
] as const;
export type SignInResult = (typeof SIGN_IN_RESULTS)[number];

/** What sign-in reports (login takes this much, not the whole of Metrics). */
export interface SignInMeter {
  signIn(result: SignInResult): void;
  /** A user ID was locked (after too many wrong passwords or codes). */
  lockout(): void;
}

export type StoreName = 'database' | 'redis';

/** Read when scraped, never on a request: how much work is waiting in the shared stores. */
export interface ScrapeProbes {
  /** Sessions not ended and not past their absolute expiry, across all nodes. */
  activeSessions(): Promise<number>;
  /** Mails not sent yet, and the age of the oldest, seconds (0 when none). */
  outbox(): Promise<{ readonly depth: number; readonly oldestAgeS: number }>;
}

export interface Metrics extends SignInMeter {
  /** The meter of one resource; the same object for the same ID, so a policy reload keeps the counts. */
  route(resourceId: string): RouteMeter;
  policyDenial(reason: string): void;
  storeError(store: StoreName): void;
  /** Where the scrape-time gauges read from, once the stores are open. */
  setProbes(probes: ScrapeProbes): void;
  /** The exposition: Prometheus text and its content type. */
  render(): Promise<{ readonly contentType: string; readonly body: string }>;
  close(): void;
}

/**
 * One registry per app (tests build many apps in one process; the global registry is never used). Counts
 * from the request path are plain numbers published at scrape time; gauges that need the database are read
 * at scrape time too.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const meters = new Map<string, RouteMeter>();
  registerRouteSeries(registry, () => meters.values());
  const signIns = createTally<SignInResult>(registry, {
    name: 'dwaar_sign_ins_total',
    help: 'Sign-in attempts by result (success means a session opened).',
    label: 'result',
    initial: SIGN_IN_RESULTS,
  });
  let lockouts = 0;
  new Counter({
    name: 'dwaar_lockouts_total',
    help: 'User IDs locked after too many failed passwords or second factors.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(lockouts);
    },
  });
  const denials = createTally<string>(registry, {
    name: 'dwaar_policy_denials_total',
    help: 'Proxied requests the access policy refused, by the decision reason.',
    label: 'reason',
  });
  const storeErrors = createTally<StoreName>(registry, {
    name: 'dwaar_store_errors_total',
    help: 'Database connection errors and faults, and Redis commands that found it unavailable.',
    label: 'store',
    initial: ['database', 'redis'],
  });
  let probes: ScrapeProbes | undefined;
  // The registry collects every metric at once: both outbox gauges share one query per scrape.
  let outbox: ReturnType<ScrapeProbes['outbox']> | undefined;
  const readOutbox = (p: ScrapeProbes) =>
    (outbox ??= p.outbox().finally(() => {
      outbox = undefined;
    }));
  const probed = (name: string, help: string, read: (p: ScrapeProbes) => Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        if (!probes) return;
        try {
          this.set(await read(probes));
        } catch {
          // The store cannot answer: NaN (not a stale or a made-up number); store errors say why.
          this.set(Number.NaN);
        }
      },
    });
  probed('dwaar_active_sessions', 'Live sessions across all nodes (read from the database).', (p) =>
    p.activeSessions(),
  );
  probed('dwaar_outbox_depth', 'Mails queued and not sent yet.', async (p) => (await readOutbox(p)).depth);
  probed(
    'dwaar_outbox_oldest_age_seconds',
    'Age of the oldest mail not sent yet, seconds (0 when none).',
    async (p) => (await readOutbox(p)).oldestAgeS,
  );
  const stopLoop = registerEventLoopDelay(registry);

  return {
    route(resourceId) {
      let meter = meters.get(resourceId);
      if (!meter) {
        meter = new RouteMeter(resourceId);
        meters.set(resourceId, meter);
      }
      return meter;
    },
    signIn: (result) => signIns.add(result),
    lockout: () => {
      lockouts++;
    },
    policyDenial: (reason) => denials.add(reason),
    storeError: (store) => storeErrors.add(store),
    setProbes(p) {
      probes = p;
    },
    async render() {
      // The process's own metrics are shared by every app in the process: merged in for the scrape.
      const merged = Registry.merge([registry, processMetrics()]);
      return { contentType: registry.contentType, body: await merged.metrics() };
    },
    close: stopLoop,
  };
}
