/**
 * End to end on the Temporal CLI's dev server (the same server `npm start` runs) with the LinkedIn sandbox and the
 * production worker: operations started through the client reach their outcomes, found by search attributes.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracking, type TrackedOperation } from '../client';
import type { TrackingPolicy } from '../workflows/input';
import type { LinkedInFixture } from './helpers/linkedin';
import { posting, uniqueJobId } from './helpers/postings';
import { startDevServerHarness, type DevServerHarness } from './helpers/dev-server-harness';

const TASK_QUEUE = 'e2e';
/** Demo speed: LinkedIn's five minutes become two seconds (configuration, not code). */
const POLICY: Partial<TrackingPolicy> = {
  firstCheckDelayMs: 2_000,
  pollInitialIntervalMs: 1_000,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: 1_000,
  deadlineMs: 60_000,
};

let harness: DevServerHarness;
let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;

beforeAll(async () => {
  harness = await startDevServerHarness(TASK_QUEUE, { processingMs: 2_500 });
  ({ env, linkedIn } = harness);
});

afterAll(async () => {
  await harness?.close();
});

describe('job operations on the dev server', () => {
  it('reach their outcomes as LinkedIn decides them', async () => {
    const live = uniqueJobId('e2e-live');
    const neverCreated = uniqueJobId('e2e-never-created');
    const shortDescription = uniqueJobId('e2e-short');
    const track = (input: Parameters<typeof startTracking>[1]) => startTracking(env.client, input, { taskQueue: TASK_QUEUE, policy: POLICY });

    const create = await track({ operation: 'CREATE', externalJobPostingId: live, posting: posting(live) });
    const update = await track({
      operation: 'UPDATE',
      externalJobPostingId: neverCreated,
      posting: posting(neverCreated, { jobPostingOperationType: 'UPDATE' }),
    });
    const invalid = await track({
      operation: 'CREATE',
      externalJobPostingId: shortDescription,
      posting: posting(shortDescription, { description: 'Too short to post.' }),
    });

    const created = await create.handle.result();
    expect(created.outcome).toBe('SUCCEEDED');
    expect(created.tasks[0]!.jobPostingUrn).toMatch(/^urn:li:jobPosting:\d+$/);
    const neverCreatedResult = await update.handle.result();
    expect(neverCreatedResult.outcome).toBe('JOB_NOT_FOUND');
    expect(neverCreatedResult.latestCreate).toEqual({ workflowId: null, outcome: null, live: null });
    const invalidResult = await invalid.handle.result();
    expect(invalidResult.outcome).toBe('INVALID_PAYLOAD');
    expect(invalidResult.tasks[0]!.failure?.fields).toEqual(['description']);

    // A second CREATE of a live job: LinkedIn's duplicate row, carrying the live job's id.
    const again = await track({ operation: 'CREATE', externalJobPostingId: live, posting: posting(live, { title: 'Senior Workflow Engineer (repost)' }) });
    const duplicate = await again.handle.result();
    expect(duplicate.outcome).toBe('DUPLICATE');
    expect(created.tasks[0]!.jobPostingUrn).toBe(`urn:li:jobPosting:${duplicate.tasks[0]!.failure?.linkedInJobId}`);
  });

  it('a failed UPDATE reports whether the job is live according to its most recent CREATE', async () => {
    const id = uniqueJobId('e2e-update');
    linkedIn.sandbox.addRules([{ externalJobPostingId: id, operation: 'UPDATE', status: 'FAILED', errorRow: 22 }]);
    const track = (input: Parameters<typeof startTracking>[1]) => startTracking(env.client, input, { taskQueue: TASK_QUEUE, policy: POLICY });
    const create = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });
    expect((await create.handle.result()).outcome).toBe('SUCCEEDED');

    const update = await track({ operation: 'UPDATE', externalJobPostingId: id, posting: posting(id, { jobPostingOperationType: 'UPDATE', location: 'Atlantis' }) });
    const result = await update.handle.result();
    expect(result.outcome).toBe('INVALID_PAYLOAD');
    expect(result.latestCreate).toEqual({ workflowId: create.workflowId, outcome: 'SUCCEEDED', live: true });
  });

  it('tracks what the posting service submitted itself, once however often it asks', async () => {
    const id = uniqueJobId('e2e-submitted');
    const [submission] = await linkedIn.linkedIn.submitPostings([posting(id, { alternateLocations: ['Lyon, France'] })]);
    if (!submission?.accepted) throw new Error('sandbox refused the posting');
    const input = { operation: 'CREATE' as const, externalJobPostingId: id, taskUrns: submission.taskUrns, submittedAt: new Date().toISOString() };

    const first: TrackedOperation = await startTracking(env.client, input, { taskQueue: TASK_QUEUE, policy: POLICY });
    const retried = await startTracking(env.client, input, { taskQueue: TASK_QUEUE, policy: POLICY });
    expect(first.started).toBe(true);
    expect(retried).toMatchObject({ started: false, workflowId: first.workflowId });
    expect(first.workflowId).toBe(`linkedin-job/CREATE/${id}/${submission.taskUrns[0]!.split(':').at(-1)}`);

    const result = await first.handle.result();
    expect(result.outcome).toBe('SUCCEEDED');
    expect(result.tasks.map((task) => task.location)).toEqual(['Berlin, Germany', 'Lyon, France']);

    const afterCompletion = await startTracking(env.client, input, { taskQueue: TASK_QUEUE, policy: POLICY });
    expect(afterCompletion.started).toBe(false);
    expect(await afterCompletion.handle.result()).toEqual(result);
  });

  it('makes finished operations findable by their search attributes', async () => {
    const id = uniqueJobId('e2e-search');
    const tracked = await startTracking(env.client, { operation: 'CREATE', externalJobPostingId: id, posting: posting(id) }, { taskQueue: TASK_QUEUE, policy: POLICY });
    await tracked.handle.result();

    const query = `LinkedInExternalJobId = "${id}" AND LinkedInOperation = "CREATE" AND LinkedInOutcome = "SUCCEEDED"`;
    let found: string[] = [];
    // Visibility is eventually consistent.
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const execution of env.client.workflow.list({ query })) found.push(execution.workflowId);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toEqual([tracked.workflowId]);
  });
});
