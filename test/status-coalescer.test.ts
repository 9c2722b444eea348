/**
 * Status lookups of concurrent workflows merged into few status calls: on a fake clock and timers against a
 * scripted status API, then against the LinkedIn sandbox over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkedInClient } from '../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from '../activities/linkedin/config';
import {
  InvalidTaskUrnError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from '../activities/linkedin/errors';
import { withCoalescedStatusLookups } from '../activities/linkedin/coalesced-client';
import { createCoalescingLookup, type CoalescingOptions, type SetTimer } from '../activities/linkedin/status-coalescer';
import { createStatusCallBudget } from '../activities/linkedin/status-quota';
import { TASK_MISSING_FROM_ANSWER_MESSAGE, type TaskStatusLookup } from '../activities/linkedin/task-status-response';
import type { TaskStatusReport } from '../workflows/domain';
import { SANDBOX_CREDENTIALS } from '../worker/config';
import { startLinkedInSandbox, type LinkedInFixture } from './helpers/linkedin';
import { posting, uniqueJobId } from './helpers/postings';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2026, 2, 10);

/** A clock and timers that move only when the test says so. */
class FakeClock {
  nowMs: number;
  private timers: { atMs: number; callback: () => void }[] = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  readonly now = (): number => this.nowMs;

  readonly setTimer: SetTimer = (callback, delayMs) => {
    const timer = { atMs: this.nowMs + delayMs, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing each timer at its own time, and lets the promises it settles run. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.nowMs + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((t) => t.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.callback();
      await settle();
    }
    this.nowMs = targetMs;
    await settle();
  }
}

/** Runs every promise callback that is ready (setImmediate comes after the microtask queue is drained). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function urn(name: string | number): string {
  return `urn:li:simpleJobPostingTask:task-${name}`;
}

function inProgress(taskUrn: string): TaskStatusReport {
  return { taskUrn, status: 'IN_PROGRESS' };
}

/** A status API that answers every URN IN_PROGRESS, except the ones told otherwise, and records its calls. */
class ScriptedStatusApi {
  readonly calls: string[][] = [];
  readonly unknown = new Set<string>();
  readonly failures: unknown[] = [];
  answer: (urns: string[]) => TaskStatusLookup | Promise<TaskStatusLookup> = (urns) => ({
    reports: urns.filter((u) => !this.unknown.has(u)).map(inProgress),
    lookupErrors: urns.filter((u) => this.unknown.has(u)).map((taskUrn) => ({ taskUrn, httpStatus: 404, message: 'Not Found' })),
  });

  readonly lookup = async (urns: string[]): Promise<TaskStatusLookup> => {
    this.calls.push(urns);
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    return this.answer(urns);
  };
}

function setUp(options: CoalescingOptions = {}, startMs = DAY_START + 9 * HOUR) {
  const clock = new FakeClock(startMs);
  const api = new ScriptedStatusApi();
  const lookup = createCoalescingLookup(api.lookup, { now: clock.now, setTimer: clock.setTimer, ...options });
  return { clock, api, lookup };
}

/** The settled state of a promise, readable synchronously after the clock has moved. */
function track<T>(promise: Promise<T>): { done: boolean; value?: T; error?: unknown } {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error: unknown) => Object.assign(state, { done: true, error }),
  );
  return state;
}

describe('coalescing status lookups', () => {
  it('merges the lookups of one window into one call and gives each caller its own answers, in its order', async () => {
    const { clock, api, lookup } = setUp();
    api.unknown.add(urn(4));

    const a = track(lookup([urn(1), urn(2)]));
    await clock.advance(50);
    const b = track(lookup([urn(3)]));
    await clock.advance(50);
    const c = track(lookup([urn(4), urn(2)]));
    await clock.advance(99);
    expect(api.calls).toEqual([]);

    await clock.advance(1);
    expect(api.calls).toEqual([[urn(1), urn(2), urn(3), urn(4)]]);
    expect(a.value).toEqual({ reports: [inProgress(urn(1)), inProgress(urn(2))], lookupErrors: [] });
    expect(b.value).toEqual({ reports: [inProgress(urn(3))], lookupErrors: [] });
    expect(c.value).toEqual({
      reports: [inProgress(urn(2))],
      lookupErrors: [{ taskUrn: urn(4), httpStatus: 404, message: 'Not Found' }],
    });
    expect(lookup.counters()).toMatchObject({ lookups: 3, statusCalls: 1, urnsSent: 4, waitingLookups: 0, queuedUrns: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('starts a new window for a lookup arriving after the previous batch went out', async () => {
    const { clock, api, lookup } = setUp();
    const a = track(lookup([urn(1)]));
    await clock.advance(200);
    const b = track(lookup([urn(1)]));
    await clock.advance(200);
    expect(api.calls).toEqual([[urn(1)], [urn(1)]]);
    expect(a.value?.reports).toEqual([inProgress(urn(1))]);
    expect(b.value?.reports).toEqual([inProgress(urn(1))]);
  });

  it('sends a batch as soon as it is full, without waiting for the window', async () => {
    const { clock, api, lookup } = setUp({ maxUrnsPerBatch: 3 });
    const lookups = [1, 2, 3, 4, 5, 6, 7].map((n) => track(lookup([urn(n)])));
    await clock.advance(0);
    expect(api.calls).toEqual([
      [urn(1), urn(2), urn(3)],
      [urn(4), urn(5), urn(6)],
    ]);
    expect(lookups.filter((l) => l.done)).toHaveLength(6);

    await clock.advance(200);
    expect(api.calls.at(-1)).toEqual([urn(7)]);
    expect(lookups.map((l) => l.value?.reports[0]?.taskUrn)).toEqual([1, 2, 3, 4, 5, 6, 7].map(urn));
    expect(clock.pendingTimers()).toBe(0);
  });

  it('answers a lookup spread over several batches once all of them are answered, in its own order', async () => {
    const { clock, api, lookup } = setUp({ maxUrnsPerBatch: 2 });
    const first = track(lookup([urn(9)]));
    const spread = track(lookup([urn(5), urn(9), urn(6), urn(7), urn(5)]));
    await clock.advance(0);
    expect(api.calls).toEqual([
      [urn(9), urn(5)],
      [urn(6), urn(7)],
    ]);
    expect(first.done).toBe(true);
    expect(spread.value?.reports.map((r) => r.taskUrn)).toEqual([urn(5), urn(9), urn(6), urn(7)]);
  });

  it('sends a URN asked for by several lookups once, and answers each of them', async () => {
    const { clock, api, lookup } = setUp();
    const lookups = [0, 1, 2].map(() => track(lookup([urn('shared')])));
    await clock.advance(200);
    expect(api.calls).toEqual([[urn('shared')]]);
    for (const l of lookups) expect(l.value).toEqual({ reports: [inProgress(urn('shared'))], lookupErrors: [] });
  });

  it('reports a URN the status API did not answer for as not found, like the client does', async () => {
    const { clock, api, lookup } = setUp();
    api.answer = (urns) => ({ reports: urns.slice(1).map(inProgress), lookupErrors: [] });
    const l = track(lookup([urn(1), urn(2)]));
    await clock.advance(200);
    expect(l.value).toEqual({
      reports: [inProgress(urn(2))],
      lookupErrors: [{ taskUrn: urn(1), httpStatus: 404, message: TASK_MISSING_FROM_ANSWER_MESSAGE }],
    });
  });

  it('fails every lookup of a batch with the batch error, and only those', async () => {
    const { clock, api, lookup } = setUp({ maxUrnsPerBatch: 2 });
    const throttled = new LinkedInThrottledError('Task status lookup: LinkedIn throttled the call (HTTP 429)', null);
    api.failures.push(throttled);
    const a = track(lookup([urn(1)]));
    const b = track(lookup([urn(2)]));
    const c = track(lookup([urn(3)]));
    await clock.advance(200);

    expect(api.calls).toEqual([[urn(1), urn(2)], [urn(3)]]);
    expect(a.error).toBe(throttled);
    expect(b.error).toBe(throttled);
    expect(c.value?.reports).toEqual([inProgress(urn(3))]);
  });

  it('fails a lookup on its first failed batch and sends none of its URNs still queued', async () => {
    const { clock, api, lookup } = setUp({ maxUrnsPerBatch: 2 });
    const outage = new LinkedInUnavailableError('Task status lookup: LinkedIn answered HTTP 503', { httpStatus: 503 });
    api.failures.push(outage);
    const l = track(lookup([urn(1), urn(2), urn(3)]));
    await clock.advance(0);
    expect(l.error).toBe(outage);
    await clock.advance(200);
    expect(api.calls).toEqual([[urn(1), urn(2)]]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects a lookup with a malformed URN at once, naming it, without touching the others', async () => {
    const { clock, api, lookup } = setUp();
    const good = track(lookup([urn(1)]));
    const bad = track(lookup([urn(2), 'urn:li:simpleJobPostingTask:not valid', 'List(1,2)']));
    await clock.advance(0);
    expect(bad.error).toBeInstanceOf(InvalidTaskUrnError);
    expect((bad.error as InvalidTaskUrnError).taskUrns).toEqual(['urn:li:simpleJobPostingTask:not valid', 'List(1,2)']);

    await clock.advance(200);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(good.value?.reports).toEqual([inProgress(urn(1))]);
  });

  it('when LinkedIn calls a shared batch invalid, asks again for each lookup alone so only the culprit fails', async () => {
    const { clock, api, lookup } = setUp();
    const refused = urn('linkedin-refuses-this');
    api.answer = (urns) => {
      if (urns.includes(refused)) throw new InvalidTaskUrnError('Task status lookup: LinkedIn answered "Batch key parameter value is invalid"', urns);
      return { reports: urns.map(inProgress), lookupErrors: [] };
    };
    const a = track(lookup([urn(1), urn(2)]));
    const culprit = track(lookup([urn(3), refused]));
    const c = track(lookup([urn(2), urn(4)]));
    await clock.advance(200);

    expect(api.calls[0]).toEqual([urn(1), urn(2), urn(3), refused, urn(4)]);
    expect(api.calls.slice(1)).toHaveLength(3);
    expect(api.calls.slice(1)).toEqual(expect.arrayContaining([[urn(1), urn(2)], [urn(3), refused], [urn(2), urn(4)]]));
    expect(a.value?.reports.map((r) => r.taskUrn)).toEqual([urn(1), urn(2)]);
    expect(c.value?.reports.map((r) => r.taskUrn)).toEqual([urn(2), urn(4)]);
    expect(culprit.error).toBeInstanceOf(InvalidTaskUrnError);
    expect((culprit.error as InvalidTaskUrnError).taskUrns).toEqual([urn(3), refused]);
    expect(lookup.counters().lookupsIsolated).toBe(3);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('answers an empty lookup at once without a call', async () => {
    const { api, lookup } = setUp();
    await expect(lookup([])).resolves.toEqual({ reports: [], lookupErrors: [] });
    expect(api.calls).toEqual([]);
  });

  it('on close, sends what is queued at once, waits for calls in flight, and refuses new lookups', async () => {
    const { clock, api, lookup } = setUp();
    let answerCall!: () => void;
    api.answer = (urns) => new Promise((resolve) => (answerCall = () => resolve({ reports: urns.map(inProgress), lookupErrors: [] })));
    const queued = track(lookup([urn(1)]));
    const closed = track(lookup.close());
    await clock.advance(0);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(closed.done).toBe(false);

    answerCall();
    await clock.advance(0);
    expect(queued.value?.reports).toEqual([inProgress(urn(1))]);
    expect(closed.done).toBe(true);
    await expect(lookup([urn(2)])).rejects.toBeInstanceOf(LinkedInUnavailableError);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects settings that would break it', () => {
    const api = new ScriptedStatusApi();
    expect(() => createCoalescingLookup(api.lookup, { maxUrnsPerBatch: 0 })).toThrow(RangeError);
    expect(() => createCoalescingLookup(api.lookup, { windowMs: -1 })).toThrow(RangeError);
    expect(() => createCoalescingLookup(api.lookup, { windowMs: 500, maxWaitMs: 100 })).toThrow(RangeError);
  });
});

describe('coalescing under the status-call budget', () => {
  function withBudget(callsPerDay: number, burstCalls: number, options: CoalescingOptions = {}, startMs = DAY_START + 9 * HOUR) {
    const clock = new FakeClock(startMs);
    const api = new ScriptedStatusApi();
    const budget = createStatusCallBudget({ callsPerDay, burstCalls, now: clock.now });
    const lookup = createCoalescingLookup(api.lookup, { now: clock.now, setTimer: clock.setTimer, budget, ...options });
    return { clock, api, budget, lookup };
  }

  it('holds a due batch until the budget grants a call, and the batch grows meanwhile', async () => {
    // One call per second.
    const { clock, api, budget, lookup } = withBudget(86_400, 1);
    const a = track(lookup([urn(1)]));
    await clock.advance(200);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(a.done).toBe(true);

    await clock.advance(100);
    const b = track(lookup([urn(2)]));
    await clock.advance(400); // b's window ended at 500; the next call is due at 1200
    const c = track(lookup([urn(3)]));
    await clock.advance(400);
    const d = track(lookup([urn(4), urn(2)]));
    expect(api.calls).toHaveLength(1);
    expect(lookup.counters()).toMatchObject({ batchesDelayedByBudget: 1, waitingLookups: 3, queuedUrns: 3 });

    await clock.advance(99);
    expect(api.calls).toHaveLength(1);
    await clock.advance(1);
    expect(api.calls).toEqual([[urn(1)], [urn(2), urn(3), urn(4)]]);
    for (const l of [b, c, d]) expect(l.done).toBe(true);
    expect(d.value?.reports.map((r) => r.taskUrn)).toEqual([urn(4), urn(2)]);
    expect(budget.counters().callsUsedToday).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("after LinkedIn's own 429 sends nothing until its Retry-After has passed, then carries on", async () => {
    const { clock, api, budget, lookup } = withBudget(86_400, 10);
    api.failures.push(new LinkedInThrottledError('Task status lookup: LinkedIn throttled the call (HTTP 429)', 5_000));
    const first = track(lookup([urn(1)]));
    await clock.advance(200);
    expect(first.error).toBeInstanceOf(LinkedInThrottledError);

    const second = track(lookup([urn(2)]));
    await clock.advance(4_000);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(budget.forecast(1)).toMatchObject({ granted: false, reason: 'LINKEDIN_THROTTLED' });
    await clock.advance(1_000);
    expect(api.calls).toEqual([[urn(1)], [urn(2)]]);
    expect(second.value?.reports).toEqual([inProgress(urn(2))]);
  });

  it('spends its burst at once, then sends full batches at the pace of the budget', async () => {
    const { clock, api, lookup } = withBudget(86_400, 2, { maxUrnsPerBatch: 10 });
    const lookups = Array.from({ length: 45 }, (_, n) => track(lookup([urn(n)])));
    await clock.advance(0);
    expect(api.calls.map((c) => c.length)).toEqual([10, 10]);
    await clock.advance(SECOND);
    expect(api.calls.map((c) => c.length)).toEqual([10, 10, 10]);
    await clock.advance(2 * SECOND);
    expect(api.calls.map((c) => c.length)).toEqual([10, 10, 10, 10, 5]);
    expect(lookups.every((l) => l.done && l.error === undefined)).toBe(true);
  });

  it('throttles a lookup at once, with the wait until the next call, when the budget cannot serve it within its bound', async () => {
    // One call per minute; lookups wait at most 30 s.
    const { clock, api, lookup } = withBudget(1_440, 1, { maxWaitMs: 30 * SECOND });
    track(lookup([urn(1)]));
    await clock.advance(1000);
    const b = track(lookup([urn(2)]));
    await clock.advance(0);

    expect(b.error).toBeInstanceOf(LinkedInThrottledError);
    // The first call went out when its window ended, at 200 ms; the next is due a minute later.
    expect((b.error as LinkedInThrottledError).retryAfterMs).toBe(200 + MINUTE - 1000);
    expect((b.error as Error).message).toMatch(/spent evenly over the day/);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(lookup.counters()).toMatchObject({ lookupsThrottled: 1, waitingLookups: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('serves the lookups the budget can reach within the bound and throttles those queued further back', async () => {
    // One call per 10 s, one URN per batch, lookups wait at most 15 s.
    const { clock, api, lookup } = withBudget(8_640, 1, { maxUrnsPerBatch: 1, maxWaitMs: 15 * SECOND });
    const a = track(lookup([urn(1)]));
    const b = track(lookup([urn(2)]));
    const c = track(lookup([urn(3)]));
    await clock.advance(0);
    expect(a.done).toBe(true);
    expect(b.done).toBe(false);
    expect((c.error as LinkedInThrottledError).retryAfterMs).toBe(20 * SECOND);

    await clock.advance(10 * SECOND);
    expect(b.value?.reports).toEqual([inProgress(urn(2))]);
    expect(api.calls).toEqual([[urn(1)], [urn(2)]]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("throttles until midnight UTC once the day's share is used up", async () => {
    const { clock, api, lookup } = withBudget(24, 24, { maxUrnsPerBatch: 1 }, DAY_START + 23 * HOUR);
    const served = Array.from({ length: 24 }, (_, n) => track(lookup([urn(n)])));
    const late = track(lookup([urn('late')]));
    await clock.advance(0);
    expect(served.every((l) => l.done && l.error === undefined)).toBe(true);
    expect(api.calls).toHaveLength(24);
    expect(late.error).toBeInstanceOf(LinkedInThrottledError);
    expect((late.error as LinkedInThrottledError).retryAfterMs).toBe(HOUR);
    expect((late.error as Error).message).toMatch(/share of today's status-call quota is used up/);
  });

  it('on close, throttles what the budget cannot send now', async () => {
    const { clock, api, lookup } = withBudget(86_400, 1);
    track(lookup([urn(1)]));
    await clock.advance(200);
    const waiting = track(lookup([urn(2)]));
    await lookup.close();
    await clock.advance(0);
    expect((waiting.error as LinkedInThrottledError).retryAfterMs).toBe(SECOND);
    expect(api.calls).toEqual([[urn(1)]]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('coalescing against the LinkedIn sandbox over HTTP', () => {
  const STATUS_ENDPOINT = 'GET /v2/simpleJobPostingTasks';
  let fixture: LinkedInFixture;
  let taskUrns: string[];

  beforeAll(async () => {
    fixture = await startLinkedInSandbox();
    const prefix = uniqueJobId('coalesce-http');
    const results = await fixture.linkedIn.submitPostings(Array.from({ length: 200 }, (_, i) => posting(`${prefix}-${i}`)));
    taskUrns = results.flatMap((result) => (result.accepted ? result.taskUrns : []));
    expect(taskUrns).toHaveLength(200);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  function statusCalls(): { calls: number; tunneled: number; urnsPerCall: Record<string, number> } {
    const counters = fixture.sandbox.counters();
    const calls = Object.values(counters.calls[STATUS_ENDPOINT] ?? {}).reduce((sum, n) => sum + n, 0);
    return { calls, tunneled: counters.tunneledStatusCalls, urnsPerCall: counters.urnsPerStatusCall };
  }

  async function lookUpEachAlone(lookup: (urns: string[]) => Promise<TaskStatusLookup>): Promise<void> {
    const answers = await Promise.all(taskUrns.map((taskUrn) => lookup([taskUrn])));
    answers.forEach((answer, i) => {
      expect(answer.lookupErrors).toEqual([]);
      expect(answer.reports).toEqual([{ taskUrn: taskUrns[i], status: 'IN_PROGRESS' }]);
    });
  }

  it('answers 200 concurrent single-task lookups with ceil(200 / 50) status calls', async () => {
    const before = statusCalls();
    const lookup = createCoalescingLookup((urns) => fixture.linkedIn.lookupTaskStatuses(urns), { maxUrnsPerBatch: 50 });
    await lookUpEachAlone(lookup);
    await lookup.close();

    const after = statusCalls();
    expect(after.calls - before.calls).toBeLessThanOrEqual(Math.ceil(200 / 50));
    expect(after.urnsPerCall).toEqual({ '50': 4 });
    // 50 URNs stay under LinkedIn's 4 KB query string: plain GETs.
    expect(after.tunneled - before.tunneled).toBe(0);
    expect(lookup.counters()).toMatchObject({ lookups: 200, statusCalls: 4, urnsSent: 200 });
  });

  function sandboxClient(maxUrnsPerStatusCall: number) {
    return createLinkedInClient({
      ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
      maxUrnsPerStatusCall,
      apiBaseUrl: fixture.sandbox.url,
      tokenUrl: `${fixture.sandbox.url}/oauth/v2/accessToken`,
      ...SANDBOX_CREDENTIALS,
    });
  }

  it('with batches of 100, sends 2 calls, tunneled because 100 URNs exceed 4 KB of query string', async () => {
    const client = sandboxClient(100);
    try {
      const before = statusCalls();
      const lookup = createCoalescingLookup((urns) => client.lookupTaskStatuses(urns), { maxUrnsPerBatch: 100 });
      await lookUpEachAlone(lookup);
      await lookup.close();

      const after = statusCalls();
      expect(after.calls - before.calls).toBe(2);
      expect(after.tunneled - before.tunneled).toBe(2);
      expect(after.urnsPerCall['100']).toBe(2);
    } finally {
      await client.close();
    }
  });

  it("gives a worker's client coalesced, budgeted status lookups and closes both", async () => {
    const before = statusCalls();
    const client = withCoalescedStatusLookups(sandboxClient(50), {
      statusCallsPerDay: 300_000,
      coalescingWindowMs: 200,
      maxUrnsPerStatusCall: 50,
      maxBudgetWaitMs: 30_000,
    });
    await lookUpEachAlone((urns) => client.lookupTaskStatuses(urns));
    const counters = client.statusLookupCounters();
    await client.close();

    expect(statusCalls().calls - before.calls).toBe(4);
    expect(counters.coalescer).toMatchObject({ lookups: 200, statusCalls: 4 });
    expect(counters.budget).toMatchObject({ callsPerDay: 300_000, callsUsedToday: 4 });
    await expect(client.lookupTaskStatuses([taskUrns[0]!])).rejects.toBeInstanceOf(LinkedInUnavailableError);
  });
});
