/**
 * Status lookups of concurrent workflows, merged into few status calls. Every tracked operation polls on its own,
 * with one to eight URNs; sent as they come, N operations cost N calls of LinkedIn's daily quota. Lookups that
 * arrive within a short window share calls instead: URNs are de-duplicated and sent in batches of up to one
 * call's worth, and each lookup gets back exactly the answers for its own URNs.
 *
 * With a budget, a batch goes out only when the budget grants a call. Until then it keeps collecting URNs, so a
 * shortage makes batches fuller rather than calls more frequent. A lookup never waits past its bound: it is then
 * answered with LinkedInThrottledError, ending the activity attempt so that Temporal's retry brings it back later
 * instead of an activity slot being held while nothing happens.
 */
import { TASK_URN_PATTERN, type TaskLookupError, type TaskStatusReport } from '../../workflows/domain';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from './config';
import { InvalidTaskUrnError, LinkedInThrottledError, LinkedInUnavailableError } from './errors';
import { TASK_MISSING_FROM_ANSWER_MESSAGE, type TaskStatusLookup } from './task-status-response';
import { quoteUrns } from './task-status-lookup';
import { msUntilNextUtcDay, type BudgetDecision, type StatusCallBudget } from './status-quota';

export type StatusLookup = (taskUrns: string[]) => Promise<TaskStatusLookup>;

/** Runs `callback` after `delayMs`; returns a function that cancels it. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;

export interface CoalescingOptions {
  /** How long a batch collects URNs after its first one before it is sent. Default 200 ms. */
  windowMs?: number;
  /**
   * URNs per batch; a full batch is sent at once. Default 50. Keep it at most the client's maxUrnsPerStatusCall:
   * the budget counts a batch as one status call.
   */
  maxUrnsPerBatch?: number;
  /** Paces the batches; without one, a batch goes out as soon as it is full or its window ends. */
  budget?: StatusCallBudget;
  /**
   * Longest a lookup waits for the budget before it is answered with LinkedInThrottledError. Default 30 s; keep it
   * well under the poll activity's startToCloseTimeout (1 minute), which it shares with the call itself.
   */
  maxWaitMs?: number;
  /** Clock in epoch milliseconds. */
  now?: () => number;
  setTimer?: SetTimer;
}

/**
 * The module's own default, for callers that pass none. Workers take LINKEDIN_STATUS_COALESCING_WINDOW (1s):
 * polls due at the same moment reach a worker spread over about a second (measured with 100 workflows on the dev
 * server), and polls are a minute or more apart, so waiting a second to share a call costs nothing.
 */
export const DEFAULT_COALESCING_WINDOW_MS = 200;
export const DEFAULT_MAX_BUDGET_WAIT_MS = 30_000;

export interface CoalescerCounters {
  /** Lookups received (each poll of each workflow is one). */
  lookups: number;
  /** Status lookups sent on, i.e. batches: with a batch size within maxUrnsPerStatusCall, one status call each. */
  statusCalls: number;
  urnsSent: number;
  /** Batches that had to wait for the budget at least once. */
  batchesDelayedByBudget: number;
  /** Lookups answered with LinkedInThrottledError because the budget could not serve them within maxWaitMs. */
  lookupsThrottled: number;
  /** Lookups re-sent alone after LinkedIn called their shared batch invalid. */
  lookupsIsolated: number;
  /** Right now: lookups with URNs not yet sent, and those URNs. */
  waitingLookups: number;
  queuedUrns: number;
}

export interface CoalescingLookup extends StatusLookup {
  counters(): CoalescerCounters;
  /**
   * Stops taking lookups, sends what is queued as far as the budget allows now (the rest is throttled), and
   * resolves once every call in flight has been answered. Nothing stays scheduled afterwards.
   */
  close(): Promise<void>;
}

type Answer = { report: TaskStatusReport } | { lookupError: TaskLookupError };

/** One caller's lookup: its distinct URNs, in its order, and the answers collected for them so far. */
class PendingLookup {
  readonly answers = new Map<string, Answer>();
  /** The batches holding its URNs, queued or sent. */
  readonly batches = new Set<Batch>();
  settled = false;

  constructor(
    readonly taskUrns: readonly string[],
    readonly arrivedAtMs: number,
    readonly deadlineAtMs: number,
    private readonly resolve: (lookup: TaskStatusLookup) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  answer(taskUrn: string, answer: Answer): void {
    if (this.settled) return;
    this.answers.set(taskUrn, answer);
    if (this.answers.size < this.taskUrns.length) return;
    this.settled = true;
    const answers = this.taskUrns.map((urn) => this.answers.get(urn));
    this.resolve({
      reports: answers.flatMap((a) => (a !== undefined && 'report' in a ? [a.report] : [])),
      lookupErrors: answers.flatMap((a) => (a !== undefined && 'lookupError' in a ? [a.lookupError] : [])),
    });
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

interface Batch {
  /** URN -> the lookups waiting for it, in the order the URNs joined. */
  readonly waiters: Map<string, PendingLookup[]>;
  readonly dueAtMs: number;
  /** A batch re-sent for one lookup alone: it takes no one else's URNs. */
  readonly isolated: boolean;
  sent: boolean;
  delayedByBudget: boolean;
}

const GRANTED: BudgetDecision = { granted: true };

export function createCoalescingLookup(lookup: StatusLookup, options: CoalescingOptions = {}): CoalescingLookup {
  const coalescer = new StatusLookupCoalescer(lookup, options);
  return Object.assign((taskUrns: string[]) => coalescer.lookup(taskUrns), {
    counters: () => coalescer.counters(),
    close: () => coalescer.close(),
  });
}

class StatusLookupCoalescer {
  private readonly windowMs: number;
  private readonly maxUrnsPerBatch: number;
  private readonly maxWaitMs: number;
  private readonly budget: StatusCallBudget | undefined;
  private readonly now: () => number;
  private readonly setTimer: SetTimer;

  /** Batches not sent yet, oldest first; only the last one takes new URNs. */
  private readonly queue: Batch[] = [];
  /** Where each queued URN waits, so a URN asked for again joins its batch instead of being sent twice. */
  private readonly queuedBatchOf = new Map<string, Batch>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: { atMs: number; cancel: () => void } | null = null;
  private closing = false;
  private readonly totals = {
    lookups: 0,
    statusCalls: 0,
    urnsSent: 0,
    batchesDelayedByBudget: 0,
    lookupsThrottled: 0,
    lookupsIsolated: 0,
  };

  constructor(
    private readonly send: StatusLookup,
    options: CoalescingOptions,
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_COALESCING_WINDOW_MS;
    this.maxUrnsPerBatch = options.maxUrnsPerBatch ?? DEFAULT_LINKEDIN_CLIENT_CONFIG.maxUrnsPerStatusCall;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_BUDGET_WAIT_MS;
    this.budget = options.budget;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? defaultSetTimer;
    if (!Number.isFinite(this.windowMs) || this.windowMs < 0) {
      throw new RangeError(`Status lookup coalescing: windowMs must be >= 0, got ${this.windowMs}`);
    }
    if (!Number.isInteger(this.maxUrnsPerBatch) || this.maxUrnsPerBatch <= 0) {
      throw new RangeError(`Status lookup coalescing: maxUrnsPerBatch must be a positive integer, got ${this.maxUrnsPerBatch}`);
    }
    if (!Number.isFinite(this.maxWaitMs) || this.maxWaitMs < this.windowMs) {
      throw new RangeError(`Status lookup coalescing: maxWaitMs must be at least windowMs, got ${this.maxWaitMs}`);
    }
  }

  lookup(taskUrns: string[]): Promise<TaskStatusLookup> {
    if (this.closing) {
      return Promise.reject(new LinkedInUnavailableError('Task status lookup: this worker is shutting down; not sent to LinkedIn'));
    }
    this.totals.lookups += 1;
    const distinctUrns = [...new Set(taskUrns)];
    // Checked here, before batching: a malformed URN in a shared call would fail every lookup in it.
    const malformed = distinctUrns.filter((urn) => !TASK_URN_PATTERN.test(urn));
    if (malformed.length > 0) {
      return Promise.reject(
        new InvalidTaskUrnError(
          `Task status lookup: ${malformed.length} malformed task URN(s), not sent to LinkedIn: ${quoteUrns(malformed)}`,
          malformed,
        ),
      );
    }
    if (distinctUrns.length === 0) return Promise.resolve({ reports: [], lookupErrors: [] });

    return new Promise<TaskStatusLookup>((resolve, reject) => {
      const nowMs = this.now();
      const pending = new PendingLookup(distinctUrns, nowMs, nowMs + this.maxWaitMs, resolve, reject);
      for (const urn of distinctUrns) this.enqueue(pending, urn, nowMs);
      this.pump();
    });
  }

  counters(): CoalescerCounters {
    return { ...this.totals, waitingLookups: this.queuedLookups().size, queuedUrns: this.queuedBatchOf.size };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.pump();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.cancelTimer();
  }

  private enqueue(pending: PendingLookup, urn: string, nowMs: number): void {
    let batch = this.queuedBatchOf.get(urn);
    if (batch !== undefined) {
      batch.waiters.get(urn)?.push(pending);
    } else {
      batch = this.queue.at(-1);
      if (batch === undefined || batch.isolated || batch.waiters.size >= this.maxUrnsPerBatch) {
        batch = newBatch(nowMs + this.windowMs, false);
        this.queue.push(batch);
      }
      batch.waiters.set(urn, [pending]);
      this.queuedBatchOf.set(urn, batch);
    }
    pending.batches.add(batch);
  }

  /** Sends every batch that is due and granted a call, then drops lookups that cannot be served in time, re-arms the timer. */
  private pump(): void {
    const nowMs = this.now();
    for (let head = this.queue[0]; head !== undefined; head = this.queue[0]) {
      const due = this.closing || head.waiters.size >= this.maxUrnsPerBatch || head.dueAtMs <= nowMs;
      if (!due) break;
      const decision = this.budget?.tryTake() ?? GRANTED;
      if (!decision.granted) {
        if (!head.delayedByBudget) {
          head.delayedByBudget = true;
          this.totals.batchesDelayedByBudget += 1;
        }
        if (this.closing) {
          for (const pending of this.queuedLookups().keys()) this.throttle(pending, decision, nowMs);
        }
        break;
      }
      this.queue.shift();
      this.dispatch(head);
    }
    this.throttleLookupsOutOfTime(nowMs);
    this.rearm(nowMs);
  }

  /**
   * A lookup leaves with LinkedInThrottledError once its bound has passed, or as soon as the budget says its
   * URNs cannot go out before the bound: waiting longer would only hold an activity slot for nothing.
   */
  private throttleLookupsOutOfTime(nowMs: number): void {
    for (const [pending, lastBatchIndex] of this.queuedLookups()) {
      const forecast = this.budget?.forecast(lastBatchIndex + 1) ?? GRANTED;
      const readyAtMs = forecast.granted ? nowMs : nowMs + forecast.retryAfterMs;
      if (pending.deadlineAtMs <= nowMs || pending.deadlineAtMs < readyAtMs) this.throttle(pending, forecast, nowMs);
    }
  }

  private throttle(pending: PendingLookup, forecast: BudgetDecision, nowMs: number): void {
    // Out of time while the budget has calls (it waited behind an isolated retry): come back for the next window.
    const retryAfterMs = forecast.granted ? Math.max(1, this.windowMs) : forecast.retryAfterMs;
    const why =
      !forecast.granted && forecast.reason === 'DAILY_LIMIT'
        ? "this worker's share of today's status-call quota is used up"
        : 'the status-call budget is spent evenly over the day';
    this.totals.lookupsThrottled += 1;
    this.settleWithError(
      pending,
      new LinkedInThrottledError(
        `Task status lookup: not sent to LinkedIn after waiting ${nowMs - pending.arrivedAtMs} ms: ${why}; next call in ${retryAfterMs} ms`,
        retryAfterMs,
      ),
    );
  }

  private dispatch(batch: Batch): void {
    batch.sent = true;
    for (const urn of batch.waiters.keys()) {
      if (this.queuedBatchOf.get(urn) === batch) this.queuedBatchOf.delete(urn);
    }
    const urns = [...batch.waiters.keys()];
    this.totals.statusCalls += 1;
    this.totals.urnsSent += urns.length;
    const call = new Promise<TaskStatusLookup>((resolve) => resolve(this.send(urns))).then(
      (answer) => this.deliver(batch, answer),
      (error: unknown) => this.failBatch(batch, error),
    );
    const tracked = call.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private deliver(batch: Batch, lookup: TaskStatusLookup): void {
    const answers = new Map<string, Answer>();
    for (const report of lookup.reports) answers.set(report.taskUrn, { report });
    for (const lookupError of lookup.lookupErrors) {
      if (!answers.has(lookupError.taskUrn)) answers.set(lookupError.taskUrn, { lookupError });
    }
    for (const [taskUrn, waiters] of batch.waiters) {
      // The client answers for every URN; should a lookup not, the task is treated as the client treats it.
      const answer = answers.get(taskUrn) ?? {
        lookupError: { taskUrn, httpStatus: 404, message: TASK_MISSING_FROM_ANSWER_MESSAGE },
      };
      for (const pending of waiters) pending.answer(taskUrn, answer);
    }
  }

  private failBatch(batch: Batch, error: unknown): void {
    const lookups = [...new Set([...batch.waiters.values()].flat())].filter((pending) => !pending.settled);
    if (error instanceof InvalidTaskUrnError && lookups.length > 1) {
      // LinkedIn names no URN in its 400, only the request: ask for each lookup's URNs alone to find whose it is.
      const isolated = lookups.map((pending) => {
        const retry = newBatch(this.now(), true);
        for (const [urn, waiters] of batch.waiters) if (waiters.includes(pending)) retry.waiters.set(urn, [pending]);
        pending.batches.add(retry);
        return retry;
      });
      this.totals.lookupsIsolated += lookups.length;
      this.queue.unshift(...isolated);
      this.pump();
      return;
    }
    if (error instanceof LinkedInThrottledError && this.budget) {
      const nowMs = this.now();
      this.budget.holdFor(error.retryAfterMs ?? msUntilNextUtcDay(nowMs));
    }
    for (const pending of lookups) this.settleWithError(pending, error);
  }

  /** Fails the lookup and takes its URNs out of the batches still queued, unless another lookup wants them. */
  private settleWithError(pending: PendingLookup, error: unknown): void {
    pending.fail(error);
    for (const batch of pending.batches) {
      if (batch.sent) continue;
      for (const [urn, waiters] of batch.waiters) {
        const remaining = waiters.filter((waiter) => waiter !== pending);
        if (remaining.length > 0) {
          batch.waiters.set(urn, remaining);
        } else {
          batch.waiters.delete(urn);
          if (this.queuedBatchOf.get(urn) === batch) this.queuedBatchOf.delete(urn);
        }
      }
      if (batch.waiters.size === 0) this.queue.splice(this.queue.indexOf(batch), 1);
    }
  }

  /** Each lookup with URNs still queued, with the queue position of the last batch it waits for. */
  private queuedLookups(): Map<PendingLookup, number> {
    const positions = new Map<PendingLookup, number>();
    this.queue.forEach((batch, index) => {
      for (const waiters of batch.waiters.values()) for (const pending of waiters) positions.set(pending, index);
    });
    return positions;
  }

  /** One timer at most, for the next moment something can change: a window ends, a call comes due, a bound passes. */
  private rearm(nowMs: number): void {
    const head = this.queue[0];
    if (head === undefined) {
      this.cancelTimer();
      return;
    }
    let wakeAtMs = head.dueAtMs;
    if (head.dueAtMs <= nowMs || head.waiters.size >= this.maxUrnsPerBatch) {
      const forecast = this.budget?.forecast(1) ?? GRANTED;
      wakeAtMs = nowMs + (forecast.granted ? 0 : forecast.retryAfterMs);
    }
    for (const pending of this.queuedLookups().keys()) wakeAtMs = Math.min(wakeAtMs, pending.deadlineAtMs);
    wakeAtMs = Math.max(wakeAtMs, nowMs);
    if (this.timer?.atMs === wakeAtMs) return;
    this.cancelTimer();
    const cancel = this.setTimer(() => {
      this.timer = null;
      this.pump();
    }, wakeAtMs - nowMs);
    this.timer = { atMs: wakeAtMs, cancel };
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

function newBatch(dueAtMs: number, isolated: boolean): Batch {
  return { waiters: new Map(), dueAtMs, isolated, sent: false, delayedByBudget: false };
}

function defaultSetTimer(callback: () => void, delayMs: number): () => void {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
}

