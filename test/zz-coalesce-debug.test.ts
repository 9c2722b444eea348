/**
 * Many tracked operations polling at once, on Temporal, with the worker's status lookups coalesced: their polls
 * share status calls instead of costing one each. Tasks finish on their 2nd lookup (sandbox rule), so every
 * workflow polls exactly twice whatever the clock says.
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
import { startTimeSkippingServer } from './helpers/temporal';

const TASK_QUEUE = 'coalescing-workflows-test';
const MINUTE = 60_000;
const WORKFLOWS = Number(process.env.WF ?? 100);
const POLLS_PER_WORKFLOW = 2;
const URNS_PER_CALL = 50;
const STATUS_ENDPOINT = 'GET /v2/simpleJobPostingTasks';

/** The same for every workflow, and one submission time for all: their polls come due together. */
const POLICY: TrackingPolicy = {
  ...DEFAULT_TRACKING_POLICY,
  firstCheckDelayMs: 5 * MINUTE,
  deadlineMs: 60 * MINUTE,
  pollInitialIntervalMs: MINUTE,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: MINUTE,
};

let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;
let coalescedLookup: CoalescingLookup;
let worker: Worker;
let workerRun: Promise<void>;
let polls = 0;

beforeAll(async () => {
  env = await startTimeSkippingServer();
  // Tasks finish only through the pollsUntilDone rule; the real-time processing clock never decides here.
  linkedIn = await startLinkedInSandbox({ processingMs: 24 * 60 * MINUTE });
  coalescedLookup = createCoalescingLookup((urns) => linkedIn.linkedIn.lookupTaskStatuses(urns), {
    maxUrnsPerBatch: URNS_PER_CALL,
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
    const submittedAt = new Date(await env.currentTimeMs()).toISOString();
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
    const t0 = Date.now();
    const iv = setInterval(() => console.log('DBG', Date.now() - t0, polls, JSON.stringify(coalescedLookup.counters()), statusCallCount()), 2000);
    const results = await Promise.all(tracked.map((t) => t.handle.result()));
    clearInterval(iv);
    console.log('DBG done', Date.now() - t0, polls, JSON.stringify(coalescedLookup.counters()), JSON.stringify(linkedIn.sandbox.counters().urnsPerStatusCall));

    expect(results.map((r) => r.outcome)).toEqual(ids.map(() => 'SUCCEEDED'));
    expect(polls).toBe(WORKFLOWS * POLLS_PER_WORKFLOW);
    const statusCalls = statusCallCount() - callsBefore;
    const fewestPossible = Math.ceil(polls / URNS_PER_CALL);
    // Polls come due together but reach the worker over some milliseconds: a few partial batches are expected.
    expect(statusCalls).toBeLessThanOrEqual(fewestPossible + 4);
    expect(coalescedLookup.counters()).toMatchObject({ lookups: polls, statusCalls, urnsSent: polls });
  });
});
