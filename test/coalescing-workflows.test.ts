/**
 * Many tracked operations polling at once, on Temporal, with the worker's status lookups coalesced: their polls
 * share status calls instead of costing one each. Tasks finish on their 2nd lookup (sandbox rule), so every
 * workflow polls exactly twice whatever the clock says.
 *
 * On the dev server with short real timings: the time-skipping test server hands a hundred concurrent activities
 * out too slowly for their polls to meet in one window.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities';
import { createCoalescingLookup, type CoalescingLookup } from '../activities/linkedin/status-coalescer';
import { startTracking } from '../client';
import { DEFAULT_TRACKING_POLICY, type TrackingPolicy } from '../workflows/input';
import { WORKFLOWS_PATH } from '../worker/create-worker';
import { startLinkedInSandbox, type LinkedInFixture } from './helpers/linkedin';
import { recordingNotifications } from './helpers/notifications';
import { posting, uniqueJobId } from './helpers/postings';
import { startDevServer } from './helpers/temporal';

const TASK_QUEUE = 'coalescing-workflows-test';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const WORKFLOWS = 100;
const POLLS_PER_WORKFLOW = 2;
const URNS_PER_CALL = 50;
const STATUS_ENDPOINT = 'GET /v2/simpleJobPostingTasks';
const COALESCING_WINDOW_MS = SECOND;

/**
 * The same for every workflow, and one submission time for all: their polls come due together. The first check
 * waits long enough for every workflow to have started.
 */
const POLICY: TrackingPolicy = {
  ...DEFAULT_TRACKING_POLICY,
  firstCheckDelayMs: 4 * SECOND,
  deadlineMs: 10 * MINUTE,
  pollInitialIntervalMs: SECOND,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: SECOND,
};

let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;
let coalescedLookup: CoalescingLookup;
let worker: Worker;
let workerRun: Promise<void>;
let polls = 0;

beforeAll(async () => {
  env = await startDevServer();
  // Tasks finish only through the pollsUntilDone rule; the real-time processing clock never decides here.
  linkedIn = await startLinkedInSandbox({ processingMs: 24 * 60 * MINUTE });
  coalescedLookup = createCoalescingLookup((urns) => linkedIn.linkedIn.lookupTaskStatuses(urns), {
    maxUrnsPerBatch: URNS_PER_CALL,
    // A hundred polls due at the same instant reach the worker over about a second (the server fires the timers
    // and the worker runs the workflow tasks one after another): the window must span that spread.
    windowMs: COALESCING_WINDOW_MS,
  });
  const activities = createActivities({
    lookupTaskStatuses: (urns) => {
      polls += 1;
      return coalescedLookup(urns);
    },
    submitPostings: (elements) => linkedIn.linkedIn.submitPostings(elements),
    notifications: recordingNotifications().notifications,
    temporal: { client: env.client, taskQueue: TASK_QUEUE },
  });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath: WORKFLOWS_PATH,
    activities,
    // Every workflow's poll must be able to wait in the same window.
    maxConcurrentActivityTaskExecutions: 200,
  });
  workerRun = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await workerRun;
  await coalescedLookup?.close();
  await linkedIn?.close();
  await env?.teardown();
});

function statusCallCount(): number {
  return Object.values(linkedIn.sandbox.counters().calls[STATUS_ENDPOINT] ?? {}).reduce((sum, n) => sum + n, 0);
}

describe('coalesced polling across workflows', () => {
  it(`${WORKFLOWS} workflows polling together share status calls`, async () => {
    const prefix = uniqueJobId('coalesced');
    linkedIn.sandbox.addRules([{ externalJobPostingId: `${prefix}-*`, status: 'SUCCEEDED', pollsUntilDone: POLLS_PER_WORKFLOW }]);
    const ids = Array.from({ length: WORKFLOWS }, (_, i) => `${prefix}-${i}`);
    const submissions = await linkedIn.linkedIn.submitPostings(ids.map((id) => posting(id)));
    const submittedAt = new Date().toISOString();
    const callsBefore = statusCallCount();

    const tracked = await Promise.all(
      ids.map((externalJobPostingId, i) => {
        const submission = submissions[i];
        if (!submission?.accepted) throw new Error(`sandbox refused ${externalJobPostingId}: ${JSON.stringify(submission)}`);
        return startTracking(
          env.client,
          { operation: 'CREATE', externalJobPostingId, taskUrns: submission.taskUrns, submittedAt },
          { taskQueue: TASK_QUEUE, policy: POLICY },
        );
      }),
    );
    const results = await Promise.all(tracked.map((t) => t.handle.result()));

    expect(results.map((r) => r.outcome)).toEqual(ids.map(() => 'SUCCEEDED'));
    expect(polls).toBe(WORKFLOWS * POLLS_PER_WORKFLOW);
    const statusCalls = statusCallCount() - callsBefore;
    const fewestPossible = Math.ceil(polls / URNS_PER_CALL);
    // Uncoalesced this is one call per poll (200). A slow machine may spread a round past the window: a few
    // partial batches are tolerated.
    expect(statusCalls).toBeLessThanOrEqual(fewestPossible + 4);
    expect(coalescedLookup.counters()).toMatchObject({ lookups: polls, statusCalls, urnsSent: polls });
  });
});
