/**
 * The posting service's view of a finished operation, built from the workflow's result. Pure, so the activity
 * that calls it builds the same notification (and the same idempotency key) on every retry.
 */
import type { OperationResult } from '../../workflows/definitions';
import type { OperationOutcome } from '../../workflows/domain';
import type { TaskResult } from '../../workflows/outcome';
import type { OutcomeEvent, OutcomeNotification, OutcomeNotificationTask } from './types';

const JOB_POSTING_URN_PREFIX = 'urn:li:jobPosting:';

export interface OutcomeEnvelope {
  workflowId: string;
  /** ISO 8601, from the workflow. */
  occurredAt: string;
  /** Defaults to `<workflowId>:<event>`. */
  idempotencyKey?: string;
}

/** A success needs nothing; a duplicate is its own case (the job exists); everything else wants a look. */
export function outcomeEventOf(outcome: OperationOutcome): OutcomeEvent {
  if (outcome === 'SUCCEEDED' || outcome === 'PROCESSED') return 'operation.completed';
  if (outcome === 'DUPLICATE') return 'operation.duplicate';
  return 'operation.needs_attention';
}

export function outcomeIdempotencyKey(workflowId: string, event: string): string {
  return `${workflowId}:${event}`;
}

export function outcomeNotificationFor(result: OperationResult, envelope: OutcomeEnvelope): OutcomeNotification {
  const event = outcomeEventOf(result.outcome);
  // The primary location's failure speaks for the operation, as it does for the outcome.
  const failure = result.tasks.find((task) => task.failure !== undefined)?.failure ?? null;
  const fields = [...new Set(result.tasks.flatMap((task) => task.failure?.fields ?? []))];
  const duplicate = result.duplicate ?? null;
  return {
    idempotencyKey: envelope.idempotencyKey ?? outcomeIdempotencyKey(envelope.workflowId, event),
    event,
    workflowId: envelope.workflowId,
    operation: result.operation,
    externalJobPostingId: result.externalJobPostingId,
    outcome: result.outcome,
    category: failure?.category ?? null,
    fields,
    resolution: failure?.resolution ?? null,
    linkedInJobId: duplicate?.linkedInJobId ?? failure?.linkedInJobId ?? liveJobId(result.tasks),
    duplicateJobUrl: duplicate?.duplicateJobUrl ?? failure?.duplicateJobUrl ?? null,
    tasks: result.tasks.map(notificationTask),
    ...(result.rejection ? { rejection: { ...result.rejection } } : {}),
    ...(result.latestCreate ? { latestCreate: { ...result.latestCreate } } : {}),
    ...(result.budget ? { budget: { ...result.budget } } : {}),
    occurredAt: envelope.occurredAt,
  };
}

/** The id of the job LinkedIn published, from the first task that reports one. */
function liveJobId(tasks: readonly TaskResult[]): string | null {
  const urn = tasks.find((task) => task.jobPostingUrn?.startsWith(JOB_POSTING_URN_PREFIX))?.jobPostingUrn;
  return urn ? urn.slice(JOB_POSTING_URN_PREFIX.length) : null;
}

function notificationTask(task: TaskResult): OutcomeNotificationTask {
  return {
    taskUrn: task.taskUrn,
    ...(task.location !== undefined ? { location: task.location } : {}),
    ...(task.status !== undefined ? { status: task.status } : {}),
    ...(task.outcome !== undefined ? { outcome: task.outcome } : {}),
    ...(task.jobPostingUrn !== undefined ? { jobPostingUrn: task.jobPostingUrn } : {}),
    ...(task.errorMessage !== undefined ? { errorMessage: task.errorMessage } : {}),
    ...(task.failure !== undefined ? { category: task.failure.category } : {}),
  };
}
