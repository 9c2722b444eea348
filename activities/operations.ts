/**
 * Activities that use Temporal itself: reporting a spent budget to the one workflow that alerts for it, and
 * finding the most recent CREATE of a job (LinkedIn's advice for a failed UPDATE).
 */
import type { Client } from '@temporalio/client';
import type { BudgetAlertInput, BudgetExhaustedReport } from '../workflows/budget-alert';
import { budgetAlertWorkflowId, type BudgetRef } from '../workflows/budget';
import type { LatestCreate, OperationResult } from '../workflows/definitions';
import { EXTERNAL_JOB_ID, OPERATION } from '../workflows/search-attributes';
import { isSuccessful } from '../workflows/outcome';

export interface BudgetExhaustedRequest {
  budget: BudgetRef;
  windowMs: number;
  waitsUntil: string;
  report: BudgetExhaustedReport;
}

export function createOperationActivities(deps: { client: Client; taskQueue: string }) {
  const { client, taskQueue } = deps;
  return {
    /** Signal-with-start: the first operation on a spent budget starts its alert workflow, the next ones join it. */
    async reportBudgetExhausted(request: BudgetExhaustedRequest): Promise<void> {
      const input: BudgetAlertInput = { budget: request.budget, windowMs: request.windowMs, waitsUntil: request.waitsUntil };
      await client.workflow.signalWithStart('budgetAlert', {
        taskQueue,
        workflowId: budgetAlertWorkflowId(request.budget),
        args: [input],
        signal: 'budgetExhausted',
        signalArgs: [request.report],
        staticSummary: `Budget exhausted: ${request.budget.scope} ${request.budget.key}`,
      });
    },

    async findLatestCreate(externalJobPostingId: string): Promise<LatestCreate> {
      const query = `${EXTERNAL_JOB_ID.name} = ${JSON.stringify(externalJobPostingId)} AND ${OPERATION.name} = "CREATE"`;
      let latest: { workflowId: string; startTime: Date; status: string } | undefined;
      for await (const execution of client.workflow.list({ query })) {
        if (!latest || execution.startTime > latest.startTime) {
          latest = { workflowId: execution.workflowId, startTime: execution.startTime, status: execution.status.name };
        }
      }
      if (!latest) return { workflowId: null, outcome: null, live: null };
      if (latest.status === 'RUNNING') return { workflowId: latest.workflowId, outcome: 'RUNNING', live: null };
      if (latest.status !== 'COMPLETED') return { workflowId: latest.workflowId, outcome: null, live: null };
      const result: OperationResult = await client.workflow.getHandle(latest.workflowId).result();
      return {
        workflowId: latest.workflowId,
        outcome: result.outcome,
        live: result.tasks.some((task) => isSuccessful(task.outcome)),
      };
    },
  };
}
