/**
 * Workflow interceptors, bundled into the workflow code (worker/workflow-bundle.ts lists this module): they add the
 * job to every workflow log line and to the activities' headers, and record a finished operation's product
 * metrics. Workflow code itself stays free of observability concerns.
 *
 * Runs in the workflow sandbox: deterministic, no I/O. The metric meter skips recording during replay, so a
 * completion is counted once however often the workflow is replayed.
 */
import { metricMeter, workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';
import type { OperationResult } from '../workflows/definitions';
import { jobLogContextOf, withJobContextHeader, type JobLogContext } from './job-log-context';
import { recordOperationResult } from './product-metrics';

const TRACKED_OPERATION_WORKFLOW = 'trackJobOperation';

/** Called once per workflow execution: `job` belongs to that execution alone. */
export function interceptors(): WorkflowInterceptors {
  let job: JobLogContext | undefined;
  return {
    inbound: [
      {
        async execute(input, next) {
          if (workflowInfo().workflowType !== TRACKED_OPERATION_WORKFLOW) return next(input);
          job = jobLogContextOf(input.args[0]);
          const result = (await next(input)) as OperationResult;
          recordOperationResult(metricMeter, result);
          return result;
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(attributes, next) {
          return next(job ? { ...attributes, ...job } : attributes);
        },
        async scheduleActivity(input, next) {
          return next(job ? { ...input, headers: withJobContextHeader(input.headers, job) } : input);
        },
        async scheduleLocalActivity(input, next) {
          return next(job ? { ...input, headers: withJobContextHeader(input.headers, job) } : input);
        },
      },
    ],
  };
}
