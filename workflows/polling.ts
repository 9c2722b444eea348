/**
 * Polling one submission's tasks until none is IN_PROGRESS: one activity whose retries are the polls, so the
 * history stays the same size however long LinkedIn takes. An operator's "poll now" cancels the scheduled retry
 * and checks at once.
 */
import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { TaskPollResult, TrackingActivities } from '../activities';
import type { TrackingPolicy } from './input';

/** Error types of the polling activity that no retry can fix. */
export const NON_RETRYABLE_POLL_ERRORS = ['InvalidTaskUrn', 'LinkedInAuthentication'];

/** How long polling goes on when the deadline has already passed: time for one status check. */
const LAST_LOOK_MS = 60_000;

export type PollOutcome =
  | { kind: 'terminal'; result: TaskPollResult }
  /** The deadline passed; `result` is what the last attempt saw, if any. */
  | { kind: 'deadline'; result?: TaskPollResult }
  /** LinkedIn refuses the credentials: a person must fix them. */
  | { kind: 'credentials-rejected'; message: string }
  /** LinkedIn rejected the URNs themselves ("Batch key parameter value is invalid"). */
  | { kind: 'invalid-task-urns'; message: string };

export interface PollControl {
  /** Set by the pollNow signal; cleared here when honoured. */
  pollNowRequested: boolean;
}

export async function pollUntilTerminal(
  taskUrns: string[],
  deadlineAtMs: number,
  policy: TrackingPolicy,
  control: PollControl,
): Promise<PollOutcome> {
  for (;;) {
    control.pollNowRequested = false;
    // Tasks handed over after their deadline (or an operator's resume past it) still get one look.
    const remainingMs = Math.max(deadlineAtMs - Date.now(), LAST_LOOK_MS);
    const { checkTaskStatuses } = proxyActivities<TrackingActivities>({
      summary: 'check task status',
      startToCloseTimeout: '1 minute',
      scheduleToCloseTimeout: remainingMs,
      retry: {
        initialInterval: policy.pollInitialIntervalMs,
        backoffCoefficient: policy.pollBackoffCoefficient,
        maximumInterval: policy.pollMaximumIntervalMs,
        nonRetryableErrorTypes: NON_RETRYABLE_POLL_ERRORS,
      },
    });
    const scope = new CancellationScope();
    const polling = scope.run(() => checkTaskStatuses(taskUrns));
    const interrupted = condition(() => control.pollNowRequested).then(() => 'poll-now' as const);
    try {
      const winner = await Promise.race([polling, interrupted]);
      if (winner !== 'poll-now') return { kind: 'terminal', result: winner };
      scope.cancel();
      await polling.catch(() => undefined);
    } catch (err) {
      if (isCancellation(err)) continue;
      const outcome = err instanceof ActivityFailure ? pollFailureOutcome(err) : undefined;
      if (outcome) return outcome;
      throw err;
    }
  }
}

function pollFailureOutcome(failure: ActivityFailure): PollOutcome | undefined {
  const cause = failure.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'LinkedInAuthentication') {
    return { kind: 'credentials-rejected', message: cause.message };
  }
  if (cause instanceof ApplicationFailure && cause.type === 'InvalidTaskUrn') {
    return { kind: 'invalid-task-urns', message: cause.message };
  }
  // The deadline ends polling in one of two ways: the server declines the next retry (retry state TIMEOUT, the
  // cause is the last "still in progress" failure), or an attempt is cut off (a TimeoutFailure whose cause is the
  // last failure). Either way the last failure's details carry what LinkedIn last said.
  if (failure.retryState === RetryState.TIMEOUT || cause instanceof TimeoutFailure) {
    const last = cause instanceof TimeoutFailure ? cause.cause : cause;
    const result =
      last instanceof ApplicationFailure && last.type === 'TasksStillInProgress'
        ? (last.details?.[0] as TaskPollResult | undefined)
        : undefined;
    return { kind: 'deadline', ...(result ? { result } : {}) };
  }
  return undefined;
}
