/** Builds the worker that runs tracked job operations. Used by `npm run worker`, the dev stack and the tests. */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Duration } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import type { LinkedInClient } from '../activities/linkedin/client';
import type { NotificationActivities } from '../activities/notifications';
import { activityInterceptors } from './activity-interceptors';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './workflow-bundle';

export { WORKFLOWS_PATH } from './workflow-bundle';

/** How long in-flight activities (a LinkedIn call, a webhook delivery) get to finish when the worker stops. */
export const DEFAULT_SHUTDOWN_GRACE_TIME: Duration = '30 seconds';

export interface TrackingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  linkedIn: Pick<LinkedInClient, 'lookupTaskStatuses' | 'submitPostings'>;
  notifications: NotificationActivities;
  /** For activities that signal or look up other workflows (budget alerts, the latest CREATE of a job). */
  client: Client;
  /**
   * A pre-built bundle (worker/workflow-bundle.ts) for production; otherwise the workflows are bundled at start.
   * Either way with the same workflow interceptors: the bundle must come from `buildWorkflowBundle`.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** WORKER_SHUTDOWN_GRACE; default 30 seconds. */
  shutdownGraceTime?: Duration;
  /** Extra options (tests use sinks, a shorter grace time...). */
  overrides?: Partial<WorkerOptions>;
}

export function createTrackingWorker(options: TrackingWorkerOptions): Promise<Worker> {
  const { linkedIn } = options;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // A pre-built bundle already contains the workflow interceptors; from source they are bundled in at start.
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle, interceptors: { activity: [activityInterceptors] } }
      : { workflowsPath: WORKFLOWS_PATH, interceptors: { activity: [activityInterceptors], workflowModules: WORKFLOW_INTERCEPTOR_MODULES } }),
    activities: createActivities({
      lookupTaskStatuses: (urns) => linkedIn.lookupTaskStatuses(urns),
      submitPostings: (elements) => linkedIn.submitPostings(elements),
      notifications: options.notifications,
      temporal: { client: options.client, taskQueue: options.taskQueue },
    }),
    // Let in-flight LinkedIn calls and webhook deliveries finish on shutdown rather than cutting them off.
    shutdownGraceTime: options.shutdownGraceTime ?? DEFAULT_SHUTDOWN_GRACE_TIME,
    ...options.overrides,
  });
}
