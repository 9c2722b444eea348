/**
 * How the sandbox decides a task's outcome at submission: a matching rule decides; otherwise the payload
 * decides as LinkedIn would (duplicate CREATE, UPDATE/RENEW of a job that is not live, short description).
 */
import type { JobOperation } from '../workflows/domain';
import { fillErrorRow, rowNamesJob } from './error-messages';
import { jobIdAt, type JobRecord } from './jobs';
import type { Completion, TaskOutcome } from './tasks';
import type { PostingRule } from './types';

export const MIN_DESCRIPTION_LENGTH = 100;

/** Error-table rows the payload itself can trigger. */
const ROW_DUPLICATE_CREATE = 1;
const ROW_SHORT_DESCRIPTION = 2;
const ROW_RENEW_MISSING_JOB = 3;
const ROW_UPDATE_MISSING_JOB = 4;
/** A FAILED rule without a message gets LinkedIn's catch-all ingestion error. */
const ROW_CATCH_ALL = 41;

export interface TaskInput {
  externalJobPostingId: string;
  operation: JobOperation;
  location: string | undefined;
  description: string | undefined;
  /** The job as it was before this element was submitted. */
  job: JobRecord | undefined;
}

export interface DecisionContext {
  partnerId: string;
  allocateJobId(): string;
}

/** What the decided outcome does to the job: it goes (or stays) live, it closes, or nothing changes. */
export type JobEffect = { kind: 'none' } | { kind: 'live'; jobId: string } | { kind: 'closed' };

export interface TaskDecision {
  outcome: TaskOutcome;
  completion: Completion;
  effect: JobEffect;
}

const timeBased: Completion = { kind: 'afterTime', processingMs: undefined };

export function decideByPayload(input: TaskInput, context: DecisionContext): TaskDecision {
  const { job, operation } = input;
  const liveJobId = job?.live ? jobIdAt(job, input.location) : undefined;

  if (operation === 'CREATE' && liveJobId !== undefined) {
    return failed(rowMessage(ROW_DUPLICATE_CREATE, input, context, liveJobId));
  }
  if (operation === 'UPDATE' && liveJobId === undefined) {
    return failed(rowMessage(ROW_UPDATE_MISSING_JOB, input, context, undefined));
  }
  if (operation === 'RENEW' && liveJobId === undefined) {
    return failed(rowMessage(ROW_RENEW_MISSING_JOB, input, context, undefined));
  }
  if ((operation === 'CREATE' || operation === 'UPDATE') && (input.description ?? '').length < MIN_DESCRIPTION_LENGTH) {
    return failed(rowMessage(ROW_SHORT_DESCRIPTION, input, context, liveJobId));
  }
  return succeeded('SUCCEEDED', input, context, undefined, timeBased);
}

export function decideByRule(rule: PostingRule, input: TaskInput, context: DecisionContext): TaskDecision {
  const completion: Completion =
    rule.status === 'IN_PROGRESS'
      ? { kind: 'never' }
      : rule.pollsUntilDone !== undefined
        ? { kind: 'afterLookups', lookups: rule.pollsUntilDone }
        : { kind: 'afterTime', processingMs: rule.processingMs };

  if (rule.status === 'IN_PROGRESS') {
    // The outcome is never revealed; FAILED without a message keeps it inert.
    return { outcome: { status: 'FAILED' }, completion, effect: { kind: 'none' } };
  }
  const knownJobId = input.job ? jobIdAt(input.job, input.location) : undefined;
  const message = (): string => rule.errorMessage ?? rowMessage(rule.errorRow ?? ROW_CATCH_ALL, input, context, knownJobId);

  if (rule.status === 'FAILED') return { ...failed(message()), completion };
  const processedMessage = rule.errorRow !== undefined || rule.errorMessage !== undefined ? message() : undefined;
  return succeeded(rule.status, input, context, rule.status === 'PROCESSED' ? processedMessage : undefined, completion);
}

/** The job id a successful task reports: a CREATE posts a new job, the other operations keep the job's id. */
function succeeded(
  status: 'SUCCEEDED' | 'PROCESSED',
  input: TaskInput,
  context: DecisionContext,
  errorMessage: string | undefined,
  completion: Completion,
): TaskDecision {
  const existing = input.job ? jobIdAt(input.job, input.location) : undefined;
  const jobId = input.operation === 'CREATE' || existing === undefined ? context.allocateJobId() : existing;
  const outcome: TaskOutcome = { status, jobPosting: `urn:li:jobPosting:${jobId}` };
  if (errorMessage !== undefined) outcome.errorMessage = errorMessage;
  const effect: JobEffect = input.operation === 'CLOSE' ? { kind: 'closed' } : { kind: 'live', jobId };
  return { outcome, completion, effect };
}

function failed(errorMessage: string): TaskDecision {
  return { outcome: { status: 'FAILED', errorMessage }, completion: timeBased, effect: { kind: 'none' } };
}

function rowMessage(row: number, input: TaskInput, context: DecisionContext, knownJobId: string | undefined): string {
  // Rows 1 and 31 name a LinkedIn job even when a rule forces them on a job the sandbox never saw.
  const jobId = knownJobId ?? (rowNamesJob(row) ? context.allocateJobId() : undefined);
  return fillErrorRow(row, { externalJobPostingId: input.externalJobPostingId, partnerId: context.partnerId, jobId });
}
