import { Worker } from 'node:worker_threads';
import { createChainMac } from './chain-mac.ts';

/**
 * Checks the rows' MACs while the verifier walks the chain. A million HMACs cost about as much as reading
 * the rows, so past `PARALLEL_FROM` rows they are computed on a worker thread, in batches, while the main
 * thread reads and re-hashes: the verifier then takes about the time of the slower of the two.
 */
export interface MacChecker {
  /** One event whose hash the walk has already recomputed; `mac` as stored (64 hex characters). */
  add(seq: number, hash: string, mac: string): void;
  /** The first event whose MAC does not match, if any. */
  finish(): Promise<number | undefined>;
}

const BATCH = 8192;
const PARALLEL_FROM = 50_000;

// Plain JavaScript (an `eval` worker): it runs the same under tsx, vitest and a build, without a loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac, hash } = require('node:crypto');
const key = Buffer.from(workerData.key);
const inner = Buffer.alloc(128, 0x36);
const outer = Buffer.alloc(96, 0x5c);
for (let i = 0; i < key.length; i++) { inner[i] = key[i] ^ 0x36; outer[i] = key[i] ^ 0x5c; }
parentPort.on('message', (m) => {
  let bad = 0;
  for (let i = 0; i < m.seqs.length; i++) {
    const h = m.hashes.slice(i * 64, i * 64 + 64);
    inner.write(h, 64, 'latin1');
    hash('sha256', inner, 'buffer').copy(outer, 64);
    if (hash('sha256', outer, 'hex') !== m.macs.slice(i * 64, i * 64 + 64)) { bad = m.seqs[i]; break; }
  }
  parentPort.postMessage({ id: m.id, bad });
});
`;

export function createMacChecker(key: Buffer, expectedRows: number): MacChecker {
  const mac = createChainMac(key);
  if (expectedRows < PARALLEL_FROM) {
    let first: number | undefined;
    return {
      add(seq, hash, stored) {
        if (first === undefined && mac.ofEvent(hash) !== stored) first = seq;
      },
      finish: () => Promise.resolve(first),
    };
  }

  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { key: Uint8Array.from(key) } });
  worker.unref();
  const pending = new Map<number, (bad: number) => void>();
  let failure: unknown;
  worker.on('message', (m: { id: number; bad: number }) => {
    pending.get(m.id)?.(m.bad);
    pending.delete(m.id);
  });
  worker.on('error', (err) => {
    failure = err;
    for (const resolve of pending.values()) resolve(-1);
    pending.clear();
  });
  const results: Promise<number>[] = [];
  let seqs: number[] = [];
  let hashes: string[] = [];
  let macs: string[] = [];
  let nextId = 0;
  const send = () => {
    if (seqs.length === 0) return;
    const id = nextId++;
    results.push(new Promise<number>((resolve) => pending.set(id, resolve)));
    worker.postMessage({ id, seqs, hashes: hashes.join(''), macs: macs.join('') });
    seqs = [];
    hashes = [];
    macs = [];
  };
  return {
    add(seq, hash, stored) {
      seqs.push(seq);
      hashes.push(hash);
      macs.push(stored);
      if (seqs.length >= BATCH) send();
    },
    async finish() {
      send();
      try {
        const bad = await Promise.all(results);
        if (failure !== undefined) throw new Error('the MAC worker failed', { cause: failure });
        // Batches are in sequence order, and each reports its first bad event.
        const first = bad.find((b) => b !== 0);
        return first === undefined || first < 0 ? undefined : first;
      } finally {
        await worker.terminate();
      }
    },
  };
}
