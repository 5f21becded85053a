import { Counter, type Registry } from 'prom-client';

/** A counter with one label, counted into a Map and published when scraped (no label hashing per event). */
export interface Tally<L extends string> {
  add(label: L): void;
}

export function createTally<L extends string>(
  registry: Registry,
  spec: { name: string; help: string; label: string; initial?: readonly L[] },
): Tally<L> {
  const counts = new Map<string, number>((spec.initial ?? []).map((l) => [l, 0]));
  new Counter({
    name: spec.name,
    help: spec.help,
    labelNames: [spec.label],
    registers: [registry],
    collect() {
      // The counts are totals since start: published whole, so resetting first keeps them exact.
      this.reset();
      for (const [label, n] of counts) this.inc({ [spec.label]: label }, n);
    },
  });
  return {
    add(label) {
      counts.set(label, (counts.get(label) ?? 0) + 1);
    },
  };
}
