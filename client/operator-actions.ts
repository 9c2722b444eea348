/**
 * An operator's say over running operations: resume or abandon those waiting on a spent budget or on LinkedIn
 * credentials, and make them check task status now. Each takes one workflow id, or a filter selecting every
 * matching running operation, so "resume everything waiting on contract 42" is one call.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { abandonSignal, pollNowSignal, resumeSignal, type OperatorDecision } from '../workflows/definitions';
import { settleWithBoundedConcurrency } from './concurrency';
import { listOperations, OperationNotFoundError } from './operations';
import type { OperationFilter } from './visibility';

/** A workflow id, or a filter over running operations. */
export type OperationTarget = string | OperationFilter;

/** Some selected operations could not be signalled; `signalled` lists the ones that were. */
export class OperationSignalError extends Error {
  constructor(
    readonly signalled: string[],
    readonly failures: { workflowId: string; error: string }[],
  ) {
    super(
      `signalled ${signalled.length} operation(s), failed for ${failures.length}: ${failures
        .map((f) => `${f.workflowId}: ${f.error}`)
        .join('; ')}`,
    );
    this.name = 'OperationSignalError';
  }
}

const SIGNAL_CONCURRENCY = 20;

/**
 * Resubmits operations waiting on a spent budget, or retries those waiting on LinkedIn credentials. A filter
 * selects running operations waiting for an operator. Returns the workflow ids signalled.
 *
 * @example
 * await resumeOperations(client, { waitingFor: 'BUDGET:contract:urn:li:contract:42' }, { reason: 'contract topped up' });
 */
export function resumeOperations(client: Client, target: OperationTarget, decision: OperatorDecision = {}): Promise<string[]> {
  return signalOperations(client, target, { awaitingOperator: true }, (workflowId) =>
    client.workflow.getHandle(workflowId).signal(resumeSignal, decision),
  );
}

/** Ends operations waiting for an operator with the outcome as it stands. Returns the workflow ids signalled. */
export function abandonOperations(client: Client, target: OperationTarget, decision: OperatorDecision = {}): Promise<string[]> {
  return signalOperations(client, target, { awaitingOperator: true }, (workflowId) =>
    client.workflow.getHandle(workflowId).signal(abandonSignal, decision),
  );
}

/**
 * Makes running operations check task status now, instead of at the next scheduled check (it also ends the
 * first five-minute wait). Returns the workflow ids signalled.
 */
export function pollNowOperations(client: Client, target: OperationTarget): Promise<string[]> {
  return signalOperations(client, target, {}, (workflowId) => client.workflow.getHandle(workflowId).signal(pollNowSignal));
}

/**
 * The running operations a target names. A filter on resume or abandon only selects operations waiting for an
 * operator: a signal to any other would be ignored by the workflow, and reporting it as done would mislead.
 */
export async function selectRunningOperations(client: Client, filter: OperationFilter, narrowing: OperationFilter = {}): Promise<string[]> {
  const rows = await listOperations(client, { ...filter, ...narrowing, running: true });
  return rows.map((row) => row.workflowId);
}

async function signalOperations(
  client: Client,
  target: OperationTarget,
  narrowing: OperationFilter,
  signal: (workflowId: string) => Promise<void>,
): Promise<string[]> {
  if (typeof target === 'string') {
    try {
      await signal(target);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new OperationNotFoundError({ workflowId: target }, { running: true });
      throw error;
    }
    return [target];
  }
  const workflowIds = await selectRunningOperations(client, target, narrowing);
  const settled = await settleWithBoundedConcurrency(workflowIds, SIGNAL_CONCURRENCY, signal);
  const signalled: string[] = [];
  const failures: { workflowId: string; error: string }[] = [];
  settled.forEach((settlement, index) => {
    const workflowId = workflowIds[index]!;
    if (settlement.status === 'fulfilled') signalled.push(workflowId);
    // Completed between the listing and the signal: nothing left to act on.
    else if (!(settlement.reason instanceof WorkflowNotFoundError)) failures.push({ workflowId, error: String((settlement.reason as Error).message) });
  });
  if (failures.length > 0) throw new OperationSignalError(signalled, failures);
  return signalled;
}
