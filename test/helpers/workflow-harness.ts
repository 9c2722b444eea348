/**
 * The workflow under test on Temporal's time-skipping server, with its real activities talking to the LinkedIn
 * sandbox over HTTP, notifications recorded from the log, and every status poll recorded with the (skipped) time.
 */
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { startTracking } from '../../client';
import { statusQuery, type OperationResult, type OperationStatus } from '../../workflows/definitions';
import { DEFAULT_TRACKING_POLICY, type JobOperationInput, type TrackingPolicy } from '../../workflows/input';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { startLinkedInSandbox, type LinkedInFixture } from './linkedin';
import { recordingNotifications, type LoggedDelivery } from './notifications';
import { posting } from './postings';
import { startTimeSkippingServer } from './temporal';

export const MINUTE = 60_000;
/** Short next to every task timeout (workflow task 10 s, activities at least 30 s). */
const CLOCK_STEP_MS = 2_000;

/** Distinct timings: the workflow must use what it is given, not LinkedIn's defaults. */
export const TEST_POLICY: TrackingPolicy = {
  ...DEFAULT_TRACKING_POLICY,
  firstCheckDelayMs: 7 * MINUTE,
  deadlineMs: 6 * 60 * MINUTE,
  pollInitialIntervalMs: MINUTE,
  pollBackoffCoefficient: 2,
  pollMaximumIntervalMs: 5 * MINUTE,
};

export interface RecordedPoll {
  workflowId: string;
  attempt: number;
  taskUrns: string[];
  /** When the attempt ran, on the test server's (skipped) clock. */
  atMs: number;
}

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  linkedIn: LinkedInFixture;
  taskQueue: string;
  polls: RecordedPoll[];
  delivered: LoggedDelivery[];
  pollsOf(workflowId: string): RecordedPoll[];
  alertsAbout(workflowId: string): LoggedDelivery[];
  outcomesOf(workflowId: string): LoggedDelivery[];
  track(input: JobOperationInput, policy?: Partial<TrackingPolicy>): Promise<{ workflowId: string; result: OperationResult }>;
  /** Submits like a posting service would, returning the task URNs it would hand to the tracker. */
  submitAsPostingService(externalJobPostingId: string): Promise<string[]>;
  /**
   * Moves the test server's clock forward in small steps. One big jump could land while an activity or workflow
   * task is being worked on and time it out (the server skips explicitly requested time unconditionally).
   */
  advance(ms: number): Promise<void>;
  /** Advances the clock until the workflow reports the phase (signals need a workflow that waits for them). */
  untilPhase(workflowId: string, phase: OperationStatus['phase'], maxMs?: number): Promise<OperationStatus>;
  close(): Promise<void>;
}

export async function startWorkflowHarness(taskQueue: string): Promise<WorkflowHarness> {
  const env = await startTimeSkippingServer();
  // Tasks finish only through rules (pollsUntilDone); the real-time processing clock never decides here.
  const linkedIn = await startLinkedInSandbox({ processingMs: 24 * 60 * MINUTE });
  const { notifications, delivered } = recordingNotifications();
  const polls: RecordedPoll[] = [];
  const activities = createActivities({
    lookupTaskStatuses: async (urns) => {
      const info = Context.current().info;
      polls.push({ workflowId: info.workflowExecution?.workflowId ?? '', attempt: info.attempt, taskUrns: urns, atMs: await env.currentTimeMs() });
      return linkedIn.linkedIn.lookupTaskStatuses(urns);
    },
    submitPostings: (elements) => linkedIn.linkedIn.submitPostings(elements),
    notifications,
    temporal: { client: env.client, taskQueue },
  });
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: WORKFLOWS_PATH, activities });
  const running = worker.run();

  return {
    env,
    linkedIn,
    taskQueue,
    polls,
    delivered,
    pollsOf: (workflowId) => polls.filter((poll) => poll.workflowId === workflowId),
    alertsAbout: (workflowId) =>
      delivered.filter((entry) => entry.kind === 'alert' && (entry.workflowIds as string[] | undefined)?.includes(workflowId)),
    outcomesOf: (workflowId) => delivered.filter((entry) => entry.kind === 'outcome' && entry.workflowId === workflowId),
    async track(input, policy = {}) {
      const tracked = await startTracking(env.client, input, { taskQueue, policy: { ...TEST_POLICY, ...policy } });
      return { workflowId: tracked.workflowId, result: await tracked.handle.result() };
    },
    async submitAsPostingService(externalJobPostingId) {
      const [result] = await linkedIn.linkedIn.submitPostings([posting(externalJobPostingId)]);
      if (!result?.accepted) throw new Error(`sandbox refused the posting: ${JSON.stringify(result)}`);
      return result.taskUrns;
    },
    async advance(ms) {
      for (let left = ms; left > 0; left -= CLOCK_STEP_MS) await env.sleep(Math.min(CLOCK_STEP_MS, left));
    },
    async untilPhase(workflowId, phase, maxMs = 6 * 60 * MINUTE) {
      const handle = env.client.workflow.getHandle(workflowId);
      for (let waited = 0; waited <= maxMs; waited += CLOCK_STEP_MS) {
        const status = await handle.query(statusQuery);
        if (status.phase === phase) return status;
        await env.sleep(CLOCK_STEP_MS);
      }
      throw new Error(`${workflowId} did not reach ${phase} within ${maxMs / MINUTE} minutes of test-server time`);
    },
    async close() {
      worker.shutdown();
      await running;
      await linkedIn.close();
      await env.teardown();
    },
  };
}
