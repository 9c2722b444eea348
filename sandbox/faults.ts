/**
 * Fault injection: scripted faults (`failNext`, exact and ordered, preferred in tests) first, then the
 * probabilistic rates drawn from a seeded PRNG so a run can be replayed.
 */
import type { FaultKind, FaultPath, SandboxKnobs } from './types';

export type FaultPlan = { kind: 'none' } | { kind: 'status'; status: number } | { kind: FaultKind };

const RANDOM_FAILURE_STATUSES = [500, 502, 503] as const;

/** mulberry32: tiny, fast, good enough to spread faults; the point is reproducibility, not quality. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultPlanner {
  private random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** Decides the fault (if any) of one call to `path`, consuming scripted faults from `knobs.failNext`. */
  plan(path: FaultPath, knobs: SandboxKnobs): FaultPlan {
    const scripted = knobs.failNext.findIndex((fault) => fault.path === path);
    if (scripted >= 0) {
      const fault = knobs.failNext[scripted]!;
      const remaining = (fault.count ?? 1) - 1;
      if (remaining > 0) knobs.failNext[scripted] = { ...fault, count: remaining };
      else knobs.failNext.splice(scripted, 1);
      return fault.status !== undefined ? { kind: 'status', status: fault.status } : { kind: fault.fault ?? 'reset' };
    }
    // Always draw the same number of values, so the sequence of one kind does not shift when another rate changes.
    const [hang, reset, error, pick, malformed] = [this.random(), this.random(), this.random(), this.random(), this.random()];
    if (hang < knobs.hangRate) return { kind: 'hang' };
    if (reset < knobs.resetRate) return { kind: 'reset' };
    if (error < knobs.errorRate) {
      return { kind: 'status', status: RANDOM_FAILURE_STATUSES[Math.floor(pick * RANDOM_FAILURE_STATUSES.length)]! };
    }
    if (malformed < knobs.malformedRate) return { kind: 'malformed' };
    return { kind: 'none' };
  }
}
