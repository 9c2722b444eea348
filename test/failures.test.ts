import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { jitteredRetryDelay, toActivityFailure } from '../activities/failures';
import { msUntilNextUtcDay as msUntilQuotaReset } from '../activities/linkedin/status-quota';
import { InvalidTaskUrnError, LinkedInAuthenticationError, LinkedInThrottledError, LinkedInUnavailableError } from '../activities/linkedin/errors';

const at = (iso: string) => Date.parse(iso);

describe('LinkedIn errors as Temporal failures', () => {
  it('counts the wait for the daily quota to the next midnight UTC', () => {
    expect(msUntilQuotaReset(at('2026-12-04T23:00:00Z'))).toBe(3_600_000);
    expect(msUntilQuotaReset(at('2026-12-31T12:30:00Z'))).toBe(11.5 * 3_600_000);
    expect(msUntilQuotaReset(at('2026-12-04T00:00:00Z'))).toBe(24 * 3_600_000);
  });

  it('throttling is benign and waits for Retry-After, else for the quota reset', () => {
    const withRetryAfter = toActivityFailure(new LinkedInThrottledError('429', 30_000)) as ApplicationFailure;
    expect(withRetryAfter).toMatchObject({ type: 'LinkedInThrottled', category: 'BENIGN', nextRetryDelay: 30_000, nonRetryable: false });
    const daily = toActivityFailure(new LinkedInThrottledError('429', null), at('2026-12-04T22:00:00Z')) as ApplicationFailure;
    expect(daily.nextRetryDelay).toBe(2 * 3_600_000);
  });

  it('invalid URNs and rejected credentials are not retried; outages are', () => {
    expect(toActivityFailure(new InvalidTaskUrnError('bad', ['urn:x']))).toMatchObject({ type: 'InvalidTaskUrn', nonRetryable: true, details: [['urn:x']] });
    expect(toActivityFailure(new LinkedInAuthenticationError('401 twice', 401))).toMatchObject({ type: 'LinkedInAuthentication', nonRetryable: true });
    expect(toActivityFailure(new LinkedInUnavailableError('503', { httpStatus: 503 }))).toMatchObject({ type: 'LinkedInUnavailable', nonRetryable: false });
    const other = new Error('a bug');
    expect(toActivityFailure(other)).toBe(other);
  });

  it('outages are retried on the policy\'s schedule, spread by ±50 % so workers do not return in step', () => {
    const schedule = { attempt: 4, initialIntervalMs: 60_000, backoffCoefficient: 2, maximumIntervalMs: 900_000 };
    expect(jitteredRetryDelay(schedule, () => 0)).toBe(240_000);
    expect(jitteredRetryDelay(schedule, () => 0.5)).toBe(480_000);
    expect(jitteredRetryDelay(schedule, () => 0.999)).toBe(719_520);
    expect(jitteredRetryDelay({ ...schedule, attempt: 10 }, () => 0.5)).toBe(900_000);
    const failure = toActivityFailure(new LinkedInUnavailableError('reset'), Date.now(), schedule) as ApplicationFailure;
    expect(Number(failure.nextRetryDelay)).toBeGreaterThanOrEqual(240_000);
    expect(Number(failure.nextRetryDelay)).toBeLessThanOrEqual(720_000);
  });
});
