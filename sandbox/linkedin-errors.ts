/**
 * LinkedIn's whole-call error answers, in the shapes its API gateway sends them. Clients parse these, so the
 * texts and shapes are kept in one place and documented in docs/sandbox.md.
 */
import { STATUS_CODES } from 'node:http';
import type { SubmissionStatus } from './types';

export interface ApiAnswer {
  status: number;
  /** JSON-serialised unless `contentType` says otherwise (then it must be a string). */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export function restError(status: number, message: string, extra: Record<string, unknown> = {}): ApiAnswer {
  return { status, body: { ...extra, message, status } };
}

export const invalidAccessToken = (): ApiAnswer => restError(401, 'Invalid access token', { serviceErrorCode: 65600 });
export const expiredAccessToken = (): ApiAnswer =>
  restError(401, 'The token used in the request has expired', { serviceErrorCode: 65601 });

export const missingRestliMethod = (): ApiAnswer =>
  restError(403, 'Not enough permissions to access: POST /simpleJobPostings', { serviceErrorCode: 100 });

export const invalidBatchKey = (): ApiAnswer => restError(400, 'Batch key parameter value is invalid');

export const uriTooLong = (): ApiAnswer => restError(414, 'Request-URI Too Long');

export function tooManyRequests(retryAfterSeconds: number | null): ApiAnswer {
  const answer = restError(429, 'Too Many Requests');
  if (retryAfterSeconds !== null) answer.headers = { 'retry-after': String(retryAfterSeconds) };
  return answer;
}

export const closeOfMissingJob = (): ApiAnswer => restError(409, 'Cannot close job which is already closed or does not exist');

const SUBMISSION_MESSAGES: Record<SubmissionStatus, string> = {
  400: 'Invalid companyApplyUrl or missing company: the job cannot be posted',
  402: 'Not enough budget to post the job',
  403: 'Contract is not authorized to post jobs',
  409: 'Cannot close job which is already closed or does not exist',
  500: 'Internal Server Error',
};

/** The answer a rule's `submissionStatus` forces on a whole POST /v2/simpleJobPostings call. */
export function submissionRejection(status: SubmissionStatus): ApiAnswer {
  return restError(status, SUBMISSION_MESSAGES[status]);
}

/**
 * An injected failure. 502/503/504 come from LinkedIn's edge as small HTML pages, not JSON, so clients that
 * assume JSON on every error are caught out here as they would be in production.
 */
export function injectedFailure(status: number, retryAfterSeconds: number | null): ApiAnswer {
  if (status === 429) return tooManyRequests(retryAfterSeconds);
  if (status === 401) return invalidAccessToken();
  const reason = STATUS_CODES[status] ?? 'Error';
  if (status >= 502 && status <= 504) {
    return { status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>${status} ${reason}</h1></body></html>` };
  }
  return restError(status, reason);
}
