/** The messages a tracked operation answers. Clients import these to query and steer running workflows. */
import { defineQuery } from '@temporalio/workflow';
import type { JobOperation, OperationOutcome } from './domain';
import type { TaskResult } from './outcome';

export type TrackingPhase = 'SUBMITTING' | 'WAITING_FOR_FIRST_CHECK' | 'POLLING' | 'CLASSIFYING' | 'COMPLETED';

export interface SubmissionRejection {
  httpStatus: number;
  message: string;
}

export interface OperationResult {
  operation: JobOperation;
  externalJobPostingId: string;
  outcome: OperationOutcome;
  /** When LinkedIn accepted the posting call (ISO 8601); absent when it was rejected. */
  submittedAt?: string;
  completedAt: string;
  tasks: TaskResult[];
  rejection?: SubmissionRejection;
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
  /** Tracking gives up on unfinished tasks at this time (ISO 8601). */
  deadline?: string;
  tasks: TaskResult[];
  result?: OperationResult;
}

export const TRACK_JOB_OPERATION_WORKFLOW = 'trackJobOperation';

export const statusQuery = defineQuery<OperationStatus>('status');
