import { monitorEventLoopDelay } from 'node:perf_hooks';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * prom-client's process metrics (CPU, memory, handles, GC, its own event-loop lag). They describe the
 * process, not an app: one set per process, made on first use, whatever number of apps a test process
 * builds (each call to collectDefaultMetrics starts observers that are never stopped).
 */
let processRegistry: Registry | undefined;

export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Event-loop delay over the time since the previous scrape: median, 99th percentile and worst, in
 * seconds. The three gauges are read in registration order by one scrape; the last one starts a new window.
 * Returns the function that stops the monitor.
 */
export function registerEventLoopDelay(registry: Registry): () => void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gauge = (name: string, help: string, read: () => number, after?: () => void) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        // An empty window (no samples yet) reads as 0 rather than the monitor's sentinel values.
        this.set(delay.count > 0 ? read() / 1e9 : 0);
        after?.();
      },
    });
  gauge('dwaar_event_loop_delay_p50_seconds', 'Event-loop delay, median since the previous scrape.', () =>
    delay.percentile(50),
  );
  gauge(
    'dwaar_event_loop_delay_p99_seconds',
    'Event-loop delay, 99th percentile since the previous scrape.',
    () => delay.percentile(99),
  );
  gauge(
    'dwaar_event_loop_delay_max_seconds',
    'Event-loop delay, worst since the previous scrape.',
    () => delay.max,
    () => delay.reset(),
  );
  return () => delay.disable();
}
