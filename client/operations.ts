/**
 * Reading tracked operations: one operation's state (by workflow id, or the most recent for an external job id),
 * and lists selected by outcome, category, what they wait for... through the search attributes the workflow sets.
 */
import {
  WorkflowFailedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionInfo,
  type WorkflowExecutionStatusName,
} from '@temporalio/client';
import { statusQuery, type OperationResult, type OperationStatus } from '../workflows/definitions';
import type { ErrorCategory, JobOperation, OperationOutcome } from '../workflows/domain';
import type { JobOperationInput } from '../workflows/input';
import { ERROR_CATEGORY, EXTERNAL_JOB_ID, OPERATION, OUTCOME, WAITING_FOR } from '../workflows/search-attributes';
import { buildVisibilityQuery, type OperationFilter } from './visibility';

/** One tracked operation as the visibility store knows it. */
export interface OperationRow {
  workflowId: string;
  runId: string;
  operation: JobOperation | null;
  externalJobPostingId: string | null;
  /** Set when the operation completes. */
  outcome: OperationOutcome | null;
  /** Error categories of its failed tasks. */
  categories: ErrorCategory[];
  /** What it waits on an operator for (`BUDGET:<scope>:<key>`, `CREDENTIALS`), or null. */
  waitingFor: string | null;
  status: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime: Date | null;
}

/** Which operation to look up: a workflow id, or the most recently started one for an external job id. */
export type OperationLookup = { workflowId: string } | { externalJobPostingId: string; operation?: JobOperation };

/** One operation's state: the workflow's own report while it runs, its result once it has completed. */
export interface OperationState {
  workflowId: string;
  runId: string;
  status: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime: Date | null;
  /** The status query's answer (phase, what it waits for, each task), while running. */
  progress?: OperationStatus;
  /** Why `progress` is missing for a running operation (typically: no worker is polling its task queue). */
  progressUnavailable?: string;
  result?: OperationResult;
  /** Why a closed workflow has no result (it failed, was terminated...). */
  failure?: string;
}

export class OperationNotFoundError extends Error {
  /** `running`: the caller needs a running operation (to signal it), so a completed one counts as not found. */
  constructor(lookup: OperationLookup, { running = false } = {}) {
    super(
      'workflowId' in lookup
        ? running
          ? `no running workflow ${JSON.stringify(lookup.workflowId)} (it does not exist or has already completed)`
          : `no workflow ${JSON.stringify(lookup.workflowId)}`
        : `no tracked ${lookup.operation ? `${lookup.operation} ` : ''}operation for external job id ${JSON.stringify(lookup.externalJobPostingId)}`,
    );
    this.name = 'OperationNotFoundError';
  }
}

/** A query needs a worker to answer it; without one the call would wait for the whole RPC deadline. */
const QUERY_TIMEOUT_MS = 10_000;

type TrackJobOperation = (input: JobOperationInput) => Promise<OperationResult>;

export function operationRowOf(execution: WorkflowExecutionInfo): OperationRow {
  const attributes = execution.typedSearchAttributes;
  const waitingFor = attributes.get(WAITING_FOR);
  return {
    workflowId: execution.workflowId,
    runId: execution.runId,
    operation: (attributes.get(OPERATION) as JobOperation | undefined) ?? null,
    externalJobPostingId: attributes.get(EXTERNAL_JOB_ID) ?? null,
    outcome: (attributes.get(OUTCOME) as OperationOutcome | undefined) ?? null,
    categories: (attributes.get(ERROR_CATEGORY) ?? []) as ErrorCategory[],
    waitingFor: waitingFor ? waitingFor : null,
    status: execution.status.name,
    startTime: execution.startTime,
    closeTime: execution.closeTime ?? null,
  };
}

/**
 * The operations matching the filter, most recently started first. With `filter.limit`, the first that many the
 * visibility store returns (running operations, then the most recently closed). Visibility is eventually
 * consistent: an operation started or changed a moment ago may not be listed yet.
 *
 * @example
 * await listOperations(client, { category: 'DUPLICATE', since: new Date(Date.now() - 86_400_000) });
 * await listOperations(client, { query: READY_QUERIES['waiting-on-budget'].query() });
 */
export async function listOperations(client: Client, filter: OperationFilter = {}): Promise<OperationRow[]> {
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit > 0)) return [];
  const rows: OperationRow[] = [];
  const pageSize = Number.isFinite(limit) ? Math.min(limit, 1000) : 1000;
  for await (const execution of client.workflow.list({ query: buildVisibilityQuery(filter), pageSize })) {
    rows.push(operationRowOf(execution));
    if (rows.length >= limit) break;
  }
  // Visibility stores order running workflows first; people reading a list expect the newest first.
  return rows.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}

/**
 * One operation's state: while it runs, what the workflow reports through its status query; once closed, its
 * result (or why it has none). By external job id, the most recently started matching operation.
 * Throws OperationNotFoundError.
 */
export async function getOperationStatus(client: Client, lookup: OperationLookup): Promise<OperationState> {
  const workflowId = 'workflowId' in lookup ? lookup.workflowId : await latestWorkflowIdFor(client, lookup);
  const handle = client.workflow.getHandle<TrackJobOperation>(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new OperationNotFoundError(lookup);
    throw error;
  }
  const state: OperationState = {
    workflowId,
    runId: description.runId,
    status: description.status.name,
    startTime: description.startTime,
    closeTime: description.closeTime ?? null,
  };
  if (state.status === 'RUNNING') {
    try {
      state.progress = await client.connection.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () => handle.query(statusQuery));
    } catch (error) {
      state.progressUnavailable = `the workflow did not answer its status query (is a worker running?): ${(error as Error).message}`;
    }
    return state;
  }
  try {
    state.result = await client.workflow.getHandle<TrackJobOperation>(workflowId, description.runId).result();
  } catch (error) {
    state.failure = error instanceof WorkflowFailedError && error.cause ? `${error.message}: ${error.cause.message}` : (error as Error).message;
  }
  return state;
}

async function latestWorkflowIdFor(client: Client, lookup: { externalJobPostingId: string; operation?: JobOperation }): Promise<string> {
  const [latest] = await listOperations(client, {
    externalJobPostingId: lookup.externalJobPostingId,
    ...(lookup.operation ? { operation: lookup.operation } : {}),
  });
  if (!latest) throw new OperationNotFoundError(lookup);
  return latest.workflowId;
}
