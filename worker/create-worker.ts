/** Builds the worker that runs tracked job operations. Used by `npm run worker`, the dev stack and the tests. */
import path from 'node:path';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import type { LinkedInClient } from '../activities/linkedin/client';
import type { NotificationActivities } from '../activities/notifications';

export interface TrackingWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  linkedIn: Pick<LinkedInClient, 'lookupTaskStatuses' | 'submitPostings'>;
  notifications: NotificationActivities;
  /** For activities that signal or look up other workflows (budget alerts, the latest CREATE of a job). */
  client: Client;
  /** A pre-built bundle for production; otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra options (tests use `shutdownGraceTime`, sinks...). */
  overrides?: Partial<WorkerOptions>;
}

/** The workflows' entry module, bundled by the worker at start when no pre-built bundle is given. */
export const WORKFLOWS_PATH = path.join(__dirname, '..', 'workflows', 'index.ts');

export function createTrackingWorker(options: TrackingWorkerOptions): Promise<Worker> {
  const { linkedIn } = options;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({
      lookupTaskStatuses: (urns) => linkedIn.lookupTaskStatuses(urns),
      submitPostings: (elements) => linkedIn.submitPostings(elements),
      notifications: options.notifications,
      temporal: { client: options.client, taskQueue: options.taskQueue },
    }),
    // Let in-flight LinkedIn calls finish on shutdown rather than cutting them off.
    shutdownGraceTime: '30 seconds',
    ...options.overrides,
  });
}
