/**
 * Posting to LinkedIn and tracking what it accepted, for a posting service that wants one call: validate the
 * batch, submit it (or take the answer LinkedIn already gave the service), and start one workflow per accepted
 * element with its task URNs. The element goes into the workflow too, so it can resubmit after LinkedIn's
 * catch-all error or a budget top-up. Workflow ids are idempotent (the first task's id), so tracking the same
 * answer twice never tracks an operation twice.
 */
import type { Client } from '@temporalio/client';
import type { LinkedInClient, PostingSubmissionResult } from '../activities/linkedin/client';
import { LinkedInError } from '../activities/linkedin/errors';
import type { JobOperation, JobPostingElement } from '../workflows/domain';
import type { TrackingPolicy } from '../workflows/input';
import { readBatchCreateAnswer } from './batch-create-answer';
import { settleWithBoundedConcurrency } from './concurrency';
import { assertValidPostings, InvalidPostingsError, operationInputOf } from './posting-validation';
import { startTracking } from './tracking';

export interface SubmissionOptions {
  taskQueue: string;
  /** The deployment's timings; an element's operation is tracked with these. */
  policy?: Partial<TrackingPolicy>;
}

export interface TrackSubmittedOptions extends SubmissionOptions {
  /** When the posting service called LinkedIn; the first status check waits from here. Default: now. */
  submittedAt?: Date;
}

/** Which request element an outcome is about. */
export interface ElementRef {
  /** Position of the element in the request, from 0. */
  index: number;
  externalJobPostingId: string;
  operation: JobOperation;
}

/** LinkedIn accepted the element and a workflow tracks it (`started: false`: one already did). */
export interface TrackedPosting extends ElementRef {
  outcome: 'TRACKED';
  workflowId: string;
  started: boolean;
  taskUrns: string[];
}

/** LinkedIn refused the element (422) or the whole call (400/402/403/409): nothing to track. */
export interface RejectedPosting extends ElementRef {
  outcome: 'SUBMISSION_REJECTED';
  httpStatus: number;
  message: string;
}

export type PostingOutcome = TrackedPosting | RejectedPosting;

/** An element LinkedIn accepted whose workflow could not be started: what it takes to track it later. */
export interface UntrackedPosting extends ElementRef {
  taskUrns: string[];
  submittedAt: string;
  error: string;
}

/**
 * LinkedIn accepted elements that no workflow tracks yet (Temporal refused or could not be reached). They are
 * live on LinkedIn's side: start tracking them with `startTracking` and the task URNs in `untracked`, never by
 * submitting them again.
 */
export class UntrackedPostingsError extends Error {
  constructor(
    readonly untracked: UntrackedPosting[],
    /** The outcomes of the other elements, as submitPostings would have returned them. */
    readonly outcomes: PostingOutcome[],
    options?: { cause?: unknown },
  ) {
    super(
      `LinkedIn accepted ${untracked.length} element(s) that are not tracked: ${untracked
        .map((u) => `element ${u.index} (${u.externalJobPostingId}): ${u.error}`)
        .join('; ')}. Track them with their task URNs; do not submit them again.`,
      options,
    );
    this.name = 'UntrackedPostingsError';
  }
}

/** Workflow starts in flight at once: enough for a batch of 100 to start promptly without flooding the frontend. */
const START_CONCURRENCY = 10;

/**
 * Validates every element (InvalidPostingsError, naming each bad element by index, and nothing is sent), submits
 * them to LinkedIn and starts one workflow per accepted element. Returns one outcome per element, in order.
 *
 * If LinkedIn fails partway (its client sets `submittedBeforeFailure` on the LinkedInError), the elements it
 * answered are still tracked, then the LinkedInError is rethrown: resubmit only the elements from index
 * `submittedBeforeFailure.length` on. Throws UntrackedPostingsError when an accepted element's workflow cannot start.
 *
 * @example
 * const outcomes = await submitPostings(client, linkedInClientFor(loadConfig()), elements, { taskQueue: 'linkedin-job-tracker' });
 * for (const o of outcomes) if (o.outcome === 'SUBMISSION_REJECTED') console.warn(o.index, o.httpStatus, o.message);
 */
export async function submitPostings(
  client: Client,
  linkedIn: Pick<LinkedInClient, 'submitPostings'>,
  elements: readonly JobPostingElement[],
  options: SubmissionOptions,
): Promise<PostingOutcome[]> {
  const postings = assertValidPostings(elements, { uniqueExternalIds: true });
  if (postings.length === 0) return [];
  let answered: PostingSubmissionResult[];
  let interruption: LinkedInError | undefined;
  try {
    answered = await linkedIn.submitPostings(postings);
  } catch (error) {
    if (!(error instanceof LinkedInError) || !error.submittedBeforeFailure?.length) throw error;
    answered = error.submittedBeforeFailure;
    interruption = error;
  }
  // Taken once LinkedIn has answered, so the first status check never comes before LinkedIn's five minutes.
  const submittedAt = new Date();
  const outcomes = await trackAnswered(client, postings, answered, submittedAt, options, interruption);
  if (interruption) throw interruption;
  return outcomes;
}

/**
 * For a posting service that called LinkedIn itself: given its request elements and LinkedIn's raw batch_create
 * answer body (`{ elements: [...] }`, one entry per location of an accepted element), starts one workflow per
 * accepted element with its task URNs. Returns one outcome per element, like submitPostings. Throws
 * UnmatchedLinkedInAnswerError (nothing started) when the answer does not fit the request.
 *
 * @example
 * const answer = await response.json(); // POST /v2/simpleJobPostings, x-restli-method: batch_create
 * await trackSubmitted(client, request.elements, answer, { taskQueue: 'linkedin-job-tracker', submittedAt: sentAt });
 */
export async function trackSubmitted(
  client: Client,
  requestElements: readonly JobPostingElement[],
  linkedInResponse: unknown,
  options: TrackSubmittedOptions,
): Promise<PostingOutcome[]> {
  // Checked at run time too: the elements often come straight from a parsed request body.
  const notObjects = requestElements.flatMap((element: unknown, index) =>
    element !== null && typeof element === 'object' && !Array.isArray(element) ? [] : [{ index, problems: ['must be a JSON object (a simpleJobPostings element)'] }],
  );
  if (notObjects.length > 0) throw new InvalidPostingsError(notObjects);
  const answered = readBatchCreateAnswer(requestElements, linkedInResponse);
  return trackAnswered(client, requestElements, answered, options.submittedAt ?? new Date(), options);
}

/** Starts a workflow for every accepted element of `answered` (which may cover only the leading elements). */
async function trackAnswered(
  client: Client,
  postings: readonly JobPostingElement[],
  answered: readonly PostingSubmissionResult[],
  submittedAt: Date,
  options: SubmissionOptions,
  linkedInFailure?: LinkedInError,
): Promise<PostingOutcome[]> {
  const refOf = (index: number): ElementRef => ({
    index,
    externalJobPostingId: postings[index]!.externalJobPostingId,
    operation: postings[index]!.jobPostingOperationType,
  });
  const settled = await settleWithBoundedConcurrency(answered, START_CONCURRENCY, async (result, index): Promise<PostingOutcome> => {
    if (!result.accepted) return { ...refOf(index), outcome: 'SUBMISSION_REJECTED', httpStatus: result.httpStatus, message: result.message };
    const input = operationInputOf(postings[index]!, result.taskUrns, submittedAt);
    const { workflowId, started } = await startTracking(client, input, options);
    return { ...refOf(index), outcome: 'TRACKED', workflowId, started, taskUrns: result.taskUrns };
  });

  const outcomes: PostingOutcome[] = [];
  const untracked: UntrackedPosting[] = [];
  settled.forEach((settlement, index) => {
    if (settlement.status === 'fulfilled') {
      outcomes.push(settlement.value);
      return;
    }
    const result = answered[index] as Extract<PostingSubmissionResult, { accepted: true }>;
    const reason: unknown = settlement.reason;
    untracked.push({
      ...refOf(index),
      taskUrns: result.taskUrns,
      submittedAt: submittedAt.toISOString(),
      error: reason instanceof Error ? reason.message : String(reason),
    });
  });
  if (untracked.length > 0) throw new UntrackedPostingsError(untracked, outcomes, linkedInFailure ? { cause: linkedInFailure } : undefined);
  return outcomes;
}
