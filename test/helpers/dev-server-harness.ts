/**
 * The production worker (createTrackingWorker) on the Temporal CLI's dev server, with the LinkedIn sandbox: what
 * `npm start` runs, for end-to-end tests. Notifications are recorded from the log.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { SandboxOptions } from '../../sandbox';
import { createTrackingWorker } from '../../worker/create-worker';
import { startLinkedInSandbox, type LinkedInFixture } from './linkedin';
import { recordingNotifications, type LoggedDelivery } from './notifications';
import { startDevServer } from './temporal';

export interface DevServerHarness {
  env: TestWorkflowEnvironment;
  linkedIn: LinkedInFixture;
  taskQueue: string;
  delivered: LoggedDelivery[];
  close(): Promise<void>;
}

export async function startDevServerHarness(taskQueue: string, sandbox: SandboxOptions = {}): Promise<DevServerHarness> {
  const env = await startDevServer();
  const linkedIn = await startLinkedInSandbox(sandbox);
  const { notifications, delivered } = recordingNotifications();
  const worker: Worker = await createTrackingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    linkedIn: linkedIn.linkedIn,
    notifications,
    client: env.client,
    shutdownGraceTime: '1 second',
  });
  const running = worker.run();
  return {
    env,
    linkedIn,
    taskQueue,
    delivered,
    async close() {
      worker.shutdown();
      await running;
      await linkedIn.close();
      await env.teardown();
    },
  };
}
