/** What a posting service calls to start tracking a job operation. */
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { TRACK_JOB_OPERATION_WORKFLOW, type OperationResult } from '../workflows/definitions';
import { findInputProblems, InvalidJobOperationError, type JobOperationInput, type TrackingPolicy } from '../workflows/input';
import { EXTERNAL_JOB_ID, OPERATION } from '../workflows/search-attributes';
import { workflowIdFor } from './workflow-id';

export interface TrackOptions {
  taskQueue: string;
  /** The deployment's timings; the input's own `policy` wins field by field. */
  policy?: Partial<TrackingPolicy>;
  /** For operations this service submits: a key of the caller's that names the operation (else a hash of the element). */
  idempotencyKey?: string;
}

export interface TrackedOperation {
  workflowId: string;
  /** False when the operation was already tracked: the existing workflow is returned, nothing new starts. */
  started: boolean;
  handle: WorkflowHandle<(input: JobOperationInput) => Promise<OperationResult>>;
}

/** Throws InvalidJobOperationError, naming every problem, before anything starts. */
export function assertValidJobOperation(input: JobOperationInput): void {
  const problems = findInputProblems(input);
  if (problems.length > 0) throw new InvalidJobOperationError(problems);
}

export async function startTracking(client: Client, input: JobOperationInput, options: TrackOptions): Promise<TrackedOperation> {
  assertValidJobOperation(input);
  const workflowInput: JobOperationInput = { ...input, policy: { ...options.policy, ...input.policy } };
  const workflowId = workflowIdFor(input, options.idempotencyKey);
  const taskCount = input.taskUrns?.length ?? 1 + (input.posting?.alternateLocations?.length ?? 0);
  const title = typeof input.posting?.title === 'string' ? input.posting.title : undefined;
  try {
    const handle = await client.workflow.start<(input: JobOperationInput) => Promise<OperationResult>>(TRACK_JOB_OPERATION_WORKFLOW, {
      taskQueue: options.taskQueue,
      workflowId,
      args: [workflowInput],
      // A second start of the same operation, running or finished, must never track (or submit) it again.
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: EXTERNAL_JOB_ID, value: input.externalJobPostingId },
        { key: OPERATION, value: input.operation },
      ],
      staticSummary: `${input.operation} ${input.externalJobPostingId}${title ? `: ${title}` : ''}`,
      staticDetails: [
        `**Operation:** ${input.operation}`,
        `**External job id:** ${input.externalJobPostingId}`,
        ...(title ? [`**Job title:** ${title}`] : []),
        `**Tasks:** ${taskCount}${input.taskUrns ? ' (submitted by the posting service)' : ' (submitted by this workflow)'}`,
      ].join('\n'),
    });
    return { workflowId, started: true, handle };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return { workflowId, started: false, handle: client.workflow.getHandle(workflowId) };
    }
    throw err;
  }
}
