/** The submission activity, for operations the posting service asks us to submit. */
import type { JobPostingElement } from '../workflows/domain';
import { toActivityFailure } from './failures';
import type { PostingSubmissionResult } from './linkedin/client';

export type PostingSubmitter = (elements: JobPostingElement[]) => Promise<PostingSubmissionResult[]>;

export function createSubmitPosting(submit: PostingSubmitter) {
  return async function submitPosting(posting: JobPostingElement): Promise<PostingSubmissionResult> {
    try {
      const [result] = await submit([posting]);
      if (!result) throw new Error('LinkedIn answered a one-element posting call with no result');
      return result;
    } catch (err) {
      throw toActivityFailure(err);
    }
  };
}
