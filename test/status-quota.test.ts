/** The daily status-call budget, on an injected clock: even pacing, the per-UTC-day cap, the midnight reset. */
import { describe, expect, it } from 'vitest';
import { createStatusCallBudget, defaultBurstCalls, type StatusCallBudget } from '../activities/linkedin/status-quota';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-03-10T00:00:00Z */
const DAY_START = Date.UTC(2026, 2, 10);

function clockAt(startMs: number) {
  const clock = { nowMs: startMs, now: () => clock.nowMs, advance: (ms: number) => (clock.nowMs += ms) };
  return clock;
}

/**
 * Takes calls as fast as the budget allows, always waiting exactly the time it asks for, and stops with the clock
 * at `untilMs`. Returns when each call was granted.
 */
function spendGreedily(budget: StatusCallBudget, clock: ReturnType<typeof clockAt>, untilMs: number): number[] {
  const grantedAt: number[] = [];
  while (clock.nowMs < untilMs) {
    const decision = budget.tryTake();
    if (decision.granted) {
      grantedAt.push(clock.nowMs);
    } else {
      expect(decision.retryAfterMs).toBeGreaterThan(0);
      clock.nowMs = Math.min(untilMs, clock.nowMs + decision.retryAfterMs);
    }
  }
  return grantedAt;
}

describe('status call budget', () => {
  it('defaults to a burst of one minute of the daily quota, then one call per 1/callsPerDay of a day', () => {
    const clock = clockAt(DAY_START + 9 * HOUR);
    const budget = createStatusCallBudget({ callsPerDay: 300_000, now: clock.now });

    expect(defaultBurstCalls(300_000)).toBe(208);
    for (let i = 0; i < 208; i++) expect(budget.tryTake()).toEqual({ granted: true });
    // 86,400,000 ms / 300,000 calls = 288 ms per call.
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'PACING', retryAfterMs: 288 });
    clock.advance(287);
    expect(budget.tryTake()).toMatchObject({ granted: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(budget.tryTake()).toEqual({ granted: true });
  });

  it('gives a small quota a burst of at least one call', () => {
    expect(defaultBurstCalls(1000)).toBe(1);
    const clock = clockAt(DAY_START);
    const budget = createStatusCallBudget({ callsPerDay: 1000, now: clock.now });
    expect(budget.tryTake().granted).toBe(true);
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'PACING', retryAfterMs: 86_400 });
  });

  it('does not save up more than its burst while idle', () => {
    const clock = clockAt(DAY_START);
    const budget = createStatusCallBudget({ callsPerDay: 86_400, burstCalls: 5, now: clock.now });
    for (let i = 0; i < 5; i++) expect(budget.tryTake().granted).toBe(true);
    clock.advance(HOUR);
    for (let i = 0; i < 5; i++) expect(budget.tryTake().granted).toBe(true);
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'PACING', retryAfterMs: SECOND });
  });

  it('spends evenly: no hour gets more than its share plus the burst, and no UTC day more than callsPerDay', () => {
    const clock = clockAt(DAY_START + 17 * HOUR + 12 * MINUTE + 345);
    const callsPerDay = 2_400; // 100 an hour
    const budget = createStatusCallBudget({ callsPerDay, burstCalls: 10, now: clock.now });
    const grantedAt = spendGreedily(budget, clock, clock.nowMs + 3 * DAY);

    const perDay = countBy(grantedAt, (t) => Math.floor(t / DAY));
    for (const count of perDay.values()) expect(count).toBeLessThanOrEqual(callsPerDay);
    const perHour = countBy(grantedAt, (t) => Math.floor(t / HOUR));
    for (const count of perHour.values()) expect(count).toBeLessThanOrEqual(100 + 10);
    // Greedy spending over three days uses the whole quota: pacing holds calls back, it does not lose them.
    expect(grantedAt.length).toBeGreaterThanOrEqual(3 * callsPerDay - 1);
  });

  it('stops at callsPerDay within a UTC day and starts again at midnight UTC', () => {
    const clock = clockAt(DAY_START);
    // One call an hour, a burst of 2: by 22:00 the day's 24 calls are spent although the bucket refills at 23:00.
    const budget = createStatusCallBudget({ callsPerDay: 24, burstCalls: 2, now: clock.now });
    const grantedAt = spendGreedily(budget, clock, DAY_START + 23 * HOUR);
    expect(grantedAt).toHaveLength(24);
    expect(grantedAt.at(-1)).toBe(DAY_START + 22 * HOUR);
    expect(budget.counters()).toMatchObject({ utcDay: '2026-03-10', callsPerDay: 24, callsUsedToday: 24 });

    expect(clock.nowMs).toBe(DAY_START + 23 * HOUR);
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'DAILY_LIMIT', retryAfterMs: HOUR });
    clock.advance(HOUR - 1);
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'DAILY_LIMIT', retryAfterMs: 1 });
    clock.advance(1);
    expect(budget.tryTake()).toEqual({ granted: true });
    expect(budget.counters()).toMatchObject({ utcDay: '2026-03-11', callsUsedToday: 1, refusals: { DAILY_LIMIT: 3 } }); // 22:00, 23:00, 23:59:59.999
  });

  it('when the day is spent and the pace is too, waits for whichever comes later', () => {
    const clock = clockAt(DAY_START + 23 * HOUR + 30 * MINUTE);
    const budget = createStatusCallBudget({ callsPerDay: 24, burstCalls: 24, now: clock.now });
    for (let i = 0; i < 24; i++) expect(budget.tryTake().granted).toBe(true);
    // Midnight is 30 minutes away, the next call at this pace an hour.
    expect(budget.tryTake()).toEqual({ granted: false, reason: 'DAILY_LIMIT', retryAfterMs: HOUR });
  });

  it('forecasts how long until several calls can have gone out, without spending any', () => {
    const clock = clockAt(DAY_START);
    const budget = createStatusCallBudget({ callsPerDay: 86_400, burstCalls: 2, now: clock.now });
    expect(budget.forecast(2)).toEqual({ granted: true });
    expect(budget.forecast(5)).toEqual({ granted: false, reason: 'PACING', retryAfterMs: 3 * SECOND });
    expect(budget.counters().callsUsedToday).toBe(0);
    expect(budget.tryTake().granted).toBe(true);
    expect(budget.forecast(2)).toEqual({ granted: false, reason: 'PACING', retryAfterMs: SECOND });
  });

  it('counts refusals by reason', () => {
    const clock = clockAt(DAY_START);
    const budget = createStatusCallBudget({ callsPerDay: 2, burstCalls: 2, now: clock.now });
    budget.tryTake();
    budget.tryTake();
    budget.tryTake();
    expect(budget.counters()).toEqual({ utcDay: '2026-03-10', callsPerDay: 2, callsUsedToday: 2, refusals: { PACING: 0, DAILY_LIMIT: 1, LINKEDIN_THROTTLED: 0 } });
  });

  it('mints no calls when the clock steps back', () => {
    const clock = clockAt(DAY_START + 12 * HOUR);
    const budget = createStatusCallBudget({ callsPerDay: 86_400, burstCalls: 1, now: clock.now });
    expect(budget.tryTake().granted).toBe(true);
    clock.advance(-HOUR);
    expect(budget.tryTake().granted).toBe(false);
    clock.advance(HOUR + SECOND);
    expect(budget.tryTake().granted).toBe(true);
    expect(budget.counters().callsUsedToday).toBe(2);
  });

  it('rejects settings that would stop or break it', () => {
    expect(() => createStatusCallBudget({ callsPerDay: 0 })).toThrow(RangeError);
    expect(() => createStatusCallBudget({ callsPerDay: 1.5 })).toThrow(RangeError);
    expect(() => createStatusCallBudget({ callsPerDay: 100, burstCalls: 0 })).toThrow(RangeError);
    expect(() => createStatusCallBudget({ callsPerDay: 100 }).forecast(0)).toThrow(RangeError);
  });
});

function countBy<T>(items: readonly T[], key: (item: T) => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
