/**
 * Reads LinkedIn's answer to a batch_create of job postings that the posting service sent itself: one result per
 * request element. Entries come in request order; an accepted element takes one entry per location (primary,
 * then each alternate), a refused one exactly one (docs/sandbox.md). The same rule as the activities' LinkedIn
 * client (activities/linkedin/posting-submission.ts), applied to a body this process did not receive.
 */
import { z } from 'zod';
import type { PostingSubmissionResult } from '../activities/linkedin/client';
import { batchAnswerSchema, matchEntriesToElements } from '../activities/linkedin/posting-submission';
import type { JobPostingElement } from '../workflows/domain';

/** The answer cannot be matched to the request: nothing is tracked, since a guess could track the wrong job. */
export class UnmatchedLinkedInAnswerError extends Error {
  constructor(detail: string) {
    super(`LinkedIn's batch_create answer does not match the request elements: ${detail}`);
    this.name = 'UnmatchedLinkedInAnswerError';
  }
}

export function readBatchCreateAnswer(elements: readonly JobPostingElement[], body: unknown): PostingSubmissionResult[] {
  const parsed = batchAnswerSchema.safeParse(body);
  if (!parsed.success) throw new UnmatchedLinkedInAnswerError(`expected { "elements": [...] }: ${z.prettifyError(parsed.error)}`);
  return matchEntriesToElements(elements, parsed.data.elements, (detail) => new UnmatchedLinkedInAnswerError(detail));
}
