import { GENESIS_HASH, hashEvent, type ChainedFields } from './chain.ts';
import type { MacChecker } from './mac-check.ts';

/** One event as the verifiers read it: the chained fields, the stored hash, and (in the database) its MAC. */
export interface WalkedEvent extends ChainedFields {
  readonly hash: string;
  readonly mac?: string | null;
}

/** The first event that does not fit, in words. */
export interface ChainProblem {
  readonly badSeq: number;
  readonly problem: string;
}

export interface ChainWalk {
  /** Checks the next event in order; returns the problem and stops counting at the first bad event. */
  step(event: WalkedEvent): ChainProblem | undefined;
  /** Events checked and found good. */
  readonly count: number;
  /** The hash of the last good event (the genesis hash before any). */
  readonly lastHash: string;
  /** The stored hash of a good event at one of the `remember` sequence numbers. */
  hashAt(seq: number): string | undefined;
}

/**
 * The in-order checks both verifiers share: no gap (deletion, reordering), the link to the previous event
 * (insertion, reordering), the recomputed public hash (an edit), and with `macs` the keyed MAC (a chain
 * re-hashed by someone without the key, or an event inserted by them).
 */
export function createChainWalk(o: { macs?: MacChecker; remember?: ReadonlySet<number> } = {}): ChainWalk {
  let expected = 1;
  let prev = GENESIS_HASH;
  const remembered = new Map<number, string>();
  const { macs, remember } = o;
  return {
    step(e) {
      if (e.seq !== expected) {
        return e.seq > expected
          ? { badSeq: expected, problem: `event ${expected} is missing` }
          : { badSeq: e.seq, problem: `event ${e.seq} is out of order (expected event ${expected})` };
      }
      if (e.prev_hash !== prev) {
        return { badSeq: e.seq, problem: `event ${e.seq} does not follow event ${e.seq - 1}` };
      }
      if (hashEvent(e) !== e.hash) return { badSeq: e.seq, problem: `event ${e.seq} was altered` };
      if (macs) {
        if (e.mac === null || e.mac === undefined) {
          return {
            badSeq: e.seq,
            problem: `event ${e.seq} has no MAC (written without the chain key and never keyed)`,
          };
        }
        if (e.mac.length !== 64) return macProblem(e.seq);
        // Compared as the checker gets to it (maybe on another thread); `finish` names the first mismatch.
        macs.add(e.seq, e.hash, e.mac);
      }
      if (remember?.has(e.seq)) remembered.set(e.seq, e.hash);
      prev = e.hash;
      expected += 1;
      return undefined;
    },
    get count() {
      return expected - 1;
    },
    get lastHash() {
      return prev;
    },
    hashAt: (seq) => remembered.get(seq),
  };
}

/** The words for an event whose MAC does not match. */
export function macProblem(seq: number): ChainProblem {
  return {
    badSeq: seq,
    problem:
      `event ${seq} was rewritten or inserted without the chain key (its MAC does not match` +
      (seq === 1 ? '; or DWAAR_SECRET is not the gateway’s)' : ')'),
  };
}
