/** The messages a tracked operation answers. Clients import these to query and steer running workflows. */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BudgetScope, JobOperation, OperationOutcome } from './domain';
import type { TaskResult } from './outcome';

export type TrackingPhase =
  | 'SUBMITTING'
  | 'WAITING_FOR_FIRST_CHECK'
  | 'POLLING'
  | 'CLASSIFYING'
  | 'WAITING_TO_RESUBMIT'
  | 'WAITING_FOR_OPERATOR'
  | 'REPORTING'
  | 'COMPLETED';

export interface SubmissionRejection {
  httpStatus: number;
  message: string;
}

/** One submission of the operation to LinkedIn: the first, a resubmission, or a resume after a budget top-up. */
export interface SubmissionAttempt {
  number: number;
  reason: 'initial' | 'transient-error' | 'operator-resume';
  submittedAt: string;
  /** What LinkedIn reported for the tasks of this submission (only the locations it covered). */
  tasks: TaskResult[];
  rejection?: SubmissionRejection;
  /** The posting call got no usable answer after it was sent; it was not resent. */
  uncertainSubmission?: { message: string };
}

/** What happened to an operation that found its budget spent. */
export interface BudgetOutcome {
  scope: BudgetScope;
  /** The budget it waits on: the job id, contract URN or account (organization) URN. */
  key: string;
  /** `not-resubmittable`: tracked from task URNs without the element, so there was nothing to resubmit or wait for. */
  decision: 'resumed' | 'abandoned' | 'wait-expired' | 'not-resubmittable';
  decidedAt: string;
  reason?: string;
}

/** For a failed UPDATE: whether the job is live according to the most recent CREATE of the same job. */
export interface LatestCreate {
  workflowId: string | null;
  outcome: OperationOutcome | 'RUNNING' | null;
  /** True when that CREATE succeeded, false when it did not, null when no tracked CREATE is known. */
  live: boolean | null;
}

export interface OperationResult {
  operation: JobOperation;
  externalJobPostingId: string;
  outcome: OperationOutcome;
  /** When LinkedIn accepted the first posting call (ISO 8601); absent when it was rejected. */
  submittedAt?: string;
  completedAt: string;
  /** The final state of each location's task. */
  tasks: TaskResult[];
  /** Every submission, the resubmissions included. */
  attempts: SubmissionAttempt[];
  rejection?: SubmissionRejection;
  /** The first posting call got no usable answer after it was sent (outcome SUBMISSION_UNCERTAIN); it was not resent. */
  uncertainSubmission?: { message: string };
  /** For DUPLICATE: the job that is already on LinkedIn. */
  duplicate?: { linkedInJobId: string | null; duplicateJobUrl: string | null };
  budget?: BudgetOutcome;
  latestCreate?: LatestCreate;
}

export interface OperationStatus {
  operation: JobOperation;
  externalJobPostingId: string;
  phase: TrackingPhase;
  /** What the workflow is waiting for right now, in words; null once completed. */
  waitingFor: string | null;
  /** When the current phase began (ISO 8601). */
  since: string;
  submittedAt?: string;
  /** Tracking of the current submission gives up on unfinished tasks at this time (ISO 8601). */
  deadline?: string;
  tasks: TaskResult[];
  attempts: SubmissionAttempt[];
  result?: OperationResult;
}

export interface OperatorDecision {
  /** Who or why, kept in the result. */
  reason?: string;
}

export const TRACK_JOB_OPERATION_WORKFLOW = 'trackJobOperation';

export const statusQuery = defineQuery<OperationStatus>('status');
/** Resubmit an operation waiting on a spent budget, or retry one waiting on LinkedIn credentials. */
export const resumeSignal = defineSignal<[OperatorDecision?]>('resume');
/** Stop waiting and end with the outcome as it stands. */
export const abandonSignal = defineSignal<[OperatorDecision?]>('abandon');
/** Check task status now instead of at the next scheduled check. */
export const pollNowSignal = defineSignal('pollNow');
