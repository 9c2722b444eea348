/** The submission activity, for operations the posting service asks us to submit. */
import { ApplicationFailure } from '@temporalio/common';
import type { JobPostingElement } from '../workflows/domain';
import { toActivityFailure } from './failures';
import type { PostingSubmissionResult } from './linkedin/client';
import { LinkedInUnavailableError } from './linkedin/errors';

export type PostingSubmitter = (elements: JobPostingElement[]) => Promise<PostingSubmissionResult[]>;

/** Transport failures that happen before a request leaves this machine: resending cannot post anything twice. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A POST is safe to resend only when LinkedIn certainly did not act on it: it answered 5xx (or 429), or the
 * connection never opened. A lost or unreadable answer to a sent request may hide a posted job.
 */
export function submissionMayHaveLanded(err: LinkedInUnavailableError): boolean {
  if (err.httpStatus !== null) return err.httpStatus < 500;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return !(typeof code === 'string' && NOT_SENT_CODES.has(code));
}

export function createSubmitPosting(submit: PostingSubmitter) {
  return async function submitPosting(posting: JobPostingElement): Promise<PostingSubmissionResult> {
    try {
      const [result] = await submit([posting]);
      if (!result) throw new Error('LinkedIn answered a one-element posting call with no result');
      return result;
    } catch (err) {
      if (err instanceof LinkedInUnavailableError && submissionMayHaveLanded(err)) {
        throw ApplicationFailure.create({ type: 'SubmissionOutcomeUnknown', message: err.message, nonRetryable: true });
      }
      throw toActivityFailure(err);
    }
  };
}
