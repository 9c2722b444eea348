/**
 * Translates the LinkedIn client's errors into Temporal failures: the retry policy reads their `type`, and
 * throttling is BENIGN so it never shows up as a failure in logs or metrics.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import ms, { type StringValue } from 'ms';
import {
  InvalidTaskUrnError,
  LinkedInAuthenticationError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from './linkedin/errors';
import { msUntilNextUtcDay } from './linkedin/status-quota';

/** Where an attempt stands in its activity's retry policy. */
export interface RetrySchedule {
  attempt: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/**
 * The retry policy's own delay for this attempt, spread by ±50 %: after an outage every worker's polls would
 * otherwise come back at the same instant and meet the same overloaded LinkedIn.
 */
export function jitteredRetryDelay(schedule: RetrySchedule, random: () => number = Math.random): number {
  const base = Math.min(schedule.initialIntervalMs * schedule.backoffCoefficient ** (schedule.attempt - 1), schedule.maximumIntervalMs);
  return Math.max(1, Math.round(base * (0.5 + random())));
}

/** The running activity's retry schedule, or undefined outside an activity or without a retry policy. */
export function currentRetrySchedule(): RetrySchedule | undefined {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return undefined;
  }
  const policy = info.retryPolicy;
  if (!policy?.initialInterval) return undefined;
  const toMs = (duration: string | number) => (typeof duration === 'number' ? duration : ms(duration as StringValue));
  const initialIntervalMs = toMs(policy.initialInterval);
  const backoffCoefficient = policy.backoffCoefficient ?? 2;
  return {
    attempt: info.attempt,
    initialIntervalMs,
    backoffCoefficient,
    maximumIntervalMs: policy.maximumInterval ? toMs(policy.maximumInterval) : 100 * initialIntervalMs,
  };
}

export function toActivityFailure(err: unknown, nowMs: number = Date.now(), retry: RetrySchedule | undefined = currentRetrySchedule()): unknown {
  if (err instanceof LinkedInThrottledError) {
    return ApplicationFailure.create({
      type: 'LinkedInThrottled',
      message: err.message,
      category: ApplicationFailureCategory.BENIGN,
      // LinkedIn's daily quotas reset at midnight UTC.
      nextRetryDelay: err.retryAfterMs ?? msUntilNextUtcDay(nowMs),
    });
  }
  if (err instanceof InvalidTaskUrnError) {
    return ApplicationFailure.create({
      type: 'InvalidTaskUrn',
      message: err.message,
      nonRetryable: true,
      details: [err.taskUrns],
    });
  }
  if (err instanceof LinkedInAuthenticationError) {
    return ApplicationFailure.create({ type: 'LinkedInAuthentication', message: err.message, nonRetryable: true });
  }
  if (err instanceof LinkedInUnavailableError) {
    return ApplicationFailure.create({
      type: 'LinkedInUnavailable',
      message: err.message,
      ...(retry ? { nextRetryDelay: jitteredRetryDelay(retry) } : {}),
    });
  }
  return err;
}
