/**
 * Finds the running dev stack (`npm start`) the demo needs: the LinkedIn sandbox, Temporal, and a worker polling
 * the task queue. Each missing piece is reported by name before anything is started.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { connectClient } from '../../client/connect';
import type { Config } from '../../worker/config';
import { sandboxRules } from './sandbox-admin';

export class StackNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackNotReadyError';
  }
}

export interface RunningStack {
  client: Client;
  sandboxUrl: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** How long to wait for a worker to poll: a stack that is just starting announces itself before its worker polls. */
  workerWaitMs?: number;
}

export async function connectToStack(config: Config, options: ConnectOptions = {}): Promise<RunningStack> {
  if (config.linkedIn.target !== 'sandbox') {
    throw new StackNotReadyError('the demo runs against the LinkedIn sandbox, but LinkedIn credentials are configured (LINKEDIN_CLIENT_ID): unset them.');
  }
  const sandboxUrl = config.linkedIn.apiBaseUrl;
  await sandboxRules(sandboxUrl);
  const client = await connectClient(config);
  const close = () => client.connection.close();
  try {
    await awaitWorker(client, config.temporal.taskQueue, options.workerWaitMs ?? 0);
  } catch (err) {
    await close();
    throw err;
  }
  return { client, sandboxUrl, close };
}

/** Without a worker the demo's workflows would wait forever; say so now instead. */
async function awaitWorker(client: Client, taskQueue: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pollers.length > 0) return;
    if (Date.now() >= deadline) {
      throw new StackNotReadyError(
        `no worker polls the task queue "${taskQueue}" in namespace "${client.options.namespace}". ` +
          'Is `npm start` (or `npm run worker`) running with the same TEMPORAL_TASK_QUEUE?',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
