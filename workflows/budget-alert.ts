/**
 * One alert per spent budget within a window, however many operations hit it: operations report themselves with
 * a signal (signal-with-start, so the first one starts this workflow), the alert goes out after a short gathering
 * time with the count, and operations that arrive later in the window are summed up in one follow-up.
 */
import { defineSignal, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { TrackingActivities } from '../activities';
import type { Classification } from '../activities/classification/classify';
import type { AffectedOperation } from '../activities/notifications/messages';
import type { BudgetRef } from './budget';

export interface BudgetAlertInput {
  budget: BudgetRef;
  windowMs: number;
  /** When operations on this budget stop waiting for an operator (ISO 8601), for the alert's text. */
  waitsUntil: string;
}

export interface BudgetExhaustedReport {
  operation: AffectedOperation;
  failure: Classification;
}

export const budgetExhaustedSignal = defineSignal<[BudgetExhaustedReport]>('budgetExhausted');

/** Long enough for a batch of postings on one budget to report together; short enough to alert promptly. */
const GATHERING_MS = 60_000;

const { raiseAlert } = proxyActivities<TrackingActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '1 day',
  summary: 'alert: budget exhausted',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

export async function budgetAlert(input: BudgetAlertInput): Promise<{ alerted: number }> {
  const reports: BudgetExhaustedReport[] = [];
  setHandler(
    budgetExhaustedSignal,
    (report) => {
      if (!reports.some((r) => r.operation.workflowId === report.operation.workflowId)) reports.push(report);
    },
    { description: 'An operation found this budget spent.' },
  );
  const startedAt = Date.now();
  let alerted = 0;
  const alertNew = async (round: number) => {
    const fresh = reports.slice(alerted);
    if (fresh.length === 0) return;
    alerted = reports.length;
    await raiseAlert({
      idempotencyKey: `${workflowInfo().workflowId}/${workflowInfo().runId}/${round}`,
      occurredAt: new Date().toISOString(),
      situation: {
        category: 'BUDGET_EXHAUSTED',
        scope: input.budget.scope,
        operations: fresh.map((r) => r.operation),
        affectedCount: reports.length,
        ...(input.budget.scope === 'contract' ? { contract: input.budget.key } : {}),
        failure: fresh[0]?.failure ?? null,
        waitsUntil: input.waitsUntil,
      },
    });
  };
  await sleep(Math.min(GATHERING_MS, input.windowMs), { summary: 'gather operations on the same budget' });
  await alertNew(1);
  await sleep(Math.max(0, input.windowMs - (Date.now() - startedAt)), { summary: 'one alert per budget within the window' });
  await alertNew(2);
  return { alerted };
}
