/**
 * The daily budget of task status calls. LinkedIn allows 300,000 per application per UTC day and answers 429
 * beyond; a worker spends its share evenly over the day (a token bucket) so a burst of polls in the morning
 * cannot starve the evening, and it never spends more than its share within one UTC day.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** LinkedIn's documented quota of status calls per application per UTC day. */
export const LINKEDIN_STATUS_CALLS_PER_DAY = 300_000;

export interface StatusCallBudgetOptions {
  /** This process's share of the daily quota: the application's calls per day divided by the number of workers. */
  callsPerDay: number;
  /** Calls that may go out back to back after a quiet spell. Default: one minute's worth, at least 1. */
  burstCalls?: number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
}

/** Why no call is available: the even pace (a token comes soon) or the day's share is spent (until midnight UTC). */
/** PACING: spent evenly; DAILY_LIMIT: today's share is used; LINKEDIN_THROTTLED: LinkedIn itself answered 429. */
export type BudgetRefusalReason = 'PACING' | 'DAILY_LIMIT' | 'LINKEDIN_THROTTLED';

export type BudgetDecision =
  | { granted: true }
  | { granted: false; reason: BudgetRefusalReason; retryAfterMs: number };

export interface StatusCallBudgetCounters {
  /** The UTC day the counts below belong to, as YYYY-MM-DD. */
  utcDay: string;
  callsPerDay: number;
  callsUsedToday: number;
  /** Requests for a call that were refused (since start), by reason. */
  refusals: Record<BudgetRefusalReason, number>;
}

export interface StatusCallBudget {
  /** Spends one status call if one is available now; otherwise spends nothing and says how long to wait. */
  tryTake(): BudgetDecision;
  /**
   * Whether `calls` calls taken one after the other as soon as each is available could all be granted now, and
   * otherwise how long until the last of them would be. Spends nothing.
   */
  forecast(calls: number): BudgetDecision;
  /**
   * LinkedIn answered 429: grant nothing for `ms` (its Retry-After, else until its quota resets), so the next
   * window does not spend another call on a certain refusal.
   */
  holdFor(ms: number): void;
  counters(): StatusCallBudgetCounters;
}

export function defaultBurstCalls(callsPerDay: number): number {
  return Math.max(1, Math.floor((callsPerDay * MINUTE_MS) / DAY_MS));
}

export function createStatusCallBudget(options: StatusCallBudgetOptions): StatusCallBudget {
  const { callsPerDay } = options;
  const burstCalls = options.burstCalls ?? defaultBurstCalls(callsPerDay);
  const now = options.now ?? Date.now;
  if (!Number.isSafeInteger(callsPerDay) || callsPerDay <= 0) {
    throw new RangeError(`Status call budget: callsPerDay must be a positive integer, got ${callsPerDay}`);
  }
  if (!Number.isSafeInteger(burstCalls) || burstCalls <= 0) {
    throw new RangeError(`Status call budget: burstCalls must be a positive integer, got ${burstCalls}`);
  }

  // Credit is counted in 1/DAY_MS of a call, so refilling at callsPerDay per day is exactly `callsPerDay` units
  // per millisecond: integer arithmetic, and "wait N ms" is never off by a rounding error.
  const CALL = DAY_MS;
  const capacity = burstCalls * CALL;
  let credit = capacity;
  let refilledAtMs = now();
  let day = utcDayOf(refilledAtMs);
  let callsUsedToday = 0;
  const refusals: Record<BudgetRefusalReason, number> = { PACING: 0, DAILY_LIMIT: 0, LINKEDIN_THROTTLED: 0 };
  let heldUntilMs = 0;

  const catchUp = (nowMs: number): void => {
    // A clock that steps back must not mint or destroy credit.
    const elapsedMs = Math.max(0, nowMs - refilledAtMs);
    credit = Math.min(capacity, credit + elapsedMs * callsPerDay);
    refilledAtMs = Math.max(refilledAtMs, nowMs);
    const today = utcDayOf(nowMs);
    if (today > day) {
      day = today;
      callsUsedToday = 0;
    }
  };

  const refusal = (nowMs: number, calls = 1): { reason: BudgetRefusalReason; retryAfterMs: number } | null => {
    const needed = calls * CALL;
    const pacingWaitMs = credit < needed ? Math.ceil((needed - credit) / callsPerDay) : 0;
    if (heldUntilMs > nowMs) return { reason: 'LINKEDIN_THROTTLED', retryAfterMs: Math.max(heldUntilMs - nowMs, pacingWaitMs) };
    if (callsUsedToday + calls > callsPerDay) {
      // Midnight gives back the day, not the pace: whichever comes later decides.
      return { reason: 'DAILY_LIMIT', retryAfterMs: Math.max(msUntilNextUtcDay(nowMs), pacingWaitMs) };
    }
    if (pacingWaitMs > 0) return { reason: 'PACING', retryAfterMs: pacingWaitMs };
    return null;
  };

  return {
    tryTake() {
      const nowMs = now();
      catchUp(nowMs);
      const refused = refusal(nowMs);
      if (refused !== null) {
        refusals[refused.reason] += 1;
        return { granted: false, ...refused };
      }
      credit -= CALL;
      callsUsedToday += 1;
      return { granted: true };
    },
    forecast(calls) {
      if (!Number.isSafeInteger(calls) || calls <= 0) {
        throw new RangeError(`Status call budget: forecast needs a positive number of calls, got ${calls}`);
      }
      const nowMs = now();
      catchUp(nowMs);
      const refused = refusal(nowMs, calls);
      return refused === null ? { granted: true } : { granted: false, ...refused };
    },
    holdFor(ms) {
      heldUntilMs = Math.max(heldUntilMs, now() + Math.max(0, ms));
    },
    counters() {
      catchUp(now());
      return {
        utcDay: new Date(day * DAY_MS).toISOString().slice(0, 10),
        callsPerDay,
        callsUsedToday,
        refusals: { ...refusals },
      };
    },
  };
}

/** Epoch milliseconds know no leap seconds, so every UTC day is exactly DAY_MS long. */
function utcDayOf(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS);
}

export function msUntilNextUtcDay(epochMs: number): number {
  return (utcDayOf(epochMs) + 1) * DAY_MS - epochMs;
}
