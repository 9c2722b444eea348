/**
 * Translates the LinkedIn client's errors into Temporal failures: the retry policy reads their `type`, and
 * throttling is BENIGN so it never shows up as a failure in logs or metrics.
 */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  InvalidTaskUrnError,
  LinkedInAuthenticationError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from './linkedin/errors';
import { msUntilNextUtcDay } from './linkedin/status-quota';

export function toActivityFailure(err: unknown, nowMs: number = Date.now()): unknown {
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
    return ApplicationFailure.create({ type: 'LinkedInUnavailable', message: err.message });
  }
  return err;
}
