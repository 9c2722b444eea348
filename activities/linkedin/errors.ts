/**
 * Errors of the LinkedIn client. The activities translate them into Temporal failures, so each carries a stable
 * `name` and the facts the retry decision needs. Messages never contain the client secret or an access token.
 */
import type { PostingSubmissionResult } from './posting-submission';

export abstract class LinkedInError extends Error {
  abstract override readonly name: string;
  /**
   * Set when submitPostings fails after some of its calls to LinkedIn were already answered: the results of those
   * leading elements, in input order. LinkedIn has acted on them, so resubmitting them could post a job twice.
   */
  submittedBeforeFailure?: PostingSubmissionResult[];
}

/** 5xx, timeouts, connection resets, malformed or unexpected answers: worth retrying with backoff. */
export class LinkedInUnavailableError extends LinkedInError {
  override readonly name = 'LinkedInUnavailableError';
  /** The HTTP status LinkedIn answered with, or null when no usable answer arrived. */
  readonly httpStatus: number | null;

  constructor(message: string, options: { httpStatus?: number | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.httpStatus = options.httpStatus ?? null;
  }
}

/** HTTP 429: a quota is used up. Not a failure; wait and try again. */
export class LinkedInThrottledError extends LinkedInError {
  override readonly name = 'LinkedInThrottledError';
  /** From Retry-After when LinkedIn sent one (LinkedIn does not document it), else null. */
  readonly retryAfterMs: number | null;

  constructor(message: string, retryAfterMs: number | null) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** HTTP 400 "Batch key parameter value is invalid", or URNs caught malformed before asking LinkedIn. */
export class InvalidTaskUrnError extends LinkedInError {
  override readonly name = 'InvalidTaskUrnError';
  readonly taskUrns: string[];

  constructor(message: string, taskUrns: string[]) {
    super(message);
    this.taskUrns = taskUrns;
  }
}

/** The token endpoint refuses the credentials, or a 401 persists after one renewal: needs a human, never retried. */
export class LinkedInAuthenticationError extends LinkedInError {
  override readonly name = 'LinkedInAuthenticationError';
  readonly httpStatus: number;

  constructor(message: string, httpStatus: number) {
    super(message);
    this.httpStatus = httpStatus;
  }
}
