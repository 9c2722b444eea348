/**
 * The service's own metrics, recorded through Temporal's metric meters so they are exported next to the SDK's
 * (same Prometheus endpoint, same namespace / task_queue tags). Each function takes the meter of where it runs:
 * the workflow's `metricMeter` (skipped during replay, so a completion counts once), an activity's
 * `Context.current().metricMeter`, or the Runtime's meter for code outside both.
 *
 * Also bundled into workflow code (by the workflow interceptors): type imports only, no I/O.
 */
import type { MetricMeter } from '@temporalio/common';
import type { OperationResult } from '../workflows/definitions';

/**
 * Names as exported: the exporter's `temporal_` prefix is for the SDK's own metrics only. Workflow metrics carry
 * the tags namespace, taskQueue, workflowType; activity metrics namespace, taskQueue, activityType.
 */
export const PRODUCT_METRICS = {
  statusCallUrns: 'linkedin_status_call_urns',
  statusCallsToday: 'linkedin_status_calls_today',
  operationsCompleted: 'linkedin_operations_completed',
  tasksCompleted: 'linkedin_tasks_completed',
  resubmissions: 'linkedin_resubmissions',
  alertsSent: 'linkedin_alerts_sent',
} as const;

/** The `category` label of outcomes without a classified LinkedIn error. */
export const NO_CATEGORY = 'none';

/** Upper bounds for the URNs-per-call histogram: a call carries 1 to LINKEDIN_MAX_URNS_PER_STATUS_CALL (50) URNs. */
export const STATUS_CALL_URN_BUCKETS = [1, 2, 5, 10, 20, 30, 40, 50, 100];

/** One GET /v2/simpleJobPostingTasks: its count is the status calls spent, its sum the URNs they carried. */
export function recordStatusCall(meter: MetricMeter, urnCount: number): void {
  meter
    .createHistogram(PRODUCT_METRICS.statusCallUrns, 'int', 'urns', 'Task URNs per LinkedIn status call (count: status calls made)')
    .record(urnCount);
}

/** This worker's status calls in the current UTC day, the unit of LinkedIn's daily quota (300,000 per application). */
export function recordStatusCallsToday(meter: MetricMeter, callsToday: number): void {
  meter
    .createGauge(PRODUCT_METRICS.statusCallsToday, 'int', 'calls', "This worker's LinkedIn status calls in the current UTC day")
    .set(callsToday);
}

/**
 * A finished job operation: one count for the operation, one per location's task, one per resubmission. `category`
 * is the error category that decided it (the first classified failure), or `none`.
 */
export function recordOperationResult(meter: MetricMeter, result: OperationResult): void {
  const operation = result.operation;
  meter
    .createCounter(PRODUCT_METRICS.operationsCompleted, 'operations', 'Job operations completed, by outcome and error category')
    .add(1, { operation, outcome: result.outcome, category: result.tasks.find((task) => task.failure)?.failure?.category ?? NO_CATEGORY });

  const tasks = meter.createCounter(PRODUCT_METRICS.tasksCompleted, 'tasks', 'LinkedIn tasks (one per location) completed, by outcome and error category');
  for (const task of result.tasks) {
    tasks.add(1, { operation, outcome: task.outcome ?? 'TIMED_OUT', category: task.failure?.category ?? NO_CATEGORY });
  }

  const resubmissions = meter.createCounter(
    PRODUCT_METRICS.resubmissions,
    'submissions',
    "Resubmissions of job operations, by reason (LinkedIn's catch-all error, or an operator's resume after a budget top-up)",
  );
  for (const attempt of result.attempts) {
    if (attempt.reason !== 'initial') resubmissions.add(1, { operation, reason: attempt.reason });
  }
}

/** An alert that reached the people on call (`delivered`: webhook) or, with no alert webhook configured, the log. */
export function recordAlertSent(meter: MetricMeter, category: string, delivered: string): void {
  meter.createCounter(PRODUCT_METRICS.alertsSent, 'alerts', 'Alerts sent to the people on call, by category').add(1, { category, delivered });
}
